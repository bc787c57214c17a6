"""Test ledgers built the way clerks make them: merged two-row headers, footers, GBK CSV, Word."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

ID_A = "11010519491231002X"
ID_B = "360426199101010071"


def workbook(
    path: Path, rows: list[list[object]], *, title: str = "", merged: tuple[str, ...] = ()
) -> Path:
    """An .xlsx of one sheet (``title``, else openpyxl's own name) holding ``rows``, with
    the ``merged`` ranges."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.title = title
    for row in rows:
        ws.append(row)
    for cells in merged:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def rectification_xlsx(path: Path, *, deadline_b: object = "2022年底") -> Path:
    """A measure-per-row ledger: title, 填报 row, merged two-row header, category row, footer."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "依法行政"
    ws.append(["市委巡察五组依法行政专项巡察整改工作台账"])
    ws.merge_cells("A1:I1")
    ws.append(["填报单位:政策法规处", None, None, None, None, None, None, "填报日期:2022年10月"])
    # columns in another order than the application's own ledger
    ws.append(
        [
            "序号",
            "整改措施",
            "存在问题",
            "分管领导",
            "责任单位",
            None,
            "完成时限",
            "完成情况",
            "进展情况",
        ]
    )
    ws.append([None, None, None, None, "牵头部门", "配合部门", None, None, None])
    for cells in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4", "I3:I4"):
        ws.merge_cells(cells)
    ws.append(["一、贯彻习近平法治思想不到位"])
    ws.merge_cells("A5:I5")
    ws.append(
        [
            1,
            "制定学习计划",
            "学习不深入",
            "局长",
            "政策法规处",
            "办公室",
            44712,
            "已完成",
            "已印发计划",
        ]
    )
    ws.append(
        [
            None,
            "开展专题研讨",
            None,
            "局长",
            "政策法规处",
            "人事处",
            datetime(2022, 12, 31),
            "正在推进",
            "开展2次",
        ]
    )
    ws.merge_cells("A6:A7")
    ws.merge_cells("C6:C7")
    ws.append(["二、行政执法工作重视不够"])
    ws.merge_cells("A8:I8")
    ws.append(
        [2, "修订执法制度", "执法不规范", "副局长", "执法处", "", "长期坚持", "", "持续推进中"]
    )
    ws.append([3, "建立联合执法机制", "执法协同不足", "副局长", "执法处", "", deadline_b, "√", ""])
    ws.append(["填表人:张三    审核人:李四"])
    ws.append(["说明:本表每周五更新"])
    wb.save(path)
    return path


def personnel_csv_gbk(path: Path) -> Path:
    """A roster exported from another system as GBK CSV, one row per certificate."""
    text = (
        "姓名,性别,公民身份号码,工作单位,处室,执法证号,发证日期,有效期至,证件状态\n"
        f"王一,女,{ID_A},市科技局,政策法规处,32060001,2021.3.1,2026年2月28日,有效\n"
        f"王一,女,{ID_A},市科技局,政策法规处,J32060009,2021-03-01,2026-02-28,正常\n"
        f"李二,男,{ID_B},市科技局,执法处,32060002,2020/6/1,2025/5/31,暂扣\n"
    )
    path.write_bytes(text.encode("gbk"))
    return path


def plan_docx(path: Path) -> Path:
    """A 整改方案 Word file with one table, the problem cells merged vertically."""
    import docx

    document = docx.Document()
    document.add_paragraph("市科技局党组落实市委巡察反馈意见整改方案")
    table = document.add_table(rows=5, cols=6)
    header = ["序号", "问题", "整改措施", "责任领导", "责任部门", "完成时限"]
    for c, text in enumerate(header):
        table.cell(0, c).text = text
    rows = [
        ("1", "制度建设不健全", "建立舆情应急处置方案", "副局长", "办公室", "2022年6月"),
        ("", "", "梳理执法风险点", "副局长", "执法处", "2022.9.30"),
        ("", "", "集中学习三项制度", "副局长", "政策法规处", "年底前"),
        ("2", "赋权事项未落实", "加强业务指导", "局长", "外专处", "长期"),
    ]
    for r, values in enumerate(rows, 1):
        for c, text in enumerate(values):
            if text:
                table.cell(r, c).text = text
    for c in (0, 1):
        table.cell(1, c).merge(table.cell(3, c))
    document.save(path)
    return path


def training_xlsx(path: Path) -> Path:
    """A sign-up list: one row per attendee, the session's cells merged, mixed date forms."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "签到"
    ws.append(["2022年学法培训签到汇总"])
    ws.append(["培训日期", "培训主题", "形式", "学时", "姓名", "单位", "出勤", "成绩"])
    ws.append(["2022年5月10日", "民法典专题讲座", "讲座", 2, "王一", "市科技局", "√", None])
    ws.append([None, None, None, None, "李二", "市科技局", "请假", None])
    ws.append(["2022.6.8", "在线学法考试", "考试", 1, "王一", "市科技局", "参加", 95])
    ws.merge_cells("A3:A4")
    ws.merge_cells("B3:B4")
    ws.merge_cells("C3:C4")
    ws.merge_cells("D3:D4")
    ws.append(["填表人:赵六"])
    wb.save(path)
    return path
