"""Training sessions and attendance: every write one transaction with its audit row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop_app.domain.errors import UserError
from desktop_app.domain.training import (
    Attendance,
    AttendanceStatus,
    NoticeTexts,
    TrainingRules,
    TrainingSession,
    check_attendance,
    check_session,
    default_hours,
    hours_text,
)
from desktop_app.storage import audit
from desktop_app.storage.repository import Repository, saved
from desktop_app.storage.settings import read_training_rules, rule_values, write_settings
from desktop_app.storage.training import queries
from desktop_app.storage.training.rows import (
    attendance_from_row,
    session_values,
    texts_from_json,
    texts_to_json,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

ATTENDANCE_SELECT = queries.ATTENDANCE_SELECT


def save_training_rules(db: Database, rules: TrainingRules) -> None:
    """Check and store the training rules (one transaction, one audit row)."""
    write_settings(db, rule_values("training", rules))


class TrainingRepo(Repository):
    """Reads and writes training records of one database connection."""

    def rules(self) -> TrainingRules:
        """The training rules in force."""
        return read_training_rules(self.db)

    # -- sessions --------------------------------------------------------------------
    def get_session(self, session_id: int) -> TrainingSession:
        """One session with its laws; a UserError names a missing id."""
        return queries.get_session(self.db, session_id)

    def _write_laws(self, session: TrainingSession) -> None:
        self.db.execute("DELETE FROM training_laws WHERE session_id = ?", [session.id])
        self.db.table("training_laws").insert_all(
            {"session_id": session.id, "seq": seq, "law": law}
            for seq, law in enumerate(session.laws, 1)
        )

    def add_session(self, session: TrainingSession) -> int:
        """Create a session; returns its id."""
        check_session(session)
        with self.db.atomic():
            session.id = self.insert("training_sessions", session_values(session))
            self._write_laws(session)
            self.log("create", "training_session", session.id, None, session, session.title)
        return session.id

    def update_session(self, session: TrainingSession) -> None:
        """Save an edited session; attendees credited the old hours get the new ones."""
        session_id = saved(session.id, "学法培训")
        before = self.get_session(session_id)
        check_session(session)
        with self.db.atomic():
            self.update("training_sessions", session_id, session_values(session))
            self._write_laws(session)
            if session.hours != before.hours:
                self.db.execute(
                    "UPDATE training_attendance SET hours = ?, updated_at = ?"
                    " WHERE session_id = ? AND status = ? AND (hours = ? OR hours > ?)",
                    [
                        session.hours,
                        audit.now_text(),
                        session.id,
                        AttendanceStatus.PRESENT.value,
                        before.hours,
                        session.hours,
                    ],
                )
            self.log("update", "training_session", session.id, before, session, session.title)

    def attendance_count(self, session_id: int) -> int:
        """How many people are on a session's list (what a delete would remove)."""
        return queries.attendance_count(self.db, session_id)

    def delete_session(self, session_id: int) -> None:
        """Delete a session with its laws and attendance list (the caller confirmed)."""
        before = self.get_session(session_id)
        listed = self.attendance_count(session_id)
        with self.db.atomic():
            self.db.execute("DELETE FROM training_attendance WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM training_laws WHERE session_id = ?", [session_id])
            self.db.execute("DELETE FROM training_sessions WHERE id = ?", [session_id])
            summary = f"{before.title}(含名单 {listed} 人)"
            self.log("delete", "training_session", session_id, before, None, summary)

    def notice_texts(self, session_id: int) -> NoticeTexts | None:
        """The notice texts last saved with the session, if any."""
        self.get_session(session_id)
        raw = self.db.execute(
            "SELECT notice_texts FROM training_sessions WHERE id = ?", [session_id]
        ).fetchone()[0]
        return texts_from_json(raw) if raw else None

    def latest_notice_texts(self) -> NoticeTexts | None:
        """The most recently saved notice texts of any session (issuer, contact to reuse)."""
        row = self.db.execute(
            "SELECT notice_texts FROM training_sessions WHERE notice_texts IS NOT NULL"
            " ORDER BY updated_at DESC, id DESC LIMIT 1"
        ).fetchone()
        return texts_from_json(row[0]) if row else None

    def save_notice_texts(self, session_id: int, texts: NoticeTexts) -> None:
        """Keep the edited notice texts with the session."""
        before = self.notice_texts(session_id)
        with self.db.atomic():
            self.update("training_sessions", session_id, {"notice_texts": texts_to_json(texts)})
            self.log("update", "training_session", session_id, before, texts, "保存培训通知文字")

    # -- attendance ------------------------------------------------------------------
    def attendance_of(self, session_id: int) -> list[Attendance]:
        """A session's list ordered by unit, department and name (for sheets and exams)."""
        sql = f"{ATTENDANCE_SELECT} WHERE a.session_id = ? ORDER BY p.unit, p.department, a.id"
        return [attendance_from_row(r) for r in self.rows(sql, [session_id])]

    def get_attendance(self, attendance_id: int) -> Attendance:
        """One attendance with its person's name and post."""
        return queries.get_attendance(self.db, attendance_id)

    def _names(self, person_ids: Sequence[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        ids = list(dict.fromkeys(person_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for pid, name in self.db.execute(
                f"SELECT id, name FROM persons WHERE id IN ({marks})", chunk
            ).fetchall():
                found[pid] = name
        return found

    def listed_person_ids(self, session_id: int) -> set[int]:
        """Persons already on a session's list."""
        rows = self.db.execute(
            "SELECT person_id FROM training_attendance WHERE session_id = ?", [session_id]
        ).fetchall()
        return {r[0] for r in rows}

    def add_attendees(
        self,
        session_id: int,
        person_ids: Sequence[int],
        status: AttendanceStatus = AttendanceStatus.PRESENT,
        *,
        group_ids: Sequence[int] = (),
    ) -> int:
        """Put many persons on a session's list in one transaction; returns how many.

        A person picked by name (``person_ids``) who is already listed is refused with a
        message naming them; people taken in with a whole unit or department
        (``group_ids``) who are already listed are left as they are.
        """
        session = self.get_session(session_id)
        status = AttendanceStatus(status)
        picked = list(dict.fromkeys(person_ids))
        wanted = list(dict.fromkeys([*picked, *group_ids]))
        if not wanted:
            raise UserError("请至少选择一名人员或一个单位(处室)")
        names = self._names(wanted)
        unknown = [str(pid) for pid in wanted if pid not in names]
        if unknown:
            raise UserError(f"人员不存在或已被删除(编号 {'、'.join(unknown)})")
        listed = self.listed_person_ids(session_id)
        twice = [pid for pid in picked if pid in listed]
        if twice:
            shown = "、".join(names[pid] for pid in twice[:10])
            more = f"等 {len(twice)} 人" if len(twice) > 10 else ""
            raise UserError(f"{shown}{more}已在“{session.title}”的名单中,同一人不能重复登记")
        new = [pid for pid in wanted if pid not in listed]
        if not new:
            return 0
        stamp = audit.now_text()
        hours = default_hours(status, session.hours)
        with self.db.atomic():
            self.db.table("training_attendance").insert_all(
                {
                    "session_id": session_id,
                    "person_id": pid,
                    "status": status.value,
                    "hours": hours,
                    "score": None,
                    "remark": "",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
                for pid in new
            )
            after = {"session_id": session_id, "person_ids": new, "status": status.value}
            summary = f"{session.title}:登记 {len(new)} 人({status.value})"
            self.log("create", "attendance", None, None, after, summary)
        return len(new)

    def update_attendance(self, att: Attendance) -> None:
        """Save an edited attendance (status, credited hours, score, remark)."""
        attendance_id = saved(att.id, "培训出勤")
        before = self.get_attendance(attendance_id)
        session = self.get_session(before.session_id)
        att.session_id, att.person_id = before.session_id, before.person_id
        check_attendance(att, session)
        values = {"status": att.status.value, "hours": att.hours, "score": att.score}
        summary = f"{session.title}:{before.name} {att.status.value} {hours_text(att.hours)} 学时"
        with self.db.atomic():
            self.update("training_attendance", attendance_id, {**values, "remark": att.remark})
            self.log("update", "attendance", attendance_id, before, att, summary)

    def set_status(
        self,
        session_id: int,
        status: AttendanceStatus,
        attendance_ids: Sequence[int] | None = None,
    ) -> int:
        """Mark the listed people (all, or the given ones) with one status in one transaction.

        Only rows of another status change: their hours become the status's default and
        scores of people no longer present are cleared. Returns how many rows changed.
        """
        session = self.get_session(session_id)
        status = AttendanceStatus(status)
        where, params = "session_id = ? AND status != ?", [session_id, status.value]
        hours = default_hours(status, session.hours)
        if attendance_ids is not None:
            ids = list(attendance_ids)
            if not ids:
                return 0
            where += f" AND id IN ({','.join('?' * len(ids))})"
            params += ids
        present = status == AttendanceStatus.PRESENT
        score_sql = "score" if present else "NULL"
        with self.db.atomic():
            changed = self.db.execute(
                f"UPDATE training_attendance SET status = ?, hours = ?, score = {score_sql},"
                f" updated_at = ? WHERE {where}",
                [status.value, hours, audit.now_text(), *params],
            ).rowcount
            if changed:
                after = {"session_id": session_id, "ids": attendance_ids, "status": status.value}
                summary = f"{session.title}:{changed} 人标记为{status.value}"
                self.log("update", "attendance", None, None, after, summary)
        return changed

    def mark_all_present(self, session_id: int) -> int:
        """Everyone on the list attended with the session's hours (one transaction)."""
        return self.set_status(session_id, AttendanceStatus.PRESENT)

    def delete_attendance(self, attendance_ids: Sequence[int]) -> int:
        """Take people off a session's list (one transaction)."""
        before = [self.get_attendance(i) for i in dict.fromkeys(attendance_ids)]
        if not before:
            return 0
        with self.db.atomic():
            for att in before:
                self.db.execute("DELETE FROM training_attendance WHERE id = ?", [att.id])
                self.log("delete", "attendance", att.id, att, None, att.name)
        return len(before)
