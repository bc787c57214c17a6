"""Registers the personnel exports: the personnel ledger (xlsx) and the renewal notice (pdf)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel_notice import RenewalNoticeTexts, default_notice_texts
from desktop_app.exports import (
    ExportOption,
    ExportSpec,
    check_output_path,
    register,
    today,
)
from desktop_app.jobs import CancelCheck, Progress
from desktop_app.storage import audit
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.settings import SettingsRepo, read_certificate_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_WITHIN_DAYS = 3650


def _year(options: dict[str, Any]) -> int:
    year = options.get("year")
    if year is None:
        return today().year
    if not 1949 <= int(year) <= 2100:
        raise UserError(f"--year:“{year}”不是有效的年度")
    return int(year)


def _today(options: dict[str, Any]) -> date:
    """The export date: the GUI passes its (possibly fixed) today, the CLI uses the clock."""
    given = options.get("today")
    return given if isinstance(given, date) else today()


def _within(db: Database, options: dict[str, Any]) -> int:
    within = options.get("within")
    if within is None:
        return read_certificate_rules(db).lead_days
    if not 0 <= int(within) <= MAX_WITHIN_DAYS:
        raise UserError(f"--within:天数应在 0 到 {MAX_WITHIN_DAYS} 之间,收到“{within}”")
    return int(within)


def run_personnel_ledger(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """The personnel ledger with the year's summary; returns the certificate rows written.

    Full resident ID numbers only with ``full-id``, and then the export is audited.
    """
    from desktop_app.formats.personnel.xlsx import PersonnelSummary, write_personnel_ledger
    from desktop_app.storage.personnel import queries

    out = check_output_path(Path(out), ".xlsx")
    year, full_id = _year(options), bool(options.get("full-id"))
    rules, now = read_certificate_rules(db), _today(options)
    roster = queries.summary(db, queries.RosterFilter(), now, rules, year)
    in_service = db.execute("SELECT count(*) FROM persons WHERE status = '在职'").fetchone()[0]
    summary = PersonnelSummary(roster.year, in_service, roster.holders, roster.by_kind)
    summary.warnings = roster.warnings
    total = queries.ledger_count(db, year)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total)

    def write() -> int:
        return write_personnel_ledger(
            out,
            queries.load_ledger(db, year),
            summary,
            today=now,
            rules=rules,
            full_id=full_id,
            progress=report,
            cancelled=cancelled,
        )

    if not full_id:
        return write()
    _require_writable(db)
    with db.atomic():  # the audit row commits only if the file was written
        rows = write()
        audit.record(
            db,
            "export",
            "person",
            None,
            after={"file": str(out), "year": year, "rows": rows, "full_id": True},
            summary=f"导出执法人员台账(含完整身份证号):{out.name},{rows} 行",
        )
    return rows


def _require_writable(db: Database) -> None:
    """Full ID numbers are audited: refuse before exporting if the log cannot be written."""
    try:
        with db.atomic():
            db.execute("DELETE FROM audit_log WHERE 0")
    except sqlite3.OperationalError:
        raise UserError(
            "导出完整身份证号须记入操作日志,但数据库当前以只读方式打开,未导出。"
        ) from None


def run_renewal_notice(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """The renewal notice for certificates due within ``within`` days; returns the lines."""
    from desktop_app.formats.fonts import load_fonts
    from desktop_app.formats.personnel.pdf import write_renewal_notice
    from desktop_app.storage.personnel.queries import load_notice_items

    out = check_output_path(Path(out), ".pdf")
    within, now = _within(db, options), _today(options)
    texts = options.get("texts")
    if not isinstance(texts, RenewalNoticeTexts):
        saved = RenewalNoticeTexts.from_json(PersonnelRepo(db).notice_texts())
        texts = default_notice_texts(now, saved)
    items = load_notice_items(db, now, within)
    fonts = load_fonts(SettingsRepo(db).get("fonts.overrides"))
    write_renewal_notice(out, texts, items, fonts, now, within, progress, cancelled)
    return len(items)


PERSONNEL_LEDGER = register(
    ExportSpec(
        name="personnel-ledger",
        title="执法人员台账",
        suffix=".xlsx",
        run=run_personnel_ledger,
        options=(
            ExportOption("year", "统计年度,如 2019(默认今年)", "int"),
            ExportOption("full-id", "导出完整身份证号(将记入操作日志)", "flag"),
        ),
    )
)
RENEWAL_NOTICE = register(
    ExportSpec(
        name="renewal-notice",
        title="换证和年审通知",
        suffix=".pdf",
        run=run_renewal_notice,
        options=(ExportOption("within", "列出多少天内到期或需年审的证件(默认 60)", "int"),),
    )
)
