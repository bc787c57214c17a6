"""The Word renderer: the .docx read back with python-docx, then converted by LibreOffice and
held to the same GB/T 9704 geometry as the PDF (tests/formats/gbt9704.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Mm

from desktop_app.domain.typography import WORD_JOINER, half_width_between_chinese
from desktop_app.formats import document as D
from desktop_app.formats.docx_layout import render_docx
from tests.formats import gbt9704 as G

pytestmark = G.needs_office  # every test reads the LibreOffice conversion

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LINE = "依法行政建设法治政府推进严格规范公正文明执法提升治理能力"  # 28 characters


def notice_blocks() -> list[D.Block]:
    return [
        D.RedHeader("中共南通市科学技术局党组文件", "通科党[2022]16号"),
        D.Title("关于南通市科学技术局依法行政专项巡察反馈意见整改进展情况的通报"),
        D.Addressee("局属各单位、机关各处室"),
        D.Paragraph("根据市委统一部署,2022年2月16日至3月16日,巡察五组开展了依法行政专项巡察。"),
        D.Heading1("一、工作做法"),
        D.Heading2("(一)统一思想认识"),
        *[D.Paragraph(LINE * 3) for _ in range(9)],
        D.Heading3("1.关于“落实“三会一课”制度”问题的整改情况。"),
        D.Paragraph("整改情况:即知即改。"),
        D.ContactLine("联系人:王明,联系电话:0392-3310001。"),
        D.AttachmentNote(["需要办理换证和年审的行政执法人员名单"]),
        D.Signature("中共南通市科学技术局党组", date(2022, 10, 11)),
        D.AnnexHeading(),
        D.Title("需要办理换证和年审的行政执法人员名单"),
        D.Table(
            ("序号", "姓名", "证件及证号"),
            [[i, f"干部{i}", f"执法证\n3206021978{i:08d}"] for i in range(1, 25)],
            (1, 2, 4),
            10.5,
        ),
        D.Colophon("南通市科学技术局办公室", date(2022, 10, 11), "市委巡察办,市司法局"),
    ]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The notice and a page of plain body text, as .docx and as LibreOffice's PDF."""
    folder = tmp_path_factory.mktemp("docx")
    docs = {
        "notice": D.OfficialDocument(notice_blocks(), "测试通报"),
        "body": D.OfficialDocument([D.Paragraph(LINE * 30, indent=0)], "正文"),
    }
    files = {}
    for name, doc in docs.items():
        render_docx(doc, folder / f"{name}.docx")
        files[name] = folder / f"{name}.docx"
    pdfs = G.office_to_pdfs(list(files.values()), folder / "pdf")
    return {name: (files[name], pdf) for name, pdf in zip(files, pdfs, strict=True)}


def docx_text(path: Path) -> str:
    """Every paragraph's text, tables included, without word joiners."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts).replace(WORD_JOINER, "")


def test_page_setup_grid_and_fonts(converted) -> None:
    path, _ = converted["notice"]
    document = docx.Document(str(path))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    assert round(section.page_width.mm - section.left_margin.mm - section.right_margin.mm) == 156
    grid = section._sectPr.find(f"{W}docGrid")
    assert grid.get(f"{W}type") == "linesAndChars" and grid.get(f"{W}linePitch") == "579"
    assert int(grid.get(f"{W}charSpace")) == pytest.approx(-848, abs=2)  # 28 × 三号 in 156 mm
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, align in ((odd, "right"), (even, "left")):
        xml = footer._p.xml
        assert f'w:jc w:val="{align}"' in xml and "PAGE" in xml and "宋体" in xml
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
    body = document.element.body.xml
    for face in ("仿宋", "黑体", "楷体", "方正小标宋简体"):
        assert f'w:eastAsia="{face}"' in body
    assert 'w:color w:val="E60000"' in body  # the red issuer mark
    assert body.count("w:framePr") == 2 and 'w:yAlign="bottom"' in body  # 版记 at the foot
    assert Mm(0) < section.footer_distance < section.bottom_margin


def test_text_reads_back_complete_and_typeset(converted) -> None:
    path, _ = converted["notice"]
    text = docx_text(path)
    for part in (
        "通科党〔2022〕16号",
        "局属各单位、机关各处室：",
        "根据市委统一部署，2022年2月16日至3月16日，",
        "（一）统一思想认识",
        "1.关于“落实‘三会一课’制度”问题的整改情况。",
        "附件：需要办理换证和年审的行政执法人员名单",
        "中共南通市科学技术局党组",
        "2022年10月11日",
        "附件",
        "抄送：市委巡察办，市司法局。",
        "南通市科学技术局办公室",
        "2022年10月11日印发",
    ):
        assert part in text, part
    assert half_width_between_chinese(text) == []


def test_libreoffice_pdf_keeps_the_gbt9704_geometry(converted) -> None:
    _, pdf = converted["notice"]
    assert G.check_document(pdf, G.OFFICE_TOLERANCE) == []
    pages = G.page_text(pdf)
    assert pages[0].startswith("中共南通市科学技术局党组文件通科党〔2022〕16号")
    assert any(p.startswith("附件需要办理换证和年审的行政执法人员名单") for p in pages)
    last = G.text_lines(G.body_lines(pdf, len(pages)))
    assert "".join(w.text for w in last[-1]) == "南通市科学技术局办公室2022年10月11日印发"
    assert G.BOTTOM - last[-1][0].y1 < G.LEADING  # the 版记 ends on the type area's last line


def test_libreoffice_sets_22_lines_of_28_characters(converted) -> None:
    _, pdf = converted["body"]
    assert G.check_document(pdf, G.OFFICE_TOLERANCE) == []
    lines = G.text_lines(G.body_lines(pdf, 1))
    assert len(lines) == 22
    for row in lines:
        assert "".join(w.text for w in row) == LINE
        assert row[0].x0 == pytest.approx(G.LEFT, abs=1.5)
        assert row[-1].x1 == pytest.approx(G.RIGHT, abs=3.0)  # LibreOffice does not spread CJK
