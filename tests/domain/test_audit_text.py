"""操作日志 text: Chinese field names and values for every record type, never raw JSON."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest

from desktop_app.domain import draws, personnel, rectification, repeats, training
from desktop_app.domain.audit_text import change_lines, labels_for, value_text
from desktop_app.storage.audit import MASKED_FIELDS, field_labels, private_json

# Every record type the repositories log, with the record they log (its fields are the keys).
LOGGED = {
    "person": personnel.Person,
    "certificate": personnel.Certificate,
    "certificate_event": personnel.CertificateEvent,
    "qualification_exam": personnel.QualificationExam,
    "inspection": rectification.Inspection,
    "problem": rectification.Problem,
    "measure": rectification.Measure,
    "progress": rectification.ProgressEntry,
    "training_session": training.TrainingSession,
    "attendance": training.Attendance,
    "check_target": draws.Target,
    "check_matter": draws.Matter,
    "inspector": draws.InspectorProfile,
    "inspector_conflict": draws.Conflict,
    "check_result": draws.CheckResult,
    "recheck_round": repeats.RecheckRound,
    "recheck_item": repeats.RecheckItem,
}
# Keys logged as plain rows or nested records (seen in the repositories' audit rows).
ROWS = {
    "problem": ("signoff", "by", "date", "remark", "reason", "content", "problem_id"),
    "evidence": ("problem_id", "measure_id", "file_name", "size", "sha256", "added_at"),
    "escalation": ("date", "department", "doc_no", "level", "measure_id", "notice_id", "warning"),
    "escalation_notice": ("addressee", "date", "doc_no", "level", "texts", "title"),
    "problem_repeat": ("earlier_id", "score", "state", "decided_at", "decided_by", "note"),
    "attendance": ("ids", "person_ids", "name", "unit", "department", "post"),
    "draw": (*(f.name for f in fields(draws.DrawPlan)), "plan", "seed", "record_hash"),
    "training_session": ("addressee", "requirements", "sign_date", "cc", "exam_place"),
    "database": ("backup", "safety_copy", "counts", "create", "skip", "update", "problems"),
    "settings": ("personnel.validity_years", "rectification.signoff_evidence"),
}
CHINESE = re.compile(r"^[\u4e00-\u9fff]")  # a name that starts in Chinese (not the key)


@pytest.mark.parametrize("record_type", sorted(LOGGED))
def test_every_field_of_a_logged_record_has_a_chinese_name(record_type: str) -> None:
    labels = field_labels(record_type)
    for field in fields(LOGGED[record_type]):
        assert CHINESE.match(labels.get(field.name, field.name)), (record_type, field.name)


@pytest.mark.parametrize("record_type", sorted(ROWS))
def test_every_logged_row_key_has_a_chinese_name(record_type: str) -> None:
    labels = field_labels(record_type)
    for key in ROWS[record_type]:
        assert CHINESE.match(labels.get(key, key)), (record_type, key)


def test_a_certificate_correction_reads_as_field_old_and_new() -> None:
    before = {"number": "A1", "issue_date": "2021-12-20", "status": "有效", "notes": ""}
    after = {"number": "A1", "issue_date": "2026-12-01", "status": "有效", "notes": "补录"}
    lines = change_lines(before, after, labels_for("certificate"), MASKED_FIELDS)
    assert lines == ["发证日期: 2021-12-20 → 2026-12-01", "备注: (空) → 补录"]


def test_a_changed_id_number_shows_masked_with_a_mark() -> None:
    person = {"name": "王建国", "id_number": "410699198005170015", "phone": ""}
    edited = {**person, "id_number": "410699198005171234", "phone": "13900001111"}
    before_json, after_json, _summary = private_json(person, edited, "王建国")
    import json

    lines = change_lines(
        json.loads(before_json or ""),
        json.loads(after_json or ""),
        labels_for("person"),
        MASKED_FIELDS,
    )
    assert lines == ["身份证号: 410699********1234 (已修改)", "联系电话: (空) → 13900001111"]
    assert all("410699198005" not in line for line in lines)


def test_created_and_deleted_records_list_their_values() -> None:
    exam = {"kind": "公共法律知识", "date": "2022-05-01", "score": 86.0, "passed": True, "id": 3}
    labels = labels_for("qualification_exam")
    shown = [
        "考试类别: 公共法律知识",
        "考试日期: 2022-05-01",
        "成绩: 86",
        "是否合格: 是",
        "编号: 3",
    ]
    assert change_lines(None, exam, labels, MASKED_FIELDS) == shown
    assert change_lines(exam, None, labels, MASKED_FIELDS) == shown


def test_nested_records_are_opened_up_with_their_labels() -> None:
    after = {"plan": {"count": 9, "quotas": [{"agency": "科技", "count": 2}]}, "seed": "abc"}
    lines = change_lines(None, after, labels_for("draw"), MASKED_FIELDS)
    assert lines == ["抽取方案·抽取数量: 9", "抽取方案·各部门人数: 1 项", "随机种子: abc"]
    assert value_text(["法治", "宪法"]) == "法治、宪法" and value_text(False) == "否"
