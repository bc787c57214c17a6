"""Schema creation and upgrade: empty file, newer file, foreign file, every released version."""

import hashlib
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import ProgressEntry
from desktop_app.storage import migrations
from desktop_app.storage.backup import list_backups
from desktop_app.storage.database import NewerDatabaseError, open_database, schema_version
from desktop_app.storage.rectification.queries import list_inspections
from desktop_app.storage.rectification.repo import RectificationRepo
from tests.storage.released_tables import EARLY_RECORD_TABLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RARE_TEXT = "生僻字𠀀𪚥與表情😀;引号“”‘’;符号 % _ \\ ="


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tables(db) -> set[str]:
    return set(db.table_names())


def test_new_file_gets_current_schema(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert schema_version(db) == len(migrations.known_names())
        assert [m.name for m in migrations.migration_set().applied(db)] == migrations.known_names()
        assert migrations.migration_set().migrations_table == migrations.TABLE
        assert migrations.pending_names(db.conn) == []
        assert {"inspections", "problems", "measures", "progress", "evidence"} <= _tables(db)
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        db.close()


def test_zero_byte_file_is_treated_as_new(db_path: Path) -> None:
    db_path.write_bytes(b"")
    db = open_database(db_path)
    try:
        assert schema_version(db) == len(migrations.known_names())
    finally:
        db.close()


def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    try:
        rows = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        assert rows == len(migrations.known_names())
    finally:
        db.close()


def test_newer_file_is_refused_and_left_untouched(db_path: Path) -> None:
    db = open_database(db_path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "lawledger", "name": "9999_future", "applied_at": "2099-01-01"}
    )
    db.close()
    before = _sha(db_path)
    with pytest.raises(NewerDatabaseError) as caught:
        open_database(db_path, backup_dir=db_path.parent / "backups")
    message = str(caught.value)
    assert "更高版本" in message and "9999_future" in message and "未做任何改动" in message
    assert _sha(db_path) == before
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing waiting to be written back
    assert not (db_path.parent / "backups").exists()
    # Still refused (and still unchanged) the second time.
    with pytest.raises(NewerDatabaseError):
        open_database(db_path)
    assert _sha(db_path) == before


def test_foreign_file_is_refused_with_a_clear_message(db_path: Path) -> None:
    db_path.write_bytes("这不是数据库\n".encode() * 100)
    before = _sha(db_path)
    with pytest.raises(UserError, match="不是法治台账的数据库文件"):
        open_database(db_path)
    assert _sha(db_path) == before


def test_failed_migration_leaves_no_half_schema(db_path: Path, monkeypatch) -> None:
    open_database(db_path).close()

    def broken(db) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("simulated failure in the middle of a migration")

    monkeypatch.setattr(migrations, "STEPS", {**migrations.STEPS, "9000_broken": broken})
    migrations.migration_set.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="simulated"):
            open_database(db_path)
    finally:
        monkeypatch.undo()
        migrations.migration_set.cache_clear()
    conn = sqlite3.connect(db_path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert "half_done" not in names
    assert "9000_broken" not in applied


def _released_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("schema_*.db"))


def test_there_is_a_fixture_for_the_first_released_version() -> None:
    assert (FIXTURES / "schema_0001_rectification.db").is_file()
    for fixture in _released_fixtures():
        assert fixture.stat().st_size < 200 * 1024


@pytest.mark.parametrize("fixture", _released_fixtures(), ids=lambda p: p.stem)
def test_every_released_version_opens_with_current_schema(fixture: Path, tmp_path: Path) -> None:
    committed = _sha(fixture)
    copy = tmp_path / "旧 版本" / fixture.name
    copy.parent.mkdir()
    shutil.copyfile(fixture, copy)
    conn = sqlite3.connect(copy)
    recorded = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    # What start-up reads without sqlite-utils agrees with what sqlite-utils recorded.
    assert migrations.applied_names(conn) == recorded
    assert migrations.pending_names(conn) == [
        n for n in migrations.known_names() if n not in recorded
    ]
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    tables = (*EARLY_RECORD_TABLES, "audit_log")
    counts_before = {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables if t in present
    }
    conn.close()
    backups = tmp_path / "backups"
    db = open_database(copy, backup_dir=backups)
    try:
        # A step released after a higher-numbered one (0004 after 0007) is applied last.
        applied = [m.name for m in migrations.migration_set().applied(db)]
        assert sorted(applied) == migrations.known_names()
        for table, count in counts_before.items():
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
        made = list_backups(backups)
        if recorded == migrations.known_names():
            assert made == []
        else:  # migrations were pending: the old file was copied first, as it was
            assert [b.kind for b in made] == ["pre-migration"]
            old = sqlite3.connect(made[0].path)
            kept = [r[0] for r in old.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
            old.close()
            assert kept == recorded
    finally:
        db.close()
    assert _sha(fixture) == committed  # the committed file itself is never touched


def test_schema_0001_data_is_intact(tmp_path: Path) -> None:
    copy = tmp_path / "schema_0001_rectification.db"
    shutil.copyfile(FIXTURES / copy.name, copy)
    db = open_database(copy, backup_dir=tmp_path / "backups")
    try:
        repo = RectificationRepo(db)
        [inspection] = list_inspections(db)
        assert inspection.name == "市委巡察五组依法行政专项巡察"
        assert inspection.plan_doc_no == "通科党﹝2022﹞16号"
        assert str(inspection.feedback_date) == "2022-04-19"
        first, second, third = (repo.get_problem(i, with_measures=True) for i in (1, 2, 3))
        assert first.status == "整改中" and str(first.last_progress) == "2022-09-30"
        on_spot, ongoing = first.measures
        assert (on_spot.completion_way, str(on_spot.completion_date)) == ("即知即改", "2022-04-22")
        assert on_spot.signoff is not None and on_spot.signoff.by == "局整改工作组"
        assert ongoing.status == "整改中" and ongoing.signoff is None
        assert second.description == RARE_TEXT and second.signoff is None
        assert third.status == "长期坚持"
        [evidence] = repo.evidence.of_problem(1)
        name, data = repo.evidence.data(evidence["id"])
        assert name == "舆情应急处置方案.bin"
        assert hashlib.sha256(data).hexdigest() == evidence["sha256"]
        assert data.endswith(bytes(range(256)))
        actions = [r[0] for r in db.execute("SELECT action FROM audit_log ORDER BY id")]
        assert actions.count("reopen") == 1 and actions.count("signoff") == 2
        # The upgraded file accepts new work.
        repo.add_progress(ProgressEntry(date(2022, 10, 8), "政策法规处", "升级后继续记录", 1))
        assert repo.progress_of(1)[0].text == "升级后继续记录"
        assert str(repo.get_problem(1).last_progress) == "2022-10-08"
    finally:
        db.close()
