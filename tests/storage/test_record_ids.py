"""Record ids are never given twice, so the audit history of a deleted record stays its own."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

from desktop_app.domain.personnel import Person
from desktop_app.domain.rectification import Inspection, Problem
from desktop_app.domain.training import TrainingSession
from desktop_app.storage.database import open_database
from desktop_app.storage.id_sequence import counts_ids
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.training.repo import TrainingRepo
from tests.storage.released_tables import EARLY_RECORD_TABLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2025, 3, 10)
COUNTED = EARLY_RECORD_TABLES  # each one's ids are never given twice (migration 0009)


def _history(db, record_type: str, record_id: int) -> list[str]:
    rows = db.execute(
        "SELECT action FROM audit_log WHERE record_type = ? AND record_id = ? ORDER BY id",
        [record_type, record_id],
    ).fetchall()
    return [r[0] for r in rows]


def test_a_deleted_newest_problem_keeps_its_id_and_history(db) -> None:
    repo = RectificationRepo(db)
    inspection = repo.add_inspection(Inspection("市委第一巡察组反馈"))
    repo.add_problem(Problem("第一个问题", inspection_id=inspection))
    newest = repo.add_problem(Problem("将被删除的问题", inspection_id=inspection))
    repo.delete_problem(newest)
    added = repo.add_problem(Problem("新问题", inspection_id=inspection))
    assert added > newest
    assert _history(db, "problem", newest) == ["create", "delete"]
    assert _history(db, "problem", added) == ["create"]


def test_a_deleted_newest_person_keeps_its_id(db) -> None:
    repo = PersonnelRepo(db)
    repo.add_person(Person("张三"), TODAY)
    newest = repo.add_person(Person("李四"), TODAY)
    repo.delete_person(newest)
    added = repo.add_person(Person("王五"), TODAY)
    assert added > newest
    assert _history(db, "person", newest) == ["create", "delete"]


def test_a_deleted_newest_session_keeps_its_id(db) -> None:
    repo = TrainingRepo(db)
    first = TrainingSession("民法典专题学习", date(2024, 3, 1), hours=2)
    repo.add_session(first)
    newest = repo.add_session(TrainingSession("行政处罚法学习", date(2024, 4, 1), hours=2))
    repo.delete_session(newest)
    added = repo.add_session(TrainingSession("行政复议法学习", date(2024, 5, 1), hours=2))
    assert added > newest
    assert _history(db, "training_session", added) == ["create"]


def test_every_register_table_counts_its_ids(db) -> None:
    assert [t for t in COUNTED if not counts_ids(db, t)] == []


def _upgraded(tmp_path: Path, name: str) -> Path:
    copy = tmp_path / "旧 版本" / name
    copy.parent.mkdir()
    shutil.copyfile(FIXTURES / name, copy)
    return copy


def test_an_id_deleted_before_the_upgrade_is_not_given_again(tmp_path: Path) -> None:
    copy = _upgraded(tmp_path, "schema_0003_training.db")
    conn = sqlite3.connect(copy)  # an older version deletes the newest exam, as it could
    newest = conn.execute("SELECT MAX(id) FROM qualification_exams").fetchone()[0]
    conn.execute("DELETE FROM qualification_exams WHERE id = ?", [newest])
    conn.execute(
        "INSERT INTO audit_log (at, os_user, action, record_type, record_id)"
        " VALUES ('2024-12-31 10:00:00', 'clerk', 'delete', 'qualification_exam', ?)",
        [newest],
    )
    conn.commit()
    conn.close()
    db = open_database(copy)
    try:
        from desktop_app.domain.personnel import QualificationExam

        person = db.execute("SELECT MIN(id) FROM persons").fetchone()[0]
        exam = QualificationExam(person, "专业法律知识", date(2025, 1, 9), score=90)
        assert PersonnelRepo(db).add_exam(exam) == newest + 1
    finally:
        db.close()


def test_the_upgrade_keeps_every_row_index_trigger_and_evidence_file(tmp_path: Path) -> None:
    copy = _upgraded(tmp_path, "schema_0003_training.db")
    conn = sqlite3.connect(copy)
    before = {t: conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in COUNTED}
    had = {t: ", ".join(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in COUNTED}
    blobs = conn.execute("SELECT evidence_id, data FROM evidence_blobs").fetchall()
    conn.close()
    db = open_database(copy)
    try:  # every row kept, in the columns it had (later steps add columns)
        after = {t: db.execute(f"SELECT {had[t]} FROM {t} ORDER BY id").fetchall() for t in COUNTED}
        assert after == before
        assert db.execute("SELECT evidence_id, data FROM evidence_blobs").fetchall() == blobs
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        upgraded = _schema(db)
    finally:
        db.close()
    fresh = open_database(tmp_path / "新建.db")
    try:
        assert upgraded == _schema(fresh)  # an upgraded file is the same as a new one
    finally:
        fresh.close()


def _schema(db) -> list[tuple[str, str, str]]:
    rows = db.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
    )
    return [tuple(r) for r in rows]
