"""Every document of the demo (one of each kind), as PDF and as Word, read back and measured.

The demo's 本单位信息 is seed 000's office, so every notice and report comes out complete:
signer and 成文日期, 版记 (印发机关 is set), full-width punctuation; the report's counts are the
ledger's and the page's summary line's; the PDF and LibreOffice's PDF of the .docx both keep
the GB/T 9704 geometry on every page.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest

from desktop_app import cli
from desktop_app.demo import create_demo
from desktop_app.domain.typography import WORD_JOINER, half_width_between_chinese
from desktop_app.exports import get_export, load_all
from desktop_app.exports.escalation import addressee_of, items_for
from desktop_app.storage.database import open_database
from desktop_app.storage.rectification import queries
from desktop_app.storage.settings import read_agency_profile, read_warning_rules
from tests.formats import gbt9704 as G

TODAY = date.today()
SIGNER = "中共南通市科学技术局党组"
PRINTER = "中共南通市科学技术局党组办公室"


def _latest_session(db) -> int:
    return db.execute(
        "SELECT s.id FROM training_sessions s WHERE EXISTS"
        " (SELECT 1 FROM training_attendance a WHERE a.session_id = s.id)"
        " ORDER BY s.date DESC LIMIT 1"
    ).fetchone()[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("demo")
    db = open_database(folder / "演示.db")
    create_demo(db, 1)
    yield db, folder
    db.close()


def documents(db) -> dict[str, dict]:
    """The options of every document export on the demo data (one file of each kind)."""
    session = _latest_session(db)
    return {
        "rectification-report": {"inspection": "1"},
        "renewal-notice": {"within": 3650, "today": TODAY},
        "training-notice": {"session": session},
        "signin-sheet": {"session": session},
        "escalation-notice": {"department": addressee_of(items_for(db, TODAY))},
        "annual-report": {},
    }


@pytest.fixture(scope="module")
def written(demo) -> dict[str, dict[str, Path]]:
    """Each document as .pdf and .docx."""
    db, folder = demo
    files: dict[str, dict[str, Path]] = {}
    for name, options in documents(db).items():
        files[name] = {}
        for fmt in ("pdf", "docx"):
            out = folder / f"{name}.{fmt}"
            get_export(name).run(db, out, {**options, "format": fmt}, None, None)
            files[name][fmt] = out
    return files


@pytest.fixture(scope="module")
def office(written, demo) -> dict[str, Path]:
    """Every .docx converted to PDF by LibreOffice, in one run (one file per document kind)."""
    _, folder = demo
    pdfs = G.office_to_pdfs([f["docx"] for f in written.values()], folder / "office")
    return dict(zip(written, pdfs, strict=True))


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace(WORD_JOINER, "")


def test_every_document_export_takes_the_format_option() -> None:
    for name, spec in load_all().items():
        if spec.suffix == ".pdf":
            assert "format" in {o.name for o in spec.options}, name


SIGNED = [
    "rectification-report",
    "renewal-notice",
    "training-notice",
    "escalation-notice",
    "annual-report",
]


@pytest.mark.parametrize("name", SIGNED)
def test_notices_come_out_signed_dated_with_a_colophon(written, demo, name) -> None:
    db, _ = demo
    assert read_agency_profile(db.conn).signer == SIGNER
    pdf_pages = G.page_text(written[name]["pdf"])
    word = docx_text(written[name]["docx"])
    for text in ("".join(pdf_pages), word.replace("\n", "").replace("\t", "")):
        assert SIGNER in text
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日印发", text), "版记"
        assert PRINTER in text
        assert half_width_between_chinese(text) == []
    assert f"{SIGNER}\n" in word  # the signer on its own line, the 成文日期 below


@pytest.mark.parametrize("name", [*SIGNED, "signin-sheet"])
def test_every_page_keeps_the_gbt9704_geometry(written, name) -> None:
    assert G.check_document(written[name]["pdf"]) == []


@G.needs_office
@pytest.mark.parametrize("name", [*SIGNED, "signin-sheet"])
def test_word_output_keeps_the_gbt9704_geometry_in_libreoffice(office, name) -> None:
    assert G.check_document(office[name], G.OFFICE_TOLERANCE) == []


def signature_page_lines(pdf: Path) -> list[str]:
    """The text lines of the page that holds the signer, up to the signer's line."""
    for page in range(1, G.page_count(pdf) + 1):
        lines = ["".join(w.text for w in row) for row in G.text_lines(G.body_lines(pdf, page))]
        if SIGNER in lines:
            return lines[: lines.index(SIGNER)]
    raise AssertionError(f"no line reads {SIGNER} in {pdf.name}")


def _body_before(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith(("附件", "1.", "2."))]


@pytest.mark.parametrize("name", SIGNED)
def test_no_page_holds_only_the_signature(written, name) -> None:
    before = signature_page_lines(written[name]["pdf"])
    assert _body_before(before), before


@G.needs_office
@pytest.mark.parametrize("name", SIGNED)
def test_no_page_holds_only_the_signature_in_libreoffice(office, name) -> None:
    before = signature_page_lines(office[name])
    assert _body_before(before), before


@pytest.mark.parametrize("inspection", [1, 2, 5])
def test_the_report_counts_agree_with_the_ledger_and_the_page(demo, inspection) -> None:
    db, folder = demo
    out = folder / f"通报{inspection}.pdf"
    get_export("rectification-report").run(db, out, {"inspection": str(inspection)}, None, None)
    text = "".join(G.page_text(out))
    match = re.search(
        r"截至(\d{4})年(\d+)月(\d+)日，共反馈问题(\d+)个、细化整改措施(\d+)项；已完成(\d+)个、"
        r"整改中(\d+)个、未启动(\d+)个、长期坚持(\d+)个(?:，其中逾期(\d+)个)?；",
        text,
    )
    assert match, text[:400]
    year, month, day, *numbers = match.groups()
    as_of = date(int(year), int(month), int(day))
    counts = queries.summary(
        db, queries.ProblemFilter(inspection_id=inspection), as_of, read_warning_rules(db)
    )
    ledger = (
        counts.problems,
        counts.measures,
        counts.completed,
        counts.in_progress,
        counts.not_started,
        counts.long_term,
        counts.overdue,
    )
    assert tuple(int(n or 0) for n in numbers) == ledger
    if inspection != 1:  # the synthetic inspections have overdue problems
        assert counts.overdue
    line = counts.text()  # the page's summary line says the same numbers
    assert tuple(int(n) for n in re.findall(r"\d+", line)[:7]) == ledger
    assert "（措施" not in text  # no invented level between 1. and the progress


def test_cli_writes_word_and_checks_the_suffix(demo, capsys) -> None:
    db, folder = demo
    path = str(Path(db.conn.execute("PRAGMA database_list").fetchone()[2]))
    out = folder / "cli.docx"
    args = ["export", "rectification-report", "--db", path, "--inspection", "1,2"]
    assert cli.main([*args, "--format", "docx", "--out", str(out)]) == 0
    assert "本次通报涉及2项检查" in docx_text(out)
    assert cli.main([*args, "--out", str(out)]) == 2  # default pdf: a .docx name is refused
    assert "扩展名应为 .pdf" in capsys.readouterr().err
    assert cli.main([*args, "--format", "odt", "--out", str(folder / "x.odt")]) == 2
