"""The home page's tiles: each register's group, and each tile's key and title, named once.

The page lays the tiles out from this table before the first read, so the window paints
without the digest and what it reads (``digest``, ``loader``, ``storage.home``: loaded once
the window is up); ``digest`` fills them with their figures under the same titles.
"""

from __future__ import annotations

from desktop_app.domain.personnel import CertWarning

# (register, group title, tiles per row, {tile key: title}); "{year}" is the year shown.
GROUPS: tuple[tuple[str, str, int, dict[str, str]], ...] = (
    (
        "rectification",
        "整改台账",
        4,
        {
            "open": "未完成问题",
            "overdue": "逾期",
            "near": "临期",
            "stalled": "滞后",
            "rate": "完成率",
            "reports": "整改报告到期",
            "repeats": "疑似屡查屡犯",
        },
    ),
    (
        "personnel",
        "执法人员",
        5,
        {
            "valid": "有效证件",
            "expired": CertWarning.EXPIRED.value,
            "expiring": CertWarning.EXPIRING.value,
            "review": CertWarning.REVIEW_DUE.value,
            "cancel": CertWarning.SHOULD_CANCEL.value,
        },
    ),
    (
        "training",
        "学法培训",
        3,
        {"sessions": "{year}年学法培训", "hours": "累计学时", "short": "学时不足"},
    ),
)


def tile_title(key: str, year: int) -> str:
    """The title of tile ``key`` in ``year``."""
    return next(tiles[key] for *_, tiles in GROUPS if key in tiles).format(year=year)
