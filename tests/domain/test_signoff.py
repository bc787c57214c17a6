"""销号 rules in words: what blocks a problem or a measure, under each setting."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import LockedError, ValidationError
from desktop_app.domain.rectification import Measure, Problem, SignOff, Status
from desktop_app.domain.signoff import (
    SHOWN_MEASURES,
    SignOffRefused,
    SignOffRules,
    check_refusals,
    check_signoff_date,
    measure_refusals,
    problem_refusals,
)

DEFAULT = SignOffRules()
LONG_TERM_OK = SignOffRules(signoff_long_term=True)
NO_EVIDENCE = SignOffRules(signoff_evidence=False)


def _measure(seq: int, status: Status, content: str = "修订合法性审查办法") -> Measure:
    return Measure(content, seq=seq, status=status)


def test_every_measure_not_done_is_named_with_its_status() -> None:
    problem = Problem("合法性审查不到位", status=Status.IN_PROGRESS)
    measures = [
        _measure(1, Status.COMPLETED),
        _measure(2, Status.IN_PROGRESS, "开展合同清理"),
        _measure(3, Status.LONG_TERM, "常态化开展法治培训" * 5),
    ]
    [blocking, evidence] = problem_refusals(problem, measures, 0, DEFAULT)
    assert "措施2:开展合同清理(整改中)" in blocking
    assert "措施3:" + ("常态化开展法治培训" * 5)[:29] + "…(长期坚持)" in blocking
    assert "措施1" not in blocking
    assert "佐证材料" in evidence
    assert problem_refusals(problem, measures, 1, NO_EVIDENCE) == [blocking]


def test_long_term_counts_as_done_only_when_the_setting_allows() -> None:
    problem = Problem("学法制度不健全", status=Status.LONG_TERM)
    measures = [_measure(1, Status.COMPLETED), _measure(2, Status.LONG_TERM)]
    assert problem_refusals(problem, measures, 1, LONG_TERM_OK) == []
    [reason] = problem_refusals(problem, measures, 1, DEFAULT)
    assert "措施2" in reason and "只有“已完成”的措施" in reason
    assert problem_refusals(Problem("无措施", status=Status.LONG_TERM), [], 1, LONG_TERM_OK) == []
    [own] = problem_refusals(Problem("无措施", status=Status.LONG_TERM), [], 1, DEFAULT)
    assert own.startswith("问题状态为“长期坚持”")


def test_a_long_list_of_blocking_measures_is_cut_with_a_count() -> None:
    measures = [_measure(n, Status.NOT_STARTED) for n in range(1, SHOWN_MEASURES + 4)]
    [reason] = problem_refusals(Problem("问题"), measures, 1, DEFAULT)
    assert reason.count("\n  措施") == SHOWN_MEASURES
    assert reason.endswith("……另有 3 项")


def test_a_measure_needs_its_own_evidence_and_an_open_problem() -> None:
    done = _measure(1, Status.COMPLETED)
    problem = Problem("问题")
    assert measure_refusals(done, problem, 1, DEFAULT) == []
    assert measure_refusals(done, problem, 0, NO_EVIDENCE) == []
    assert "该措施尚未添加佐证材料" in measure_refusals(done, problem, 0, DEFAULT)[0]
    signed = Problem("问题", signoff=SignOff(date(2022, 7, 1), "工作组"))
    assert measure_refusals(done, signed, 1, DEFAULT) == ["所属问题已销号,措施不能再单独销号。"]


def test_refusals_raise_one_message_and_a_repeat_is_locked() -> None:
    check_refusals("问题", [], False)
    with pytest.raises(SignOffRefused) as caught:
        check_refusals("问题", ["甲。", "乙。"], False)
    assert str(caught.value) == "该问题暂不能销号:\n甲。\n乙。"
    with pytest.raises(LockedError, match="已销号"):
        check_refusals("问题", ["该问题已销号,不能重复销号。"], True)
    check_signoff_date(date(2022, 7, 1), date(2022, 7, 1))
    with pytest.raises(ValidationError, match="销号日期不能早于完成时间"):
        check_signoff_date(date(2022, 6, 30), date(2022, 7, 1))
