"""Sign-in sheet and training notice: composed, rendered, read back, checked page by page."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.domain.agency import AgencyProfile
from desktop_app.domain.errors import UserError
from desktop_app.domain.notices import NO_ATTACHMENT, SIGNIN_SHEET, NoticeTexts
from desktop_app.domain.training import TrainingSession
from desktop_app.exports.training import notice_texts_for, run_signin_sheet, run_training_notice
from desktop_app.formats import document as D
from desktop_app.formats.training import documents as T
from desktop_app.storage.training.repo import TrainingRepo
from tests.formats import gbt9704 as G
from tests.training_data import add_roster, build_year

A4 = (595.3, 841.9)
SIGNED = {"unsigned": True}  # these tests are about the sheet, not the signature


@pytest.fixture
def built(db):
    add_roster(db)
    return build_year(db)


def raw_pages(path: Path) -> list[str]:
    """Text of each page without its page number (— 1 —)."""
    reader = PdfReader(str(path))
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
    assert G.check_document(out) == []


def test_signin_sheet_is_blank_unless_marks_are_asked_for(db, built, tmp_path: Path):
    out = tmp_path / "s.pdf"
    run_signin_sheet(db, out, {"session": built["central5"]})
    texts = pages_text(out)
    assert len(texts) == 1
    assert "请假" not in texts[0] and "缺席" not in texts[0]
    assert last_row_number(raw_pages(out)[0]) > 9 + T.MIN_BLANK_ROWS
    run_signin_sheet(db, out, {"session": built["central5"], "marks": True})
    assert "干部09市科技局（办公室）局领导请假" in pages_text(out)[0]


def test_a_multi_day_session_signs_once_a_day_or_half_day(db, built, tmp_path: Path):
    session = TrainingRepo(db).get_session(built["enforcement"])  # 2024-06-18 to 06-20
    assert T.signature_columns(session) == ["签名\n6月18日", "签名\n6月19日", "签名\n6月20日"]
    assert len(T.signature_columns(session, half_days=True)) == 6
    one_day = TrainingSession(title="讲座", date=date(2024, 6, 1), start_time="9:00")
    assert T.signature_columns(one_day) == ["签名"]
    assert T.signature_columns(one_day, half_days=True) == ["签名\n6月1日上午", "签名\n6月1日下午"]
    out = tmp_path / "三天.pdf"
    run_signin_sheet(db, out, {"session": built["enforcement"]})
    reader = PdfReader(str(out))
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # three signature columns: landscape
    text = pages_text(out)[0]
    assert "签名6月18日签名6月19日签名6月20日备注" in text


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
    assert texts.opening.endswith("现将有关事项通知如下：")
    assert texts.time_place.startswith("时间：2024年5月23日（共4学时）。")
    assert texts.participants == "市科技局（办公室、法规科、计划处）共32人（名单见附件）。"
    assert texts.sign_date == date(2024, 5, 16)  # a week before the (past) session
    assert T.notice_date(TrainingSession(date=date(2099, 1, 1)), date(2024, 5, 1)) == date(
        2024, 5, 1
    )


def test_notice_blocks_number_the_sections_given():
    texts = NoticeTexts(
        title="关于举办行政执法业务培训班的通知",
        issuer="某某市科学技术局文件",
        red_header=True,
        addressee="局机关各处室",
        opening="经研究,决定举办培训班。",
        time_place="时间:2024年6月18日。",
        content="学习《中华人民共和国行政处罚法》。",
        signature="某某市科学技术局",
        sign_date=date(2024, 6, 1),
    )
    session = TrainingSession(title="行政执法业务培训班", date=date(2024, 6, 18))
    doc = T.compose_training_notice(texts, session, [], AgencyProfile(), date(2024, 6, 1))
    blocks = doc.blocks
    assert isinstance(blocks[0], D.RedHeader) and isinstance(blocks[1], D.Title)
    headings = [b.text for b in blocks if isinstance(b, D.Heading1)]
    assert headings == ["一、时间和地点", "二、学习内容"]
    assert isinstance(blocks[-1], D.Signature)
    plain = T.compose_training_notice(
        replace(texts, red_header=False), session, [], AgencyProfile(), date(2024, 6, 1)
    )
    assert not isinstance(plain.blocks[0], D.RedHeader)
    assert not any(isinstance(b, D.ContactLine) for b in blocks)


def test_edited_notice_is_printed_with_its_annex(db, built, tmp_path: Path):
    repo = TrainingRepo(db)
    texts = notice_texts_for(db, built["enforcement"])
    texts.contact = "联系人:王明,电话:0392-3310001。"
    texts.requirements = "请携带行政执法证件。"
    texts.signature = "某某市科学技术局办公室"
    texts.sign_date = date(2024, 6, 3)
    repo.save_notice_texts(built["enforcement"], texts)
    out = tmp_path / "通知.pdf"
    assert run_training_notice(db, out, {"session": built["enforcement"]}) >= 2
    pages = pages_text(out)
    text = "".join(pages)
    assert text.startswith("关于举办行政执法业务培训班的通知")
    for part in (
        "一、时间和地点",
        "时间：2024年6月18日至6月20日（共24学时）。",
        "二、参加人员",
        "（名单见附件）",
        "三、学习内容",
        "四、有关要求",
        "请携带行政执法证件。",
        "联系人：王明，电话：0392-3310001。",
        "附件：参加人员名单",
        "某某市科学技术局办公室",
        "2024年6月3日",
    ):
        assert part in text, part
    assert any(p.startswith("附件参加人员名单序号姓名单位（处室）职务1干部01") for p in pages)
    assert G.check_document(out) == []

    repo.save_notice_texts(built["enforcement"], replace(texts, attachment=SIGNIN_SHEET))
    run_training_notice(db, out, {"session": built["enforcement"]})
    assert "附件：签到表" in "".join(pages_text(out)) and "签名6月18日" in pages_text(out)[-1]
    repo.save_notice_texts(built["enforcement"], replace(texts, attachment=NO_ATTACHMENT))
    run_training_notice(db, out, {"session": built["enforcement"]})
    assert "附件" not in "".join(pages_text(out))


def test_an_unsigned_notice_is_refused_unless_asked(db, built, tmp_path: Path):
    out = tmp_path / "通知.pdf"
    with pytest.raises(UserError, match="落款"):
        run_training_notice(db, out, {"session": built["court"]})
    assert not out.exists()
    run_training_notice(db, out, {"session": built["court"], **SIGNED})
    assert out.exists()
