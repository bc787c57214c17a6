"""The rectification progress report (整改进展情况通报) composed as GB/T 9704 blocks."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO

from desktop_app.domain.dates import cn_date
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ReportTexts,
    Status,
    is_open,
)
from desktop_app.formats.fonts import FontSet
from desktop_app.formats.pdf_layout import (
    Addressee,
    Block,
    Heading1,
    Heading2,
    Heading3,
    OfficialDocument,
    Paragraph,
    RedHeader,
    Signature,
    Title,
    render_pdf,
)
from desktop_app.jobs import CancelCheck, Progress

Section = tuple[Inspection, list[Problem]]
OTHER_CATEGORY = "其他问题"
_ON_THE_SPOT = ("即知即改", "立行立改")
_DIGITS = "零一二三四五六七八九"
_ENDINGS = ("。", "！", "？", "”", "）", ")", "；")


def cn_numeral(n: int) -> str:
    """A heading numeral: 一 … 十, 十一 … 九十九 (Arabic digits from 100 on)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return _DIGITS[ones]
    return (_DIGITS[tens] if tens > 1 else "") + "十" + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Tally:
    """Counts behind the 总体情况 sentence."""

    problems: int
    measures: int
    done_problems: int
    done_measures: int
    ongoing: int
    long_term: int
    overdue: int


def _late(status: Status, deadline: date | None, today: date) -> bool:
    return is_open(status) and deadline is not None and deadline < today


def is_overdue(problem: Problem, today: date) -> bool:
    """Open past its own deadline: the same rule as the page and the ledger (三色督办)."""
    return _late(problem.status, problem.deadline, today)


def tally(problems: Sequence[Problem], today: date) -> Tally:
    """Count problems and measures by status; overdue = open with a deadline before today."""
    statuses = [p.status for p in problems]
    overdue = sum(
        is_open(s) and is_overdue(p, today) for p, s in zip(problems, statuses, strict=True)
    )
    return Tally(
        problems=len(problems),
        measures=sum(len(p.measures) for p in problems),
        done_problems=statuses.count(Status.COMPLETED),
        done_measures=sum(m.status == Status.COMPLETED for p in problems for m in p.measures),
        ongoing=sum(map(is_open, statuses)) - overdue,
        long_term=statuses.count(Status.LONG_TERM),
        overdue=overdue,
    )


def _percent(part: int, whole: int) -> str:
    value = round(100 * part / whole, 1)
    return f"{value:g}%"


def summary_sentence(t: Tally, as_of: date | None) -> str:
    """The 总体情况 sentence: 反馈问题…个，细化整改措施…项。截至…，已完成整改…，完成率…%。"""
    if not t.problems:
        return f"截至{cn_date(as_of)}，暂无反馈问题。" if as_of else "暂无反馈问题。"
    found = f"反馈问题{t.problems}个" + (f"，细化整改措施{t.measures}项" if t.measures else "")
    lead = f"{found}。截至{cn_date(as_of)}，" if as_of else f"{found}，"
    measures = f"、{t.done_measures}项措施" if t.measures else ""
    return (
        f"{lead}已完成整改{t.done_problems}个问题{measures}，正在推进{t.ongoing}个，"
        f"需长期坚持{t.long_term}个，逾期{t.overdue}个，"
        f"问题整改完成率{_percent(t.done_problems, t.problems)}。"
    )


def _clause(text: str) -> str:
    """One-line text without its closing punctuation, for use inside a sentence."""
    return "".join(text.split("\n")).strip().rstrip("。；;，,.：:")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(_ENDINGS) else text + "。"


def _deadline(deadline: date | None) -> str:
    return f"，整改时限为{cn_date(deadline)}" if deadline else ""


def _state(status: Status, way: str, done: date | None, deadline: date | None, late: bool) -> str:
    """A short phrase for an item without a written progress note."""
    if status == Status.COMPLETED:
        when = f"已于{cn_date(done)}完成整改" if done else "已完成整改"
        return f"{way}，{when}。" if way in _ON_THE_SPOT else f"{when}。"
    if status == Status.LONG_TERM:
        return "已建立长效机制，需长期坚持。"
    if late:
        return f"整改时限为{cn_date(deadline)}，已逾期，正在加紧推进。"
    if status == Status.IN_PROGRESS:
        return f"正在推进整改{_deadline(deadline)}。"
    return f"尚未启动整改{_deadline(deadline)}。"


