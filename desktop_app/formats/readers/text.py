"""CSV, plain text and pasted rows: the encoding detected (UTF-8, GBK …), tabs or commas split."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

from desktop_app.formats.readers import (
    MAX_ROWS,
    MAX_TEXT_CHARS,
    ImportFileError,
    Source,
    SourceTable,
)

MAX_FIELD = 1_000_000  # characters of one CSV field (Excel's own limit is 32,767)
_SAMPLE = 256 * 1024


def decode(data: bytes, name: str) -> str:
    """Text of a file in UTF-8 (with or without BOM), UTF-16 or a Chinese code page."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _garbage(name) from None
    if b"\x00" in data[:_SAMPLE]:
        raise _garbage(name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE]).best()
    encodings = [best.encoding] if best is not None else []
    for encoding in [*encodings, "gb18030"]:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text
    raise _garbage(name)


def _looks_like_text(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls / len(sample) < 0.01


def _garbage(name: str) -> ImportFileError:
    return ImportFileError(
        f"“{name}”不是可识别的表格或文本文件(内容无法读出文字),请选择 Excel、WPS、Word 或 CSV 文件"
    )


def read_text_file(path: Path) -> Source:
    """A .csv or .txt file: its text, and its rows when it is delimited."""
    kind = "txt" if path.suffix.lower() == ".txt" else "csv"
    text = decode(path.read_bytes(), path.name)
    return source_from_text(text, path.name, kind)


def source_from_text(text: str, name: str, kind: str) -> Source:
    """A Source from text: always its lines; a table when it is tab- or comma-separated."""
    if len(text) > MAX_TEXT_CHARS and kind != "csv":
        raise ImportFileError(f"“{name}”的文字超过 {MAX_TEXT_CHARS} 字,超过导入上限")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportFileError(f"“{name}”是空的,没有可导入的内容")
    source = Source(name, kind, text=text if len(text) <= MAX_TEXT_CHARS else "")
    delimiter = _delimiter(text, kind)
    if delimiter:
        source.tables.append(
            SourceTable(name if kind != "paste" else "粘贴", _rows(text, delimiter, name))
        )
    return source


def _delimiter(text: str, kind: str) -> str | None:
    lines = [line for line in text[:_SAMPLE].split("\n")[:50] if line.strip()]
    if not lines:
        return None
    tabbed = sum("\t" in line for line in lines)
    if tabbed * 2 >= len(lines):
        return "\t"
    if kind != "csv":
        return None
    counts = {d: sum(line.count(d) for line in lines) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _rows(text: str, delimiter: str, name: str) -> list[list[object]]:
    csv.field_size_limit(MAX_FIELD)
    rows: list[list[object]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    f"“{name}”超过一次导入的上限 {MAX_ROWS} 行;请拆分成几个文件分批导入"
                )
            rows.append([cell.strip() for cell in row])
    except csv.Error as exc:
        raise ImportFileError(f"“{name}”的格式有误,无法按表格读取({_csv_reason(exc)})") from None
    return rows


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger" in text:
        return f"有单元格超过 {MAX_FIELD} 字"
    return "引号不配对或含有无法识别的字符"
