"""The roster list, its counts, the year's figures and export loading, computed in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import from_iso
from desktop_app.domain.personnel import (
    CERTIFICATE_KINDS,
    DISPLAY_STATUSES,
    EXPIRED,
    HELD_STATUSES,
    LEFT_STATUSES,
    WARNINGS,
    CertWarning,
    Event,
    PersonnelRules,
    YearCounts,
)
from desktop_app.domain.personnel_notice import NoticeItem, renewal_action
from desktop_app.storage.personnel.rows import certificate_from_row
from desktop_app.storage.query import PagedQuery, like_pattern
from desktop_app.storage.settings import read_training_rules

if TYPE_CHECKING:
    from desktop_app.storage.database import Reader

ANY_WARNING = "任一预警"
NO_CERTIFICATE = "无证件"
SHORT_HOURS = "学时不足"
CONDITIONS = (
    ANY_WARNING,
    CertWarning.SHOULD_CANCEL.value,
    CertWarning.EXPIRED.value,
    CertWarning.EXPIRING.value,
    CertWarning.REVIEW_DUE.value,
    NO_CERTIFICATE,
    SHORT_HOURS,
)


def _min_hours(db: Reader) -> float:
    """The yearly minimum of training hours for enforcement staff (a training setting)."""
    return float(read_training_rules(db).min_hours)


def year_hours_sql(year: int) -> str:
    """SQL: the training hours credited to person ``p`` in ``year``."""
    return (
        "(SELECT COALESCE(SUM(a.hours), 0) FROM training_attendance a"
        " JOIN training_sessions s ON s.id = a.session_id WHERE a.person_id = p.id"
        f" AND s.date >= '{year:04d}-01-01' AND s.date < '{year + 1:04d}-01-01')"
    )


def short_hours_sql(today: date, minimum: float) -> str:
    """SQL condition: holds a valid certificate and is below the year's minimum hours."""
    return (
        "(p.id IN (SELECT person_id FROM certificates WHERE status = '有效'"
        f" AND valid_until >= '{today.isoformat()}')"
        f" AND {year_hours_sql(today.year)} < {minimum:g})"
    )


