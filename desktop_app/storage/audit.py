"""The audit log: one row per change, written in the change's own transaction."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from desktop_app.domain.dates import iso
from desktop_app.domain.identifiers import mask_id
from desktop_app.registers import record_types
from desktop_app.storage.changes import Changes
from desktop_app.storage.query import PagedQuery, equal_to, like_pattern

if TYPE_CHECKING:
    from sqlite_utils import Database

    from desktop_app.storage.database import Reader

ACTIONS = {
    "create": "新增",
    "update": "修改",
    "delete": "删除",
    "signoff": "销号",
    "reopen": "撤销销号",
    "restore": "从备份恢复",
    "export": "导出",
    "import": "导入",
    "undo": "撤销",
}

RECORD_TYPES = {
    "inspection": "巡察",
    "problem": "问题",
    "measure": "整改措施",
    "progress": "整改进展",
    "evidence": "佐证材料",
    "person": "人员",
    "certificate": "执法证件",
    "certificate_event": "证件变动",
    "qualification_exam": "执法资格考试",
    "training_session": "学法培训",
    "attendance": "培训出勤",
    "settings": "设置",
    "database": "数据库",
}
RECORD_TYPES.update(record_types())  # the kinds a register names in its manifest entry


def os_user() -> str:
    """The signed-in OS user, or a fallback when it cannot be determined."""
    import getpass  # here, not at start-up: it is needed on the first write only

    try:
        name = getpass.getuser()
    except Exception:
        return "未知用户"
    # An undecodable name from the environment (surrogate escapes) cannot be stored as is.
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def now_text() -> str:
    """Local time in seconds precision, as stored."""
    return datetime.now().isoformat(sep=" ", timespec="seconds")


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} 字节>"
    return value


def to_json(value: Any) -> str | None:
    """JSON of a record for the before/after columns."""
    if value is None:
        return None
    return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)


# Fields the audit log never holds in full: only masked (3206**********0013), and a change
# of the number is stated in words, so that the log shows that it changed but never what to.
MASKED_FIELDS = {"id_number": "身份证号"}
CHANGED_NOTE = "{label}已变更"


def _masked(value: Any) -> Any:
    """The plain value with every MASKED_FIELDS entry masked, at any depth."""
    if isinstance(value, dict):
        return {
            k: mask_id(v) if k in MASKED_FIELDS and isinstance(v, str) else _masked(v)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value


def _changed_masked(before: Any, after: Any) -> list[str]:
    """Labels of the masked fields whose full values differ between before and after."""
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return []
    return [
        label
        for key, label in MASKED_FIELDS.items()
        if key in after and key in before and before[key] != after[key]
    ]


def private_json(before: Any, after: Any, summary: str) -> tuple[str | None, str | None, str]:
    """The before and after JSON and the summary as the log keeps them: masked fields masked,
    and "身份证号已变更" said (in the summary and as ``changed`` of the after) when it changed."""
    plain_before, plain_after = _plain(before), _plain(after)
    notes = [
        CHANGED_NOTE.format(label=label) for label in _changed_masked(plain_before, plain_after)
    ]
    masked_after = _masked(plain_after)
    if notes:
        masked_after = {**masked_after, "changed": notes}
        summary = ",".join([summary, *notes]) if summary else ",".join(notes)
    return to_json(_masked(plain_before)), to_json(masked_after), summary


def record(
    db: Database,
    action: str,
    record_type: str,
    record_id: int | None,
    *,
    before: Any = None,
    after: Any = None,
    summary: str = "",
) -> None:
    """Write one audit row; call inside the same ``db.atomic()`` as the change.

    Full ID numbers are never written: see ``private_json``.
    """
    if action not in ACTIONS or record_type not in RECORD_TYPES:
        raise ValueError(f"unknown audit action/type {action}/{record_type}")
    before_json, after_json, summary = private_json(before, after, summary)
    db.execute(
        "INSERT INTO audit_log (at, os_user, action, record_type, record_id, summary,"
        " before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            now_text(),
            os_user(),
            action,
            record_type,
            record_id,
            summary,
            before_json,
            after_json,
        ],
    )
    note = getattr(db, "note_change", None)  # a TrackingDatabase reports it after the commit
    if note is not None:
        note(Changes.of_record(record_type, record_id))


@dataclass
class AuditFilter:
    """What the 操作日志 page narrowed the log to."""

    record_type: str = ""
    action: str = ""
    start: date | None = None
    end: date | None = None  # inclusive
    text: str = ""


AUDIT_SORT = {k: k for k in ("at", "os_user", "action", "record_type", "record_id", "summary")}


def audit_query(db: Reader, flt: AuditFilter) -> PagedQuery:
    """The log, newest first, filtered in SQL and fetched by pages."""
    where, params = equal_to((("record_type", flt.record_type), ("action", flt.action)))
    if flt.start:
        where.append("at >= ?")
        params.append(iso(flt.start))
    if flt.end:
        where.append("at < date(?, '+1 day')")
        params.append(iso(flt.end))
    if flt.text.strip():
        where.append(
            "(summary LIKE ? ESCAPE '\\' OR before LIKE ? ESCAPE '\\' OR after LIKE ? ESCAPE '\\')"
        )
        params += [like_pattern(flt.text.strip())] * 3
    columns = "id, at, os_user, action, record_type, record_id, summary"
    return PagedQuery(db, columns, "audit_log", where, params, AUDIT_SORT, "at DESC, id DESC")


def changes_of(db: Reader, audit_id: int) -> tuple[str | None, str | None]:
    """The before and after JSON of one audit row."""
    row = db.execute("SELECT before, after FROM audit_log WHERE id = ?", [audit_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)


def field_labels(record_type: str) -> dict[str, str]:
    """The Chinese names of a logged record's fields (settings: the settings list's labels;
    the whole database: its tables' names)."""
    from desktop_app.domain.audit_text import labels_for
    from desktop_app.registers import count_labels

    labels = dict(labels_for(record_type))
    if record_type == "settings":
        from desktop_app.storage.settings import BY_KEY

        labels |= {key: item.label for key, item in BY_KEY.items()}
    if record_type == "database":
        labels |= {table: label[1:] for table, label in count_labels().items()}  # "个问题"
    return labels


