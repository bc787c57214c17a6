"""Undo (Ctrl+Z) at the storage level: each committed action is one step, put back exactly."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop_app import imports
from desktop_app.context import AppContext
from desktop_app.domain.draws import Target
from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import Person
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    SignOff,
    WarningRules,
)
from desktop_app.storage import audit
from desktop_app.storage import imports as storage_imports
from desktop_app.storage.database import connect, open_migrated
from desktop_app.storage.rectification.queries import ProblemFilter, problem_query
from desktop_app.storage.settings import write_settings
from tests.personnel_factory import resident_id
from tests.rectification_data import completed

TODAY = date(2025, 3, 10)
# What undo never puts back: the log (undo adds to it), id counters (never given twice) and
# the search indexes' internal pages (checked through searches instead).
SKIPPED = ("audit_log", "sqlite_sequence")


def dump(conn) -> dict[str, list[tuple]]:
    """Every row of every data table, with its rowid, in rowid order."""
    names = [
        n
        for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
        if n not in SKIPPED and "_fts" not in n
    ]
    return {n: conn.execute(f"SELECT rowid, * FROM {n} ORDER BY rowid").fetchall() for n in names}


def healthy(conn) -> bool:
    """SQLite's integrity check and the foreign keys are in order."""
    ok = conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    return ok and conn.execute("PRAGMA foreign_key_check").fetchall() == []


def undo_rows(conn) -> list[tuple]:
    """(record_type, record_id, summary) of the undo audit rows."""
    return conn.execute(
        "SELECT record_type, record_id, summary FROM audit_log WHERE action = 'undo' ORDER BY id"
    ).fetchall()


@pytest.fixture
def ctx(db_path: Path, tmp_path: Path):
    """The GUI's context over a fresh database (its stack, its tracking database)."""
    context = AppContext(db_path, open_migrated(db_path), tmp_path / "backups")
    yield context
    context.close()


@pytest.fixture
def problem_id(ctx) -> int:
    repo = ctx.rectification
    inspection = repo.add_inspection(Inspection(name="依法行政专项巡察"))
    return repo.add_problem(Problem(description="执法案卷评查不规范", inspection_id=inspection))


def found(ctx, word: str) -> set[int]:
    """Problem ids the list's search finds for ``word``."""
    paged = problem_query(ctx.conn, ProblemFilter(text=word), TODAY, WarningRules())
    return {r["id"] for r in paged.fetch(0, 1000)}


def test_an_edit_is_undone_with_its_search_text_and_an_audit_row(ctx, problem_id) -> None:
    before = dump(ctx.conn)
    problem = ctx.rectification.get_problem(problem_id)
    problem.description = "行政处罚裁量基准未细化"
    ctx.rectification.update_problem(problem)
    assert ctx.undo.menu_text() == "撤销 修改问题“行政处罚裁量基准未细化”"

    step = ctx.undo.undo(ctx.db)

    assert step.label == "修改问题“行政处罚裁量基准未细化”"
    assert dump(ctx.conn) == before
    assert found(ctx, "案卷评查") == {problem_id} and found(ctx, "裁量基准") == set()
    assert undo_rows(ctx.conn) == [("problem", problem_id, "撤销 修改问题“行政处罚裁量基准未细化”")]
    assert healthy(ctx.conn)
    assert ctx.undo.menu_text() == "撤销 新增问题“执法案卷评查不规范”"  # the step left the stack


def test_a_delete_comes_back_with_its_children_and_evidence_bytes(
    ctx, problem_id, tmp_path: Path
) -> None:
    repo = ctx.rectification
    measure = repo.add_measure(Measure(content="建立联合执法制度", problem_id=problem_id))
    repo.add_progress(ProgressEntry(TODAY, "法规科", "已起草制度", problem_id, measure))
    attachment = tmp_path / "会议纪要.bin"
    attachment.write_bytes(bytes(range(256)) * 40)
    evidence = repo.evidence.add(problem_id, measure, attachment)
    before = dump(ctx.conn)

    repo.delete_problem(problem_id)
    assert ctx.conn.execute("SELECT count(*) FROM measures").fetchone() == (0,)
    assert ctx.undo.top().label == "删除问题“执法案卷评查不规范”"
    ctx.undo.undo(ctx.db)

    assert dump(ctx.conn) == before
    assert repo.evidence.data(evidence) == ("会议纪要.bin", attachment.read_bytes())
    assert found(ctx, "联合执法") == {problem_id}  # the measure's words are searched again
    assert healthy(ctx.conn)


