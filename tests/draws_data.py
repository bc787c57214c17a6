"""Test data of the draw register: companies, inspectors with certificates, seed 000's plan."""

from __future__ import annotations

from datetime import date, timedelta

from stdnum.cn import ric

from desktop_app.domain.draws import DrawPlan, InspectorProfile, Quota, Target
from desktop_app.domain.personnel import Certificate, Person
from desktop_app.storage.draws.repo import DrawsRepo
from desktop_app.storage.personnel.repo import PersonnelRepo

DAY = date(2022, 6, 15)
WHO = {"operator": "李明", "witness": "王芳"}


def add_inspectors(db, agency: str, count: int, *, certified: int, start: int = 0) -> list[int]:
    """``count`` serving persons of ``agency``; the first ``certified`` hold a valid card."""
    people, draws = PersonnelRepo(db), DrawsRepo(db)
    ids = []
    for n in range(count):
        index = db.execute("SELECT count(*) FROM persons").fetchone()[0]
        born = date(1970, 1, 1) + timedelta(days=37 * index)
        body = f"110105{born:%Y%m%d}{index % 1000:03d}"  # a valid, unique resident ID
        resident = body + ric.calc_check_digit(body + "0")
        person = Person(f"{agency}{start + n:02d}", id_number=resident, unit=f"市{agency}局")
        person_id = people.add_person(person)
        if n < certified:
            number = f"{agency}{start + n:04d}"
            people.issue_certificate(
                Certificate(person_id, number, issue_date=date(2020, 1, 1),
                            valid_until=date(2025, 12, 31))
            )  # fmt: skip
        draws.save_profile(InspectorProfile(person_id, agency=agency))
        ids.append(person_id)
    return ids


def add_targets(repo: DrawsRepo, count: int, **values) -> list[int]:
    return [repo.add_target(Target(f"企业{n:03d}", **values)) for n in range(count)]


def make_office(db) -> tuple[list[int], list[int], list[int]]:
    """Seed 000's pools: 40 companies, 20 科技 (16 certified), 20 人社 (10 certified)."""
    targets = add_targets(DrawsRepo(db), 40, kind="企业")
    science = add_inspectors(db, "科技", 20, certified=16)
    labour = add_inspectors(db, "人社", 20, certified=10)
    return targets, science, labour


def joint(**changes) -> DrawPlan:
    values = {
        "title": "2022全市外国人合法工作情况检查",
        "draw_date": DAY,
        "count": 9,
        "team_size": 4,
        "quotas": (Quota("科技", 2), Quota("人社", 2)),
    }
    values.update(changes)
    return DrawPlan(**values)
