"""Every list's search at its fastest still shows what a plain LIKE over its rows shows.

The roster's counts line is added up from per-person profiles and the lists reuse one LIKE
pass per search (``storage/query.py``): here each is compared with the plain SQL it
replaces, on the demo data and on changes to it.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.personnel import (
    CERTIFICATE_KINDS,
    DISPLAY_STATUSES,
    Certificate,
    CertificateStatus,
    CertWarning,
    Event,
    PersonnelRules,
    YearCounts,
)
from desktop_app.storage.personnel import queries as personnel
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.personnel.rules_sql import CertificateRules, shown_status_sql
from desktop_app.storage.query import like_pattern
from desktop_app.storage.training import queries as training
from tests.storage.list_orders import every_order

TODAY = date(2025, 3, 10)
RULES = PersonnelRules()
EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PEOPLE = ("name", "unit", "department", "post")


def _reference_sql(where: str, today: date, rules: PersonnelRules, year: int) -> str:
    """The counts line in one statement over the filtered persons (as it was computed
    before the profiles)."""
    warnings = CertificateRules(today, rules)
    return f"""
        WITH f AS MATERIALIZED (SELECT p.id, p.status FROM persons p{where}),
        c AS MATERIALIZED (
            SELECT c.person_id, c.kind, c.status, c.valid_until, c.review_due,
                {shown_status_sql(today)} AS shown, f.status AS person_status
            FROM f JOIN certificates c ON c.person_id = f.id),
        per AS MATERIALIZED (
            SELECT {warnings.person_case("c.person_status")} AS w,
                max(c.shown = '{CertificateStatus.VALID.value}') AS holder
            FROM c GROUP BY c.person_id)
        SELECT 'persons', '', count(*) FROM f
        UNION ALL SELECT 'holders', '', total(holder) FROM per
        UNION ALL SELECT 'kind', kind || '|' || shown, count(*) FROM c GROUP BY 2
        UNION ALL SELECT 'warning', w, count(*) FROM per GROUP BY w
        UNION ALL SELECT 'year', event, count(DISTINCT CASE WHEN event = '{Event.TRANSFER.value}'
            THEN person_id ELSE coalesce(certificate_id, -id) END) FROM certificate_events
            WHERE date >= '{year:04d}-01-01' AND date <= '{year:04d}-12-31'
            AND +person_id IN (SELECT id FROM f) GROUP BY event
    """


def _reference(db, flt: personnel.RosterFilter, year: int) -> personnel.RosterSummary:
    """The counts line of the persons whose search text holds the words, by plain LIKE."""
    where, params = personnel._where(flt, TODAY, RULES)
    if flt.text.strip():
        where.append("p.search_text LIKE ? ESCAPE '\\'")
        params.append(like_pattern(flt.text.strip()))
    condition = f" WHERE {' AND '.join(f'({w})' for w in where)}" if where else ""
    result = personnel.RosterSummary(
        by_kind={k: dict.fromkeys(DISPLAY_STATUSES, 0) for k in CERTIFICATE_KINDS},
        warnings={w.value: 0 for w in CertWarning if w.value},
    )
    events: dict[str, int] = {}
    for part, key, count in db.execute(_reference_sql(condition, TODAY, RULES, year), params):
        count = int(count)
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
    fields = {name: events.get(event, 0) for name, event in personnel._YEAR_EVENTS}
    result.year = YearCounts(year, **fields)
    return result


def _pieces(db, sql: str) -> st.SearchStrategy[str]:
    """Words cut from the texts ``sql`` gives (1 to 4 characters), and a few others."""
    texts = [t for (t,) in db.execute(sql) if t]
    cut = st.tuples(st.sampled_from(texts), st.integers(0, 40), st.integers(1, 4)).map(
        lambda t: t[0][t[1] : t[1] + t[2]]
    )
    return st.one_of(cut, st.sampled_from(["科", "局", "zz", "执法", "X", "0"]))


def test_the_roster_counts_line_is_that_of_the_persons_found(demo_db) -> None:
    db = demo_db
    words = _pieces(db, "SELECT search_text FROM persons")

    @EXAMPLES
    @given(
        words,
        st.sampled_from(["", "在职", "调离"]),
        st.sampled_from(["", personnel.ANY_WARNING, CertWarning.EXPIRING.value]),
        st.sampled_from([TODAY.year, TODAY.year - 1]),
    )
    def check(word: str, status: str, condition: str, year: int) -> None:
        flt = personnel.RosterFilter(text=word, status=status, condition=condition)
        found = personnel.summary(db, flt, TODAY, RULES, year)
        assert found == _reference(db, flt, year), word
        paged = personnel.roster_query(db, flt, TODAY, RULES)
        assert paged.count() == found.persons

    check()


def test_the_counts_line_follows_writes(demo_db) -> None:
    """The profiles are remembered until the data change: a new certificate, a
    cancellation, a renamed unit show at once."""
    db = demo_db
    repo = PersonnelRepo(db)
    person = db.execute("SELECT id FROM persons WHERE status = '在职' LIMIT 1").fetchone()[0]
    flt = personnel.RosterFilter(text="科")
    before = personnel.summary(db, flt, TODAY, RULES, TODAY.year)
    assert before == _reference(db, flt, TODAY.year)
    repo.issue_certificate(
        Certificate(
            person_id=person,
            number="T20250001",
            issue_date=TODAY - timedelta(days=30),
            valid_until=TODAY + timedelta(days=10),
        ),
        allow_employment=True,
    )
    db.execute("UPDATE persons SET unit = '科技局' || unit, search_text = '科' || search_text")
    after = personnel.summary(db, flt, TODAY, RULES, TODAY.year)
    assert after == _reference(db, flt, TODAY.year) != before


def test_one_sessions_search_pages_are_its_like_rows_in_order(demo_db) -> None:
    """Walked by unit and department (common words) or found then sorted (rare ones,
    the index's): the rows of plain LIKE over name, unit, department and post, in order."""
    db = demo_db
    session = db.execute(
        "SELECT session_id FROM training_attendance GROUP BY session_id ORDER BY count(*) DESC"
    ).fetchone()[0]
    texts = "SELECT name || unit || department || post FROM persons"
    samples = [t for (t,) in db.execute(texts)]
    words = {"科", "局", "zz", samples[0][:2], samples[-1][-3:], samples[len(samples) // 2][:4]}
    for word in words:
        flt = training.AttendanceFilter(session_id=session, text=word)
        paged = training.attendance_query(db, flt)
        tests = " OR ".join(f"p.{c} LIKE ? ESCAPE '\\'" for c in PEOPLE)
        sql = f"SELECT a.id FROM {training.ATTENDANCE_SOURCE} WHERE a.session_id = ? AND ({tests})"
        params = [session, *[like_pattern(word)] * len(PEOPLE)]
        for key, descending, expected in every_order(
            db, paged, (None, "status", "name"), sql, params
        ):
            assert paged.count() == len(expected), word
            rows = paged.fetch(0, 30, key, descending) + paged.fetch(30, 1000, key, descending)
            assert [r["id"] for r in rows] == expected, (word, key, descending)


def test_a_search_is_one_until_its_words_change(db) -> None:
    """The count, the summary and the pages of one search share its LIKE pass; other
    words, or none, start another."""
    first = personnel.ROSTER_TEXT.search("科", "p.id", "p")
    assert personnel.ROSTER_TEXT.search(" 科 ", "p.id", "p") is first
    assert personnel.ROSTER_TEXT.search("局", "p.id", "p") is not first
    again = personnel.ROSTER_TEXT.search("科", "p.id", "p")
    assert again is not first
    assert personnel.ROSTER_TEXT.search("", "p.id", "p") is None
    assert personnel.ROSTER_TEXT.search("科", "p.id", "p") is not again
    search = personnel.ROSTER_TEXT.search("科", "p.id", "p")
    assert search is not None and search.found(db).count == 0
    stamp = "2025-01-02 09:00:00"
    db["persons"].insert(
        {"name": "科员", "search_text": "科员", "created_at": stamp, "updated_at": stamp}
    )
    assert search.found(db).count == 1  # the data changed: found again


def _common_pieces(db, sql: str, length: int) -> list[str]:
    """Pieces of ``length`` characters of the texts ``sql`` gives, found in 10% to 50% of
    them (words whose page walks the list's order), most common first."""
    texts = [t for (t,) in db.execute(sql) if t]
    counts: dict[str, int] = {}
    for text in texts:
        for piece in {text[i : i + length] for i in range(len(text) - length + 1)}:
            counts[piece] = counts.get(piece, 0) + 1
    common = sorted(
        (p for p, n in counts.items() if 0.1 < n / len(texts) <= 0.5 and "\n" not in p),
        key=lambda p: -counts[p],
    )
    return [p for p in common if p.isalpha()][:2] + common[:1]  # Chinese, and digits


def test_a_roster_walk_of_a_common_long_word_shows_its_like_rows(demo_db) -> None:
    """A common word of three characters or more walks the roster's order testing the
    ids the trigram index found: the rows of plain LIKE, in every order, and its count."""
    db = demo_db
    words = _common_pieces(db, "SELECT search_text FROM persons", 3)
    assert words
    for word in words:
        paged = personnel.roster_query(db, personnel.RosterFilter(text=word), TODAY, RULES)
        assert paged.search is not None and paged.search.common(db)
        sql = "SELECT p.id FROM persons p WHERE p.search_text LIKE ? ESCAPE '\\'"
        for key, descending, expected in every_order(
            db, paged, (None, "name", "unit"), sql, [like_pattern(word)]
        ):
            assert paged.count() == len(expected), word
            rows = paged.fetch(0, 30, key, descending) + paged.fetch(30, 100_000, key, descending)
            assert [r["id"] for r in rows] == expected, (word, key, descending)


def test_a_first_page_walked_with_like_stops_at_its_budget(db) -> None:
    """A common short word's first page is walked testing LIKE; when its rows all lie at
    the end of the list's order the walk spends its budget and the found ids are walked:
    the same rows either way, in order."""
    stamp = "2025-01-02 09:00:00"
    rows = []
    for n in range(3000):
        unit = f"单位{n % 30:02d}"
        mark = ("龘" if n % 30 >= 27 else "") + ("麤" if n % 10 == 3 else "")
        rows.append((f"人{n}", unit, f"人{n}{unit}{mark}", stamp, stamp))
    db.conn.executemany(
        "INSERT INTO persons (name, unit, search_text, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?)",
        rows,
    )
    for word, walked in (("龘", False), ("麤", True)):  # the last units' tenth, every tenth
        paged = personnel.roster_query(db, personnel.RosterFilter(text=word), TODAY, RULES)
        assert paged.count() == 300
        assert (paged._first_page_by_like(20, None, False) is not None) == walked, word
        sql = "SELECT p.id FROM persons p WHERE p.search_text LIKE ? ESCAPE '\\'"
        for key, descending, expected in every_order(
            db, paged, (None, "name"), sql, [like_pattern(word)]
        ):
            found = paged.fetch(0, 20, key, descending) + paged.fetch(20, 1000, key, descending)
            assert [r["id"] for r in found] == expected, (word, key, descending)
