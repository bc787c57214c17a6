"""The export registry: every ledger and notice, by name, for the CLI and the GUI alike.

Each export is a plain function ``run(db, out, options, progress, cancelled)`` that knows
nothing of Qt; the GUI runs it through the background-task helper, the CLI directly. A true
``cancelled()`` makes it raise ``jobs.Cancelled`` and leave nothing at ``out``.

The exports of a register are written as ``write(db, out, options, job)`` and registered
with ``@export(name, title, suffix, *options)``; ``job`` carries the progress callback and
the cancel check. The option helpers below read the options several exports share.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import parse_date
from desktop_app.domain.errors import UserError
from desktop_app.domain.text import check_storable, fold_width, strip_invisible
from desktop_app.jobs import CancelCheck, Progress, RowProgress

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.formats.fonts import FontSet
    from desktop_app.storage.database import Reader

Options = dict[str, Any]
MIN_YEAR, MAX_YEAR = 1949, 2100


@dataclass(frozen=True)
class ExportOption:
    """One command-line option of an export (``--since 2022-10-01``)."""

    name: str
    help: str
    kind: str = "text"  # text | date | int | flag


@dataclass(frozen=True)
class ExportSpec:
    """A named export: what it writes and how to run it."""

    name: str
    title: str
    suffix: str
    run: Callable[[Database, Path, dict[str, Any], Progress | None, CancelCheck | None], int]
    options: tuple[ExportOption, ...] = field(default_factory=tuple)


EXPORTS: dict[str, ExportSpec] = {}
# Exports that belong to no one register (loaded with the registers' own).
NOT_REGISTERS = tuple(f"desktop_app.exports.{m}" for m in ("annual", "escalation", "recheck"))


@dataclass(frozen=True)
class Job:
    """The progress callback and the cancel check a running export was given (both optional)."""

    progress: Progress | None = None
    cancelled: CancelCheck | None = None

    def rows(self, total: int) -> RowProgress:
        """A rows-written callback reporting ``done`` of ``total`` (at most ``total``)."""

        def report(done: int) -> None:
            if self.progress is not None:
                self.progress(min(done, total), total)

        return report


IDLE = Job()  # the job of an export run without progress or cancel (tests, the CLI's default)

Writer = Callable[["Database", Path, Options, Job], int]


def export(
    name: str, title: str, suffix: str, *options: ExportOption
) -> Callable[[Writer], Writer]:
    """Register the decorated ``write(db, out, options, job)`` as the export ``name``."""

    def decorate(write: Writer) -> Writer:
        def run(db: Database, out: Path, values: Options, *job: Any) -> int:
            return write(db, out, values, Job(*job))  # job: progress, cancelled

        register(ExportSpec(name, title, suffix, run, options))
        return write

    return decorate


def load_all() -> dict[str, ExportSpec]:
    """Import every export module; the filled registry."""
    import importlib

    from desktop_app.registers import REGISTERS

    for module in (*(register.exports_module for register in REGISTERS), *NOT_REGISTERS):
        importlib.import_module(module)
    return EXPORTS


def register(spec: ExportSpec) -> ExportSpec:
    """Add an export to the registry."""
    EXPORTS[spec.name] = spec
    return spec


def get_export(name: str) -> ExportSpec:
    """The export called ``name``, or a UserError listing the known ones."""
    if name not in EXPORTS:
        load_all()
    if name not in EXPORTS:
        known = "、".join(EXPORTS) or "(无)"
        raise UserError(f"没有名为“{name}”的导出;可用的导出有:{known}")
    return EXPORTS[name]


def parse_options(spec: ExportSpec, raw: dict[str, Any]) -> dict[str, Any]:
    """Check and convert option values given as text; errors name the option."""
    values: dict[str, Any] = {}
    for option in spec.options:
        value = raw.get(option.name)
        if option.kind == "flag":
            values[option.name] = bool(value)
        elif value in (None, ""):
            values[option.name] = None
        elif option.kind == "date":
            values[option.name] = parse_date(str(value), f"--{option.name}")
        elif option.kind == "int":
            values[option.name] = _integer(option.name, value)
        else:
            values[option.name] = check_storable(str(value), f"--{option.name}")
    return values


_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")  # within SQLite's 64-bit integers


def _integer(name: str, value: Any) -> int:
    """An integer option: ASCII or full-width digits, at most 18 of them."""
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
    else:
        text = fold_width(strip_invisible(check_storable(str(value), f"--{name}")))
    if not _INTEGER.fullmatch(text):
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise UserError(f"--{name}:应为不超过 18 位的整数,收到“{shown}”")
    return int(text)


def output_suffix(spec: ExportSpec, options: Options) -> str:
    """The suffix the output file must have: the spec's, or the one ``--format`` chose."""
    if any(option.name == "format" for option in spec.options):
        from desktop_app.exports.documents import document_format

        return f".{document_format(options)}"
    return spec.suffix


def check_output_path(out: Path, suffix: str) -> Path:
    """The output file must have the export's suffix and a folder that exists."""
    out = Path(out)
    if out.suffix.lower() != suffix:
        raise UserError(f"输出文件“{out}”的扩展名应为 {suffix}")
    if not out.parent.is_dir():
        raise UserError(f"输出文件夹“{out.parent}”不存在")
    if out.is_dir():
        raise UserError(f"“{out}”是一个文件夹,请给出文件名")
    return out


def today() -> date:
    """Today's date for exports (one place to read the clock)."""
    return date.today()


def export_date(options: Options) -> date:
    """The export date: the GUI may pass its own (a fixed) ``today``, the CLI uses the clock."""
    given = options.get("today")
    return given if isinstance(given, date) else today()


def year_option(options: Options, missing: str | None = None) -> int:
    """The ``--year`` option checked; this year when not given, or ``UserError(missing)``."""
    year = options.get("year")
    if year is None:
        if missing is not None:
            raise UserError(missing)
        return today().year
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        raise UserError(f"--year:“{year}”不是有效的年度")
    return int(year)


def record_option(options: Options, name: str, missing: str) -> int:
    """The number of the record an export is of (``--draw 3``), or ``UserError(missing)``."""
    value = options.get(name)
    if value is None:
        raise UserError(missing)
    return int(value)


def document_fonts(db: Reader) -> FontSet:
    """The fonts of the PDF documents, honouring the font overrides in the settings."""
    from desktop_app.formats.fonts import load_fonts
    from desktop_app.storage.settings import read_setting

    return load_fonts(overrides=read_setting(db, "fonts.overrides") or None)
