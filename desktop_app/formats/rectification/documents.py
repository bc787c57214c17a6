"""The rectification progress report (整改进展情况通报) composed as one GB/T 9704 document.

Seed 000's shape: the opening, 一、工作做法, 二、问题整改情况 (a count line in the ledger's
words, then the findings), 三、下一步工作打算, the closing paragraph with the contact details,
signature and 成文日期, and the 版记 when the agency profile names a 印发机关. The findings
read in one of two ways (``NoticeTexts.reading``): seed 000's, where the numbered items are
the measures of each problem ("1.关于“…”问题的整改情况。" then "整改情况：…"), or grouped by
status (已整改完成的问题 / 正在推进整改的问题 / 需长期坚持的问题), where the items are problems.
The counts are the ledger's: problems by status, overdue = open with a deadline before the
statistics date, exactly as ``storage.rectification.queries.summary`` counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.dates import cn_date
from desktop_app.domain.notices import BY_MEASURE, BY_STATUS, NoticeTexts
from desktop_app.domain.rectification import Inspection, Measure, Problem, Status, is_open
from desktop_app.formats.composing import cn_numeral, end_blocks, head_blocks, outline_blocks
from desktop_app.formats.document import (
    Block,
    Heading1,
    Heading2,
    Heading3,
    Heading4,
    OfficialDocument,
    Paragraph,
)

Section = tuple[Inspection, list[Problem]]
DEFAULT_TITLE = "关于巡察整改进展情况的通报"
_ON_THE_SPOT = ("即知即改", "立行立改")
_ENDINGS = ("。", "！", "？", "”", "）", ")", "；")
_ORDINALS = "一二三四五六七八九十"
STATUS_GROUPS = (
    ("已整改完成的问题", (Status.COMPLETED,)),
    ("正在推进整改的问题", (Status.IN_PROGRESS, Status.NOT_STARTED)),
    ("需长期坚持的问题", (Status.LONG_TERM,)),
)


# -- counts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tally:
    """The ledger's counts of a set of problems (the page's summary line has the same)."""

    problems: int
    measures: int
    completed: int
    in_progress: int
    not_started: int
    long_term: int
    overdue: int
    done_measures: int

    @property
    def completion_rate(self) -> float:
        """Completed problems as a share of all problems."""
        return self.completed / self.problems if self.problems else 0.0


def is_overdue(problem: Problem, as_of: date) -> bool:
    """Open past its own deadline: the red of 三色督办, as the page and the ledger count it."""
    return is_open(problem.status) and problem.deadline is not None and problem.deadline < as_of


def tally(problems: Sequence[Problem], as_of: date) -> Tally:
    """Problems by status and measures as the ledger counts them on ``as_of``."""
    statuses = [p.status for p in problems]
    return Tally(
        problems=len(problems),
        measures=sum(len(p.measures) for p in problems),
        completed=statuses.count(Status.COMPLETED),
        in_progress=statuses.count(Status.IN_PROGRESS),
        not_started=statuses.count(Status.NOT_STARTED),
        long_term=statuses.count(Status.LONG_TERM),
        overdue=sum(is_overdue(p, as_of) for p in problems),
        done_measures=sum(m.status == Status.COMPLETED for p in problems for m in p.measures),
    )


def percent(part: int, whole: int) -> str:
    """40%, 33.3% (one decimal only when needed)."""
    value = round(100 * part / whole, 1) if whole else 0.0
    return f"{value:g}%"


def summary_sentence(t: Tally, as_of: date | None) -> str:
    """截至…，共反馈问题…个、细化整改措施…项；已完成…个、整改中…个、未启动…个、长期坚持…个…"""
    when = f"截至{cn_date(as_of)}，" if as_of else ""
    if not t.problems:
        return f"{when}暂无反馈问题。"
    found = f"共反馈问题{t.problems}个" + (f"、细化整改措施{t.measures}项" if t.measures else "")
    states = (
        f"已完成{t.completed}个、整改中{t.in_progress}个、未启动{t.not_started}个、"
        f"长期坚持{t.long_term}个"
    )
    late = f"，其中逾期{t.overdue}个" if t.overdue else ""
    done = f"；已完成整改措施{t.done_measures}项" if t.measures else ""
    rate = percent(t.completed, t.problems)
    return f"{when}{found}；{states}{late}{done}；问题整改完成率{rate}。"


# -- progress wording ---------------------------------------------------------------------------
def _clause(text: str) -> str:
    """One-line text without its closing punctuation, for use inside a sentence."""
    return "".join(text.split("\n")).strip().rstrip("。；;，,.：:")


def _sentence(text: str) -> str:
    text = " ".join(text.split()).strip()
    return text if text.endswith(_ENDINGS) else text + "。"


def _state(status: Status, way: str, done: date | None, deadline: date | None, late: bool) -> str:
    """A short phrase for an item without a written progress note."""
    if status == Status.COMPLETED:
        if way in _ON_THE_SPOT:
            return f"{way}。"
        return f"已于{cn_date(done)}完成整改。" if done else "已完成整改。"
    if status == Status.LONG_TERM:
        return "已建立长效机制，需长期坚持。"
    if late:
        return f"整改时限为{cn_date(deadline)}，已逾期，正在加紧推进。"
    limit = f"，整改时限为{cn_date(deadline)}" if deadline else ""
    if status == Status.IN_PROGRESS:
        return f"正在推进整改{limit}。"
    return f"尚未启动整改{limit}。"


def measure_progress(measure: Measure, as_of: date) -> str:
    """The text after “整改情况：” for one measure: its latest note, or its state."""
    if measure.latest_progress and measure.latest_progress.text.strip():
        return _sentence(measure.latest_progress.text)
    late = is_open(measure.status) and measure.deadline is not None and measure.deadline < as_of
    way, done = measure.completion_way, measure.completion_date
    return _state(measure.status, way, done, measure.deadline, late)


def problem_progress(problem: Problem, as_of: date) -> str:
    """The text after “整改情况：” for one problem: its note, else its measures one by one."""
    if problem.latest_progress and problem.latest_progress.text.strip():
        return _sentence(problem.latest_progress.text)
    if problem.completion_way in _ON_THE_SPOT:
        return f"{problem.completion_way}。"
    if not problem.measures:
        late = is_overdue(problem, as_of)
        way, done = problem.completion_way, problem.completion_date
        return _state(problem.status, way, done, problem.deadline, late)
    parts = []
    for i, measure in enumerate(problem.measures):
        lead = f"{_ORDINALS[i]}是" if i < len(_ORDINALS) else f"{i + 1}."
        parts.append(f"{lead}{_clause(measure.content)}，{measure_progress(measure, as_of)}")
    return "".join(parts)


def _item(
    label: str, subject: str, progress: str, heading: type[Heading3 | Heading4]
) -> list[Block]:
    return [
        heading(f"{label}关于“{_clause(subject)}”问题的整改情况。"),
        Paragraph(f"整改情况：{progress}"),
    ]


# -- the two readings ---------------------------------------------------------------------------
def problem_heading(problem: Problem, problems: Sequence[Problem]) -> str:
    """A problem's heading: its category when no other problem shares it, else its description."""
    category = problem.category.strip()
    mark = "（屡查屡犯）" if problem.repeat_of else ""
    if category and sum(p.category.strip() == category for p in problems) == 1:
        return category + mark
    return _clause(problem.description) + mark


