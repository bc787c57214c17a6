"""The year's figures as a workbook, and the draft 法治政府建设年度报告 as a document.

The workbook (on ``xlsx_ledger``) lists every figure with how it was counted, a sheet per
section's order in one sheet. The report has the five sections such reports have; the
figures are written into sentences in seeds 001/002/004's words (``domain.annual``) and
the clerk's own paragraphs (kept for next year) follow them:

  opening      → the opening paragraph
  practices    → 一、主要举措和成效 (after the figures)
  content      → 二、存在的不足和原因 (after what the figures show)
  requirements → 三、党政主要负责人履行推进法治建设第一责任人职责情况
  next_steps   → 四、下一年度工作安排
  closing      → 五、其他需要报告的事项
"""

from __future__ import annotations

import os
from datetime import date

from desktop_app.domain import annual
from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.annual import REPORT_SECTIONS, SECTIONS, AnnualFigures
from desktop_app.domain.notices import NoticeTexts
from desktop_app.formats.composing import (
    cn_numeral,
    end_blocks,
    head_blocks,
    outline_blocks,
    section_blocks,
)
from desktop_app.formats.document import Block, Heading2, OfficialDocument, Paragraph
from desktop_app.formats.ledger_columns import SEQ
from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter, export_line
from desktop_app.jobs import CancelCheck, RowProgress

FIGURE_COLUMNS = (
    SEQ,
    LedgerColumn("类别", 12),
    LedgerColumn("指标", 26, wrap=True),
    LedgerColumn("数值", 12),
    LedgerColumn("单位", 8),
    LedgerColumn("统计口径", 70, wrap=True),
)
SENTENCE_COLUMNS = (SEQ, LedgerColumn("类别", 12), LedgerColumn("报告中的写法", 100, wrap=True))


def figures_title(year: int) -> str:
    """The workbook's title."""
    return f"{year}年度法治工作数据"


def write_figures(
    path: str | os.PathLike[str],
    figures: AnnualFigures,
    today: date,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the figures (sheet 年度数据) and their sentences (sheet 报告用语); rows written."""
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        as_of = f"统计截止日期:{figures.as_of.isoformat()}"
        sheet = ledger.add_sheet(
            "年度数据",
            figures_title(figures.year),
            FIGURE_COLUMNS,
            subtitle=export_line(today, as_of),
        )
        n = 0
        for section in SECTIONS:
            for figure in figures.of(section):
                n += 1
                value = figure.value
                shown = f"{value:g}" if isinstance(value, float) else value
                sheet.append([n, section, figure.label, shown, figure.unit, figure.how])
        words = ledger.add_sheet(
            "报告用语",
            f"{figures.year}年度法治政府建设年度报告可引用的数据",
            SENTENCE_COLUMNS,
            subtitle=export_line(today, as_of),
        )
        for m, (section, sentence) in enumerate(sentences(figures), 1):
            words.append([m, section, sentence])
        return sheet.rows + words.rows


# Each figure section: its sentences and the heading it has under 一、主要举措和成效.
FIGURE_SECTIONS = (
    (annual.TRAINING, annual.training_sentences, "深入推进学法用法，提升依法行政能力"),
    (annual.PERSONNEL, annual.personnel_sentences, "加强行政执法队伍建设，严格执法人员资格管理"),
    (annual.RECTIFICATION, annual.rectification_sentences, "抓实巡视巡察和审计反馈问题整改"),
    (annual.DRAWS, annual.draws_sentences, "规范开展“双随机、一公开”监管"),
)


def sentences(figures: AnnualFigures) -> list[tuple[str, str]]:
    """(section, sentence) of every figure sentence, in the report's order."""
    return [(section, s) for section, write, _ in FIGURE_SECTIONS for s in write(figures)]


# -- the report ----------------------------------------------------------------------------
def report_title(profile: AgencyProfile, year: int) -> str:
    """中共…党组关于2025年度法治政府建设情况的报告."""
    who = profile.signer or profile.name.strip()
    return f"{who}关于{year}年度法治政府建设情况的报告"


def default_report_texts(profile: AgencyProfile, year: int, today: date) -> NoticeTexts:
    """Texts to start from in the first year (later years start from the kept ones)."""
    return NoticeTexts(
        title=report_title(profile, year),
        addressee="",
        opening=(
            f"{year}年，我单位深入学习贯彻习近平法治思想，认真落实法治政府建设各项任务，"
            "严格依法履职，扎实开展学法用法和法治宣传，法治机关建设取得新成效。"
            "现将有关情况报告如下："
        ),
        practices="",
        content=(
            "一是工作人员法律知识和依法行政能力仍需持续加强；"
            "二是个别整改任务推进不够及时，长效机制有待进一步健全。"
        ),
        requirements=(
            "主要负责人认真履行推进法治建设第一责任人职责，将法治建设纳入单位发展总体规划"
            "和年度工作计划，与业务工作同部署、同推进、同督促、同考核，"
            "定期听取法治建设工作汇报，研究解决重大问题。"
        ),
        next_steps=(
            "（一）深入学习宣传贯彻习近平法治思想。\n"
            "（二）持续加强行政执法队伍建设，严格执法人员持证上岗和资格管理。\n"
            "（三）抓好巡视巡察和审计反馈问题整改，巩固整改成果。"
        ),
        closing="无。",
        sign_date=today,
    )


def compose_report(
    texts: NoticeTexts, figures: AnnualFigures, profile: AgencyProfile, today: date
) -> OfficialDocument:
    """The draft annual report: the five sections, figures first in the first two."""
    blocks = head_blocks(texts, profile, report_title(profile, figures.year))
    measures: list[Block] = []
    for _, write, heading in FIGURE_SECTIONS:
        said = "".join(write(figures))
        if said:
            number = cn_numeral(sum(isinstance(b, Heading2) for b in measures) + 1)
            measures += [Heading2(f"（{number}）{heading}"), Paragraph(said)]
    measures += outline_blocks(texts.practices)
    said = "".join(annual.shortcoming_sentences(figures))
    lacking: list[Block] = [Paragraph(said)] if said else []
    lacking += outline_blocks(texts.content)
    parts: list[list[Block]] = [
        measures or [Paragraph("（请填写本年度主要举措和成效。）")],
        lacking or [Paragraph("（请填写存在的不足和原因。）")],
        outline_blocks(texts.requirements) or [Paragraph("（请填写履行第一责任人职责情况。）")],
        outline_blocks(texts.next_steps) or [Paragraph("（请填写下一年度工作安排。）")],
        outline_blocks(texts.closing) or [Paragraph("无。")],
    ]
    blocks += section_blocks(list(zip(REPORT_SECTIONS, parts, strict=True)))
    blocks.append(Paragraph("特此报告。"))
    blocks += end_blocks(texts, profile, today)
    return OfficialDocument(blocks, texts.title.strip() or report_title(profile, figures.year))
