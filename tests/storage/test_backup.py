"""Backups through SQLite's backup API: round trip, rotation, periods, refusals."""

import hashlib
import os
import sqlite3
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Inspection, Measure, Problem, Status
from desktop_app.storage import backup
from desktop_app.storage.backup import KEEP, automatic_backup, list_backups, make_backup
from desktop_app.storage.database import open_database
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.restore import restore

EVIDENCE = "会议纪要 😀\n".encode() + bytes(range(256)) * 40


def _fill(repo, folder: Path) -> tuple[int, int, int]:
    inspection_id = repo.add_inspection(Inspection(name="依法行政专项巡察", kind="专项巡察"))
    problem_id = repo.add_problem(
        Problem(
            description="行政执法工作重视不够", leader="分管副局长", inspection_id=inspection_id
        )
    )
    measure_id = repo.add_measure(
        Measure(content="明确联合执法制度", status=Status.IN_PROGRESS, problem_id=problem_id)
    )
    source = folder / "纪要 原件.pdf"
    source.write_bytes(EVIDENCE)
    repo.evidence.add(problem_id, measure_id, source)
    return inspection_id, problem_id, measure_id


def _snapshot(db) -> dict[str, list]:
    tables = ("inspections", "problems", "measures", "progress", "evidence", "evidence_blobs")
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def test_round_trip_brings_back_the_backed_up_state(db, repo, db_path: Path) -> None:
    _, problem_id, measure_id = _fill(repo, db_path.parent)
    folder = db_path.parent / "backups"
    saved = _snapshot(db)
    copy = make_backup(db, folder, "manual")
    assert copy.is_file() and copy.name.startswith("lawledger-manual-")

    problem = repo.get_problem(problem_id)
    problem.description = "备份之后改过的描述"
    repo.update_problem(problem)
    repo.delete_measure(measure_id)
    assert _snapshot(db) != saved

    db.close()  # the caller closes its connection and opens the restored file anew
    safety = restore(db_path, copy, folder)
    db = open_database(db_path)
    repo = RectificationRepo(db)

    assert _snapshot(db) == saved
    [evidence] = repo.evidence.of_problem(problem_id)
    name, data = repo.evidence.data(evidence["id"])
    assert (name, data) == ("纪要 原件.pdf", EVIDENCE)
    assert hashlib.sha256(data).hexdigest() == evidence["sha256"]
    # The state before the restore is kept as a safety copy.
    assert safety.is_file() and safety.parent == folder
    assert [b.kind for b in list_backups(folder)].count("pre-restore") == 1
    old = sqlite3.connect(safety)
    try:
        assert old.execute("SELECT description FROM problems").fetchone()[0] == "备份之后改过的描述"
        assert old.execute("SELECT count(*) FROM measures").fetchone()[0] == 0
    finally:
        old.close()
    # The restore is logged in the restored database.
    row = db.execute(
        "SELECT record_type, after, summary FROM audit_log WHERE action = 'restore'"
    ).fetchall()
    assert len(row) == 1
    assert row[0][0] == "database" and copy.name in row[0][1] and safety.name in row[0][2]
    db.close()


