"""The main window as a clerk uses it: pages, backup, restore, audit log, single writer."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.storage import backup
from desktop_app.storage.lock import DatabaseInUseError
from desktop_app.ui import app as gui_app
from desktop_app.ui import tasks
from desktop_app.ui.dialogs import maintenance
from desktop_app.ui.main_window import page_index
from tests.ui.helpers import fill_and_save, on_next_modal


def _wait(qtbot):
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30000)


def _action(window, text):
    for menu in window.menuBar().findChildren(type(window.export_menu)):
        for action in menu.actions():
            if action.text().startswith(text):
                return action
    raise AssertionError(f"no menu action {text}")


def test_every_module_has_a_page(window):
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["首页", "整改台账", "执法人员", "学法培训", "双随机抽查", "操作日志"]
    assert window.stack.currentWidget() is window.home  # the window opens on the home page
    window.nav.setCurrentRow(page_index("training"))
    assert window.stack.currentWidget() is window.training
    exports = [a.text() for a in window.export_menu.actions()]
    assert "整改台账:导出台账" in exports and any("执法人员" in t for t in exports)


def test_backup_then_restore_from_the_menu(qtbot, window, ctx, messages, monkeypatch):
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="审计反馈", kind="审计"))
    repo.add_problem(Problem(description="合同管理不规范", inspection_id=insp))
    _action(window, "备份数据库").trigger()
    _wait(qtbot)
    [made] = [b for b in backup.list_backups(ctx.backup_dir) if b.kind == "manual"]
    assert any(str(made.path) in t for t in messages.texts("information"))

    repo.add_problem(Problem(description="备份之后新增的问题", inspection_id=insp))
    monkeypatch.setattr(maintenance, "choose_backup", lambda _p, _c: made.path)
    _action(window, "从备份恢复").trigger()
    _wait(qtbot)
    descriptions = [r[0] for r in ctx.db.execute("SELECT description FROM problems")]
    assert descriptions == ["合同管理不规范"]
    assert any(b.kind == "pre-restore" for b in backup.list_backups(ctx.backup_dir))
    assert window.rectification.problems.rowCount() == 1  # the pages were re-read

    window.nav.setCurrentRow(3)
    audit = window.audit
    audit.action.setCurrentIndex(audit.action.findData("restore"))
    assert audit.model.rowCount() == 1
    assert made.path.name in audit.model.row(0)["summary"]
    audit.action.setCurrentIndex(audit.action.findData("create"))
    assert audit.model.rowCount() == 2  # the inspection and the first problem


def test_settings_change_the_warning_colours(qtbot, window, ctx):
    window.open_page("rectification")
    repo = ctx.rectification
    insp = repo.add_inspection(Inspection(name="自查"))
    repo.add_problem(
        Problem(description="临期问题", inspection_id=insp, deadline=date(2022, 10, 31))
    )
    window.rectification.reload_inspections(select=insp)
    assert window.rectification.problems.row(0)["warning"] == ""  # 20 days away, lead 14

    def set_lead(dialog):
        dialog.widget("lead_days").setValue(30)
        fill_and_save({})(dialog)

    on_next_modal(set_lead)
    _action(window, "设置").trigger()
    assert ctx.warning_rules().lead_days == 30
    assert window.rectification.problems.row(0)["warning"] == "临期"


def test_a_second_window_on_the_same_file_is_refused(ctx, messages):
    with pytest.raises(DatabaseInUseError, match="已在另一个法治台账窗口中打开"):
        gui_app.open_context(ctx.db_path)
    assert gui_app.run_gui(ctx.db_path) == 3
    assert any("另一个法治台账窗口" in t for t in messages.texts("warning"))


def test_font_override_in_settings_is_checked_and_used(qtbot, window, ctx, messages, tmp_path):
    import subprocess

    from desktop_app.exports import rectification as export_specs

    def bad_font(dialog):
        fill_and_save({"overrides:fangsong": "/没有/这个/字体.ttf"})(dialog)
        assert dialog.isVisible()  # refused, kept open
        dialog.reject()

    on_next_modal(bad_font)
    _action(window, "设置").trigger()
    assert any("正文字体(仿宋)" in t for t in messages.texts("warning"))
    assert ctx.settings.get("fonts.overrides") == {}

    kai = "/usr/share/fonts/truetype/arphic/ukai.ttc"
    on_next_modal(fill_and_save({"overrides:fangsong": kai}))
    _action(window, "设置").trigger()
    assert ctx.settings.get("fonts.overrides") == {"fangsong": kai}
    insp = ctx.rectification.add_inspection(Inspection(name="自查"))
    ctx.rectification.add_problem(Problem(description="问题", inspection_id=insp))
    out = tmp_path / "通报.pdf"
    export_specs.write_report(ctx.db, out, insp, options={"unsigned": True})
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    assert "UKai" in fonts


def test_qt_standard_buttons_speak_chinese(window):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    assert {b.text() for b in box.buttons()} == {"是(&Y)", "否(&N)"}
