"""The training ledger (学法培训台账) of one year as an Excel workbook, on ``xlsx_ledgers``.

Sheets: 年度汇总 (the yearly figures, the same line the page shows), 活动 (sessions),
出勤 (every attendance, streamed) and 个人学时 (per person, shortfalls in red).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from desktop_app.domain.dates import from_iso
from desktop_app.domain.training import (
    ATTENDANCE_STATUSES,
    SESSION_KINDS,
    TrainingRules,
    YearFigures,
)
from desktop_app.formats.ledger_columns import ITEM, NOTE, SEQ, chinese_sentence, org_columns
from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter, export_line
from desktop_app.jobs import CancelCheck, RowProgress

# Widths for 10-point text on A4 landscape (140 units).
FIGURES_COLUMNS = (
    SEQ,
    ITEM,
    LedgerColumn("数量", 12, "number"),
    LedgerColumn("比率", 10, "percent"),
    NOTE,
)
SESSION_COLUMNS = (
    SEQ,
    LedgerColumn("日期", 11, "date"),
    LedgerColumn("时间", 11.5),
    LedgerColumn("类型", 8.4, wrap=True),
    LedgerColumn("主题", 28.5, wrap=True),
    LedgerColumn("学时", 5, "number"),
    LedgerColumn("组织单位", 8.4, wrap=True),
    LedgerColumn("地点", 9, wrap=True),
    LedgerColumn("主讲人", 6.5, wrap=True),
    LedgerColumn("学习法律法规", 26.7, wrap=True),
    LedgerColumn("名单人数", 5.5, "int"),
    LedgerColumn("出席人数", 5.5, "int"),
    LedgerColumn("备注", 8.5, wrap=True),
)
ATTENDANCE_COLUMNS = (
    SEQ,
    LedgerColumn("日期", 11, "date"),
    LedgerColumn("活动主题", 30, wrap=True),
    LedgerColumn("类型", 8.4, wrap=True),
    LedgerColumn("姓名", 6.2),
    *org_columns(16),
    LedgerColumn("出勤", 5.5),
    LedgerColumn("计入学时", 5.5, "number"),
    LedgerColumn("成绩", 5.5, "number"),
    LedgerColumn("备注", 13.6, wrap=True),
)
PERSON_COLUMNS = (
    SEQ,
    LedgerColumn("姓名", 6.2),
    *org_columns(18),
    LedgerColumn("执法证", 6.5),
    LedgerColumn("参加次数", 5.5, "int"),
    LedgerColumn("学时", 5.5, "number"),
    LedgerColumn("考试成绩", 5.5, "number"),
    LedgerColumn("最低学时", 5.5, "number"),
    LedgerColumn("差额学时", 5.5, "number"),
)
STATUS_COL = 8  # 0-based index of 出勤 on the attendance sheet
SHORT_FILL = "overdue"


def _time(row: dict[str, Any]) -> str:
    start, end = row.get("start_time") or "", row.get("end_time") or ""
    return f"{start}—{end}" if start and end else start


def write_training_ledger(
    path: str | os.PathLike[str],
    figures: YearFigures,
    rules: TrainingRules,
    sessions: Iterable[dict[str, Any]],
    attendance: Iterable[dict[str, Any]],
    persons: Iterable[dict[str, Any]],
    *,
    today: date,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the ledger; returns the number of attendance rows. Row sources may be generators.

    Raises ``UserError`` when ``path`` cannot be written and ``Cancelled`` when
    ``cancelled()`` turns true; in both cases nothing is left at ``path``.
    """
    year = figures.year
    subtitle = export_line(today, f"年度:{year}年")
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        sheet = ledger.add_sheet(
            "年度汇总", f"{year}年度学法培训情况汇总", FIGURES_COLUMNS, subtitle=subtitle
        )
        for seq, values in enumerate(figure_rows(figures, rules), 1):
            sheet.append([seq, *values])
        sheet.append([None, "综述", None, None, chinese_sentence(figures.text(rules))], bold=True)
        sheet = ledger.add_sheet(
            "活动", f"{year}年度学法培训活动台账", SESSION_COLUMNS, subtitle=subtitle
        )
        for seq, row in enumerate(sessions, 1):
            sheet.append(
                [
                    seq,
                    from_iso(row["date"]),
                    _time(row),
                    row["kind"],
                    row["title"],
                    row["hours"],
                    row["organiser"],
                    row["place"],
                    row["speaker"],
                    row["laws"] or "",
                    row["listed"],
                    row["present"],
                    row["notes"],
                ]
            )
        sheet = ledger.add_sheet(
            "出勤",
            f"{year}年度学法培训出勤登记表",
            ATTENDANCE_COLUMNS,
            subtitle=subtitle,
            validations={STATUS_COL: list(ATTENDANCE_STATUSES)},
        )
        for seq, row in enumerate(attendance, 1):
            sheet.append(
                [
                    seq,
                    from_iso(row["date"]),
                    row["title"],
                    row["kind"],
                    row["name"],
                    row["unit"],
                    row["department"],
                    row["post"],
                    row["status"],
                    row["hours"],
                    row["score"],
                    row["remark"],
                ]
            )
        rows = sheet.rows
        _person_sheet(ledger, year, rules, persons, subtitle)
    return rows


