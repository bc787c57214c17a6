"""销号 rules in storage (every path: GUI, CLI, undo) and deletes that would lose a sign-off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain import rectification as domain
from desktop_app.domain.errors import LockedError
from desktop_app.domain.signoff import SignOffRefused
from desktop_app.storage.settings import write_settings
from tests.rectification_data import completed

TABLES = ("inspections", "problems", "measures", "progress", "evidence", "audit_log")
DONE = date(2022, 6, 28)


def _state(db) -> dict[str, list]:
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


@pytest.fixture
def inspection_id(repo) -> int:
    return repo.add_inspection(domain.Inspection(name="市委第五巡察组巡察", kind="巡察"))


@pytest.fixture
def problem_id(repo, inspection_id) -> int:
    problem = domain.Problem(description="合法性审查不到位", inspection_id=inspection_id)
    return repo.add_problem(problem)


def _measure(repo, problem_id: int, content: str, status: domain.Status) -> int:
    values = completed(DONE) if status == domain.Status.COMPLETED else {"status": status}
    return repo.add_measure(domain.Measure(content=content, problem_id=problem_id, **values))


def _evidence(repo, folder: Path, problem_id: int, measure_id: int | None = None) -> int:
    source = folder / f"纪要{measure_id}.pdf"
    source.write_bytes(b"%PDF-1.7 minutes")
    return repo.evidence.add(problem_id, measure_id, source)


def _sign(repo, kind: str, record_id: int) -> None:
    repo.sign_off(kind, record_id, domain.SignOff(date(2022, 7, 8), "局整改工作组", "同意销号"))


def test_a_problem_is_refused_naming_every_measure_not_done(db, repo, problem_id, tmp_path):
    _measure(repo, problem_id, "修订合法性审查办法", domain.Status.COMPLETED)
    _measure(repo, problem_id, "开展合同清理", domain.Status.IN_PROGRESS)
    _measure(repo, problem_id, "常态化开展法治培训", domain.Status.LONG_TERM)
    _evidence(repo, tmp_path, problem_id)
    before = _state(db)
    with pytest.raises(SignOffRefused) as caught:
        _sign(repo, "problem", problem_id)
    text = str(caught.value)
    assert "措施2:开展合同清理(整改中)" in text
    assert "措施3:常态化开展法治培训(长期坚持)" in text
    assert "修订合法性审查办法" not in text and "佐证材料" not in text
    assert _state(db) == before


def test_long_term_measures_count_as_done_when_the_setting_allows(db, repo, problem_id, tmp_path):
    _measure(repo, problem_id, "修订合法性审查办法", domain.Status.COMPLETED)
    long_term = _measure(repo, problem_id, "常态化开展法治培训", domain.Status.LONG_TERM)
    _evidence(repo, tmp_path, problem_id)
    with pytest.raises(SignOffRefused, match="常态化开展法治培训"):
        _sign(repo, "problem", problem_id)
    write_settings(db, {"rectification.signoff_long_term": True})
    _evidence(repo, tmp_path, problem_id, long_term)
    _sign(repo, "measure", long_term)
    _sign(repo, "problem", problem_id)
    assert repo.get_problem(problem_id).signoff.by == "局整改工作组"


def test_evidence_is_required_by_default_and_a_measure_s_counts(db, repo, problem_id, tmp_path):
    measure_id = _measure(repo, problem_id, "修订合法性审查办法", domain.Status.COMPLETED)
    for kind, record_id, word in (("problem", problem_id, "问题"), ("measure", measure_id, "措施")):
        with pytest.raises(SignOffRefused) as caught:
            _sign(repo, kind, record_id)
        assert str(caught.value).startswith(f"该{word}暂不能销号")
        assert "尚未添加佐证材料" in str(caught.value)
    _evidence(repo, tmp_path, problem_id, measure_id)  # on the measure: enough for both
    _sign(repo, "measure", measure_id)
    _sign(repo, "problem", problem_id)


def test_without_the_evidence_setting_a_completed_problem_signs_off(db, repo, problem_id):
    _measure(repo, problem_id, "修订合法性审查办法", domain.Status.COMPLETED)
    write_settings(db, {"rectification.signoff_evidence": False})
    repo.check_sign_off("problem", problem_id)  # what the GUI asks before the form
    _sign(repo, "problem", problem_id)
    with pytest.raises(LockedError, match="已销号"):
        repo.check_sign_off("problem", problem_id)


def test_a_problem_holding_a_signed_off_measure_is_not_deleted(db, repo, problem_id, tmp_path):
    measure_id = _measure(repo, problem_id, "修订合法性审查办法", domain.Status.COMPLETED)
    _measure(repo, problem_id, "开展合同清理", domain.Status.IN_PROGRESS)
    _evidence(repo, tmp_path, problem_id, measure_id)
    _sign(repo, "measure", measure_id)
    before = _state(db)
    for attempt in (lambda: repo.check_deletable("problem", problem_id),
                    lambda: repo.delete_problem(problem_id)):  # fmt: skip
        with pytest.raises(LockedError) as caught:
            attempt()
        assert "措施1:修订合法性审查办法(已于 2022-07-08 销号)" in str(caught.value)
        assert "撤销销号" in str(caught.value)
    assert _state(db) == before
    repo.reopen("measure", measure_id, "问题需整体重新整改")
    repo.delete_problem(problem_id)
    assert db.execute("SELECT count(*) FROM measures").fetchone()[0] == 0


def test_an_inspection_holding_signed_off_items_is_not_deleted(
    db, repo, inspection_id, problem_id, tmp_path
):
    measure_id = _measure(repo, problem_id, "修订合法性审查办法", domain.Status.COMPLETED)
    _evidence(repo, tmp_path, problem_id, measure_id)
    _sign(repo, "problem", problem_id)
    other = repo.add_problem(
        domain.Problem(description="执法案卷不规范", inspection_id=inspection_id)
    )
    done = _measure(repo, other, "开展案卷评查", domain.Status.COMPLETED)
    _evidence(repo, tmp_path, other, done)
    _sign(repo, "measure", done)
    before = _state(db)
    with pytest.raises(LockedError) as caught:
        repo.delete_inspection(inspection_id, with_problems=True)
    text = str(caught.value)
    assert "2 个已销号的问题或措施" in text
    assert "问题1:合法性审查不到位(已于 2022-07-08 销号)" in text
    assert "问题2 的措施1(已于 2022-07-08 销号)" in text
    assert _state(db) == before
