"""The 三色督办 rule in SQL, once: the twin of ``domain.rectification.warning_for``.

Every query that shows, filters or counts a warning builds it from here; the parity test
(tests/storage/test_rules_parity.py) checks it against the domain at the boundaries.
Dates are ISO text, so comparing them as text compares the days.
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.rectification import Alert, Status, WarningRules

OPEN_SQL = f"('{Status.NOT_STARTED.value}', '{Status.IN_PROGRESS.value}')"


def overdue_sql(today: date, prefix: str = "") -> str:
    """SQL condition: open and past the deadline (the red of 三色督办)."""
    return f"({prefix}status IN {OPEN_SQL} AND {prefix}deadline < '{today.isoformat()}')"


def warning_sql(today: date, rules: WarningRules, prefix: str = "") -> str:
    """SQL CASE giving 逾期 / 滞后 / 临期 / '' exactly as ``warning_for`` does.

    The last activity is the last progress date, or the creation date when none.
    """
    p = prefix
    stall = (today - timedelta(days=rules.stall_days)).isoformat()
    near = (today + timedelta(days=rules.lead_days)).isoformat()
    return (
        f"CASE WHEN {p}status = '{Status.COMPLETED.value}' THEN ''"
        f" WHEN {overdue_sql(today, p)} THEN '{Alert.OVERDUE.value}'"
        f" WHEN COALESCE({p}last_progress, substr({p}created_at, 1, 10)) < '{stall}'"
        f" THEN '{Alert.STALLED.value}'"
        f" WHEN {p}status IN {OPEN_SQL} AND {p}deadline <= '{near}' THEN '{Alert.NEAR.value}'"
        " ELSE '' END"
    )
