"""Where the GB/T 9704 PDF breaks its pages: headings stay with the first rows of a table, a
long table splits after its heading, and no paragraph leaves one line alone on a page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop_app.formats import pdf_layout as L
from desktop_app.formats.fonts import FontSet, load_fonts
from tests.formats import gbt9704 as G

LINE = "依法行政建设法治政府推进严格规范公正文明执法提升治理能力"  # 28 characters: one full line
OTHER = "加强执法队伍建设全面落实行政执法责任制度严格规范执法行为"  # another full line


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def render(fonts: FontSet, tmp_path: Path, blocks: list) -> Path:
    path = tmp_path / "breaks.pdf"
    L.render_pdf(L.OfficialDocument(blocks, "分页测试"), fonts, path)
    assert G.check_document(path) == []  # nothing left the line grid
    return path


def page_lines(path: Path) -> list[list[str]]:
    """The text lines of every page, top to bottom."""
    return [
        ["".join(w.text for w in row) for row in G.text_lines(G.body_lines(path, n))]
        for n in range(1, G.page_count(path) + 1)
    ]


def rows_table(count: int) -> L.Table:
    """A table of ``count`` rows at least 10 mm high, named 行1, 行2, …."""
    rows = [[f"行{i}", "南通市科学技术局政策法规处"] for i in range(1, count + 1)]
    return L.Table(["名称", "单位"], rows, [1, 3], min_row_height_mm=10)


def test_heading_and_lead_in_go_with_the_first_rows_of_the_table(
    fonts: FontSet, tmp_path: Path
) -> None:
    """Heading and a two-line lead-in fit at the foot, the table's first row does not: they
    start the next page together with the table, whose header repeats after the break."""
    blocks = [
        L.Paragraph(LINE * 18, indent=0),
        L.Heading1("五、排除情况"),
        L.Paragraph(OTHER * 2, indent=0),
        rows_table(30),
    ]
    pages = page_lines(render(fonts, tmp_path, blocks))
    assert pages[0] == [LINE] * 18
    assert pages[1][:5] == [
        "五、排除情况",
        OTHER,
        OTHER,
        "名称单位",
        "行1南通市科学技术局政策法规处",
    ]
    assert pages[1][5].startswith("行2")
    assert all(page[0] == "名称单位" for page in pages[2:])
    assert sum(line.startswith("行") for page in pages for line in page) == 30


def test_a_heading_keeps_only_the_first_rows_of_a_long_table(
    fonts: FontSet, tmp_path: Path
) -> None:
    """A heading before a table longer than a page stays under the text above it with the
    header and the first rows; the table splits instead of leaving half a page empty."""
    blocks = [L.Paragraph(LINE * 10, indent=0), L.Heading1("五、排除情况"), rows_table(40)]
    path = render(fonts, tmp_path, blocks)
    pages = page_lines(path)
    assert pages[0][:12] == [*[LINE] * 10, "五、排除情况", "名称单位"]
    assert pages[0][12:14] == [
        "行1南通市科学技术局政策法规处",
        "行2南通市科学技术局政策法规处",
    ]
    assert sum(line.startswith("行") for line in pages[0]) >= 8  # not half a page empty
    assert pages[1][0] == "名称单位"


def test_a_long_paragraph_leaves_no_lone_last_line_at_the_top_of_a_page(
    fonts: FontSet, tmp_path: Path
) -> None:
    """A 23-line paragraph that starts a page ends with two lines on the next, not one."""
    pages = page_lines(render(fonts, tmp_path, [L.Paragraph(LINE * 23, indent=0)]))
    assert [len(page) for page in pages] == [21, 2]


def test_the_signature_takes_no_lone_line_of_a_paragraph(fonts: FontSet, tmp_path: Path) -> None:
    """A three-line paragraph ends the full page before the signature: it goes along whole
    (neither its first line left at the foot nor its last line alone above the signature)."""
    for before in (19, 20):  # the page ends with the paragraph, or one line short of it
        blocks = [
            L.Paragraph(LINE * before, indent=0),
            L.Paragraph(OTHER * 3, indent=0),
            L.Signature("南通市司法局", date(2022, 5, 31)),
        ]
        pages = page_lines(render(fonts, tmp_path, blocks))
        assert pages[0] == [LINE] * before, before
        assert pages[1] == [OTHER] * 3 + ["南通市司法局", "2022年5月31日"], before


def test_the_signature_carries_two_lines_of_a_long_paragraph(
    fonts: FontSet, tmp_path: Path
) -> None:
    """A five-line paragraph at the foot: two of its lines go with the signature, three stay."""
    blocks = [
        L.Paragraph(LINE * 17, indent=0),
        L.Paragraph(OTHER * 5, indent=0),
        L.Signature("南通市司法局", date(2022, 5, 31)),
    ]
    pages = page_lines(render(fonts, tmp_path, blocks))
    assert pages[0] == [LINE] * 17 + [OTHER] * 3
    assert pages[1] == [OTHER] * 2 + ["南通市司法局", "2022年5月31日"]


def test_the_text_after_a_table_is_back_on_the_line_grid(fonts: FontSet, tmp_path: Path) -> None:
    """A table of any height: the paragraph after it sits on a grid line, as the one before."""
    rows = [[f"行{i}", "政策法规处"] for i in range(3)]
    table = L.Table(["名称", "单位"], rows, [1, 3], font_size=10.5, min_row_height_mm=13)
    blocks = [L.Paragraph(LINE, indent=0), table, L.Paragraph(OTHER, indent=0)]
    path = render(fonts, tmp_path, blocks)
    found = G.body_lines(path, 1)
    before = next(w for w in found if w.text == LINE)
    after = next(w for w in found if w.text == OTHER)
    lines = (after.y0 - before.y0) / G.LEADING
    assert lines == pytest.approx(round(lines), abs=0.02)
    assert round(lines) >= 4  # the table took its space


def test_a_signature_after_a_table_takes_the_last_row_along(fonts: FontSet, tmp_path: Path) -> None:
    """Whatever the table's length, the signature right after it never has a page to itself:
    when it does not fit under the table, the last row comes along under the repeated header."""
    carried = 0
    for count in range(14, 22):
        blocks = [
            L.Heading1("一、名单"),
            rows_table(count),
            L.Signature("南通市司法局", date(2022, 5, 31)),
        ]
        pages = page_lines(render(fonts, tmp_path, blocks))
        last = pages[-1]
        assert last[-2:] == ["南通市司法局", "2022年5月31日"], count
        assert any(line.startswith(f"行{count}") for line in last), count
        if len(pages) > 1:
            carried += 1
            assert last[0] == "名称单位" and last[1].startswith("行"), count
            assert pages[-2][-1].startswith("行"), count  # the table split, not moved on
            if count <= 20:  # the whole table would fit the first page: one row comes along
                assert last[1:-2] == [f"行{count}南通市科学技术局政策法规处"], count
    assert carried  # some of the lengths broke the page
