"""Reading a feedback (反馈意见) or progress report (整改进展情况报告) as a tree (pure Python).

"一、" starts a section, "(一)" a heading, "1." an item; paragraphs under an item are its
progress (整改情况:…). A heading that names a status (已整改完成的问题, 正在推进整改的问题,
需长期坚持的问题) is a status group whose items are problems; any other heading is a problem
whose items are its measures. ``READINGS`` lets the clerk switch this for a whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from desktop_app.domain.imports.drafts import (
    InspectionDraft,
    ItemDraft,
    MeasureDraft,
    Origin,
    ProblemDraft,
)
from desktop_app.domain.imports.values import ON_THE_SPOT
from desktop_app.domain.rectification import Status

AUTO, HEADINGS_ARE_PROBLEMS, HEADINGS_ARE_GROUPS = "auto", "problems", "groups"
READINGS = {
    AUTO: "自动(状态标题为分组,其他标题为问题)",
    HEADINGS_ARE_PROBLEMS: "“(一)”标题为问题,“1.”条目为整改措施",
    HEADINGS_ARE_GROUPS: "“(一)”标题为分组(类别或状态),“1.”条目为问题",
}
_CN = "一二三四五六七八九十百零〇"
_SECTION = re.compile(rf"^([{_CN}]+)\s*[、.,\uff0c\uff0e]\s*(.*)$")
_HEADING = re.compile(rf"^[(\uff08]\s*([{_CN}]+)\s*[)\uff09]\s*[、.]?\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,3})\s*(?:[.、)]|\s)\s*(.*)$")
_QUOTED = re.compile(r"关于\s*[“\"'‘「](.+)[”\"'’」]\s*(?:问题|事项)?的?(?:整改|落实)")
_PROGRESS = re.compile(r"^(?:整改情况|整改进展|进展情况|落实情况|整改进度)\s*[:\uff1a]\s*")
_GROUPS: tuple[tuple[Status, re.Pattern[str]], ...] = (
    (Status.LONG_TERM, re.compile(r"长期坚持|需长期|持续推进|常态化")),
    (
        Status.COMPLETED,
        re.compile(r"已整改完成|已完成整改|已经完成|已完成|整改完成的|已整改到位|已办结"),
    ),
    (Status.IN_PROGRESS, re.compile(r"正在推进|正在整改|整改中|推进中|尚未完成|未完成|阶段性")),
    (Status.NOT_STARTED, re.compile(r"未启动|尚未启动")),
)
_SKIP_SECTION = re.compile(
    r"下一步|工作打算|工作做法|主要做法|总体情况|基本情况|主要成效|工作举措|经验"
)
_PROBLEM_SECTION = re.compile(r"问题|整改情况|整改落实|反馈意见|整改进展")
_PERIOD = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:至|到|—|-|~)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
_FEEDBACK = re.compile(
    r"(\d{4})年(\d{1,2})月(\d{1,2})日[,\uff0c]?\s*([^,,。]{2,20}?)向[^,,。]*?反馈"
)
_BODY = re.compile(r"(巡[视察][^,,。、]{0,8}?组|[^,,。、]{2,10}(?:审计组|督查组|检查组))")
_KIND = re.compile(r"开展了?([^,,。]{0,12}?(?:专项巡察|专项巡视|巡察|巡视|审计|督查))")
_DOC_NO = re.compile(r"[\u4e00-\u9fff]{2,8}[〔﹝\[(【][12]\d{3}[〕﹞\])】]\s*\d+\s*号")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|日期)\s*[:\uff1a]\s*(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})"
)
_SIGN_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
Draft = TypeVar("Draft", bound=ItemDraft)  # a problem or a measure


@dataclass
class TextPart:
    """A numbered part of the text: its number as written ("一", "1"), its title (an item's
    whole line) and the line of the text it starts on (from 1)."""

    number: str
    title: str
    at: int = field(default=0, kw_only=True)


@dataclass
class TextItem(TextPart):
    """A "1." item: its line, the content it names, its paragraphs (progress)."""

    content: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class TextHeading(TextPart):
    """A "(一)" heading with its paragraphs and items; a status group when it names one."""

    paragraphs: list[str] = field(default_factory=list)
    items: list[TextItem] = field(default_factory=list)
    group_status: Status | None = None


@dataclass
class TextSection(TextPart):
    """An "一、" section (or the whole text when it has none)."""

    headings: list[TextHeading] = field(default_factory=list)
    loose: TextHeading | None = None  # items and paragraphs before the first heading
    holds_problems: bool = True


@dataclass
class FeedbackDoc:
    """The whole text read into sections, headings and items, with the opening's facts."""

    title: str
    inspection: InspectionDraft
    sections: list[TextSection] = field(default_factory=list)


