"""The year's figures (年度法治工作数据, xlsx) and the draft annual report (docx or pdf).

``annual-figures --year Y`` lists every figure the 法治政府建设年度报告 needs, with how it was
counted; ``annual-report --year Y --format docx|pdf`` writes the draft report, its figures
written into sentences and the clerk's own paragraphs taken from the texts kept last time
(the settings' ``annual.report_texts``; a year's texts start from the year before's).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import (
    IDLE,
    ExportOption,
    Job,
    Options,
    export,
    export_date,
    year_option,
)
from desktop_app.exports.documents import DOCUMENT_OPTIONS, agency_profile, write_official
from desktop_app.formats.document import OfficialDocument
from desktop_app.storage.annual import annual_figures
from desktop_app.storage.settings import read_setting

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.domain.annual import AnnualFigures
    from desktop_app.storage.database import Reader

TEXTS_KEY = "annual.report_texts"
YEAR = ExportOption("year", "统计年度,如 2025(默认为上一年度)", "int")


def report_year(options: Options, today: date) -> int:
    """The year reported on: ``--year``, else the year before ``today`` (reports look back)."""
    if options.get("year") is None:
        return today.year - 1
    return year_option(options)


def figures_of(db: Reader, year: int, today: date) -> AnnualFigures:
    """The year's figures as of ``today``."""
    return annual_figures(db, year, today)


@export("annual-figures", "年度法治工作数据", ".xlsx", YEAR)
def run_figures(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """Every figure of the year with how it was counted (xlsx); returns the rows written."""
    from desktop_app.formats.annual import write_figures

    today = export_date(options)
    figures = figures_of(db, report_year(options, today), today)
    return write_figures(out, figures, today, job.rows(len(figures.figures) * 2), job.cancelled)


def kept_texts(db: Reader, year: int, today: date) -> NoticeTexts:
    """The texts kept last time (moved on to ``year`` when kept for another), else a start."""
    from desktop_app.formats.annual import default_report_texts

    kept: dict[str, Any] = read_setting(db, TEXTS_KEY) or {}
    profile = agency_profile(db)
    if not kept.get("texts"):
        return default_report_texts(profile, year, today)
    texts = NoticeTexts.from_json(kept["texts"])
    was = int(kept.get("year") or year)
    if was != year:
        texts = replace(
            texts,
            title=texts.title.replace(str(was), str(year)),
            opening=texts.opening.replace(f"{was}年", f"{year}年"),
            sign_date=today,
        )
    return texts


def keep_values(texts: NoticeTexts, year: int) -> dict[str, Any]:
    """The setting's value that keeps ``texts`` for next time."""
    return {TEXTS_KEY: {"year": int(year), "texts": texts.to_json()}}


def compose(db: Reader, year: int, texts: NoticeTexts, today: date) -> OfficialDocument:
    """The draft report of ``year`` with ``texts``."""
    from desktop_app.formats.annual import compose_report

    return compose_report(texts, figures_of(db, year, today), agency_profile(db), today)


def write_report(
    db: Database, out: Path, year: int, texts: NoticeTexts, options: Options, job: Job = IDLE
) -> int:
    """Write the report of ``year`` with ``texts`` (PDF: pages, Word: paragraphs)."""
    doc = compose(db, year, texts, export_date(options))
    return write_official(db, out, options, job, doc)


@export("annual-report", "法治政府建设年度报告(草稿)", ".pdf", YEAR, *DOCUMENT_OPTIONS)
def run_report(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """The draft annual report (pdf or docx) with the kept texts."""
    today = export_date(options)
    year = report_year(options, today)
    return write_report(db, out, year, kept_texts(db, year, today), options, job)
