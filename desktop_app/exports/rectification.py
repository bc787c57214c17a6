"""Registers the rectification exports: the ledger (xlsx) and the progress report (pdf)."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Inspection, Problem, ReportTexts
from desktop_app.exports import ExportOption, Job, Options, document_fonts, export, today
from desktop_app.jobs import CancelCheck, Progress
from desktop_app.storage.rectification import queries
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import SettingsRepo, read_warning_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

ALL_OPEN_TEXTS_KEY = "rectification.report_texts_all"
IDLE = Job()
INSPECTION = ExportOption("inspection", "巡察编号(不填则为全部)", "int")
SINCE = ExportOption("since", "本期起始日期:标出此后的新进展(每周台账)", "date")
OPEN_INSPECTION = ExportOption("inspection", "巡察编号(不填则为全部未完成的巡察)", "int")


def inspection_ids(db: Database, inspection: int | None, *, only_open: bool) -> list[int]:
    """The chosen inspection (checked to exist), or all (open) ones."""
    known = sorted(insp.id for insp in queries.list_inspections(db) if insp.id is not None)
    if inspection is not None:
        if inspection not in known:
            raise UserError(f"--inspection:编号为 {inspection} 的巡察不存在")
        return [inspection]
    ids = queries.open_inspection_ids(db) if only_open else known
    if not ids:
        raise UserError("没有可导出的巡察" + ("(所有问题均已完成销号)" if only_open else ""))
    return ids


@export("rectification-ledger", "整改工作台账", ".xlsx", INSPECTION, SINCE)
def run_ledger(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The rectification ledger (xlsx) with its 汇总 sheet; returns the rows written."""
    from desktop_app.formats.rectification.xlsx import SummaryRow, write_rectification_ledger

    ids = inspection_ids(db, options.get("inspection"), only_open=False)
    rules, day = read_warning_rules(db), today()
    inspections = {insp.id: insp for insp in queries.list_inspections(db)}
    counted = [f.name for f in fields(SummaryRow)][2:]  # after the inspection and its kind
    summary_rows = []
    for inspection_id in ids:
        insp = inspections[inspection_id]
        counts = queries.summary(db, queries.ProblemFilter(inspection_id=inspection_id), day, rules)
        values = {name: getattr(counts, name) for name in counted}
        summary_rows.append(SummaryRow(inspection=insp.name, kind=insp.kind, **values))
    return write_rectification_ledger(
        out,
        queries.load_sections(db, ids),
        today=day,
        rules=rules,
        since=options.get("since"),
        summary=summary_rows,
        progress=job.rows(sum(row.problems + row.measures for row in summary_rows)),
        cancelled=job.cancelled,
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
        return ReportTexts.from_json(raw)
    texts = default_report_texts(sections[0][0], sections[0][1], today())
    texts.title = "关于巡察整改进展情况的通报"
    texts.opening = "现将巡察反馈问题整改进展情况通报如下:"
    return texts


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
    fonts = document_fonts(db)
    return write_rectification_report(out, texts, sections, fonts, today(), progress, cancelled)


@export("rectification-report", "整改进展情况通报", ".pdf", OPEN_INSPECTION)
def run_report(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The progress report (pdf) of the chosen or all open inspections; returns pages."""
    return write_report(db, out, options.get("inspection"), None, job.progress, job.cancelled)
