"""The draw's documents written and read back: record, notice, publication (PDF, Word, Excel)."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from desktop_app.domain.draws import CheckResult, Matter
from desktop_app.domain.errors import UserError
from desktop_app.exports.draws import (
    load_paper,
    notice_texts_for,
    run_draw_notice,
    run_draw_publicity,
    run_draw_publicity_pdf,
    run_draw_record,
)
from desktop_app.formats.draws.documents import grouped
from desktop_app.formats.xlsx_fit import row_points
from desktop_app.formats.xlsx_ledger import BODY_SIZE
from desktop_app.storage.draws import queries
from desktop_app.storage.draws.repo import DrawsRepo
from desktop_app.storage.settings import write_settings
from tests.draws_data import WHO, joint, make_office
from tests.formats import gbt9704 as G

AGENCY = {"agency.name": "某市科学技术局", "agency.signature": "某市科学技术局"}


@pytest.fixture
def drawn(db):
    """Seed 000's joint check drawn, with one result entered."""
    make_office(db)
    write_settings(db, AGENCY)
    repo = DrawsRepo(db)
    matter = repo.add_matter(
        Matter(
            "外国人合法工作情况检查", legal_basis="《外国人在中国就业管理规定》", body="市科技局"
        )
    )
    draw_id = repo.run_draw(joint(matter_id=matter), seed="20220615-4417", **WHO)
    first = queries.get_draw(db, draw_id).result.target_ids[0]
    repo.save_result(
        CheckResult(draw_id, first, "发现问题,已责令整改", date(2022, 6, 20), "许可信息不一致")
    )
    return db, draw_id


def plain(text: str) -> str:
    """Text as typed: half-width marks, no word joiners (typography makes them full-width)."""
    return text.translate(str.maketrans("：（），；", ":(),;", "\u2060"))


def id_numbers(db) -> list[str]:
    return [r[0] for r in db.execute("SELECT id_number FROM persons WHERE id_number IS NOT NULL")]


def test_the_record_prints_seed_pools_hashes_teams_and_signatures(drawn, tmp_path: Path) -> None:
    db, draw_id = drawn
    out = tmp_path / "抽取记录.pdf"
    pages = run_draw_record(db, out, {"draw": draw_id})
    text = plain("".join(G.page_text(out)))
    assert pages == G.page_count(out) >= 2
    record = queries.get_draw(db, draw_id)
    assert "“双随机、一公开”抽取记录" in text
    assert "随机种子:20220615-4417(监督人输入)" in text
    for digest in (record.targets_hash, record.inspectors_hash, record.record_hash):
        assert grouped(digest).replace(" ", "") in text
    assert "抽取了9家企业、36名执法检查人员" in text and "经办人:李明" in text
    assert "监督人:王芳" in text and "drawverify" in text
    for member in queries.members_of(db, draw_id):
        assert member["name"] in text
    assert G.check_document(out) == []


def test_the_record_in_word(drawn, tmp_path: Path) -> None:
    db, draw_id = drawn
    out = tmp_path / "抽取记录.docx"
    run_draw_record(db, out, {"draw": draw_id, "format": "docx"})
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    text = plain(text)
    assert "20220615-4417" in text and "第1组" in text


def test_the_notice_from_kept_and_generated_texts(drawn, tmp_path: Path) -> None:
    db, draw_id = drawn
    texts = notice_texts_for(db, draw_id, {"today": date(2022, 6, 16)})
    assert texts.title == "关于开展2022全市外国人合法工作情况检查的通知"
    assert "第 1 号抽取记录,随机种子 20220615-4417" in texts.opening
    assert texts.signature == "某市科学技术局"
    out = tmp_path / "通知.pdf"
    run_draw_notice(db, out, {"draw": draw_id, "today": date(2022, 6, 16)})
    text = "".join(G.page_text(out))
    assert "一、检查事项和时间" in text and "附件" in text and "检查对象和检查组名单" in text
    assert "某市科学技术局" in text and "2022年6月16日" in text
    paper = load_paper(db, draw_id)
    for target in paper.targets:
        assert target["name"] in text
    assert G.check_document(out) == []
    word = tmp_path / "通知.docx"
    run_draw_notice(db, word, {"draw": draw_id, "format": "docx"})
    assert "检查组" in "\n".join(p.text for p in Document(str(word)).paragraphs)


