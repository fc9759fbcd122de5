"""PDF of the báo cáo tổng kết with WeasyPrint: the only module of the portal that imports it.

The renderer may read nothing but the bundled assets (``static/fonts/``, ``static/reports/``)
and ``data:`` URLs (the charts): ``BundledAssetsFetcher`` refuses every other URL — a file of the
server, an address on the network — so a text that slipped through as markup could still fetch
nothing. Text typed by users is escaped by the template before it gets here.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
ASSET_DIRS = (STATIC_DIR / "fonts", STATIC_DIR / "reports")
STYLESHEETS = (STATIC_DIR / "reports" / "document.css", STATIC_DIR / "reports" / "pdf.css")


class RefusedURL(ValueError):
    """A URL outside the bundled assets (WeasyPrint logs it and renders without it)."""


class BundledAssetsFetcher(URLFetcher):
    """Serves ``data:`` URLs and files inside ``ASSET_DIRS``; refuses everything else."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            self.fetched.append(url[:40])
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if path.is_file() and any(path.is_relative_to(d.resolve()) for d in ASSET_DIRS):
                self.fetched.append(url)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        logger.warning("PDF: refused to fetch %s", url)
        raise RefusedURL(f"Không được tải {url!r} khi tạo PDF.")


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int
    fetched: tuple[str, ...]
    refused: tuple[str, ...]


def _layout(html: str, fetcher: BundledAssetsFetcher, fonts: FontConfiguration):
    stylesheets = [
        CSS(filename=str(path), url_fetcher=fetcher, font_config=fonts) for path in STYLESHEETS
    ]
    return HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/reports/", url_fetcher=fetcher
    ).render(stylesheets=stylesheets, font_config=fonts)


def render_html(*parts: str) -> RenderedPdf:
    """One PDF of the HTML ``parts`` laid out separately, one after the other: each part has
    its own page numbers (the annex is numbered apart from the body, Nghị định 30/2020)."""
    fetcher = BundledAssetsFetcher()
    fonts = FontConfiguration()
    documents = [_layout(html, fetcher, fonts) for html in parts if html]
    pages = [page for document in documents for page in document.pages]
    content = documents[0].copy(pages).write_pdf()
    return RenderedPdf(content, len(pages), tuple(fetcher.fetched), tuple(fetcher.refused))


def render_document(doc) -> RenderedPdf:
    """The PDF of a ``reports.summary.builder.ReportDocument``: the body, then the annex."""
    body = render_to_string("reports/summary/pdf.html", {"doc": doc, "part": "body"})
    annex = ""
    if doc.annex or doc.unit_table or doc.charts:
        annex = render_to_string("reports/summary/pdf.html", {"doc": doc, "part": "annex"})
    return render_html(body, annex)
