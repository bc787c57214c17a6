"""Training documents on the GB/T 9704 model: the sign-in sheet (签到表) and the notice.

The sign-in sheet lists the invited people, then blank rows for walk-ins (at least
``min_blank``, and as many more as fill the last page); its header repeats on every page.
It is blank by default: attendance marks (请假, 缺席) only when asked for. A session over
several days (or halves of days) gets one signature column per day (or half-day), on a
landscape page when there are more than two. The notice (关于举办…的通知) is set from the
texts the clerk may edit; the name list or the sign-in sheet can go with it as its 附件.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.notices import NAME_LIST, NO_ATTACHMENT, SIGNIN_SHEET, NoticeTexts
from desktop_app.domain.training import (
    CENTRAL_STUDY,
    COURT_HEARING,
    ONLINE_EXAM,
    PUBLICITY,
    Attendance,
    AttendanceStatus,
    TrainingSession,
    hours_text,
)
from desktop_app.formats import composing
from desktop_app.formats.document import Block, OfficialDocument, Paragraph, Table, Title

SIGNIN_FONT_SIZE = 10.5  # 五号
SIGNIN_ROW_MM = 9.0
MIN_BLANK_ROWS = 3
MAX_EXTRA_BLANK = 40
SIGNATURE_MM = 28.0  # one signature column
_BASE = (("序号", 12.0), ("姓名", 18.0), ("单位（处室）", 50.0), ("职务", 22.0))
_VERBS = {
    CENTRAL_STUDY: "召开",
    COURT_HEARING: "组织",
    ONLINE_EXAM: "组织参加",
    PUBLICITY: "开展",
}
NAMES_TITLE = "参加人员名单"
NOTICE_DAYS_AHEAD = 7  # a notice for a past session is dated this many days before it
Pages = Callable[[OfficialDocument], int]


def unit_text(unit: str, department: str) -> str:
    """单位（处室） as the sign-in sheet prints it."""
    if unit and department:
        return f"{unit}（{department}）"
    return unit or department


def signature_columns(session: TrainingSession, half_days: bool = False) -> list[str]:
    """签名, or one column per day (签名\\n6月18日) or half-day (签名\\n6月18日上午)."""
    if session.date is None or (session.days == 1 and not half_days):
        return ["签名"]
    columns = []
    for n in range(session.days):
        day = session.date + timedelta(days=n)
        label = f"{day.month}月{day.day}日"
        halves = ("上午", "下午") if half_days else ("",)
        columns += [f"签名\n{label}{half}" for half in halves]
    return columns


@dataclass(frozen=True)
class SheetChoice:
    """How the clerk wants the sheet: attendance marks in 备注, a signature column a half-day."""

    marks: bool = False
    half_days: bool = False


def signin_table(
    session: TrainingSession,
    attendees: Sequence[Attendance],
    blank: int,
    choice: SheetChoice = SheetChoice(),
    width_mm: float = 156.0,
) -> Table:
    """The sheet's table: the invited, then ``blank`` empty rows; 备注 marks only if chosen."""
    marks = choice.marks
    signs = signature_columns(session, choice.half_days)
    header = [h for h, _ in _BASE] + signs + ["备注"]
    rows: list[list[object]] = []
    for seq, att in enumerate(attendees, 1):
        remark = att.status.value if marks and att.status != AttendanceStatus.PRESENT else ""
        who = [seq, att.name, unit_text(att.unit, att.department), att.post]
        rows.append([*who, *[""] * len(signs), remark])
    rows += [[len(attendees) + i, *[""] * (len(header) - 1)] for i in range(1, blank + 1)]
    return Table(
        header, rows, signin_widths(rows, len(signs), width_mm), SIGNIN_FONT_SIZE, SIGNIN_ROW_MM
    )


def signin_widths(rows: Sequence[Sequence[object]], signs: int, width_mm: float) -> list[float]:
    """Widths (mm): 序号, 姓名 and 职务 as wide as their values (up to 1.4 times the default),
    each signature column SIGNATURE_MM where the page allows, 备注 12, the unit the rest."""
    size, remark = SIGNIN_FONT_SIZE, 12.0
    seq, name, unit, post = (
        min(default * 1.4, composing.cell_width([head, *(r[col] for r in rows)], size))
        for col, (head, default) in enumerate(_BASE)
    )
    room = width_mm - seq - name - post - _BASE[2][1] - remark  # the unit keeps its default
    sign_w = max(16.0, min(SIGNATURE_MM, room / signs))
    unit = max(_BASE[2][1], width_mm - seq - name - post - sign_w * signs - remark)
    widths = [seq, name, unit, post, *[sign_w] * signs]
    return [*widths, max(remark, width_mm - sum(widths))]


