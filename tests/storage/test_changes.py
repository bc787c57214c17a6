"""What a write changed is told after its transaction commits, once per batch (issue 11)."""

from __future__ import annotations

import pytest

from desktop_app.context import AppContext
from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.storage import audit
from desktop_app.storage.changes import AUDIT_TABLE, RECORD_TABLES, Changes
from desktop_app.storage.database import open_migrated


@pytest.fixture
def ctx(db_path, tmp_path):
    context = AppContext(db_path=db_path, conn=open_migrated(db_path), backup_dir=tmp_path)
    yield context
    context.close()


@pytest.fixture
def told(ctx) -> list[Changes]:
    heard: list[Changes] = []
    ctx.changes.subscribe(heard.append)
    return heard


def test_a_committed_write_tells_its_table_and_record(ctx, told) -> None:
    insp = ctx.rectification.add_inspection(Inspection(name="审计反馈"))
    assert told == [
        Changes(frozenset({"inspections", AUDIT_TABLE}), frozenset({("inspections", insp)}))
    ]
    assert told[0].touches({"inspections"}) and not told[0].touches({"persons"})


def test_a_rolled_back_write_tells_nothing(ctx, told) -> None:
    with pytest.raises(RuntimeError), ctx.db.atomic():
        audit.record(ctx.db, "create", "person", 1, summary="不会保存")
        raise RuntimeError("refused")
    assert told == []
    ctx.rectification.add_inspection(Inspection(name="之后的写入"))
    assert [c.tables for c in told] == [frozenset({"inspections", AUDIT_TABLE})]  # no leftover


def test_nested_transactions_tell_once_after_the_outer_commit(ctx, told) -> None:
    repo = ctx.rectification
    with ctx.db.atomic():
        insp = repo.add_inspection(Inspection(name="巡察"))
        repo.add_problem(Problem(description="问题", inspection_id=insp))
        assert told == []  # not committed yet
    [changes] = told
    assert {"inspections", "problems"} <= changes.tables


def test_a_batch_tells_once_when_it_ends(ctx, told) -> None:
    with ctx.changes.batch():
        insp = ctx.rectification.add_inspection(Inspection(name="巡察"))
        ctx.rectification.add_problem(Problem(description="问题", inspection_id=insp))
        assert told == []
    [changes] = told
    assert {"inspections", "problems"} <= changes.tables


def test_everything_is_told_to_every_listener(ctx, told) -> None:
    ctx.changes.broadcast(Changes.all())
    assert told == [Changes.all()] and told[0].touches({"any table"})


def test_a_restore_audit_row_means_everything(ctx, told) -> None:
    with ctx.db.atomic():
        audit.record(ctx.db, "restore", "database", None, summary="从备份恢复")
    assert told == [Changes.all()]


def test_a_worker_connection_tells_nothing(ctx, told) -> None:
    worker = ctx.worker_db()
    try:
        from desktop_app.storage.rectification.repo import RectificationRepo

        RectificationRepo(worker).add_inspection(Inspection(name="后台写入"))
    finally:
        worker.conn.close()
    assert told == []


def test_every_audited_record_type_names_a_table_of_the_schema(ctx) -> None:
    tables = {
        row[0] for row in ctx.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert set(audit.RECORD_TYPES) - set(RECORD_TABLES) == {"database"}
    assert set(RECORD_TABLES.values()) <= tables


def test_a_deferred_round_after_the_context_closed_tells_nothing(ctx, told) -> None:
    deferred: list = []
    ctx.changes.defer = deferred.append  # as the GUI defers to the next turn of the event loop
    ctx.rectification.add_inspection(Inspection(name="关闭前的写入"))
    ctx.close()
    for flush in deferred:
        flush()
    assert told == []
