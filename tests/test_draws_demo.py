"""The draw demo: seed 000's year of joint checks, drawn by the register itself and verifiable."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.demo import create_demo
from desktop_app.demo.agency import SEED_AGENCY
from desktop_app.storage.draws import directory, queries

TODAY = date(2025, 6, 1)
YEAR = TODAY.year - 1


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from desktop_app.storage.database import open_database

    db = open_database(tmp_path_factory.mktemp("演示") / "演示 数据.db")
    counts = create_demo(db, scale=1, today=TODAY)
    yield db, counts
    db.close()


def test_seed_000s_figures(demo) -> None:
    db, counts = demo
    assert counts["check_targets"] == 391  # 监管对象391家企业
    figures = queries.year_figures(db, YEAR)
    assert (figures.draws, figures.targets, figures.done, figures.rate_text()) == (
        2,
        28,
        16,
        "57.1%",
    )
    text = figures.text()
    assert "应完成28家、已完成16家,完成率57.1%" in text
    assert (
        "抽取了9家企业、36名执法检查人员(共9组,每组4人,科技、人社各2人,2人以上持有行政执法证)"
        in text
    )
    assert "抽取了19家单位" in text


def test_every_demo_draw_verifies_and_the_redraw_kept_the_first(demo) -> None:
    db, _ = demo
    ids = [r[0] for r in db.execute("SELECT id FROM draws ORDER BY id")]
    assert len(ids) == 4
    assert all(queries.verify_draw(db, i) == [] for i in ids)
    replaced = [queries.get_draw(db, i) for i in ids if queries.get_draw(db, i).replaced_by]
    [first] = replaced
    redraw = queries.get_draw(db, first.replaced_by)
    assert redraw.redraw_of == first.id and "重新抽取" in redraw.redraw_reason


def test_the_demo_has_the_directory_inspectors_and_conflicts(demo) -> None:
    db, _ = demo
    assert "科技" in directory.agencies(db) and "人社" in directory.agencies(db)
    early = db.execute("SELECT name, override_note FROM check_targets WHERE code_override = 1")
    assert len(early.fetchall()) == 1
    assert db.execute("SELECT count(*) FROM inspector_conflicts").fetchone()[0] == 3
    only_one_audit_row = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert only_one_audit_row == 1


def test_the_draws_happen_in_the_city_of_the_demo_office(demo) -> None:
    """The demo agency profile is 南通's office: the directory, partners and cards agree."""
    db, _ = demo
    city = "南通市"
    assert SEED_AGENCY["agency.name"].startswith(city)
    office = db.execute("SELECT value FROM settings WHERE key = 'agency.name'").fetchone()
    assert office == (f'"{SEED_AGENCY["agency.name"]}"',)
    names = [r[0] for r in db.execute("SELECT name FROM check_targets")]
    assert all(n.startswith(city) for n in names)
    codes = [r[0] for r in db.execute("SELECT credit_code FROM check_targets")]
    assert all(c.startswith("913206") for c in codes)
    areas = {r[0] for r in db.execute("SELECT DISTINCT area FROM check_targets")}
    assert {"崇川区", "海安市", "如皋市", "通州区"} <= areas
    partners = {r[0] for r in db.execute("SELECT unit FROM persons WHERE notes LIKE '联合检查%'")}
    assert partners == {"南通市人力资源和社会保障局", "南通市教育局"}
    authorities = db.execute(
        "SELECT DISTINCT c.authority FROM certificates c JOIN persons p ON p.id = c.person_id"
        " WHERE p.notes LIKE '联合检查%'"
    ).fetchall()
    assert authorities == [("南通市人民政府",)]


def test_the_training_institution_check_has_teams_of_5_to_7(demo) -> None:
    """Seed 000: 19 institutions, 19 teams of 5-7 with one 科技 inspector at least."""
    db, _ = demo
    record = queries.get_draw(db, 4)
    assert (record.plan.team_size, record.plan.team_size_max) == (5, 7)
    sizes = {len(t.member_ids) for t in record.result.teams}
    assert len(record.result.teams) == 19 and sizes <= {5, 6, 7} and len(sizes) > 1
