"""Writes of the draw register: each one transaction with its audit row.

The directory, the matters, the inspectors' profiles and conflicts and the results may be
edited. A draw is only ever added: ``run_draw`` reads the live pools, refuses an infeasible
plan before drawing, computes the draw (``domain.draw_algorithm``), seals it with the
previous record's hash and stores it with its rows; the schema's triggers refuse any later
change. A redraw is a new draw naming the one it replaces and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.draw_algorithm import Sealed, check_seed, compute_draw, new_seed, seal
from desktop_app.domain.draws import (
    SEED_SOURCES,
    CheckResult,
    Conflict,
    DrawPlan,
    InspectorProfile,
    Matter,
    Target,
    validate_conflict,
    validate_matter,
    validate_plan,
    validate_profile,
    validate_result,
    validate_target,
)
from desktop_app.domain.errors import UserError, ValidationError
from desktop_app.domain.notices import NoticeTexts
from desktop_app.storage import audit
from desktop_app.storage.draws import directory, queries
from desktop_app.storage.draws.pools import live_pools
from desktop_app.storage.draws.rows import (
    conflict_values,
    draw_rows,
    matter_values,
    profile_values,
    result_values,
    target_values,
)
from desktop_app.storage.repository import Repository
from desktop_app.storage.settings import write_settings

if TYPE_CHECKING:
    from sqlite_utils import Database


def insert_draw(db: Database, plan: DrawPlan, sealed_draw: Sealed, os_user: str) -> int:
    """Write a sealed draw and its rows (inside the caller's transaction); returns its id."""
    stamp = audit.now_text()
    draw, assignments, members, exclusions = draw_rows(sealed_draw, plan, os_user, stamp)
    draw_id = int(db.table("draws").insert(draw).last_pk or 0)
    for table, rows in (
        ("draw_assignments", assignments),
        ("draw_members", members),
        ("draw_exclusions", exclusions),
    ):
        db.table(table).insert_all(({**row, "draw_id": draw_id} for row in rows), batch_size=500)
    return draw_id


def saved(record_id: int | None) -> int:
    """The id of a record being changed (a record never saved has none to change)."""
    if record_id is None:
        raise UserError("该记录尚未保存,无法修改")
    return record_id


@dataclass(frozen=True)
class Entry:
    """A directory's entries (targets, matters): how they are checked, stored and refused."""

    table: str
    kind: str  # the audit rows' record type
    validate: Callable[[Any], Any]
    values: Callable[[Any], dict[str, Any]]
    get: Callable[[Any, int], Any]
    uses_sql: str  # how many draws refer to one entry
    refusal: str  # the delete's refusal, with {name} and {uses}


TARGETS = Entry(
    "check_targets",
    "check_target",
    validate_target,
    target_values,
    directory.get_target,
    "SELECT count(*) FROM draw_assignments WHERE target_id = ?",
    "“{name}”已被抽中 {uses} 次,抽取记录须保留,不能删除;如已注销或迁出,请修改其状态",
)
MATTERS = Entry(
    "check_matters",
    "check_matter",
    validate_matter,
    matter_values,
    directory.get_matter,
    "SELECT count(*) FROM draws WHERE matter_id = ?",
    "“{name}”已用于 {uses} 次抽取,不能删除;可改为“停用”",
)


class DrawsRepo(Repository):
    """Writes of the draw register on one connection."""

    # -- one row and its audit row, in one transaction -------------------------------------
    def _create(self, table: str, kind: str, values: dict[str, Any], record: Any, name: str) -> int:
        with self.db.atomic():
            record.id = self.insert(table, values)
            self.log("create", kind, record.id, None, record, name)
        return int(record.id)

    def _change(
        self, table: str, kind: str, values: dict[str, Any], before: Any, record: Any, name: str
    ) -> None:
        with self.db.atomic():
            self.update(table, saved(record.id), values)
            self.log("update", kind, record.id, before, record, name)

    def _remove(self, table: str, kind: str, record_id: int, before: Any, *name: str) -> None:
        with self.db.atomic():
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", [record_id])
            self.log("delete", kind, record_id, before, None, *name)

    # -- the directory -----------------------------------------------------------------
    def _check_unique_code(self, target: Target) -> None:
        if not target.credit_code:
            return
        row = self.db.execute(
            "SELECT id, name FROM check_targets WHERE credit_code = ? AND id != ?",
            [target.credit_code, target.id or 0],
        ).fetchone()
        if row:
            raise ValidationError(
                "统一社会信用代码", f"{target.credit_code} 已属于“{row[1]}”(编号 {row[0]})"
            )

    def add_target(self, target: Target) -> int:
        """Add a target to the directory; returns its id."""
        return self._save_entry(TARGETS, target, self._check_unique_code, new=True)

    def update_target(self, target: Target) -> None:
        """Save an edited target (a drawn target keeps its name in the draw's record)."""
        self._save_entry(TARGETS, target, self._check_unique_code, new=False)

    def delete_target(self, target_id: int) -> None:
        """Delete a target that no draw has drawn (others: set their status instead)."""
        self._delete_entry(TARGETS, target_id)

    # -- matters ---------------------------------------------------------------------------
    def _check_unique_matter(self, matter: Matter) -> None:
        row = self.db.execute(
            "SELECT id FROM check_matters WHERE name = ? AND id != ?", [matter.name, matter.id or 0]
        ).fetchone()
        if row:
            raise ValidationError("事项名称", f"“{matter.name}”已在抽查事项清单中")

    def add_matter(self, matter: Matter) -> int:
        """Add an inspection matter; returns its id."""
        return self._save_entry(MATTERS, matter, self._check_unique_matter, new=True)

    def update_matter(self, matter: Matter) -> None:
        """Save an edited matter (draws keep the plan they were made with)."""
        self._save_entry(MATTERS, matter, self._check_unique_matter, new=False)

    def delete_matter(self, matter_id: int) -> None:
        """Delete a matter no draw used (others: mark it not in use)."""
        self._delete_entry(MATTERS, matter_id)

    def _save_entry(
        self, entry: Entry, record: Any, check_unique: Callable[[Any], None], *, new: bool
    ) -> int:
        """Validate, check and save a new or edited entry of a directory; returns its id."""
        before = None if new else entry.get(self.db, saved(record.id))
        entry.validate(record)
        check_unique(record)
        values = entry.values(record)
        if before is None:
            return self._create(entry.table, entry.kind, values, record, record.name)
        self._change(entry.table, entry.kind, values, before, record, record.name)
        return int(record.id)

    def _delete_entry(self, entry: Entry, record_id: int) -> None:
        """Delete an entry no draw refers to; a UserError says how often draws did."""
        before = entry.get(self.db, record_id)
        uses = self.db.execute(entry.uses_sql, [record_id]).fetchone()[0]
        if uses:
            raise UserError(entry.refusal.format(name=before.name, uses=uses))
        self._remove(entry.table, entry.kind, record_id, before, before.name)

    # -- inspectors --------------------------------------------------------------------------
    def save_profile(self, profile: InspectorProfile) -> None:
        """Create or replace a person's inspector profile."""
        validate_profile(profile)
        name = self._person_name(profile.person_id)
        before = directory.get_profile(self.db, profile.person_id)
        stamp = audit.now_text()
        with self.db.atomic():
            self.db.execute(
                "INSERT INTO inspector_profiles (person_id, agency, tags, available,"
                " unavailable_reason, notes, created_at, updated_at)"
                " VALUES (:person_id, :agency, :tags, :available, :unavailable_reason, :notes,"
                " :stamp, :stamp) ON CONFLICT(person_id) DO UPDATE SET agency = excluded.agency,"
                " tags = excluded.tags, available = excluded.available,"
                " unavailable_reason = excluded.unavailable_reason, notes = excluded.notes,"
                " updated_at = excluded.updated_at",
                {**profile_values(profile), "stamp": stamp},
            )
            self.log("update", "inspector", profile.person_id, before, profile, name)

    def set_agency(self, person_ids: Sequence[int], agency: str) -> int:
        """Put several persons in one department for joint checks; returns how many."""
        agency = agency.strip()
        ids = list(dict.fromkeys(person_ids))
        with self.db.atomic():
            for person_id in ids:
                profile = directory.get_profile(self.db, person_id)
                profile.agency = agency
                self.save_profile(profile)
        return len(ids)

    def _person_name(self, person_id: int) -> str:
        row = self.db.execute("SELECT name FROM persons WHERE id = ?", [person_id]).fetchone()
        if row is None:
            raise UserError(f"人员不存在或已被删除(编号 {person_id})")
        return row[0]

    def add_conflict(self, conflict: Conflict) -> int:
        """Record a declared conflict of interest; returns its id."""
        validate_conflict(conflict)
        name = self._person_name(conflict.person_id)
        if conflict.target_id is not None:
            directory.get_target(self.db, conflict.target_id)
        values = conflict_values(conflict)
        return self._create("inspector_conflicts", "inspector_conflict", values, conflict, name)

    def update_conflict(self, conflict: Conflict) -> None:
        """Save an edited conflict (e.g. the date it ended)."""
        conflict_id = saved(conflict.id)
        before = directory.get_conflict(self.db, conflict_id)
        validate_conflict(conflict)
        conflict.person_id = before.person_id
        name = self._person_name(conflict.person_id)
        values = conflict_values(conflict)
        self._change("inspector_conflicts", "inspector_conflict", values, before, conflict, name)

    def delete_conflict(self, conflict_id: int) -> None:
        """Delete a conflict entered by mistake (draws keep the exclusions they recorded)."""
        before = directory.get_conflict(self.db, conflict_id)
        self._remove("inspector_conflicts", "inspector_conflict", conflict_id, before)

    # -- draws ---------------------------------------------------------------------------------
    def run_draw(
        self,
        plan: DrawPlan,
        *,
        operator: str,
        witness: str,
        seed: str = "",
        redraw_of: int | None = None,
        reason: str = "",
    ) -> int:
        """Draw and record; returns the new draw's id. Without a seed one is generated.

        Refused before anything is drawn: an invalid or infeasible plan, no witness, or a
        redraw of a draw that was replaced already or has results entered.
        """
        validate_plan(plan, queries.min_certified(self.db))
        operator, witness, reason = operator.strip(), witness.strip(), reason.strip()
        if not operator:
            raise ValidationError("经办人", "必须填写")
        if not witness:
            raise ValidationError("监督人", "必须填写(抽取应在监督人见证下进行)")
        if plan.matter_id is not None:
            plan.matter_name = directory.get_matter(self.db, plan.matter_id).name
        if redraw_of is not None:
            self._check_redraw(redraw_of, reason)
        source = SEED_SOURCES[0] if seed.strip() else SEED_SOURCES[1]
        seed = check_seed(seed) if seed.strip() else new_seed()
        pools = live_pools(self.db, plan, seed, redraw_of)
        result = compute_draw(seed, plan, pools)
        with self.db.atomic():
            sealed_draw = seal(
                seed,
                source,
                plan,
                pools,
                result,
                operator=operator,
                witness=witness,
                drawn_at=audit.now_text(),
                prev_hash=queries.last_record_hash(self.db),
                redraw_of=redraw_of,
                redraw_reason=reason,
            )
            draw_id = insert_draw(self.db, plan, sealed_draw, audit.os_user())
            what = f"重新抽取第 {redraw_of} 号({reason})" if redraw_of else "抽取"
            summary = (
                f"{plan.title}:{what},{len(result.target_ids)} 个对象、"
                f"{len(result.teams)} 个检查组,随机种子 {seed}"
            )
            after = {"plan": plan, "seed": seed, "record_hash": sealed_draw.record_hash()}
            self.log("create", "draw", draw_id, None, after, summary)
        return draw_id

    def _check_redraw(self, draw_id: int, reason: str) -> None:
        queries.require_redrawable(self.db, draw_id)
        if not reason:
            raise ValidationError("重新抽取的原因", "必须填写(记入新的抽取记录)")

    def redraw(
        self, draw_id: int, *, reason: str, operator: str, witness: str, seed: str = ""
    ) -> int:
        """A new draw of the same plan replacing ``draw_id``; the earlier record stays."""
        plan = queries.get_draw(self.db, draw_id).plan
        return self.run_draw(
            plan, operator=operator, witness=witness, seed=seed, redraw_of=draw_id, reason=reason
        )

    # -- results --------------------------------------------------------------------------------
    def save_result(self, result: CheckResult) -> int:
        """Enter or correct the result of one drawn target; returns the result's id."""
        record = queries.require_current(self.db, result.draw_id)
        if result.target_id not in record.result.target_ids:
            raise UserError("该检查对象不在这次抽取的结果中")
        validate_result(result, record.plan.draw_date)
        before = queries.result_of(self.db, result.draw_id, result.target_id)
        name = directory.get_target(self.db, result.target_id).name
        with self.db.atomic():
            if before is None:
                result_id = self.insert("check_results", result_values(result))
                self.log("create", "check_result", result_id, None, result, name)
            else:
                result_id = saved(before.id)
                self.update("check_results", result_id, result_values(result))
                self.log("update", "check_result", result_id, before, result, name)
        result.id = result_id
        return result_id


KEPT_NOTICE_FIELDS = (
    "issuer",
    "doc_no",
    "red_header",
    "addressee",
    "requirements",
    "contact",
    "signature",
)


def save_notice_texts(db: Database, texts: NoticeTexts) -> None:
    """Keep the head, requirements, contact and signature for the next 检查任务通知."""
    values = texts.to_json()
    write_settings(db, {"draws.notice_texts": {k: values[k] for k in KEPT_NOTICE_FIELDS}})
