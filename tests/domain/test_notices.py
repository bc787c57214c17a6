"""One notice-texts type for every notice and report: kept as plain values, read back whole."""

from __future__ import annotations

import json
from datetime import date

from desktop_app.domain.notices import NoticeTexts


def test_texts_survive_the_settings_table_as_json() -> None:
    texts = NoticeTexts(
        title="关于办理行政执法证件换证和年审的通知",
        red_header=True,
        requirements="请按时办理。\n逾期暂停执法。",
        sign_date=date(2025, 3, 1),
    )
    stored = json.loads(json.dumps(texts.to_json(), ensure_ascii=False))
    assert stored["sign_date"] == "2025-03-01"
    assert NoticeTexts.from_json(stored) == texts


def test_texts_of_another_version_keep_what_this_one_knows() -> None:
    older = {"title": "通报", "next_steps": "继续整改", "sign_date": None}
    newer = {**older, "exam_place": "市党校", "sign_date": "2024-12-31"}
    assert NoticeTexts.from_json(older) == NoticeTexts(title="通报", next_steps="继续整改")
    assert NoticeTexts.from_json(newer).sign_date == date(2024, 12, 31)
    assert NoticeTexts.from_json(None) == NoticeTexts()


def test_dated_changes_only_the_date() -> None:
    texts = NoticeTexts(title="培训通知", contact="王明")
    redated = texts.dated(date(2022, 10, 11))
    assert (redated.title, redated.contact, redated.sign_date) == (
        "培训通知",
        "王明",
        date(2022, 10, 11),
    )
    assert texts.sign_date is None  # the original is untouched