def landscape_sheet(session: TrainingSession, half_days: bool = False) -> bool:
    """More than two signature columns need the width of a landscape page."""
    return len(signature_columns(session, half_days)) > 2


def _info(session: TrainingSession) -> str:
    lines = [f"时间：{session.when_text()}", f"地点：{session.place}"]
    lines.append(f"组织单位：{session.organiser}")
    if session.speaker:
        lines.append(f"主讲人：{session.speaker}")
    return "\n".join(lines)


def signin_blocks(
    session: TrainingSession, attendees: Sequence[Attendance], blank: int, choice: SheetChoice
) -> list[Block]:
    """Title, time, place and organiser, then the table with ``blank`` empty rows."""
    width = 225.0 if landscape_sheet(session, choice.half_days) else 156.0
    table = signin_table(session, attendees, blank, choice, width)
    return [Title(f"{session.title}\n签到表"), Paragraph(_info(session), indent=0), table]


def blank_rows_to_fill(
    doc_for: Callable[[int], OfficialDocument], pages: Pages, min_blank: int = MIN_BLANK_ROWS
) -> int:
    """Blank rows that fill the page the list ends on; the next page too if fewer than min."""

    def count(blank: int) -> int:
        return pages(doc_for(blank))

    def most_on(page_count: int, low: int) -> int:
        high = low + MAX_EXTRA_BLANK
        while low < high:
            middle = (low + high + 1) // 2
            if count(middle) <= page_count:
                low = middle
            else:
                high = middle - 1
        return low

    last = count(0)
    blank = most_on(last, 0)
    return blank if blank >= min_blank else most_on(last + 1, min_blank)


def pdf_pages(fonts: object) -> Pages:
    """Pages a document takes in the PDF layout (for filling the last page with rows)."""
    from desktop_app.formats.pdf_layout import render_pdf

    return lambda doc: render_pdf(doc, fonts, io.BytesIO())  # type: ignore[arg-type]


def compose_signin_sheet(
    session: TrainingSession,
    attendees: Sequence[Attendance],
    pages: Pages,
    *,
    marks: bool = False,
    half_days: bool = False,
    min_blank: int = MIN_BLANK_ROWS,
) -> OfficialDocument:
    """The sign-in sheet with as many blank rows as fill its last page."""
    wide = landscape_sheet(session, half_days)

    def doc_for(blank: int) -> OfficialDocument:
        blocks = signin_blocks(session, attendees, blank, SheetChoice(marks, half_days))
        return OfficialDocument(blocks, f"{session.title}签到表", landscape=wide)

    return doc_for(blank_rows_to_fill(doc_for, pages, min_blank))


# -- the notice ------------------------------------------------------------------------------
def _verb(session: TrainingSession) -> str:
    """举办, 召开, 组织… for the title and opening ('' when the title starts with one)."""
    if session.title.startswith(("召开", "举办", "组织", "开展")):
        return ""
    return _VERBS.get(session.kind, "举办")


def notice_title(session: TrainingSession) -> str:
    """关于举办（召开、组织…）…的通知."""
    return f"关于{_verb(session)}{session.title}的通知"


def participants_text(attendees: Sequence[Attendance], attachment: str = NAME_LIST) -> str:
    """Who is to attend, summarised by unit and department, and where the names are."""
    if not attendees:
        return "局机关全体干部职工。"
    units: dict[str, list[str]] = {}
    for att in attendees:
        departments = units.setdefault(att.unit or "其他人员", [])
        if att.department and att.department not in departments:
            departments.append(att.department)
    parts = [f"{unit}（{'、'.join(d)}）" if d else unit for unit, d in units.items()]
    where = "（名单见附件）" if attachment != NO_ATTACHMENT else ""
    return f"{'、'.join(parts)}共{len(attendees)}人{where}。"


def notice_date(session: TrainingSession, today: date) -> date:
    """The 成文日期 to start from: today, or a week before a session that is already past."""
    if session.date is None or today < session.date:
        return today
    return session.date - timedelta(days=NOTICE_DAYS_AHEAD)


