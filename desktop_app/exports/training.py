"""Registers the training exports: the yearly ledger, a session's sign-in sheet and notice."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import (
    IDLE,
    ExportOption,
    Job,
    Options,
    document_fonts,
    export,
    export_date,
    record_option,
    today,
    year_option,
)
from desktop_app.exports.documents import DOCUMENT_OPTIONS, agency_profile, write_official
from desktop_app.formats.document import OfficialDocument
from desktop_app.storage.settings import read_training_rules
from desktop_app.storage.training.repo import TrainingRepo

if TYPE_CHECKING:
    from sqlite_utils import Database

SESSION_OPTION = ExportOption("session", "学法培训活动编号", "int")


def _session_id(options: Options) -> int:
    return record_option(
        options, "session", "请用 --session 指定活动编号(学法培训页面列表中的活动)"
    )


@export("training-ledger", "学法培训台账", ".xlsx", ExportOption("year", "年度,如 2024", "int"))
def run_training_ledger(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The year's training ledger (xlsx); returns the attendance rows written."""
    from desktop_app.formats.training.xlsx import write_training_ledger
    from desktop_app.storage.training import queries

    year = year_option(options, "请用 --year 指定年度,如 --year 2024")
    rules = read_training_rules(db)
    total = queries.attendance_query(db, queries.AttendanceFilter(year=year)).count()
    return write_training_ledger(
        out,
        queries.year_figures(db, year, rules),
        rules,
        queries.sessions_of_year(db, year),
        queries.attendance_of_year(db, year),
        queries.person_years(db, year, rules),
        today=today(),
        progress=job.rows(total),
        cancelled=job.cancelled,
    )


SIGNIN_OPTIONS = (
    SESSION_OPTION,
    ExportOption("marks", "在备注栏标注请假、缺席(默认空白签到表)", "flag"),
    ExportOption("half-days", "按半天分列签名栏(上午、下午)", "flag"),
    *DOCUMENT_OPTIONS,
)


def compose_signin(db: Database, options: Options) -> OfficialDocument:
    """A session's sign-in sheet, blank unless ``marks``, a column per (half-)day."""
    from desktop_app.formats.training.documents import compose_signin_sheet, pdf_pages

    repo = TrainingRepo(db)
    session_id = _session_id(options)
    session = repo.get_session(session_id)
    attendees = repo.attendance_of(session_id)
    return compose_signin_sheet(
        session,
        attendees,
        pdf_pages(document_fonts(db)),
        marks=bool(options.get("marks")),
        half_days=bool(options.get("half-days")),
    )


@export("signin-sheet", "签到表", ".pdf", *SIGNIN_OPTIONS)
def run_signin_sheet(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """A session's sign-in sheet (pdf or docx); PDF: the page count."""
    return write_official(db, out, options, job, compose_signin(db, options))


def notice_texts_for(db: Database, session_id: int, day: date | None = None) -> NoticeTexts:
    """The notice texts saved with the session, or texts to start from."""
    from desktop_app.formats.training.documents import default_notice_texts

    repo = TrainingRepo(db)
    saved = repo.notice_texts(session_id)
    if saved is not None:
        return saved
    session = repo.get_session(session_id)
    attendees = repo.attendance_of(session_id)
    return default_notice_texts(session, attendees, repo.latest_notice_texts(), day or today())


def compose_notice(
    db: Database, session_id: int, texts: NoticeTexts | None = None, day: date | None = None
) -> OfficialDocument:
    """A session's notice from the given, saved or default texts, with its 附件."""
    from desktop_app.formats.training.documents import compose_training_notice, pdf_pages

    repo = TrainingRepo(db)
    session = repo.get_session(session_id)
    attendees = repo.attendance_of(session_id)
    day = day or today()
    texts = texts or notice_texts_for(db, session_id, day)
    pages = pdf_pages(document_fonts(db))
    return compose_training_notice(texts, session, attendees, agency_profile(db), day, pages)


@export("training-notice", "培训通知", ".pdf", SESSION_OPTION, *DOCUMENT_OPTIONS)
def run_training_notice(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """A session's notice (pdf or docx) from its saved or default texts; PDF: the page count."""
    doc = compose_notice(db, _session_id(options), options.get("texts"), export_date(options))
    return write_official(db, out, options, job, doc)
