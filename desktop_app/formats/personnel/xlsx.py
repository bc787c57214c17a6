"""The enforcement-personnel ledger (行政执法人员台账) as an Excel workbook on ``xlsx_ledgers``.

Sheet "汇总" comes first with the year's figures the annual rule-of-law report quotes
(新办 / 换证 / 注销 certificates, persons transferred out) and the state on the export
date; then sheet "执法人员台账" with one row per certificate. Resident ID numbers are
masked (first 6 and last 4 characters) unless the caller asks for full numbers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.domain.dates import from_iso
from desktop_app.domain.identifiers import mask_id
from desktop_app.domain.personnel import (
    Certificate,
    CertWarning,
    PersonnelRules,
    YearCounts,
    certificate_warning,
    effective_status,
)
from desktop_app.formats.ledger_columns import ITEM, NOTE, SEQ
from desktop_app.formats.xlsx_ledger import LedgerColumn, LedgerWriter, export_line
from desktop_app.jobs import CancelCheck, RowProgress

SUMMARY_SHEET = "汇总"
LEDGER_SHEET = "执法人员台账"
SUMMARY_COLUMNS = (
    SEQ,
    ITEM,
    LedgerColumn("数量", 10, "int"),
    LedgerColumn("单位", 8),  # of the number: 个, 人
    NOTE,
)
# Widths for 10-point text on A4 landscape (140 units); 单位 and 处室 share a column. A
# four-character header prints as 2 + 2 in a column narrower than 6 units.
LEDGER_COLUMNS = (
    LedgerColumn("序号", 4.5, "int"),
    LedgerColumn("姓名", 6.2),
    LedgerColumn("性别", 4.5),
    LedgerColumn("身份证号", 17.5),
    LedgerColumn("单位及处室", 13.3, wrap=True),
    LedgerColumn("职务", 5.8, wrap=True),
    LedgerColumn("人员类别", 5.5, wrap=True),
    LedgerColumn("证件种类", 5.8, wrap=True),
    LedgerColumn("执法证号", 12.5),
    LedgerColumn("执法类别/区域", 8.4, wrap=True),
    LedgerColumn("发证机关", 8.4, wrap=True),
    LedgerColumn("发证日期", 11, "date"),
    LedgerColumn("有效期至", 11, "date"),
    LedgerColumn("状态", 6.2),
    LedgerColumn("最近年审", 11, "date"),
    LedgerColumn("备注", 8.4, wrap=True),
)
VALID_UNTIL_COL, STATUS_COL, REVIEW_COL = 12, 13, 14
EXPIRED_FILL = "FF5050"  # bright red
SHOULD_CANCEL_FILL = "DCC8EE"  # purple
WARNING_FILLS = {
    CertWarning.EXPIRED: {VALID_UNTIL_COL: EXPIRED_FILL, STATUS_COL: EXPIRED_FILL},
    CertWarning.EXPIRING: {VALID_UNTIL_COL: "expiring"},
    CertWarning.REVIEW_DUE: {REVIEW_COL: "stalled"},
    CertWarning.SHOULD_CANCEL: {STATUS_COL: SHOULD_CANCEL_FILL},
}


@dataclass
class PersonnelSummary:
    """What the 汇总 sheet shows: the year's events and the state on the export date."""

    year: YearCounts
    persons_in_service: int = 0
    holders: int = 0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)


def report_sentence(counts: YearCounts) -> str:
    """The sentence for the annual report, as seed 001 words it."""
    return (
        f"{counts.year}年新办执法证件{counts.new}个、换证{counts.renewed}个、"
        f"注销执法证件{counts.cancelled}个,转出{counts.transferred_persons}人执法关系。"
    )


