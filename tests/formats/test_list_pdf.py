"""A printed list (the print preview's PDF), measured: readable type, the page numbers in black
on every page whatever colour the page's last row has, every row printed."""

from __future__ import annotations

from datetime import date

import pdfplumber

from desktop_app.formats.fonts import load_fonts
from desktop_app.formats.list_export import ListColumn, ListSheet
from desktop_app.formats.list_pdf import write_list_pdf

RED = "FFC7CE"


def test_page_numbers_are_black_and_the_type_readable_on_coloured_rows(tmp_path) -> None:
    columns = [
        ListColumn("序号", 40, "int", False),
        ListColumn("问题描述", 400),
        ListColumn("整改时限", 90, "date", False),
        ListColumn("销号日期", 90, "date", False),  # empty: the row's last cell has no text
    ]
    sheet = ListSheet("整改问题清单(预警:逾期)", "共60条", columns)
    rows = [
        ([n, f"第{n}个逾期问题:学法制度落实不到位", date(2022, 6, 30), None], RED)
        for n in range(60)
    ]
    out = tmp_path / "清单.pdf"
    pages = write_list_pdf(out, sheet, rows, load_fonts(), {RED: "逾期"})
    assert pages >= 2
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pages
        text = "".join(page.extract_text() for page in pdf.pages)
        for n in range(60):
            assert f"第{n}个逾期问题" in text
        for number, page in enumerate(pdf.pages, 1):
            chars = [c for c in page.chars if c["text"].strip()]
            assert min(c["size"] for c in chars) >= 9.0
            foot = [c for c in chars if c["top"] > page.height - 30]
            assert "".join(c["text"] for c in foot) == f"第{number}页共{pages}页"
            colours = {tuple(c["non_stroking_color"] or (0,)) for c in foot}
            assert colours <= {(0,), (0, 0, 0), (0.0,), (0.0, 0.0, 0.0)}, colours
