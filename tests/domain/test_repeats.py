"""屡查屡犯's text similarity and 回头看's outcomes."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.repeats import (
    Earlier,
    Matcher,
    Outcome,
    check_outcome,
    normalise,
    similarity,
)


def test_punctuation_and_spaces_do_not_count() -> None:
    assert normalise("合同管理 不规范,审核把关不严。") == normalise("合同管理不规范，审核把关不严")
    assert similarity("合同管理不规范", "合同管理不规范。") == 100


def test_a_rewording_is_alike_and_a_different_problem_is_not() -> None:
    assert similarity("行政执法公示不及时", "行政执法公示信息更新不及时") >= 80
    long = "规范性文件备案审查落实不到位,存在流于形式现象(抽查48件,发现9件)"
    assert similarity("规范性文件备案审查落实不到位", long) >= 85  # found inside the longer
    assert (
        similarity("经济合同签订跟踪问效不够,整改效果不明显", "年度法治工作计划跟踪问效不够") < 75
    )
    assert similarity("执法", "执法证件管理不规范") < 75  # too short to be found inside


def test_the_matcher_finds_the_most_similar_earlier_problems() -> None:
    earlier = [
        Earlier(1, "合同管理制度不健全，审核把关不严"),
        Earlier(2, "合同管理制度不健全，审核把关不严"),  # the same text twice: both found
        Earlier(3, "执法案卷评查不规范"),
    ]
    matcher = Matcher(earlier, threshold=75)
    found = matcher.matches(9, "合同管理制度不健全,合法性审核把关不严")
    assert [m.earlier_id for m in found] == [1, 2]
    assert found[0].score >= 75
    assert matcher.matches(9, "合同管理制度不健全,合法性审核把关不严", skip=[1, 2]) == []
    assert matcher.matches(9, "领导干部学法不够系统") == []


def test_reopening_needs_a_reason_and_an_outcome_is_dated() -> None:
    with pytest.raises(ValidationError, match="重新整改理由"):
        check_outcome(Outcome.REOPENED, "  ", date(2024, 12, 20), "法规科")
    with pytest.raises(ValidationError, match="复查结论"):
        check_outcome(Outcome.PENDING, "", date(2024, 12, 20), "法规科")
    with pytest.raises(ValidationError, match="复查日期"):
        check_outcome(Outcome.CONFIRMED, "", None, "法规科")
    assert check_outcome("整改到位", "", date(2024, 12, 20), "法规科")[0] == Outcome.CONFIRMED
