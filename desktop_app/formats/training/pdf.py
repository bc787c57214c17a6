"""Training PDFs on the shared GB/T 9704 layout: the sign-in sheet (签到表) and the notice.

The sign-in sheet lists the invited people and then blank rows for walk-ins, at least
``min_blank`` and as many more as fill the last page; its table header repeats on every
page. The notice (关于举办…的通知) is set from ``NoticeTexts`` the clerk may edit.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from datetime import date
from typing import IO

from desktop_app.domain.training import (
    CENTRAL_STUDY,
    COURT_HEARING,
    ONLINE_EXAM,
    PUBLICITY,
    Attendance,
    AttendanceStatus,
    NoticeTexts,
    TrainingSession,
    hours_text,
)
from desktop_app.formats.fonts import FontSet
from desktop_app.formats.pdf_layout import (
    Addressee,
    Block,
    Heading1,
    OfficialDocument,
    Paragraph,
    RedHeader,
    Signature,
    Table,
    Title,
    render_pdf,
)
from desktop_app.jobs import CancelCheck, Progress

SIGNIN_HEADER = ("序号", "姓名", "单位(处室)", "职务", "签名", "备注")
SIGNIN_WIDTHS = (12, 18, 62, 25, 28, 11)  # mm of the 156 mm type area
SIGNIN_FONT_SIZE = 10.5  # 五号
SIGNIN_ROW_MM = 9.0
MIN_BLANK_ROWS = 3
MAX_EXTRA_BLANK = 40
_NUMERALS = "一二三四五六七八九"
_VERBS = {
    CENTRAL_STUDY: "召开",
    COURT_HEARING: "组织",
    ONLINE_EXAM: "组织参加",
    PUBLICITY: "开展",
}


def unit_text(unit: str, department: str) -> str:
    """单位(处室) as the sign-in sheet prints it."""
    if unit and department:
        return f"{unit}({department})"
    return unit or department


def signin_blocks(
    session: TrainingSession, attendees: Sequence[Attendance], blank: int
) -> list[Block]:
    """Title, time, place and organiser, then the table with ``blank`` empty rows."""
    rows: list[list[object]] = []
    for seq, att in enumerate(attendees, 1):
        remark = att.status.value if att.status != AttendanceStatus.PRESENT else ""
        rows.append([seq, att.name, unit_text(att.unit, att.department), att.post, "", remark])
    rows += [[len(attendees) + i, "", "", "", "", ""] for i in range(1, blank + 1)]
    info = [
        f"时间:{session.when_text()}",
        f"地点:{session.place}",
        f"组织单位:{session.organiser}",
    ]
    if session.speaker:
        info.append(f"主讲人:{session.speaker}")
    return [
        Title(f"{session.title}\n签到表"),
        Paragraph("\n".join(info), indent=0),
        Table(
            SIGNIN_HEADER,
            rows,
            col_widths=SIGNIN_WIDTHS,
            font_size=SIGNIN_FONT_SIZE,
            min_row_height_mm=SIGNIN_ROW_MM,
        ),
    ]


def _signin_document(
    session: TrainingSession, attendees: Sequence[Attendance], blank: int
) -> OfficialDocument:
    return OfficialDocument(signin_blocks(session, attendees, blank), f"{session.title}签到表")


def blank_rows_to_fill(
    session: TrainingSession,
    attendees: Sequence[Attendance],
    fonts: FontSet,
    min_blank: int = MIN_BLANK_ROWS,
) -> int:
    """Blank rows that fill the page the list ends on; the next page too if fewer than min."""

    def pages(blank: int) -> int:
        return render_pdf(_signin_document(session, attendees, blank), fonts, io.BytesIO())

    def most_on(page_count: int, low: int) -> int:
        high = low + MAX_EXTRA_BLANK
        while low < high:
            middle = (low + high + 1) // 2
            if pages(middle) <= page_count:
                low = middle
            else:
                high = middle - 1
        return low

    last = pages(0)
    blank = most_on(last, 0)
    return blank if blank >= min_blank else most_on(last + 1, min_blank)


def write_signin_sheet(
    path: str | os.PathLike[str] | IO[bytes],
    session: TrainingSession,
    attendees: Sequence[Attendance],
    fonts: FontSet,
    *,
    min_blank: int = MIN_BLANK_ROWS,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the sign-in sheet; returns the page count."""
    blank = blank_rows_to_fill(session, attendees, fonts, min_blank)
    doc = _signin_document(session, attendees, blank)
    return render_pdf(doc, fonts, path, progress, cancelled)