def _by_measure(problems: Sequence[Problem], as_of: date, deep: bool) -> list[Block]:
    """Seed 000: a heading per problem, its measures as the numbered items."""
    heading = Heading3 if deep else Heading2
    item = Heading4 if deep else Heading3
    blocks: list[Block] = []
    for i, problem in enumerate(problems, 1):
        label = f"{i}." if deep else f"（{cn_numeral(i)}）"
        blocks.append(heading(f"{label}{problem_heading(problem, problems)}"))
        if not problem.measures:
            first = "（1）" if deep else "1."
            blocks += _item(first, problem.description, problem_progress(problem, as_of), item)
        for j, measure in enumerate(problem.measures, 1):
            number = f"（{j}）" if deep else f"{j}."
            blocks += _item(number, measure.content, measure_progress(measure, as_of), item)
    return blocks


def _by_status(problems: Sequence[Problem], as_of: date, deep: bool) -> list[Block]:
    """Problems grouped by status; each is an item with its progress."""
    heading = Heading3 if deep else Heading2
    item = Heading4 if deep else Heading3
    blocks: list[Block] = []
    groups = [(name, [p for p in problems if p.status in kinds]) for name, kinds in STATUS_GROUPS]
    for i, (name, group) in enumerate([g for g in groups if g[1]], 1):
        label = f"{i}." if deep else f"（{cn_numeral(i)}）"
        blocks.append(heading(f"{label}{name}"))
        for j, problem in enumerate(group, 1):
            number = f"（{j}）" if deep else f"{j}."
            progress = problem_progress(problem, as_of)
            if problem.repeat_of:
                progress = f"该问题属屡查屡犯问题，已举一反三从严整改。{progress}"
            blocks += _item(number, problem.description, progress, item)
    return blocks


def _findings(sections: Sequence[Section], as_of: date, reading: str) -> list[Block]:
    """二、问题整改情况: the count line, then the findings of each inspection."""
    everything = [p for _, problems in sections for p in problems]
    count = summary_sentence(tally(everything, as_of), as_of)
    if len(sections) > 1:
        count = f"本次通报涉及{len(sections)}项检查。{count}"
    blocks: list[Block] = [Paragraph(count)]
    list_them = _by_status if reading == BY_STATUS else _by_measure
    if len(sections) == 1:
        return blocks + list_them(sections[0][1], as_of, deep=False)
    for i, (inspection, problems) in enumerate(sections, 1):
        blocks.append(Heading2(f"（{cn_numeral(i)}）{inspection.name}"))
        blocks.append(Paragraph(summary_sentence(tally(problems, as_of), None)))
        blocks += list_them(problems, as_of, deep=True)
    return blocks