def test_a_sign_off_is_undone_and_the_menu_names_the_problem(ctx, problem_id) -> None:
    repo = ctx.rectification
    problem = repo.get_problem(problem_id)
    for field, value in completed(date(2025, 3, 1)).items():
        setattr(problem, field, value)
    repo.update_problem(problem)
    write_settings(ctx.db, {"rectification.signoff_evidence": False})  # 销号 without evidence here
    before = dump(ctx.conn)
    repo.sign_off("problem", problem_id, SignOff(TODAY, "整改工作组", "同意销号"))
    assert ctx.undo.menu_text() == "撤销 销号问题“执法案卷评查不规范”"

    ctx.undo.undo(ctx.db)

    assert dump(ctx.conn) == before
    assert repo.get_problem(problem_id).signoff is None
    assert undo_rows(ctx.conn)[-1][2] == "撤销 销号问题“执法案卷评查不规范”"


def test_a_person_gets_back_the_full_id_number_the_log_only_holds_masked(ctx) -> None:
    first, second = resident_id(), resident_id()
    person_id = ctx.personnel.add_person(Person("张三", id_number=first), TODAY)
    person = ctx.personnel.get_person(person_id)
    person.id_number = second
    ctx.personnel.update_person(person, TODAY)
    assert ctx.undo.menu_text().startswith("撤销 修改人员“张三")

    ctx.undo.undo(ctx.db)

    assert ctx.personnel.get_person(person_id).id_number == first
    log = json.dumps(ctx.conn.execute("SELECT * FROM audit_log").fetchall(), ensure_ascii=False)
    assert first not in log and second not in log  # undo wrote no full number either
    ctx.undo.undo(ctx.db)  # and the person's creation
    assert ctx.conn.execute("SELECT count(*) FROM persons").fetchone() == (0,)
    assert ctx.personnel.add_person(Person("李四", id_number=first), TODAY) > person_id
    assert healthy(ctx.conn)


def _ledger(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["问题描述", "整改措施", "整改时限", "完成情况", "进展情况"])
    ws.append(["档案归档不及时问题", "建立归档制度", "2022-05-31", "已完成", "已印发"])
    ws.append(["合同审查不规范问题", "修订合同审查办法", "2022-12-31", "正在推进", "已起草"])
    wb.save(path)
    return path


def _import(db, path: Path):
    source = imports.open_source(path)
    options = imports.Options("rectification", today=TODAY, inspection_name="自查")
    return imports.commit(db, imports.preview(db.conn, source, options), None)


def test_an_import_made_by_a_background_connection_is_undone_as_one_batch(
    ctx, problem_id, tmp_path: Path
) -> None:
    before = dump(ctx.conn)
    assert ctx.undo.top() is not None
    worker = connect(ctx.db_path)  # the wizard commits on a worker thread's connection
    try:
        done = _import(worker, _ledger(tmp_path / "问题清单.xlsx"))
    finally:
        worker.conn.close()
    assert ctx.undo.menu_text().startswith(f"撤销 导入第{done.batch_id}批(问题清单.xlsx")
    assert found(ctx, "归档不及时") != set()

    ctx.undo.undo(ctx.db)

    assert found(ctx, "归档不及时") == set()
    rows = ctx.conn.execute("SELECT id, description FROM problems").fetchall()
    assert rows == [(problem_id, "执法案卷评查不规范")]
    [undone] = ctx.conn.execute("SELECT undone_at FROM import_batches").fetchall()
    assert undone[0]  # the import list says it was undone
    history = ("import_batches", "import_batch_rows", "settings")
    after = dump(ctx.conn)
    assert {k: v for k, v in after.items() if k not in history} == {
        k: v for k, v in before.items() if k not in history
    }
    assert [r[1] for r in after["settings"]] == ["imports.memory.mapping.rectification"]  # kept
    assert undo_rows(ctx.conn)[-1][:2] == ("database", done.batch_id)
    assert ctx.undo.menu_text() == "撤销 新增问题“执法案卷评查不规范”"
    assert healthy(ctx.conn)


