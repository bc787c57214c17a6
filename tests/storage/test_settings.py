"""The declared settings: defaults whatever is imported, kinds and ranges, one audited write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.personnel import PersonnelRules
from desktop_app.domain.rectification import WarningRules
from desktop_app.domain.training import TrainingRules
from desktop_app.storage.database import open_database
from desktop_app.storage.settings import (
    GROUPS,
    SETTINGS,
    Setting,
    SettingsRepo,
    convert,
    read_certificate_rules,
    read_setting,
    read_settings,
    read_training_rules,
    read_warning_rules,
    rule_values,
    write_settings,
)

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter opens the file with plain sqlite3 (as the GUI does at start) and reads
# settings of the registers it has not imported; it reports which repositories it loaded.
FRESH = """
import json, sys
from desktop_app.storage.database import open_migrated
from desktop_app.storage.settings import read_setting

conn = open_migrated(sys.argv[1])
keys = ["training.min_hours", "training.excellent_mark", "personnel.lead_days",
        "personnel.allowed_employment", "rectification.stall_days"]
values = {key: read_setting(conn, key) for key in keys}
loaded = [name for name in sys.modules if name.endswith(".repo")]
print(json.dumps({"values": values, "loaded": loaded}))
"""


def audit_rows(db) -> int:
    """Rows in the audit log."""
    return db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def stored(db) -> dict[str, str]:
    """The raw settings table."""
    return dict(db.execute("SELECT key, value FROM settings").fetchall())


def test_a_fresh_interpreter_reads_the_defaults_without_the_repositories(db, db_path) -> None:
    db.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", FRESH, str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["loaded"] == []  # no register's repository was imported
    assert report["values"] == {
        "training.min_hours": 40,
        "training.excellent_mark": 90,
        "personnel.lead_days": 60,
        "personnel.allowed_employment": ["在编"],
        "rectification.stall_days": 30,
    }


def test_every_setting_reads_its_default_on_a_new_file(db) -> None:
    values = read_settings(db, [s.key for s in SETTINGS])
    assert values == {s.key: s.default for s in SETTINGS}
    assert {s.group for s in SETTINGS} - {""} <= set(GROUPS)
    for item in SETTINGS:
        assert item.label and item.kind
        if item.kind in ("int", "float"):
            assert item.minimum <= item.default <= item.maximum, item.key


def test_the_rule_objects_default_to_the_domain_defaults(db) -> None:
    """Parity: the list's defaults are those of the domain's rule dataclasses."""
    assert read_warning_rules(db) == WarningRules()
    assert read_certificate_rules(db) == PersonnelRules()
    assert read_training_rules(db) == TrainingRules()
    for group, rules in (
        ("rectification", WarningRules()),
        ("personnel", PersonnelRules()),
        ("training", TrainingRules()),
    ):
        for key, value in rule_values(group, rules).items():
            assert read_setting(db, key) == value


def test_a_write_is_checked_stored_typed_and_audited_once(db) -> None:
    before = audit_rows(db)
    write_settings(db, {"training.min_hours": "６０", "personnel.lead_days": 30.0})
    assert read_setting(db, "training.min_hours") == 60.0  # typed text, full-width digits
    assert read_setting(db, "personnel.lead_days") == 30
    assert isinstance(read_setting(db, "personnel.lead_days"), int)
    assert audit_rows(db) == before + 1
    row = db.execute("SELECT record_type, action, before, after FROM audit_log ORDER BY id DESC")
    record_type, action, old, new = row.fetchone()
    assert (record_type, action) == ("settings", "update")
    assert json.loads(old) == {"training.min_hours": 40.0, "personnel.lead_days": 60}
    assert json.loads(new) == {"training.min_hours": 60.0, "personnel.lead_days": 30}
    assert SettingsRepo(db).get("training.min_hours") == 60


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"personnel.lead_days": 400}, "提前提醒天数", "应为 0 到 365 之间的整数"),
        ({"rectification.lead_days": 0}, "临期提醒提前天数", "应为 1 到 365 之间的整数"),
        ({"rectification.stall_days": "三十"}, "无进展视为滞后(天)", "“三十”不是整数"),
        ({"personnel.validity_years": True}, "证件有效期(年)", "应为整数"),
        ({"personnel.pass_mark": 120}, "合格分数线", "应为 0 到 100 之间的整数"),
        ({"training.min_hours": 9000}, "年度最低学时", "应为 0 到 8784 之间的数"),
        ({"training.min_hours": "1.25"}, "年度最低学时", "最多保留 1 位小数"),
        ({"training.min_hours": ""}, "年度最低学时", "必须填写"),
        ({"training.pass_mark": "六十"}, "及格分数线", "“六十”不是有效的数字"),
        ({"training.pass_mark": 95}, "优秀分数线", "应不低于及格分数线"),  # excellent is 90
        ({"personnel.allowed_employment": ["在编", "临时工"]}, "可申领证件的人员类别", "临时工"),
        ({"fonts.overrides": {"fangsong": "/没有/这个/字体.ttf"}}, "正文字体(仿宋)", "找不到文件"),
        ({"fonts.overrides": {"bold": __file__}}, "报告字体", "没有“bold”这一项"),
        ({"personnel.notice_texts": "文字"}, "换证通知的文字", "应为一组文字"),
    ],
)
def test_a_wrong_kind_or_range_is_refused_naming_the_setting(db, values, field, message) -> None:
    before, audit_before = stored(db), audit_rows(db)
    with pytest.raises(ValidationError) as refused:
        write_settings(db, {"rectification.report_due_months": 3, **values})
    assert refused.value.field == field
    assert message in refused.value.message
    assert (stored(db), audit_rows(db)) == (before, audit_before)  # nothing of the write kept


def test_an_undeclared_key_is_a_programming_error(db) -> None:
    with pytest.raises(KeyError, match="not declared"):
        read_setting(db, "training.max_hours")
    with pytest.raises(KeyError, match="not declared"):
        write_settings(db, {"training.max_hours": 3})


def test_a_stored_value_of_the_wrong_kind_or_range_reads_as_the_default(db) -> None:
    rows = {
        "rectification.lead_days": '"十四"',
        "rectification.stall_days": "-5",
        "training.min_hours": "not json",
        "personnel.allowed_employment": '["在编", "聘用"]',
    }
    db.conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", rows.items())
    db.conn.commit()
    assert read_warning_rules(db) == WarningRules()
    assert read_training_rules(db).min_hours == 40
    assert read_certificate_rules(db).allowed_employment == ("在编", "聘用")


def test_every_kind_converts_typed_values() -> None:
    def item(kind: str, **extra) -> Setting:
        return Setting("demo.value", "示例", kind, None, **extra)  # type: ignore[arg-type]

    assert convert(item("bool"), True) is True
    with pytest.raises(ValidationError, match="示例:应为“是”或“否”"):
        convert(item("bool"), "是")
    assert convert(item("text"), "  法规科 ") == "法规科"
    assert convert(item("date"), "2024年5月1日") == date(2024, 5, 1)
    assert convert(item("date"), "") is None
    with pytest.raises(ValidationError, match="不是存在的日期"):
        convert(item("date"), "2024-2-30")
    assert convert(item("float", decimals=2), 1.25) == 1.25
    assert convert(item("int", minimum=0), "+7") == 7
    with pytest.raises(ValidationError, match="应为不小于 0 的整数"):
        convert(item("int", minimum=0), -1)


def test_a_rule_object_is_saved_and_reopened(db, db_path) -> None:
    write_settings(db, rule_values("personnel", PersonnelRules(lead_days=15, pass_mark=70)))
    write_settings(db, {"rectification.stall_days": 45})
    db.close()
    again = open_database(db_path)
    try:
        assert read_certificate_rules(again) == PersonnelRules(lead_days=15, pass_mark=70)
        assert read_warning_rules(again) == WarningRules(lead_days=14, stall_days=45)
    finally:
        again.close()
