"""Registers the training exports: the yearly ledger, a session's sign-in sheet and notice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import (
    ExportOption,
    Job,
    Options,
    document_fonts,
    export,
    today,
    year_option,
)
from desktop_app.storage.settings import read_training_rules
from desktop_app.storage.training.repo import TrainingRepo

if TYPE_CHECKING:
    from sqlite_utils import Database

IDLE = Job()
SESSION_OPTION = ExportOption("session", "学法培训活动编号", "int")


def _session_id(options: Options) -> int:
    session_id = options.get("session")
    if session_id is None:
        raise UserError("请用 --session 指定活动编号(学法培训页面列表中的活动)")
    return int(session_id)


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


@export("signin-sheet", "签到表", ".pdf", SESSION_OPTION)
def run_signin_sheet(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """A session's sign-in sheet (pdf); returns the page count."""
    from desktop_app.formats.training.pdf import write_signin_sheet

    repo = TrainingRepo(db)
    session = repo.get_session(_session_id(options))
    attendees = repo.attendance_of(session.id)
    fonts = document_fonts(db)
    return write_signin_sheet(
        out, session, attendees, fonts, progress=job.progress, cancelled=job.cancelled
    )


def notice_texts_for(db: Database, session_id: int) -> NoticeTexts:
    """The notice texts saved with the session, or texts to start from."""
    from desktop_app.formats.training.pdf import default_notice_texts

    repo = TrainingRepo(db)
    saved = repo.notice_texts(session_id)
    if saved is not None:
        return saved
    session = repo.get_session(session_id)
    attendees = repo.attendance_of(session_id)
    return default_notice_texts(session, attendees, repo.latest_notice_texts(), today())


@export("training-notice", "培训通知", ".pdf", SESSION_OPTION)
def run_training_notice(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """A session's notice (pdf) from its saved or default texts; returns the page count."""
    from desktop_app.formats.training.pdf import write_training_notice

    texts = notice_texts_for(db, _session_id(options))
    fonts = document_fonts(db)
    return write_training_notice(out, texts, fonts, progress=job.progress, cancelled=job.cancelled)
