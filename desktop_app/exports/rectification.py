"""Registers the rectification exports: the ledger (xlsx) and the progress report (pdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Inspection, Problem, ReportTexts
from desktop_app.exports import ExportOption, ExportSpec, register, today
from desktop_app.jobs import CancelCheck, Progress
from desktop_app.storage.rectification import queries
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import SettingsRepo, read_warning_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

ALL_OPEN_TEXTS_KEY = "rectification.report_texts_all"


def inspection_ids(db: Database, inspection: int | None, *, only_open: bool) -> list[int]:
    """The chosen inspection (checked to exist), or all (open) ones."""
    if inspection is not None:
        found = db.execute("SELECT 1 FROM inspections WHERE id = ?", [inspection]).fetchone()
        if not found:
            raise UserError(f"--inspection:编号为 {inspection} 的巡察不存在")
        return [inspection]
    if only_open:
        ids = queries.open_inspection_ids(db)
    else:
        ids = [r[0] for r in db.execute("SELECT id FROM inspections ORDER BY id").fetchall()]
    if not ids:
        raise UserError("没有可导出的巡察" + ("(所有问题均已完成销号)" if only_open else ""))
    return ids


def _run_ledger(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> int:
    from desktop_app.formats.rectification.xlsx import SummaryRow, write_rectification_ledger

    ids = inspection_ids(db, options.get("inspection"), only_open=False)
    rules, day = read_warning_rules(db), today()
    repo = RectificationRepo(db)
    summary_rows = []
    total = 0
    for inspection_id in ids:
        insp = repo.get_inspection(inspection_id)
        counts = queries.summary(db, queries.ProblemFilter(inspection_id=inspection_id), day, rules)
        total += counts.problems + counts.measures
        summary_rows.append(
            SummaryRow(
                inspection=insp.name,
                kind=insp.kind,
                problems=counts.problems,
                measures=counts.measures,
                not_started=counts.not_started,
                in_progress=counts.in_progress,
                completed=counts.completed,
                long_term=counts.long_term,
                overdue=counts.overdue,
                completion_rate=counts.completion_rate,
            )
        )
    return write_rectification_ledger(
        out,
        queries.load_sections(db, ids),
        today=day,
        rules=rules,
        since=options.get("since"),
        summary=summary_rows,
        progress=(lambda done: progress(done, total)) if progress else None,
        cancelled=cancelled,
    )


def report_sections(db: Database, ids: list[int]) -> list[tuple[Inspection, list[Problem]]]:
    """The inspections of a report with all their problems loaded."""
    return [(insp, list(problems)) for insp, problems in queries.load_sections(db, ids)]


def report_texts(
    db: Database, inspection: int | None, sections: list[tuple[Inspection, list[Problem]]]
) -> ReportTexts:
    """The texts kept from last time, else defaults composed from the inspection."""
    from desktop_app.formats.rectification.pdf import default_report_texts

    if inspection is not None:
        kept = RectificationRepo(db).report_texts(inspection)
        if kept:
            return kept
        insp, problems = sections[0]
        return default_report_texts(insp, problems, today())
    raw = SettingsRepo(db).get(ALL_OPEN_TEXTS_KEY)
    if raw:
        return ReportTexts(
            **{
                **raw,
                "sign_date": date.fromisoformat(raw["sign_date"]) if raw.get("sign_date") else None,
            }
        )
    texts = default_report_texts(sections[0][0], sections[0][1], today())
    texts.title = "关于巡察整改进展情况的通报"
    texts.opening = "现将巡察反馈问题整改进展情况通报如下:"
    return texts


def load_report_fonts(db: Database):
    """The report fonts, honouring the font overrides in settings."""
    from desktop_app.formats.fonts import load_fonts

    return load_fonts(overrides=SettingsRepo(db).get("fonts.overrides") or None)


def write_report(
    db: Database,
    out: Path,
    inspection: int | None,
    texts: ReportTexts | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """The progress report for one inspection or all open ones; returns pages."""
    from desktop_app.formats.rectification.pdf import write_rectification_report

    ids = inspection_ids(db, inspection, only_open=True)
    sections = report_sections(db, ids)
    texts = texts or report_texts(db, inspection, sections)
    fonts = load_report_fonts(db)
    return write_rectification_report(out, texts, sections, fonts, today(), progress, cancelled)


def _run_report(
    db: Database,
    out: Path,
    options: dict[str, Any],
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> int:
    return write_report(db, out, options.get("inspection"), None, progress, cancelled)


INSPECTION = ExportOption("inspection", "巡察编号(不填则为全部)", "int")

register(
    ExportSpec(
        "rectification-ledger",
        "整改工作台账",
        ".xlsx",
        _run_ledger,
        (INSPECTION, ExportOption("since", "本期起始日期:标出此后的新进展(每周台账)", "date")),
    )
)
register(
    ExportSpec(
        "rectification-report",
        "整改进展情况通报",
        ".pdf",
        _run_report,
        (ExportOption("inspection", "巡察编号(不填则为全部未完成的巡察)", "int"),),
    )
)
