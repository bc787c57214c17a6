"""What every document export shares: ``--format pdf|docx``, the agency profile, the signer check.

A notice or report is composed once as an ``OfficialDocument`` and written as PDF or Word.
One that would go out without a signer (发文机关署名) is refused unless ``unsigned`` is set:
the GUI asks the clerk first and offers the agency profile; the CLI says how to fix it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.exports import ExportOption, Job, Options, check_output_path, document_fonts
from desktop_app.formats.document import FORMATS, PDF, OfficialDocument, missing_signer

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.domain.agency import AgencyProfile
    from desktop_app.storage.database import Reader

FORMAT = ExportOption("format", "输出格式:pdf 或 docx(默认 pdf,输出文件的扩展名须与之一致)")
UNSIGNED = ExportOption("unsigned", "文件没有落款(发文机关署名)时仍然导出", "flag")
DOCUMENT_OPTIONS = (FORMAT, UNSIGNED)
NO_SIGNER = (
    "文件没有落款(发文机关署名),不能作为正式文件发出。请在“文件 → 本单位信息”中填写落款,"
    "或在本文件的文字中写明落款;确需导出时加 --unsigned。"
)
SUFFIX_LABELS = {".pdf": "PDF 文件", ".docx": "Word 文档"}


def document_format(options: Options) -> str:
    """The chosen output format (pdf unless ``--format docx``); refuses any other."""
    fmt = str(options.get("format") or PDF).strip().lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(f"--format:应为 pdf 或 docx,收到“{options.get('format')}”")
    return fmt


def agency_profile(db: Reader) -> AgencyProfile:
    """本单位信息 as stored in the settings."""
    from desktop_app.storage.settings import read_agency_profile

    return read_agency_profile(db)


def write_official(
    db: Database, out: Path, options: Options, job: Job, doc: OfficialDocument
) -> int:
    """Write a composed document in the chosen format; PDF: pages, Word: paragraphs."""
    from desktop_app.formats.document import write_document

    fmt = document_format(options)
    out = check_output_path(Path(out), f".{fmt}")
    if missing_signer(doc) and not options.get("unsigned"):
        raise UserError(NO_SIGNER)
    fonts = document_fonts(db) if fmt == PDF else None
    return write_document(doc, out, fmt, fonts, job.progress, job.cancelled)
