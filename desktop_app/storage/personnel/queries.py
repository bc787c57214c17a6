"""The roster list, its counts, the year's figures and export loading, computed in SQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from desktop_app.domain.personnel import (
    CERTIFICATE_KINDS,
    DISPLAY_STATUSES,
    EXPIRED,
    LEFT_STATUSES,
    WARNINGS,
    Certificate,
    CertificateEvent,
    CertificateStatus,
    CertWarning,
    Event,
    Person,
    PersonnelRules,
    QualificationExam,
    YearCounts,
)
from desktop_app.domain.personnel_notice import NoticeItem, renewal_need
from desktop_app.storage.personnel.rows import (
    certificate_from_row,
    event_from_row,
    exam_from_row,
    person_from_row,
)
from desktop_app.storage.personnel.rules_sql import (
    HELD_SQL,
    LEFT_SQL,
    CertificateRules,
    expired_sql,
    in_force_sql,
    shown_status_sql,
)
from desktop_app.storage.query import PagedQuery, equal_to, records_of, where_sql
from desktop_app.storage.remembered import remembered
from desktop_app.storage.rows import get_row, iter_rows
from desktop_app.storage.settings import read_setting, read_training_rules
from desktop_app.storage.text_search import TextColumns, TextSearch
from desktop_app.storage.training.rules_sql import credited_hours_sql, required_sql, shortfall_sql

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
# The roster's search text and its trigram index (migration 0005).
ROSTER_TEXT = TextColumns("persons", ("search_text",))


def _min_hours(db: Reader) -> float:
    """The yearly minimum of training hours for enforcement staff (a training setting)."""
    return float(read_training_rules(db).min_hours)


def short_hours_sql(today: date, minimum: float) -> str:
    """SQL condition: person ``p`` must reach ``minimum`` hours this year and has not yet."""
    hours = credited_hours_sql(today.year)
    return f"({shortfall_sql(hours, minimum, required_sql('p'))} > 0)"


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


def _cert_status_sql(status: str, today: date) -> tuple[str, list[Any]]:
    """SQL condition on certificate ``c``: its shown status is ``status``."""
    if status == EXPIRED:
        return expired_sql(today), []
    if status == CertificateStatus.VALID.value:
        return in_force_sql(today), []
    return "c.status = ?", [status]


def _where(
    flt: RosterFilter, today: date, rules: PersonnelRules, min_hours: float = 0
) -> tuple[list[str], list]:
    """Conditions on persons ``p`` of every filter but the search text (see ``_search``)."""
    where, params = equal_to(
        (("p.unit", flt.unit), ("p.department", flt.department), ("p.status", flt.status))
    )
    if flt.kind or flt.cert_status:
        conditions, values = ["1"], []
        if flt.kind:
            conditions.append("c.kind = ?")
            values.append(flt.kind)
        if flt.cert_status:
            sql, extra = _cert_status_sql(flt.cert_status, today)
            conditions.append(sql)
            values += extra
        where.append(
            f"p.id IN (SELECT c.person_id FROM certificates c WHERE {' AND '.join(conditions)})"
        )
        params += values
    warnings = CertificateRules(today, rules)
    if flt.condition == NO_CERTIFICATE:
        where.append(
            f"p.id NOT IN (SELECT c.person_id FROM certificates c WHERE c.status IN {HELD_SQL})"
        )
    elif flt.condition == SHORT_HOURS:
        where.append(short_hours_sql(today, min_hours))
    elif flt.condition == ANY_WARNING:
        where.append(warnings.person_has_any())
    elif flt.condition:
        warning = CertWarning(flt.condition)
        within = flt.within_days if warning == CertWarning.EXPIRING else None
        where.append(warnings.person_has(warning, within=within))
    return where, params


def _search(flt: RosterFilter) -> TextSearch | None:
    """The search box: persons whose search text holds the typed words."""
    return ROSTER_TEXT.search(flt.text, "p.id", "p")


_CERTIFICATES_SQL = (
    "(SELECT group_concat(CASE c.kind WHEN '行政执法监督证' THEN '监督证' ELSE '执法证' END"
    " || ' ' || c.number || CASE c.status WHEN '暂扣' THEN '(暂扣)' ELSE '' END, ';')"
    f" FROM certificates c WHERE c.person_id = p.id AND c.status IN {HELD_SQL})"
)
_VALID_UNTIL_SQL = (
    "(SELECT min(c.valid_until) FROM certificates c WHERE c.person_id = p.id AND c.status = '有效')"
)
# The roster's order (the index persons_roster_order of migration 0005 holds it).
ROSTER_ORDER = "p.status != '在职', p.unit, p.department, p.name"


def roster_query(db: Reader, flt: RosterFilter, today: date, rules: PersonnelRules) -> PagedQuery:
    """The roster for the page: one row per person, filtered in SQL and fetched by pages."""
    minimum = _min_hours(db)
    where, params = _where(flt, today, rules, minimum)
    warning = CertificateRules(today, rules).person_warning_sql()
    # The year's hours, computed once per row: h (rounded) and whether p must reach them.
    short = f"{shortfall_sql('h', minimum, 'required')} > 0"
    year_hours = (
        f"(SELECT CASE WHEN {short} THEN printf('%g / %g 不足', h, {minimum:g})"
        f" ELSE printf('%g', h) END FROM (SELECT {credited_hours_sql(today.year)} AS h,"
        f" {required_sql('p')} AS required))"
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
    # The certificate columns and the warning are correlated subqueries: computed for the
    # rows of a page only (ids_first).
    return PagedQuery(
        db,
        columns,
        "persons p",
        where,
        params,
        sortable,
        ROSTER_ORDER,
        id_column="p.id",
        search=_search(flt),
        ids_first=True,
        walk_ids=True,  # persons_roster_order holds the ids
    )


# The year's figures: the field of YearCounts and the event it counts (转出: persons).
_YEAR_EVENTS = (
    ("new", Event.NEW.value),
    ("renewed", Event.RENEW.value),
    ("cancelled", Event.CANCEL.value),
    ("transferred_persons", Event.TRANSFER.value),
    ("reviewed", Event.REVIEW.value),
    ("suspended", Event.SUSPEND.value),
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


# One person's part of the counts line: warning, holder, the certificates by (kind, shown
# status) and the year's events by event (see ``_profiles``).
Profile = tuple[str, int, tuple[tuple[tuple[str, str], int], ...], tuple[tuple[str, int], ...]]


@dataclass
class RosterProfiles:
    """Every person's part of the counts line, computed once until the data change.

    Persons share few profiles: the counts of any set of persons add up the profiles of
    its members, so a search counts the persons it found without reading certificates.
    """

    # Person id -> index in ``profiles`` (None: no such person). A list rather than a
    # dict: a search counts tens of thousands of ids, and a list is read several times faster.
    of: list[int | None]
    profiles: list[Profile]
    everyone: Counter[int]  # how many persons have each profile

    def counts(self, ids: Iterable[int]) -> Counter[int]:
        """How many of the persons ``ids`` have each profile."""
        counted: Counter[int] = Counter(map(self.of.__getitem__, ids))  # type: ignore[arg-type]
        if None in counted:
            raise KeyError("a person not among the profiles")
        return counted


def _profile_sql(today: date, rules: PersonnelRules) -> str:
    """Per person with certificates: warning, holder, and each certificate's kind and shown
    status (joined by U+001F, in no particular order)."""
    warnings = CertificateRules(today, rules)
    return f"""
        WITH c AS MATERIALIZED (
            SELECT c.person_id, c.kind, c.status, c.valid_until, c.review_due,
                {shown_status_sql(today)} AS shown, p.status AS person_status
            FROM certificates c JOIN persons p ON p.id = c.person_id)
        SELECT c.person_id, {warnings.person_case("c.person_status")},
            max(c.shown = '{CertificateStatus.VALID.value}'),
            group_concat(c.kind || '|' || c.shown, char(31))
        FROM c GROUP BY c.person_id
    """


# Per person: the events of a year (a certificate once per event, 转出 the person once).
_EVENTS_SQL = f"""
    SELECT person_id, event, count(DISTINCT CASE WHEN event = '{Event.TRANSFER.value}'
        THEN person_id ELSE coalesce(certificate_id, -id) END)
    FROM certificate_events WHERE date >= ? AND date <= ? GROUP BY person_id, event
