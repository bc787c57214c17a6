"""Backup to a folder of the clerk's choice, and restores that check first, from the menus."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu

from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.storage import backup
from desktop_app.ui import tasks
from desktop_app.ui.dialogs import maintenance
from desktop_app.ui.table_model import SqlTableModel
from tests.fixtures.hostile import HOSTILE, good_backup


def _trigger(qtbot, window, text: str) -> None:
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text().startswith(text):
                action.trigger()
                qtbot.waitUntil(lambda: tasks.running_tasks() == 0, timeout=30000)
                return
    raise AssertionError(f"no menu action {text}")


def _problems(ctx) -> list[str]:
    return [r[0] for r in ctx.conn.execute("SELECT description FROM problems ORDER BY id")]


def _fill(ctx) -> int:
    repo = ctx.rectification
    inspection_id = repo.add_inspection(Inspection(name="审计反馈", kind="审计"))
    repo.add_problem(Problem(description="合同管理不规范", inspection_id=inspection_id))
    return inspection_id


def test_backup_to_a_folder_of_the_clerks_choice(
    qtbot, window, ctx, messages, monkeypatch, tmp_path
):
    _fill(ctx)
    stick = tmp_path / "U盘 (E)"
    stick.mkdir()
    asked: list[str] = []

    def choose(_parent, _title, start, *args, **kwargs):
        asked.append(start)
        return str(stick)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(choose))
    _trigger(qtbot, window, "备份到")
    [made] = backup.list_backups(stick)
    assert made.kind == "manual" and any(str(made.path) in t for t in messages.texts("information"))
    assert made.path.read_bytes()[18:20] == b"\x01\x01"  # self-contained: fine on a stick
    copy = sqlite3.connect(f"{made.path.as_uri()}?mode=ro&immutable=1", uri=True)
    assert copy.execute("SELECT description FROM problems").fetchall() == [("合同管理不规范",)]
    copy.close()
    assert backup.list_backups(ctx.backup_dir) == []  # it went to the stick only
    _trigger(qtbot, window, "备份到")
    assert asked[-1] == str(stick)  # the chooser opens where the clerk went last time
    assert len(backup.list_backups(stick)) == 2


def test_backup_to_cancelled_does_nothing(qtbot, window, ctx, messages, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    _trigger(qtbot, window, "备份到")
    assert messages.shown == []


@pytest.mark.parametrize(
    "hostile", [h for h in HOSTILE if h.name in {"audit-blocking-trigger", "no-migration-table"}]
)
def test_a_hostile_backup_is_refused_and_the_window_carries_on(
    qtbot, window, ctx, messages, monkeypatch, tmp_path, hostile
):
    inspection_id = _fill(ctx)
    candidate = tmp_path / f"{hostile.name}.db"
    hostile.build(good_backup(tmp_path / "good"), candidate)
    monkeypatch.setattr(maintenance, "choose_backup", lambda _p, _c: candidate)
    _trigger(qtbot, window, "从备份恢复")
    [warning] = messages.texts("warning")
    assert hostile.says in warning and "未做任何改动" in warning
    assert _problems(ctx) == ["合同管理不规范"]
    assert backup.list_backups(ctx.backup_dir) == []  # not even a safety copy
    ctx.rectification.add_problem(Problem(description="之后照常录入", inspection_id=inspection_id))
    assert _problems(ctx)[-1] == "之后照常录入"


def test_after_a_restore_the_window_works_on_the_restored_file(
    qtbot, window, ctx, messages, monkeypatch, tmp_path
):
    _fill(ctx)
    good = good_backup(tmp_path / "good")
    for index in range(window.nav.count()):  # every page built, a problem in the detail pane
        window.nav.setCurrentRow(index)
    window.open_page("rectification")  # the window opens on the home page
    window.rectification.select_problem(window.rectification.problems.row_id(0))
    old_conn = ctx.conn
    monkeypatch.setattr(maintenance, "choose_backup", lambda _p, _c: good)
    _trigger(qtbot, window, "从备份恢复")
    assert messages.texts("warning") == []
    assert ctx.conn is not old_conn  # the window reconnected to the swapped-in file
    for index in reversed(range(window.nav.count())):  # hidden pages re-read when shown
        window.nav.setCurrentRow(index)
    window.open_page("rectification")
    stale = [
        model
        for model in window.findChildren(SqlTableModel)
        if model._query is not None and model._query.db is not ctx.conn
    ]
    assert stale == []  # no list keeps reading through the closed connection
    assert _problems(ctx) == ["执法案卷评查不规范"]
    assert window.rectification.problems.rowCount() == 1
    [inspection_id] = [r[0] for r in ctx.conn.execute("SELECT id FROM inspections")]
    ctx.rectification.add_problem(Problem(description="恢复后新增", inspection_id=inspection_id))
    window.refresh_all()
    assert window.rectification.problems.rowCount() == 2
    [(summary,)] = ctx.conn.execute("SELECT summary FROM audit_log WHERE action = 'restore'")
    assert good.name in summary
    assert any("恢复前" in t for t in messages.texts("information"))


def test_a_restore_waits_for_other_connections(qtbot, window, ctx, messages, monkeypatch, tmp_path):
    _fill(ctx)
    good = good_backup(tmp_path / "good")
    monkeypatch.setattr(maintenance, "choose_backup", lambda _p, _c: good)
    other = sqlite3.connect(Path(ctx.db_path))  # e.g. an export running beside the window
    other.execute("SELECT count(*) FROM problems").fetchone()
    try:
        _trigger(qtbot, window, "从备份恢复")
    finally:
        other.close()
    [warning] = messages.texts("warning")
    assert "正被另一个程序或操作使用" in warning and "未做任何改动" in warning
    assert _problems(ctx) == ["合同管理不规范"]  # the window's connection works again
    assert not list(ctx.db_path.parent.glob(f"{ctx.db_path.name}.restore-*"))