def test_undoing_the_wizards_undo_brings_the_import_back(ctx, tmp_path: Path) -> None:
    done = _import(ctx.db, _ledger(tmp_path / "问题清单.xlsx"))  # on the tracked connection
    assert ctx.undo.menu_text().startswith(f"撤销 导入第{done.batch_id}批(问题清单.xlsx")
    imported = dump(ctx.conn)
    imports.undo(ctx.db, done.batch_id)  # the wizard's 撤销这次导入 button
    assert found(ctx, "归档不及时") == set()

    ctx.undo.undo(ctx.db)  # Ctrl+Z: the button's undo is undone

    assert dump(ctx.conn) == imported and found(ctx, "归档不及时") != set()
    ctx.undo.undo(ctx.db)  # and the import itself
    assert ctx.conn.execute("SELECT count(*) FROM problems").fetchone() == (0,)
    assert ctx.undo.top() is None
    assert healthy(ctx.conn)


def test_only_the_top_step_is_undone_and_an_empty_stack_says_so(ctx, problem_id) -> None:
    repo = ctx.rectification
    first = repo.add_measure(Measure(content="第一项措施", problem_id=problem_id))
    second = repo.add_measure(Measure(content="第二项措施", problem_id=problem_id))
    assert [s.label for s in ctx.undo.steps][-2:] == [
        "新增整改措施“第一项措施”",
        "新增整改措施“第二项措施”",
    ]
    ctx.undo.undo(ctx.db)
    ids = [r[0] for r in ctx.conn.execute("SELECT id FROM measures")]
    assert ids == [first]
    while ctx.undo.top() is not None:
        ctx.undo.undo(ctx.db)
    assert ctx.conn.execute("SELECT count(*) FROM inspections").fetchone() == (0,)
    assert ctx.undo.menu_text() == "撤销"
    with pytest.raises(UserError, match="没有可以撤销的操作"):
        ctx.undo.undo(ctx.db)
    assert repo.add_inspection(Inspection(name="审计整改")) == 2  # 1 is never given twice
    assert repo.add_problem(Problem(description="新的问题", inspection_id=2)) == problem_id + 1
    assert second > first


def test_an_export_is_no_step_but_a_change_made_elsewhere_ends_the_stack(ctx, problem_id) -> None:
    other = connect(ctx.db_path)
    try:
        with other.atomic():
            audit.record(other, "export", "problem", None, summary="导出台账")
        assert ctx.undo.menu_text() == "撤销 新增问题“执法案卷评查不规范”"
        with other.atomic():  # another connection changes data (as the demo does)
            other.execute("UPDATE problems SET description = '别处修改' WHERE id = ?", [problem_id])
            audit.record(other, "update", "problem", problem_id, summary="别处修改")
    finally:
        other.conn.close()
    assert ctx.undo.top() is None
    assert "之外" in ctx.undo.ended
    assert ctx.rectification.get_problem(problem_id).description == "别处修改"


def test_writes_that_change_no_data_and_remembered_mappings_are_no_steps(ctx) -> None:
    with ctx.db.atomic():
        audit.record(ctx.db, "export", "problem", None, summary="导出台账")
    with ctx.db.atomic():
        storage_imports.write_memory(ctx.db, "rectification", {"问题描述": "description"})
    assert ctx.undo.top() is None
    assert storage_imports.read_memory(ctx.conn, "rectification") == {"问题描述": "description"}


def test_nothing_is_added_to_the_file(ctx, problem_id) -> None:
    """The triggers and notes live in the connection's temp schema, in memory."""
    found_main = ctx.conn.execute(
        "SELECT name FROM main.sqlite_master WHERE name LIKE 'undo%'"
    ).fetchall()
    found_temp = ctx.conn.execute(
        "SELECT count(*) FROM temp.sqlite_master WHERE type = 'trigger'"
    ).fetchone()[0]
    assert found_main == [] and found_temp > 20
    assert ctx.conn.execute("PRAGMA temp_store").fetchone() == (2,)  # memory


