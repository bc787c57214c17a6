"""Notices read as a clerk writes them; their annex tables keep short values whole.

The renewal notice's groups: who is listed, or how many.

Listed in the body: "以下人员…：张三（执法证）…，共N人。"; too many to list: "…的人员共N人，
名单见附件，请…。" (no "以下人员" with nobody following); the count says how many
certificates when someone holds more than one (a 执法证 and a 监督证). The training
notice's name list keeps 序号, names and posts (三级主任科员) on one line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.personnel_notice import IMMEDIATE, REVIEW, NoticeItem
from desktop_app.formats import document as D
from desktop_app.formats.personnel.documents import NAMES_IN_BODY, group_paragraph
from desktop_app.formats.training.documents import NAMES_FONT_SIZE, NAMES_HEADER, names_widths
from tests.formats import gbt9704 as G


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


def test_the_name_list_keeps_numbers_names_and_posts_on_one_line(tmp_path: Path) -> None:
    from desktop_app.formats.fonts import load_fonts
    from desktop_app.formats.pdf_layout import render_pdf

    rows = [[n, "欧阳明", "鹤壁市科学技术局（法规科）", "三级主任科员"] for n in range(1, 12)]
    table = D.Table(NAMES_HEADER, rows, names_widths(rows), NAMES_FONT_SIZE)
    out = tmp_path / "名单.pdf"
    render_pdf(D.OfficialDocument([table], "名单"), load_fonts(), out)
    lines = ["".join(w.text for w in row) for row in G.text_lines(G.body_lines(out, 1))]
    assert lines[0] == "序号姓名单位（处室）职务"
    assert lines[-1] == "11欧阳明鹤壁市科学技术局（法规科）三级主任科员"


def test_the_escalation_annex_keeps_dates_and_reasons_whole(tmp_path: Path) -> None:
    from desktop_app.formats.fonts import load_fonts
    from desktop_app.formats.pdf_layout import render_pdf
    from desktop_app.formats.rectification.escalation import HEADER, TABLE_FONT_SIZE, annex_widths

    long = "对行政执法工作重视不够，执法培训和持证人员不足，联合执法机制不健全"
    rows = [[1, long, long, "2022年10月31日", "已逾期1493天", "—"]]
    table = D.Table(HEADER, rows, annex_widths(rows), TABLE_FONT_SIZE)
    out = tmp_path / "清单.pdf"
    render_pdf(D.OfficialDocument([table], "清单"), load_fonts(), out)
    words = [w.text for w in G.words(out, 1)]
    assert "序号" in words and "2022年10月31日" in words and "已逾期1493天" in words


def test_the_signin_sheet_keeps_posts_whole_and_room_to_sign(tmp_path: Path) -> None:
    from desktop_app.formats.fonts import load_fonts
    from desktop_app.formats.pdf_layout import render_pdf
    from desktop_app.formats.training.documents import SIGNATURE_MM, SIGNIN_FONT_SIZE, signin_widths

    rows = [[1, "欧阳明", "鹤壁市生产力促进中心（业务科）", "三级主任科员", "", ""]]
    widths = signin_widths(rows, 1, 156.0)
    assert widths[4] == SIGNATURE_MM and sum(widths) == pytest.approx(156.0)
    header = ("序号", "姓名", "单位（处室）", "职务", "签名", "备注")
    out = tmp_path / "签到表.pdf"
    table = D.Table(header, rows, widths, SIGNIN_FONT_SIZE)
    render_pdf(D.OfficialDocument([table], "签到表"), load_fonts(), out)
    words = [w.text for w in G.words(out, 1)]
    assert "三级主任科员" in words and "鹤壁市生产力促进中心（业务科）" in words
