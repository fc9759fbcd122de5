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
