"""The GB/T 9704 layout engine, checked on the PDF it writes (pdftotext, pdffonts, pypdf)."""

from __future__ import annotations

import io
import itertools
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from desktop_app.domain.errors import UserError
from desktop_app.formats import pdf_layout as L
from desktop_app.formats.fonts import FontSet, load_fonts
from desktop_app.jobs import Cancelled
from tests.formats import gbt9704 as G
from tests.formats.gbt9704 import BOTTOM, LEFT, MM, PITCH, RIGHT, TOP, body_lines, words

LINE = "依法行政建设法治政府推进严格规范公正文明执法提升治理能力"  # 28 characters
CLOSING = "，。、；：？！）》”"


@pytest.fixture(scope="module")
def fonts() -> FontSet:
    return load_fonts()


def render(fonts: FontSet, tmp_path: Path, blocks: list, **kw) -> tuple[Path, int]:
    path = tmp_path / "notice.pdf"
    pages = L.render_pdf(L.OfficialDocument(blocks, "测试通知", **kw), fonts, path)
    return path, pages


def test_line_fixture_has_28_characters() -> None:
    assert len(LINE) == 28


def test_a4_pages_with_every_font_embedded_and_metadata(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [
        L.Title("关于开展行政执法证件年审工作的通知"),
        L.Heading1("一、年审范围"),
        L.Heading2("（一）持证人员"),
        L.Paragraph("全市行政执法人员。"),
        L.Signature("南通市司法局", date(2022, 5, 31)),
    ]
    path, pages = render(fonts, tmp_path, blocks)
    reader = PdfReader(path)
    assert pages == len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.28, abs=0.5)
    assert float(box.height) == pytest.approx(841.89, abs=0.5)
    assert reader.metadata.title == "测试通知"
    assert reader.metadata.author == "法治台账"
    report = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = report.splitlines()[2:]
    assert len(rows) >= 3  # 仿宋, 黑体, 楷体 faces
    assert all(row.split()[-5] == "yes" for row in rows), report  # the "emb" column
    text = reader.pages[0].extract_text()
    for expected in ("关于开展行政执法证件年审工作的通知", "一、年审范围", "2022年5月31日"):
        assert expected in text.replace("\n", "")


def test_first_line_starts_at_the_top_and_left_margins(fonts: FontSet, tmp_path: Path) -> None:
    path, _ = render(fonts, tmp_path, [L.Paragraph(LINE, indent=0)])
    first = body_lines(path, 1)[0]
    assert first.text == LINE
    assert first.x0 == pytest.approx(LEFT, abs=1 * MM)
    assert first.y0 == pytest.approx(TOP, abs=1 * MM)
    assert first.x1 == pytest.approx(RIGHT, abs=0.5)


def test_a_full_page_holds_22_lines_of_28_characters(fonts: FontSet, tmp_path: Path) -> None:
    path, pages = render(fonts, tmp_path, [L.Paragraph(LINE * 30, indent=0)])
    assert pages == 2
    first, second = body_lines(path, 1), body_lines(path, 2)
    assert len(first) == 22 and len(second) == 8
    assert {w.text for w in first + second} == {LINE}
    pitches = {round(b.y0 - a.y0, 2) for a, b in itertools.pairwise(first)}
    assert pitches == {round(225 * MM / 22, 2)}
    assert first[-1].y1 <= BOTTOM


def test_paragraphs_indent_two_characters(fonts: FontSet, tmp_path: Path) -> None:
    path, _ = render(fonts, tmp_path, [L.Paragraph(LINE * 2)])
    one, two, three = body_lines(path, 1)
    assert one.x0 == pytest.approx(LEFT + 2 * PITCH, abs=0.5)
    assert len(one.text) == 26 and len(two.text) == 28 and len(three.text) == 2
    assert two.x0 == pytest.approx(LEFT, abs=0.5)
    assert one.x1 == pytest.approx(RIGHT, abs=0.5)  # justified to the right edge