def _person_sheet(
    ledger: LedgerWriter,
    year: int,
    rules: TrainingRules,
    persons: Iterable[dict[str, Any]],
    subtitle: str,
) -> None:
    """个人学时: one row per person; an enforcement officer short of hours in red."""
    minimum = rules.min_hours
    sheet = ledger.add_sheet(
        "个人学时",
        f"{year}年度个人学法培训学时统计表",
        PERSON_COLUMNS,
        subtitle=f"{subtitle}    持证执法人员年度最低{minimum:g}学时",
        legend=[(f"未达{minimum:g}学时", SHORT_FILL)],
    )
    for seq, row in enumerate(persons, 1):
        holder = bool(row["holder"])
        short = row["shortfall"] or 0
        sheet.append(
            [
                seq,
                row["name"],
                row["unit"],
                row["department"],
                row["post"],
                "持证" if holder else "",
                row["sessions"],
                row["hours"],
                row["score"],
                minimum if holder else None,
                short if short else None,
            ],
            fill=SHORT_FILL if short else None,
        )


def figure_rows(figures: YearFigures, rules: TrainingRules) -> list[list[Any]]:
    """(项目, 数量, 比率, 说明) lines of the 年度汇总 sheet."""
    rows: list[list[Any]] = [["学法培训活动", figures.sessions, None, "全年组织的各类活动合计"]]
    for kind in SESSION_KINDS:
        if figures.by_kind.get(kind):
            rows.append([f"  其中:{kind}", figures.by_kind[kind], None, ""])
    rows += [
        ["参加人数", figures.participants, None, "出席过至少一次活动的人数(每人只计一次)"],
        ["参加人次", figures.attendances, None, "出席人次合计"],
        ["累计学时", figures.person_hours, None, "出席人员计入学时合计"],
    ]
    exam = figures.exam
    if exam is not None:
        scored = exam.scored or None
        rows += [
            ["在线学法考试应参考人数", exam.expected, None, "按考试登记的应参考人数或参考名单"],
            [
                "在线学法考试实际参考人数",
                exam.participants,
                exam.participants / exam.expected if exam.expected else None,
                "比率为参与率",
            ],
            [
                f"及格人数({rules.pass_mark:g}分以上)",
                exam.passed,
                exam.passed / scored if scored else None,
                "比率为及格率",
            ],
            [
                f"优秀人数({rules.excellent_mark:g}分以上)",
                exam.excellent,
                exam.excellent / scored if scored else None,
                "比率为优秀率",
            ],
        ]
    rows += [
        ["持证执法人员", figures.holders, None, "在职且持有效(或暂扣)执法证件的人员"],
        [
            f"未达年度最低学时({rules.min_hours:g}学时)",
            figures.short,
            figures.short / figures.holders if figures.holders else None,
            "见“个人学时”表红色行",
        ],
    ]
    return rows
