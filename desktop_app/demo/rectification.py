"""Demo rectification records: seed 000's inspection plus synthetic ones.

Rows are built in Python with their ids, derived status, search text and last progress
filled exactly as ``RectificationRepo.refresh_problem`` fills them, then written in
batches with ``insert_all`` (the caller holds the transaction).
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from desktop_app.demo import phrases as ph
from desktop_app.demo.seed_000 import (
    SEED_INSPECTION,
    SEED_MEASURE_EVIDENCE,
    SEED_PROBLEMS,
    SEED_REPORT,
)
from desktop_app.domain.dates import add_months
from desktop_app.domain.rectification import Status, derive_problem_status, search_text

if TYPE_CHECKING:
    from sqlite_utils import Database

PROBLEMS_PER_SCALE = 1000
BULK_INSPECTION_SIZE = 1000
SCENARIO_PROBLEMS = 6  # problems per named synthetic inspection forced into its colour

Progress = Callable[[int, int], None]
_STATUS = {s.value: s for s in Status}
_ONE_DAY = timedelta(days=1)


def create_demo(
    db: Database, scale: int, today: date, progress: Progress | None = None
) -> dict[str, int]:
    """Seed 000's inspection plus synthetic ones: about ``scale`` × 1,000 problems."""
    writer = _RectificationWriter(db, today)
    rng = random.Random(20220419)
    named = ph.SYNTHETIC_INSPECTIONS
    remainder = max(0, scale * PROBLEMS_PER_SCALE - len(SEED_PROBLEMS) - sum(n[4] for n in named))
    bulk = max(1, round(remainder / BULK_INSPECTION_SIZE)) if remainder else 0
    total = len(SEED_PROBLEMS) + sum(n[4] for n in named) + remainder
    writer.add_seed_inspection()
    done = len(SEED_PROBLEMS)
    for days_back, kind, body, name, size, scenario in named:
        feedback = today - timedelta(days=days_back)
        name = name.format(year=feedback.year)
        writer.add_synthetic_inspection(rng, name, kind, body, feedback, size, scenario)
        done += size
        if progress:
            progress(done, total)
    for index in range(bulk):
        size = remainder // bulk + (1 if index < remainder % bulk else 0)
        kind, body, name = ph.BULK_KINDS[index % len(ph.BULK_KINDS)]
        number = _cn_number(index // len(ph.BULK_KINDS) + 1)
        feedback = today - timedelta(days=200 + (index * 53) % 900)
        writer.add_synthetic_inspection(
            rng,
            name.format(year=feedback.year, n=number),
            kind,
            body.format(n=number),
            feedback,
            size,
            "random",
        )
        done += size
        if progress:
            progress(done, total)
    return writer.counts


def _cn_number(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    if tens >= 10:
        return str(n)
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


def _between(rng: random.Random, first: date, last: date) -> date:
    """A random day from ``first`` to ``last`` (``first`` when the range is empty)."""
    span = (last - first).days
    return first if span <= 0 else first + timedelta(days=rng.randint(0, span))


def _stamp(day: date, minute: int = 0) -> str:
    return f"{day.isoformat()} {9 + minute // 60 % 8:02d}:{minute % 60:02d}:00"


class _RectificationWriter:
    """Assigns ids, derives the cached columns and writes rows in batches."""

    def __init__(self, db: Database, today: date) -> None:
        self.db = db
        self.today = today
        self.counts = dict.fromkeys(
            ("inspections", "problems", "measures", "progress", "evidence"), 0
        )
        self._rows: dict[str, list[dict[str, Any]]] = {
            "problems": [],
            "measures": [],
            "progress": [],
        }
        # (date, id, text) of the progress per problem, for search_text as the repo orders it
        self._notes: dict[int, list[tuple[str, int, str]]] = {}

    # -- writing -----------------------------------------------------------
    def _next(self, table: str) -> int:
        self.counts[table] += 1
        return self.counts[table]

    def _flush(self) -> None:
        for table in ("problems", "measures", "progress"):
            if self._rows[table]:
                self.db.table(table).insert_all(self._rows[table], batch_size=1000)
                self._rows[table] = []

    def _inspection(self, values: dict[str, Any], report: dict | None = None) -> int:
        feedback: date = values["feedback_date"]
        created = _stamp(min(feedback + _ONE_DAY, self.today))
        row = {
            "id": self._next("inspections"),
            "name": values["name"],
            "kind": values["kind"],
            "body": values["body"],
            "onsite_start": values["onsite_start"].isoformat(),
            "onsite_end": values["onsite_end"].isoformat(),
            "feedback_date": feedback.isoformat(),
            "plan_doc_no": values["plan_doc_no"],
            "report_due": add_months(feedback, 2).isoformat(),
            "notes": values.get("notes", ""),
            "report_texts": json.dumps(report, ensure_ascii=False) if report else None,
            "created_at": created,
            "updated_at": created,
        }
        self.db.table("inspections").insert(row)
        return row["id"]

    def _item(
        self,
        seq: int,
        who: tuple[str, str, str],
        created: str,
        state: tuple[date | None, str, date | None, str] = (None, "", None, ""),
        signoff: tuple[date, str, str] | None = None,
    ) -> dict[str, Any]:
        """Shared columns of a problem or measure; ``who`` = leader, lead and resp. depts."""
        leader, lead_dept, resp_depts = who
        deadline, status, completion, way = state
        return {
            "seq": seq,
            "leader": leader,
            "lead_dept": lead_dept,
            "resp_depts": resp_depts,
            "deadline": deadline.isoformat() if deadline else None,
            "status": status,
            "completion_date": completion.isoformat() if completion else None,
            "completion_way": way,
            "signoff_date": signoff[0].isoformat() if signoff else None,
            "signoff_by": signoff[1] if signoff else None,
            "signoff_remark": signoff[2] if signoff else None,
            "last_progress": None,
            "created_at": created,
            "updated_at": created,
        }

    def _measure(
        self, problem_id: int, content: str, item: dict, notes: list[tuple[date, str]]
    ) -> dict[str, Any]:
        measure_id = self._next("measures")
        for day, text in notes:
            progress_id = self._next("progress")
            self._notes.setdefault(problem_id, []).append((day.isoformat(), progress_id, text))
            self._rows["progress"].append(
                {
                    "id": progress_id,
                    "problem_id": problem_id,
                    "measure_id": measure_id,
                    "date": day.isoformat(),
                    "author": item["lead_dept"],
                    "text": text,
                    "created_at": f"{day.isoformat()} 16:30:00",
                }
            )
        if notes:
            item["last_progress"] = max(day for day, _ in notes).isoformat()
        _touch(item)
        row = {"id": measure_id, "problem_id": problem_id, "content": content, **item}
        self._rows["measures"].append(row)
        return row

    def _problem(
        self,
        problem_id: int,
        inspection_id: int,
        category: str,
        description: str,
        item: dict,
        measures: list[dict[str, Any]],
    ) -> None:
        """Finish a problem row as RectificationRepo.refresh_problem would."""
        status = derive_problem_status([_STATUS[m["status"]] for m in measures], Status.NOT_STARTED)
        dates = [m["completion_date"] for m in measures if m["completion_date"]]
        done = status == Status.COMPLETED and dates
        progress = [m["last_progress"] for m in measures if m["last_progress"]]
        parts = [category, description, item["leader"], item["lead_dept"], item["resp_depts"]]
        for m in measures:
            parts += [m["content"], m["leader"], m["lead_dept"], m["resp_depts"]]
        parts += [text for _day, _id, text in sorted(self._notes.pop(problem_id, []))]
        deadlines = [m["deadline"] for m in measures if m["deadline"]]
        item.update(
            status=status.value,
            deadline=max(deadlines) if deadlines else None,
            completion_date=max(dates) if done else None,
            last_progress=max(progress) if progress else None,
        )
        _touch(item)
        self._rows["problems"].append(
            {
                "id": problem_id,
                "inspection_id": inspection_id,
                "category": category,
                "description": description,
                "own_status": Status.NOT_STARTED.value,
                "measure_count": len(measures),
                "search_text": search_text(parts),
                **item,
            }
        )

    # -- seed 000 ------------------------------------------------------------
    def add_seed_inspection(self) -> None:
        """Seed 000 as the report of 2022-10-11 gives it, with two evidence files."""
        inspection_id = self._inspection(SEED_INSPECTION, SEED_REPORT)
        measure_ids: dict[tuple[int, int], tuple[int, int]] = {}
        for p_index, seed in enumerate(SEED_PROBLEMS):
            problem_id = self._next("problems")
            created = _stamp(date(2022, 4, 20), p_index * 7)
            measures = []
            for m_index, m in enumerate(seed.measures):
                who = (seed.leader, m.lead_dept, m.resp_depts)
                state = (m.deadline, m.status, m.completion, m.way)
                item = self._item(m_index + 1, who, created, state, m.signoff)
                row = self._measure(problem_id, m.content, item, list(m.progress))
                measures.append(row)
                measure_ids[(p_index, m_index)] = (problem_id, row["id"])
            who = (seed.leader, seed.lead_dept, seed.resp_depts)
            item = self._item(p_index + 1, who, created, signoff=seed.signoff)
            self._problem(
                problem_id, inspection_id, seed.category, seed.description, item, measures
            )
        self._flush()
        for p_index, m_index, file_name, text in SEED_MEASURE_EVIDENCE:
            problem_id, measure_id = measure_ids[(p_index, m_index)]
            self._evidence(problem_id, measure_id, file_name, text.encode("utf-8"))

    def _evidence(self, problem_id: int, measure_id: int, file_name: str, data: bytes) -> None:
        evidence_id = self._next("evidence")
        self.db.table("evidence").insert(
            {
                "id": evidence_id,
                "problem_id": problem_id,
                "measure_id": measure_id,
                "file_name": file_name,
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "added_at": "2022-10-10 10:00:00",
            }
        )
        self.db.table("evidence_blobs").insert({"evidence_id": evidence_id, "data": data})

    # -- synthetic -----------------------------------------------------------
    def add_synthetic_inspection(
        self,
        rng: random.Random,
        name: str,
        kind: str,
        body: str,
        feedback: date,
        size: int,
        scenario: str,
    ) -> None:
        """One inspection with ``size`` composed problems of 2–3 measures each."""
        values = {
            "name": name,
            "kind": kind,
            "body": body,
            "onsite_start": feedback - timedelta(days=60),
            "onsite_end": feedback - timedelta(days=30),
            "feedback_date": feedback,
            "plan_doc_no": f"科党〔{feedback.year}〕{rng.randint(3, 60)}号",
        }
        inspection_id = self._inspection(values)
        recent = (self.today - feedback).days <= 45
        for seq in range(1, size + 1):
            mode = scenario if seq <= SCENARIO_PROBLEMS else "random"
            if mode == "random" and recent and seq % 4 == 0:
                mode = "idle"  # a quarter of a fresh inspection's problems not started yet
            self._synthetic_problem(rng, inspection_id, seq, feedback, mode)
        self._flush()

    def _synthetic_problem(
        self, rng: random.Random, inspection_id: int, seq: int, feedback: date, mode: str
    ) -> None:
        problem_id = self._next("problems")
        start = min(feedback + timedelta(days=rng.randint(1, 7)), self.today)
        created = _stamp(start, seq)
        leader = rng.choice(ph.LEADERS)
        lead = rng.choice(ph.DEPARTMENTS)
        others = [d for d in ph.DEPARTMENTS if d != lead]
        resp = "、".join(rng.sample(others, rng.randint(0, 2)))
        description = rng.choice(ph.SUBJECTS) + rng.choice(ph.DEFECTS)
        if rng.random() < 0.3:
            checked = rng.randint(5, 60)
            description += f"(抽查{checked}件,发现{rng.randint(1, max(1, checked // 4))}件)"
        if rng.random() < 0.5:
            description += "," + rng.choice(ph.CONSEQUENCES)
        measures = []
        for m_seq in range(1, rng.choice((2, 3)) + 1):
            plan = _plan(rng, start, self.today, mode if m_seq == 1 else f"{mode}-other")
            _deadline, _status, completion, way, days = plan
            signoff = None
            if completion and rng.random() < 0.15 and completion < self.today:
                signoff = self._signoff(rng, completion)
            content = (
                f"{rng.choice(ph.ACTIONS)}{rng.choice(ph.OBJECTS)},{rng.choice(ph.REQUIREMENTS)}"
            )
            who = (leader, rng.choice((lead, lead, rng.choice(others))), resp)
            item = self._item(m_seq, who, created, plan[:4], signoff)
            notes = [(day, _note(rng, day == completion, way)) for day in days]
            measures.append(self._measure(problem_id, content, item, notes))
        signoff = None
        if all(m["status"] == "已完成" for m in measures) and rng.random() < 0.5:
            last_done = date.fromisoformat(max(m["completion_date"] for m in measures))
            if last_done < self.today - 7 * _ONE_DAY:
                signoff = self._signoff(rng, last_done)
        item = self._item(seq, (leader, lead, resp), created, signoff=signoff)
        category = rng.choice(ph.CATEGORIES)
        self._problem(problem_id, inspection_id, category, description, item, measures)

    def _signoff(self, rng: random.Random, completion: date) -> tuple[date, str, str]:
        day = _between(rng, completion + _ONE_DAY, min(self.today, completion + 20 * _ONE_DAY))
        return day, rng.choice(ph.SIGNERS), "经核查整改到位,同意销号"


def _touch(item: dict[str, Any]) -> None:
    """updated_at: the latest dated event on the item, never before its creation."""
    events = [item["last_progress"], item["completion_date"], item["signoff_date"]]
    latest = max((e for e in events if e), default="")
    if latest > item["created_at"][:10]:
        item["updated_at"] = f"{latest} 17:30:00"


def _note(rng: random.Random, finishing: bool, way: str) -> str:
    if finishing and way == "即知即改":
        return "即知即改。"
    if finishing:
        return rng.choice(ph.PROGRESS_DONE) + "。"
    step = rng.choice(ph.PROGRESS_STEPS)
    return step.format(n=rng.randint(3, 60), k=rng.randint(1, 9)) + "。"


def _plan(
    rng: random.Random, start: date, today: date, mode: str
) -> tuple[date | None, str, date | None, str, list[date]]:
    """(deadline, status, completion date, completion way, progress dates) of one measure."""
    days = timedelta(days=1)
    if mode == "overdue":
        deadline = max(start + 10 * days, today - rng.randint(3, 40) * days)
        return deadline, "整改中", None, "", [_between(rng, start, today - days)]
    if mode == "stalled":
        deadline = today + rng.randint(30, 120) * days
        return deadline, "整改中", None, "", [_between(rng, start, today - 40 * days)]
    if mode == "near":
        deadline = today + rng.randint(1, 12) * days
        return deadline, "整改中", None, "", [_between(rng, today - 8 * days, today)]
    if mode.startswith("idle"):
        return start + rng.choice((30, 60, 90, 180)) * days, "未启动", None, "", []
    if mode != "random":  # the other measures of a scenario problem: done, old and on time
        done = _between(rng, start, today - (40 if mode == "stalled-other" else 1) * days)
        deadline = min(done + rng.randint(0, 20) * days, today - days)
        return max(deadline, done), "已完成", done, "按期完成", [done]
    deadline = start + rng.choice((30, 45, 60, 90, 120, 180, 270, 365)) * days
    roll = rng.random()
    if roll < 0.04:
        return None, "长期坚持", None, "", sorted({_between(rng, start, today)})
    if roll < 0.14:
        done = _between(rng, start, min(start + 5 * days, today))
        return start + 30 * days, "已完成", done, "即知即改", [done]
    if (deadline < today and rng.random() < 0.92) or (deadline >= today and roll < 0.4):
        done = _between(rng, min(start + 5 * days, today), min(today, deadline + 20 * days))
        if done > deadline:
            way = "逾期完成"
        else:
            way = "提前完成" if (deadline - done).days > 60 else "按期完成"
        steps = [_between(rng, start, done)] if rng.random() < 0.5 else []
        return deadline, "已完成", done, way, sorted({*steps, done})
    if deadline >= today and roll > 0.9:
        return deadline, "未启动", None, "", []
    steps = sorted({_between(rng, start, today) for _ in range(rng.choice((1, 1, 2)))})
    return deadline, "整改中", None, "", steps