def test_page_numbers_sit_outside_the_type_area(fonts: FontSet, tmp_path: Path) -> None:
    path, pages = render(fonts, tmp_path, [L.Paragraph(LINE * 50, indent=0)])
    assert pages == 3
    for page in (1, 2, 3):
        marks = [w for w in words(path, page) if w.y0 > BOTTOM]
        assert " ".join(w.text for w in marks) == f"— {page} —"
        centre = (marks[0].y0 + marks[0].y1) / 2
        assert centre == pytest.approx(BOTTOM + 7 * MM, abs=1 * MM)
        if page % 2:
            assert marks[-1].x1 == pytest.approx(RIGHT - 14, abs=0.5)
        else:
            assert marks[0].x0 == pytest.approx(LEFT + 14, abs=0.5)


def test_line_breaking_follows_chinese_rules(fonts: FontSet, tmp_path: Path) -> None:
    squeezed = "法" * 28 + "。" + "治" * 10  # one closing mark squeezes onto the line
    pushed = "法" * 27 + "政”。" + "治" * 10  # two cannot: a character goes along with them
    number = "法" * 27 + "2022年" + "治" * 10  # numbers are not split
    opening = "法" * 27 + "“依法”" + "治" * 10  # an opening quote never ends a line
    blocks = [L.Paragraph(t, indent=0) for t in (squeezed, pushed, number, opening)]
    path, _ = render(fonts, tmp_path, blocks)
    lines = body_lines(path, 1)
    assert [w.text for w in lines] == [
        "法" * 28 + "。",
        "治" * 10,
        "法" * 27,
        "政”。" + "治" * 10,
        "法" * 27,
        "2022年" + "治" * 10,
        "法" * 27,
        "“依法”" + "治" * 10,
    ]
    assert all(w.text[0] not in CLOSING for w in lines)
    assert max(w.x1 for w in lines) <= RIGHT + 0.5
    assert [round(w.x1, 1) for w in lines[::2]] == [round(RIGHT, 1)] * 4  # justified


def test_markup_characters_print_as_typed(fonts: FontSet, tmp_path: Path) -> None:
    path, _ = render(fonts, tmp_path, [L.Paragraph("<b>甲&乙</b> &amp; 丙")])
    assert "<b>甲&乙</b> &amp; 丙" in PdfReader(path).pages[0].extract_text()


def test_missing_character_is_refused_before_anything_is_written(
    fonts: FontSet, tmp_path: Path
) -> None:
    rare = "\U00020000"  # 𠀀 (CJK Ext-B) is not in AR PL UMing nor SimFang
    doc = L.OfficialDocument([L.Paragraph(f"当事人张{rare}")], "x")
    assert any("U+20000" in message for message in L.check_characters(doc, fonts))
    target = tmp_path / "refused.pdf"
    with pytest.raises(UserError, match=r"U\+20000"):
        L.render_pdf(doc, fonts, target)
    assert list(tmp_path.iterdir()) == []
    assert L.check_characters(L.OfficialDocument([L.Paragraph("张三")], "x"), fonts) == []


def test_cancel_keeps_the_previous_file(fonts: FontSet, tmp_path: Path) -> None:
    target = tmp_path / "notice.pdf"
    target.write_bytes(b"old")
    calls: list[tuple[int, int]] = []
    blocks = [L.Paragraph(LINE * 3) for _ in range(40)]
    with pytest.raises(Cancelled):
        L.render_pdf(
            L.OfficialDocument(blocks, "x"),
            fonts,
            target,
            progress=lambda done, total: calls.append((done, total)),
            cancelled=lambda: len(calls) >= 5,
        )
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_progress_counts_blocks_up_to_the_total(fonts: FontSet, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    blocks = [L.Heading1("一、标题"), *[L.Paragraph(LINE * 3) for _ in range(30)]]
    pages = L.render_pdf(
        L.OfficialDocument(blocks, "x"), fonts, io.BytesIO(), progress=lambda *a: calls.append(a)
    )
    assert pages == 6  # 1 + 30 × 4 lines on 22-line pages
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1] == (31, 31)
    assert len(calls) > 25