def default_notice_texts(
    session: TrainingSession,
    attendees: Sequence[Attendance],
    previous: NoticeTexts | None,
    today: date,
) -> NoticeTexts:
    """Texts to start the notice from; office-wide ones come from the last saved notice."""
    previous = previous or NoticeTexts()
    verb = _verb(session)
    content = f"学习{session.laws_text()}等法律法规。" if session.laws else f"{session.title}。"
    if session.speaker:
        content += f"由{session.speaker}主讲。"
    if session.kind == ONLINE_EXAM:
        requirements = (
            "请参考人员在规定时间内登录考试平台独立完成考试，成绩计入年度学法考核。\n"
            "因故不能参加的，请提前向组织单位说明原因。"
        )
    else:
        requirements = (
            "请参加人员提前10分钟到场签到，因故不能参加的须提前请假。\n"
            "会场内请将手机调至静音，认真做好学习笔记。"
        )
    attachment = NAME_LIST if attendees else NO_ATTACHMENT
    return NoticeTexts(
        title=notice_title(session),
        issuer=previous.issuer,
        doc_no="",
        red_header=previous.red_header,
        addressee=previous.addressee or "局机关各处室、各直属单位",
        opening=(
            "为深入学习贯彻习近平法治思想，进一步提高干部职工法治思维和依法行政能力，"
            f"经研究，决定{verb}{session.title}。现将有关事项通知如下："
        ),
        time_place=(
            f"时间：{session.when_text()}（共{hours_text(session.hours)}学时）。\n"
            f"地点：{session.place or '另行通知'}。"
        ),
        participants=participants_text(attendees, attachment),
        content=content,
        requirements=requirements,
        contact=previous.contact,
        attachment=attachment,
        signature=previous.signature,
        sign_date=notice_date(session, today),
    )


SECTIONS = (
    ("time_place", "时间和地点"),
    ("participants", "参加人员"),
    ("content", "学习内容"),
    ("requirements", "有关要求"),
)


NAMES_HEADER = ("序号", "姓名", "单位（处室）", "职务")
NAMES_FONT_SIZE = 14.0  # 四号


def names_widths(rows: Sequence[Sequence[object]]) -> tuple[float, ...]:
    """Widths (mm) of the name list: 序号, names and posts on one line, the unit the rest."""

    size = NAMES_FONT_SIZE
    name = composing.cell_width(["姓名", *(r[1] for r in rows)], size)
    post = min(40.0, composing.cell_width(["职务", *(r[3] for r in rows)], size))
    seq = composing.cell_width(["序号", *(r[0] for r in rows)], size)
    return (seq, name, 156.0 - seq - name - post, post)


def _annex(
    texts: NoticeTexts, session: TrainingSession, attendees: Sequence[Attendance], pages: Pages
) -> tuple[str, list[Block]]:
    """The 附件 the notice announces: its name and its blocks ("" when none)."""
    if texts.attachment == SIGNIN_SHEET:
        sheet = compose_signin_sheet(session, attendees, pages)
        return "签到表", sheet.blocks
    if texts.attachment == NAME_LIST and attendees:
        rows = [
            [i, a.name, unit_text(a.unit, a.department), a.post] for i, a in enumerate(attendees, 1)
        ]
        table = Table(NAMES_HEADER, rows, names_widths(rows), NAMES_FONT_SIZE)
        return NAMES_TITLE, [Title(NAMES_TITLE), table]
    return "", []


def compose_training_notice(
    texts: NoticeTexts,
    session: TrainingSession,
    attendees: Sequence[Attendance],
    profile: AgencyProfile,
    today: date,
    pages: Pages | None = None,
) -> OfficialDocument:
    """The notice; empty sections are left out and the rest numbered; then its 附件."""
    blocks = composing.head_blocks(texts, profile, notice_title(session))
    name, annex = _annex(texts, session, attendees, pages or (lambda _doc: 1))
    sections = []
    for key, heading in SECTIONS:
        text = getattr(texts, key).strip()
        if key == "participants" and not name:  # nothing attached: no pointer to an annex
            text = re.sub(r"[（(]名单见(附件|签到表)[）)]", "", text)
        sections.append((heading, [Paragraph(text)] if text else []))
    blocks += composing.section_blocks(sections)
    blocks += composing.contact_blocks(texts, profile)
    blocks += composing.closing_blocks(composing.end_blocks(texts, profile, today), name, annex)
    return OfficialDocument(blocks, texts.title.strip() or notice_title(session))
