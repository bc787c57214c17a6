"""Tests of the generic streaming ledger writer (xlsx_ledgers)."""

from __future__ import annotations

import glob
import os
import tempfile
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app import files
from desktop_app.domain.errors import UserError
from desktop_app.domain.rectification import STATUSES, Status
from desktop_app.formats import xlsx_fit
from desktop_app.formats import xlsx_ledger as xlsx_ledgers
from desktop_app.formats.xlsx_ledger import (
    WARNING_COLOURS,
    LedgerColumn,
    LedgerWriter,
    clean_text,
    sanitize_sheet_name,
)
from desktop_app.jobs import Cancelled

COLUMNS = [
    LedgerColumn("序号", 6, "int"),
    LedgerColumn("问题描述", 40, wrap=True),
    LedgerColumn("整改时限", 12, "date"),
    LedgerColumn("状态", 10),
    LedgerColumn("完成率", 10, "percent"),
]
HOSTILE = [
    "=1+1",
    "+SUM(A1)",
    "-2+3",
    "@cmd",
    '=HYPERLINK("http://x")',
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "#N/A",
    "=",
]
RARE = ["𠀀", "😀", "𠀀😀中文 CJK Ext-B 𪜀 and emoji 👍🏽", "  leading and trailing  "]


def _write(path: Path, rows: list[list], **kwargs) -> Path:
    """A one-sheet ledger with a subtitle and the status drop-down."""
    with LedgerWriter(path) as ledger:
        sheet = ledger.add_sheet(
            "台账",
            "测试整改工作台账",
            COLUMNS,
            subtitle="导出时间:2026-11-22",
            validations={3: list(STATUSES)},
        )
        for row in rows:
            sheet.append(row, **kwargs)
    return path


def _rows(n: int = 3) -> list[list]:
    return [[i, f"问题{i}", date(2022, 6, i), Status.IN_PROGRESS, 0.5] for i in range(1, n + 1)]


def _fill(cell) -> str | None:
    """The RGB of a cell's solid fill, or None."""
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return cell.fill.fgColor.rgb[-6:]


def test_title_subtitle_and_header(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "a.xlsx", _rows())).active
    assert ws.title == "台账"
    assert ws["A1"].value == "测试整改工作台账"
    assert ws["A1"].font.b and ws["A1"].font.sz == 16
    assert ws["A1"].alignment.horizontal == "center"
    assert ws.row_dimensions[1].height == 30
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:E1", "A2:E2"}
    assert ws["A2"].value == "导出时间:2026-11-22"
    assert [c.value for c in ws[3]] == [c.title for c in COLUMNS]
    for cell in ws[3]:
        assert cell.font.b and _fill(cell) == xlsx_ledgers.HEADER_FILL
        assert cell.border.left.style == "thin" and cell.alignment.wrap_text
    assert ws.column_dimensions["B"].width == 40
    assert ws["B4"].alignment.wrap_text and ws["B4"].border.bottom.style == "thin"


def test_without_subtitle_header_is_row_two(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    with LedgerWriter(path) as ledger:
        ledger.add_sheet("x", "标题", COLUMNS).append([1, "a"])
    ws = openpyxl.load_workbook(path).active
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:E1"]
    assert ws["A2"].value == "序号" and ws["B3"].value == "a"
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"
    assert ws.auto_filter.ref == "A2:E3"


@pytest.mark.parametrize("fast", [True, False])
def test_values_dates_and_formats(tmp_path: Path, monkeypatch, fast: bool) -> None:
    monkeypatch.setattr(xlsx_ledgers, "_FAST_PATH", fast)
    ws = openpyxl.load_workbook(_write(tmp_path / "a.xlsx", _rows())).active
    assert ws["A4"].value == 1 and ws["B4"].value == "问题1"
    assert ws["C4"].value == datetime(2022, 6, 1)
    assert ws["C4"].number_format == "yyyy-mm-dd"
    assert ws["D4"].value == "整改中"  # enum written as its text
    assert ws["E4"].value == 0.5 and ws["E4"].number_format == "0.0%"


def test_other_value_types(tmp_path: Path) -> None:
    rows = [
        [Decimal("7"), date(2022, 6, 1), datetime(2022, 6, 2, 9, 30), True, Decimal("0.25")],
        [None, datetime(2022, 6, 3, 9, 30), object.__new__(_Named), None, "n/a"],
    ]
    ws = openpyxl.load_workbook(_write(tmp_path / "t.xlsx", rows)).active
    assert [c.value for c in ws[4]] == [7, "2022-06-01", datetime(2022, 6, 2), "是", 0.25]
    assert [c.value for c in ws[5]] == [None, "2022-06-03 09:30", "名称", None, "n/a"]
    assert ws["A4"].data_type == "n" and ws["C4"].is_date


class _Named:
    def __str__(self) -> str:
        return "名称"


def test_validation_filter_panes_and_print_setup(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "a.xlsx", _rows(3))).active
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and str(dv.sqref) == "D4:D6"
    assert dv.formula1.strip('"').split(",") == list(STATUSES)
    assert ws.auto_filter.ref == "A3:E6"
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_options.horizontalCentered
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.page_margins.left < 0.7


