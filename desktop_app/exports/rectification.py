"""Registers the rectification exports: the ledger (xlsx) and the progress report (pdf)."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import Inspection, Problem, ReportTexts
from desktop_app.exports import IDLE, ExportOption, Job, Options, export, export_date, today
from desktop_app.exports.documents import DOCUMENT_OPTIONS, agency_profile, write_official
from desktop_app.formats.document import OfficialDocument
from desktop_app.jobs import CancelCheck, Progress
from desktop_app.storage.rectification import queries
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import SettingsRepo, read_warning_rules

if TYPE_CHECKING:
    from sqlite_utils import Database

ALL_OPEN_TEXTS_KEY = "rectification.report_texts_all"
INSPECTION = ExportOption("inspection", "巡察编号(不填则为全部)", "int")
SINCE = ExportOption("since", "本期起始日期:列出并标出此后的每项变化(每周台账)", "date")
MERGE = ExportOption(
    "merge", "同一问题的序号、类别、描述合并为一格(不合并时逐行重复,便于筛选)", "flag"
)
CHANGED_ONLY = ExportOption("changed-only", "只列出本期有变化的行(须同时给出 --since)", "flag")


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


@export("rectification-ledger", "整改工作台账", ".xlsx", INSPECTION, SINCE, MERGE, CHANGED_ONLY)
def run_ledger(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The rectification ledger (xlsx) with its 汇总 sheet; returns the rows written.

    With ``since`` the weekly ledger: every change since then (from the records and the
    audit log) listed and highlighted, optionally only the rows that changed.
    """
    from desktop_app.formats.rectification.xlsx import SummaryRow, write_rectification_ledger
    from desktop_app.storage.rectification.period import period_changes

    since, changed_only = options.get("since"), bool(options.get("changed-only"))
    if changed_only and since is None:
        raise UserError("--changed-only:请同时用 --since 给出本期起始日期")
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
    if since is not None and since > day:
        raise UserError(f"--since:本期起始日期 {since.isoformat()} 晚于今天")
    changes = period_changes(db, ids, since, day) if since is not None else None
    return write_rectification_ledger(
        out,
        queries.load_sections(db, ids),
        today=day,
        rules=rules,
        since=since,
        summary=summary_rows,
        changes=changes,
        merge=bool(options.get("merge")),
        changed_only=changed_only,
        progress=job.rows(sum(row.problems + row.measures for row in summary_rows)),
        cancelled=job.cancelled,
    )


def report_sections(db: Database, ids: list[int]) -> list[tuple[Inspection, list[Problem]]]:
    """The inspections of a report with all their problems loaded."""
    return [(insp, list(problems)) for insp, problems in queries.load_sections(db, ids)]


def report_ids(db: Database, chosen: str | int | list[int] | None) -> list[int]:
    """The inspections a report covers: those chosen (``3`` or ``"1,3"``), else the newest one."""
    known = [insp.id for insp in queries.list_inspections(db) if insp.id is not None]
    if chosen in (None, "", []):
        if not known:
            raise UserError("没有可导出的巡察")
        return known[:1]  # the one the page shows first
    if isinstance(chosen, int):
        wanted = [chosen]
    elif isinstance(chosen, list):
        wanted = chosen
    else:
        try:
            wanted = [int(part) for part in re.split(r"[,，、\s]+", str(chosen).strip()) if part]
        except ValueError:
            raise UserError(f"--inspection:应为巡察编号,多个用逗号分隔,收到“{chosen}”") from None
    for inspection_id in wanted:
        if inspection_id not in known:
            raise UserError(f"--inspection:编号为 {inspection_id} 的巡察不存在")
    return list(dict.fromkeys(wanted))


def report_texts(
    db: Database,
    ids: list[int],
    sections: list[tuple[Inspection, list[Problem]]],
    day: date | None = None,
) -> ReportTexts:
    """The texts kept from last time, else texts composed from the inspection(s)."""
    from desktop_app.formats.rectification.documents import default_report_texts, texts_for_several

    if len(ids) == 1:
        kept = RectificationRepo(db).report_texts(ids[0])
        if kept:
            return kept
    else:
        raw = SettingsRepo(db).get(ALL_OPEN_TEXTS_KEY)
        if raw:
            return ReportTexts.from_json(raw)
    insp, problems = sections[0]
    texts = default_report_texts(insp, problems, day or today(), agency_profile(db))
    return texts if len(ids) == 1 else texts_for_several(texts)


def compose(
    db: Database, ids: list[int], texts: ReportTexts | None = None, day: date | None = None
) -> OfficialDocument:
    """The report of the inspections ``ids`` from the given or the kept texts."""
    from desktop_app.formats.rectification.documents import compose_report

    day = day or today()
    sections = report_sections(db, ids)
    texts = texts or report_texts(db, ids, sections, day)
    return compose_report(texts, sections, agency_profile(db), day)


def write_report(
    db: Database,
    out: Path,
    inspections: str | int | list[int] | None,
    texts: ReportTexts | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    options: Options | None = None,
) -> int:
    """The progress report of the chosen inspections (default: the newest); PDF: pages."""
    options = options or {}
    doc = compose(db, report_ids(db, inspections), texts, export_date(options))
    return write_official(db, out, options, Job(progress, cancelled), doc)


REPORT_INSPECTIONS = ExportOption(
    "inspection", "巡察编号,多项用逗号分隔,如 1,3(默认为最新的一项巡察)", "text"
)


@export("rectification-report", "整改进展情况通报", ".pdf", REPORT_INSPECTIONS, *DOCUMENT_OPTIONS)
def run_report(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The progress report (pdf or docx) of the chosen inspections; PDF: pages."""
    doc = compose(db, report_ids(db, options.get("inspection")), None, export_date(options))
    return write_official(db, out, options, job, doc)