_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _fold(line: str) -> str:
    """A line as written, with runs of blanks made one space."""
    return re.sub(r"[\s\u3000]+", " ", line).strip()


def _plain(line: str) -> str:
    """Full-width digits, letters and brackets as half-width, character for character.

    The mapping keeps every position, so a match on the plain form cuts the line as written
    (stored texts keep the clerk's full-width punctuation).
    """
    return line.translate(_ASCII)


def group_status(title: str) -> Status | None:
    """The status a heading names (已整改完成的问题 → 已完成), or None."""
    for status, pattern in _GROUPS:
        if pattern.search(title) and ("问题" in title or "事项" in title or len(title) <= 12):
            return status
    return None


def parse_feedback(text: str, name: str = "") -> FeedbackDoc:
    """The tree of a feedback or progress report, and the inspection facts of its opening."""
    lines = [(n, _fold(raw)) for n, raw in enumerate(text.splitlines(), 1)]
    lines = [(n, line) for n, line in lines if line]
    doc = FeedbackDoc(title=lines[0][1] if lines else name, inspection=_facts(lines, name))
    section: TextSection | None = None
    heading: TextHeading | None = None
    item: TextItem | None = None
    for at, line in lines[1:]:
        plain = _plain(line)
        if match := _SECTION.match(plain):
            section = TextSection(match[1], line[match.start(2) :].rstrip("。"), at=at)
            doc.sections.append(section)
            heading = item = None
            continue
        if section is None:
            if not (_HEADING.match(plain) or _ITEM.match(plain)):
                continue  # the title block and opening paragraphs before the first section
            section = TextSection("", "", at=at)  # a text without "一、" sections
            doc.sections.append(section)
        if match := _HEADING.match(plain):
            title, rest = _split_title(line[match.start(2) :])
            heading = TextHeading(match[1], title, [rest] if rest else [], at=at)
            heading.group_status = group_status(title)
            section.headings.append(heading)
            item = None
            continue
        if match := _ITEM.match(plain):
            owner = heading or section.loose or TextHeading("", section.title, at=at)
            if heading is None and section.loose is None:
                section.loose = owner
            rest = line[match.start(2) :]
            item = TextItem(match[1], rest, _content(rest), at=at)
            owner.items.append(item)
            continue
        target = item.paragraphs if item else (heading or _loose(section, at)).paragraphs
        target.append(line)
    for part in doc.sections:
        part.holds_problems = _holds_problems(part)
    return doc


def _loose(section: TextSection, at: int) -> TextHeading:
    if section.loose is None:
        section.loose = TextHeading("", section.title, at=at)
    return section.loose


def _holds_problems(section: TextSection) -> bool:
    items = any(h.items for h in section.headings) or bool(section.loose and section.loose.items)
    if not section.title:
        return items or bool(section.headings)
    if _SKIP_SECTION.search(section.title) and not _PROBLEM_SECTION.search(section.title):
        return False
    return items or bool(_PROBLEM_SECTION.search(section.title) and section.headings)


def _split_title(text: str) -> tuple[str, str]:
    """ "统一思想认识。市科技局…" → ("统一思想认识", "市科技局…")."""
    head, sep, rest = text.partition("。")
    if sep and rest and len(head) <= 40:
        return head.strip(), rest.strip()
    return text.rstrip("。").strip(), ""


def _content(line: str) -> str:
    if match := _QUOTED.search(_plain(line)):
        return line[match.start(1) : match.end(1)].strip()
    return line.rstrip("。").strip()


