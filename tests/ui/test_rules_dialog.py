"""The one rules dialog, built from the declared settings, driven as a clerk would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget

from desktop_app.domain.personnel import PersonnelRules
from desktop_app.domain.training import TrainingRules
from desktop_app.storage.database import open_database
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.settings import (
    read_certificate_rules,
    read_setting,
    read_training_rules,
    read_warning_rules,
)
from desktop_app.ui.dialogs import rules as rules_dialog
from desktop_app.ui.personnel import dialogs as personnel_dialogs
from desktop_app.ui.training import dialogs as training_dialogs
from tests.personnel_factory import add_person, issue
from tests.ui.helpers import fill_form, on_next_modal, press_save


def reopened(db_path: Path, read):
    """``read`` on a fresh connection to the file (what was committed)."""
    db = open_database(db_path)
    try:
        return read(db)
    finally:
        db.close()


def test_training_rules_typed_and_saved_to_the_file(qtbot, db, db_path) -> None:
    seen: dict[str, object] = {}

    def action(dialog: QWidget) -> None:
        field = dialog.findChild(QLineEdit, "min_hours")
        seen["title"], seen["shown"] = dialog.windowTitle(), field.text()
        fill_form(dialog, {"min_hours": "25.5", "pass_mark": "50"})
        press_save(dialog)

    on_next_modal(action)
    assert training_dialogs.edit_rules(None, db)
    assert seen == {"title": "学时与考试设置", "shown": "40"}
    expected = TrainingRules(min_hours=25.5, pass_mark=50, excellent_mark=90)
    assert reopened(db_path, read_training_rules) == expected


def test_a_refused_value_keeps_the_dialog_open_and_stores_nothing(
    qtbot, db, db_path, messages
) -> None:
    def action(dialog: QWidget) -> None:
        fill_form(dialog, {"pass_mark": "95"})  # above the excellent mark (90)
        press_save(dialog)
        assert dialog.isVisible()
        fill_form(dialog, {"min_hours": "1.25"})
        press_save(dialog)
        assert dialog.isVisible()
        dialog.reject()

    on_next_modal(action)
    assert not training_dialogs.edit_rules(None, db)
    assert messages.texts("warning") == [
        "优秀分数线:应不低于及格分数线且不超过 100",
        "年度最低学时:最多保留 1 位小数",
    ]
    assert reopened(db_path, read_training_rules) == TrainingRules()
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 0


def test_personnel_rules_with_ranges_and_options_re_date_the_reviews(qtbot, db, db_path) -> None:
    repo = PersonnelRepo(db)
    cert = issue(repo, add_person(repo, "甲", date(2022, 10, 11)), "A1", date(2022, 1, 1))
    assert repo.get_certificate(cert).review_due == date(2023, 1, 1)  # every 12 months
    seen: dict[str, object] = {}

    def action(dialog: QWidget) -> None:
        lead = dialog.findChild(QSpinBox, "lead_days")
        seen["range"] = (lead.minimum(), lead.maximum())
        seen["help"] = lead.toolTip()
        lead.setValue(30)
        dialog.findChild(QSpinBox, "review_interval_months").setValue(24)
        dialog.findChild(QCheckBox, "allowed_employment:聘用").setChecked(True)
        press_save(dialog)

    on_next_modal(action)
    assert personnel_dialogs.edit_rules(None, repo)
    assert seen == {"range": (0, 365), "help": "证件到期和年审到期前多少天起提醒。"}
    expected = PersonnelRules(
        review_interval_months=24, lead_days=30, allowed_employment=("在编", "聘用")
    )
    assert reopened(db_path, read_certificate_rules) == expected
    assert reopened(db_path, lambda d: PersonnelRepo(d).get_certificate(cert).review_due) == date(
        2024, 1, 1
    )


def test_the_settings_menu_form_shows_the_rectification_rules_and_fonts(qtbot, db, db_path) -> None:
    seen: dict[str, object] = {}

    def action(dialog: QWidget) -> None:
        stall = dialog.findChild(QSpinBox, "stall_days")
        seen["stall"] = (stall.value(), stall.minimum(), stall.maximum())
        seen["fonts"] = dialog.findChild(QLineEdit, "overrides:kaiti") is not None
        stall.setValue(45)
        dialog.findChild(QSpinBox, "report_due_months").setValue(3)
        press_save(dialog)

    on_next_modal(action)
    assert rules_dialog.edit_settings(None, db, ("rectification", "fonts"), title="设置")
    assert seen == {"stall": (30, 1, 365), "fonts": True}
    assert reopened(db_path, read_warning_rules).stall_days == 45
    assert reopened(db_path, lambda d: read_setting(d, "rectification.report_due_months")) == 3


def test_two_settings_with_one_field_name_are_refused(qtbot, db) -> None:
    with pytest.raises(ValueError, match="share a field name"):
        rules_dialog.edit_settings(None, db, ("rectification", "personnel"))
