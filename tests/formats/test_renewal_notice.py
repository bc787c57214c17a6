"""The renewal notice exported through the registry: holders under what they must do, read
back with pdftotext (PDF) and python-docx (Word)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import CertificateEvent
from desktop_app.domain.personnel_notice import (
    IMMEDIATE,
    RENEW,
    REVIEW,
    RenewalNoticeTexts,
    default_notice_texts,
)
from desktop_app.domain.typography import half_width_between_chinese
from desktop_app.exports import get_export
from desktop_app.exports import personnel as _personnel_exports  # noqa: F401  (registers the exports)
from desktop_app.storage.personnel.queries import load_notice_items
from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.storage.settings import write_settings
from tests.formats import gbt9704 as G
from tests.notice_data import red_header
from tests.personnel_factory import add_person, issue, set_status

TODAY = date(2025, 3, 10)


@pytest.fixture
def repo(db) -> PersonnelRepo:
    """Holders in every situation the notice must tell apart; 鹤壁市科学技术局 signs."""
    write_settings(
        db, {"agency.signature": "鹤壁市科学技术局", "agency.printer": "鹤壁市科学技术局办公室"}
    )
    repo = PersonnelRepo(db)
    reviewed = date(2024, 9, 1)

    def holder(name: str, issued: date, until: date, last_review: date | None = reviewed) -> int:
        person = add_person(repo, name, TODAY)
        cert_id = issue(repo, person, f"No.{name}", issued, until)
        if last_review:
            repo.record_event(cert_id, CertificateEvent("年审", last_review, person))
        return person

    holder("赵即将", date(2020, 4, 20), date(2025, 4, 19))  # expires in 40 days
    holder("钱过期", date(2020, 1, 1), date(2025, 1, 1), date(2024, 1, 2))  # expired
    holder("孙年审", date(2022, 1, 1), date(2027, 1, 1), date(2024, 4, 1))  # review 2025-04-01
    holder("李远期", date(2023, 1, 1), date(2028, 1, 1))  # nothing due
    holder("周九十", date(2020, 6, 1), date(2025, 6, 1))  # expires in 83 days
    holder("王逾期", date(2021, 1, 1), date(2025, 12, 1), date(2023, 12, 1))  # 年审 overdue
    left = holder("吴调离", date(2020, 4, 1), date(2025, 4, 1))
    set_status(repo, left, "调离", TODAY)  # 应注销, not asked to renew
    gone = add_person(repo, "郑注销", TODAY)
    cert_id = issue(repo, gone, "No.郑注销", date(2020, 4, 1), date(2025, 4, 1))
    repo.record_event(cert_id, CertificateEvent("注销", TODAY, gone, reason="辞职"))
    return repo


def export(db, path: Path, within: int | None = None, texts=None) -> int:
    options = {"within": within, "today": TODAY}
    if texts is not None:
        options["texts"] = texts
    return get_export("renewal-notice").run(db, path, options, None, None)


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_notice_lists_exactly_the_holders_due(db, repo, tmp_path: Path) -> None:
    path = tmp_path / "通知.pdf"
    assert export(db, path) == 4  # within defaults to the 60 days of the settings
    text = squeeze(pdf_text(path))
    for name in ("赵即将", "钱过期", "孙年审", "王逾期"):
        assert name in text
    for name in ("李远期", "周九十", "吴调离", "郑注销"):
        assert name not in text
    assert "关于办理行政执法证件换证和年审的通知" in text
    assert "60日内到期或需要年审的证件共4个（4人），其中立即办理2个、需换证1个、需年审1个" in text
    assert "参加换证考试" in text and "年审材料" in text and "立即办理" in text
    assert "2025.3.20前" in text and "2025.4.1前" in text  # the exam 30 days before expiry
    assert "附件：需要办理换证和年审的行政执法人员名单" in text and "—1—" in text
    assert "鹤壁市科学技术局2025年3月10日" in text  # the profile signs
    assert "鹤壁市科学技术局办公室" in text and "2025年3月10日印发" in text  # the 版记
    assert G.check_document(path) == []


def test_wider_window_adds_holders(db, repo, tmp_path: Path) -> None:
    path = tmp_path / "通知.pdf"
    assert export(db, path, within=100) == 5
    assert "周九十" in squeeze(pdf_text(path))


def test_holders_are_listed_under_what_they_must_do_whatever_the_window(db, repo) -> None:
    for within in (60, 3650):
        items = {i.name: i for i in load_notice_items(db, TODAY, within)}
        assert items["钱过期"].category == IMMEDIATE and "已过期" in items["钱过期"].action
        assert items["王逾期"].category == IMMEDIATE and "年审已逾期" in items["王逾期"].action
        assert items["王逾期"].deadline is None
        assert items["赵即将"].category == RENEW and items["赵即将"].deadline == date(2025, 3, 20)
        assert items["孙年审"].category == REVIEW and items["孙年审"].deadline == date(2025, 4, 1)
    wide = {i.name: i for i in load_notice_items(db, TODAY, 3650)}
    assert wide["李远期"].category == REVIEW and wide["李远期"].deadline == date(2025, 9, 1)
    assert "吴调离" not in wide and "郑注销" not in wide


def test_exam_fields_and_word_output(db, repo, tmp_path: Path) -> None:
    texts = replace(
        default_notice_texts(TODAY),
        exam_time="2025年3月25日上午9:00",
        exam_place="市行政服务中心三楼考场",
        contact="法规科张明,0392-3311234",
    )
    out = tmp_path / "通知.docx"
    get_export("renewal-notice").run(db, out, {"today": TODAY, "texts": texts, "format": "docx"})
    document = docx.Document(str(out))
    text = "".join(p.text for p in document.paragraphs).replace("\u2060", "")
    cells = "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "考试时间：2025年3月25日上午9:00；考试地点：市行政服务中心三楼考场。" in text
    assert "联系人及电话：法规科张明，0392-3311234" in text
    assert "鹤壁市科学技术局" in text and "2025年3月10日印发" in text
    assert "需要办理换证和年审的行政执法人员名单" in text and "No.王逾期" in cells.replace(
        "\u2060", ""
    )
    assert half_width_between_chinese(text) == []
    with pytest.raises(UserError, match=r"扩展名应为 \.pdf"):
        get_export("renewal-notice").run(db, out, {"today": TODAY, "texts": texts})


def test_edited_texts_and_red_header_are_printed(db, repo, tmp_path: Path) -> None:
    texts = replace(
        default_notice_texts(TODAY),
        title="关于做好2025年执法证件换证工作的通知",
        contact="法规科 张明 0392-3311234",
        **red_header("鹤壁市科学技术局", "鹤科〔2025〕8号", date(2025, 3, 12)),
    )
    path = tmp_path / "红头.pdf"
    export(db, path, texts=texts)
    text = squeeze(pdf_text(path))
    for part in ("鹤壁市科学技术局文件", "鹤科〔2025〕8号", "关于做好2025年执法证件换证工作的通知"):
        assert part in text
    assert "2025年3月12日" in text and "张明" in text


def test_saved_texts_are_used_without_options(db, repo, tmp_path: Path) -> None:
    saved = replace(default_notice_texts(TODAY), title="关于换证的通知", signature="法规科")
    repo.save_notice_texts(saved.to_json())
    assert RenewalNoticeTexts.from_json(repo.notice_texts()).title == "关于换证的通知"
    path = tmp_path / "保存.pdf"
    export(db, path)
    assert "关于换证的通知" in squeeze(pdf_text(path))


def test_nobody_due_is_refused_and_no_file(db, tmp_path: Path) -> None:
    path = tmp_path / "空.pdf"
    with pytest.raises(UserError, match="无需发通知"):
        export(db, path)
    assert not path.exists()


def test_items_carry_actions_and_deadlines(db, repo) -> None:
    items = {i.name: i for i in load_notice_items(db, TODAY, 60)}
    assert items["赵即将"].deadline == date(2025, 3, 20)
    assert items["钱过期"].deadline is None and "已过期" in items["钱过期"].action
    assert items["孙年审"].deadline == date(2025, 4, 1) and "年审" in items["孙年审"].action
