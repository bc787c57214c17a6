"""Ledger columns that several registers' workbooks share, so that they read alike."""

from __future__ import annotations

import re

from desktop_app.domain.typography import typeset
from desktop_app.formats.xlsx_ledger import LedgerColumn

SEQ = LedgerColumn("序号", 5.5, "int")
ITEM = LedgerColumn("项目", 30, wrap=True)  # a summary sheet's line
NOTE = LedgerColumn("说明", 60, wrap=True)
# A space beside a Chinese character or mark: the page's lines set numbers apart, a
# sentence for a report does not.
_SPACE_BESIDE_CHINESE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")


def org_columns(unit_width: float = 14) -> tuple[LedgerColumn, ...]:
    """A person's 单位, 处室 and 职务, wrapped, as every ledger of persons shows them."""
    return (
        LedgerColumn("单位", unit_width, wrap=True),
        LedgerColumn("处室", 8.4, wrap=True),
        LedgerColumn("职务", 8.4, wrap=True),
    )


def chinese_sentence(text: str) -> str:
    """A line of figures as a report sentence: no spaces around the numbers, full-width marks
    between Chinese characters (共组织学法培训 8 次(… → 共组织学法培训8次（…)."""
    return typeset(_SPACE_BESIDE_CHINESE.sub("", text))
