"""Rectification ledgers: rows (one per problem or per measure) → problems and measures.

A measure-per-row ledger whose problem cells are merged vertically (or repeated, or left
blank under the first) becomes one problem with several measures. Records are found again
by stable keys: the inspection by name, a problem by its text (then its place), a measure
by its text (then its place), so the same ledger imported next week updates, not doubles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.imports.drafts import (
    InspectionDraft,
    ItemDraft,
    MeasureDraft,
    Origin,
    ProblemDraft,
)
from desktop_app.domain.imports.values import Deadline, parse_deadline, parse_status
from desktop_app.domain.rectification import (
    Inspection,
    Measure,
    Problem,
    ProgressEntry,
    Status,
    check_status_fields,
    derive_problem_status,
)
from desktop_app.imports.common import CREATE, SKIP, UPDATE, Context, Row, Tally, changed
from desktop_app.storage import imports as store

if TYPE_CHECKING:
    from desktop_app.imports.common import BatchWriter, Database, Reader
    from desktop_app.storage.import_writes import RectificationWriter
    from desktop_app.storage.rectification.repo import RectificationRepo

ITEM_FIELDS = {
    "leader": "责任领导",
    "lead_dept": "牵头部门",
    "resp_depts": "责任部门",
    "deadline": "整改时限",
    "status": "状态",
    "completion_date": "完成时间",
    "completion_way": "完成方式",
}
_TITLE_TAIL = re.compile(
    r"(反馈)?(意见)?(问题)?(整改)?(工作)?(落实)?(情况)?"
    r"(台账|清单|一览表|统计表|汇总表|进展表|方案|实施方案|工作方案)$"
)
_GENERIC_TABLE = re.compile(r"^(sheet|工作表|表格|table)\s*\d*$", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.(xlsx|xlsm|xls|ods|csv|docx|txt)$", re.IGNORECASE)  # a CSV's table


def inspection_name(title: str, sheet: str, file_stem: str, document_title: str = "") -> str:
    """The inspection a ledger's title names: "…巡察整改工作台账" → "…巡察"."""
    for text in (title, document_title, sheet, file_stem):
        plain = _FILE_SUFFIX.sub("", re.sub(r"\s+", "", text or ""))
        name = _TITLE_TAIL.sub("", plain).strip("—-_ ")
        if len(name) >= 2 and not _GENERIC_TABLE.match(name):
            return name
    return "导入的巡察"


def proposed_inspection(prepared: Any) -> str:
    """The inspection name proposed for a prepared table (its title, the document's, …)."""
    text = prepared.source.text if prepared.source.format == "docx" else ""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return inspection_name(
        prepared.layout.title,
        prepared.table.name,
        Path(prepared.source.name).stem,
        first_line[:80],
    )


# -- rows → drafts -------------------------------------------------------------------------
def read_rows(rows: list[Row], ctx: Context) -> list[ProblemDraft]:
    """Problems with their measures, from a ledger's data rows."""
    problems: list[ProblemDraft] = []
    current: ProblemDraft | None = None
    for row in rows:
        text = ctx.text(row, "problem")
        measure = ctx.text(row, "measure")
        if text and (current is None or text != current.description):
            current = ProblemDraft(
                description=text,
                category=ctx.text(row, "category") or row.heading,
                origin=Origin(ctx.sheet, row.number),
            )
            problems.append(current)
            if not measure:
                _fill_item(current, row, ctx)
                continue
        elif current is None:
            if ctx.actions.get(row.number) != "error":
                ctx.error(row.number, "problem", "必须填写(本行之前也没有可归属的问题)")
            continue
        if measure:
            item = MeasureDraft(
                measure, seq=len(current.measures) + 1, origin=Origin(ctx.sheet, row.number)
            )
            _fill_item(item, row, ctx)
            current.measures.append(item)
            if len(current.measures) == 1:
                current.leader, current.lead_dept = item.leader, item.lead_dept
                current.resp_depts, current.deadline = item.resp_depts, item.deadline
        elif ctx.has("measure"):
            ctx.act(row.number, SKIP)  # the problem's row repeated without a measure
    for seq, problem in enumerate(problems, 1):
        problem.seq = seq
    return problems


