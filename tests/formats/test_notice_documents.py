"""The renewal notice's groups read as a clerk writes them: who is listed, or how many.

Listed in the body: "以下人员…：张三（执法证）…，共N人。"; too many to list: "…的人员共N人，
名单见附件，请…。" (no "以下人员" with nobody following); the count says how many
certificates when someone holds more than one (a 执法证 and a 监督证).
"""

from __future__ import annotations

from datetime import date

from desktop_app.domain.personnel_notice import IMMEDIATE, REVIEW, NoticeItem
from desktop_app.formats.personnel.documents import NAMES_IN_BODY, group_paragraph


def item(name: str, kind: str = "行政执法证", category: str = REVIEW) -> NoticeItem:
    return NoticeItem(
        name,
        "鹤壁市科学技术局",
        "法规科",
        kind,
        "41060000001",
        date(2028, 4, 1),
        "",
        None,
        category,
    )


def test_a_listed_group_counts_people_and_certificates() -> None:
    group = [item("邱玲", "行政执法监督证"), item("邱玲"), item("林磊")]
    text = group_paragraph(REVIEW, group, 30)
    assert text.startswith("以下人员需要年审，请在年审到期日前提交年审材料、办理年审")
    assert text.endswith("：邱玲（监督证）、邱玲（执法证）、林磊（执法证），共2人（3个证件）。")
    assert group_paragraph(REVIEW, group[1:], 30).endswith("共2人。")


def test_a_group_too_long_to_list_is_counted_not_announced() -> None:
    group = [item(f"干部{n}", category=IMMEDIATE) for n in range(NAMES_IN_BODY + 1)]
    text = group_paragraph(IMMEDIATE, group, 30)
    assert "以下人员" not in text
    assert text.startswith(
        f"证件已过期或年审已逾期的人员共{NAMES_IN_BODY + 1}人，名单见附件，请立即办理"
    )
    assert text.endswith("换证后方可执法。")