def problem_progress(problem: Problem, today: date) -> str:
    """The text after “整改情况：” for one problem."""
    if problem.latest_progress and problem.latest_progress.text.strip():
        return _sentence(problem.latest_progress.text)
    if problem.completion_way in _ON_THE_SPOT:
        return f"{problem.completion_way}。"
    status, late = problem.status, is_overdue(problem, today)
    overdue_measures = [m.deadline for m in problem.measures if _late(m.status, m.deadline, today)]
    due = problem.deadline or min(overdue_measures, default=None)
    text = _state(status, problem.completion_way, problem.completion_date, due, late)
    if problem.measures and status != Status.COMPLETED:
        done = sum(m.status == Status.COMPLETED for m in problem.measures)
        text = f"共细化整改措施{len(problem.measures)}项，已完成{done}项；{text}"
    return text


def measure_progress(measure: Measure, today: date) -> str:
    """The progress note of a measure, or a phrase from its status."""
    if measure.latest_progress and measure.latest_progress.text.strip():
        return _sentence(measure.latest_progress.text)
    late = _late(measure.status, measure.deadline, today)
    return _state(
        measure.status, measure.completion_way, measure.completion_date, measure.deadline, late
    )


def _problem_blocks(label: str, problem: Problem, today: date) -> list[Block]:
    blocks: list[Block] = [
        Heading3(f"{label}关于“{_clause(problem.description)}”问题的整改情况。"),
        Paragraph(f"整改情况：{problem_progress(problem, today)}"),
    ]
    for i, measure in enumerate(problem.measures, 1):
        text = f"（措施{i}）{_clause(measure.content)}：{measure_progress(measure, today)}"
        blocks.append(Paragraph(text))
    return blocks


def by_category(problems: Sequence[Problem]) -> list[tuple[str, list[Problem]]]:
    """Problems grouped by category in order of first appearance, uncategorised last."""
    groups: dict[str, list[Problem]] = {}
    for problem in problems:
        groups.setdefault(problem.category.strip() or OTHER_CATEGORY, []).append(problem)
    other = groups.pop(OTHER_CATEGORY, None)
    return [*groups.items(), *([(OTHER_CATEGORY, other)] if other else [])]


def _findings(sections: Sequence[Section], today: date) -> list[Block]:
    """The blocks under 二、问题整改情况: categories, problems, measures."""
    blocks: list[Block] = []
    if len(sections) == 1:
        for i, (category, group) in enumerate(by_category(sections[0][1]), 1):
            blocks.append(Heading2(f"（{cn_numeral(i)}）{category}"))
            for j, problem in enumerate(group, 1):
                blocks += _problem_blocks(f"{j}.", problem, today)
        return blocks
    for i, (inspection, problems) in enumerate(sections, 1):
        blocks.append(Heading2(f"（{cn_numeral(i)}）{inspection.name}"))
        for j, (category, group) in enumerate(by_category(problems), 1):
            blocks.append(Heading3(f"{j}.{category}"))
            for k, problem in enumerate(group, 1):
                blocks += _problem_blocks(f"（{k}）", problem, today)
    return blocks


def _overview(sections: Sequence[Section], today: date) -> list[Block]:
    if len(sections) == 1:
        return [Paragraph(summary_sentence(tally(sections[0][1], today), today))]
    everything = [p for _, problems in sections for p in problems]
    lead = f"本次通报涉及{len(sections)}项检查，共" if sections else ""
    blocks: list[Block] = [Paragraph(lead + summary_sentence(tally(everything, today), today))]
    for inspection, problems in sections:
        sentence = summary_sentence(tally(problems, today), None)
        blocks.append(Paragraph(f"{inspection.name}：{sentence}"))
    return blocks


