"""Personnel storage on a real SQLite file: writes with audit, refusals, roster queries."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from stdnum.cn import ric

from desktop_app.demo.personnel import OFFICE_HOLDERS, create_demo
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.personnel import (
    Certificate,
    CertificateEvent,
    CertWarning,
    Person,
    PersonnelRules,
    Renewal,
    certificate_warning,
    worst_warning,
)
from desktop_app.storage.personnel import queries as q
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.personnel.rows import certificate_from_row
from tests.personnel_factory import (
    add_person,
    build_seed_001_year,
    issue,
    resident_id,
    set_status,
)

TODAY = date(2025, 3, 10)
TABLES = ("persons", "certificates", "certificate_events", "qualification_exams", "audit_log")


@pytest.fixture
def repo(db) -> PersonnelRepo:
    return PersonnelRepo(db)


def counts(db) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def refused(db, action, field: str) -> ValidationError:
    """Run an action that must be refused naming ``field``, and check nothing changed."""
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        action()
    assert err.value.field == field
    assert counts(db) == before
    return err.value


def roster(db, rules=None, **filters) -> list[dict]:
    query = q.roster_query(db, q.RosterFilter(**filters), TODAY, rules or PersonnelRules())
    return query.fetch(0, 10_000)


# -- persons ---------------------------------------------------------------------------
def test_person_saved_with_derived_fields_search_text_and_audit(db, repo) -> None:
    number = resident_id(date(1985, 2, 3), male=False)
    person_id = add_person(repo, "王芳", TODAY, id_number=number.lower(), phone="0392-3311234")
    person = repo.get_person(person_id)
    assert (person.gender, person.birth_date, person.id_number) == ("女", date(1985, 2, 3), number)
    text = db.execute("SELECT search_text FROM persons WHERE id = ?", [person_id]).fetchone()[0]
    assert "王芳" in text and number in text
    row = db.execute("SELECT action, record_type, summary FROM audit_log").fetchall()
    assert row == [("create", "person", "王芳")]


@pytest.mark.parametrize(
    ("number", "field"),
    [
        ("410600198005170012", "身份证号"),  # wrong check digit
        ("41060019800230001" + ric.calc_check_digit("410600198002300010"), "身份证号"),
    ],
)
def test_invalid_ids_are_refused_and_nothing_saved(db, repo, number: str, field: str) -> None:
    error = refused(db, lambda: repo.add_person(Person("张伟", id_number=number), TODAY), field)
    assert "校验位" in error.message or "不是存在的日期" in error.message


def test_duplicate_id_and_contradicting_gender_are_refused(db, repo) -> None:
    number = resident_id(male=True)
    add_person(repo, "张伟", TODAY, id_number=number)
    error = refused(
        db, lambda: repo.add_person(Person("张伟伟", id_number=number), TODAY), "身份证号"
    )
    assert "张伟" in error.message
    person = Person("李丽", gender="女", id_number=resident_id(male=True))
    refused(db, lambda: repo.add_person(person, TODAY), "性别")


def test_update_keeps_own_id_and_is_audited(db, repo) -> None:
    person_id = add_person(repo, "张伟", TODAY)
    person = repo.get_person(person_id)
    person.post = "科长"
    repo.update_person(person, TODAY)
    assert repo.get_person(person_id).post == "科长"
    assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'update'").fetchone()[0] == 1


def test_delete_only_without_records(db, repo) -> None:
    keep = add_person(repo, "持证人", TODAY)
    issue(repo, keep, "A0001", date(2022, 1, 1))
    with pytest.raises(UserError, match="调离"):
        repo.delete_person(keep)
    gone = add_person(repo, "录错了", TODAY)
    repo.delete_person(gone)
    assert [p["name"] for p in roster(db)] == ["持证人"]


# -- certificates and events -------------------------------------------------------------
def test_duplicate_number_is_refused_per_kind(db, repo) -> None:
    first, second = add_person(repo, "甲", TODAY), add_person(repo, "乙", TODAY)
    issue(repo, first, "41060000001", date(2022, 1, 1))
    error = refused(db, lambda: issue(repo, second, "41060000001", date(2023, 1, 1)), "证号")
    assert "甲" in error.message
    issue(repo, second, "41060000001", date(2023, 1, 1), kind="行政执法监督证")


def test_valid_until_before_issue_is_refused(db, repo) -> None:
    person = add_person(repo, "甲", TODAY)
    refused(db, lambda: issue(repo, person, "A1", date(2022, 1, 1), date(2021, 12, 31)), "有效期至")


def test_issue_is_one_transaction_with_event_and_review_date(db, repo) -> None:
    person = add_person(repo, "甲", TODAY)
    cert_id = issue(repo, person, "A1", date(2022, 1, 1))
    cert = repo.get_certificate(cert_id)
    assert cert.review_due == date(2023, 1, 1) and cert.status == "有效"
    assert [(e.event, e.date) for e in repo.events_of(cert_id)] == [("新办", date(2022, 1, 1))]
    assert [r["certificates"] for r in roster(db)] == ["执法证 A1"]
    assert roster(db, text="A1")[0]["name"] == "甲"


def test_employment_type_needs_confirmation(db, repo) -> None:
    person = add_person(repo, "聘用人员", TODAY, employment_type="聘用")
    cert = Certificate(person, "B1", issue_date=date(2024, 1, 1), valid_until=date(2029, 1, 1))
    refused(db, lambda: repo.issue_certificate(cert), "人员类别")
    repo.issue_certificate(cert, allow_employment=True)
    assert repo.certificates_of(person)[0].number == "B1"


def test_event_before_issue_and_cancel_without_reason_are_refused(db, repo) -> None:
    person = add_person(repo, "甲", TODAY)
    cert_id = issue(repo, person, "A1", date(2022, 1, 1))
    early = CertificateEvent("年审", date(2021, 12, 31), person)
    refused(db, lambda: repo.record_event(cert_id, early), "日期")
    cancel = CertificateEvent("注销", TODAY, person, reason="   ")
    refused(db, lambda: repo.record_event(cert_id, cancel), "原因")
    repo.record_event(cert_id, CertificateEvent("注销", TODAY, person, reason="退休"))
    assert repo.get_certificate(cert_id).status == "注销"


def test_renewal_changes_number_and_dates(db, repo) -> None:
    person = add_person(repo, "甲", TODAY)
    cert_id = issue(repo, person, "A1", date(2020, 4, 1))
    repo.record_event(
        cert_id, CertificateEvent("换证", TODAY, person), Renewal(date(2030, 3, 9), "A2")
    )
    cert = repo.get_certificate(cert_id)
    assert (cert.number, cert.issue_date, cert.valid_until) == ("A2", TODAY, date(2030, 3, 9))
    assert roster(db, text="A2")[0]["name"] == "甲"


def test_batch_is_all_or_nothing(db, repo) -> None:
    people = [add_person(repo, f"人员{n}", TODAY) for n in range(3)]
    certs = [issue(repo, p, f"A{n}", date(2022, 1, 1)) for n, p in enumerate(people)]
    repo.record_event(certs[2], CertificateEvent("注销", TODAY, people[2], reason="辞职"))
    review = CertificateEvent("年审", TODAY, 0)
    error = refused(db, lambda: repo.record_events(certs, review), "事项")
    assert "人员2" in error.message and "未保存" in error.message
    repo.record_events(certs[:2], review)
    assert [repo.get_certificate(c).last_review for c in certs] == [TODAY, TODAY, None]


def test_transfer_out_moves_certificates_and_person(db, repo) -> None:
    holder = add_person(repo, "甲", TODAY)
    cert_id = issue(repo, holder, "A1", date(2022, 1, 1))
    without = add_person(repo, "乙", TODAY)
    assert repo.transfer_out([holder, without], TODAY, "机构改革") == 2
    assert repo.get_certificate(cert_id).status == "转出"
    assert {repo.get_person(p).status for p in (holder, without)} == {"调离"}
    assert q.year_counts(db, 2025).transferred_persons == 2
    with pytest.raises(UserError, match="已经转出"):
        repo.transfer_out([without], TODAY)


def test_saving_rules_re_dates_reviews_in_one_transaction(db, repo) -> None:
    person = add_person(repo, "甲", TODAY)
    cert_id = issue(repo, person, "A1", date(2022, 1, 1))
    repo.save_rules(PersonnelRules(review_interval_months=24, lead_days=30, pass_mark=70))
    assert repo.get_certificate(cert_id).review_due == date(2024, 1, 1)
    assert repo.rules().lead_days == 30 and repo.rules().pass_mark == 70
    refused(db, lambda: repo.save_rules(PersonnelRules(pass_mark=120)), "合格分数线")


# -- counts and the roster ---------------------------------------------------------------
def test_seed_001_year_counts_exactly(db, repo) -> None:
    build_seed_001_year(repo, 2019)
    counts_2019 = q.year_counts(db, 2019)
    assert (counts_2019.new, counts_2019.cancelled, counts_2019.transferred_persons) == (1, 3, 11)
    figures = q.summary(db, q.RosterFilter(), date(2019, 12, 31), PersonnelRules(), 2019)
    assert figures.year == counts_2019
    assert "新办证件 1 个" in figures.text() and "注销 3 个" in figures.text()
    assert "转出执法关系 11 人" in figures.text()
    assert q.year_counts(db, 2018).cancelled == 1


def test_roster_filters(db, repo) -> None:
    today = TODAY
    expired = add_person(repo, "过期", today)
    issue(repo, expired, "E1", date(2020, 1, 1), date(2025, 1, 1))
    soon = add_person(repo, "将到期", today, department="办公室")
    issue(repo, soon, "E2", date(2020, 4, 1), date(2025, 4, 1))
    later = add_person(repo, "九十天", today)
    issue(repo, later, "E3", date(2020, 6, 1), date(2025, 6, 1))
    left = add_person(repo, "已退休", today, unit="鹤壁市生产力促进中心")
    issue(repo, left, "E4", date(2023, 1, 1))
    set_status(repo, left, "退休", today)
    add_person(repo, "无证", today, employment_type="聘用")
    supervisor = add_person(repo, "监督员", today)
    issue(repo, supervisor, "J1", date(2024, 12, 1), kind="行政执法监督证")

    def names(**filters) -> set[str]:
        return {r["name"] for r in roster(db, **filters)}

    assert names(condition="已过期") == {"过期"}
    assert names(condition="即将到期") == {"将到期"}
    assert names(condition="即将到期", within_days=90) == {"将到期", "九十天"}
    assert names(condition="应注销") == {"已退休"}
    assert names(condition="无证件") == {"无证"}
    assert names(condition="年审到期") == {"九十天"}  # never reviewed since 2020
    assert names(condition="任一预警") == {"过期", "将到期", "九十天", "已退休"}
    assert names(kind="行政执法监督证") == {"监督员"}
    assert names(kind="行政执法证", cert_status="已过期") == {"过期"}
    assert names(cert_status="有效") == {"将到期", "九十天", "已退休", "监督员"}
    assert names(status="退休") == {"已退休"}
    assert names(unit="鹤壁市生产力促进中心") == {"已退休"}
    assert names(department="办公室") == {"将到期"}
    assert names(text="将到") == {"将到期"}
    number = repo.get_person(soon).id_number
    assert names(text=number[-8:]) == {"将到期"}
    assert names(text="J1") == {"监督员"}
    query = q.roster_query(db, q.RosterFilter(), today, PersonnelRules())
    by_warning = [r["warning"] for r in query.fetch(0, 5, "warning", True)]
    assert by_warning == ["应注销", "已过期", "即将到期", "年审到期", ""]  # most urgent first
    assert [r["name"] for r in query.fetch(0, 2, "valid_until", False)][:1] == ["无证"]


def test_sql_warnings_match_the_domain_on_random_data(db, repo) -> None:
    """The roster's SQL warning and the counts agree with ``certificate_warning``."""
    rng = random.Random(7)
    rules = PersonnelRules()
    for n in range(120):
        status = rng.choice(["在职", "在职", "在职", "调离", "退休"])
        person = add_person(repo, f"人员{n}", TODAY)
        for k in range(rng.choice([0, 1, 1, 2])):
            issued = TODAY - timedelta(days=rng.randrange(30, 2000))
            until = issued + timedelta(days=rng.randrange(400, 2200))
            cert_id = issue(
                repo, person, f"R{n}-{k}", issued, until, ["行政执法证", "行政执法监督证"][k]
            )
            roll = rng.random()
            if roll < 0.15:
                event = CertificateEvent("注销", issued, person, reason="辞职")
                repo.record_event(cert_id, event)
            elif roll < 0.25:
                repo.record_event(cert_id, CertificateEvent("暂扣", issued, person, reason="调查"))
        if status != "在职":
            set_status(repo, person, status, TODAY)
    expected: dict[int, str] = {}
    for row in db.execute("SELECT id, status FROM persons").fetchall():
        certs = db.execute("SELECT * FROM certificates WHERE person_id = ?", [row[0]])
        names = [d[0] for d in certs.description]
        warnings = [
            certificate_warning(
                certificate_from_row(dict(zip(names, c, strict=True))), row[1], TODAY, rules
            )
            for c in certs.fetchall()
        ]
        expected[row[0]] = worst_warning(warnings).value
    assert {r["id"]: r["warning"] for r in roster(db, rules)} == expected
    figures = q.summary(db, q.RosterFilter(), TODAY, rules, 2025)
    for warning in CertWarning:
        if warning.value:
            assert figures.warnings[warning.value] == list(expected.values()).count(warning.value)
            flt = {"condition": warning.value}
            assert len(roster(db, rules, **flt)) == figures.warnings[warning.value]


