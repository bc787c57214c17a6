"""Tests of the rectification ledger workbook (xlsx_rectification)."""

from __future__ import annotations

import csv
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from desktop_app.domain import rectification as domain
from desktop_app.domain.errors import UserError
from desktop_app.formats.rectification.xlsx import (
    LEDGER_COLUMNS,
    SummaryRow,
    summary_row,
    write_rectification_ledger,
)
from desktop_app.jobs import Cancelled

TODAY = date(2022, 11, 22)
SINCE = date(2022, 10, 1)
RULES = domain.WarningRules(lead_days=14, stall_days=30)
HEADERS = [c.title for c in LEDGER_COLUMNS]
HOSTILE = '=HYPERLINK("http://x","点我")'


def _progress(d: date, text: str) -> domain.ProgressEntry:
    return domain.ProgressEntry(date=d, author="李四", text=text, problem_id=0)


def _first() -> tuple[domain.Inspection, list[domain.Problem]]:
    """市委巡察: 3 problems, 4 measures, covering every colour and fallback."""
    inspection = domain.Inspection(
        "市委第一巡察组巡察", kind="巡察", plan_doc_no="通科党﹝2022﹞16号"
    )
    p1 = domain.Problem(
        "学法制度落实不到位",
        seq=1,
        category="(一)贯彻习近平法治思想不到位",
        leader="王局长",
        lead_dept="法规科",
        resp_depts="办公室",
        deadline=date(2022, 12, 31),
        status=domain.Status.IN_PROGRESS,
        measures=[
            # overdue, with progress this period, leader falls back to the problem's
            domain.Measure(
                "制定年度学法计划",
                seq=1,
                deadline=date(2022, 9, 30),
                status=domain.Status.IN_PROGRESS,
                last_progress=date(2022, 10, 8),
                latest_progress=_progress(date(2022, 10, 8), "已起草学法计划"),
                evidence=["学法计划.docx", "会议纪要.pdf"],
            ),
            domain.Measure(  # completed and signed off, old progress
                "组织集中学法",
                seq=2,
                leader="张副局长",
                lead_dept="人事科",
                resp_depts="各科室",
                deadline=date(2022, 8, 31),
                status=domain.Status.COMPLETED,
                completion_date=date(2022, 8, 20),
                signoff=domain.SignOff(date(2022, 9, 1), "王局长"),
                last_progress=date(2022, 8, 20),
                latest_progress=_progress(date(2022, 8, 20), "8月集中学法一次"),
            ),
        ],
    )
    p2 = domain.Problem(  # no measures: one row of its own, long-term, stalled
        HOSTILE,
        seq=2,
        category="(二)执法监督不力",
        leader="李副局长",
        deadline=date(2023, 6, 30),
        status=domain.Status.LONG_TERM,
        last_progress=date(2022, 9, 1),
        latest_progress=_progress(date(2022, 9, 1), "持续推进"),
        evidence=["照片.jpg"],
    )
    p3 = domain.Problem(
        "执法案卷不规范😀𠀀",
        seq=3,
        category="(二)执法监督不力",
        status=domain.Status.NOT_STARTED,
        latest_progress=_progress(date(2022, 10, 9), "问题层面的新进展"),
        measures=[
            domain.Measure(  # near deadline, no progress of its own: uses the problem's
                "开展案卷评查",
                seq=1,
                leader="赵科长",
                deadline=date(2022, 11, 30),
                status=domain.Status.NOT_STARTED,
            )
        ],
    )
    return inspection, [p1, p2, p3]


def _second() -> tuple[domain.Inspection, list[domain.Problem]]:
    """An audit whose name holds characters Excel forbids in sheet names."""
    inspection = domain.Inspection("审计/2022[专项]:经费", kind="审计")
    done = domain.Problem(
        "经费管理不规范",
        seq=1,
        status=domain.Status.COMPLETED,
        completion_date=date(2022, 7, 1),
        measures=[
            domain.Measure(
                "完善制度", status=domain.Status.COMPLETED, completion_date=date(2022, 7, 1), seq=1
            ),
        ],
    )
    return inspection, [done]


def _summary() -> list[SummaryRow]:
    return [summary_row(i, ps, today=TODAY, rules=RULES) for i, ps in (_first(), _second())]


def _sections() -> Iterator[tuple[domain.Inspection, Iterator[domain.Problem]]]:
    """Generators all the way down, as the storage layer streams them."""
    for inspection, problems in (_first(), _second()):
        yield inspection, (p for p in problems)