def test_backup_progress_is_reported(demo_db, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    make_backup(
        demo_db, tmp_path / "b", "manual", progress=lambda done, total: seen.append((done, total))
    )
    assert seen and seen[-1][0] == seen[-1][1] > 0


def test_rotation_keeps_the_newest_of_each_kind(db, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    days = [datetime(2024, 1, d, 8, 0, 0) for d in range(1, 11)]
    for moment in days:
        make_backup(db, folder, "daily", taken_at=moment)
    make_backup(db, folder, "monthly", taken_at=days[0])
    kept = list_backups(folder)
    daily = [b.taken_at for b in kept if b.kind == "daily"]
    assert len(daily) == KEEP["daily"] == 7
    assert daily == sorted(days[-7:], reverse=True)
    assert [b.kind for b in kept].count("monthly") == 1  # other kinds are not pruned


def test_rotation_counts_copies_taken_in_the_same_second(db, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    moment = datetime(2024, 3, 1, 12, 0, 0)
    made = [
        make_backup(db, folder, "pre-restore", taken_at=moment)
        for _ in range(KEEP["pre-restore"] + 3)
    ]
    kept = [b.path for b in list_backups(folder)]
    assert len(set(made)) == len(made)  # every copy got its own name
    assert kept == made[::-1][: KEEP["pre-restore"]]  # the newest ones stay, newest first


def test_automatic_backup_once_per_period(db, tmp_path: Path) -> None:
    folder = tmp_path / "backups"

    def kinds(made: list[Path]) -> list[str]:
        return sorted(p.name.split("-")[1] for p in made)

    assert kinds(automatic_backup(db, folder, date(2024, 1, 1))) == ["daily", "monthly", "weekly"]
    assert automatic_backup(db, folder, date(2024, 1, 1)) == []
    assert kinds(automatic_backup(db, folder, date(2024, 1, 2))) == ["daily"]
    assert kinds(automatic_backup(db, folder, date(2024, 1, 8))) == ["daily", "weekly"]
    assert kinds(automatic_backup(db, folder, date(2024, 2, 1))) == ["daily", "monthly", "weekly"]
    assert automatic_backup(db, folder, date(2024, 2, 1)) == []
    taken = sorted(b.taken_at.date() for b in list_backups(folder) if b.kind == "weekly")
    assert taken == [date(2024, 1, 1), date(2024, 1, 8), date(2024, 2, 1)]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "foreign"])
def test_corrupt_backup_is_refused_and_nothing_changes(
    db, repo, db_path: Path, damage: str
) -> None:
    _fill(repo, db_path.parent)
    folder = db_path.parent / "backups"
    good = make_backup(db, folder, "manual")
    bad = db_path.parent / f"坏的 备份-{damage}.db"
    if damage == "garbage":
        bad.write_bytes(b"\x00\x01 not a database" * 500)
    elif damage == "truncated":
        data = good.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    else:
        other = sqlite3.connect(bad)
        other.execute("CREATE TABLE notes (text TEXT)")
        other.execute("INSERT INTO notes VALUES ('别的程序的数据库')")
        other.commit()
        other.close()
    before = _snapshot(db)
    listed = list_backups(folder)
    with pytest.raises(UserError) as caught:
        restore(db_path, bad, folder)
    assert bad.name in str(caught.value) or str(bad) in str(caught.value)
    assert _snapshot(db) == before
    assert list_backups(folder) == listed  # not even a safety copy was made


def test_missing_backup_file_is_refused(db, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到备份文件"):
        restore(tmp_path / "现有.db", tmp_path / "没有 这个.db", tmp_path / "backups")


def test_unknown_kind_is_a_programming_error(db, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        backup.make_backup(db, tmp_path, "hourly")


# -- a backup that is not complete never looks like one --------------------------------
class _Interrupted(BaseException):
    """Stands for the process being killed halfway through a copy."""


def _interrupt_halfway(done: int, total: int) -> None:
    if done < total:
        raise _Interrupted


def test_an_interrupted_backup_leaves_no_file_with_a_backup_name(demo_db, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    with pytest.raises(_Interrupted):
        make_backup(demo_db, folder, "daily", progress=_interrupt_halfway)
    assert list_backups(folder) == []
    assert not list(folder.glob("lawledger-*.db*"))  # not even the unfinished copy
    # So it did not count as today's backup: the next start makes it.
    assert [p.name.split("-")[1] for p in automatic_backup(demo_db, folder)].count("daily") == 1


def _killed_copy(folder: Path, name: str, age_seconds: float) -> Path:
    """What a backup killed while writing leaves: the unfinished copy and its journal."""
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"{name}{backup.PARTIAL}"
    partial.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    journal = Path(f"{partial}-journal")
    journal.write_bytes(b"\x00" * 512)
    moment = time.time() - age_seconds
    for path in (partial, journal):
        os.utime(path, (moment, moment))
    return partial


def test_a_killed_copy_is_not_offered_takes_no_slot_and_is_cleaned_later(db, tmp_path) -> None:
    folder = tmp_path / "backups"
    fresh = _killed_copy(folder, "lawledger-manual-20240301-120000.db", age_seconds=5)
    stale = _killed_copy(folder, "lawledger-daily-20240101-080000.db", age_seconds=7200)
    assert list_backups(folder) == []
    made = [
        make_backup(db, folder, "manual", taken_at=datetime(2024, 3, 2, 8, 0, s))
        for s in range(KEEP["manual"])
    ]
    assert [b.path for b in list_backups(folder)] == made[::-1]  # all 20 slots are real copies
    assert not stale.exists() and not Path(f"{stale}-journal").exists()
    assert fresh.exists()  # it may still be written by another process: left alone for now
    removed = backup.clean_stale(folder, older_than=0)
    assert set(removed) == {fresh, Path(f"{fresh}-journal")}
    assert not fresh.exists()


def test_rotation_removes_the_sidecar_files_too(db, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    oldest = make_backup(db, folder, "weekly", taken_at=datetime(2024, 1, 1, 8, 0, 0))
    for suffix in ("-wal", "-shm", "-journal"):  # an older version's copy, once opened
        Path(f"{oldest}{suffix}").write_bytes(b"\x00" * 64)
    for week in range(1, KEEP["weekly"] + 1):
        make_backup(db, folder, "weekly", taken_at=datetime(2024, 1, 1 + 7 * week, 8, 0, 0))
    assert not oldest.exists()
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(oldest.name)) == []


def test_a_backup_is_self_contained_and_readable_from_a_read_only_medium(db, tmp_path) -> None:
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # the live file is WAL
    made = make_backup(db, tmp_path / "U盘", "manual")
    assert made.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: no -wal/-shm needed
    conn = sqlite3.connect(f"{made.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] > 0
    finally:
        conn.close()
    assert sorted(p.name for p in made.parent.iterdir()) == [made.name]
