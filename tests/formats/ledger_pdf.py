"""What a ledger looks like on paper: the PDF LibreOffice prints of it, measured."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

A4_LANDSCAPE = (842, 595)  # points, rounded


@dataclass
class Printed:
    """The measures of one printed ledger."""

    pages: int = 0
    smallest: float = 99.0  # the smallest type on any page, in points
    header: float = 99.0  # the smallest type of the header words found
    headers_found: int = 0
    blank_pages: list[int] = field(default_factory=list)
    not_a4_landscape: list[int] = field(default_factory=list)
    crossed: list[str] = field(default_factory=list)  # characters cut by a cell's rule


def measure(pdf: Path, headers: set[str]) -> Printed:
    """Type sizes, blank pages and text crossing the rules of the cells, page by page.

    ``headers``: column titles that print on one line, looked up as words on every page.
    """
    printed = Printed()
    with pdfplumber.open(pdf) as document:
        printed.pages = len(document.pages)
        for number, page in enumerate(document.pages, 1):
            if (round(page.width), round(page.height)) != A4_LANDSCAPE:
                printed.not_a4_landscape.append(number)
            chars = [c for c in page.chars if c["text"].strip()]
            if not chars:
                printed.blank_pages.append(number)
                continue
            printed.smallest = min(printed.smallest, min(c["size"] for c in chars))
            for word in page.extract_words(extra_attrs=["size"]):
                if word["text"] in headers:
                    printed.headers_found += 1
                    printed.header = min(printed.header, word["size"])
            printed.crossed += _crossed(page, chars, number)
    return printed


def _crossed(page, chars: list[dict], number: int) -> list[str]:
    """Characters a horizontal rule runs through: text taller than its row (clipped)."""
    rules = [e for e in page.horizontal_edges if e["x1"] - e["x0"] > 5]
    found = []
    for char in chars:
        middle = (char["x0"] + char["x1"]) / 2
        for rule in rules:
            inside = char["top"] + 1.5 < rule["top"] < char["bottom"] - 1.5
            if inside and rule["x0"] <= middle <= rule["x1"]:
                found.append(f"page {number}: {char['text']} at {char['top']:.0f}")
                break
    return found