def _write(path: Path, since: date | None = None, **kwargs) -> int:
    return write_rectification_ledger(
        path, _sections(), today=TODAY, rules=RULES, since=since, summary=_summary(), **kwargs
    )


def _fill(cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return cell.fill.fgColor.rgb[-6:]


def _data(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=4)]


def test_sheets_and_row_count(tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    assert _write(path) == 5  # 2 + 1 + 1 measure rows, plus 1 problem without measures
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "市委第一巡察组巡察", "审计_2022_专项__经费"]


def test_summary_counts_exact(tmp_path: Path) -> None:
    rows = _summary()
    assert rows[0] == SummaryRow("市委第一巡察组巡察", "巡察", 3, 3, 1, 1, 0, 1, 0, 0.0)
    assert rows[1] == SummaryRow("审计/2022[专项]:经费", "审计", 1, 1, 0, 0, 1, 0, 0, 1.0)
    path = tmp_path / "s.xlsx"
    overdue = SummaryRow("自查", "自查", 4, 6, 0, 2, 1, 1, 2, 0.25)
    write_rectification_ledger(
        path, [], today=TODAY, rules=RULES, summary=[*rows, overdue], since=SINCE
    )
    ws = openpyxl.load_workbook(path)["汇总"]
    assert ws["A1"].value == "整改工作汇总表"
    assert "本期:2022-10-01 至 2022-11-22" in ws["A2"].value
    assert [c.value for c in ws[3]] == [
        *("序号", "检查名称", "类别", "问题数", "整改措施数"),
        *domain.STATUSES,
        *("逾期", "完成率"),
    ]
    assert _data(ws) == [
        [1, "市委第一巡察组巡察", "巡察", 3, 3, 1, 1, 0, 1, 0, 0.0],
        [2, "审计/2022[专项]:经费", "审计", 1, 1, 0, 0, 1, 0, 0, 1.0],
        [3, "自查", "自查", 4, 6, 0, 2, 1, 1, 2, 0.25],
        [None, "合计", None, 8, 10, 1, 3, 2, 2, 2, 0.25],  # (0*3 + 1*1 + .25*4) / 8
    ]
    assert ws["K4"].number_format == "0.0%"
    assert ws["B7"].font.b
    assert _fill(ws["J6"]) == "FFC7CE" and _fill(ws["J4"]) is None and _fill(ws["J7"]) == "FFC7CE"
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_inspection_sheet_layout(tmp_path: Path) -> None:
    path = tmp_path / "l.xlsx"
    _write(path)
    ws = openpyxl.load_workbook(path)["市委第一巡察组巡察"]
    assert ws["A1"].value == "市委第一巡察组巡察整改工作台账"
    assert [str(r) for r in ws.merged_cells.ranges if r.min_row == 1] == ["A1:N1"]
    assert "通科党﹝2022﹞16号" in ws["A2"].value and "导出时间:2022-11-22" in ws["A2"].value
    assert "本期" not in ws["A2"].value
    assert [c.value for c in ws[3]] == HEADERS
    assert ws.freeze_panes == "A4" and ws.auto_filter.ref == "A3:N7"
    assert ws.print_title_rows == "$1:$3" and ws.page_setup.orientation == "landscape"
    (dv,) = ws.data_validations.dataValidation
    assert str(dv.sqref) == "J4:J7" and dv.formula1.strip('"').split(",") == list(domain.STATUSES)


def test_rows_repeat_problem_and_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    _write(path)
    rows = _data(openpyxl.load_workbook(path)["市委第一巡察组巡察"])
    cat1, cat2 = "(一)贯彻习近平法治思想不到位", "(二)执法监督不力"
    assert rows == [
        [
            *(1, cat1, "学法制度落实不到位", "制定年度学法计划", "王局长", "法规科", "办公室"),
            *(datetime(2022, 9, 30), "已起草学法计划", "整改中", None, None, None),
            "学法计划、会议纪要",  # evidence by title, not by file name
        ],
        [
            *(1, cat1, "学法制度落实不到位", "组织集中学法", "张副局长", "人事科", "各科室"),
            *(datetime(2022, 8, 31), "8月集中学法一次", "已完成", datetime(2022, 8, 20)),
            *(None, datetime(2022, 9, 1), None),
        ],
        [
            *(2, cat2, HOSTILE, None, "李副局长", None, None, datetime(2023, 6, 30)),
            *("持续推进", "长期坚持", None, None, None, "照片"),
        ],
        [
            *(3, cat2, "执法案卷不规范😀𠀀", "开展案卷评查", "赵科长", None, None),
            *(datetime(2022, 11, 30), "问题层面的新进展", "未启动", None, None, None, None),
        ],
    ]