def test_demo_office_and_its_year(db) -> None:
    counts_made = create_demo(db, 1, TODAY)
    assert counts_made["persons"] >= OFFICE_HOLDERS
    in_service = db.execute(
        "SELECT count(DISTINCT p.id) FROM persons p JOIN certificates c ON c.person_id = p.id"
        " WHERE p.status = '在职' AND c.status IN ('有效', '暂扣')"
    ).fetchone()[0]
    assert in_service == OFFICE_HOLDERS
    year = q.year_counts(db, TODAY.year)
    assert (year.new, year.cancelled, year.transferred_persons) == (1, 3, 11)
    ids = [r[0] for r in db.execute("SELECT id_number FROM persons").fetchall()]
    assert all(ric.is_valid(i) for i in ids) and len(set(ids)) == len(ids)
    figures = q.summary(db, q.RosterFilter(), TODAY, PersonnelRules(), TODAY.year)
    assert all(figures.warnings[w.value] for w in CertWarning if w.value)  # a spread of each
    number, text = db.execute("SELECT id_number, search_text FROM persons WHERE id = 1").fetchone()
    assert number in text


def test_demo_scale_adds_people_but_not_this_years_events(db) -> None:
    create_demo(db, 3, TODAY)
    persons = db.execute("SELECT count(*) FROM persons").fetchone()[0]
    assert 2000 <= persons <= 2200
    year = q.year_counts(db, TODAY.year)
    assert (year.new, year.cancelled, year.transferred_persons) == (1, 3, 11)
