"""操作日志 shows changes in Chinese field names and values, not raw JSON with English keys."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from desktop_app.storage.personnel.repo import PersonnelRepo
from desktop_app.ui.audit.page import AuditPage
from tests.personnel_factory import add_person, issue

TODAY = date(2022, 10, 11)
ENGLISH_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b|[{}\"]")


def shown_detail(page: AuditPage, summary_start: str) -> str:
    """Select the newest row whose summary starts so; the detail pane's text."""
    for row in range(page.model.rowCount()):
        if (page.model.row(row) or {}).get("summary", "").startswith(summary_start):
            page.view.selectRow(row)
            return page.detail.toPlainText()
    raise AssertionError(f"no row {summary_start}")


def test_changes_read_in_chinese(qtbot, show, ctx, messages) -> None:
    repo = PersonnelRepo(ctx.db)
    person_id = add_person(repo, "王建国", TODAY, id_number="410699198005170015")
    cert_id = issue(repo, person_id, "41060000001", date(2021, 12, 20))
    cert = repo.get_certificate(cert_id)
    repo.update_certificate(replace(cert, issue_date=date(2026, 12, 1)))
    person = repo.get_person(person_id)
    repo.update_person(replace(person, id_number="410699198005171237", phone="13900001111"), TODAY)
    page = show(AuditPage(ctx), (1366, 768))

    corrected = shown_detail(page, "更正证件")
    assert "修改内容:\n  发证日期: 2021-12-20 → 2026-12-01" in corrected
    assert not ENGLISH_KEY.search(corrected), corrected

    edited = shown_detail(page, "王建国,身份证号已变更")
    assert "  身份证号: 410699********1237 (已修改)" in edited
    assert "  联系电话: (空) → 13900001111" in edited
    assert "410699198005" not in edited and not ENGLISH_KEY.search(edited), edited

    created = shown_detail(page, "王建国 新办")
    assert "新增内容:" in created and "  证号: 41060000001" in created
    assert "  发证机关: 鹤壁市人民政府" in created and not ENGLISH_KEY.search(created)