@pytest.mark.parametrize("fast", [True, False])
def test_hostile_text_is_never_a_formula(tmp_path: Path, monkeypatch, fast: bool) -> None:
    monkeypatch.setattr(xlsx_ledgers, "_FAST_PATH", fast)
    path = _write(tmp_path / "h.xlsx", [[i, text, None, text] for i, text in enumerate(HOSTILE)])
    ws = openpyxl.load_workbook(path).active
    for row, text in zip(ws.iter_rows(min_row=4), HOSTILE, strict=True):
        assert row[1].value == text and row[3].value == text
        assert row[1].data_type == "s"
        assert row[1].quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r", "＝"))
    assert not [c for r in ws.iter_rows() for c in r if c.data_type == "f"]
    with zipfile.ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.parametrize("fast", [True, False])
def test_rare_characters_round_trip(tmp_path: Path, monkeypatch, fast: bool) -> None:
    monkeypatch.setattr(xlsx_ledgers, "_FAST_PATH", fast)
    path = tmp_path / "r.xlsx"
    with LedgerWriter(path) as ledger:
        sheet = ledger.add_sheet("😀𠀀", "标题😀𠀀", COLUMNS)
        for text in RARE:
            sheet.append([1, text])
    ws = openpyxl.load_workbook(path).active
    assert ws.title == "😀𠀀" and ws["A1"].value == "标题😀𠀀"
    assert [ws.cell(row=r, column=2).value for r in range(3, 3 + len(RARE))] == RARE


def test_illegal_xml_characters_are_replaced(tmp_path: Path) -> None:
    assert clean_text("a\x00b\x07c") == "abc"
    assert clean_text("第一行\x0b第二行\x0c第三行") == "第一行\n第二行\n第三行"
    assert clean_text("x\ud800y\uffff") == "x\ufffdy\ufffd"
    assert clean_text("tab\tnl\ncr\r") == "tab\tnl\ncr\r"
    ws = openpyxl.load_workbook(_write(tmp_path / "c.xlsx", [[1, "问\x01题\x1f描\x0b述"]])).active
    assert ws["B4"].value == "问题描\n述"


def test_fills_row_cell_and_precedence(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    with LedgerWriter(path) as ledger:
        sheet = ledger.add_sheet("x", "标题", COLUMNS)
        sheet.append([1, "a", date(2022, 1, 1)], fill="highlight", cell_fills={2: "overdue"})
        sheet.append([2, "b"], cell_fills={1: "stalled", 3: "near", 4: "123abc"})
        sheet.append([3, "c"], bold=True)
        with pytest.raises(ValueError):
            sheet.append([4], fill="purple")
        with pytest.raises(ValueError):
            sheet.append([1, 2, 3, 4, 5, 6])
    ws = openpyxl.load_workbook(path).active
    assert [_fill(c) for c in ws[3]] == ["E2EFDA", "E2EFDA", "FFC7CE", "E2EFDA", "E2EFDA"]
    assert [_fill(c) for c in ws[4]] == [None, "FFEB9C", None, "BDD7EE", "123ABC"]
    assert ws["A5"].font.b and not ws["A4"].font.b
    assert set(WARNING_COLOURS) >= {"overdue", "stalled", "near", "highlight", "expiring"}


def test_sheet_names_are_sanitised_and_unique(tmp_path: Path) -> None:
    assert sanitize_sheet_name("a[b]:c*d?e/f\\g") == "a_b__c_d_e_f_g"
    assert len(sanitize_sheet_name("巡" * 40)) == 31
    assert sanitize_sheet_name("汇总", ["汇总"]) == "汇总(2)"
    assert sanitize_sheet_name("ABC", ["abc", "ABC(2)"]) == "ABC(3)"
    assert sanitize_sheet_name("") == "Sheet" and sanitize_sheet_name("'x'") == "x"
    assert sanitize_sheet_name("History") != "History"
    long = sanitize_sheet_name("巡" * 40, ["巡" * 31])
    assert long == "巡" * 28 + "(2)"
    path = tmp_path / "s.xlsx"
    with LedgerWriter(path) as ledger:
        for name in ["a/b", "a/b", "x" * 50]:
            ledger.add_sheet(name, "t", COLUMNS)
    assert openpyxl.load_workbook(path).sheetnames == ["a_b", "a_b(2)", "x" * 31]


def test_empty_sheet_has_header_only(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(_write(tmp_path / "e.xlsx", [])).active
    assert ws.max_row == 3 and ws.auto_filter.ref == "A3:E3"
    assert not ws.data_validations.dataValidation


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _openpyxl_temp_files() -> set[str]:
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "openpyxl.*")))


