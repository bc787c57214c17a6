"""The renewal notice exported through the registry; text read back with pdftotext."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.errors import UserError
from desktop_app.domain.personnel import CertificateEvent
from desktop_app.domain.personnel_notice import RenewalNoticeTexts, default_notice_texts
from desktop_app.exports import get_export
from desktop_app.exports import personnel as _personnel_exports  # noqa: F401  (registers the exports)
from desktop_app.storage.personnel.queries import load_notice_items
from desktop_app.storage.personnel.repo import PersonnelRepo
from tests.notice_data import red_header
from tests.personnel_factory import add_person, issue, set_status

TODAY = date(2025, 3, 10)


@pytest.fixture
def repo(db) -> PersonnelRepo:
    """Holders in every situation the notice must tell apart."""
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
    assert export(db, path) == 3  # within defaults to the 60 days of the settings
    text = squeeze(pdf_text(path))
    for name in ("赵即将", "钱过期", "孙年审"):
        assert name in text
    for name in ("李远期", "周九十", "吴调离", "郑注销"):
        assert name not in text
    assert "关于办理行政执法证件换证和年审的通知" in text
    assert "60日内到期或需要年审的证件共3个(3人)" in text.replace("（", "(").replace("）", ")")
    assert "参加换证考试" in text and "年审材料" in text and "立即办理" in text
    assert "2025.4.19前" in text and "2025.4.1前" in text
    assert "附件" in text and "—1—" in text


def test_wider_window_adds_holders(db, repo, tmp_path: Path) -> None:
    path = tmp_path / "通知.pdf"
    assert export(db, path, within=100) == 4
    assert "周九十" in squeeze(pdf_text(path))


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
    assert items["赵即将"].deadline == date(2025, 4, 19)
    assert items["钱过期"].deadline is None and "已过期" in items["钱过期"].action
    assert items["孙年审"].deadline == date(2025, 4, 1) and "年审" in items["孙年审"].action
