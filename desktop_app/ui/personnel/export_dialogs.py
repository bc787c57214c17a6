"""Dialogs before a personnel export or batch action: the ledger's options, the batch event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop_app.domain.personnel import CERTIFICATE_KINDS, Event
from desktop_app.ui.dialogs.form import FormDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

ALL_KINDS = "全部证件"
BATCH_EVENTS = (Event.REVIEW, Event.RENEW, Event.SUSPEND, Event.RESTORE, Event.CANCEL)


@dataclass
class LedgerChoice:
    """What the clerk chose for the personnel ledger."""

    year: int
    full_id: bool


def ledger_options(parent: QWidget, today: date) -> LedgerChoice | None:
    """Year and ID display of the personnel ledger; None when cancelled."""
    form = FormDialog("导出执法人员台账", parent)
    form.add_number("year", "统计年度", today.year, 1990, 2100)
    form.add_check("full_id", "显示完整身份证号", False)
    form.show_note(
        "默认只显示身份证号前 6 位和后 4 位。选择显示完整号码时,本次导出将记入操作日志,"
        "请妥善保管导出的文件。"
    )
    return form.run(lambda: LedgerChoice(**form.values()))


def batch_choice(parent: QWidget, persons: int) -> tuple[Event, str] | None:
    """Which event and certificate kind to apply to the selected persons."""
    form = FormDialog(f"批量办理 — 已选 {persons} 人", parent)
    form.add_choice("event", "办理事项", [e.value for e in BATCH_EVENTS])
    form.add_choice("kind", "证件种类", [CERTIFICATE_KINDS[0], CERTIFICATE_KINDS[1], ALL_KINDS])
    form.show_note(
        "对所选人员名下符合条件的证件一并办理,在一个事务中保存:任一证件不能办理时全部不保存。"
    )
    return form.run(lambda: (Event(form.text("event")), form.text("kind")))
