"""Repository writes: one audit row per change, failed saves change nothing, the sign-off lock."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import rectification as domain
from desktop_app.domain.errors import LockedError, UserError, ValidationError
from desktop_app.domain.signoff import SignOffRefused
from desktop_app.storage.rectification.queries import ProblemFilter, problem_query
from tests.rectification_data import completed

TABLES = ("inspections", "problems", "measures", "progress", "evidence", "evidence_blobs")


def _state(db) -> dict[str, list]:
    return {
        t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in (*TABLES, "audit_log")
    }


def _audit(db) -> list[dict]:
    cursor = db.execute("SELECT * FROM audit_log ORDER BY id")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _one_new_row(db, seen: int, action: str, record_type: str, record_id) -> dict:
    rows = _audit(db)[seen:]
    assert len(rows) == 1, rows
    row = rows[0]
    assert (row["action"], row["record_type"], row["record_id"]) == (action, record_type, record_id)
    assert row["os_user"] and row["at"][:4].isdigit()
    return row


@pytest.fixture
def problem_id(repo) -> int:
    inspection_id = repo.add_inspection(
        domain.Inspection(name="依法行政专项巡察", kind="专项巡察", feedback_date=date(2022, 4, 19))
    )
    return repo.add_problem(
        domain.Problem(
            description="制度建设不健全", category="制度建设不健全", inspection_id=inspection_id
        )
    )


def _done_measure(repo, problem_id: int) -> int:
    return repo.add_measure(
        domain.Measure(
            content="建立舆情应急处置方案", problem_id=problem_id, **completed(date(2022, 6, 28))
        )
    )


def _evidence(repo, folder: Path, problem_id: int, measure_id: int | None = None) -> int:
    """Attach a small evidence file (the 销号 rules ask for one by default)."""
    source = folder / f"佐证{problem_id}-{measure_id}.pdf"
    source.write_bytes(b"%PDF-1.7 minutes")
    return repo.evidence.add(problem_id, measure_id, source)


def test_every_change_writes_exactly_one_audit_row(db, repo, db_path: Path) -> None:
    seen = len(_audit(db))
    inspection_id = repo.add_inspection(domain.Inspection(name="审计整改", kind="审计"))
    row = _one_new_row(db, seen, "create", "inspection", inspection_id)
    assert row["before"] is None and json.loads(row["after"])["name"] == "审计整改"

    seen += 1
    problem_id = repo.add_problem(
        domain.Problem(description="合同审查不严", inspection_id=inspection_id)
    )
    assert json.loads(_one_new_row(db, seen, "create", "problem", problem_id)["after"])["seq"] == 1

    seen += 1
    problem = repo.get_problem(problem_id)
    problem.description = "合同合法性审查不严格"
    repo.update_problem(problem)
    row = _one_new_row(db, seen, "update", "problem", problem_id)
    assert json.loads(row["before"])["description"] == "合同审查不严"
    assert json.loads(row["after"])["description"] == "合同合法性审查不严格"

    seen += 1
    measure_id = _done_measure(repo, problem_id)
    row = _one_new_row(db, seen, "create", "measure", measure_id)
    assert json.loads(row["after"])["status"] == "已完成"

    seen += 1
    entry = domain.ProgressEntry(date(2022, 6, 28), "办公室", "方案已印发", problem_id, measure_id)
    progress_id = repo.add_progress(entry)
    assert (
        json.loads(_one_new_row(db, seen, "create", "progress", progress_id)["after"])["text"]
        == "方案已印发"
    )

    seen += 1
    source = db_path.parent / "方案.docx"
    source.write_bytes(b"PK\x03\x04 fake docx")
    evidence_id = repo.evidence.add(problem_id, measure_id, source)
    row = _one_new_row(db, seen, "create", "evidence", evidence_id)
    assert json.loads(row["after"])["file_name"] == "方案.docx"

    seen += 1
    repo.sign_off(
        "problem", problem_id, domain.SignOff(date(2022, 7, 8), "局整改工作组", "同意销号")
    )
    row = _one_new_row(db, seen, "signoff", "problem", problem_id)
    assert row["before"] is None and json.loads(row["after"])["by"] == "局整改工作组"

    seen += 1
    repo.reopen("problem", problem_id, "回头看需补充材料")
    row = _one_new_row(db, seen, "reopen", "problem", problem_id)
    assert json.loads(row["before"])["date"] == "2022-07-08"
    assert json.loads(row["after"]) == {"reason": "回头看需补充材料"}

    seen += 1
    repo.evidence.delete(evidence_id)
    _one_new_row(db, seen, "delete", "evidence", evidence_id)

    seen += 1
    repo.delete_measure(measure_id)
    row = _one_new_row(db, seen, "delete", "measure", measure_id)
    assert json.loads(row["before"])["content"] == "建立舆情应急处置方案" and row["after"] is None

    seen += 1
    repo.delete_problem(problem_id)
    _one_new_row(db, seen, "delete", "problem", problem_id)

    seen += 1
    repo.delete_inspection(inspection_id)
    _one_new_row(db, seen, "delete", "inspection", inspection_id)


def _bad_saves(repo, problem_id: int):
    measure_id = repo.add_measure(domain.Measure(content="修订执法制度", problem_id=problem_id))

    def completed_without_date():
        measure = repo.get_measure(measure_id)
        measure.status = domain.Status.COMPLETED
        repo.update_measure(measure)

    def open_with_date():
        problem = repo.get_problem(problem_id)
        problem.completion_date = date(2022, 5, 1)
        repo.update_problem(problem)

    def empty_description():
        repo.add_problem(
            domain.Problem(
                description="   ", inspection_id=repo.get_problem(problem_id).inspection_id
            )
        )

    def empty_measure():
        repo.add_measure(domain.Measure(content="", problem_id=problem_id))

    def unknown_way():
        repo.add_measure(
            domain.Measure(
                content="x", problem_id=problem_id, **completed(date(2022, 5, 1), "马上就改")
            )
        )

    def empty_inspection_name():
        repo.add_inspection(domain.Inspection(name=" "))

    def unknown_kind():
        repo.add_inspection(domain.Inspection(name="x", kind="巡游"))

    def empty_progress():
        repo.add_progress(domain.ProgressEntry(date(2022, 5, 1), "", "  ", problem_id, measure_id))

    def missing_evidence_file():
        repo.evidence.add(problem_id, None, Path("/没有/这个/文件.pdf"))

    return [
        completed_without_date,
        open_with_date,
        empty_description,
        empty_measure,
        unknown_way,
        empty_inspection_name,
        unknown_kind,
        empty_progress,
        missing_evidence_file,
    ]


@pytest.mark.parametrize("index", range(9))
def test_failed_save_changes_nothing_and_logs_nothing(db, repo, problem_id, index) -> None:
    save = _bad_saves(repo, problem_id)[index]
    before = _state(db)
    with pytest.raises(UserError):
        save()
    assert _state(db) == before


def test_validation_errors_name_the_field(repo, problem_id) -> None:
    with pytest.raises(ValidationError) as caught:
        repo.add_problem(domain.Problem(description="", inspection_id=1))
    assert caught.value.field == "问题描述"
    with pytest.raises(ValidationError) as caught:
        repo.add_measure(
            domain.Measure(content="x", status=domain.Status.COMPLETED, problem_id=problem_id)
        )
    assert caught.value.field == "完成时间"


def test_signed_off_problem_is_locked_until_reopened(db, repo, problem_id, db_path: Path) -> None:
    measure_id = _done_measure(repo, problem_id)
    assert repo.get_problem(problem_id).status == domain.Status.COMPLETED
    _evidence(repo, db_path.parent, problem_id)
    repo.sign_off("problem", problem_id, domain.SignOff(date(2022, 7, 8), "局整改工作组"))
    source = db_path.parent / "照片.jpg"
    source.write_bytes(b"\xff\xd8\xff")
    before = _state(db)
    attempts = [
        lambda: repo.update_problem(repo.get_problem(problem_id)),
        lambda: repo.delete_problem(problem_id),
        lambda: repo.add_measure(domain.Measure(content="新措施", problem_id=problem_id)),
        lambda: repo.update_measure(repo.get_measure(measure_id)),
        lambda: repo.delete_measure(measure_id),
        lambda: repo.add_progress(domain.ProgressEntry(date(2022, 8, 1), "", "进展", problem_id)),
        lambda: repo.evidence.add(problem_id, None, source),
        lambda: repo.sign_off("problem", problem_id, domain.SignOff(date(2022, 8, 1), "又一次")),
    ]
    for attempt in attempts:
        with pytest.raises(LockedError):
            attempt()
    assert _state(db) == before
    with pytest.raises(ValidationError, match="撤销理由"):
        repo.reopen("problem", problem_id, "  ")
    assert _state(db) == before
    repo.reopen("problem", problem_id, "回头看发现问题反弹")
    repo.add_progress(domain.ProgressEntry(date(2022, 8, 1), "", "重新整改", problem_id))
    assert repo.progress_of(problem_id)[0].text == "重新整改"


def test_signed_off_measure_is_locked(repo, problem_id, tmp_path: Path) -> None:
    measure_id = _done_measure(repo, problem_id)
    _evidence(repo, tmp_path, problem_id, measure_id)
    repo.sign_off("measure", measure_id, domain.SignOff(date(2022, 7, 1), "工作组"))
    with pytest.raises(LockedError):
        repo.update_measure(repo.get_measure(measure_id))
    with pytest.raises(LockedError):
        repo.add_progress(domain.ProgressEntry(date(2022, 8, 1), "", "x", problem_id, measure_id))
    # The problem itself stays editable.
    problem = repo.get_problem(problem_id)
    problem.leader = "分管副局长"
    repo.update_problem(problem)


def test_sign_off_rules(repo, problem_id, tmp_path: Path) -> None:
    open_measure = repo.add_measure(domain.Measure(content="仍在整改", problem_id=problem_id))
    with pytest.raises(SignOffRefused, match="只有“已完成”的措施才能销号"):
        repo.sign_off("measure", open_measure, domain.SignOff(date(2022, 7, 1), "工作组"))
    with pytest.raises(SignOffRefused, match=re.escape("措施1:仍在整改(未启动)")):
        repo.sign_off("problem", problem_id, domain.SignOff(date(2022, 7, 1), "工作组"))
    done = _done_measure(repo, problem_id)
    _evidence(repo, tmp_path, problem_id, done)
    with pytest.raises(ValidationError) as caught:
        repo.sign_off("measure", done, domain.SignOff(date(2022, 6, 27), "工作组"))
    assert caught.value.field == "销号日期"
    with pytest.raises(ValidationError, match="销号人"):
        repo.sign_off("measure", done, domain.SignOff(date(2022, 6, 28), " "))
    repo.sign_off("measure", done, domain.SignOff(date(2022, 6, 28), "工作组"))
    with pytest.raises(UserError, match="尚未销号"):
        repo.reopen("measure", open_measure, "理由")


def test_problem_status_follows_its_measures(repo, problem_id) -> None:
    first = repo.add_measure(domain.Measure(content="一", problem_id=problem_id))
    assert repo.get_problem(problem_id).status == domain.Status.NOT_STARTED
    _done_measure(repo, problem_id)
    assert repo.get_problem(problem_id).status == domain.Status.IN_PROGRESS
    measure = repo.get_measure(first)
    measure.status = domain.Status.LONG_TERM
    repo.update_measure(measure)
    assert repo.get_problem(problem_id).status == domain.Status.LONG_TERM
    measure.status, measure.completion_date = domain.Status.COMPLETED, date(2022, 9, 1)
    repo.update_measure(measure)
    problem = repo.get_problem(problem_id)
    assert (problem.status, problem.completion_date) == (domain.Status.COMPLETED, date(2022, 9, 1))
    repo.delete_measure(first)
    assert repo.get_problem(problem_id).completion_date == date(2022, 6, 28)


def test_inspection_with_problems_is_not_deleted_silently(db, repo, problem_id) -> None:
    inspection_id = repo.get_problem(problem_id).inspection_id
    before = _state(db)
    with pytest.raises(UserError, match="1 个问题"):
        repo.delete_inspection(inspection_id)
    assert _state(db) == before
    assert repo.inspection_size(inspection_id) == (1, 0)


@pytest.mark.parametrize(
    "text",
    ["𠀀𪚥𰻞 生僻字", "表情 😀👍🏽 与 ZWJ 👨‍👩‍👧", "引号“”‘’「」 % _ \\ ' \" =1+1", "长" * 10_000],
)
def test_any_unicode_round_trips(db, repo, problem_id, text: str) -> None:
    inspection_id = repo.add_inspection(domain.Inspection(name=text, notes=text))
    new_problem = repo.add_problem(
        domain.Problem(
            description=text, category=text[:50], leader=text[:20], inspection_id=inspection_id
        )
    )
    measure_id = repo.add_measure(
        domain.Measure(content=text, resp_depts=text, problem_id=new_problem)
    )
    repo.add_progress(
        domain.ProgressEntry(date(2023, 5, 22), text[:10], text, new_problem, measure_id)
    )
    assert repo.get_inspection(inspection_id).name == text
    problem = repo.get_problem(new_problem, with_measures=True)
    assert problem.description == text and problem.category == text[:50]
    assert problem.measures[0].content == text and problem.measures[0].resp_depts == text
    assert repo.progress_of(new_problem)[0].text == text
    found = problem_query(
        db, ProblemFilter(text=text[:40]), date(2023, 5, 22), domain.WarningRules()
    )
    [row] = [r for r in found.fetch(0, 10) if r["id"] == new_problem]
    assert row["description"] == text
