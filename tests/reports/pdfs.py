"""Reading generated PDFs back: text (pypdf), word boxes (poppler's pdftotext -bbox), fonts."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from html import unescape

import pytest
from pypdf import PdfReader

MM = 72 / 25.4  # points per millimetre


def pages_text(content: bytes) -> list[str]:
    """Text of each page, NFC, lines joined with spaces (a figure may wrap between lines)."""
    reader = PdfReader(io.BytesIO(content))
    return [
        unicodedata.normalize("NFC", re.sub(r"\s+", " ", page.extract_text() or ""))
        for page in reader.pages
    ]


def text(content: bytes) -> str:
    return " ".join(pages_text(content))


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float


def pdftotext() -> str:
    path = shutil.which("pdftotext")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("pdftotext (poppler-utils) is required in CI")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return path


def words(content: bytes) -> tuple[list[Page], list[Word]]:
    """Every word with its box in points (origin top left), from ``pdftotext -bbox``."""
    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = os.path.join(tmp, "doc.pdf")
        with open(pdf_path, "wb") as handle:
            handle.write(content)
        html = subprocess.run(
            [pdftotext(), "-bbox", pdf_path, "-"], check=True, capture_output=True, text=True
        ).stdout
    pages, found = [], []
    for number, match in enumerate(
        re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S), 1
    ):
        pages.append(Page(number, float(match[1]), float(match[2])))
        for w in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            match[3],
        ):
            found.append(
                Word(number, unescape(w[5]), float(w[1]), float(w[2]), float(w[3]), float(w[4]))
            )
    return pages, found


def fonts(content: bytes) -> dict[str, bool]:
    """Every font used on any page → whether its glyphs are embedded in the file."""
    reader = PdfReader(io.BytesIO(content))
    out: dict[str, bool] = {}
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptors = [
                d.get_object()["/FontDescriptor"].get_object()
                for d in font.get("/DescendantFonts", [])
            ] or [font["/FontDescriptor"].get_object()]
            out[str(font["/BaseFont"])] = all(
                any(key in d for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors
            )
    return out


# --- Machine reading of a báo cáo tổng kết (DESIGN §6) ---------------------------------------------

SECTION_HEADINGS = (
    "I. ĐẶC ĐIỂM TÌNH HÌNH",
    "II. KẾT QUẢ THỰC HIỆN",
    "III. ĐÁNH GIÁ CHUNG",
    "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ",
    "V. ĐỀ XUẤT, KIẾN NGHỊ",
)
WATERMARK_HEIGHT = 30  # points: the letters of "DỰ THẢO" across the page, not text


def body_words(found: list[Word]) -> list[Word]:
    """Words of the text, without the big letters of the "DỰ THẢO" mark."""
    return [w for w in found if w.y1 - w.y0 < WATERMARK_HEIGHT]


def section_positions(content: bytes) -> list[int]:
    """Where each of the headings I–V starts in the text (-1 when missing)."""
    body = text(content)
    return [body.find(heading) for heading in SECTION_HEADINGS]


def signature_page(found: list[Word]) -> tuple[int, float]:
    """The page of "Nơi nhận:" and its top."""
    word = next(w for w in found if w.text == "Nơi" and w.page and _next_is(found, w, "nhận:"))
    return word.page, word.y0


def _next_is(found: list[Word], word: Word, following: str) -> bool:
    index = found.index(word)
    return index + 1 < len(found) and found[index + 1].text == following


def text_above(found: list[Word], page: int, y: float) -> list[Word]:
    """Words of running text above ``y`` on ``page`` (not the page number)."""
    return [
        w
        for w in body_words(found)
        if w.page == page and w.y1 <= y and not w.text.isdigit() and len(w.text) > 1
    ]


def overlapping_words(found: list[Word]) -> list[tuple[Word, Word]]:
    """Pairs of words on one line whose boxes overlap: text run into the next cell."""
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for w in body_words(found):
        by_page.setdefault(w.page, []).append(w)
    for words_of_page in by_page.values():
        ordered = sorted(words_of_page, key=lambda w: (round(w.y0), w.x0))
        for a, b in zip(ordered, ordered[1:], strict=False):
            same_line = abs(a.y0 - b.y0) < 1 and abs(a.y1 - b.y1) < 1
            if same_line and b.x0 < a.x1 - 0.5:
                pairs.append((a, b))
    return pairs


def column_values(found: list[Word], page: int, header: str, below: float) -> list[str]:
    """The words under the column headed ``header`` (a single word) on ``page``."""
    head = next(
        w
        for w in found
        if w.page == page
        and w.text == header
        and w.y0 < below
        and any(o.page == page and o.text == "STT" and abs(o.y0 - w.y0) < 15 for o in found)
    )
    # Down to the next table's title on the same page, if any.
    stop = min(
        (w.y0 for w in found if w.page == page and w.text == "Biểu" and w.y0 > head.y1),
        default=float("inf"),
    )
    return [
        w.text
        for w in body_words(found)
        if w.page == page and head.y1 < w.y0 < stop and w.x0 >= head.x0 - 8 and w.x1 <= head.x1 + 8
    ]
