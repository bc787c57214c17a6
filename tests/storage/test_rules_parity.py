"""Each warning rule is written once in SQL and once in the domain: the two agree.

Records are built around the boundaries of each rule (the deadline, the lead and stall
days, the expiry and review dates, the yearly minimum of hours), written straight into
a real database, and every SQL form of the rule (list column, filter, count) is checked
against the domain function on every record.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.personnel import (
    CERTIFICATE_STATUSES,
    HELD_STATUSES,
    PERSON_STATUSES,
    Certificate,
    CertWarning,
    PersonnelRules,
    certificate_warning,
    effective_status,
    worst_warning,
)
from desktop_app.domain.rectification import Alert, Status, WarningRules, warning_for
from desktop_app.domain.training import TrainingRules, hours_shortfall, training_required
from desktop_app.storage.personnel import queries as personnel
from desktop_app.storage.personnel.rules_sql import CertificateRules
from desktop_app.storage.rectification import queries as rectification
from desktop_app.storage.rectification.rules_sql import warning_sql
from desktop_app.storage.training import queries as training

TODAY = date(2025, 3, 10)
STAMP = "2025-01-02 09:00:00"


def _stamped(db, table: str, values: dict) -> int:
    """Insert a row with its creation and update times; its id."""
    return db[table].insert({**values, "created_at": STAMP, "updated_at": STAMP}).last_pk


DAY = timedelta(days=1)
EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _near(*bases: int) -> st.SearchStrategy[int]:
    """Day offsets at and beside the given boundaries, or anywhere within a year."""
    around = st.sampled_from(bases).flatmap(lambda b: st.integers(b - 2, b + 2))
    return st.one_of(around, st.integers(-365, 365))


def _day(offset: int | None) -> str | None:
    return None if offset is None else (TODAY + offset * DAY).isoformat()


# -- 三色督办 ------------------------------------------------------------------------------
@st.composite
def problems(draw) -> tuple[WarningRules, list[dict]]:
    """Rules, and problems whose dates sit at the rules' boundaries."""
    rules = WarningRules(lead_days=draw(st.integers(0, 30)), stall_days=draw(st.integers(0, 60)))
    rows = []
    for _ in range(draw(st.integers(1, 25))):
        deadline = draw(st.one_of(st.none(), _near(0, rules.lead_days)))
        progress = draw(st.one_of(st.none(), _near(-rules.stall_days)))
        created = draw(_near(-rules.stall_days).filter(lambda d: d <= 0))
        rows.append(
            {
                "status": draw(st.sampled_from([s.value for s in Status])),
                "deadline": _day(deadline),
                "last_progress": _day(progress),
                "created_at": f"{_day(created)} {draw(st.integers(0, 23)):02d}:30:00",
            }
        )
    return rules, rows


def test_three_colour_warning_in_sql_is_warning_for(db) -> None:
    inspection = _stamped(db, "inspections", {"name": "边界"})

    @EXAMPLES
    @given(problems())
    def check(case: tuple[WarningRules, list[dict]]) -> None:
        rules, rows = case
        db.execute("DELETE FROM problems")
        for n, row in enumerate(rows):
            db["problems"].insert(
                {**row, "inspection_id": inspection, "description": f"问题{n}"}
                | {"updated_at": STAMP}
            )
        expected = {}
        for pid, status, deadline, progress, created in db.execute(
            "SELECT id, status, deadline, last_progress, created_at FROM problems"
        ).fetchall():
            activity = date.fromisoformat(progress or created[:10])
            due = date.fromisoformat(deadline) if deadline else None
            expected[pid] = warning_for(Status(status), due, activity, TODAY, rules).value
        in_sql = dict(
            db.execute(f"SELECT id, {warning_sql(TODAY, rules)} FROM problems").fetchall()
        )
        assert in_sql == expected
        listed = rectification.problem_query(db, rectification.ProblemFilter(), TODAY, rules)
        assert {r["id"]: r["warning"] for r in listed.fetch(0, 100)} == expected
        for alert in (Alert.OVERDUE, Alert.STALLED, Alert.NEAR):
            flt = rectification.ProblemFilter(warning=alert.value)
            found = rectification.problem_query(db, flt, TODAY, rules).count()
            assert found == list(expected.values()).count(alert.value)
        counts = rectification.summary(db, rectification.ProblemFilter(), TODAY, rules)
        assert counts.overdue == list(expected.values()).count(Alert.OVERDUE.value)

    check()