def _facts(lines: list[tuple[int, str]], name: str) -> InspectionDraft:
    lines = [(n, _plain(line)) for n, line in lines]
    opening = " ".join(line for _, line in lines[:8])
    draft = InspectionDraft(name="")
    if match := _PERIOD.search(opening):
        year = int(match[1])
        draft.onsite_start = _date(year, match[2], match[3])
        draft.onsite_end = _date(int(match[4] or year), match[5], match[6])
    if match := _FEEDBACK.search(opening):
        draft.feedback_date = _date(int(match[1]), match[2], match[3])
    if match := _BODY.search(opening):
        draft.body = match[1].strip()
    what = ""
    if match := _KIND.search(opening):
        what = match[1].strip()
        for kind in ("专项巡察", "巡视", "巡察", "审计", "督查"):
            if kind in what:
                draft.kind = kind
                break
    if match := _DOC_NO.search(" ".join(line for _, line in lines)):
        draft.plan_doc_no = re.sub(r"\s+", "", match[0])
    if match := _PUBLISHED.search(opening):
        draft.report_date = _date(int(match[1]), match[2], match[3])
    else:
        for _, line in reversed(lines[-6:]):
            if match := _SIGN_DATE.match(line):
                draft.report_date = _date(int(match[1]), match[2], match[3])
                break
    draft.name = (draft.body + what) or (lines[0][1] if lines else name) or "导入的巡察"
    return draft


def _date(year: int, month: str, day: str) -> date | None:
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return None


def _item_status(paragraphs: list[str], default: Status) -> tuple[Status, str]:
    text = _PROGRESS.sub("", paragraphs[0]) if paragraphs else ""
    for word in ON_THE_SPOT:
        if text.startswith(word):
            return Status.COMPLETED, "立行立改" if word == "立行立改" else "即知即改"
    if re.match(r"^(已完成|已整改完成|已整改到位|已办结|整改完成)", text):
        return Status.COMPLETED, ""
    if re.match(r"^(长期坚持|需长期坚持|持续推进|常态化)", text):
        return Status.LONG_TERM, ""
    return default, ""


def _progress(paragraphs: list[str]) -> list[str]:
    text = "\n".join(_PROGRESS.sub("", p) for p in paragraphs).strip()
    return [text] if text else []


def to_problems(doc: FeedbackDoc, reading: str = AUTO, sheet: str = "") -> list[ProblemDraft]:
    """Problems with their measures, read from the tree the way ``reading`` says."""
    problems: list[ProblemDraft] = []
    for section in doc.sections:
        if not section.holds_problems:
            continue
        groups = [section.loose] if section.loose else []
        groups += section.headings
        for heading in groups:
            if heading is None:
                continue
            is_group = heading.group_status is not None or heading is section.loose
            if reading == HEADINGS_ARE_PROBLEMS and heading is not section.loose:
                is_group = False
            elif reading == HEADINGS_ARE_GROUPS:
                is_group = True
            if is_group:
                problems += _items_as_problems(heading, section, sheet)
            else:
                problems.append(_heading_as_problem(heading, sheet))
    for seq, problem in enumerate(problems, 1):
        problem.seq = seq
    return problems


def _items_as_problems(
    heading: TextHeading, section: TextSection, sheet: str
) -> list[ProblemDraft]:
    default = heading.group_status or group_status(section.title) or Status.IN_PROGRESS
    category = "" if heading.group_status or heading is section.loose else heading.title
    return [
        _read_item(ProblemDraft(description=item.content, category=category), item, default, sheet)
        for item in heading.items
    ]


def _heading_as_problem(heading: TextHeading, sheet: str) -> ProblemDraft:
    problem = ProblemDraft(
        description=heading.title,
        category=heading.title,
        progress=_progress(heading.paragraphs),
        origin=Origin(sheet, heading.at),
    )
    problem.status = _item_status(heading.paragraphs, Status.IN_PROGRESS)[0]
    problem.measures = [
        _read_item(MeasureDraft(content=item.content, seq=seq), item, Status.IN_PROGRESS, sheet)
        for seq, item in enumerate(heading.items, 1)
    ]
    return problem


def _read_item(draft: Draft, item: TextItem, default: Status, sheet: str) -> Draft:
    """``draft`` given what ``item`` says: its status and way, its progress, its line."""
    draft.status, draft.completion_way = _item_status(item.paragraphs, default)
    draft.progress = _progress(item.paragraphs)
    draft.origin = Origin(sheet, item.at)
    return draft