def _fill_item(item: ItemDraft, row: Row, ctx: Context) -> None:
    for key in ("leader", "lead_dept", "resp_depts"):
        setattr(item, key, ctx.text(row, key))
    deadline = Deadline()
    if ctx.has("deadline"):
        try:
            deadline = parse_deadline(
                row.values.get("deadline"), ctx.column_name("deadline"), year=ctx.today.year
            )
        except ValidationError as exc:
            ctx.error(row.number, "deadline", exc.message)
    item.deadline = deadline.date
    status_word = ctx.choice(row, "status", parse=lambda v: parse_status(v)[0] or None)
    way = parse_status(row.values.get("status"))[1] or deadline.on_the_spot
    if ctx.has("completion_way"):
        way = ctx.choice(row, "completion_way") or way
    item.completion_way = way
    item.completion_date = ctx.date(row, "completion_date")
    progress = ctx.text(row, "progress")
    item.progress = [progress] if progress else []
    if status_word:
        item.status = Status(status_word)
    elif way or item.completion_date:
        item.status = Status.COMPLETED
    elif deadline.long_term:
        item.status = Status.LONG_TERM
    elif progress:
        item.status = Status.IN_PROGRESS
    if deadline.long_term and item.status == Status.IN_PROGRESS and not status_word:
        item.status = Status.LONG_TERM
    _settle_completion(item, row.number, ctx)


def _settle_completion(item: ItemDraft, row: int, ctx: Context) -> None:
    """A completed item needs a completion date: the deadline when past, else today."""
    if item.status == Status.COMPLETED and item.completion_date is None:
        deadline = item.deadline
        item.completion_date = deadline if deadline and deadline <= ctx.today else ctx.today
        ctx.warn(row, f"已完成但未填完成时间,按 {item.completion_date.isoformat()} 记录")
    if item.status != Status.COMPLETED and item.completion_date is not None:
        ctx.error(row, "completion_date", f"状态为“{item.status.value}”,不应填写完成时间")
        item.completion_date = None
    try:
        check_status_fields(item.status, item.completion_date, item.completion_way)
    except ValidationError as exc:
        ctx.failed(row, exc)


# -- drafts → plan -------------------------------------------------------------------------
@dataclass
class Step:
    """One write of the plan: what, on which existing row (if any), with which values."""

    what: str  # "inspection", "problem", "measure", "progress"
    action: str
    values: Any
    record_id: int | None = None
    parent: Step | None = None
    origin: Origin | None = None


@dataclass
class RectificationPlan:
    """What the import would write, in order, and what it counted."""

    steps: list[Step] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    summary: dict[str, Any] = field(default_factory=dict)


def plan(
    conn: Reader,
    inspection: InspectionDraft,
    problems: list[ProblemDraft],
    ctx: Context,
    provided: set[str],
    inspection_id: int | None = None,
) -> RectificationPlan:
    """Compare the drafts with the database: create, update or leave each record."""
    result = RectificationPlan()
    existing_insp = (
        store.inspection_row(conn, inspection_id)
        if inspection_id
        else store.find_inspection(conn, inspection.name)
    )
    insp_step = _inspection_step(inspection, existing_insp, ctx)
    result.steps.append(insp_step)
    result.tally.add("inspections", insp_step.action)
    old_problems = store.problems_of(conn, existing_insp["id"]) if existing_insp else []
    old_measures = store.measures_of(conn, existing_insp["id"]) if existing_insp else {}
    old_progress = store.progress_texts(conn, existing_insp["id"]) if existing_insp else set()
    matched = _match(problems, old_problems, lambda r: r["description"])
    by_status: Counter[str] = Counter()
    for draft in problems:
        old = matched.get(id(draft))
        step = _item_step("problem", draft, old, ctx, provided, insp_step)
        result.steps.append(step)
        result.tally.add("problems", step.action)
        measures_old = old_measures.get(old["id"], []) if old else []
        pairs = _match(draft.measures, measures_old, lambda r: r["content"])
        statuses = []
        for measure in draft.measures:
            mold = pairs.get(id(measure))
            mstep = _item_step("measure", measure, mold, ctx, provided, step)
            if mold is None and old and old.get("signoff_date"):
                ctx.error_at(measure.origin, "", _locked(old["description"], "添加措施"))
            result.steps.append(mstep)
            result.tally.add("measures", mstep.action)
            statuses.append(
                measure.status if "status" in provided or not mold else Status(mold["status"])
            )
            _progress_steps(result, measure, mstep, mold, old, old_progress, ctx)
        _progress_steps(result, draft, step, None, old, old_progress, ctx)
        own = draft.status if "status" in provided or not old else Status(old["own_status"])
        by_status[derive_problem_status(statuses, own).value] += 1
    result.summary = {
        "inspection": inspection.name,
        "problems": len(problems),
        "measures": sum(len(p.measures) for p in problems),
        "by_status": dict(by_status),
    }
    return result


