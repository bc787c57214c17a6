"""Full resident ID numbers never reach the audit log: masked, with the fact that one changed."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from desktop_app.domain.personnel import Person
from desktop_app.storage import audit
from desktop_app.storage.database import open_database
from desktop_app.storage.personnel.repo import PersonnelRepo

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2025, 3, 10)
FIRST, SECOND = "320602197803150013", "11010519491231002X"


def _log_text(db) -> str:
    rows = db.execute("SELECT summary, before, after FROM audit_log").fetchall()
    return "\n".join(str(value) for row in rows for value in row)


def _found(db, text: str) -> list[int]:
    query = audit.audit_query(db, audit.AuditFilter(text=text))
    return [row["record_id"] for row in query.fetch(0, 100)]


def test_person_writes_log_the_number_masked_and_say_it_changed(db) -> None:
    repo = PersonnelRepo(db)
    person_id = repo.add_person(Person("张伟", id_number=FIRST), TODAY)
    person = repo.get_person(person_id)
    person.id_number = SECOND
    person.gender = ""
    repo.update_person(person, TODAY)
    person = repo.get_person(person_id)
    person.phone = "0513-85000000"
    repo.update_person(person, TODAY)  # the number unchanged: nothing said of it
    text = _log_text(db)
    assert FIRST not in text and SECOND not in text
    assert "320602********0013" in text and "110105********002X" in text
    summaries = [r[0] for r in db.execute("SELECT summary FROM audit_log ORDER BY id")]
    assert summaries == ["张伟", "张伟,身份证号已变更", "张伟"]
    # 操作日志's search cannot find a person by the full number either.
    assert _found(db, FIRST) == [] and _found(db, SECOND[6:14]) == []
    # The register itself keeps the full number.
    assert repo.get_person(person_id).id_number == SECOND


def test_the_upgrade_masks_numbers_logged_by_earlier_versions(tmp_path: Path) -> None:
    copy = tmp_path / "旧 版本" / "schema_0002_personnel.db"
    copy.parent.mkdir()
    shutil.copyfile(FIXTURES / copy.name, copy)
    db = open_database(copy)
    try:
        text = _log_text(db)
        assert "11010519491231002X" not in text and "360426199101010071" not in text
        assert "110105********002X" in text
        assert db.execute("SELECT id_number FROM persons ORDER BY id").fetchall() == [
            ("11010519491231002X",),
            ("360426199101010071",),
        ]
    finally:
        db.close()
