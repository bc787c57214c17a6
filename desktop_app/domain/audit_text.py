"""How the 操作日志 shows a change: Chinese field names and values, never raw JSON.

Each register's domain module declares ``AUDIT_LABELS`` (record type → field → label, the
forms' labels) beside its records; the labels every record shares, the notice texts' and the
whole-database rows' are here. A change reads "发证日期: 2021-12-20 → 2026-12-01"; a masked
field (身份证号) shows its masked value and "(已修改)" when the log notes that it changed.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import Any

from desktop_app.registers import REGISTERS

EMPTY = "(空)"
CHANGED_MARK = "(已修改)"
NOTE_KEY = "changed"  # the log's list of "身份证号已变更" notes (storage.audit.private_json)

COMMON_LABELS = {
    "id": "编号",
    "notes": "备注",
    "created_at": "创建时间",
    "updated_at": "修改时间",
    # what an undo logs (storage.undo)
    "undone": "撤销的操作",
    "audit_ids": "日志编号",
}
# The editable texts of a notice or report (domain.notices.NoticeTexts).
NOTICE_LABELS = {
    "title": "标题",
    "issuer": "发文机关标志",
    "doc_no": "发文字号",
    "red_header": "使用红头",
    "addressee": "主送机关",
    "opening": "开头",
    "time_place": "时间地点",
    "participants": "参加人员",
    "content": "学习内容",
    "requirements": "有关要求",
    "next_steps": "下一步工作打算",
    "practices": "工作做法",
    "closing": "结束语",
    "reading": "标题的读法",
    "stat_date": "统计截止日期",
    "exam_time": "换证考试时间",
    "exam_place": "换证考试地点",
    "attachment": "附件",
    "contact": "联系人及电话",
    "cc": "抄送",
    "signature": "落款",
    "sign_date": "成文日期",
}
# Rows about the whole database: import, demo, restore, an import put back.
DATABASE_LABELS = {
    "backup": "备份文件",
    "safety_copy": "恢复前数据的另存副本",
    "counts": "条数",
    "create": "新增",
    "update": "更新",
    "skip": "跳过",
    "by_status": "按状态",
    "facts": "巡察信息",
    "inspection": "巡察",
    "sessions": "学法培训",
    "attendance": "出勤记录",
    "scale": "规模",
    "today": "日期",
    "file": "文件",
    "kind": "种类",
    "sheet": "工作表",
    "name": "名称",
}
_SHARED_BY = {"training_session": NOTICE_LABELS, "escalation_notice": NOTICE_LABELS}


@cache
def labels_for(record_type: str) -> dict[str, str]:
    """Field → Chinese label for one audited record type, in the order the fields are shown:
    its register's map first (the form's order), then the shared names it does not set."""
    labels: dict[str, str] = {}
    for register in REGISTERS:
        module = importlib.import_module(f"desktop_app.domain.{register.key}")
        labels |= getattr(module, "AUDIT_LABELS", {}).get(record_type, {})
    if record_type == "database":  # an import names the inspection it went into ("facts")
        labels |= labels_for("inspection") | DATABASE_LABELS
    for shared in (_SHARED_BY.get(record_type, {}), COMMON_LABELS):
        labels |= {key: label for key, label in shared.items() if key not in labels}
    return labels


def value_text(value: Any) -> str:
    """A logged value as the clerk reads it: 是/否, whole numbers without .0, lists joined."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "、".join(value_text(v) for v in value)
        return f"{len(value)} 项"
    return " / ".join(str(value).splitlines()) or EMPTY


def flatten(value: Any, labels: Mapping[str, str], prefix: str = "") -> dict[str, Any]:
    """Label path ("抽取方案·抽取数量") → plain value, nested records opened up."""
    if not isinstance(value, dict):
        return {} if value is None else {prefix or "内容": value}
    found: dict[str, Any] = {}
    order = {key: index for index, key in enumerate(labels)}  # the form's order, unknown last
    for key, item in sorted(value.items(), key=lambda pair: order.get(pair[0], len(order))):
        if key == NOTE_KEY and not prefix:
            continue
        label = labels.get(key, key)
        path = f"{prefix}·{label}" if prefix else label
        if isinstance(item, dict) and item:
            found |= flatten(item, labels, path)
        else:
            found[path] = item
    return found


def change_lines(
    before: Any, after: Any, labels: Mapping[str, str], masked: Mapping[str, str]
) -> list[str]:
    """The lines of one audit row: what changed ("标签: 旧 → 新"), or what was created or
    deleted ("标签: 值"); ``masked`` maps a masked field to its label."""
    notes = after.get(NOTE_KEY, []) if isinstance(after, dict) else []
    marked = {label for label in masked.values() if any(n.startswith(label) for n in notes)}
    old, new = flatten(before, labels), flatten(after, labels)
    if before is not None and after is not None:
        lines = []
        for path in dict.fromkeys([*new, *old]):
            was, now = old.get(path), new.get(path)
            if path in marked:
                lines.append(f"{path}: {value_text(now)} {CHANGED_MARK}")
            elif was != now and path in new:
                lines.append(f"{path}: {value_text(was)} → {value_text(now)}")
        return lines
    shown = new if after is not None else old
    return [f"{path}: {value_text(v)}" for path, v in shown.items() if value_text(v) != EMPTY]