def test_deadline_warning_fills(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    _write(path)
    ws = openpyxl.load_workbook(path)["市委第一巡察组巡察"]
    assert [_fill(ws[f"H{r}"]) for r in range(4, 8)] == ["FFC7CE", None, "FFEB9C", "BDD7EE"]
    assert all(_fill(c) is None for c in ws[4] if c.column != 8)  # no since: no highlight
    assert ws["H4"].number_format == "yyyy-mm-dd"


def test_since_highlights_new_progress(tmp_path: Path) -> None:
    path = tmp_path / "n.xlsx"
    _write(path, since=SINCE)
    ws = openpyxl.load_workbook(path)["市委第一巡察组巡察"]
    assert [c.value for c in ws[3]] == [*HEADERS, "本期新进展"]
    assert "本期:2022-10-01 至 2022-11-22" in ws["A2"].value
    assert [ws[f"O{r}"].value for r in range(4, 8)] == [
        "2022-10-08 进展:已起草学法计划",
        None,
        None,
        "2022-10-09 问题进展:问题层面的新进展",  # the problem's own, on its measure's row
    ]
    fills = [[_fill(c) for c in ws[r]] for r in range(4, 8)]
    assert fills[0] == ["E2EFDA"] * 7 + ["FFC7CE"] + ["E2EFDA"] * 7  # warning beats highlight
    assert fills[1] == [None] * 15
    assert fills[3] == ["E2EFDA"] * 7 + ["BDD7EE"] + ["E2EFDA"] * 7
    assert ws.auto_filter.ref == "A3:O7"


def test_hostile_and_rare_text(tmp_path: Path) -> None:
    path = tmp_path / "h.xlsx"
    _write(path)
    wb = openpyxl.load_workbook(path)
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    ws = wb["市委第一巡察组巡察"]
    assert ws["C6"].value == HOSTILE and ws["C6"].quotePrefix
    assert ws["C7"].value == "执法案卷不规范😀𠀀"


def test_empty_sections(tmp_path: Path) -> None:
    path = tmp_path / "e.xlsx"
    inspection = domain.Inspection("空检查")
    assert (
        write_rectification_ledger(
            path, [(inspection, iter(()))], today=TODAY, rules=RULES, summary=[]
        )
        == 0
    )
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "空检查"] and wb["空检查"].max_row == 3


def test_inspection_named_like_summary_gets_unique_sheet(tmp_path: Path) -> None:
    path = tmp_path / "u.xlsx"
    sections = [(domain.Inspection("汇总"), []), (domain.Inspection("汇总"), [])]
    write_rectification_ledger(path, sections, today=TODAY, rules=RULES, summary=[])
    assert openpyxl.load_workbook(path).sheetnames == ["汇总", "汇总(2)", "汇总(3)"]


def test_unwritable_path_raises_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="无法写入文件"):
        _write(tmp_path / "missing" / "a.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_nothing(tmp_path: Path) -> None:
    def many() -> Iterator[domain.Problem]:
        for i in range(2000):
            yield domain.Problem(f"问题{i}", seq=i + 1, measures=[domain.Measure("措施")])

    seen: list[int] = []
    with pytest.raises(Cancelled):
        write_rectification_ledger(
            tmp_path / "c.xlsx",
            [(domain.Inspection("巡察"), many())],
            today=TODAY,
            rules=RULES,
            summary=[],
            progress=seen.append,
            cancelled=lambda: bool(seen),
        )
    assert seen == [500] and list(tmp_path.iterdir()) == []
    with pytest.raises(Cancelled):
        _write(tmp_path / "d.xlsx", cancelled=lambda: True)  # small: caught at save time
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_libreoffice_reads_the_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    _write(path, since=SINCE)
    out = tmp_path / "csv"
    # 44,34,76: comma, double quote, UTF-8; the trailing -1 writes one CSV per sheet.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    command = [
        "libreoffice",
        f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
        "--headless",
        "--convert-to",
        csv_filter,
        "--outdir",
        str(out),
        str(path),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    rows = []
    for file in sorted(out.glob("*.csv")):
        with open(file, encoding="utf-8", newline="") as handle:
            rows.extend(csv.reader(handle))
    assert HEADERS in [row[: len(HEADERS)] for row in rows]
    cells = {cell for row in rows for cell in row}
    assert {"制定年度学法计划", "2022-09-30", "执法案卷不规范😀𠀀", HOSTILE} <= cells
    assert "市委第一巡察组巡察整改工作台账" in cells
