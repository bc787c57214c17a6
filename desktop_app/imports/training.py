"""Training ledgers and sign-up lists: rows → sessions and their attendance.

Stable keys: a session by date and title, an attendance by session and person. A row may
be a session alone (a 学法培训台账) or one attendee of a session (a sign-up list, the
session's cells merged or repeated). Attendees are found on the roster by ID number, else
by name (and unit); someone not on it yet is added to the roster.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import iso
from desktop_app.domain.imports.fields import CHOICE_WORDS
from desktop_app.domain.imports.values import match_choice, parse_amount, parse_id_number
from desktop_app.domain.personnel import Person
from desktop_app.domain.training import (
    OTHER,
    Attendance,
    AttendanceStatus,
    TrainingSession,
    check_attendance,
    check_session,
    parse_laws,
)
from desktop_app.imports import common
from desktop_app.imports.common import CREATE, SKIP, UPDATE, Context, Row, Tally, changed
from desktop_app.storage import imports as store

if TYPE_CHECKING:
    from desktop_app.imports.common import BatchWriter, Database, Reader

SESSION_KEYS = ("kind", "hours", "organiser", "place", "speaker")


@dataclass
class Step(common.Step):
    """A session, a new person or an attendance (of the session's and person's steps)."""

    session: Step | None = None
    person: Step | None = None


def build(conn: Reader, rows: list[Row], ctx: Context, prepared: Any, options: Any):
    """Plan of a training ledger: (steps, summary, counts)."""
    known_sessions = store.sessions(conn)
    people = store.persons(conn)
    by_number = {p["id_number"]: p for p in people if p["id_number"]}
    by_name: dict[str, list[dict[str, Any]]] = {}
    for p in people:
        by_name.setdefault(p["name"], []).append(p)
    known_attendance = store.attendance(conn)
    tally, steps = Tally(), []
    sessions: dict[tuple[str, str], Step] = {}
    new_people: dict[str, Step] = {}
    listed: set[tuple[int, str]] = set()
    for row in rows:
        session = _session(row, ctx)
        if session is None:
            continue
        key = (iso(session.date) or "", session.title)
        sstep = sessions.get(key)
        if sstep is None:
            sstep = _session_step(session, known_sessions.get(key), ctx, conn)
            sessions[key] = sstep
            steps.append(sstep)
            tally.add("sessions", sstep.action)
        name = ctx.text(row, "name")
        if not name:
            ctx.act(row.number, sstep.action)
            continue
        person_id, pstep = _person(row, name, ctx, by_number, by_name, new_people)
        if person_id is None and pstep is None:
            continue
        if pstep is not None and pstep.action == CREATE and pstep not in steps:
            steps.append(pstep)
            tally.add("persons", CREATE)
        who = (id(sstep), f"{person_id or id(pstep)}")
        if who in listed:
            ctx.error(row.number, "name", f"“{name}”在同一次活动中出现了两次")
            continue
        listed.add(who)
        astep = _attendance_step(row, ctx, sstep, person_id, pstep, known_attendance)
        if astep is not None:
            steps.append(astep)
            tally.add("attendance", astep.action)
    summary = {
        "sessions": len(sessions),
        "attendance": sum(1 for s in steps if s.what == "attendance"),
    }
    return steps, summary, tally.as_dict()


def _kind_of(title: str) -> str:
    return match_choice(title, CHOICE_WORDS["kind"]) or OTHER


def _session(row: Row, ctx: Context) -> TrainingSession | None:
    title, day = ctx.text(row, "title"), ctx.date(row, "date")
    if not title or day is None:
        if ctx.actions.get(row.number) != "error":
            ctx.error(row.number, "title" if not title else "date", "必须填写")
        return None
    hours = ctx.guard(row.number, lambda: parse_amount(row.values.get("hours"), "学时"))
    session = TrainingSession(
        title=title,
        date=day,
        kind=ctx.choice(row, "kind") or _kind_of(title),
        hours=hours or 0.0,
        organiser=ctx.text(row, "organiser"),
        place=ctx.text(row, "place"),
        speaker=ctx.text(row, "speaker"),
        laws=parse_laws(ctx.text(row, "laws")),
    )
    if (
        ctx.guard(row.number, lambda: check_session(session)) is None
        and ctx.actions.get(row.number) == "error"
    ):
        return None
    return session


def _session_step(session: TrainingSession, old, ctx: Context, conn: Reader) -> Step:
    if old is None:
        return Step("session", CREATE, session)
    read = {key: getattr(session, key) for key in SESSION_KEYS if ctx.has(key)}
    changes = changed(ctx, f"培训“{session.title}”", old, read)
    if ctx.has("laws") and session.laws != store.session_laws(conn, old["id"]):
        changes["laws"] = session.laws
    return Step("session", UPDATE if changes else SKIP, session, old["id"], changes=changes)


def _person(row: Row, name: str, ctx: Context, by_number, by_name, new_people):
    number = ctx.guard(row.number, lambda: parse_id_number(row.values.get("id_number"), "身份证号"))
    if number and number in by_number:
        return by_number[number]["id"], None
    unit = ctx.text(row, "unit")
    candidates = [p for p in by_name.get(name, []) if not unit or p["unit"] == unit]
    if len(candidates) == 1:
        return candidates[0]["id"], None
    if len(candidates) > 1:
        ctx.error(
            row.number,
            "name",
            f"人员名单中有 {len(candidates)} 个“{name}”,请填写单位或身份证号以区分",
        )
        return None, None
    key = f"{number or ''}|{name}|{unit}"
    if key not in new_people:
        person = Person(
            name=name, id_number=number or None, unit=unit, department=ctx.text(row, "department")
        )
        new_people[key] = Step("person", CREATE, person)
        ctx.warn(row.number, f"“{name}”不在人员名单中,将新增到人员名单")
    return None, new_people[key]


def _attendance_step(row: Row, ctx: Context, sstep: Step, person_id, pstep, known) -> Step | None:
    status = ctx.choice(row, "attendance", default=AttendanceStatus.PRESENT.value)
    if not status:
        return None
    credited = ctx.guard(row.number, lambda: parse_amount(row.values.get("credited"), "计入学时"))
    score = ctx.guard(row.number, lambda: parse_amount(row.values.get("score"), "成绩"))
    att = Attendance(0, 0, AttendanceStatus(status), credited, score, ctx.text(row, "remark"))
    if (
        ctx.guard(row.number, lambda: check_attendance(att, sstep.record)) is None
        and ctx.actions.get(row.number) == "error"
    ):
        return None
    old = known.get((sstep.record_id, person_id)) if sstep.record_id and person_id else None
    if old is None:
        ctx.act(row.number, CREATE)
        return Step("attendance", CREATE, att, session=sstep, person=pstep, record_id=person_id)
    read = {key: getattr(att, key) for key in ("status", "hours", "score", "remark")}
    changes = changed(ctx, f"出勤(第 {row.number} 行)", old, read)
    action = UPDATE if changes else SKIP
    ctx.act(row.number, action)
    return Step("attendance", action, att, old["id"], changes, sstep, pstep)


def apply(db: Database, preview: Any, batch: BatchWriter, tick) -> None:
    """Write sessions, new persons and attendance inside the caller's transaction."""
    from desktop_app.storage.personnel.repo import PersonnelRepo
    from desktop_app.storage.training.repo import TrainingRepo

    repo, people = TrainingRepo(db), PersonnelRepo(db)
    ids: dict[int, int] = {}
    for number, step in enumerate(preview.plan):
        tick(number, len(preview.plan))
        if step.what == "session":
            if step.action == CREATE:
                ids[id(step)] = repo.add_session(replace(step.record, laws=list(step.record.laws)))
                batch.created("training_sessions", ids[id(step)])
                continue
            ids[id(step)] = step.record_id
            if step.action == UPDATE:
                step.write_changes(
                    batch, "training_sessions", repo.get_session, repo.update_session
                )
        elif step.what == "person":
            ids[id(step)] = people.add_person(replace(step.record), preview.options.today)
            batch.created("persons", ids[id(step)])
        elif step.action == CREATE:
            session_id = ids[id(step.session)]
            person_id = step.record_id or ids[id(step.person)]
            batch.created(
                "training_attendance",
                store.insert_attendance(db, session_id, person_id, step.record),
            )
        elif step.action == UPDATE:
            step.write_changes(
                batch, "training_attendance", repo.get_attendance, repo.update_attendance
            )
