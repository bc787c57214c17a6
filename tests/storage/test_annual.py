"""The year's figures of a year built in the test, every one exactly; the workbook, the report."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop_app import cli
from desktop_app.domain import annual
from desktop_app.domain.repeats import Outcome
from desktop_app.storage.annual import annual_figures
from desktop_app.storage.rectification import escalations, queries, rechecks, repeats
from tests.annual_data import EXPECTED, TODAY, YEAR, build_everything
from tests.export_clock import fix_export_day


@pytest.fixture
def year_db(db):
    """``db`` with 2024 built in every register."""
    ids = build_everything(db)
    return db, ids


def test_every_figure_of_the_year_is_exact(year_db) -> None:
    db, _ids = year_db
    figures = annual_figures(db, YEAR, TODAY)
    got = {key: figures.value(key) for key in EXPECTED}
    assert got == EXPECTED
    assert figures.as_of.isoformat() == "2024-12-31"
    assert all(f.how for f in figures.figures)  # every figure says how it was counted


def test_every_figure_is_asserted(year_db) -> None:
    db, _ids = year_db
    assert [f.key for f in annual_figures(db, YEAR, TODAY).figures] == list(EXPECTED)


def test_the_years_draws_are_counted(db) -> None:
    from datetime import date

    from desktop_app.storage.draws.repo import DrawsRepo
    from tests.draws_data import WHO, joint, make_office

    make_office(db)
    repo = DrawsRepo(db)
    repo.run_draw(joint(draw_date=date(2024, 6, 15)), seed="20240615-4417", **WHO)
    repo.run_draw(joint(draw_date=date(2023, 6, 15)), seed="20230615-4417", **WHO)
    f = annual_figures(db, YEAR, TODAY)
    got = {k: f.value(k) for k in ("draws", "draw_targets", "draw_inspectors", "draw_done")}
    assert got == {"draws": 1, "draw_targets": 9, "draw_inspectors": 36, "draw_done": 0}
    assert f.value("draw_rate") == "0%"  # written as every other rate


def test_the_figures_are_phrased_as_the_seeds_phrase_them(year_db) -> None:
    db, _ids = year_db
    f = annual_figures(db, YEAR, TODAY)
    assert annual.training_sentences(f) == [
        "全年集中学法5次（其中中心组学法5次）。",
        "全年共组织学法培训活动8次，参加68人、163人次，累计852学时。",
        "组织1批次32人参加庭审旁听。",
        "组织68名干部职工参加2024年度国家工作人员在线学法考试，"
        "参与率达100%，及格率达100%，优秀率（90分以上）达85.3%。",
    ]
    assert annual.personnel_sentences(f)[1] == (
        "开展行政执法证、监督证清理和办理，新办执法证件1个、注销执法证和监督证3个，"
        "及时转走11人执法关系。"
    )
    assert not any("学时" in said for said in annual.personnel_sentences(f))
    short = f"学法用法还需加强，{f.value('short')}名执法人员年度学法学时未达到要求。"
    assert short in annual.shortcoming_sentences(f)  # said once, under 存在的不足
    assert annual.rectification_sentences(f)[1] == (
        "对逾期和进展滞后的整改事项，发出提醒函1份、督办通知1份，督办整改事项2项次。"
    )
    assert "截至2024年底，已完成整改问题1个、整改措施3项" in annual.rectification_sentences(f)[0]


def test_the_year_before_and_after_are_not_counted(year_db) -> None:
    db, _ids = year_db
    later = annual_figures(db, 2025, TODAY)
    assert later.value("problems") == 0 and later.value("escalated:提醒函") == 1
    assert later.as_of == TODAY  # the year still running: as of today


def test_repeats_rechecks_and_escalations_are_recorded_on_the_items(year_db) -> None:
    db, ids = year_db
    assert repeats.repeat_notes(db, [ids["p3"]]) == {
        ids["p3"]: "屡查屡犯(前次:2023年度经济责任审计)"
    }
    flt = queries.ProblemFilter(repeat="屡查屡犯")
    assert [r["id"] for r in queries.problem_query(db, flt, TODAY, _rules(db)).fetch(0, 9)] == [
        ids["p3"]
    ]
    sent = escalations.escalations_of(db, ids["p2"])
    assert [e.text() for e in sent] == [
        "2024-09-10 提醒函(鹤科督〔2024〕9号)",
        "2024-11-05 督办通知(鹤科督〔2024〕11号)",
        "2025-01-05 提醒函(鹤科督〔2025〕1号)",
    ]
    assert queries.get_problem(db, ids["p5"]).signoff is None  # re-opened by the 回头看
    reasons = db.execute(
        "SELECT summary FROM audit_log WHERE action = 'reopen' AND record_id = ?", [ids["p5"]]
    ).fetchall()
    assert reasons == [("回头看:合同审核仍不规范",)]
    with pytest.raises(Exception, match="已复查"):
        [item] = rechecks.items_of(db, rechecks.list_rounds(db)[0].id or 0)
        rechecks.RecheckRepo(db).record(item.id or 0, Outcome.CONFIRMED, "", TODAY, "法规科")


def _rules(db):
    from desktop_app.storage.settings import read_warning_rules

    return read_warning_rules(db)


def _cli(*args: str) -> int:
    return cli.main(list(args))


def test_the_cli_writes_the_figures_workbook(year_db, db_path: Path, tmp_path, monkeypatch) -> None:
    db, _ids = year_db
    db.close()
    fix_export_day(monkeypatch, TODAY)
    out = tmp_path / "年度 数据.xlsx"
    assert (
        _cli("export", "annual-figures", "--db", str(db_path), "--out", str(out), "--year", "2024")
        == 0
    )
    book = openpyxl.load_workbook(out, read_only=True)
    rows = [r for r in book["年度数据"].iter_rows(values_only=True) if isinstance(r[0], int)]
    shown = {label: value for _n, _section, label, value, _unit, _how in rows}
    assert shown["在线学法考试参考人数"] == 68 and shown["优秀率"] == "85.3%"
    assert shown["注销证件"] == 3 and shown["转出执法关系"] == 11
    assert shown["问题整改完成率"] == "25%" and shown["发出督办通知"] == 1
    words = [r[2] for r in book["报告用语"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert "组织1批次32人参加庭审旁听。" in words


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    import re

    return "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)).replace("\u2060", "")


def test_the_cli_writes_the_draft_report_in_word_and_pdf(
    year_db, db_path: Path, tmp_path, monkeypatch
) -> None:
    db, _ids = year_db
    db.close()
    fix_export_day(monkeypatch, TODAY)
    word = tmp_path / "年度报告.docx"
    args = ["--db", str(db_path), "--year", "2024", "--unsigned"]
    assert _cli("export", "annual-report", "--out", str(word), "--format", "docx", *args) == 0
    text = _docx_text(word)
    for n, heading in enumerate(annual.REPORT_SECTIONS):
        assert f"{'一二三四五'[n]}、{heading}" in text
    assert "全年集中学法5次" in text and "及时转走11人执法关系" in text
    assert "2024年度法治政府建设情况的报告" in text
    pdf = tmp_path / "年度报告.pdf"
    assert _cli("export", "annual-report", "--out", str(pdf), *args) == 0
    shown = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = shown.replace("\n", "").replace("\u2060", "")
    assert "优秀率（90分以上）达85.3%" in flat and "第一责任人职责情况" in flat
