"""Property: any sequence of the clerk's writes, undone step by step, gives the database back."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.context import AppContext
from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import Certificate, Person
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    SignOff,
)
from desktop_app.domain.training import TrainingSession
from desktop_app.storage.database import connect, open_migrated
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.rectification.repo import RectificationRepo
from desktop_app.storage.settings import write_settings
from tests.personnel_factory import resident_id
from tests.rectification_data import completed
from tests.storage.test_undo import TODAY, dump, found, healthy

WORDS = "执法案卷评查不规范制度建设档案归档合同审查"
OPS = (
    "add_problem",
    "edit_problem",
    "delete_problem",
    "add_measure",
    "delete_measure",
    "add_progress",
    "sign_off",
    "add_person",
    "edit_person",
    "delete_person",
    "add_inspection",
    "add_session",
    "delete_session",
    "issue_certificate",
)
PROBLEM_OPS = frozenset(OPS[:7]) - {"delete_measure"} | {"add_inspection"}
Write = tuple[str, int, str]
writes = st.lists(
    st.tuples(
        st.sampled_from(OPS),
        st.integers(0, 50),
        st.text(alphabet=WORDS, min_size=3, max_size=10),
    ),
    min_size=1,
    max_size=10,
)


def _ids(ctx: AppContext, table: str) -> list[int]:
    return [r[0] for r in ctx.conn.execute(f"SELECT id FROM {table} ORDER BY id")]


def _pick(ctx: AppContext, table: str, n: int) -> int | None:
    ids = _ids(ctx, table)
    return ids[n % len(ids)] if ids else None


def _problem_write(ctx: AppContext, op: str, n: int, text: str) -> None:
    repo = ctx.rectification
    if op == "add_inspection":
        repo.add_inspection(Inspection(name=f"{text}巡察"))
    elif op == "add_problem" and (insp := _pick(ctx, "inspections", n)):
        repo.add_problem(Problem(description=text, inspection_id=insp))
    elif (problem_id := _pick(ctx, "problems", n)) is None:
        return
    elif op == "edit_problem":
        problem = repo.get_problem(problem_id)
        problem.description = text
        repo.update_problem(problem)
    elif op == "delete_problem":
        repo.delete_problem(problem_id)
    elif op == "add_measure":
        repo.add_measure(Measure(content=text, problem_id=problem_id))
    elif op == "add_progress":
        repo.add_progress(ProgressEntry(TODAY, "法规科", text, problem_id))
    elif op == "sign_off":
        problem = repo.get_problem(problem_id)
        for field, value in completed(date(2025, 3, 1)).items():
            setattr(problem, field, value)
        repo.update_problem(problem)
        repo.sign_off("problem", problem_id, SignOff(TODAY, "整改工作组", text))


def _other_write(ctx: AppContext, op: str, n: int, text: str) -> None:
    people = ctx.personnel
    if op == "add_person":
        people.add_person(Person(text[:4], id_number=resident_id(), unit=text), TODAY)
    elif op == "edit_person" and (person_id := _pick(ctx, "persons", n)):
        person = people.get_person(person_id)
        person.name, person.id_number = text[:4], resident_id()
        people.update_person(person, TODAY)
    elif op == "delete_person" and (person_id := _pick(ctx, "persons", n)):
        people.delete_person(person_id)
    elif op == "delete_measure" and (measure_id := _pick(ctx, "measures", n)):
        ctx.rectification.delete_measure(measure_id)
    elif op == "add_session":
        laws = [f"《{text}》", "《行政处罚法》"][: 1 + n % 2]
        session = TrainingSession(title=text, date=TODAY, hours=1.5 + n / 7, laws=laws)
        ctx.training.add_session(session)
    elif op == "delete_session" and (session_id := _pick(ctx, "training_sessions", n)):
        ctx.training.delete_session(session_id)
    elif op == "issue_certificate" and (person_id := _pick(ctx, "persons", n)):
        number = f"{n:04d}{len(text)}"
        cert = Certificate(person_id, number, issue_date=TODAY, valid_until=date(2030, 1, 1))
        people.issue_certificate(cert)


def _write(ctx: AppContext, op: str, n: int, text: str) -> None:
    """One clerk's write; a refusal (a locked item, a rule) changes nothing."""
    action: Callable[..., None] = _problem_write if op in PROBLEM_OPS else _other_write
    with contextlib.suppress(UserError):
        action(ctx, op, n, text)


def _base(path: Path) -> None:
    """Records that were there before the session (not its steps)."""
    db = connect(path)
    try:
        repo = RectificationRepo(db)
        insp = repo.add_inspection(Inspection(name="依法行政专项巡察"))
        problem = repo.add_problem(Problem(description="执法案卷评查不规范", inspection_id=insp))
        repo.add_measure(Measure(content="建立案卷评查制度", problem_id=problem))
        PersonnelRepo(db).add_person(Person("张三", id_number=resident_id()), TODAY)
        write_settings(db, {"rectification.signoff_evidence": False})  # sign-offs happen
    finally:
        db.conn.close()


def _found(ctx: AppContext) -> dict[str, set[int]]:
    """What the problem list's search finds for a few of the words the writes use."""
    return {word: found(ctx, word) for word in ("案卷评查", "制度建设", "档案归档", "合同审查")}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(writes)
def test_undoing_every_step_gives_the_initial_database_back(sequence: list[Write]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "台账.db"
        open_migrated(path).close()
        _base(path)
        ctx = AppContext(path, open_migrated(path), Path(folder) / "backups")
        try:
            initial, searched = dump(ctx.conn), _found(ctx)
            for op, n, text in sequence:
                _write(ctx, op, n, text)
            while ctx.undo.top() is not None:
                ctx.undo.undo(ctx.db)
            assert dump(ctx.conn) == initial
            assert _found(ctx) == searched
            assert healthy(ctx.conn)
        finally:
            ctx.close()
