"""Bringing the clerk's records in: source → table → mapping → values → preview → commit.

The GUI wizard and ``python -m desktop_app import`` run the same steps:

1. ``open_source`` reads a file or pasted text (``formats.readers``);
2. ``prepare`` finds the header of the chosen table and proposes the column mapping (or
   takes the one remembered for the same headers);
3. ``preview`` reads every row's values, lists errors and unknown words, and compares the
   records with the database: what would be created, updated or left alone. Nothing is
   written;
4. ``commit`` takes a backup, then writes the preview's plan in one transaction with its
   audit rows as one batch; ``undo`` puts the batch back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app import registers
from desktop_app.domain.errors import UserError
from desktop_app.domain.imports.drafts import CellError
from desktop_app.domain.imports.fields import FIELDS, IGNORE
from desktop_app.domain.imports.headers import (
    Layout,
    Proposal,
    detect_layout,
    filled_grid,
    propose_mapping,
)
from desktop_app.domain.imports.shown import value_reader
from desktop_app.domain.imports.values import key_of, normalise
from desktop_app.formats.readers import Source, SourceTable, read_file, read_pasted
from desktop_app.imports.common import ACTION_LABELS, Context, ImportCancelled, Row, Unknown
from desktop_app.storage import imports as store

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader

KINDS = {
    "rectification": "巡察整改台账(问题和整改措施)",
    "personnel": "执法人员台账(人员和执法证件)",
    "training": "学法培训台账(活动和出勤)",
    "feedback-text": "反馈意见或整改进展报告(文字)",
    "draws": "检查对象名录库(双随机抽查)",
}
TABLE_KINDS = ("rectification", "personnel", "training", "draws")


@dataclass
class Options:
    """The clerk's choices; every one may be left to the import's own proposal."""

    kind: str
    sheet: str | None = None
    header_row: int | None = None  # 0-based row of the (first) header row
    depth: int | None = None  # 1 or 2 header rows
    mapping: dict[int, str] | None = None  # column → field key ("" = not imported)
    value_map: dict[str, dict[str, str]] = field(default_factory=dict)  # field → word → choice
    excluded: set[int] = field(default_factory=set)  # spreadsheet rows left out
    inspection_name: str = ""
    inspection_id: int | None = None
    reading: str = "auto"  # feedback text: how headings are read
    today: date = field(default_factory=date.today)


@dataclass
class Prepared:
    """A table with its header found and its columns mapped."""

    source: Source
    table: SourceTable
    layout: Layout
    proposals: list[Proposal]
    mapping: dict[int, str]
    remembered: bool = False
    _grid: list[list[Any]] | None = field(default=None, repr=False)

    def grid(self) -> list[list[Any]]:
        """The table's cells with merged ranges filled (computed once)."""
        if self._grid is None:
            self._grid = filled_grid(self.table.rows, self.table.merged)
        return self._grid


@dataclass
class PreviewRow:
    """A data row as the preview shows it, marked with what the import does with it.

    ``cells`` are the values as the import reads them (44712 → 2022-05-31, √ → 已完成) in
    mapped columns, the file's text elsewhere; ``raw`` is the file's text of every cell.
    """

    number: int
    cells: list[str]
    action: str
    raw: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """What an import would do: counts, errors, unknown words, the rows and what changes."""

    kind: str
    source_name: str
    sheet: str
    counts: dict[str, dict[str, int]]
    summary: dict[str, Any]
    errors: list[CellError]
    warnings: list[str]
    unknown: list[Unknown]
    rows: list[PreviewRow]
    headers: list[str]
    changes: list[str]
    options: Options
    plan: Any = None
    remember: dict[str, Any] = field(default_factory=dict)
    imported_as: list[str] = field(default_factory=list)  # each column's field label, or ""

    @property
    def ok(self) -> bool:
        """True when the import can be written as it stands."""
        return not self.errors and not self.unknown

    def all_errors(self) -> list[CellError]:
        """Errors, with each unknown word as one error per row."""
        found = list(self.errors)
        for entry in self.unknown:
            for row in entry.rows:
                found.append(
                    CellError(
                        self.sheet,
                        row,
                        entry.label,
                        f"无法识别“{entry.value}”,"
                        f"请指定它对应 {'、'.join(entry.choices)} 中的哪一项",
                    )
                )
        return sorted(found, key=lambda e: (e.row, e.column))

    def as_json(self) -> dict[str, Any]:
        """The object ``import --json`` prints."""
        return {
            "kind": self.kind,
            "source": self.source_name,
            "sheet": self.sheet,
            **self.summary,
            "counts": self.counts,
            "errors": [e.as_dict() for e in self.all_errors()],
            "warnings": self.warnings,
            "changes": self.changes,
        }


