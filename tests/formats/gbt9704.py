"""GB/T 9704 page geometry, measured on a PDF with pdftotext: one checker for every document.

Used on the PDFs the product writes and on the PDF LibreOffice makes of the .docx it writes.
Every page: A4; every word inside the 156 × 225 mm type area (28 mm left, 37 mm top); body
text on the 22-line grid (each line inside its own grid cell); the page number "— N —"
7 mm below the type area, odd pages right and even pages left, one character in. Annex
pages (from the page headed "附件" on) are held to the page rules only; a 版记页 (the 版记
alone at the foot of the last page, when it did not fit under the signature) need not
start on the first grid line.
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pytest

MM = 72 / 25.4
LEFT, TOP = 28 * MM, 37 * MM
RIGHT, BOTTOM = LEFT + 156 * MM, TOP + 225 * MM  # type area, measured from the page top
PITCH = 156 * MM / 28
LEADING = 225 * MM / 22
A4 = (595.28, 841.89)
_ANNEX = re.compile(r"^附件\d*$")
_CLOSING = "，。、；：？！）》”’"


class Word(NamedTuple):
    """A word pdftotext found, its box in points from the top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        """Box height."""
        return self.y1 - self.y0


def words(pdf: Path, page: int) -> list[Word]:
    """Words of one page with their boxes in points from the top-left corner."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
    found = [
        Word(html.unescape(t), float(a), float(b), float(c), float(d))
        for a, b, c, d, t in re.findall(pattern, out)
    ]
    return [w for w in found if w.text.strip("\u2060\u200b")]


def body_lines(pdf: Path, page: int) -> list[Word]:
    """Words inside the type area (the page number lies below it)."""
    return [w for w in words(pdf, page) if w.y1 < BOTTOM]


def text_lines(found: list[Word], tol: float = 3.0) -> list[list[Word]]:
    """Words grouped into lines by their vertical position, top to bottom, left to right."""
    rows: list[list[Word]] = []
    for word in sorted(found, key=lambda w: (w.y0, w.x0)):
        if rows and abs(rows[-1][0].y0 - word.y0) <= tol:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def page_count(pdf: Path) -> int:
    """Pages of a PDF (pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Width and height of every page in points."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    return [
        (float(a), float(b)) for a, b in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    ]


def page_text(pdf: Path) -> list[str]:
    """The text of every page without whitespace (pdftotext, reading order)."""
    return [
        re.sub(r"[\s\u2060\u200b]+", "", "".join(w.text for w in words(pdf, n)))
        for n in range(1, page_count(pdf) + 1)
    ]


@dataclass
class Tolerance:
    """How close a measurement must come: tight for our PDF, looser for LibreOffice's."""

    edge: float = 0.6  # words inside the type area, page-number edge (points)
    cell: float = 1.0  # a line inside its grid cell (points)
    number: float = 1 * MM  # page number centre 7 mm below the type area
    descent: float = 0.5  # how far a font's descent may reach below the type area
    # LibreOffice reads w:overflowPunct="0" the wrong way round (its import turns hanging
    # punctuation on), so a closing mark may hang one character into the right margin there.
    hanging: bool = False


PDF_TOLERANCE = Tolerance()
OFFICE_TOLERANCE = Tolerance(edge=1.5, cell=1.5, number=1.2 * MM, descent=3.0, hanging=True)


def check_page(pdf: Path, page: int, annex: bool, tol: Tolerance) -> list[str]:
    """What is wrong with one page (empty when it keeps the GB/T 9704 geometry)."""
    problems: list[str] = []
    found = words(pdf, page)
    body = [w for w in found if w.y0 < BOTTOM - 2]
    marks = [w for w in found if w.y0 >= BOTTOM - 2]
    for w in body:
        hangs = tol.hanging and w.text[-1:] in _CLOSING and w.x1 <= RIGHT + 16.5
        if (
            w.x0 < LEFT - tol.edge
            or (w.x1 > RIGHT + tol.edge and not hangs)
            or w.y0 < TOP - tol.edge
        ):
            problems.append(f"page {page}: “{w.text}” outside the type area {w[1:]}")
        elif w.y1 > BOTTOM + tol.descent:
            problems.append(f"page {page}: “{w.text}” below the type area {w[1:]}")
    starts_low = body and min(w.y0 for w in body) > TOP + LEADING
    if page > 1 and starts_low and not annex and not colophon_page(body):
        problems.append(f"page {page}: the text does not start on the first grid line")
    number = "".join(w.text for w in sorted(marks, key=lambda w: w.x0)).replace(" ", "")
    if number != f"—{page}—":
        problems.append(f"page {page}: page number reads “{number}”")
    elif marks:
        centre = (min(w.y0 for w in marks) + max(w.y1 for w in marks)) / 2
        if abs(centre - (BOTTOM + 7 * MM)) > tol.number:
            problems.append(f"page {page}: page number {centre - BOTTOM:.1f} pt below the area")
        if page % 2 and abs(max(w.x1 for w in marks) - (RIGHT - 14)) > tol.edge:
            problems.append(f"page {page}: odd page number not one character from the right")
        if not page % 2 and abs(min(w.x0 for w in marks) - (LEFT + 14)) > tol.edge:
            problems.append(f"page {page}: even page number not one character from the left")
    if annex:
        return problems
    if any(w.height > 24 for w in body):  # a red header: its words are placed by millimetres
        rule = max(w.y1 for w in body if w.height > 24) + 2 * LEADING + 16 + 5 * MM
        body = [w for w in body if w.y0 > rule]
    by_face: dict[float, list[float]] = {}  # fonts differ in ascent: compare like with like
    for w in body:
        if 14 <= w.height <= 1.5 * 16:  # body (三号) and 版记 (四号) lines, not table cells
            by_face.setdefault(round(w.height, 1), []).append((w.y0 - TOP) % LEADING)
    for height, offsets in by_face.items():
        spread = _circular_spread(offsets)
        if spread > tol.cell:
            problems.append(
                f"page {page}: {height} pt lines off the 22-line grid by {spread:.1f} pt"
            )
    return problems