"""


def _counted(pairs: str) -> tuple[tuple[tuple[str, str], int], ...]:
    """``kind|shown`` pairs joined by U+001F, counted, in order."""
    counts = Counter(tuple(pair.split("|", 1)) for pair in pairs.split("\x1f"))
    return tuple(sorted((cast("tuple[str, str]", pair), n) for pair, n in counts.items()))


def _profiles(db: Reader, today: date, rules: PersonnelRules, year: int) -> RosterProfiles:
    """Every person's profile (see ``RosterProfiles``), read in three statements.

    A certificate's events are its holder's, so the events of a set of persons add up.
    """
    held: dict[int, tuple[str, int, tuple[tuple[tuple[str, str], int], ...]]] = {}
    counted: dict[str, tuple[tuple[tuple[str, str], int], ...]] = {}  # few distinct lists
    for person_id, warning, holder, pairs in db.execute(_profile_sql(today, rules)):
        kinds = counted.get(pairs)
        if kinds is None:
            kinds = counted[pairs] = _counted(pairs)
        held[person_id] = (warning or "", int(holder), kinds)
    happened: dict[int, list[tuple[str, int]]] = {}
    bounds = [f"{year:04d}-01-01", f"{year:04d}-12-31"]
    for person_id, event, count in db.execute(_EVENTS_SQL, bounds):
        happened.setdefault(person_id, []).append((event, int(count)))
    index: dict[Profile, int] = {}
    numbers: dict[int, int] = {}
    nothing = ("", 0, ())
    for (person_id,) in db.execute("SELECT id FROM persons"):
        events = tuple(sorted(happened[person_id])) if person_id in happened else ()
        numbers[person_id] = index.setdefault((*held.get(person_id, nothing), events), len(index))
    of: list[int | None] = [None] * (max(numbers, default=0) + 1)
    for person_id, number in numbers.items():
        of[person_id] = number
    return RosterProfiles(of, list(index), Counter(numbers.values()))


def _add_up(profiles: RosterProfiles, counts: Counter[int], year: int) -> RosterSummary:
    """The counts line of persons whose profiles are counted in ``counts``."""
    result = RosterSummary(
        by_kind={k: dict.fromkeys(DISPLAY_STATUSES, 0) for k in CERTIFICATE_KINDS},
        warnings={w.value: 0 for w in CertWarning if w.value},
    )
    events: Counter[str] = Counter()
    for number, n in counts.items():
        warning, holder, kinds, happened = profiles.profiles[number]
        result.persons += n
        result.holders += holder * n
        if warning:
            result.warnings[warning] = result.warnings.get(warning, 0) + n
        for (kind, shown), k in kinds:
            statuses = result.by_kind.setdefault(kind, dict.fromkeys(DISPLAY_STATUSES, 0))
            statuses[shown] = statuses.get(shown, 0) + k * n
        for event, k in happened:
            events[event] += k * n
    result.year = YearCounts(year, **{name: events[e] for name, e in _YEAR_EVENTS})
    return result


def summary(
    db: Reader, flt: RosterFilter, today: date, rules: PersonnelRules, year: int
) -> RosterSummary:
    """Counts over the filtered roster (the count with them), added up from the persons'
    profiles: a search reads the ids it finds, not their certificates."""
    key = ("roster profiles", today, rules, year)
    profiles = remembered(db, key, lambda: _profiles(db, today, rules, year))
    where, params = _where(flt, today, rules, _min_hours(db))
    search = _search(flt)
    if where:
        condition, values = where_sql(where, params, search, db=db)
        ids = [r[0] for r in db.execute(f"SELECT p.id FROM persons p{condition}", values)]
        return _add_up(profiles, profiles.counts(ids), year)
    if search is None:
        return _add_up(profiles, profiles.everyone, year)
    found = search.found(db)
    counts = profiles.counts(found.ids)
    return _add_up(profiles, profiles.everyone - counts if found.without else counts, year)


CERTIFICATE_SORT = {
    key: key
    for key in (
        "kind",
        "number",
        "category",
        "authority",
        "issue_date",
        "valid_until",
        "last_review",
        "review_due",
    )
}
CERTIFICATE_SORT.update(shown_status="status", warning="status")


def certificate_query(
    db: Reader, person_id: int, person_status: str, today: date, rules: PersonnelRules
) -> PagedQuery:
    """The certificates of one person, with the shown status and warning computed in SQL."""
    left = LEFT_STATUSES[0] if person_status in LEFT_STATUSES else ""  # a constant in SQL
    warning = CertificateRules(today, rules).certificate_case(f"'{left}'")
    columns = (
        "id, kind, number, category, authority, issue_date, valid_until, status, last_review,"
        f" review_due, {shown_status_sql(today)} AS shown_status, {warning} AS warning"
    )
    return PagedQuery(
        db,
        columns,
        "certificates c",
        ["person_id = ?"],
        [person_id],
        CERTIFICATE_SORT,
        f"status NOT IN {HELD_SQL}, kind, issue_date DESC",
    )


def year_counts(db: Reader, year: int) -> YearCounts:
    """新办 / 换证 / 注销 / 年审 / 暂扣 certificates (each once, however many events) and persons
    transferred out in a calendar year."""

    def certificates(event: str) -> str:  # the certificates an event befell, each once
        return f"count(DISTINCT CASE WHEN event = '{event}' THEN coalesce(certificate_id, -id) END)"

    sql = (
        f"SELECT {certificates('新办')}, {certificates('换证')}, {certificates('注销')},"
        " count(DISTINCT CASE WHEN event = '转出' THEN person_id END),"
        f" {certificates('年审')}, {certificates('暂扣')}"
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


def ledger_count(db: Reader, year: int) -> int:
    """How many certificate rows the ledger of ``year`` will hold."""
    return db.execute(
        f"SELECT count(*) FROM certificates c WHERE {_LEDGER_WHERE}", [f"{year:04d}-01-01"]
    ).fetchone()[0]


_LEDGER_WHERE = (
    f"c.status IN {HELD_SQL} OR c.id IN (SELECT certificate_id FROM certificate_events"
    " WHERE event IN ('注销', '转出') AND date >= ?)"
)


def load_ledger(db: Reader, year: int) -> Iterator[dict[str, Any]]:
    """Ledger rows: held certificates and those ended since the year began, with holders."""
    sql = (
        "SELECT p.name, p.gender, p.id_number, p.unit, p.department, p.post,"
        " p.employment_type, p.status AS person_status, c.kind, c.number, c.category,"
        " c.authority, c.issue_date, c.valid_until, c.status, c.last_review, c.review_due,"
        " c.notes,"
        f" CASE WHEN c.status IN {HELD_SQL} THEN NULL ELSE (SELECT e.date || ' ' || e.event"
        " || CASE WHEN e.reason != '' THEN ':' || e.reason ELSE '' END"
        " FROM certificate_events e WHERE e.certificate_id = c.id"
        " AND e.event IN ('注销', '转出') ORDER BY e.date DESC, e.id DESC LIMIT 1) END AS ended"
        " FROM certificates c JOIN persons p ON p.id = c.person_id"
        f" WHERE {_LEDGER_WHERE} ORDER BY p.unit, p.department, p.name, p.id, c.kind, c.id"
    )
    yield from iter_rows(db, sql, [f"{year:04d}-01-01"])


def load_notice_items(db: Reader, today: date, within_days: int) -> list[NoticeItem]:
    """Holders in service whose valid certificate expires or is due for review in the window."""
    near = (today + timedelta(days=within_days)).isoformat()
    sql = (
        "SELECT c.*, p.name, p.unit, p.department FROM certificates c"
        " JOIN persons p ON p.id = c.person_id"
        f" WHERE c.status = '有效' AND p.status NOT IN {LEFT_SQL}"
        " AND (c.valid_until <= ? OR c.review_due <= ?)"
        " ORDER BY p.unit, p.department, c.valid_until, p.name, c.id"
    )
    items = []
    lead = int(read_setting(db, "personnel.renewal_lead_days"))
    for row in iter_rows(db, sql, [near, near]):
        cert = certificate_from_row(row)
        need = renewal_need(cert, today, within_days, lead)
        if need:
            category, action, deadline = need
            items.append(
                NoticeItem(
                    row["name"],
                    row["unit"],
                    row["department"],
                    cert.kind,
                    cert.number,
                    date.fromisoformat(row["valid_until"]),  # NOT NULL
                    action,
                    deadline,
                    category,
                )
            )
    return items


# -- one person's records (the detail pane reads these on the GUI connection) --------------
def get_person(db: Reader, person_id: int) -> Person:
    """One person; UserError when gone."""
    return person_from_row(get_row(db, "persons", person_id, f"人员不存在或已被删除(#{person_id})"))


def get_certificate(db: Reader, certificate_id: int) -> Certificate:
    """One certificate; UserError when gone."""
    missing = f"证件不存在或已被删除(#{certificate_id})"
    return certificate_from_row(get_row(db, "certificates", certificate_id, missing))


NEWEST_FIRST = "date DESC, id DESC"


def certificates_of(db: Reader, person_id: int) -> list[Certificate]:
    """A person's certificates, held ones first."""
    held_first = "status NOT IN ('有效', '暂扣'), kind, issue_date DESC, id DESC"
    return records_of(
        db, "certificates", ("person_id", person_id), certificate_from_row, held_first
    )


def events_of_person(db: Reader, person_id: int) -> list[CertificateEvent]:
    """All lifecycle events of a person's certificates, newest first."""
    return records_of(
        db, "certificate_events", ("person_id", person_id), event_from_row, NEWEST_FIRST
    )


def exams_of(db: Reader, person_id: int) -> list[QualificationExam]:
    """A person's exams, newest first."""
    return records_of(
        db, "qualification_exams", ("person_id", person_id), exam_from_row, NEWEST_FIRST
    )