# -- certificate warnings -------------------------------------------------------------------
@st.composite
def roster(draw) -> tuple[PersonnelRules, list[tuple[str, list[dict]]]]:
    """Rules, and persons whose certificates expire or fall due around the boundaries."""
    rules = PersonnelRules(lead_days=draw(st.integers(0, 90)))
    people = []
    for _ in range(draw(st.integers(1, 12))):
        certificates = []
        for _ in range(draw(st.integers(0, 3))):
            status = draw(st.sampled_from(CERTIFICATE_STATUSES))
            until = draw(_near(0, rules.lead_days))
            # Held certificates always have their next review stored (the repository and
            # the events compute it); ended ones have none.
            review = draw(_near(0, rules.lead_days)) if status in HELD_STATUSES else None
            certificates.append(
                {"status": status, "valid_until": _day(until), "review_due": _day(review)}
            )
        people.append((draw(st.sampled_from(PERSON_STATUSES)), certificates))
    return rules, people


def _write_roster(db, people: list[tuple[str, list[dict]]]) -> None:
    db.execute("DELETE FROM certificates")
    db.execute("DELETE FROM persons")
    for n, (status, certificates) in enumerate(people):
        person = _stamped(db, "persons", {"name": f"人员{n}", "status": status})
        for k, cert in enumerate(certificates):
            values = {"person_id": person, "number": f"N{n}-{k}", "issue_date": "2010-01-01"}
            _stamped(db, "certificates", {**cert, **values})


def _domain_certificates(db) -> dict[int, tuple[str, Certificate]]:
    """Each certificate as the domain sees it, with its holder's status."""
    found = {}
    for cid, pid, status, until, review, person_status in db.execute(
        "SELECT c.id, c.person_id, c.status, c.valid_until, c.review_due, p.status"
        " FROM certificates c JOIN persons p ON p.id = c.person_id"
    ).fetchall():
        cert = Certificate(
            person_id=pid,
            number=str(cid),
            status=status,
            issue_date=date(2010, 1, 1),
            valid_until=date.fromisoformat(until),
            review_due=date.fromisoformat(review) if review else None,
            id=cid,
        )
        found[cid] = (person_status, cert)
    return found


def _written(db, case: tuple[PersonnelRules, list[tuple[str, list[dict]]]]) -> tuple:
    """Write a drawn roster: its rules, and its certificates as the domain reads them."""
    rules, people = case
    _write_roster(db, people)
    return rules, _domain_certificates(db)


def test_certificate_warnings_in_sql_are_the_domain_rules(db) -> None:
    @EXAMPLES
    @given(roster())
    def check(case: tuple[PersonnelRules, list[tuple[str, list[dict]]]]) -> None:
        rules, certs = _written(db, case)
        per_cert = {
            cid: certificate_warning(cert, status, TODAY, rules)
            for cid, (status, cert) in certs.items()
        }
        sql = CertificateRules(TODAY, rules)
        in_sql = dict(
            db.execute(
                f"SELECT c.id, {sql.certificate_case('p.status')} FROM certificates c"
                " JOIN persons p ON p.id = c.person_id"
            ).fetchall()
        )
        assert in_sql == {cid: w.value for cid, w in per_cert.items()}
        expected = {}
        for (pid,) in db.execute("SELECT id FROM persons").fetchall():
            mine = [w for cid, w in per_cert.items() if certs[cid][1].person_id == pid]
            expected[pid] = worst_warning(mine).value
        query = personnel.roster_query(db, personnel.RosterFilter(), TODAY, rules)
        assert {r["id"]: r["warning"] for r in query.fetch(0, 100)} == expected
        figures = personnel.summary(db, personnel.RosterFilter(), TODAY, rules, TODAY.year)
        for warning in (w for w in CertWarning if w.value):
            flt = personnel.RosterFilter(condition=warning.value)
            filtered = personnel.roster_query(db, flt, TODAY, rules)
            wanted = {pid for pid, w in expected.items() if w == warning.value}
            assert {r["id"] for r in filtered.fetch(0, 100)} == wanted
            assert figures.warnings[warning.value] == len(wanted)
        anyone = personnel.RosterFilter(condition=personnel.ANY_WARNING)
        warned = {r["id"] for r in personnel.roster_query(db, anyone, TODAY, rules).fetch(0, 100)}
        assert warned == {pid for pid, w in expected.items() if w}

    check()


