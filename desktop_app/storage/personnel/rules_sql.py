"""The certificate warnings in SQL, once: the twin of ``domain.personnel``'s rules.

``certificate_warning`` (one certificate), ``worst_warning`` (a person's row) and
``effective_status`` (已过期) say the same in Python. Each warning is one condition on one
certificate; a person's warning is the first, in order of urgency, that any of their
certificates raises. The roster column, its filters, the counts line and the certificate
list all derive their SQL from these conditions; tests/storage/test_rules_parity.py checks
them against the domain at the boundaries. Dates are ISO text: text order is date order.
"""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.domain.personnel import (
    EXPIRED,
    HELD_STATUSES,
    LEFT_STATUSES,
    CertificateStatus,
    CertWarning,
    PersonnelRules,
)

_VALID = CertificateStatus.VALID.value
LEFT_SQL = "(" + ", ".join(f"'{s}'" for s in LEFT_STATUSES) + ")"
HELD_SQL = "(" + ", ".join(f"'{s}'" for s in HELD_STATUSES) + ")"
# In order of urgency: a person's warning is the first one any certificate raises.
URGENCY = tuple(w for w in CertWarning if w.value)


def expired_sql(today: date, c: str = "c") -> str:
    """SQL condition: certificate ``c`` is valid but past its date (已过期)."""
    return f"({c}.status = '{_VALID}' AND {c}.valid_until < '{today.isoformat()}')"


def shown_status_sql(today: date, c: str = "c") -> str:
    """SQL: the status shown for certificate ``c``, as ``effective_status`` gives it."""
    return f"CASE WHEN {expired_sql(today, c)} THEN '{EXPIRED}' ELSE {c}.status END"


def in_force_sql(today: date, c: str = "c") -> str:
    """SQL condition: certificate ``c`` is valid and not past its date."""
    return f"({c}.status = '{_VALID}' AND {c}.valid_until >= '{today.isoformat()}')"


class CertificateRules:
    """The warning conditions on one day under one set of rules."""

    def __init__(self, today: date, rules: PersonnelRules) -> None:
        self.today = today
        self.lead_days = rules.lead_days

    def _date(self, days: int = 0) -> str:
        return (self.today + timedelta(days=days)).isoformat()

    def raises(self, warning: CertWarning, c: str = "c", within: int | None = None) -> str:
        """SQL condition: certificate ``c`` raises ``warning`` (for a person in service).

        应注销 is any held certificate (of a person who has left: see ``_for_person``);
        ``within`` days replace the lead days of 即将到期 (the roster's "within N days").
        """
        t, near = self._date(), self._date(self.lead_days)
        valid = f"{c}.status = '{_VALID}'"
        if warning == CertWarning.SHOULD_CANCEL:
            return f"({c}.status IN {HELD_SQL})"
        if warning == CertWarning.EXPIRED:
            return expired_sql(self.today, c)
        if warning == CertWarning.EXPIRING:
            until = near if within is None else self._date(within)
            return f"({valid} AND {c}.valid_until >= '{t}' AND {c}.valid_until <= '{until}')"
        # 年审到期: unless the expiry itself is near (the more urgent warning).
        return f"({valid} AND {c}.valid_until > '{near}' AND {c}.review_due <= '{near}')"

    @staticmethod
    def _for_person(warning: CertWarning, person_status: str, raised: str) -> str:
        """A certificate's condition as the person's: 应注销 only, once the person has left."""
        left = f"{person_status} IN {LEFT_SQL}"
        return f"({'' if warning == CertWarning.SHOULD_CANCEL else 'NOT '}{left} AND {raised})"

    def rank_sql(self, person_status: str, c: str = "c") -> str:
        """SQL: the urgency of certificate ``c``'s warning (1 = 应注销 … 4 = 年审到期; NULL).

        ``person_status`` is an SQL expression of the holder's status.
        """
        cancel, *others = URGENCY
        left = f"{person_status} IN {LEFT_SQL}"
        whens = " ".join(
            f"WHEN {self.raises(w, c)} THEN {rank}" for rank, w in enumerate(others, 2)
        )
        return f"CASE WHEN {left} THEN CASE WHEN {self.raises(cancel, c)} THEN 1 END {whens} END"

    @staticmethod
    def warning_of(rank: str) -> str:
        """SQL: the warning an urgency (``rank_sql``) stands for; '' for none."""
        whens = " ".join(f"WHEN {rank} THEN '{w.value}'" for rank, w in enumerate(URGENCY, 1))
        return f"CASE {rank} {whens} ELSE '' END"

    def certificate_case(self, person_status: str, c: str = "c") -> str:
        """SQL: certificate ``c``'s warning for a person of ``person_status`` (SQL)."""
        return self.warning_of(self.rank_sql(person_status, c))

    def person_case(self, person_status: str, c: str = "c") -> str:
        """SQL aggregate over one person's certificates ``c``: their most urgent warning.

        That is ``worst_warning`` of the certificates' warnings.
        """
        return self.warning_of(f"min({self.rank_sql(person_status, c)})")

    def person_warning_sql(self, p: str = "p") -> str:
        """Correlated SQL: person ``p``'s warning (cheap for the rows of one page)."""
        return (
            f"(SELECT {self.person_case(f'{p}.status')}"
            f" FROM certificates c WHERE c.person_id = {p}.id)"
        )

    def _someone(self, warning: CertWarning, p: str, within: int | None = None) -> str:
        """Uncorrelated SQL condition: a certificate of person ``p`` raises ``warning``."""
        raised = self.raises(warning, "c", within)
        having = f"{p}.id IN (SELECT c.person_id FROM certificates c WHERE {raised})"
        return self._for_person(warning, f"{p}.status", having)

    def person_has(self, warning: CertWarning, p: str = "p", within: int | None = None) -> str:
        """SQL condition: ``warning`` is person ``p``'s warning (a filter of the roster).

        The more urgent warnings are excluded; 应注销 needs no test, "in service" does it.
        """
        earlier = URGENCY[1 : URGENCY.index(warning)] if warning in URGENCY[1:] else ()
        tests = [
            self._someone(warning, p, within),
            *(f"NOT {self._someone(w, p)}" for w in earlier),
        ]
        return " AND ".join(tests)

    def person_has_any(self, p: str = "p") -> str:
        """SQL condition: person ``p`` has some warning."""
        return "(" + " OR ".join(self._someone(w, p) for w in URGENCY) + ")"