def _match(drafts: list[Any], rows: list[dict[str, Any]], text_of) -> dict[int, dict[str, Any]]:
    """Pair drafts with stored rows: by text first, then by place among the unpaired."""
    by_text = {text_of(r): r for r in rows}
    pairs: dict[int, dict[str, Any]] = {}
    used: set[int] = set()
    for draft in drafts:
        text = draft.description if isinstance(draft, ProblemDraft) else draft.content
        row = by_text.get(text)
        if row is not None and row["id"] not in used:
            pairs[id(draft)] = row
            used.add(row["id"])
    free = [r for r in rows if r["id"] not in used]
    by_seq = {r["seq"]: r for r in free}
    for draft in drafts:
        if id(draft) not in pairs and draft.seq in by_seq and by_seq[draft.seq]["id"] not in used:
            pairs[id(draft)] = by_seq[draft.seq]
            used.add(by_seq[draft.seq]["id"])
    return pairs


def _inspection_step(draft: InspectionDraft, old: dict[str, Any] | None, ctx: Context) -> Step:
    values = Inspection(
        name=draft.name,
        kind=draft.kind,
        body=draft.body,
        onsite_start=draft.onsite_start,
        onsite_end=draft.onsite_end,
        feedback_date=draft.feedback_date,
        plan_doc_no=draft.plan_doc_no,
    )
    if old is None:
        return Step("inspection", CREATE, values)
    # An import fills blanks of an inspection, never overwrites.
    keys = ("body", "onsite_start", "onsite_end", "feedback_date", "plan_doc_no")
    blanks = {key: getattr(values, key) for key in keys if not old[key]}
    fill = changed(ctx, f"巡察“{old['name']}”", old, blanks, blank_clears=False)
    return Step("inspection", UPDATE if fill else SKIP, fill, old["id"])


def _item_step(
    what: str,
    draft: ProblemDraft | MeasureDraft,
    old: dict[str, Any] | None,
    ctx: Context,
    provided: set[str],
    parent: Step,
) -> Step:
    row = draft.origin.row if draft.origin else 0
    if old is None:
        ctx.act(row, CREATE)
        return Step(what, CREATE, draft, parent=parent, origin=draft.origin)
    label = "问题" if what == "problem" else "措施"
    name = f"{label}“{(old.get('description') or old.get('content') or '')[:20]}”"
    keys = [k for k in ITEM_FIELDS if k in provided]
    if isinstance(draft, ProblemDraft) and "category" in provided:
        keys.append("category")
    text_key = "description" if what == "problem" else "content"
    if getattr(draft, text_key) != old[text_key]:
        keys.append(text_key)
    if isinstance(draft, ProblemDraft) and (draft.measures or old.get("measure_count")):
        keys = [k for k in keys if k not in ("status", "completion_date")]
    stored = {**old, "status": old["own_status"]} if what == "problem" else old
    changes = changed(ctx, name, stored, {k: getattr(draft, k) for k in keys}, ITEM_FIELDS)
    if "status" in changes:  # the completion date and way follow the status
        changes["completion_date"] = draft.completion_date
        changes["completion_way"] = draft.completion_way
    if changes and old.get("signoff_date"):
        ctx.error_at(draft.origin, "", f"{name}已销号,不能通过导入修改(如需修改请先撤销销号)")
    action = UPDATE if changes else SKIP
    ctx.act(row, action)
    return Step(what, action, changes, old["id"], parent, draft.origin)


def _progress_steps(
    result: RectificationPlan,
    item: ProblemDraft | MeasureDraft,
    step: Step,
    old_measure: dict[str, Any] | None,
    old_problem: dict[str, Any] | None,
    known: set[tuple[int, int | None, str]],
    ctx: Context,
) -> None:
    for text in item.progress:
        if isinstance(item, MeasureDraft):
            key = (
                old_problem["id"] if old_problem else -1,
                old_measure["id"] if old_measure else -1,
                text,
            )
        else:
            key = (old_problem["id"] if old_problem else -1, None, text)
        if key in known:
            result.tally.add("progress", SKIP)
            continue
        for locked in (old_problem, old_measure):
            if locked and locked.get("signoff_date"):
                text_of = locked.get("description") or locked.get("content") or ""
                ctx.error_at(item.origin, "progress", _locked(text_of, "添加进展"))
                break
        result.steps.append(Step("progress", CREATE, text, parent=step, origin=item.origin))
        result.tally.add("progress", CREATE)
        if item.origin:
            ctx.act(item.origin.row, UPDATE if step.action != CREATE else CREATE)


