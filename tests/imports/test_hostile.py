"""Hostile and broken files: one Chinese message each, nothing written, bounded time."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from desktop_app import imports
from desktop_app.formats.readers import MAX_ROWS, ImportFileError
from desktop_app.formats.readers.sniff import OLE2


def _refused(path: Path, *words: str) -> str:
    started = time.perf_counter()
    with pytest.raises(ImportFileError) as caught:
        imports.open_source(path)
    assert time.perf_counter() - started < 20
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    return message


def test_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    _refused(path, "压缩炸弹")


def test_xml_entities(tmp_path: Path) -> None:
    path = tmp_path / "实体.xlsx"
    evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", evil)
    _refused(path, "实体")


def test_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(OLE2 + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 100)
    _refused(path, "密码")


def test_text_renamed_as_xlsx_and_xls_renamed_as_xlsx(tmp_path: Path) -> None:
    text = tmp_path / "其实是文本.xlsx"
    text.write_text("问题描述,整改措施\n甲,乙\n", encoding="utf-8")
    _refused(text, "不是 Excel 文件")
    converted = tmp_path / "旧.xlsx"
    import subprocess

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["问题描述", "整改措施"])
    book.active.append(["甲", "乙"])
    book.save(tmp_path / "旧.xlsx")
    (tmp_path / "旧.xlsx").rename(tmp_path / "原.xlsx")
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "原.xlsx"),
        ],
        capture_output=True,
        timeout=120,
    )
    if done.returncode != 0 or not (tmp_path / "原.xls").exists():
        pytest.skip("LibreOffice could not write .xls here")
    (tmp_path / "原.xls").rename(converted)
    source = imports.open_source(converted)
    assert source.format == "xls" and "实际是 XLS" in source.notices[0]
    assert source.tables[0].rows[1][:2] == ["甲", "乙"]


def test_empty_file_and_empty_sheet(tmp_path: Path) -> None:
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    _refused(empty, "空文件")
    import openpyxl

    blank = tmp_path / "空表.xlsx"
    openpyxl.Workbook().save(blank)
    source = imports.open_source(blank)
    with pytest.raises(ImportFileError, match="没有任何内容"):
        imports.prepare(source, imports.Options("rectification"))


def test_million_rows_are_refused_above_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "百万行.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("问题描述,整改措施\n")
        handle.write("甲,乙\n" * 1_000_000)
    _refused(big, str(MAX_ROWS))
    sheet = tmp_path / "百万行.xlsx"
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, 200_001)
    )
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet><dimension ref="A1:A1000000"/><sheetData>'
            + rows
            + "</sheetData></worksheet>",
        )
    _refused(sheet, str(MAX_ROWS))


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "乱码.csv"
    path.write_bytes(bytes(range(256)) * 100)
    _refused(path, "不是可识别")


def test_formula_cells_give_cached_values_never_evaluated(tmp_path: Path, db) -> None:
    import openpyxl

    path = tmp_path / "公式.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["问题描述", "整改措施"])
    ws.append(['=HYPERLINK("http://x","点")', "=1+1", "文字"])
    wb.save(path)  # openpyxl writes no cached value: a reader that evaluated would see 2
    source = imports.open_source(path)
    assert source.tables[0].rows[1] == ["", "", "文字"]


def test_gbk_csv_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "导出.csv"
    path.write_bytes("问题描述,整改措施\n行政执法公示不及时,建立公示制度\n".encode("gbk"))
    source = imports.open_source(path)
    assert source.tables[0].rows[1] == ["行政执法公示不及时", "建立公示制度"]


def _with_merges(path: Path, refs: list[str]) -> Path:
    """A small ledger whose sheet XML declares ``refs`` as its merged ranges."""
    import re

    import openpyxl

    plain = path.with_name("plain.xlsx")
    book = openpyxl.Workbook()
    book.active.append(["问题描述", "整改措施"])
    book.active.append(["问题一", "措施一"])
    book.save(plain)
    merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                block = f'<mergeCells count="{len(refs)}">{merges}</mergeCells>'.encode()
                data = re.sub(rb"(</sheetData>)", rb"\1" + block, data)
            out.writestr(info, data)
    return path


def test_merged_ranges_claiming_the_whole_sheet_cost_no_more_than_its_cells(
    tmp_path: Path, db
) -> None:
    path = _with_merges(tmp_path / "大合并.xlsx", ["A2:A1048576", "C1:XFD1048576"])
    started = time.perf_counter()
    source = imports.open_source(path)
    assert source.tables[0].merged == [(1, 0, 1, 0)]  # cut to the cells the sheet has
    result = imports.preview(
        db.conn, source, imports.Options("rectification", inspection_name="自查")
    )
    assert result.ok and result.summary["problems"] == 1
    assert time.perf_counter() - started < 10


def test_overlapping_merged_ranges_are_refused(tmp_path: Path) -> None:
    _refused(_with_merges(tmp_path / "重叠.xlsx", ["A1:B2"] * 3000), "重叠")