def _sql_list(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


_LEFT = _sql_list(LEFT_STATUSES)
_HELD = _sql_list(HELD_STATUSES)


@dataclass
class RosterFilter:
    """What the clerk narrowed the roster to."""

    text: str = ""
    unit: str = ""
    department: str = ""
    status: str = ""  # person status
    kind: str = ""  # certificate kind
    cert_status: str = ""  # 有效 / 已过期 / 暂扣 / 注销 / 转出
    condition: str = ""  # one of CONDITIONS
    within_days: int | None = None  # window of 即将到期; the lead days when None


def _sets(today: date, rules: PersonnelRules, within: int | None = None) -> dict[str, str]:
    """SQL conditions on persons ``p``, one per warning, exclusive in order of urgency.

    Each matches exactly the persons whose roster warning it is (``within`` widens or
    narrows the 即将到期 window only). The sub-selects are uncorrelated: evaluated once.
    """
    t = today.isoformat()
    lead = (today + timedelta(days=rules.lead_days)).isoformat()
    near = lead if within is None else (today + timedelta(days=within)).isoformat()
    valid = "SELECT person_id FROM certificates WHERE status = '有效' AND "
    expired = f"p.id IN ({valid}valid_until < '{t}')"
    expiring = f"p.id IN ({valid}valid_until >= '{t}' AND valid_until <= '{{}}')"
    serving = f"p.status NOT IN {_LEFT}"
    return {
        CertWarning.SHOULD_CANCEL: (
            f"p.status IN {_LEFT} AND p.id IN"
            f" (SELECT person_id FROM certificates WHERE status IN {_HELD})"
        ),
        CertWarning.EXPIRED: f"{serving} AND {expired}",
        CertWarning.EXPIRING: f"{serving} AND {expiring.format(near)} AND NOT {expired}",
        CertWarning.REVIEW_DUE: (
            f"{serving} AND p.id IN ({valid}valid_until >= '{t}' AND review_due <= '{lead}')"
            f" AND NOT {expired} AND NOT {expiring.format(lead)}"
        ),
    }


def _status_sql(status: str, today: date) -> tuple[str, list[Any]]:
    t = today.isoformat()
    if status == EXPIRED:
        return f"status = '有效' AND valid_until < '{t}'", []
    if status == "有效":
        return f"status = '有效' AND valid_until >= '{t}'", []
    return "status = ?", [status]


def _where(
    flt: RosterFilter, today: date, rules: PersonnelRules, min_hours: float = 0
) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    if flt.text.strip():
        where.append("p.search_text LIKE ? ESCAPE '\\'")
        params.append(like_pattern(flt.text.strip()))
    for column, value in (("unit", flt.unit), ("department", flt.department)):
        if value:
            where.append(f"p.{column} = ?")
            params.append(value)
    if flt.status:
        where.append("p.status = ?")
        params.append(flt.status)
    if flt.kind or flt.cert_status:
        conditions, values = ["1"], []
        if flt.kind:
            conditions.append("kind = ?")
            values.append(flt.kind)
        if flt.cert_status:
            sql, extra = _status_sql(flt.cert_status, today)
            conditions.append(sql)
            values += extra
        where.append(
            f"p.id IN (SELECT person_id FROM certificates WHERE {' AND '.join(conditions)})"
        )
        params += values
    if flt.condition == NO_CERTIFICATE:
        where.append(f"p.id NOT IN (SELECT person_id FROM certificates WHERE status IN {_HELD})")
    elif flt.condition == SHORT_HOURS:
        where.append(short_hours_sql(today, min_hours))
    elif flt.condition == ANY_WARNING:
        near = (today + timedelta(days=rules.lead_days)).isoformat()
        where.append(
            f"({_sets(today, rules)[CertWarning.SHOULD_CANCEL]}) OR (p.status NOT IN {_LEFT}"
            " AND p.id IN (SELECT person_id FROM certificates WHERE status = '有效'"
            f" AND (valid_until <= '{near}' OR review_due <= '{near}')))"
        )
    elif flt.condition:
        within = flt.within_days if flt.condition == CertWarning.EXPIRING else None
        where.append(_sets(today, rules, within)[CertWarning(flt.condition)])
    return where, params


_CERTIFICATES_SQL = (
    "(SELECT group_concat(CASE c.kind WHEN '行政执法监督证' THEN '监督证' ELSE '执法证' END"
    " || ' ' || c.number || CASE c.status WHEN '暂扣' THEN '(暂扣)' ELSE '' END, ';')"
    f" FROM certificates c WHERE c.person_id = p.id AND c.status IN {_HELD})"
)
_VALID_UNTIL_SQL = (
    "(SELECT min(c.valid_until) FROM certificates c WHERE c.person_id = p.id AND c.status = '有效')"
)


def person_warning_sql(today: date, rules: PersonnelRules) -> str:
    """Correlated SQL giving one person's most urgent warning, as ``worst_warning`` does."""
    t = today.isoformat()
    near = (today + timedelta(days=rules.lead_days)).isoformat()
    valid = "min(CASE WHEN c.status = '有效' THEN c.{} END)"
    return (
        "(SELECT CASE WHEN count(*) = 0 THEN ''"
        f" WHEN p.status IN {_LEFT} THEN '{CertWarning.SHOULD_CANCEL.value}'"
        f" WHEN {valid.format('valid_until')} < '{t}' THEN '{CertWarning.EXPIRED.value}'"
        f" WHEN {valid.format('valid_until')} <= '{near}' THEN '{CertWarning.EXPIRING.value}'"
        f" WHEN {valid.format('review_due')} <= '{near}' THEN '{CertWarning.REVIEW_DUE.value}'"
        f" ELSE '' END FROM certificates c WHERE c.person_id = p.id AND c.status IN {_HELD})"
    )


@dataclass
class RosterQuery(PagedQuery):
    """A PagedQuery that sorts and pages on ids first, then computes columns for one page.

    SQLite computes every result column of every row it sorts; the certificate columns
    and the warning are correlated subqueries, so they are evaluated for the page only.
    """

    def fetch(
        self, offset: int, limit: int, sort_key: str | None = None, descending: bool = False
    ) -> list[dict[str, Any]]:
        """One page of rows as dicts."""
        sql = (
            f"SELECT {self.id_column} FROM {self.source}{self._where_sql()}"
            f"{self.order_sql(sort_key, descending)} LIMIT ? OFFSET ?"
        )
        ids = [r[0] for r in self.db.execute(sql, [*self.params, limit, offset]).fetchall()]
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        cursor = self.db.execute(
            f"SELECT {self.columns} FROM {self.source} WHERE {self.id_column} IN ({marks})", ids
        )
        names = [d[0] for d in cursor.description]
        rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
        return [rows[i] for i in ids]


def roster_query(db: Reader, flt: RosterFilter, today: date, rules: PersonnelRules) -> PagedQuery:
    """The roster for the page: one row per person, filtered in SQL and fetched by pages."""
    minimum = _min_hours(db)
    where, params = _where(flt, today, rules, minimum)
    warning = person_warning_sql(today, rules)
    hours = year_hours_sql(today.year)
    year_hours = (
        f"CASE WHEN {short_hours_sql(today, minimum)}"
        f" THEN printf('%g / %g 不足', {hours}, {minimum:g}) ELSE printf('%g', {hours}) END"
    )
    columns = (
        "p.id AS id, p.name, p.gender, p.id_number, p.unit, p.department, p.post,"
        f" p.employment_type, p.status, {_CERTIFICATES_SQL} AS certificates,"
        f" {_VALID_UNTIL_SQL} AS valid_until, {warning} AS warning, {year_hours} AS year_hours"
    )
    sortable = {
        key: f"p.{key}"
        for key in ("name", "gender", "id_number", "unit", "department", "post", "status")
    }
    sortable["employment_type"] = "p.employment_type"
    ranks = " ".join(
        f"WHEN '{w.value}' THEN {len(WARNINGS) - i}" for i, w in enumerate(CertWarning) if w.value
    )
    sortable.update(
        certificates=_CERTIFICATES_SQL,
        valid_until=_VALID_UNTIL_SQL,
        warning=f"CASE {warning} {ranks} ELSE 0 END",  # by urgency
    )
    return RosterQuery(
        db,
        columns,
        "persons p",
        where,
        params,
        sortable,
        "p.status != '在职', p.unit, p.department, p.name",
        id_column="p.id",
    )


@dataclass
class RosterSummary:
    """The counts line: persons, holders by kind and status, warnings, the year's figures."""

    persons: int = 0
    holders: int = 0
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    warnings: dict[str, int] = field(default_factory=dict)
    year: YearCounts = field(default_factory=lambda: YearCounts(date.today().year))

    def text(self) -> str:
        """The line shown under the roster."""
        kinds = []
        for kind, counts in self.by_kind.items():
            shown = "、".join(f"{s} {n}" for s, n in counts.items() if n)
            if shown:
                kinds.append(f"{kind}({shown})")
        warned = "、".join(f"{w} {n} 人" for w, n in self.warnings.items() if n)
        return "\n".join(
            [
                f"共 {self.persons} 人,持有效证件 {self.holders} 人;" + ";".join(kinds),
                f"预警:{warned}" if warned else "预警:无",
                self.year.text(),
            ]
        )


def _summary_sql(where: list[str], today: date, rules: PersonnelRules, year: int) -> str:
    """One statement: the filtered persons and their certificates, materialised once."""
    t = today.isoformat()
    near = (today + timedelta(days=rules.lead_days)).isoformat()
    where_sql = f" WHERE {' AND '.join(f'({w})' for w in where)}" if where else ""
    valid = "min(CASE WHEN status = '有效' THEN {} END)"
    return f"""
        WITH f AS MATERIALIZED (SELECT p.id, p.status FROM persons p{where_sql}),
        c AS MATERIALIZED (
            SELECT c.person_id, c.kind, c.status, c.valid_until, c.review_due,
                f.status AS person_status
            FROM certificates c JOIN f ON f.id = c.person_id)
        SELECT 'persons', '', count(*) FROM f
        UNION ALL SELECT 'holders', '', count(DISTINCT person_id) FROM c
            WHERE status = '有效' AND valid_until >= '{t}'
        UNION ALL SELECT 'kind', kind || '|' || CASE WHEN status = '有效'
            AND valid_until < '{t}' THEN '{EXPIRED}' ELSE status END, count(*) FROM c GROUP BY 2
        UNION ALL SELECT 'warning', w, count(*) FROM (
            SELECT CASE WHEN person_status IN {_LEFT} THEN '{CertWarning.SHOULD_CANCEL.value}'
                WHEN {valid.format("valid_until")} < '{t}' THEN '{CertWarning.EXPIRED.value}'
                WHEN {valid.format("valid_until")} <= '{near}' THEN '{CertWarning.EXPIRING.value}'
                WHEN {valid.format("review_due")} <= '{near}' THEN '{CertWarning.REVIEW_DUE.value}'
                ELSE '' END AS w
            FROM c WHERE status IN {_HELD} GROUP BY person_id) GROUP BY w
        UNION ALL SELECT 'year', event, CASE WHEN event = '{Event.TRANSFER.value}'
            THEN count(DISTINCT person_id) ELSE count(*) END FROM certificate_events
            WHERE date >= '{year:04d}-01-01' AND date <= '{year:04d}-12-31'
            AND person_id IN (SELECT id FROM f) GROUP BY event
    """


def summary(
    db: Reader, flt: RosterFilter, today: date, rules: PersonnelRules, year: int
) -> RosterSummary:
    """Counts over the filtered roster, in one SQL statement."""
    where, params = _where(flt, today, rules, _min_hours(db))
    result = RosterSummary()
    result.by_kind = {k: dict.fromkeys(DISPLAY_STATUSES, 0) for k in CERTIFICATE_KINDS}
    result.warnings = {w.value: 0 for w in CertWarning if w.value}
    events: dict[str, int] = {}
    for part, key, count in db.execute(_summary_sql(where, today, rules, year), params):
        if part == "persons":
            result.persons = count
        elif part == "holders":
            result.holders = count
        elif part == "kind":
            kind, shown = key.split("|", 1)
            result.by_kind.setdefault(kind, dict.fromkeys(DISPLAY_STATUSES, 0))[shown] = count
        elif part == "warning" and key:
            result.warnings[key] = count
        elif part == "year":
            events[key] = count
    result.year = YearCounts(
        year,
        new=events.get(Event.NEW.value, 0),
        renewed=events.get(Event.RENEW.value, 0),
        cancelled=events.get(Event.CANCEL.value, 0),
        transferred_persons=events.get(Event.TRANSFER.value, 0),
        reviewed=events.get(Event.REVIEW.value, 0),
        suspended=events.get(Event.SUSPEND.value, 0),
    )
    return result


def year_counts(db: Reader, year: int) -> YearCounts:
    """新办 / 换证 / 注销 certificates and persons transferred out in a calendar year."""
    sql = (
        "SELECT sum(event = '新办'), sum(event = '换证'), sum(event = '注销'),"
        " count(DISTINCT CASE WHEN event = '转出' THEN person_id END),"
        " sum(event = '年审'), sum(event = '暂扣')"
        " FROM certificate_events WHERE date >= ? AND date <= ?"
    )
    values = [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    row = [v or 0 for v in db.execute(sql, values).fetchone()]
    return YearCounts(year, *row)


def distinct_values(db: Reader, column: str) -> list[str]:
    """Units or departments seen in the roster (for the filter drop-downs)."""
    if column not in ("unit", "department", "post"):
        raise ValueError(column)
    sql = f"SELECT DISTINCT {column} FROM persons WHERE {column} != '' ORDER BY {column}"
    return [r[0] for r in db.execute(sql).fetchall()]


def distinct_certificate_values(db: Reader, column: str) -> list[str]:
    """Enforcement categories or issuing authorities already used, most used first."""
    if column not in ("category", "authority"):
        raise ValueError(column)
    sql = (
        f"SELECT {column} FROM certificates WHERE {column} != ''"
        f" GROUP BY {column} ORDER BY count(*) DESC, {column} LIMIT 50"
    )
    return [r[0] for r in db.execute(sql).fetchall()]


def _rows(db: Reader, sql: str, params: list) -> Iterator[dict[str, Any]]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    for row in cursor:
        yield dict(zip(names, row, strict=True))


def ledger_count(db: Reader, year: int) -> int:
    """How many certificate rows the ledger of ``year`` will hold."""
    return db.execute(
        f"SELECT count(*) FROM certificates c WHERE {_LEDGER_WHERE}", [f"{year:04d}-01-01"]
    ).fetchone()[0]


_LEDGER_WHERE = (
    f"c.status IN {_HELD} OR c.id IN (SELECT certificate_id FROM certificate_events"
    " WHERE event IN ('注销', '转出') AND date >= ?)"
)


def load_ledger(db: Reader, year: int) -> Iterator[dict[str, Any]]:
    """Ledger rows: held certificates and those ended since the year began, with holders."""
    sql = (
        "SELECT p.name, p.gender, p.id_number, p.unit, p.department, p.post,"
        " p.employment_type, p.status AS person_status, c.kind, c.number, c.category,"
        " c.authority, c.issue_date, c.valid_until, c.status, c.last_review, c.review_due,"
        " c.notes,"
        f" CASE WHEN c.status IN {_HELD} THEN NULL ELSE (SELECT e.date || ' ' || e.event"
        " || CASE WHEN e.reason != '' THEN ':' || e.reason ELSE '' END"
        " FROM certificate_events e WHERE e.certificate_id = c.id"
        " AND e.event IN ('注销', '转出') ORDER BY e.date DESC, e.id DESC LIMIT 1) END AS ended"
        " FROM certificates c JOIN persons p ON p.id = c.person_id"
        f" WHERE {_LEDGER_WHERE} ORDER BY p.unit, p.department, p.name, p.id, c.kind, c.id"
    )
    yield from _rows(db, sql, [f"{year:04d}-01-01"])


def load_notice_items(db: Reader, today: date, within_days: int) -> list[NoticeItem]:
    """Holders in service whose valid certificate expires or is due for review in the window."""
    near = (today + timedelta(days=within_days)).isoformat()
    sql = (
        "SELECT c.*, p.name, p.unit, p.department FROM certificates c"
        " JOIN persons p ON p.id = c.person_id"
        f" WHERE c.status = '有效' AND p.status NOT IN {_LEFT}"
        " AND (c.valid_until <= ? OR c.review_due <= ?)"
        " ORDER BY p.unit, p.department, c.valid_until, p.name, c.id"
    )
    items = []
    for row in _rows(db, sql, [near, near]):
        cert = certificate_from_row(row)
        action, deadline = renewal_action(cert, today, within_days)
        if action:
            items.append(
                NoticeItem(
                    row["name"],
                    row["unit"],
                    row["department"],
                    cert.kind,
                    cert.number,
                    from_iso(row["valid_until"]),
                    action,
                    deadline,
                )
            )
    return items