def _locked(text: str, what: str) -> str:
    return f"“{text[:20]}”已销号,不能通过导入{what}(如需修改请先撤销销号)"


# -- plan → database -------------------------------------------------------------------------
def write_plan(
    db: Database, plan_: RectificationPlan, batch: BatchWriter, tick, progress_date: date
) -> None:
    """Write the plan in one pass (``storage.import_writes``), inside the caller's transaction;
    the new problems that resemble problems of earlier inspections are flagged 屡查屡犯."""
    from desktop_app.storage.import_writes import RectificationWriter
    from desktop_app.storage.rectification.repeats import RepeatRepo, created_problems
    from desktop_app.storage.rectification.repo import RectificationRepo

    writer = RectificationWriter(db, batch)
    ids: dict[int, int] = {}
    problem_of: dict[int, int] = {}
    total = len(plan_.steps)
    for number, step in enumerate(plan_.steps):
        tick(number, total)
        if step.what == "inspection":
            ids[id(step)] = _apply_inspection(RectificationRepo(db), step, batch)
        elif step.what in ("problem", "measure"):
            parent = _parent(step)
            ids[id(step)] = _apply_item(writer, step, ids[id(parent)])
            problem_of[id(step)] = ids[id(step)] if step.what == "problem" else ids[id(parent)]
        else:
            owner = _parent(step)
            mid = ids[id(owner)] if owner.what == "measure" else None
            entry = ProgressEntry(progress_date, "导入", step.values, problem_of[id(owner)], mid)
            writer.add_progress(entry, new_item=owner.action == CREATE)
    writer.finish(lambda done, count: tick(total, total))
    RepeatRepo(db).find(created_problems(db, batch.id))


def _parent(step: Step) -> Step:
    if step.parent is None:
        raise ValueError(f"a {step.what} step has a parent")
    return step.parent


def _record_id(step: Step) -> int:
    if step.record_id is None:
        raise ValueError(f"an {step.action} step of a {step.what} names its record")
    return step.record_id


def _apply_inspection(repo: RectificationRepo, step: Step, batch: BatchWriter) -> int:
    if step.action == CREATE:
        new_id = repo.add_inspection(step.values)
        batch.created("inspections", new_id)
        return new_id
    record_id = _record_id(step)
    if step.action == UPDATE:
        batch.changing("inspections", record_id)
        insp = repo.get_inspection(record_id)
        for key, value in step.values.items():
            setattr(insp, key, value)
        repo.update_inspection(insp)
    return record_id


def _apply_item(writer: RectificationWriter, step: Step, parent_id: int) -> int:
    """Create or update one problem or measure; returns its id."""
    if step.action == CREATE:
        draft = step.values
        common = {
            k: getattr(draft, k)
            for k in ("seq", "leader", "lead_dept", "resp_depts", "deadline", "status")
        }
        common.update(completion_date=draft.completion_date, completion_way=draft.completion_way)
        if step.what == "problem":
            problem = Problem(
                description=draft.description,
                category=draft.category,
                inspection_id=parent_id,
                **common,
            )
            return writer.add_problem(problem)
        measure = Measure(content=draft.content, problem_id=parent_id, **common)
        return writer.add_measure(measure, new_problem=_parent(step).action == CREATE)
    record_id = _record_id(step)
    if step.action == UPDATE:
        if step.what == "problem":
            writer.update_problem(record_id, step.values)
        else:
            writer.update_measure(record_id, step.values)
    return record_id


# -- the pipeline's entry points -------------------------------------------------------------
def build(conn: Reader, rows: list[Row], ctx: Context, prepared: Any, options: Any):
    """Plan of a rectification ledger: (plan, summary, counts)."""
    name = options.inspection_name or proposed_inspection(prepared)
    drafts = read_rows(rows, ctx)
    provided = set(ctx.columns)
    if "deadline" in provided:
        provided.add("status")  # 长期 in the deadline column sets the status
    result = plan(conn, InspectionDraft(name=name), drafts, ctx, provided, options.inspection_id)
    return result, result.summary, result.tally.as_dict()


def apply(db: Database, preview: Any, batch: BatchWriter, tick) -> None:
    """Write a rectification preview (the pipeline's commit step)."""
    write_plan(db, preview.plan, batch, tick, preview.options.today)