def colophon_page(body: list[Word]) -> bool:
    """A page holding only the 版记 at its foot (GB/T 9704 7.5 names it the 版记页)."""
    rows = text_lines(body)
    last = "".join(w.text for w in rows[-1]) if rows else ""
    return (
        bool(rows)
        and len(rows) <= 4
        and min(w.y0 for w in body) > BOTTOM - 4 * LEADING
        and last.endswith("印发")
    )


def _circular_spread(values: list[float]) -> float:
    """The width of the smallest arc of the leading-long circle that holds every value."""
    points = sorted(v % LEADING for v in values)
    gaps = [b - a for a, b in itertools.pairwise(points)]
    gaps.append(points[0] + LEADING - points[-1])
    return LEADING - max(gaps)


def check_document(pdf: Path, tol: Tolerance = PDF_TOLERANCE) -> list[str]:
    """Every problem on every page; annex pages follow only the page rules."""
    problems: list[str] = []
    sizes = page_sizes(pdf)
    annex = False
    for n, size in enumerate(sizes, 1):
        if abs(size[0] - A4[1]) <= 1 and abs(size[1] - A4[0]) <= 1:
            continue  # a landscape form (a wide sign-in sheet): A4 is all that is asked
        if abs(size[0] - A4[0]) > 1 or abs(size[1] - A4[1]) > 1:
            problems.append(f"page {n}: not A4 ({size})")
            continue
        lines = text_lines(body_lines(pdf, n))
        if lines and _ANNEX.match("".join(w.text for w in lines[0])):
            annex = True
        problems += check_page(pdf, n, annex, tol)
    return problems


def empty_lines_at_foot(pdf: Path) -> list[tuple[int, int, str]]:
    """(page, empty grid lines below the last text line, first text of the next page)."""
    out = []
    count = page_count(pdf)
    for n in range(1, count):
        lines = text_lines(body_lines(pdf, n))
        following = text_lines(body_lines(pdf, n + 1))
        if not lines or not following:
            continue
        last = int(((lines[-1][0].y0 + lines[-1][0].y1) / 2 - TOP) // LEADING)
        out.append((n, 22 - 1 - last, "".join(w.text for w in following[0])))
    return out


def soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


# LibreOffice tests are skipped only where it is missing (CI installs it).
needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed")


def office_to_pdf(docx: Path, out_dir: Path) -> Path:
    """Convert a .docx with LibreOffice (headless) and return the PDF's path."""
    return office_to_pdfs([docx], out_dir)[0]


def office_to_pdfs(files: list[Path], out_dir: Path) -> list[Path]:
    """Convert several .docx files in one LibreOffice run; the PDFs in the same order."""
    command = soffice()
    assert command, "LibreOffice (soffice) is needed to check the Word output"
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=out_dir)).resolve()
    subprocess.run(
        [
            command,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, files),
        ],
        capture_output=True,
        check=True,
        timeout=300,
        env=office_env(out_dir),
    )
    pdfs = [out_dir / (f.stem + ".pdf") for f in files]
    for pdf in pdfs:
        assert pdf.exists(), f"LibreOffice wrote no PDF for {pdf.stem}.docx"
    return pdfs


_ALIASES = {  # Windows font names → the Debian fonts the tests have
    "仿宋": "AR PL UMing CN",
    "宋体": "AR PL UMing CN",
    "楷体": "AR PL UKai CN",
    "黑体": "WenQuanYi Micro Hei",
    "方正小标宋简体": "WenQuanYi Micro Hei",
}
_FONTS_CONF = (
    '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
    + "".join(
        f'  <alias binding="same"><family>{name}</family>'
        f"<prefer><family>{face}</family></prefer></alias>\n"
        for name, face in _ALIASES.items()
    )
    + "</fontconfig>\n"
)


def office_env(folder: Path) -> dict[str, str]:
    """The environment for LibreOffice: the Windows font names mapped to the Debian fonts."""
    import os

    conf = folder / "fonts.conf"
    conf.write_text(_FONTS_CONF, encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}