def test_cancel_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Our own temp folder: openpyxl files another process leaves in the system's do not count.
    own_temp = tmp_path / "temp"
    own_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(own_temp))
    before = _openpyxl_temp_files()
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "c.xlsx"
    calls: list[int] = []
    streamed: set[str] = set()

    def stop() -> bool:
        streamed.update(_openpyxl_temp_files())
        return len(calls) >= 2

    with (
        pytest.raises(Cancelled) as info,
        LedgerWriter(path, progress=calls.append, cancelled=stop) as lw,
    ):
        sheet = lw.add_sheet("x", "标题", COLUMNS)
        for row in _rows(28):
            for _ in range(100):
                sheet.append(row)
    assert str(info.value) == "导出已取消"
    assert calls == [500, 1000]
    assert _leftovers(folder) == []
    assert streamed - before, "the sheet streamed to a temp file in our own folder"
    assert _openpyxl_temp_files() <= before


def test_cancel_keeps_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(Cancelled), LedgerWriter(path, cancelled=lambda: True) as ledger:
        ledger.add_sheet("x", "标题", COLUMNS).append([1])
    assert path.read_bytes() == b"old" and _leftovers(tmp_path) == ["c.xlsx"]


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[int] = []
    path = tmp_path / "p.xlsx"
    with LedgerWriter(path, progress=calls.append) as ledger:
        sheet = ledger.add_sheet("x", "标题", COLUMNS)
        for i in range(1200):
            sheet.append([i])
    assert calls == [500, 1000, 1200]
    assert _leftovers(tmp_path) == ["p.xlsx"]


def test_existing_file_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"old")
    _write(path, _rows())
    assert openpyxl.load_workbook(path).active["A1"].value == "测试整改工作台账"
    assert _leftovers(tmp_path) == ["x.xlsx"]


def test_missing_folder_or_directory_path_raises_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法写入文件"):
        LedgerWriter(tmp_path / "nope" / "a.xlsx")
    with pytest.raises(UserError, match="无法写入文件"):
        LedgerWriter(tmp_path)
    assert _leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_read_only_folder_raises_user_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="权限不足"):
            LedgerWriter(folder / "a.xlsx")
    finally:
        folder.chmod(0o700)
    assert _leftovers(folder) == []


def test_permission_denied_at_start_raises_user_error(tmp_path, monkeypatch) -> None:
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "open", denied, raising=False)
    with pytest.raises(UserError, match=r"无法写入文件“.*”:权限不足或文件已在 Excel 或 WPS 中打开"):
        LedgerWriter(tmp_path / "a.xlsx")
    assert _leftovers(tmp_path) == []


def test_locked_destination_raises_user_error_and_leaves_nothing(tmp_path, monkeypatch) -> None:
    def locked(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(xlsx_ledgers.os, "replace", locked)
    with pytest.raises(UserError, match="权限不足或文件已在 Excel 或 WPS 中打开"):
        _write(tmp_path / "l.xlsx", _rows())
    assert _leftovers(tmp_path) == []


def test_invalid_definitions_are_refused(tmp_path: Path) -> None:
    with LedgerWriter(tmp_path / "v.xlsx") as ledger:
        with pytest.raises(ValueError):
            ledger.add_sheet("x", "t", [])
        with pytest.raises(ValueError):
            ledger.add_sheet("x", "t", COLUMNS, validations={9: ["a"]})
        with pytest.raises(ValueError):
            ledger.add_sheet("x", "t", COLUMNS, validations={0: ["a,b"]})
        ledger.add_sheet("ok", "t", COLUMNS)


def test_wrapped_rows_get_a_height_that_fits_their_text(tmp_path: Path) -> None:
    long_text = "对行政执法工作重视不够,执法培训和持证人员不足" * 4  # 96 CJK = 192 units
    rows = [[1, "短", date(2022, 6, 1), "整改中", 0.5], [2, long_text, None, "整改中", 0.5]]
    path = _write(tmp_path / "高度.xlsx", rows)
    sheet = openpyxl.load_workbook(path).active
    first, second = sheet.row_dimensions[4], sheet.row_dimensions[5]
    assert first.ht is None  # one line: the reader's default
    # 180 half-widths (the commas are half-width); a 40-unit column holds 21 characters a line
    assert xlsx_fit.line_count(long_text, 40, xlsx_ledgers.BODY_SIZE) == 5
    assert second.ht == xlsx_fit.row_points(5, xlsx_ledgers.BODY_SIZE) and second.customHeight
    assert sheet.cell(5, 2).value == long_text