def _red_rows(pdf: Path) -> dict[int, int]:
    """Red pixel count per row of page 1 rendered at 72 dpi (1 px = 1 pt)."""
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", pdf, pdf.with_suffix("")])
    image = Image.open(next(pdf.parent.glob(pdf.stem + "-*.png"))).convert("RGB")
    pixels = image.load()
    rows: dict[int, int] = {}
    for y in range(image.height):
        count = sum(1 for x in range(image.width) if _is_red(pixels[x, y]))
        if count:
            rows[y] = count
    return rows


def _is_red(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return r > 180 and g < 90 and b < 90


def test_red_header_rule_and_title(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [
        L.RedHeader("中共南通市科学技术局党组文件", "通科党〔2022〕16号"),
        L.Title("关于巡察整改进展情况的通报"),
        L.Paragraph(LINE),
    ]
    path, _ = render(fonts, tmp_path, blocks)
    found = {w.text: w for w in words(path, 1)}
    issuer, number = found["中共南通市科学技术局党组文件"], found["通科党〔2022〕16号"]
    assert issuer.x0 >= LEFT - 0.5 and issuer.x1 <= RIGHT + 0.5
    assert (number.x0 + number.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)
    rows = _red_rows(path)
    rule = [y for y, count in rows.items() if count > 156 * MM * 0.95]
    assert rule and number.y1 < min(rule) <= max(rule) < found["关于巡察整改进展情况的通报"].y0
    assert min(rows) == pytest.approx(TOP + 35 * MM, abs=3)  # issuer 35 mm below the area
    title = found["关于巡察整改进展情况的通报"]
    assert title.y0 - max(rule) > 2 * 225 * MM / 22 - 16  # two blank lines below the rule
    assert (title.x0 + title.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=0.5)


def test_long_title_wraps_into_balanced_centred_lines(fonts: FontSet, tmp_path: Path) -> None:
    title = "关于南通市科学技术局依法行政专项巡察反馈意见整改进展情况的通报"
    path, _ = render(fonts, tmp_path, [L.Title(title), L.Addressee("各县（市、区）司法局:")])
    one, two, addressee = body_lines(path, 1)
    assert one.text + two.text == title
    assert abs(len(one.text) - len(two.text)) <= 1
    for line in (one, two):
        assert (line.x0 + line.x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=1)
    assert addressee.text == "各县（市、区）司法局："
    assert addressee.x0 == pytest.approx(LEFT, abs=0.5)
    assert addressee.y0 == pytest.approx(TOP + 3 * 225 * MM / 22, abs=1 * MM)  # one blank line


def test_signature_date_right_spaced_four_characters(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [L.Paragraph("特此通知。"), L.Signature("南通市司法局", date(2022, 5, 31))]
    path, _ = render(fonts, tmp_path, blocks)
    _, signer, when = body_lines(path, 1)
    assert when.text == "2022年5月31日"
    assert when.x1 == pytest.approx(RIGHT - 4 * PITCH, abs=0.5)
    assert (signer.x0 + signer.x1) / 2 == pytest.approx((when.x0 + when.x1) / 2, abs=0.5)


def test_heading_is_not_left_alone_at_the_bottom(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [L.Paragraph(LINE * 21, indent=0), L.Heading1("一、总体情况"), L.Paragraph(LINE)]
    path, _ = render(fonts, tmp_path, blocks)
    assert len(body_lines(path, 1)) == 21
    assert body_lines(path, 2)[0].text == "一、总体情况"


def test_table_repeats_its_header_on_every_page(fonts: FontSet, tmp_path: Path) -> None:
    rows = [[i, f"学员{i}", "南通市司法局行政执法监督处", None] for i in range(1, 61)]
    table = L.Table(["序号", "姓名", "单位", "签名"], rows, [1, 2, 5, 3], min_row_height_mm=10)
    path, pages = render(fonts, tmp_path, [L.Heading1("一、签到表"), table])
    assert pages >= 3
    reader = PdfReader(path)
    for page in reader.pages:
        assert "姓名" in page.extract_text()
    everything = "".join(page.extract_text() for page in reader.pages)
    assert "学员60" in everything and "None" not in everything
    assert max(w.x1 for w in body_lines(path, 1)) <= RIGHT + 0.5


def test_landscape_pages(fonts: FontSet, tmp_path: Path) -> None:
    table = L.Table(["姓名", "单位"], [["张三", "南通市司法局"]])
    path, _ = render(fonts, tmp_path, [table], landscape=True)
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_an_empty_document_is_refused(fonts: FontSet) -> None:
    with pytest.raises(UserError, match="没有可导出的内容"):
        L.render_pdf(L.OfficialDocument([L.Paragraph(" \n ")], "x"), fonts, io.BytesIO())


# -- the elements a superior checks -------------------------------------------------------
def _lines_text(pdf: Path, page: int) -> list[str]:
    return ["".join(w.text for w in row) for row in G.text_lines(body_lines(pdf, page))]


def test_dates_and_document_numbers_never_break(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [
        L.Paragraph("法" * 22 + "截至2022年10月11日，" + "治" * 10, indent=0),
        L.Paragraph("法" * 20 + "通科党〔2022〕16号" + "治" * 10, indent=0),
        L.Paragraph("法" * 24 + "证号320602197803150013。", indent=0),
    ]
    path, _ = render(fonts, tmp_path, blocks)
    lines = _lines_text(path, 1)
    assert lines[1].startswith("2022年10月11日") and lines[0].endswith("截至")
    assert "通科党〔2022〕16号" in lines[3] and "〔" not in lines[2]
    assert lines[5].startswith("320602197803150013")


def test_an_email_address_never_breaks(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [L.Paragraph("法" * 20 + "邮箱：fgc.kjj@nantong.gov.cn。", indent=0)]
    path, _ = render(fonts, tmp_path, blocks)
    lines = _lines_text(path, 1)
    assert lines[0].endswith("邮箱：") and lines[1] == "fgc.kjj@nantong.gov.cn。"


def test_half_width_marks_are_set_full_width(fonts: FontSet, tmp_path: Path) -> None:
    path, _ = render(fonts, tmp_path, [L.Paragraph('整改情况:即知即改(立行立改),"三会一课"')])
    text = "".join(_lines_text(path, 1))
    assert "整改情况：即知即改（立行立改），“三会一课”" in text


def test_attachment_note_hangs_under_the_first_character(fonts: FontSet, tmp_path: Path) -> None:
    long = "行政执法证件年审材料清单及报送要求说明（这个名称比较长需要回行对齐）"
    blocks = [
        L.Paragraph(LINE),
        L.AttachmentNote(["需要办理换证和年审的人员名单", long]),
        L.Signature("南通市司法局", date(2022, 5, 31)),
    ]
    path, _ = render(fonts, tmp_path, blocks)
    rows = G.text_lines(body_lines(path, 1))
    first, second, third = rows[2], rows[3], rows[4]  # a blank line after the body
    assert "".join(w.text for w in first).startswith("附件：1.需要办理")
    assert first[0].x0 == pytest.approx(LEFT + 2 * PITCH, abs=0.5)
    assert "".join(w.text for w in second).startswith("2.行政执法")
    assert second[0].x0 == pytest.approx(LEFT + 5 * PITCH, abs=1.0)  # under the “1”
    number = third[0].x0 - second[0].x0  # the name wraps under its first character, after “2.”
    assert 0.5 * 16 <= number <= 1.2 * 16


def test_signature_never_alone_and_no_big_gap(fonts: FontSet, tmp_path: Path) -> None:
    """Whatever the length of the body, text shares the signature's page (此页无正文 is not
    allowed) and no page foot is left with more than two empty lines."""
    for extra in range(0, 60, 3):
        blocks = [L.Paragraph(LINE * 2) for _ in range(10)]
        blocks += [L.Paragraph("法" * (extra * 7 + 2)), L.Paragraph("特此通知。")]
        blocks += [L.AttachmentNote(["名单"]), L.Signature("南通市司法局", date(2022, 5, 31))]
        path, pages = render(fonts, tmp_path, blocks)
        last = _lines_text(path, pages)
        assert last[-1] == "2022年5月31日"
        assert [t for t in last if t not in ("南通市司法局", "2022年5月31日")], extra
        assert all(gap <= 2 for _, gap, _ in G.empty_lines_at_foot(path)), extra


def test_two_body_lines_go_with_the_signature_when_the_page_allows(
    fonts: FontSet, tmp_path: Path
) -> None:
    """A full page of text, then the signature: two lines go along (the page they leave
    keeps two empty lines), not a lone last line."""
    blocks = [L.Paragraph(LINE * 22, indent=0), L.Signature("南通市司法局", date(2022, 5, 31))]
    path, pages = render(fonts, tmp_path, blocks)
    assert pages == 2
    assert _lines_text(path, 2) == [LINE, LINE, "南通市司法局", "2022年5月31日"]
    assert [gap for _, gap, _ in G.empty_lines_at_foot(path)] == [2]


def test_annex_and_colophon_at_the_foot_of_the_last_page(fonts: FontSet, tmp_path: Path) -> None:
    rows = [[i, f"学员{i}"] for i in range(1, 6)]
    blocks = [
        L.Paragraph(LINE),
        L.AttachmentNote(["学员名单"]),
        L.Signature("南通市司法局", date(2022, 5, 31)),
        L.AnnexHeading(),
        L.Title("学员名单"),
        L.Table(["序号", "姓名"], rows),
        L.Colophon("南通市司法局办公室", date(2022, 5, 31), cc="市委依法治市办,市人大法工委"),
    ]
    path, pages = render(fonts, tmp_path, blocks)
    assert pages == 2
    annex = G.text_lines(body_lines(path, 2))
    label = annex[0]
    assert "".join(w.text for w in label) == "附件" and label[0].x0 == pytest.approx(LEFT, abs=0.5)
    foot = annex[-2:]
    assert "".join(w.text for w in foot[0]) == "抄送：市委依法治市办，市人大法工委。"
    assert [w.text for w in foot[1]] == ["南通市司法局办公室", "2022年5月31日印发"]
    assert foot[1][0].x0 == pytest.approx(LEFT + 14, abs=0.5)  # one character in
    assert foot[1][-1].x1 == pytest.approx(RIGHT - 14, abs=0.5)
    assert BOTTOM - foot[1][0].y1 < 225 * MM / 22  # on the last line of the type area
    assert G.check_document(path) == []


def test_red_header_without_issuer_prints_no_bare_rule(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [L.RedHeader("", "通科党〔2022〕16号"), L.Title("关于整改的通报"), L.Paragraph(LINE)]
    path, _ = render(fonts, tmp_path, blocks)
    assert _red_rows(path) == {}
    assert _lines_text(path, 1)[0] == "通科党〔2022〕16号"


def test_every_page_keeps_the_grid(fonts: FontSet, tmp_path: Path) -> None:
    blocks = [
        L.RedHeader("中共南通市科学技术局党组文件", "通科党〔2022〕16号"),
        L.Title("关于南通市科学技术局依法行政专项巡察反馈意见整改进展情况的通报"),
        L.Addressee("局属各单位、机关各处室"),
        *[b for i in range(8) for b in (L.Heading2(f"（{i}）标题"), L.Paragraph(LINE * 3))],
        L.Heading3("1.关于“落实“三会一课”制度”问题的整改情况。"),
        L.Heading4("（1）细化措施"),
        L.ContactLine("联系人：王明，联系电话：0392-3310001。"),
        L.Signature("中共南通市科学技术局党组", date(2022, 10, 11)),
        L.Colophon("南通市科学技术局办公室", date(2022, 10, 11)),
    ]
    path, pages = render(fonts, tmp_path, blocks)
    assert pages >= 2
    assert G.check_document(path) == []
