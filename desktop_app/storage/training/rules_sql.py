"""The yearly training-hours rule in SQL, once: the twin of the domain's rule.

``domain.training.training_required`` and ``hours_shortfall`` say the same in Python.
The roster (学时不足, 本年学时), the per-person list, the yearly figures and the ledger
build their shortfall from here; tests/storage/test_rules_parity.py checks both agree.
Numbers put into the SQL text are validated floats (``float()`` of the setting).
"""

from __future__ import annotations

from desktop_app.domain.personnel import HELD_STATUSES, PersonStatus

_HELD = ", ".join(f"'{s}'" for s in HELD_STATUSES)


def holder_sql(person: str = "p") -> str:
    """SQL condition: the person holds a certificate (有效 or 暂扣)."""
    return (
        "EXISTS (SELECT 1 FROM certificates c"
        f" WHERE c.person_id = {person}.id AND c.status IN ({_HELD}))"
    )


def required_sql(person: str = "p") -> str:
    """SQL condition: the person must reach the yearly minimum (``training_required``)."""
    return f"({person}.status = '{PersonStatus.ACTIVE.value}' AND {holder_sql(person)})"


def credited_hours_sql(year: int, person: str = "p") -> str:
    """SQL: one person's training hours in ``year``, rounded to one decimal (correlated)."""
    start, end = f"{int(year):04d}-01-01", f"{int(year) + 1:04d}-01-01"
    return (
        "ROUND(COALESCE((SELECT SUM(a.hours) FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id"
        f" WHERE a.person_id = {person}.id AND s.date >= '{start}' AND s.date < '{end}'), 0), 1)"
    )


def shortfall_sql(hours: str, minimum: float, required: str) -> str:
    """SQL: hours lacking of ``minimum`` (0 when enough or not required), as ``hours_shortfall``.

    ``hours`` is an SQL expression of the year's hours already rounded to one decimal.
    """
    least = float(minimum)
    return (
        f"(CASE WHEN {required} AND {hours} < {least!r}"
        f" THEN ROUND({least!r} - {hours}, 1) ELSE 0 END)"
    )