def test_a_notice_for_a_replaced_draw_is_refused(drawn, tmp_path: Path) -> None:
    db, draw_id = drawn
    db.execute("DELETE FROM check_results")
    DrawsRepo(db).redraw(draw_id, reason="监督人未到场", **WHO)
    with pytest.raises(UserError, match="已由第 2 号重新抽取取代"):
        run_draw_notice(db, tmp_path / "n.pdf", {"draw": draw_id})


def test_the_publication_lists_targets_and_teams_never_id_numbers(drawn, tmp_path: Path) -> None:
    db, _ = drawn
    out = tmp_path / "公示.xlsx"
    assert run_draw_publicity(db, out, {"year": 2022}) == 9
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 9
    assert rows[0][8] == "发现问题,已责令整改" and rows[0][9] == "许可信息不一致"
    assert all(r[5].startswith("第") and r[6] for r in rows)
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
    pdf = tmp_path / "公示.pdf"
    run_draw_publicity_pdf(db, pdf, {"year": 2022})
    text = "".join(G.page_text(pdf))
    assert "2022年“双随机、一公开”抽查结果公示" in text and "许可信息不一致" in text
    for number in id_numbers(db):
        assert number not in cells and number not in text
    assert not re.search(r"\d{17}[\dX]", cells.replace(" ", ""))
    with pytest.raises(UserError, match="2023年还没有抽取记录"):
        run_draw_publicity(db, tmp_path / "空.xlsx", {"year": 2023})


def _layout_lines(pdf: Path) -> list[str]:
    """The printed lines of a PDF as poppler lays them out (word joiners dropped)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [plain(line) for line in out.splitlines()]


def test_codes_names_and_numbers_stay_whole_on_paper(drawn, tmp_path: Path) -> None:
    """A credit code, a member with their card, a name and 第N号 / N人 never break a line."""
    db, draw_id = drawn
    record, notice, publicity = (tmp_path / f"{n}.pdf" for n in ("记录", "通知", "公示"))
    run_draw_record(db, record, {"draw": draw_id})
    run_draw_notice(db, notice, {"draw": draw_id, "unsigned": True})
    run_draw_publicity_pdf(db, publicity, {"year": 2022})
    codes = [t["credit_code"] for t in queries.assignments_of(db, draw_id)]
    members = queries.members_of(db, draw_id)
    carded = [f"{m['name']}({m['certificate']})" for m in members if m["certificate"]]
    for pdf, whole in (
        (record, [*codes, *carded, "记录编号:第1号"]),
        (notice, [*carded, "每组持证人员不少于2人"]),
        (publicity, [*codes, *(m["name"] for m in members)]),
    ):
        lines = [line.replace(" ", "") for line in _layout_lines(pdf)]
        broken = [w for w in whole if not any(w.replace(" ", "") in line for line in lines)]
        assert broken == [], pdf.name


def test_the_xlsx_rows_are_as_tall_as_their_members(drawn, tmp_path: Path) -> None:
    """One member a line, and the row tall enough for all of them (LibreOffice and WPS do not
    grow a row themselves)."""
    db, _ = drawn
    out = tmp_path / "公示.xlsx"
    run_draw_publicity(db, out, {"year": 2022})
    sheet = openpyxl.load_workbook(out).active
    first = 4
    members = sheet.cell(first, 7).value
    assert members.count("\n") == 3 and "、" not in members
    assert sheet.row_dimensions[first].height >= row_points(4, BODY_SIZE)
