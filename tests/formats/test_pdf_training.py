"""Sign-in sheet and training notice: rendered, read back, checked page by page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.domain.errors import UserError
from desktop_app.domain.training import NoticeTexts
from desktop_app.exports.training import (
    notice_texts_for,
    run_signin_sheet,
    run_training_notice,
)
from desktop_app.formats.pdf_layout import Heading1, Paragraph, RedHeader, Signature, Title
from desktop_app.formats.training import pdf as T
from desktop_app.storage.training.repo import TrainingRepo
from tests.training_data import add_roster, build_year

A4 = (595.3, 841.9)


@pytest.fixture
def built(db):
    add_roster(db)
    return build_year(db)


def raw_pages(path: Path) -> list[str]:
    """Text of each A4 page without its page number (— 1 —)."""
    reader = PdfReader(str(path))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == A4
    return [re.sub(r"—\s*\d+\s*—", "", page.extract_text()) for page in reader.pages]


def pages_text(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", text) for text in raw_pages(path)]


def last_row_number(text: str) -> int:
    return int(re.findall(r"\b\d+\b", text)[-1])


def test_signin_sheet_lists_everyone_with_header_on_every_page(db, built, tmp_path: Path):
    out = tmp_path / "签到表.pdf"
    count = run_signin_sheet(db, out, {"session": built["exam"]})
    texts = pages_text(out)
    assert count == len(texts) >= 3
    assert texts[0].startswith("2024年度国家工作人员在线学法考试签到表")
    assert "时间：2024年10月28日" in texts[0] and "组织单位：" in texts[0]
    for text in texts:
        assert "序号姓名单位（处室）职务签名备注" in text
    everything = "".join(texts)
    for n in range(1, 69):
        assert f"干部{n:02d}" in everything
    assert "市科技局（法规科）" in everything
    assert last_row_number(raw_pages(out)[-1]) >= 68 + T.MIN_BLANK_ROWS


def test_signin_sheet_marks_leave_and_fills_the_last_page(db, built, tmp_path: Path):
    out = tmp_path / "s.pdf"
    run_signin_sheet(db, out, {"session": built["central5"]})
    texts = pages_text(out)
    assert len(texts) == 1
    assert "干部09市科技局（办公室）局领导请假" in texts[0]
    assert last_row_number(raw_pages(out)[0]) > 9 + T.MIN_BLANK_ROWS


def test_unknown_session_is_named(db, built, tmp_path: Path):
    for run in (run_signin_sheet, run_training_notice):
        with pytest.raises(UserError, match="编号 4040"):
            run(db, tmp_path / "x.pdf", {"session": 4040})
        with pytest.raises(UserError, match="--session"):
            run(db, tmp_path / "x.pdf", {"session": None})
    assert not (tmp_path / "x.pdf").exists()


def test_default_notice_texts(db, built):
    texts = notice_texts_for(db, built["court"])
    assert texts.title == "关于组织旁听行政诉讼案件庭审的通知"
    assert "决定组织旁听行政诉讼案件庭审" in texts.opening
    assert texts.time_place.startswith("时间:2024年5月23日(共4学时)。")
    assert texts.participants == "市科技局(办公室、法规科、计划处)共32人(名单见签到表)。"


def test_notice_blocks_number_the_sections_given():
    texts = NoticeTexts(
        title="关于举办行政执法业务培训班的通知",
        issuer="某某市科学技术局",
        red_header=True,
        addressee="局机关各处室",
        opening="经研究,决定举办培训班。",
        time_place="时间:2024年6月18日。",
        content="学习《中华人民共和国行政处罚法》。",
        signature="某某市科学技术局",
        sign_date=date(2024, 6, 1),
    )
    blocks = T.notice_blocks(texts)
    assert isinstance(blocks[0], RedHeader) and isinstance(blocks[1], Title)
    headings = [b.text for b in blocks if isinstance(b, Heading1)]
    assert headings == ["一、时间和地点", "二、学习内容"]
    assert isinstance(blocks[-1], Signature)
    texts.red_header = False
    assert not isinstance(T.notice_blocks(texts)[0], RedHeader)
    assert not any(isinstance(b, Paragraph) and "联系人" in b.text for b in blocks)


def test_edited_notice_is_printed(db, built, tmp_path: Path):
    repo = TrainingRepo(db)
    texts = notice_texts_for(db, built["enforcement"])
    texts.contact = "联系人:王明,电话:0392-3310001。"
    texts.requirements = "请携带行政执法证件。"
    texts.signature = "某某市科学技术局办公室"
    texts.sign_date = date(2024, 6, 3)
    repo.save_notice_texts(built["enforcement"], texts)
    out = tmp_path / "通知.pdf"
    assert run_training_notice(db, out, {"session": built["enforcement"]}) >= 1
    text = "".join(pages_text(out))
    assert text.startswith("关于举办行政执法业务培训班的通知")
    for part in (
        "一、时间和地点",
        "时间：2024年6月18日至6月20日（共24学时）。",
        "二、参加人员",
        "三、学习内容",
        "四、有关要求",
        "请携带行政执法证件。",
        "联系人：王明，电话：0392-3310001。",
        "某某市科学技术局办公室",
        "2024年6月3日",
    ):
        assert part in text