# -- the document -----------------------------------------------------------------------------
def compose_report(
    texts: NoticeTexts, sections: Sequence[Section], profile: AgencyProfile, today: date
) -> OfficialDocument:
    """The whole report; the statistics date is ``stat_date``, else the 成文日期."""
    as_of = texts.stat_date or texts.sign_date or today
    blocks = head_blocks(texts, profile, DEFAULT_TITLE)
    parts: list[tuple[str, list[Block]]] = []
    if texts.practices.strip():
        parts.append(("工作做法", outline_blocks(texts.practices)))
    parts.append(("问题整改情况", _findings(sections, as_of, texts.reading or BY_MEASURE)))
    if texts.next_steps.strip():
        parts.append(("下一步工作打算", outline_blocks(texts.next_steps)))
    for i, (heading, body) in enumerate(parts, 1):
        blocks += [Heading1(f"{cn_numeral(i)}、{heading}"), *body]
    if texts.closing.strip():
        blocks.append(Paragraph(texts.closing))
    blocks += end_blocks(texts, profile, today)
    title = texts.title.strip() or DEFAULT_TITLE
    return OfficialDocument(blocks, title)


# -- texts to start from ------------------------------------------------------------------------
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
    return sentence + "。按照整改工作有关要求，现将整改进展情况通报如下："


def _practices(inspection: Inspection, problems: Sequence[Problem]) -> str:
    """工作做法 to start from: thinking, organisation, and the plan with its counts."""
    kind = inspection.kind if inspection.kind not in ("", "其他", "自查") else "检查"
    measures = sum(len(p.measures) for p in problems)
    plan = (
        f"研究制定整改方案（{inspection.plan_doc_no.strip()}），"
        if inspection.plan_doc_no.strip()
        else "研究制定整改方案，"
    )
    counts = (
        f"针对{len(problems)}个问题进一步细化，明确{measures}项具体整改措施"
        if measures
        else f"针对{len(problems)}个问题逐项明确整改措施"
    )
    return (
        f"（一）统一思想认识。高度重视{kind}反馈问题，及时传达学习反馈意见，研究部署整改工作。\n"
        "（二）加强组织领导。建立主要负责同志负总责、分管负责同志分头负责、责任部门具体落实的"
        "整改工作机制，明确专人负责整改工作的组织协调和督查落实。\n"
        f"（三）强化统筹推进。{plan}{counts}、整改时限、责任领导和责任部门，确保各项问题按时整改到位。"
    )


_NEXT_OPEN = (
    "一是持续压实整改责任。对尚未完成的问题和措施逐项跟踪督办，确保按期整改到位。\n"
    "二是巩固已有整改成果。对已完成整改的事项适时开展“回头看”，防止问题反弹回潮。\n"
    "三是健全长效机制。坚持举一反三、建章立制，推动整改成果转化为工作成效。"
)
_NEXT_DONE = (
    "一是巩固整改成果。对已完成整改的事项适时开展“回头看”，防止问题反弹回潮。\n"
    "二是健全长效机制。坚持举一反三、建章立制，推动整改成果转化为工作成效。"
)


def closing_text(kind: str, profile: AgencyProfile) -> str:
    """欢迎监督… and the contact details of the profile (without them: the first sentence)."""
    what = f"{kind}整改落实情况" if kind else "整改落实情况"
    text = f"欢迎广大干部群众对{what}进行监督。如有意见建议，请及时向我们反映。"
    details = profile.contact_details()
    return text + (f"联系方式：{details}。" if details else "")


def default_report_texts(
    inspection: Inspection,
    problems: Sequence[Problem],
    today: date | None = None,
    profile: AgencyProfile | None = None,
) -> NoticeTexts:
    """Editable starting texts for a report on one inspection, in seed 000's shape."""
    profile = profile or AgencyProfile()
    still_open = any(is_open(p.status) for p in problems)
    kind = inspection.kind if inspection.kind not in ("", "其他", "自查") else ""
    return NoticeTexts(
        title=f"关于{inspection.name}整改进展情况的通报",
        opening=_opening(inspection),
        practices=_practices(inspection, problems),
        next_steps=_NEXT_OPEN if still_open else _NEXT_DONE,
        closing=closing_text(kind, profile),
        reading=BY_MEASURE,
        sign_date=today or date.today(),
    )


def texts_for_several(texts: NoticeTexts) -> NoticeTexts:
    """Starting texts of a report that covers several inspections."""
    return replace(
        texts,
        title=DEFAULT_TITLE,
        opening="现将巡察反馈问题整改进展情况通报如下：",
        practices="",
    )
