"""Restore checks a copy of the candidate before it touches anything, then swaps it in whole."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Problem
from desktop_app.storage import migrations, restore
from desktop_app.storage.backup import list_backups, make_backup
from desktop_app.storage.database import open_database
from desktop_app.storage.rectification.repo import RectificationRepo
from tests.fixtures.hostile import HOSTILE, Hostile, fill, good_backup

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MARK = "恢复前的当前数据"


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (sidecars, backups, staging copies) with its SHA-256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    """A good backup (built once per module)."""
    return good_backup(tmp_path_factory.mktemp("good"))


@pytest.fixture
def live(db_path: Path) -> Path:
    """The clerk's database with data of its own, closed (as the CLI finds it)."""
    db = open_database(db_path)
    try:
        fill(db, db_path.parent)
        repo = RectificationRepo(db)
        [inspection_id] = [r[0] for r in db.execute("SELECT id FROM inspections")]
        repo.add_problem(Problem(description=MARK, inspection_id=inspection_id))
    finally:
        db.close()
    return db_path


def _descriptions(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT description FROM problems ORDER BY id")]
    finally:
        conn.close()


def _restores(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT summary, after FROM audit_log WHERE action = 'restore' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_hostile_candidate_is_refused_and_the_live_file_is_byte_identical(
    hostile: Hostile, good: Path, live: Path, tmp_path: Path
) -> None:
    candidate = tmp_path / "别人给的 备份" / f"{hostile.name}.db"
    candidate.parent.mkdir()
    hostile.build(good, candidate)
    before, offered = _files(live.parent), _files(candidate.parent)
    backups = live.parent / "backups"

    with pytest.raises(UserError) as caught:
        restore.restore(live, candidate, backups)

    message = str(caught.value)
    assert hostile.says in message, message
    assert candidate.name in message and message.endswith(restore.NOTHING_CHANGED)
    # Nothing changed beside the live file either: no -wal, no safety copy, no staging copy.
    assert _files(live.parent) == before
    assert _files(candidate.parent) == offered  # the candidate gained no -wal/-shm either


@pytest.mark.parametrize("hostile", HOSTILE, ids=lambda h: h.name)
def test_hostile_candidate_through_the_command_line(
    hostile: Hostile, good: Path, live: Path, tmp_path: Path, capsys
) -> None:
    candidate = tmp_path / f"{hostile.name}.db"
    hostile.build(good, candidate)
    before = _files(live.parent)

    code = cli.main(["restore", "--db", str(live), "--from", str(candidate)])

    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert code == cli.EXIT_USER_ERROR and len(lines) == 1, captured
    assert hostile.says in lines[0] and "未做任何改动" in lines[0]
    lock = f"{live.name}.lock"  # the single-writer lock file stays, as after any command
    assert {k: v for k, v in _files(live.parent).items() if k != lock} == before
    assert _descriptions(live)[-1] == MARK  # and the clerk's data still opens


def test_restore_brings_the_backup_in_with_its_audit_row(good: Path, live: Path) -> None:
    folder = live.parent / "backups"
    safety = restore.restore(live, good, folder)

    assert MARK not in _descriptions(live)
    [(summary, after)] = _restores(live)
    assert good.name in summary and safety is not None and safety.name in after
    assert [b.path for b in list_backups(folder)] == [safety]
    assert MARK in _descriptions(safety)
    assert not list(live.parent.glob(f"{live.name}{restore.STAGING}*"))
    db = open_database(live)  # the restored file opens and takes new work
    try:
        [inspection_id] = [r[0] for r in db.execute("SELECT id FROM inspections")]
        RectificationRepo(db).add_problem(
            Problem(description="恢复后新增", inspection_id=inspection_id)
        )
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_backup_is_read_without_creating_files_beside_it(good: Path, live: Path, monkeypatch):
    """A backup on a CD or a write-protected stick: read-only, immutable, no -wal/-shm."""
    header = good.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01"  # rollback journal, not WAL: readable on its own
    opened: list[str] = []
    real_connect = sqlite3.connect

    def spy(target, *args, **kwargs):
        opened.append(str(target))
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", spy)
    beside = _files(good.parent)
    restore.restore(live, good, live.parent / "backups")
    [uri] = [t for t in opened if good.name in t or good.as_uri() in t]
    assert "mode=ro" in uri and "immutable=1" in uri
    assert _files(good.parent) == beside


def test_an_old_wal_mode_backup_is_still_restored_without_sidecars(live: Path, tmp_path: Path):
    """Backups made before this version kept the WAL flag; they restore all the same."""
    old = tmp_path / "旧版 备份.db"
    source = sqlite3.connect(live)
    target = sqlite3.connect(old)
    source.backup(target)
    target.close()
    source.close()
    assert old.read_bytes()[18:20] == b"\x02\x02"
    restore.restore(live, old, live.parent / "backups")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("旧版")) == [old.name]
    assert len(_restores(live)) == 1


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_*.db")), ids=lambda p: p.stem)
def test_every_released_version_is_restored_and_upgraded(fixture: Path, live: Path, tmp_path):
    copy = tmp_path / fixture.name
    shutil.copyfile(fixture, copy)
    restore.restore(live, copy, live.parent / "backups")
    conn = sqlite3.connect(live)
    try:
        # a step released after a higher-numbered one (0004 after 0007) is applied last
        assert sorted(migrations.applied_names(conn)) == migrations.known_names()
    finally:
        conn.close()
    assert len(_restores(live)) == 1
    assert (
        hashlib.sha256(copy.read_bytes()).digest() == hashlib.sha256(fixture.read_bytes()).digest()
    )


def test_restore_into_a_new_file(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "新 文件夹" / "新的.db"
    target.parent.mkdir()
    assert restore.restore(target, good, tmp_path / "backups") is None  # nothing to keep
    [(summary, _after)] = _restores(target)
    assert summary == f"从备份“{good.name}”恢复"


def test_another_programs_file_is_not_replaced(good: Path, tmp_path: Path) -> None:
    other = tmp_path / "别的程序.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (text TEXT)")
    conn.commit()
    conn.close()
    before = _files(tmp_path)
    with pytest.raises(UserError, match="不是法治台账的数据库"):
        restore.restore(other, good, tmp_path / "backups")
    assert _files(tmp_path) == before


def test_an_open_connection_elsewhere_stops_the_swap(good: Path, live: Path) -> None:
    reader = sqlite3.connect(live)
    reader.execute("PRAGMA journal_mode = WAL")
    reader.execute("SELECT count(*) FROM problems").fetchone()
    try:
        with pytest.raises(UserError, match="正被另一个程序或操作使用") as caught:
            restore.restore(live, good, live.parent / "backups")
        assert str(caught.value).endswith(restore.NOTHING_CHANGED)
        assert reader.execute("SELECT count(*) FROM problems").fetchone()[0] == 2
    finally:
        reader.close()
    assert _descriptions(live)[-1] == MARK and _restores(live) == []
    assert not list(live.parent.glob(f"{live.name}{restore.STAGING}*"))


def test_a_staged_copy_left_by_a_kill_changes_nothing_and_is_cleaned(good: Path, live: Path):
    before = hashlib.sha256(live.read_bytes()).hexdigest()
    staged = restore.stage_restore(live, good, live.parent / "backups")  # killed before swap
    assert staged.staged.is_file()
    assert hashlib.sha256(live.read_bytes()).hexdigest() == before
    assert _restores(live) == []
    restore.restore(live, good, live.parent / "backups")  # the next restore tidies up
    assert not staged.staged.exists()
    assert len(_restores(live)) == 1


def test_schema_differences_name_each_object() -> None:
    wanted = {("table", "t"): ((("a", "TEXT", 0, None, 0, 0),), ()), ("index", "i"): ("t",)}
    found = {
        ("table", "t"): ((("b", "TEXT", 0, None, 0, 0),), ()),
        ("trigger", "x"): ("t", "create trigger x"),
    }
    assert restore.schema_differences(found, wanted) == [
        "缺少索引“i”",
        "多出触发器“x”(不是法治台账创建的)",
        "数据表“t”与本版本不同(缺少列 a,多出列 b)",
    ]


def test_the_safety_copy_is_a_complete_backup(good: Path, live: Path) -> None:
    folder = live.parent / "backups"
    conn = sqlite3.connect(live)
    made = make_backup(conn, folder, "manual")
    conn.close()
    safety = restore.restore(live, good, folder)
    assert safety is not None
    assert _descriptions(safety) == _descriptions(made)
