"""Word joiners (U+2060) in the Word output: only where a line could otherwise break.

Word and WPS break the lines of a .docx themselves, so a date or a document number is kept
whole with word joiners. They are invisible but they are characters: what the clerk copies
out of the document carries them, and a font without the character may show a box. So a
joiner stands only where a break would be allowed (beside a Chinese character, a dash or
a hyphen), never inside a certificate number, a telephone number or a percentage (Latin
words, which no line breaks), never at a Latin/Chinese boundary outside such a run; and
LibreOffice's PDF of the .docx reads without them.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest

from desktop_app.domain.typography import WORD_JOINER, join_unbreakable
from desktop_app.formats import document as D
from desktop_app.formats.docx_layout import render_docx
from tests.formats import gbt9704 as G

FILL = "依法行政建设法治政府推进严格规范公正文明执法提升治理能力"  # 28 ideographs
# Each run to keep whole, and how many characters of FILL stand before it: enough that the
# run would reach past the end of the line.
RUNS = [
    ("2022年10月11日", 24),
    ("通科党〔2022〕16号", 22),
    ("0392-3310001", 23),
    ("9:00—11:30", 24),
]


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("执法证号41060000001。", "执法证号41060000001。"),
        ("完成率57.1%，参与率100%。", "完成率57.1%，参与率100%。"),
        ("61名干部职工", "61名干部职工"),
        ("使用A4纸", "使用A4纸"),
        ("于2022年10月11日印发", "于2022⁠年⁠10⁠月⁠11⁠日印发".replace("⁠", WORD_JOINER)),
        ("电话0392-3310001", f"电话0392{WORD_JOINER}-{WORD_JOINER}3310001"),
        ("9:00—11:30", f"9:00{WORD_JOINER}—{WORD_JOINER}11:30"),
        ("2028.8.22前", f"2028.8.22{WORD_JOINER}前"),
    ],
)
def test_joiners_stand_only_where_a_line_could_break(text: str, joined: str) -> None:
    assert join_unbreakable(text) == joined


def _paragraphs() -> list[D.Block]:
    return [D.Paragraph(FILL[:before] + run + "。", indent=0) for run, before in RUNS] + [
        D.Paragraph("执法证号41060000001，完成率57.1%，联系电话0392-3310001。", indent=0)
    ]


def test_numbers_read_back_from_the_docx_as_typed(tmp_path: Path) -> None:
    out = tmp_path / "数字.docx"
    render_docx(D.OfficialDocument(_paragraphs(), "数字"), out)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "执法证号41060000001，完成率57.1%，联系电话0392" in text  # copied out as typed
    assert text.count(WORD_JOINER) == sum(run.count(WORD_JOINER) for run in _joined_runs())


def _joined_runs() -> list[str]:
    texts = [FILL[:before] + run + "。" for run, before in RUNS]
    texts.append("执法证号41060000001，完成率57.1%，联系电话0392-3310001。")
    return [join_unbreakable(t) for t in texts]


@G.needs_office
def test_libreoffice_reads_the_runs_without_joiners(tmp_path: Path) -> None:
    """LibreOffice keeps the Latin runs whole and its text has no joiner in it.

    (LibreOffice ignores U+2060 beside a Chinese character, in either order: its PDF may
    break "2022|年10月11日" where Word and WPS keep the date whole, so dates and document
    numbers are not asserted here; the PDF the product writes keeps them whole itself.)
    """
    out = tmp_path / "数字.docx"
    render_docx(D.OfficialDocument(_paragraphs(), "数字"), out)
    pdf = G.office_to_pdf(out, tmp_path / "pdf")
    raw = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert WORD_JOINER not in raw
    lines = ["".join(row.split()) for row in raw.splitlines()]
    for run, before in RUNS[2:]:
        assert FILL[:before] in lines, run  # the line ends before the run…
        assert any(line.startswith(run) for line in lines), run  # …which starts the next whole
    assert "执法证号41060000001，完成率57.1%，联系电话" in lines
