"""A problem's warning counting its measures, in SQL: the twin of ``domain.escalation``.

The 三色督办 rule of one item is ``rules_sql.warning_sql``, written once; here it is applied
to a problem and to each of its measures. A problem *carries* a warning when it or any of
its measures has it (the 预警 filter), and *shows* the most urgent one (the list's column,
``domain.escalation.most_urgent``). The SQL reads the table ``problems`` unaliased, as the
problem list does.
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.escalation import URGENCY, urgency_rank
from desktop_app.domain.rectification import Alert, Status, WarningRules
from desktop_app.storage.rectification.rules_sql import warning_sql


def rank_sql(warning: str) -> str:
    """SQL: the urgency (3 逾期, 2 滞后, 1 临期, 0 none) of a warning expression."""
    whens = " ".join(f"WHEN '{a.value}' THEN {urgency_rank(a)}" for a in URGENCY)
    return f"(CASE {warning} {whens} ELSE 0 END)"


def _of_rank(rank: str) -> str:
    whens = " ".join(f"WHEN {urgency_rank(a)} THEN '{a.value}'" for a in URGENCY)
    return f"(CASE {rank} {whens} ELSE '' END)"


def measures_rank_sql(today: date, rules: WarningRules) -> str:
    """Correlated SQL: the most urgent rank among the measures of the row's problem."""
    return (
        f"(SELECT max({rank_sql(warning_sql(today, rules, 'm.'))}) FROM measures m"
        " WHERE m.problem_id = problems.id)"
    )


def shown_warning_sql(today: date, rules: WarningRules) -> str:
    """SQL: the most urgent warning of the problem and its measures ('' for none)."""
    own = rank_sql(warning_sql(today, rules))
    return _of_rank(f"max({own}, COALESCE({measures_rank_sql(today, rules)}, 0))")


# A completed item carries no warning (the rule's first case): only the others are read,
# through the index measures_open (migration 0010).
NOT_DONE_SQL = "(" + ", ".join(f"'{s.value}'" for s in Status if s != Status.COMPLETED) + ")"


def _measured(condition: str) -> str:
    """SQL condition: some measure of the problem meets ``condition`` (on measures ``m``)."""
    return (
        "id IN (SELECT m.problem_id FROM measures m"
        f" WHERE m.status IN {NOT_DONE_SQL} AND {condition})"
    )


def carries_sql(warning: Alert | str, today: date, rules: WarningRules) -> str:
    """SQL condition: the problem or one of its measures carries ``warning``."""
    value = Alert(warning).value
    own, measure = warning_sql(today, rules), warning_sql(today, rules, "m.")
    in_measures = _measured(f"({measure}) = '{value}'")
    return f"(({own}) = '{value}' OR {in_measures})"


def carries_any_sql(today: date, rules: WarningRules) -> str:
    """SQL condition: the problem or one of its measures carries some warning."""
    own, measure = warning_sql(today, rules), warning_sql(today, rules, "m.")
    in_measures = _measured(f"({measure}) != ''")
    return f"(({own}) != '' OR {in_measures})"