def change_text(db: Reader, audit_id: int) -> tuple[str, list[str]]:
    """What the 操作日志 shows of one row: a heading (修改内容 / 新增内容 / 删除的内容) and its
    lines in Chinese ("发证日期: 2021-12-20 → 2026-12-01")."""
    from desktop_app.domain.audit_text import change_lines

    row = db.execute(
        "SELECT record_type, before, after FROM audit_log WHERE id = ?", [audit_id]
    ).fetchone()
    if row is None:
        return "", []
    record_type, *raw = row
    before, after = (json.loads(text) if text else None for text in raw)
    heading = "修改内容" if before is not None and after is not None else "新增内容"
    if after is None:
        heading = "删除的内容" if before is not None else ""
    return heading, change_lines(before, after, field_labels(record_type), MASKED_FIELDS)


def mask_logged_numbers(db: Database) -> int:
    """Mask the full ID numbers that earlier versions wrote into the log; rows changed.

    A released migration calls it: what it does must never change.
    """
    found = db.execute(
        "SELECT id, summary, before, after FROM audit_log"
        " WHERE before LIKE '%\"id\\_number\"%' ESCAPE '\\'"
        " OR after LIKE '%\"id\\_number\"%' ESCAPE '\\'"
    ).fetchall()
    for audit_id, summary, before, after in found:
        values = [json.loads(text) if text else None for text in (before, after)]
        masked = private_json(values[0], values[1], summary)
        db.execute(
            "UPDATE audit_log SET before = ?, after = ?, summary = ? WHERE id = ?",
            [*masked, audit_id],
        )
    return len(found)
