"""The rectification progress report: composed blocks and the PDF read back."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    ReportTexts,
    Status,
    derive_problem_status,
)
from desktop_app.formats import pdf_layout as L
from desktop_app.formats.fonts import FontSet, load_fonts
from desktop_app.formats.rectification import pdf as N
from tests.notice_data import red_header

TODAY = date(2022, 10, 11)
SUMMARY = (
    "反馈问题5个，细化整改措施7项。截至2022年10月11日，已完成整改2个问题、4项措施，"
    "正在推进1个，需长期坚持1个，逾期1个，问题整改完成率40%。"
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
            latest_progress=_note("5月31日，局党组会研究通过《南通市科技局2022年法治工作要点》"),
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


def texts_of(blocks: list, kind: type) -> list[str]:
    return [b.text for b in blocks if type(b) is kind]


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(path).pages))


def test_tally_counts_statuses_and_overdue_items() -> None:
    t = N.tally(problems(), TODAY)
    assert (t.problems, t.measures, t.done_problems, t.done_measures) == (5, 7, 2, 4)
    assert (t.ongoing, t.long_term, t.overdue) == (1, 1, 1)
    assert N.summary_sentence(t, TODAY) == SUMMARY
    assert N.tally(problems(), date(2022, 9, 30)).overdue == 0  # due today is not overdue


def test_percentages_and_numerals() -> None:
    three = N.Tally(3, 0, 1, 0, 2, 0, 0)
    assert N.summary_sentence(three, None) == (
        "反馈问题3个，已完成整改1个问题，正在推进2个，需长期坚持0个，逾期0个，问题整改完成率33.3%。"
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


def test_report_structure_follows_the_seed_document() -> None:
    texts = N.default_report_texts(inspection(), problems(), TODAY)
    blocks = N.compose_rectification_report(texts, [(inspection(), problems())], TODAY)
    assert isinstance(blocks[0], L.Title)
    assert blocks[0].text == "关于依法行政专项巡察整改进展情况的通报"
    assert texts_of(blocks, L.Heading1) == [
        "一、总体情况",
        "二、问题整改情况",
        "三、下一步工作打算",
    ]
    assert texts_of(blocks, L.Heading2) == [
        "（一）贯彻习近平法治思想不到位",
        "（二）行政执法工作重视不够",
        "（三）其他问题",
    ]
    assert texts_of(blocks, L.Heading3) == [
        "1.关于“研究制定2022年度法治工作要点”问题的整改情况。",
        "2.关于“坚持读原著学原文悟原理”问题的整改情况。",
        "1.关于“制定并落实局年度法制学习培训计划”问题的整改情况。",
        "2.关于“明确行政执法任务分工”问题的整改情况。",
        "1.关于“落实“三会一课”制度”问题的整改情况。",
    ]
    paragraphs = texts_of(blocks, L.Paragraph)
    assert SUMMARY in paragraphs
    assert "整改情况：5月31日，局党组会研究通过《南通市科技局2022年法治工作要点》。" in paragraphs
    assert "整改情况：即知即改。" in paragraphs
    assert "（措施1）起草工作要点：已于2022年5月31日完成整改。" in paragraphs
    assert "（措施2）修订学习制度：整改时限为2022年9月30日，已逾期，正在加紧推进。" in paragraphs
    assert "（措施1）印发分工方案：正在推进整改，整改时限为2022年12月31日。" in paragraphs
    signature = blocks[-1]
    assert isinstance(signature, L.Signature) and signature.date == TODAY


def test_progress_texts_prefer_the_latest_note() -> None:
    problem = problems()[2]
    assert N.problem_progress(problem, TODAY) == (
        "共细化整改措施2项，已完成1项；整改时限为2022年9月30日，已逾期，正在加紧推进。"
    )
    problem.latest_progress = _note("已完成专题学习，正在修订制度！")
    assert N.problem_progress(problem, TODAY) == "已完成专题学习，正在修订制度！"


def test_default_texts_use_only_the_fields_present() -> None:
    texts = N.default_report_texts(inspection(), problems(), TODAY)
    assert texts.opening == (
        "2022年2月16日至3月16日，市委巡察五组对我单位开展了依法行政专项巡察；"
        "2022年4月19日，市委巡察五组反馈了巡察意见。"
        "我单位研究制定了整改方案（通科党〔2022〕16号），逐项明确整改措施、责任部门和整改时限。"
        "按照整改工作有关要求，现将整改进展情况通报如下："
    )
    assert texts.sign_date == TODAY and "对尚未完成的问题" in texts.next_steps
    bare = N.default_report_texts(Inspection(name="年度执法检查", kind="督查"), [], TODAY)
    assert (
        bare.opening == "我单位接受了年度执法检查。按照整改工作有关要求，现将整改进展情况通报如下："
    )
    assert "对尚未完成的问题" not in bare.next_steps
    later = Inspection(
        "审计", kind="审计", onsite_start=date(2021, 12, 1), onsite_end=date(2022, 1, 5)
    )
    assert N.default_report_texts(later, []).opening.startswith("2021年12月1日至2022年1月5日，")


def test_report_pdf_reads_back(fonts: FontSet, tmp_path: Path) -> None:
    texts = N.default_report_texts(inspection(), problems(), TODAY)
    texts.addressee = "局属各单位、机关各处室"
    texts.signature = "中共南通市科学技术局党组"
    path = tmp_path / "report.pdf"
    pages = N.write_rectification_report(path, texts, [(inspection(), problems())], fonts, TODAY)
    assert pages == len(PdfReader(path).pages) >= 2
    text = pdf_text(path)
    for expected in (
        "关于依法行政专项巡察整改进展情况的通报",
        "局属各单位、机关各处室：",
        "一、总体情况",
        SUMMARY,
        "二、问题整改情况",
        "（一）贯彻习近平法治思想不到位",
        "1.关于“研究制定2022年度法治工作要点”问题的整改情况。",
        "整改情况：即知即改。",
        "三、下一步工作打算",
        "中共南通市科学技术局党组2022年10月11日",
    ):
        assert expected in text
    assert PdfReader(path).metadata.title == "关于依法行政专项巡察整改进展情况的通报"


def test_red_header_and_all_open_inspections(fonts: FontSet, tmp_path: Path) -> None:
    texts = ReportTexts(
        title="关于巡察审计整改进展情况的通报",
        next_steps="一是压实责任。\n\n二是建章立制。",
        **red_header("中共南通市科学技术局党组", "通科党〔2022〕28号", date(2022, 11, 1)),
    )
    audit = [Problem("专项资金拨付不及时", category="财务管理", status=Status.IN_PROGRESS)]
    sections = [(inspection(), problems()), (inspection("2021年度预算执行审计"), audit)]
    blocks = N.compose_rectification_report(texts, sections, TODAY)
    assert isinstance(blocks[0], L.RedHeader) and blocks[0].doc_no == "通科党〔2022〕28号"
    assert texts_of(blocks, L.Heading2) == ["（一）依法行政专项巡察", "（二）2021年度预算执行审计"]
    assert "1.财务管理" in texts_of(blocks, L.Heading3)
    assert "（1）关于“专项资金拨付不及时”问题的整改情况。" in texts_of(blocks, L.Heading3)
    assert texts_of(blocks, L.Paragraph)[0].startswith("本次通报涉及2项检查，共反馈问题6个")
    assert (
        "2021年度预算执行审计：反馈问题1个，已完成整改0个问题" in texts_of(blocks, L.Paragraph)[2]
    )
    path = tmp_path / "all.pdf"
    N.write_rectification_report(path, texts, sections, fonts, TODAY)
    text = pdf_text(path)
    assert "中共南通市科学技术局党组文件" in text and "通科党〔2022〕28号" in text
    assert "一是压实责任。二是建章立制。" in text
    assert "2022年11月1日" in text