def test_certificate_list_shows_the_domain_status_and_warning(db) -> None:
    @EXAMPLES
    @given(roster())
    def check(case: tuple[PersonnelRules, list[tuple[str, list[dict]]]]) -> None:
        rules, certs = _written(db, case)
        for pid, status in db.execute("SELECT id, status FROM persons").fetchall():
            rows = personnel.certificate_query(db, pid, status, TODAY, rules).fetch(0, 10)
            for row in rows:
                person_status, cert = certs[row["id"]]
                assert row["shown_status"] == effective_status(cert.status, cert.valid_until, TODAY)
                assert row["warning"] == certificate_warning(cert, person_status, TODAY, rules)

    check()


def test_expiring_within_days_is_the_window_not_the_lead_days(db) -> None:
    """The roster's "即将到期 within N days": in service, nothing expired, one expiring."""

    @EXAMPLES
    @given(roster(), st.integers(0, 400))
    def check(case: tuple[PersonnelRules, list[tuple[str, list[dict]]]], within: int) -> None:
        rules, certs = _written(db, case)
        wanted = set()
        for (pid,) in db.execute("SELECT id FROM persons").fetchall():
            mine = [(s, c) for s, c in certs.values() if c.person_id == pid]
            valid = [c for _s, c in mine if c.status == "有效"]
            serving = all(s not in ("调离", "退休") for s, _c in mine)
            expired = any(c.valid_until < TODAY for c in valid)
            soon = any(TODAY <= c.valid_until <= TODAY + within * DAY for c in valid)
            if mine and serving and soon and not expired:
                wanted.add(pid)
        flt = personnel.RosterFilter(condition=CertWarning.EXPIRING.value, within_days=within)
        query = personnel.roster_query(db, flt, TODAY, rules)
        assert {r["id"] for r in query.fetch(0, 100)} == wanted

    check()


# -- training hours ---------------------------------------------------------------------------
@st.composite
def trainees(draw) -> tuple[float, list[tuple[str, list[str], list[tuple[str, float]]]]]:
    """A minimum, and persons with certificates and hours just under, at and over it."""
    minimum = draw(st.integers(0, 200)) / 10
    people = []
    for _ in range(draw(st.integers(1, 10))):
        statuses = draw(st.lists(st.sampled_from(CERTIFICATE_STATUSES), max_size=2))
        hours = []
        for _ in range(draw(st.integers(0, 4))):
            day = draw(st.sampled_from(["2024-12-31", "2025-01-01", "2025-06-30", "2026-01-01"]))
            tenths = draw(
                st.one_of(st.integers(1, 100), st.integers(-2, 2).map(lambda k: minimum * 10 + k))
            )
            hours.append((day, max(int(tenths), 1) / 10))
        people.append((draw(st.sampled_from(PERSON_STATUSES)), statuses, hours))
    return minimum, people


def test_training_shortfall_in_sql_is_hours_shortfall(db) -> None:
    @EXAMPLES
    @given(trainees())
    def check(case: tuple[float, list]) -> None:
        minimum, people = case
        for table in ("training_attendance", "training_sessions", "certificates", "persons"):
            db.execute(f"DELETE FROM {table}")
        expected: dict[int, float] = {}
        listed: set[int] = set()
        for n, (status, statuses, hours) in enumerate(people):
            person = _stamped(db, "persons", {"name": f"学员{n}", "status": status})
            for k, cert_status in enumerate(statuses):
                cert = {"person_id": person, "number": f"T{n}-{k}", "status": cert_status}
                cert |= {"issue_date": "2020-01-01", "valid_until": "2030-01-01"}
                _stamped(db, "certificates", cert)
            in_year = 0.0
            for day, credited in hours:
                session = _stamped(
                    db,
                    "training_sessions",
                    {"date": day, "title": "学法", "kind": "专题讲座", "hours": credited},
                )
                attendance = {"session_id": session, "person_id": person, "hours": credited}
                _stamped(db, "training_attendance", attendance)
                if day.startswith("2025"):
                    in_year += credited
                    listed.add(person)
            if status == "在职":
                listed.add(person)
            required = training_required(status, statuses)
            expected[person] = hours_shortfall(in_year, minimum, required)
        rules = TrainingRules(min_hours=minimum)
        rows = training.person_year_query(db, 2025, rules).fetch(0, 100)
        assert {r["id"]: r["shortfall"] for r in rows} == {p: expected[p] for p in listed}
        figures = training.year_figures(db, 2025, rules)
        assert figures.short == sum(1 for p in listed if expected[p] > 0)
        short = dict(
            db.execute(
                f"SELECT p.id, {personnel.short_hours_sql(TODAY, minimum)} FROM persons p"
            ).fetchall()
        )
        assert short == {p: int(lack > 0) for p, lack in expected.items()}

    check()