def compose_rectification_report(
    texts: ReportTexts, sections: list[tuple[Inspection, list[Problem]]], today: date
) -> list[Block]:
    """The report's blocks: header, title, opening, 总体情况, 问题整改情况, 下一步, signature."""
    blocks: list[Block] = []
    if texts.red_header:
        blocks.append(RedHeader(texts.issuer.strip(), texts.doc_no.strip()))
    blocks.append(Title(texts.title.strip() or "关于整改进展情况的通报"))
    if texts.addressee.strip():
        blocks.append(Addressee(texts.addressee))
    if texts.opening.strip():
        blocks.append(Paragraph(texts.opening))
    parts: list[tuple[str, list[Block]]] = [("总体情况", _overview(sections, today))]
    if any(problems for _, problems in sections):
        parts.append(("问题整改情况", _findings(sections, today)))
    if texts.next_steps.strip():
        parts.append(("下一步工作打算", [Paragraph(texts.next_steps)]))
    for i, (heading, body) in enumerate(parts, 1):
        blocks += [Heading1(f"{cn_numeral(i)}、{heading}"), *body]
    blocks.append(Signature(texts.signature.strip(), texts.sign_date or today))
    return blocks


def _onsite(start: date | None, end: date | None) -> str:
    if start and end:
        same_year = start.year == end.year
        return f"{cn_date(start)}至{f'{end.month}月{end.day}日' if same_year else cn_date(end)}"
    return f"{cn_date(start)}起" if start else ""


def _opening(inspection: Inspection) -> str:
    """An opening sentence from whichever inspection fields are filled in."""
    body, name = inspection.body.strip(), inspection.name
    kind = inspection.kind if inspection.kind not in ("", "其他", "自查") else "检查"
    did = f"{body}对我单位开展了{name}" if body else f"我单位接受了{name}"
    when = _onsite(inspection.onsite_start, inspection.onsite_end)
    sentence = f"{when}，{did}" if when else did
    if inspection.feedback_date:
        back = f"{body}反馈了{kind}意见" if body else f"我单位收到了{kind}反馈意见"
        sentence += f"；{cn_date(inspection.feedback_date)}，{back}"
    sentence += "。"
    if inspection.plan_doc_no.strip():
        sentence += (
            f"我单位研究制定了整改方案（{inspection.plan_doc_no.strip()}），"
            "逐项明确整改措施、责任部门和整改时限。"
        )
    return sentence + "按照整改工作有关要求，现将整改进展情况通报如下："


_NEXT_OPEN = (
    "一是持续压实整改责任。对尚未完成的问题和措施逐项跟踪督办，确保按期整改到位。\n"
    "二是巩固已有整改成果。对已完成整改的事项适时开展“回头看”，防止问题反弹回潮。\n"
    "三是健全长效机制。坚持举一反三、建章立制，推动整改成果转化为工作成效。"
)
_NEXT_DONE = (
    "一是巩固整改成果。对已完成整改的事项适时开展“回头看”，防止问题反弹回潮。\n"
    "二是健全长效机制。坚持举一反三、建章立制，推动整改成果转化为工作成效。"
)


def default_report_texts(
    inspection: Inspection, problems: Sequence[Problem], today: date | None = None
) -> ReportTexts:
    """Editable starting texts for a report on one inspection."""
    still_open = any(is_open(p.status) for p in problems)
    return ReportTexts(
        title=f"关于{inspection.name}整改进展情况的通报",
        opening=_opening(inspection),
        next_steps=_NEXT_OPEN if still_open else _NEXT_DONE,
        sign_date=today or date.today(),
    )


def write_rectification_report(
    path: str | os.PathLike[str] | IO[bytes],
    texts: ReportTexts,
    sections: list[tuple[Inspection, list[Problem]]],
    fonts: FontSet,
    today: date,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Compose and write the report PDF; return its page count."""
    blocks = compose_rectification_report(texts, sections, today)
    title = texts.title.strip() or "整改进展情况通报"
    doc = OfficialDocument(blocks, title)
    return render_pdf(doc, fonts, path, progress, cancelled)
