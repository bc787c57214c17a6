"""Status derivation, the three warning colours and the sign-off rules."""

from datetime import date, timedelta

import pytest

from desktop_app.domain.errors import LockedError, ValidationError
from desktop_app.domain.rectification import (
    Alert,
    SignOff,
    Status,
    WarningRules,
    check_can_sign_off,
    check_status_fields,
    deadline_warning,
    derive_problem_status,
    ensure_editable,
    is_open,
    require_text,
    warning_for,
)

S = Status
TODAY = date(2022, 10, 11)
RULES = WarningRules(lead_days=14, stall_days=30)


@pytest.mark.parametrize(
    ("measures", "own", "expected"),
    [
        ([], S.IN_PROGRESS, S.IN_PROGRESS),
        ([], S.COMPLETED, S.COMPLETED),
        ([S.COMPLETED, S.COMPLETED], S.NOT_STARTED, S.COMPLETED),
        ([S.COMPLETED, S.LONG_TERM], S.NOT_STARTED, S.LONG_TERM),
        ([S.LONG_TERM], S.COMPLETED, S.LONG_TERM),
        ([S.NOT_STARTED, S.NOT_STARTED], S.COMPLETED, S.NOT_STARTED),
        ([S.NOT_STARTED, S.COMPLETED], S.NOT_STARTED, S.IN_PROGRESS),
        ([S.IN_PROGRESS, S.COMPLETED, S.LONG_TERM], S.NOT_STARTED, S.IN_PROGRESS),
        ([S.NOT_STARTED, S.LONG_TERM], S.NOT_STARTED, S.IN_PROGRESS),
    ],
)
def test_problem_status_follows_measures(measures, own, expected) -> None:
    assert derive_problem_status(measures, own) == expected


def test_only_not_started_and_in_progress_are_open() -> None:
    assert [s for s in Status if is_open(s)] == [S.NOT_STARTED, S.IN_PROGRESS]


def _warn(status, deadline_days=None, activity_days_ago=None) -> Alert:
    deadline = TODAY + timedelta(days=deadline_days) if deadline_days is not None else None
    activity = TODAY - timedelta(days=activity_days_ago) if activity_days_ago is not None else None
    return warning_for(status, deadline, activity, TODAY, RULES)


def test_each_colour() -> None:
    assert _warn(S.IN_PROGRESS, deadline_days=-1, activity_days_ago=1) == Alert.OVERDUE
    assert _warn(S.IN_PROGRESS, deadline_days=60, activity_days_ago=31) == Alert.STALLED
    assert _warn(S.NOT_STARTED, deadline_days=14, activity_days_ago=0) == Alert.NEAR
    assert _warn(S.IN_PROGRESS, deadline_days=15, activity_days_ago=30) == Alert.NONE


def test_boundaries() -> None:
    assert _warn(S.IN_PROGRESS, deadline_days=0) == Alert.NEAR  # due today: not yet overdue
    assert _warn(S.IN_PROGRESS, deadline_days=-1) == Alert.OVERDUE
    assert _warn(S.IN_PROGRESS, activity_days_ago=30) == Alert.NONE
    assert _warn(S.IN_PROGRESS, activity_days_ago=31) == Alert.STALLED
    assert _warn(S.IN_PROGRESS) == Alert.NONE  # no deadline, no activity known


def test_precedence_red_beats_yellow_beats_blue() -> None:
    assert _warn(S.IN_PROGRESS, deadline_days=-5, activity_days_ago=100) == Alert.OVERDUE
    assert _warn(S.IN_PROGRESS, deadline_days=3, activity_days_ago=100) == Alert.STALLED


def test_completed_never_warns_and_long_term_only_stalls() -> None:
    assert _warn(S.COMPLETED, deadline_days=-30, activity_days_ago=300) == Alert.NONE
    assert _warn(S.LONG_TERM, deadline_days=-30, activity_days_ago=1) == Alert.NONE
    assert _warn(S.LONG_TERM, deadline_days=3, activity_days_ago=1) == Alert.NONE
    assert _warn(S.LONG_TERM, deadline_days=-30, activity_days_ago=45) == Alert.STALLED


def test_rules_are_settings() -> None:
    rules = WarningRules(lead_days=30, stall_days=7)
    deadline = TODAY + timedelta(days=25)
    assert warning_for(S.IN_PROGRESS, deadline, TODAY, TODAY, rules) == Alert.NEAR
    stalled_at = TODAY - timedelta(days=8)
    assert warning_for(S.IN_PROGRESS, None, stalled_at, TODAY, rules) == Alert.STALLED


def test_status_and_completion_date_must_agree() -> None:
    check_status_fields(S.COMPLETED, date(2022, 5, 31), "即知即改")
    check_status_fields(S.IN_PROGRESS, None, "")
    with pytest.raises(ValidationError) as caught:
        check_status_fields(S.COMPLETED, None, "")
    assert caught.value.field == "完成时间"
    with pytest.raises(ValidationError, match="完成时间"):
        check_status_fields(S.IN_PROGRESS, date(2022, 5, 31), "")
    with pytest.raises(ValidationError) as caught:
        check_status_fields(S.COMPLETED, date(2022, 5, 31), "马上改")
    assert caught.value.field == "完成方式"


def test_sign_off_only_when_completed_and_not_before_completion() -> None:
    done = date(2022, 5, 31)
    check_can_sign_off(S.COMPLETED, None, done, done)
    with pytest.raises(ValidationError, match="只有“已完成”"):
        check_can_sign_off(S.IN_PROGRESS, None, done, None)
    with pytest.raises(ValidationError, match="只有“已完成”"):
        check_can_sign_off(S.LONG_TERM, None, done, None)
    with pytest.raises(ValidationError) as caught:
        check_can_sign_off(S.COMPLETED, None, done - timedelta(days=1), done)
    assert caught.value.field == "销号日期"
    with pytest.raises(LockedError, match="重复销号"):
        check_can_sign_off(S.COMPLETED, SignOff(done, "工作组"), done, done)


def test_signed_off_item_is_read_only() -> None:
    ensure_editable(None)
    with pytest.raises(LockedError, match="撤销销号"):
        ensure_editable(SignOff(date(2022, 6, 10), "局整改工作组"))


def test_deadline_before_feedback_warns_without_blocking() -> None:
    feedback = date(2022, 4, 19)
    assert "早于反馈日期" in deadline_warning(date(2022, 4, 1), feedback)
    assert deadline_warning(date(2022, 4, 19), feedback) == ""
    assert deadline_warning(None, feedback) == ""
    assert deadline_warning(date(2022, 4, 1), None) == ""


def test_required_text_is_stripped_or_refused() -> None:
    assert require_text("  问题  ", "问题描述") == "问题"
    with pytest.raises(ValidationError) as caught:
        require_text(" \n ", "问题描述")
    assert caught.value.field == "问题描述"
