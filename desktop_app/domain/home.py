"""The home page's figures and reminders (首页): what is due today, as one digest.

Tiles are counts with where they lead (a register's list with its filters); reminders are
one list sorted by urgency, each opening its record or list. Reminders of dates (the annual
report's, the last backup's) are worked out here from the day; the counts come from SQL
(``storage/home.py``). Nothing here pops up: the page shows the digest once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

BACKUP_WARN_DAYS = 7  # a backup older than this is a reminder
# The annual rule-of-law report of the year before: reported by 1 March, published by 1 April.
REPORT_BY = (3, 1)
PUBLISH_BY = (4, 1)
# Ranks of reminders: the higher, the more urgent; within a rank the earlier date first.
RANK_OVERDUE, RANK_CANCEL, RANK_EXPIRED, RANK_DEADLINE = 90, 85, 80, 75
RANK_STALLED, RANK_BACKUP, RANK_EXPIRING, RANK_REPORT = 60, 55, 50, 45
RANK_NEAR, RANK_REVIEW, RANK_RECHECK, RANK_HOURS, RANK_INFO = 40, 35, 30, 25, 10


@dataclass(frozen=True)
class Target:
    """Where a tile or reminder leads: a page, its filters, and a record to select."""

    page: str  # a register key ("rectification", "personnel", "training"), or ""
    filters: dict[str, Any] = field(default_factory=dict)
    record: int | None = None  # a problem, person or session id to select
    measure: int | None = None  # a measure of the problem to select in its pane
    action: str = ""  # another action of the home page ("backup", "annual")

    def __hash__(self) -> int:
        """Targets are compared by value (filters are a small dict)."""
        return hash((self.page, tuple(sorted(self.filters.items())), self.record, self.measure))


@dataclass(frozen=True)
class Tile:
    """One figure of a register: its value, a line under it and where a click leads."""

    key: str
    title: str
    value: str
    note: str = ""
    target: Target = field(default_factory=lambda: Target(""))
    alert: bool = False  # drawn in the warning colour when it needs attention


@dataclass(frozen=True)
class Reminder:
    """One line of the digest."""

    rank: int
    text: str
    target: Target
    when: date | None = None
    kind: str = ""  # 逾期 / 滞后 / 临期 / 证件 / 报告 / 备份 …

    def sort_key(self) -> tuple[int, date]:
        """Most urgent first, then the earliest date."""
        return -self.rank, self.when or date.max


def sort_reminders(reminders: list[Reminder]) -> list[Reminder]:
    """The digest's order: by rank, then date, then text."""
    return sorted(reminders, key=lambda r: (*r.sort_key(), r.text))


def days_left_in_year(today: date) -> int:
    """Days from ``today`` to the 31 December of its year, that day excluded."""
    return (date(today.year, 12, 31) - today).days


def annual_report_reminders(today: date) -> list[Reminder]:
    """The report on last year (due 1 March) and its publication (due 1 April), from 1 Jan."""
    year = today.year - 1
    found = []
    for (month, day), what in ((REPORT_BY, "报送"), (PUBLISH_BY, "公开")):
        deadline = date(today.year, month, day)
        if today > deadline:
            continue
        left = (deadline - today).days
        rank = RANK_DEADLINE if left <= 15 else RANK_INFO
        text = f"{year}年度法治政府建设年度报告应于{month}月{day}日前{what}(还有 {left} 天)" + (
            "" if what == "公开" else ",可先导出年度法治工作数据"
        )
        found.append(Reminder(rank, text, Target("", action="annual"), deadline, "年度报告"))
        break  # the next deadline only
    return found


def backup_reminder(last_backup: datetime | None, today: date) -> Reminder | None:
    """A reminder when the newest backup is more than a week old (or there is none)."""
    if last_backup is None:
        text = "尚无任何备份,建议立即备份(文件 → 备份数据库或备份到U盘)"
        return Reminder(RANK_BACKUP, text, Target("", action="backup"), None, "备份")
    age = (today - last_backup.date()).days
    if age <= BACKUP_WARN_DAYS:
        return None
    text = f"最近一次备份是 {age} 天前({last_backup:%Y-%m-%d}),建议立即备份"
    return Reminder(RANK_BACKUP, text, Target("", action="backup"), last_backup.date(), "备份")


def plural_days(days: int) -> str:
    """ "还有 5 天" / "今天到期" / "已逾期 3 天"."""
    if days > 0:
        return f"还有 {days} 天"
    if days == 0:
        return "今天到期"
    return f"已逾期 {-days} 天"
