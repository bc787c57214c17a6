"""The rectification progress report: composed as seed 000 reads, counted as the ledger counts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.notices import BY_STATUS, NoticeTexts
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    Status,
    derive_problem_status,
)
from desktop_app.domain.typography import half_width_between_chinese
from desktop_app.formats import document as D
from desktop_app.formats.fonts import FontSet, load_fonts
from desktop_app.formats.pdf_layout import render_pdf
from desktop_app.formats.rectification import documents as N
from tests.notice_data import red_header

TODAY = date(2022, 10, 11)
SUMMARY = (
    "截至2022年10月11日，共反馈问题5个、细化整改措施7项；已完成2个、整改中2个、未启动0个、"
    "长期坚持1个，其中逾期1个；已完成整改措施4项；问题整改完成率40%。"
)
PROFILE = AgencyProfile(
    name="南通市科学技术局",
    issuer_mark="中共南通市科学技术局党组文件",
    signature="中共南通市科学技术局党组",
    printer="南通市科学技术局办公室",
    phone="0513-55018889",
    address="南通市崇川区崇川路58号",
    postcode="226019",
    email="fgc.kjj@nantong.gov.cn",
)


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def _done(content: str) -> Measure:
    return Measure(content, status=Status.COMPLETED, completion_date=date(2022, 5, 31))


def _note(text: str) -> ProgressEntry:
    return ProgressEntry(date(2022, 9, 30), "王明", text, problem_id=1)


def inspection(name: str = "依法行政专项巡察") -> Inspection:
    return Inspection(
        name=name,
        body="市委巡察五组",
        onsite_start=date(2022, 2, 16),
        onsite_end=date(2022, 3, 16),
        feedback_date=date(2022, 4, 19),
        plan_doc_no="通科党〔2022〕16号",
    )


def _derived(problem: Problem) -> Problem:
    """The status as the repository stores it: derived from the measures."""
    problem.status = derive_problem_status([m.status for m in problem.measures], problem.status)
    return problem


def problems() -> list[Problem]:
    thought, law = "贯彻习近平法治思想不到位", "行政执法工作重视不够"
    late = Measure("修订学习制度", status=Status.IN_PROGRESS, deadline=date(2022, 9, 30))
    items = [
        Problem(
            "研究制定2022年度法治工作要点。",
            category=thought,
            measures=[_done("起草工作要点"), _done("提交局党组会审议")],
            latest_progress=_note("5月31日,局党组会研究通过《南通市科技局2022年法治工作要点》"),
        ),
        Problem(
            "制定并落实局年度法制学习培训计划",
            category=law,
            status=Status.COMPLETED,
            completion_date=date(2022, 5, 1),
            completion_way="即知即改",
        ),
        Problem(
            "坚持读原著学原文悟原理",
            category=thought,
            deadline=date(2022, 9, 30),
            measures=[_done("专题学习"), late],
        ),
        Problem(
            "落实“三会一课”制度",
            measures=[_done("制定计划"), Measure("按月开展", status=Status.LONG_TERM)],
        ),
        Problem(
            "明确行政执法任务分工",
            category=law,
            measures=[
                Measure("印发分工方案", status=Status.IN_PROGRESS, deadline=date(2022, 12, 31))
            ],
        ),
    ]
    return [_derived(p) for p in items]


def texts_of(doc: D.OfficialDocument, kind: type) -> list[str]:
    return [b.text for b in D.typeset_blocks(doc.blocks) if type(b) is kind]


def compose(texts: NoticeTexts | None = None, sections=None, profile=PROFILE):
    texts = texts or N.default_report_texts(inspection(), problems(), TODAY, profile)
    return N.compose_report(texts, sections or [(inspection(), problems())], profile, TODAY)


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def test_tally_counts_statuses_and_overdue_items_as_the_ledger() -> None:
    t = N.tally(problems(), TODAY)
    assert (t.problems, t.measures, t.completed, t.done_measures) == (5, 7, 2, 4)
    assert (t.in_progress, t.not_started, t.long_term, t.overdue) == (2, 0, 1, 1)
    assert N.summary_sentence(t, TODAY) == SUMMARY
    assert N.tally(problems(), date(2022, 9, 30)).overdue == 0  # due today is not overdue


def test_percentages_and_numerals() -> None:
    three = N.Tally(3, 0, 1, 2, 0, 0, 0, 0)
    assert N.summary_sentence(three, None) == (
        "共反馈问题3个；已完成1个、整改中2个、未启动0个、长期坚持0个；问题整改完成率33.3%。"
    )
    assert [N.cn_numeral(n) for n in (1, 9, 10, 11, 20, 35, 99, 100)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "三十五",
        "九十九",
        "100",
    ]


def test_report_reads_like_seed_000() -> None:
    doc = compose()
    assert texts_of(doc, D.Title) == ["关于依法行政专项巡察整改进展情况的通报"]
    assert texts_of(doc, D.Heading1) == ["一、工作做法", "二、问题整改情况", "三、下一步工作打算"]
    assert texts_of(doc, D.Heading2) == [
        "（一）统一思想认识",
        "（二）加强组织领导",
        "（三）强化统筹推进",
        "（一）研究制定2022年度法治工作要点",
        "（二）制定并落实局年度法制学习培训计划",
        "（三）坚持读原著学原文悟原理",
        "（四）落实“三会一课”制度",
        "（五）明确行政执法任务分工",
    ]
    items = texts_of(doc, D.Heading3)
    assert items[:3] == [
        "1.关于“起草工作要点”问题的整改情况。",
        "2.关于“提交局党组会审议”问题的整改情况。",
        "1.关于“制定并落实局年度法制学习培训计划”问题的整改情况。",
    ]
    paragraphs = texts_of(doc, D.Paragraph)
    assert SUMMARY in paragraphs
    assert "整改情况：已于2022年5月31日完成整改。" in paragraphs
    assert "整改情况：即知即改。" in paragraphs
    assert "整改情况：整改时限为2022年9月30日，已逾期，正在加紧推进。" in paragraphs
    assert "整改情况：正在推进整改，整改时限为2022年12月31日。" in paragraphs
    assert not any("措施1" in t or "（措施" in t for t in paragraphs + items)
    plan = "研究制定整改方案（通科党〔2022〕16号），针对5个问题"
    assert any(t.startswith(plan) for t in paragraphs)
    closing = paragraphs[-1]
    assert closing.startswith("欢迎广大干部群众") and "电话0513-55018889" in closing
    signature, colophon = doc.blocks[-2:]
    assert signature == D.Signature("中共南通市科学技术局党组", TODAY)
    assert colophon == D.Colophon("南通市科学技术局办公室", TODAY, "")


def test_status_reading_groups_problems() -> None:
    texts = N.default_report_texts(inspection(), problems(), TODAY, PROFILE)
    doc = compose(replace(texts, reading=BY_STATUS))
    assert texts_of(doc, D.Heading2)[3:] == [
        "（一）已整改完成的问题",
        "（二）正在推进整改的问题",
        "（三）需长期坚持的问题",
    ]
    items = texts_of(doc, D.Heading3)
    assert items[0] == "1.关于“研究制定2022年度法治工作要点”问题的整改情况。"
    paragraphs = texts_of(doc, D.Paragraph)
    assert "整改情况：5月31日，局党组会研究通过《南通市科技局2022年法治工作要点》。" in paragraphs
    both = "一是制定计划，已于2022年5月31日完成整改。二是按月开展，已建立长效机制，需长期坚持。"
    assert f"整改情况：{both}" in paragraphs


def test_statistics_date_is_its_own_field() -> None:
    texts = replace(
        N.default_report_texts(inspection(), problems(), TODAY, PROFILE),
        stat_date=date(2022, 9, 30),
    )
    doc = compose(texts)
    count = next(t for t in texts_of(doc, D.Paragraph) if t.startswith("截至"))
    assert count.startswith("截至2022年9月30日") and "逾期" not in count
    assert doc.blocks[-2] == D.Signature("中共南通市科学技术局党组", TODAY)


def test_several_inspections_nest_without_an_invented_level() -> None:
    audit = [Problem("专项资金拨付不及时", category="财务管理", status=Status.IN_PROGRESS)]
    sections = [(inspection(), problems()), (inspection("2021年度预算执行审计"), audit)]
    texts = N.texts_for_several(N.default_report_texts(inspection(), problems(), TODAY, PROFILE))
    doc = compose(texts, sections)
    assert texts_of(doc, D.Heading2) == ["（一）依法行政专项巡察", "（二）2021年度预算执行审计"]
    assert "1.财务管理" in texts_of(doc, D.Heading3)
    assert "（1）关于“专项资金拨付不及时”问题的整改情况。" in texts_of(doc, D.Heading4)
    paragraphs = texts_of(doc, D.Paragraph)
    assert paragraphs[1].startswith("本次通报涉及2项检查。截至2022年10月11日，共反馈问题6个")


def test_red_header_comes_from_the_profile_and_never_prints_bare() -> None:
    texts = replace(N.default_report_texts(inspection(), problems(), TODAY), red_header=True)
    assert isinstance(compose(texts).blocks[0], D.RedHeader)
    assert compose(texts).blocks[0].issuer == "中共南通市科学技术局党组文件"
    bare = compose(texts, profile=AgencyProfile())
    assert not any(isinstance(b, D.RedHeader | D.Colophon) for b in bare.blocks)
    assert D.missing_signer(bare)


def test_report_pdf_reads_back_complete(fonts: FontSet, tmp_path: Path) -> None:
    texts = replace(
        N.default_report_texts(inspection(), problems(), TODAY, PROFILE),
        addressee="局属各单位、机关各处室",
        **red_header("中共南通市科学技术局党组", "通科党〔2022〕28号", date(2022, 11, 1)),
    )
    path = tmp_path / "report.pdf"
    pages = render_pdf(compose(texts), fonts, path)
    assert pages == len(PdfReader(path).pages) >= 2
    text = pdf_text(path)
    for expected in (
        "中共南通市科学技术局党组文件",
        "通科党〔2022〕28号",
        "关于依法行政专项巡察整改进展情况的通报",
        "局属各单位、机关各处室：",
        "一、工作做法",
        "二、问题整改情况",
        "1.关于“起草工作要点”问题的整改情况。",
        "整改情况：即知即改。",
        "三、下一步工作打算",
        "中共南通市科学技术局党组2022年11月1日",
        "南通市科学技术局办公室2022年11月1日印发",
    ):
        assert expected in text, expected
    assert half_width_between_chinese(text) == []
    assert PdfReader(path).metadata.title == "关于依法行政专项巡察整改进展情况的通报"
