"""Registers the training exports: the yearly ledger, a session's sign-in sheet and notice."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.training import NoticeTexts
from desktop_app.exports import (
    ExportOption,
    ExportSpec,
    register,
    today,
)
from desktop_app.jobs import CancelCheck, Progress
from desktop_app.storage.settings import SettingsRepo, read_training_rules
from desktop_app.storage.training.repo import TrainingRepo

if TYPE_CHECKING:
    from sqlite_utils import Database


def _year(options: dict[str, Any]) -> int:
    year = options.get("year")
    if year is None:
        raise UserError("请用 --year 指定年度,如 --year 2024")
    if not 1949 <= int(year) <= 2100:
        raise UserError(f"--year:“{year}”不是有效的年度")
    return int(year)


def _session_id(options: dict[str, Any]) -> int:
    session_id = options.get("session")
    if session_id is None:
        raise UserError("请用 --session 指定活动编号(学法培训页面列表中的活动)")
    return int(session_id)


def _fonts(db: Database):
    from desktop_app.formats.fonts import load_fonts

    return load_fonts(SettingsRepo(db).get("fonts.overrides"))


def run_training_ledger(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """The year's training ledger (xlsx); returns the attendance rows written."""
    from desktop_app.formats.training.xlsx import write_training_ledger
    from desktop_app.storage.training import queries

    year = _year(options)
    rules = read_training_rules(db)
    start, end = queries.year_bounds(year)
    total = db.execute(
        "SELECT count(*) FROM training_attendance a JOIN training_sessions s"
        " ON s.id = a.session_id WHERE s.date >= ? AND s.date < ?",
        [start, end],
    ).fetchone()[0]

    def rows_done(done: int) -> None:
        if progress is not None:
            progress(min(done, total), total)

    return write_training_ledger(
        out,
        queries.year_figures(db, year, rules),
        rules,
        queries.sessions_of_year(db, year),
        queries.attendance_of_year(db, year),
        queries.person_years(db, year, rules),
        today=today(),
        progress=rows_done,
        cancelled=cancelled,
    )


def run_signin_sheet(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """A session's sign-in sheet (pdf); returns the page count."""
    from desktop_app.formats.training.pdf import write_signin_sheet

    repo = TrainingRepo(db)
    session = repo.get_session(_session_id(options))
    attendees = repo.attendance_of(session.id)
    return write_signin_sheet(
        out, session, attendees, _fonts(db), progress=progress, cancelled=cancelled
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


def run_training_notice(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """A session's notice (pdf) from its saved or default texts; returns the page count."""
    from desktop_app.formats.training.pdf import write_training_notice

    texts = notice_texts_for(db, _session_id(options))
    return write_training_notice(out, texts, _fonts(db), progress=progress, cancelled=cancelled)


SESSION_OPTION = ExportOption("session", "学法培训活动编号", "int")
TRAINING_EXPORTS = (
    register(
        ExportSpec(
            "training-ledger",
            "学法培训台账",
            ".xlsx",
            run_training_ledger,
            (ExportOption("year", "年度,如 2024", "int"),),
        )
    ),
    register(ExportSpec("signin-sheet", "签到表", ".pdf", run_signin_sheet, (SESSION_OPTION,))),
    register(
        ExportSpec("training-notice", "培训通知", ".pdf", run_training_notice, (SESSION_OPTION,))
    ),
)