# -- the notice ------------------------------------------------------------------------------
def _verb(session: TrainingSession) -> str:
    """举办, 召开, 组织… for the title and opening ('' when the title starts with one)."""
    if session.title.startswith(("召开", "举办", "组织", "开展")):
        return ""
    return _VERBS.get(session.kind, "举办")


def notice_title(session: TrainingSession) -> str:
    """关于举办(召开、组织…)…的通知."""
    return f"关于{_verb(session)}{session.title}的通知"


def participants_text(attendees: Sequence[Attendance]) -> str:
    """Who is to attend: units with their departments, summarised from the list."""
    if not attendees:
        return "局机关全体干部职工。"
    units: dict[str, list[str]] = {}
    for att in attendees:
        departments = units.setdefault(att.unit or "其他人员", [])
        if att.department and att.department not in departments:
            departments.append(att.department)
    parts = [f"{unit}({'、'.join(d)})" if d else unit for unit, d in units.items()]
    return f"{'、'.join(parts)}共{len(attendees)}人(名单见签到表)。"


def default_notice_texts(
    session: TrainingSession,
    attendees: Sequence[Attendance],
    previous: NoticeTexts | None,
    today: date,
) -> NoticeTexts:
    """Texts to start the notice from; office-wide ones come from the last saved notice."""
    previous = previous or NoticeTexts()
    verb = _verb(session)
    when = session.when_text()
    content = f"学习{session.laws_text()}等法律法规。" if session.laws else f"{session.title}。"
    if session.speaker:
        content += f"由{session.speaker}主讲。"
    if session.kind == ONLINE_EXAM:
        requirements = (
            "请参考人员在规定时间内登录考试平台独立完成考试,成绩计入年度学法考核。\n"
            "因故不能参加的,请提前向组织单位说明原因。"
        )
    else:
        requirements = (
            "请参加人员提前10分钟到场签到,因故不能参加的须提前请假。\n"
            "会场内请将手机调至静音,认真做好学习笔记。"
        )
    return NoticeTexts(
        title=notice_title(session),
        issuer=previous.issuer,
        doc_no="",
        red_header=previous.red_header,
        addressee=previous.addressee or "局机关各处室、各直属单位",
        opening=(
            "为深入学习贯彻习近平法治思想,进一步提高干部职工法治思维和依法行政能力,"
            f"经研究,决定{verb}{session.title}。现将有关事项通知如下。"
        ),
        time_place=(
            f"时间:{when}(共{hours_text(session.hours)}学时)。\n"
            f"地点:{session.place or '另行通知'}。"
        ),
        participants=participants_text(attendees),
        content=content,
        requirements=requirements,
        contact=previous.contact,
        signature=previous.signature or session.organiser,
        sign_date=today,
    )


SECTIONS = (
    ("time_place", "时间和地点"),
    ("participants", "参加人员"),
    ("content", "学习内容"),
    ("requirements", "有关要求"),
)


def notice_blocks(texts: NoticeTexts) -> list[Block]:
    """The notice as GB/T 9704 blocks; empty sections are left out and the rest numbered."""
    blocks: list[Block] = []
    if texts.red_header and texts.issuer.strip():
        blocks.append(RedHeader(texts.issuer.strip(), texts.doc_no.strip()))
    blocks.append(Title(texts.title))
    if texts.addressee.strip():
        blocks.append(Addressee(texts.addressee))
    if texts.opening.strip():
        blocks.append(Paragraph(texts.opening))
    number = 0
    for key, heading in SECTIONS:
        text = getattr(texts, key).strip()
        if text:
            blocks += [Heading1(f"{_NUMERALS[number]}、{heading}"), Paragraph(text)]
            number += 1
    if texts.contact.strip():
        blocks.append(Paragraph(texts.contact))
    if texts.signature.strip() or texts.sign_date:
        blocks.append(Signature(texts.signature, texts.sign_date))
    return blocks


def write_training_notice(
    path: str | os.PathLike[str] | IO[bytes],
    texts: NoticeTexts,
    fonts: FontSet,
    *,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the notice; returns the page count."""
    doc = OfficialDocument(notice_blocks(texts), texts.title)
    return render_pdf(doc, fonts, path, progress, cancelled)