@dataclass
class Result:
    """A written import: its batch (for undo) and what it counted."""

    batch_id: int
    preview: Preview
    backup: Path | None


def open_source(
    path: str | Path | None = None,
    *,
    text: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Source:
    """Read a file or pasted text into tables (and text)."""
    if text is not None:
        return read_pasted(text)
    if path is None:
        raise UserError("请选择要导入的文件")
    return read_file(path, progress=progress, cancelled=cancelled)


def _signature(headers: list[str]) -> str:
    return "|".join(key_of(h) for h in headers)


def prepare(source: Source, options: Options, conn: Reader | None = None) -> Prepared:
    """Find the header of the chosen table and map its columns (remembered ones first)."""
    if options.kind not in TABLE_KINDS:
        raise UserError(f"“{KINDS.get(options.kind, options.kind)}”不是表格导入")
    table = source.table(options.sheet)
    grid = filled_grid(table.rows, table.merged)
    layout = detect_layout(
        table.rows, table.merged, options.kind, options.header_row, options.depth, grid
    )
    if layout is None:
        raise UserError(
            f"在“{table.name}”的前 30 行中没有找到表头(如“问题描述”“整改措施”“姓名”“日期”等);"
            "请确认选择了正确的台账种类,或在向导中指定表头所在的行"
        )
    columns = [[grid[r][c] for r in layout.data_rows] for c in range(len(layout.headers))]
    proposals = propose_mapping(options.kind, layout.headers, columns)
    mapping = {p.column: p.field for p in proposals}
    remembered = False
    if options.mapping is not None:
        mapping = {c: options.mapping.get(c, IGNORE) for c in range(len(layout.headers))}
    elif conn is not None:
        memory = store.read_memory(conn, f"mapping.{options.kind}").get(_signature(layout.headers))
        if isinstance(memory, dict):
            known = {f.key for f in FIELDS[options.kind]}
            mapping = {
                c: memory.get(str(c), IGNORE) if memory.get(str(c), IGNORE) in known else IGNORE
                for c in range(len(layout.headers))
            }
            remembered = True
    return Prepared(source, table, layout, proposals, mapping, remembered, grid)


def rows_of(prepared: Prepared, excluded: set[int]) -> list[Row]:
    """The data rows, each as values by field (merged cells filled), exclusions left out."""
    grid = prepared.grid()
    headings = sorted(prepared.layout.heading_rows.items())
    rows: list[Row] = []
    heading = ""
    for r in prepared.layout.data_rows:
        while headings and headings[0][0] < r:
            heading = headings.pop(0)[1]
        if r + 1 in excluded:
            continue
        values = {
            key: grid[r][c] for c, key in prepared.mapping.items() if key and c < len(grid[r])
        }
        rows.append(Row(r + 1, values, heading))
    return rows


def preview(
    conn: Reader, source: Source, options: Options, prepared: Prepared | None = None
) -> Preview:
    """Read, check and compare everything; write nothing."""
    if options.kind == "feedback-text":
        from desktop_app.imports import feedback_text

        return feedback_text.preview(conn, source, options)
    prepared = prepared or prepare(source, options, conn)
    fields = {f.key: f for f in FIELDS[options.kind]}
    ctx = Context(
        options.kind,
        prepared.table.name,
        {key: c for c, key in prepared.mapping.items() if key},
        prepared.layout.headers,
        _merged_values(conn, options),
        options.today,
    )
    missing = [f.label for key, f in fields.items() if f.required and not ctx.has(key)]
    if missing:
        ctx.error(0, "", f"没有对应“{'、'.join(missing)}”的列,请在列对应中指定")
    rows = rows_of(prepared, options.excluded)
    module = _module(options.kind)
    plan, summary, counts = module.build(conn, rows, ctx, prepared, options)
    remember = {
        "mapping": (
            _signature(prepared.layout.headers),
            {str(c): k for c, k in prepared.mapping.items()},
        ),
        "values": options.value_map,
    }
    return Preview(
        kind=options.kind,
        source_name=prepared.source.name,
        sheet=prepared.table.name,
        counts=counts,
        summary=summary,
        errors=sorted(ctx.errors, key=lambda e: (e.row, e.column)),
        warnings=[*prepared.source.notices, *ctx.warnings],
        unknown=list(ctx.unknown.values()),
        rows=_preview_rows(prepared, ctx, options.excluded),
        headers=prepared.layout.headers,
        changes=ctx.changes,
        options=options,
        plan=plan,
        remember=remember,
        imported_as=[
            fields[prepared.mapping[c]].label if prepared.mapping.get(c) in fields else ""
            for c in range(len(prepared.layout.headers))
        ],
    )


def _module(kind: str) -> Any:
    import importlib

    return importlib.import_module(f"desktop_app.imports.{kind.replace('-', '_')}")


def _merged_values(conn: Reader, options: Options) -> dict[str, dict[str, str]]:
    """Words mapped at earlier imports, overridden by this import's."""
    merged: dict[str, dict[str, str]] = {}
    for source in (store.read_memory(conn, f"values.{options.kind}"), options.value_map):
        for key, words in source.items():
            if isinstance(words, dict):
                merged.setdefault(key, {}).update({key_of(w): c for w, c in words.items()})
    return merged


def _preview_rows(prepared: Prepared, ctx: Context, excluded: set[int]) -> list[PreviewRow]:
    grid = prepared.grid()
    width = len(prepared.layout.headers)
    readers = {
        c: value_reader(ctx.fields[key], year=ctx.today.year, words=ctx.value_map.get(key))
        for c, key in prepared.mapping.items()
        if key in ctx.fields
    }
    shown = []
    for r in prepared.layout.data_rows:
        number = r + 1
        action = "excluded" if number in excluded else ctx.actions.get(number, "skip")
        values = grid[r][:width]
        raw = [normalise(v) if v is not None else "" for v in values]
        cells = [
            readers[c](value) if c in readers else text
            for c, (value, text) in enumerate(zip(values, raw, strict=True))
        ]
        shown.append(PreviewRow(number, cells, ACTION_LABELS.get(action, action), raw))
    return shown


def commit(
    db: Database,
    result: Preview,
    backup_dir: Path | None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Result:
    """Back up, then write the preview's plan in one transaction as one undoable batch."""
    if not result.ok:
        raise UserError(f"文件中还有 {len(result.all_errors())} 处错误,改正或排除后才能导入")
    backup = None
    if backup_dir is not None:
        from desktop_app.storage.backup import make_backup

        backup = make_backup(db, backup_dir, "pre-import")

    def tick(done: int, total: int) -> None:
        if cancelled and cancelled():
            raise ImportCancelled("已取消导入,数据库没有任何改动")
        if progress and done % 50 == 0:
            progress(done, total)

    module = _module(result.kind)
    with db.atomic():
        batch = store.BatchWriter(db, result.kind, f"{result.source_name} · {result.sheet}")
        module.apply(db, result, batch, tick)
        signature, mapping = result.remember.get("mapping") or ("", {})
        if signature:
            memory = store.read_memory(db, f"mapping.{result.kind}")
            memory[signature] = mapping
            store.write_memory(db, f"mapping.{result.kind}", memory)
        if result.options.value_map:
            words = store.read_memory(db, f"values.{result.kind}")
            for key, chosen in result.options.value_map.items():
                words.setdefault(key, {}).update(chosen)
            store.write_memory(db, f"values.{result.kind}", words)
        batch.finish(describe(result), {**result.summary, "counts": result.counts})
    if progress:
        progress(1, 1)
    return Result(batch.id, result, backup)


def describe(result: Preview) -> str:
    """One line: what the import wrote (新增 3 个问题、更新 1 个问题 …)."""
    labels = {
        "inspections": "个巡察",
        "problems": "个问题",
        "measures": "项措施",
        "progress": "条进展",
        "persons": "名人员",
        "certificates": "个证件",
        "sessions": "次培训",
        "attendance": "条出勤",
    }
    labels = {**registers.count_labels(), **labels}  # the manifest's phrasing for the rest
    parts = []
    for what, counts in result.counts.items():
        for action, word in (("create", "新增"), ("update", "更新")):
            if counts.get(action):
                parts.append(f"{word} {counts[action]} {labels.get(what, what)}")
    return f"导入“{result.source_name}”:" + ("、".join(parts) or "没有需要写入的变化")


def undo(db: Database, batch_id: int, *, force: bool = False) -> str:
    """Undo one import as a whole."""
    return store.undo_batch(db, batch_id, force=force)


def check_undo(conn: Reader, batch_id: int, *, force: bool = False) -> None:
    """Refuse (UserError) an undo that cannot or should not be done, before anything is written."""
    store.check_undo(conn, batch_id, force=force)


def error_rows_csv(result: Preview, path: Path) -> int:
    """Write the rows that have errors (with the error text) to a CSV the clerk can fix."""
    import csv

    by_row: dict[int, list[str]] = {}
    for error in result.all_errors():
        by_row.setdefault(error.row, []).append(error.text())
    rows = [r for r in result.rows if r.number in by_row]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["原行号", *result.headers, "错误说明"])
        for row in rows:
            writer.writerow([row.number, *(row.raw or row.cells), ";".join(by_row[row.number])])
        for whole in by_row.get(0, []):
            writer.writerow(["", *[""] * len(result.headers), whole])
    return len(rows)
