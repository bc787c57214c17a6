"""Registers the personnel exports: the personnel ledger (xlsx) and the renewal notice (pdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import PersonStatus
from desktop_app.domain.personnel_notice import RenewalNoticeTexts, default_notice_texts
from desktop_app.exports import (
    IDLE,
    ExportOption,
    Job,
    Options,
    check_output_path,
    export,
    export_date,
    year_option,
)
from desktop_app.exports.documents import DOCUMENT_OPTIONS, agency_profile, write_official
from desktop_app.files import EXCEL, hidden_beside, replacing
from desktop_app.formats.document import OfficialDocument, Table
from desktop_app.storage import audit
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.repository import can_write
from desktop_app.storage.settings import read_certificate_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_WITHIN_DAYS = 3650
LEDGER_OPTIONS = (
    ExportOption("year", "统计年度,如 2019(默认今年)", "int"),
    ExportOption("full-id", "导出完整身份证号(将记入操作日志)", "flag"),
)
WITHIN = ExportOption("within", "列出多少天内到期或需年审的证件(默认 60)", "int")


def _within(db: Database, options: Options) -> int:
    within = options.get("within")
    if within is None:
        return read_certificate_rules(db).lead_days
    if not 0 <= int(within) <= MAX_WITHIN_DAYS:
        raise UserError(f"--within:天数应在 0 到 {MAX_WITHIN_DAYS} 之间,收到“{within}”")
    return int(within)


@export("personnel-ledger", "执法人员台账", ".xlsx", *LEDGER_OPTIONS)
def run_personnel_ledger(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The personnel ledger with the year's summary; returns the certificate rows written.

    Full resident ID numbers only with ``full-id``, and then the export is audited.
    """
    from desktop_app.formats.personnel.xlsx import PersonnelSummary, write_personnel_ledger
    from desktop_app.storage.personnel import queries

    out = check_output_path(Path(out), ".xlsx")
    year, full_id = year_option(options), bool(options.get("full-id"))
    rules, now = read_certificate_rules(db), export_date(options)
    roster = queries.summary(db, queries.RosterFilter(), now, rules, year)
    serving = queries.RosterFilter(status=PersonStatus.ACTIVE.value)
    in_service = queries.roster_query(db, serving, now, rules).count()
    summary = PersonnelSummary(roster.year, in_service, roster.holders, roster.by_kind)
    summary.warnings = roster.warnings
    progress = job.rows(queries.ledger_count(db, year))

    def write(target: Path = out) -> int:
        return write_personnel_ledger(
            target,
            queries.load_ledger(db, year),
            summary,
            today=now,
            rules=rules,
            full_id=full_id,
            progress=progress,
            cancelled=job.cancelled,
        )

    if not full_id:
        return write()
    if not can_write(db):  # full ID numbers are audited: refuse before exporting
        raise UserError("导出完整身份证号须记入操作日志,但数据库当前以只读方式打开,未导出。")
    # The file with full numbers exists only together with its audit row: it is written under
    # a hidden name, the audit row is committed, and only then is it moved into place.
    with replacing(out, hidden_beside(out, EXCEL), EXCEL) as staging:
        rows = write(staging)
        after = {"file": str(out), "year": year, "rows": rows, "full_id": True}
        summary_text = f"导出执法人员台账(含完整身份证号):{out.name},{rows} 行"
        with db.atomic():
            audit.record(db, "export", "person", None, after=after, summary=summary_text)
    return rows


def renewal_notice_texts(db: Database, now: date) -> RenewalNoticeTexts:
    """The notice texts kept from last time (dated ``now``), else the standard ones."""
    saved = RenewalNoticeTexts.from_json(PersonnelRepo(db).notice_texts())
    return default_notice_texts(now, saved)


def compose_renewal(db: Database, options: Options) -> OfficialDocument:
    """The renewal notice of the certificates due within ``within`` days."""
    from desktop_app.formats.personnel.documents import compose_renewal_notice
    from desktop_app.storage.personnel.queries import load_notice_items
    from desktop_app.storage.settings import read_setting

    within, now = _within(db, options), export_date(options)
    texts = options.get("texts")
    if not isinstance(texts, RenewalNoticeTexts):
        texts = renewal_notice_texts(db, now)
    items = load_notice_items(db, now, within)
    lead = int(read_setting(db, "personnel.renewal_lead_days"))
    return compose_renewal_notice(texts, items, agency_profile(db), now, within, lead)


@export("renewal-notice", "换证和年审通知", ".pdf", WITHIN, *DOCUMENT_OPTIONS)
def run_renewal_notice(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The renewal notice (pdf or docx) for certificates due within ``within`` days; returns
    the certificates listed."""
    doc = compose_renewal(db, options)
    write_official(db, out, options, job, doc)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    return len(table.rows)