def write_personnel_ledger(
    path: str | os.PathLike[str],
    rows: Iterable[dict[str, Any]],
    summary: PersonnelSummary,
    *,
    today: date,
    rules: PersonnelRules,
    full_id: bool = False,
    progress: RowProgress | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Write the workbook; return the number of certificate rows.

    ``rows`` (from ``personnel_queries.load_ledger``) is consumed once, streaming.
    Raises ``UserError`` when ``path`` cannot be written and ``Cancelled`` on cancel.
    """
    year = summary.year.year
    ids = "身份证号:完整显示" if full_id else "身份证号:仅显示前6位和后4位"
    written = 0
    with LedgerWriter(path, progress=progress, cancelled=cancelled) as ledger:
        _write_summary(ledger, summary, today, rules)
        scope = f"统计年度:{year}年(含当年注销、转出的证件)"
        subtitle = export_line(today, scope, ids)
        sheet = ledger.add_sheet(
            LEDGER_SHEET,
            "行政执法人员台账",
            LEDGER_COLUMNS,
            subtitle=subtitle,
            legend=_legend(rules),
        )
        for row in rows:
            written += 1
            values, warning = _ledger_values(written, row, today, rules, full_id)
            sheet.append(values, cell_fills=WARNING_FILLS.get(warning))
    return written


def _legend(rules: PersonnelRules) -> list[tuple[str, str]]:
    """What the colours of the certificate rows mean."""
    lead = f"{rules.lead_days}天内" if rules.lead_days else ""
    return [
        (CertWarning.EXPIRED.value, EXPIRED_FILL),
        (f"{lead}到期", "expiring"),
        (CertWarning.REVIEW_DUE.value, "stalled"),
        (CertWarning.SHOULD_CANCEL.value, SHOULD_CANCEL_FILL),
    ]


def _ledger_values(
    seq: int, row: dict[str, Any], today: date, rules: PersonnelRules, full_id: bool
) -> tuple[list[Any], CertWarning]:
    valid_until = from_iso(row["valid_until"])
    cert = Certificate(
        person_id=0,
        number=row["number"],
        kind=row["kind"],
        issue_date=from_iso(row["issue_date"]),
        valid_until=valid_until,
        status=row["status"],
        last_review=from_iso(row["last_review"]),
        review_due=from_iso(row["review_due"]),
    )
    warning = certificate_warning(cert, row["person_status"], today, rules)
    notes = [n for n in (row["ended"], row["notes"]) if n]
    if warning != CertWarning.NONE:
        notes.insert(0, warning.value)
    number = row["id_number"] or ""
    values = [
        seq,
        row["name"],
        row["gender"],
        number if full_id else mask_id(number),
        "\n".join(part for part in (row["unit"], row["department"]) if part),
        row["post"],
        row["employment_type"],
        row["kind"],
        row["number"],
        row["category"],
        row["authority"],
        cert.issue_date,
        valid_until,
        effective_status(row["status"], valid_until, today),
        cert.last_review,
        ";".join(notes),
    ]
    return values, warning


def _write_summary(
    ledger: LedgerWriter,
    summary: PersonnelSummary,
    today: date,
    rules: PersonnelRules,
) -> None:
    """The 汇总 sheet: the year's events, the state today and the warnings, numbered."""
    counts = summary.year
    title = f"{counts.year}年度行政执法人员和证件情况汇总"
    sheet = ledger.add_sheet(SUMMARY_SHEET, title, SUMMARY_COLUMNS, subtitle=export_line(today))
    lines: list[tuple[str, int | None, str, str]] = [
        (f"{counts.year}年新办证件", counts.new, "个", "新办行政执法证、监督证"),
        (f"{counts.year}年换证", counts.renewed, "个", "有效期届满等原因换发新证"),
        (f"{counts.year}年年审", counts.reviewed, "个", ""),
        (f"{counts.year}年暂扣证件", counts.suspended, "个", ""),
        (f"{counts.year}年注销证件", counts.cancelled, "个", "调离、退休、辞职等原因注销"),
        (f"{counts.year}年转出执法关系", counts.transferred_persons, "人", "执法关系转出本机关"),
        ("在职人员", summary.persons_in_service, "人", f"截至{today.isoformat()}"),
        ("持有效证件人员", summary.holders, "人", f"截至{today.isoformat()}"),
    ]
    for kind, by_status in summary.by_kind.items():
        for status, number in by_status.items():
            if number:
                lines.append((f"{kind}:{status}", number, "人", ""))
    lead = f"{rules.lead_days}天内" if rules.lead_days else ""
    notes = {
        CertWarning.EXPIRED.value: "证件已过期,暂停执法,须换证",
        CertWarning.EXPIRING.value: f"证件{lead}到期,须参加换证考试",
        CertWarning.REVIEW_DUE.value: f"{lead}应年审或年审已逾期",
        CertWarning.SHOULD_CANCEL.value: "已调离或退休但仍持有效证件,应注销",
    }
    for warning, number in summary.warnings.items():
        lines.append((f"预警:{warning}", number, "人", notes.get(warning, "")))
    for seq, (item, figure, unit, note) in enumerate(lines, 1):
        sheet.append([seq, item, figure, unit, note])
    sheet.append([None, "年度报告用语", None, None, report_sentence(counts)], bold=True)
