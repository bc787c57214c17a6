"""Ledger columns that several registers' workbooks share, so that they read alike."""

from __future__ import annotations

from desktop_app.formats.xlsx_ledger import LedgerColumn

SEQ = LedgerColumn("序号", 6, "int")
ITEM = LedgerColumn("项目", 30, wrap=True)  # a summary sheet's line
NOTE = LedgerColumn("说明", 60, wrap=True)


def org_columns(unit_width: float = 18) -> tuple[LedgerColumn, ...]:
    """A person's 单位, 处室 and 职务, wrapped, as every ledger of persons shows them."""
    return (
        LedgerColumn("单位", unit_width, wrap=True),
        LedgerColumn("处室", 14, wrap=True),
        LedgerColumn("职务", 12, wrap=True),
    )