def test_a_draw_cannot_be_undone_and_ends_the_stack(ctx) -> None:
    from desktop_app.storage.draws.repo import DrawsRepo
    from tests.draws_data import WHO, add_inspectors, add_targets, joint

    repo = DrawsRepo(ctx.db)
    add_targets(repo, 12, kind="企业")
    add_inspectors(ctx.db, "科技", 20, certified=16)
    add_inspectors(ctx.db, "人社", 20, certified=10)
    assert ctx.undo.top() is not None  # the directory's entries are ordinary steps
    repo.run_draw(joint(count=3, teams=3), **WHO)

    assert ctx.undo.top() is None
    assert "不能撤销" in ctx.undo.ended
    assert ctx.conn.execute("SELECT count(*) FROM draws").fetchone() == (1,)
    repo.add_target(Target("抽取之后新增的公司", kind="企业"))
    assert ctx.undo.menu_text() == "撤销 新增检查对象“抽取之后新增的公司”"


def test_a_settings_change_is_undone_and_every_page_hears_of_it(ctx) -> None:
    told = []
    ctx.changes.subscribe(told.append)
    before = dump(ctx.conn)["settings"]
    write_settings(ctx.db, {"rectification.lead_days": 21})
    assert ctx.undo.top() is not None
    told.clear()

    ctx.undo.undo(ctx.db)

    assert dump(ctx.conn)["settings"] == before
    assert told and told[-1].everything


def test_a_failure_of_the_undo_machinery_never_fails_a_write(ctx, problem_id, monkeypatch) -> None:
    def broken() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ctx.undo, "sync", broken)
    ctx.rectification.add_measure(Measure(content="建立联合执法制度", problem_id=problem_id))

    assert [m.content for m in ctx.rectification.measures_of(problem_id)] == ["建立联合执法制度"]
    assert ctx.undo.top() is None and "已停用" in ctx.undo.ended
    assert not ctx.conn.in_transaction
    ctx.rectification.add_measure(Measure(content="第二项措施", problem_id=problem_id))
    assert len(ctx.rectification.measures_of(problem_id)) == 2


def test_a_step_that_cannot_be_put_back_is_refused_with_nothing_changed(ctx, problem_id) -> None:
    ctx.rectification.add_measure(Measure(content="建立联合执法制度", problem_id=problem_id))
    ctx.rectification.delete_problem(problem_id)
    with ctx.db.atomic():  # a row in the way of the problem coming back (no note: untracked)
        ctx.db.execute("UPDATE temp.undo_state SET recording = 0")
        ctx.db.execute(
            "INSERT INTO problems (id, inspection_id, description, created_at, updated_at)"
            " VALUES (?, 1, '占位', '2025-03-10 09:00:00', '2025-03-10 09:00:00')",
            [problem_id],
        )
        ctx.db.execute("UPDATE temp.undo_state SET recording = 1")
    before = dump(ctx.conn)

    with pytest.raises(UserError, match="无法撤销“删除问题“执法案卷评查不规范””"):
        ctx.undo.undo(ctx.db)

    assert dump(ctx.conn) == before
    assert ctx.undo.top() is None and "无法撤销" in ctx.undo.ended
    assert undo_rows(ctx.conn) == [] and healthy(ctx.conn)


def test_loading_the_demo_ends_the_stack(ctx) -> None:
    from desktop_app.demo import create_demo

    write_settings(ctx.db, {"rectification.lead_days": 21})
    assert ctx.undo.top() is not None
    worker = connect(ctx.db_path)  # the welcome loads the demo on a worker's connection
    try:
        create_demo(worker, 1, TODAY)
    finally:
        worker.conn.close()
    assert ctx.undo.top() is None and "示例数据" in ctx.undo.ended


def test_the_stack_keeps_the_latest_steps_and_forgets_the_notes_of_older_ones(
    ctx, problem_id, monkeypatch
) -> None:
    from desktop_app.storage import undo

    monkeypatch.setattr(undo, "MAX_STEPS", 3)
    for n in range(5):
        ctx.rectification.add_measure(Measure(content=f"第{n + 1}项措施", problem_id=problem_id))
    assert [s.label for s in ctx.undo.steps] == [f"新增整改措施“第{n}项措施”" for n in (3, 4, 5)]
    oldest = ctx.conn.execute("SELECT min(seq) FROM temp.undo_log").fetchone()[0]
    assert oldest == ctx.undo.steps[0].first  # the dropped steps' notes are gone
    while ctx.undo.top() is not None:
        ctx.undo.undo(ctx.db)
    assert [r[0] for r in ctx.conn.execute("SELECT content FROM measures")] == [
        "第1项措施",
        "第2项措施",
    ]
