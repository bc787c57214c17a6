"""The audit log query behind the 操作日志 page: filters in SQL."""

from __future__ import annotations

from datetime import date

from desktop_app.storage import audit


def _ids(db, **filters) -> list[int]:
    query = audit.audit_query(db, audit.AuditFilter(**filters))
    return [row["record_id"] for row in query.fetch(0, 100)]


def test_filters_by_type_action_date_and_text(db) -> None:
    with db.atomic():
        audit.record(db, "create", "problem", 1, after={"d": "完成率 100%"}, summary="新增问题")
        audit.record(db, "delete", "problem", 2, before={"d": "其他"}, summary="删除问题")
        audit.record(db, "create", "person", 3, after={"name": "张三"}, summary="新增人员")
    db.execute("UPDATE audit_log SET at = '2024-01-05 09:00:00' WHERE record_id = 3")
    assert _ids(db) == [2, 1, 3]  # newest first
    assert _ids(db, record_type="problem") == [2, 1]
    assert _ids(db, action="delete") == [2]
    assert _ids(db, text="100%") == [1]  # found in the after JSON, % taken literally
    assert _ids(db, text="完成%") == []  # not a wildcard: "完成率 100%" does not match
    assert _ids(db, start=date(2024, 1, 5), end=date(2024, 1, 5)) == [3]
    assert _ids(db, end=date(2024, 1, 4)) == []
    before, after = audit.changes_of(db, 1)
    assert before is None and "100%" in after
