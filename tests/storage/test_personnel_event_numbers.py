"""A certificate's events keep the number each was made with; older files get it filled."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.domain.personnel import CertificateEvent, Renewal
from desktop_app.storage.database import open_database
from desktop_app.storage.personnel.repo import PersonnelRepo
from tests.personnel_factory import add_person, issue

TODAY = date(2025, 3, 10)


def _renewed(repo: PersonnelRepo) -> int:
    """新办 A1 (2019), 年审 (2020), 换证 to A2 (2024), 年审 (2025): the certificate's id."""
    person = add_person(repo, "王建国", TODAY)
    cert_id = issue(repo, person, "A1", date(2019, 12, 20))
    repo.record_event(cert_id, CertificateEvent("年审", date(2020, 12, 1), person))
    renewal = Renewal(date(2029, 11, 30), "A2")
    repo.record_event(cert_id, CertificateEvent("换证", date(2024, 12, 1), person), renewal)
    repo.record_event(cert_id, CertificateEvent("年审", date(2025, 3, 1), person))
    return cert_id


def _history(db, cert_id: int) -> list[tuple[str, str]]:
    sql = "SELECT event, number FROM certificate_events WHERE certificate_id = ? ORDER BY date"
    return [tuple(r) for r in db.execute(sql, [cert_id]).fetchall()]


EXPECTED = [("新办", "A1"), ("年审", "A1"), ("换证", "A2"), ("年审", "A2")]


def test_renewal_to_a_new_number_keeps_the_earlier_events_number(db) -> None:
    repo = PersonnelRepo(db)
    cert_id = _renewed(repo)
    assert repo.get_certificate(cert_id).number == "A2"
    assert _history(db, cert_id) == EXPECTED
    assert [(e.event, e.number) for e in repo.events_of(cert_id)] == EXPECTED


def test_an_older_file_gets_the_numbers_from_the_audit_log(db_path: Path) -> None:
    db = open_database(db_path)
    repo = PersonnelRepo(db)
    cert_id = _renewed(repo)
    person = repo.get_certificate(cert_id).person_id
    other = issue(repo, add_person(repo, "李四", TODAY), "B1", date(2021, 5, 6))
    # An event written without an audit row (as the demo writes them): the certificate's number.
    db.execute(
        "INSERT INTO certificate_events (certificate_id, person_id, event, date, created_at)"
        " VALUES (?, ?, '年审', '2022-05-01', '2022-05-01 09:00:00')",
        [other, repo.get_certificate(other).person_id],
    )
    # The file as the previous version left it: no number column, step 0011 not applied.
    db.execute("ALTER TABLE certificate_events DROP COLUMN number")
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0011_certificate_event_numbers'")
    db.conn.commit()
    db.close()

    upgraded = open_database(db_path)
    try:
        assert _history(upgraded, cert_id) == EXPECTED
        assert _history(upgraded, other) == [("新办", "B1"), ("年审", "B1")]
        assert person and upgraded.execute(
            "SELECT count(*) FROM certificate_events WHERE number = ''"
        ).fetchone() == (0,)
    finally:
        upgraded.close()
