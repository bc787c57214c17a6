"""The one text search of every list: same answers as LIKE, an index kept in step, fast plans.

The trigram index (words of 3+ characters) and LIKE (shorter words) must find exactly the
rows ``column LIKE '%words%'`` finds: ASCII letters in any case, other letters as typed,
``%`` ``_`` ``\\`` and quotes literally, the typed words as one string.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.domain.personnel import PersonnelRules
from desktop_app.domain.rectification import Inspection, Measure, Problem, WarningRules
from desktop_app.domain.training import TrainingRules, TrainingSession
from desktop_app.storage import query, text_search
from desktop_app.storage.database import connect, open_database
from desktop_app.storage.personnel import queries as personnel
from desktop_app.storage.query import like_pattern
from desktop_app.storage.rectification import queries as rectification
from desktop_app.storage.training import queries as training
from desktop_app.storage.training.repo import TrainingRepo
from tests.storage.list_orders import every_order

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = date(2025, 3, 10)
STAMP = "2025-01-02 09:00:00"
RULES = WarningRules()
# Letters with and without case (the Kelvin sign and the long s fold to ASCII in the
# index but not in LIKE), Chinese, rare and astral characters, LIKE's and FTS5's signs.
ALPHABET = "aAkK\u212a\u017fsSéÉ中文法治执 %_\\\"'😀𠀀Ａａ-"
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
texts = st.text(ALPHABET, min_size=0, max_size=12)


def _like(db, table: str, columns: tuple[str, ...], word: str) -> set[int]:
    """The ids ``column LIKE '%word%'`` finds (what every list found before the index)."""
    tests = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns)
    sql = f"SELECT id FROM {table} WHERE {tests}"
    return {r[0] for r in db.execute(sql, [like_pattern(word.strip())] * len(columns))}


def _ids(paged) -> set[int]:
    rows = paged.fetch(0, 1000)
    assert paged.count() == len(rows)
    return {r["id"] for r in rows}


@st.composite
def documents_and_words(draw) -> tuple[list[list[str]], list[str]]:
    """Rows of five texts, and words: pieces of them (of every length) and anything."""
    rows = draw(st.lists(st.lists(texts, min_size=5, max_size=5), min_size=1, max_size=8))
    words = []
    for _ in range(6):
        text = draw(st.sampled_from([t for row in rows for t in row]))
        start = draw(st.integers(0, len(text)))
        words.append(text[start : draw(st.integers(start, len(text)))])
    words += draw(st.lists(texts, min_size=1, max_size=4))
    return rows, [w for w in words if w.strip()]


def test_every_list_finds_what_like_finds(db) -> None:
    inspection = db["inspections"].insert(
        {"name": "搜索", "created_at": STAMP, "updated_at": STAMP}
    )
    inspection_id = inspection.last_pk

    @EXAMPLES
    @given(documents_and_words())
    def check(case: tuple[list[list[str]], list[str]]) -> None:
        rows, words = case
        for table in ("training_attendance", "training_sessions", "problems", "persons"):
            db.execute(f"DELETE FROM {table}")
        for text, name, unit, department, post in rows:
            values = {"created_at": STAMP, "updated_at": STAMP}
            db["problems"].insert(
                {"inspection_id": inspection_id, "description": "问题", "search_text": text}
                | values
            )
            person = (
                db["persons"]
                .insert(
                    {"name": name, "unit": unit, "department": department, "post": post}
                    | {"search_text": text, "status": "在职"}
                    | values
                )
                .last_pk
            )
            session = (
                db["training_sessions"]
                .insert(
                    {"date": "2025-01-01", "title": "学法", "kind": "专题讲座", "hours": 1}
                    | {"search_text": text}
                    | values
                )
                .last_pk
            )
            db["training_attendance"].insert({"session_id": session, "person_id": person} | values)
            last_session = session
        people = ("name", "unit", "department", "post")
        for word in words:
            flt = rectification.ProblemFilter(text=word)
            problems = rectification.problem_query(db, flt, TODAY, RULES)
            assert _ids(problems) == _like(db, "problems", ("search_text",), word), word
            assert rectification.summary(db, flt, TODAY, RULES).problems == problems.count()
            roster = personnel.roster_query(
                db, personnel.RosterFilter(text=word), TODAY, PersonnelRules()
            )
            assert _ids(roster) == _like(db, "persons", ("search_text",), word), word
            sessions = training.session_query(db, training.SessionFilter(text=word))
            assert _ids(sessions) == _like(db, "training_sessions", ("search_text",), word)
            persons = _like(db, "persons", people, word)
            for session_id in (None, last_session):  # a year's list, one session's list
                flt_a = training.AttendanceFilter(session_id=session_id, text=word)
                found = training.attendance_query(db, flt_a).fetch(0, 1000)
                expected = {
                    p
                    for p in persons
                    if session_id is None
                    or db.execute(
                        "SELECT 1 FROM training_attendance WHERE session_id = ? AND person_id = ?",
                        [session_id, p],
                    ).fetchone()
                }
                assert {r["person_id"] for r in found} == expected, word
            picked = training.person_pick_query(db, word)
            assert _ids(picked) == persons
            yearly = training.person_year_query(db, 2025, TrainingRules(), text=word)
            assert _ids(yearly) == _like(db, "persons", ("name", "unit", "department"), word)

    check()


def test_the_index_follows_every_write(db, repo) -> None:
    """Added, changed and deleted records are found, or not, at once (triggers)."""
    inspection = repo.add_inspection(Inspection(name="依法行政专项巡察"))
    first = repo.add_problem(Problem(description="执法案卷评查不规范", inspection_id=inspection))
    second = repo.add_problem(Problem(description="档案归档不及时", inspection_id=inspection))

    def found(word: str) -> set[int]:
        flt = rectification.ProblemFilter(text=word)
        return _ids(rectification.problem_query(db, flt, TODAY, RULES))

    assert found("案卷评查") == {first} and found("归档不") == {second}
    repo.add_measure(Measure(content="建立联合执法制度", problem_id=second))  # new search text
    assert found("联合执法") == {second}
    problem = repo.get_problem(first)
    problem.description = "行政处罚裁量基准未细化"
    repo.update_problem(problem)
    assert found("案卷评查") == set() and found("裁量基准") == {first}
    repo.delete_problem(second)
    assert found("联合执法") == set() and found("归档不") == set()
    session = TrainingRepo(db).add_session(
        TrainingSession(title="行政复议法专题讲座", date=date(2025, 3, 1), kind="专题讲座", hours=2)
    )
    assert _ids(training.session_query(db, training.SessionFilter(text="复议法"))) == {session}
    TrainingRepo(db).delete_session(session)
    assert _ids(training.session_query(db, training.SessionFilter(text="复议法"))) == set()


def test_an_upgraded_file_is_indexed_for_its_existing_records(tmp_path: Path) -> None:
    """The search migrations index what the file held (the fixture predates them)."""
    copy = tmp_path / "schema_0003_training.db"
    shutil.copyfile(FIXTURES / copy.name, copy)
    db = open_database(copy, backup_dir=tmp_path / "backups")
    try:
        flt = rectification.ProblemFilter(text="生僻字𠀀")
        assert _ids(rectification.problem_query(db, flt, TODAY, RULES)) == {2}
        found = personnel.roster_query(
            db, personnel.RosterFilter(text="执法乙𠀀"), TODAY, PersonnelRules()
        )
        assert [r["name"] for r in found.fetch(0, 10)] == ["执法乙𠀀"]
        sessions = training.session_query(db, training.SessionFilter(text="在线学法考试"))
        assert sessions.count() == 1
        picked = training.person_pick_query(db, "科学技术局")
        assert picked.count() == 2
    finally:
        db.close()


def test_pages_of_common_and_rare_words_are_in_the_list_order(demo_db) -> None:
    """Whatever the plan (walk the order, or find then sort), the same rows in order."""
    db = demo_db
    for word in ("整改", "法", "习近平", "第一责任人", "销号"):
        flt = rectification.ProblemFilter(text=word)
        paged = rectification.problem_query(db, flt, TODAY, RULES)
        keys = (None, "deadline", "status", "description")
        sql = "SELECT id FROM problems WHERE search_text LIKE ? ESCAPE '\\'"
        params = [like_pattern(word)]
        for key, descending, expected in every_order(
            db, paged, keys, sql, params, " LIMIT 50 OFFSET 10"
        ):
            assert [r["id"] for r in paged.fetch(10, 50, key, descending)] == expected


def test_totals_of_a_common_word_are_its_own_and_follow_changes(db_path: Path) -> None:
    """Counted over the rows without the word, the totals are those of the rows with it;
    what is remembered is forgotten when this or another connection writes."""
    db = open_database(db_path)
    other = connect(db_path)
    try:
        inspection = db["inspections"].insert(
            {"name": "多", "created_at": STAMP, "updated_at": STAMP}
        )
        rows = [
            {
                "inspection_id": inspection.last_pk,
                "description": "问题",
                "search_text": "整改措施" if n % 10 else "其他",
                "status": ("未启动", "整改中", "已完成", "长期坚持")[n % 4],
                "measure_count": n % 3,
                "deadline": "2025-01-01" if n % 7 else None,
                "created_at": STAMP,
                "updated_at": STAMP,
            }
            for n in range(300)
        ]
        db["problems"].insert_all(rows)

        def direct(word: str) -> rectification.Summary:
            everyone = rectification.summary(db, rectification.ProblemFilter(), TODAY, RULES)
            assert everyone.problems == db.execute("SELECT count(*) FROM problems").fetchone()[0]
            flt = rectification.ProblemFilter(text=word)
            search = rectification.PROBLEM_TEXT.search(word, "id")
            assert search is not None and search.share(db) > query.MOSTLY_SHARE
            where, params = query.where_sql([], [], search)
            row = db.execute(
                "SELECT count(*), total(measure_count) FROM problems" + where, params
            ).fetchone()
            found = rectification.summary(db, flt, TODAY, RULES)
            assert (found.problems, found.measures) == (row[0], int(row[1]))
            return found

        for word in ("整改", "整改措施"):  # LIKE, the index
            found = direct(word)
            assert found.problems == 270
            statuses = db.execute(
                "SELECT count(*) FILTER (WHERE status = '已完成'),"
                " count(*) FILTER (WHERE status = '长期坚持') FROM problems"
                " WHERE search_text LIKE '%整改%'"
            ).fetchone()
            assert (found.completed, found.long_term) == statuses
        other.execute("UPDATE problems SET search_text = '其他' WHERE id <= 30")
        other.conn.commit()
        assert direct("整改措施").problems == 243  # another connection's commit
        db.execute("DELETE FROM problems WHERE id > 290")
        assert direct("整改措施").problems == 234  # this connection's own write
    finally:
        other.close()
        db.close()


@pytest.mark.parametrize("word", ["", "   "])
def test_blank_words_search_nothing(db, word: str) -> None:
    assert rectification.PROBLEM_TEXT.search(word, "id") is None


def test_words_go_to_the_index_as_one_literal_phrase() -> None:
    assert text_search.match_phrase('案"卷 AND 评*', ("search_text",)) == (
        '{search_text} : "案""卷 AND 评*"'
    )


def test_the_index_is_not_a_copy_of_the_text(db) -> None:
    """Contentless: the text lives in its table only (the file grows by the index alone)."""
    for table in ("problems", "persons", "training_sessions"):
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        assert f"{table}_fts" in names and f"{table}_fts_content" not in names
    with pytest.raises(sqlite3.OperationalError):
        db.execute("INSERT INTO problems_fts(problems_fts) VALUES ('rebuild')")


@EXAMPLES
@given(st.lists(st.one_of(st.none(), texts), min_size=1, max_size=12), texts)
def test_a_short_word_finds_the_rows_like_finds_and_the_others(values, word) -> None:
    """A LIKE pass (``instr`` for words without a letter that has a case) finds the rows
    LIKE finds, and, counted the other way, exactly the other rows (NULLs among them)."""
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)")
    db.executemany("INSERT INTO t (a, b) VALUES (?, ?)", [(v, v and v[::-1]) for v in values])
    words = word.strip()[:2]
    if not words:
        return
    search = query.TextSearch(query.TextColumns("t", ("a", "b")), words, "id", "")
    like = _like(db, "t", ("a", "b"), words)
    sql, params = search._like("")
    assert {r[0] for r in db.execute(f"SELECT id FROM t WHERE {sql}", params)} == like
    others = db.execute(f"SELECT id FROM t WHERE ({sql}) IS NOT 1", params).fetchall()
    assert {r[0] for r in others} == {r[0] for r in db.execute("SELECT id FROM t")} - like
