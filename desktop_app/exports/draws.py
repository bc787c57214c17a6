"""Registers the draw exports: the record, the task notice, the publication list.

The record (抽取记录) and the notice (检查任务通知) are composed once and written as PDF or
Word (``--format``); the notice, a 发文, must carry a signer (``exports.documents``), the
record is signed by hand by operator and witness. The publication (结果公示) lists the
year's drawn targets with their teams and results as a workbook and as a landscape
document. Each reads through ``storage.draws`` only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.exports import (
    IDLE,
    ExportOption,
    Job,
    Options,
    check_output_path,
    document_fonts,
    export,
    export_date,
    record_option,
    year_option,
)
from desktop_app.exports.documents import (
    DOCUMENT_OPTIONS,
    FORMAT,
    agency_profile,
    document_format,
    write_official,
)
from desktop_app.formats.document import PDF
from desktop_app.formats.draws.documents import (
    DrawPaper,
    default_notice_texts,
    notice_document,
    publicity_document,
    record_document,
)
from desktop_app.storage.draws import directory, queries

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.formats.document import OfficialDocument
    from desktop_app.storage.database import Reader

DRAW = ExportOption("draw", "抽取记录编号(双随机抽查页面列表中的“编号”)", "int")
YEAR = ExportOption("year", "年度,如 2022(默认今年)", "int")


def _draw_id(options: Options) -> int:
    return record_option(options, "draw", "请用 --draw 指定抽取记录编号(见 draw list)")


def load_paper(db: Reader, draw_id: int) -> DrawPaper:
    """What the documents of one draw print."""
    record = queries.get_draw(db, draw_id)
    matter = directory.get_matter(db, record.plan.matter_id) if record.plan.matter_id else None
    return DrawPaper(
        record,
        matter,
        queries.assignments_of(db, draw_id),
        queries.members_of(db, draw_id),
        queries.exclusions_of(db, draw_id),
        queries.certified_in_pool(db, draw_id),
    )


def notice_texts_for(db: Reader, draw_id: int, options: Options | None = None) -> NoticeTexts:
    """The notice's texts: this draw's facts with the head and signature kept from last time."""
    today = export_date(options or {})
    paper, kept = load_paper(db, draw_id), queries.kept_notice_texts(db)
    return default_notice_texts(paper, kept, agency_profile(db), today)


def _write(db: Reader, out: Path, options: Options, job: Job, doc: OfficialDocument) -> int:
    """Write a document that carries no 发文机关署名 (the record, signed by hand)."""
    from desktop_app.formats.document import write_document

    fmt = document_format(options)
    out = check_output_path(Path(out), f".{fmt}")
    fonts = document_fonts(db) if fmt == PDF else None
    return write_document(doc, out, fmt, fonts, job.progress, job.cancelled)


@export("draw-record", "抽取记录", ".pdf", DRAW, FORMAT)
def run_draw_record(db: Reader, out: Path, options: Options, job: Job = IDLE) -> int:
    """抽取记录 of one draw (pdf or docx), signed by hand by operator and witness."""
    return _write(db, out, options, job, record_document(load_paper(db, _draw_id(options))))


def compose_notice(db: Reader, options: Options) -> OfficialDocument:
    """检查任务通知 of a draw in force, from the given or default texts."""
    draw_id = _draw_id(options)
    paper = load_paper(db, draw_id)
    if paper.record.replaced_by is not None:
        raise UserError(
            f"第 {draw_id} 号抽取已由第 {paper.record.replaced_by} 号重新抽取取代,"
            "请按新的抽取发通知"
        )
    texts = options.get("texts")
    if not isinstance(texts, NoticeTexts):
        texts = notice_texts_for(db, draw_id, options)
    return notice_document(texts, paper)


@export("draw-notice", "检查任务通知", ".pdf", DRAW, *DOCUMENT_OPTIONS)
def run_draw_notice(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """检查任务通知 of a draw in force (pdf or docx); the teams as its 附件."""
    return write_official(db, out, options, job, compose_notice(db, options))


def _publicity_rows(db: Reader, options: Options) -> tuple[int, list[dict]]:
    draw_id = options.get("draw")
    if draw_id is not None:
        record = queries.get_draw(db, int(draw_id))
        return record.plan.year, queries.publicity_rows(db, record.plan.year, record.id)
    year = year_option(options)
    rows = queries.publicity_rows(db, year)
    if not rows:
        raise UserError(f"{year}年还没有抽取记录,无可公示的内容")
    return year, rows


@export("draw-publicity", "双随机抽查结果公示", ".xlsx", YEAR, DRAW)
def run_draw_publicity(db: Reader, out: Path, options: Options, job: Job = IDLE) -> int:
    """结果公示 of a year (or one draw) as a workbook; returns the rows written."""
    from desktop_app.formats.draws.xlsx import write_publicity

    out = check_output_path(Path(out), ".xlsx")
    year, rows = _publicity_rows(db, options)
    return write_publicity(
        out, year, rows, export_date(options), job.rows(len(rows)), job.cancelled
    )


@export("draw-publicity-pdf", "双随机抽查结果公示(文件)", ".pdf", YEAR, DRAW, *DOCUMENT_OPTIONS)
def run_draw_publicity_pdf(db: Database, out: Path, options: Options, job: Job = IDLE) -> int:
    """结果公示 of a year (or one draw) as a landscape document (pdf or docx)."""
    year, rows = _publicity_rows(db, options)
    issuer = queries.kept_notice_texts(db).signature or agency_profile(db).signer
    doc = publicity_document(year, rows, issuer, export_date(options))
    return write_official(db, out, options, job, doc)
