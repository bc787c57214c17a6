"""Building personnel records for tests through the repository, as the application does."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from stdnum.cn import ric

from desktop_app.domain.personnel import Certificate, CertificateEvent, Person
from desktop_app.storage.personnel.repo import PersonnelRepo

_serial = count(1)


def resident_id(born: date = date(1980, 5, 17), male: bool = True) -> str:
    """A fresh valid resident ID (鹤壁市 region code) for the given birth date and gender."""
    n = next(_serial)
    seq = (n % 500) * 2 + (1 if male else 0)  # digit 17: odd for men
    born += timedelta(days=n // 500)
    body = f"410600{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def add_person(repo: PersonnelRepo, name: str, today: date, **fields) -> int:
    """A serving staff member with a valid ID unless told otherwise."""
    fields.setdefault("id_number", resident_id())
    fields.setdefault("unit", "鹤壁市科学技术局")
    fields.setdefault("department", "法规科")
    return repo.add_person(Person(name, **fields), today)


def set_status(repo: PersonnelRepo, person_id: int, status: str, today: date) -> None:
    """Change a person's status (调离 / 退休) as the person dialog does."""
    person = repo.get_person(person_id)
    person.status = status
    repo.update_person(person, today)


def issue(
    repo: PersonnelRepo,
    person_id: int,
    number: str,
    issued: date,
    until: date | None = None,
    kind: str = "行政执法证",
) -> int:
    """新办 a certificate valid five years unless ``until`` says otherwise."""
    cert = Certificate(
        person_id=person_id,
        number=number,
        kind=kind,
        category="科技行政执法/鹤壁市",
        authority="鹤壁市人民政府",
        issue_date=issued,
        valid_until=until or issued.replace(year=issued.year + 5) - timedelta(days=1),
    )
    return repo.issue_certificate(cert, doc_ref="鹤政执证〔2015〕1号")


def build_seed_001_year(repo: PersonnelRepo, year: int) -> dict[str, list[int]]:
    """Seed 001's year: 1 new certificate, 3 cancelled (two persons), 11 transferred out.

    Everyone starts with a certificate issued years before; events of the year before
    are added too, so only the year's own events may be counted.
    """
    today = date(year, 12, 31)
    before = date(year - 3, 3, 1)
    made: dict[str, list[int]] = {"stay": [], "cancel": [], "transfer": []}
    for n in range(4):
        person = add_person(repo, f"留任{n + 1}", today)
        issue(repo, person, f"S{n:04d}", before)
        made["stay"].append(person)
    new_person = add_person(repo, "新办人员", today)
    issue(repo, new_person, "N0001", date(year, 5, 20))
    made["new"] = [new_person]
    retired = add_person(repo, "退休人员", today)
    moved = add_person(repo, "调离人员", today)
    certs = [
        issue(repo, retired, "C0001", before),
        issue(repo, moved, "C0002", before),
        issue(repo, moved, "J0002", before, kind="行政执法监督证"),
    ]
    repo.record_events(certs[:1], CertificateEvent("注销", date(year, 3, 5), 0, reason="退休"))
    repo.record_events(
        certs[1:], CertificateEvent("注销", date(year, 7, 1), 0, reason="调离执法岗位")
    )
    made["cancel"] = [retired, moved]
    for n in range(11):
        person = add_person(repo, f"划转{n + 1}", today, unit="鹤壁市科技信息研究所")
        issue(repo, person, f"T{n:04d}", before)
        made["transfer"].append(person)
    repo.transfer_out(made["transfer"], date(year, 9, 30), "机构改革,执法关系随人员划转")
    old = add_person(repo, "前一年注销", today)
    old_cert = issue(repo, old, "P0001", before)
    repo.record_events(
        [old_cert], CertificateEvent("注销", date(year - 1, 12, 31), 0, reason="辞职")
    )
    return made
