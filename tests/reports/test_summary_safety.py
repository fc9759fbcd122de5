"""What users type is text in the PDF; the renderer fetches nothing but the bundled assets."""

from __future__ import annotations

import pytest

from movement.models import Unit
from reports.selectors import Span
from reports.summary import builder, pdf, services
from reports.summary.pdf import BundledAssetsFetcher, RefusedURL
from tests.reports.pdfs import text

pytestmark = pytest.mark.django_db

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:8000/admin/">',
    "<style>@import url(http://127.0.0.1:9/x.css);</style>",
    '<object data="file:///etc/hostname"></object>',
]


def test_hostile_narrative_is_printed_as_text_and_fetches_nothing(monkeypatch):
    seen: list[str] = []
    original = BundledAssetsFetcher.fetch

    def spy(self, url, headers=None):
        seen.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(BundledAssetsFetcher, "fetch", spy)
    unit = Unit.objects.get(level__code="commune", code="16252")  # xã Hải Long
    report = services.summary_report_draft(unit=unit, span=Span(2022, 2022))
    report.situation = "\n".join(HOSTILE)
    report.title = 'Tổng kết <b onload="x()">năm 2022</b>'
    report.recipients = "http://127.0.0.1:8000/\n<script>alert(1)</script>"
    rendered = pdf.render_document(builder.build_document(report))
    body = text(rendered.content)
    assert '<img src="file:///etc/passwd">' in body
    assert "http://127.0.0.1:8000/admin/" in body
    assert "<script>alert(1)</script>" in body
    assert 'Tổng kết <b onload="x()">năm 2022</b>' in body
    assert "root:x:0:0" not in body
    assert rendered.refused == ()
    assert seen, "the fonts and charts do go through the fetcher"
    for url in seen:
        assert url.startswith("data:") or (
            url.startswith("file://") and "/static/" in url and "/etc/" not in url
        ), url


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "https://example.com/font.ttf",
        "ftp://127.0.0.1/x",
        f"{pdf.STATIC_DIR.as_uri()}/fonts/../../config/settings.py",
        f"{pdf.STATIC_DIR.as_uri()}/css/portal.css",
    ],
)
def test_fetcher_refuses_everything_but_bundled_assets(url):
    fetcher = BundledAssetsFetcher()
    with pytest.raises((RefusedURL, ValueError)):
        fetcher.fetch(url)
    assert fetcher.fetched == []


def test_fetcher_serves_the_bundled_font_and_data_urls():
    fetcher = BundledAssetsFetcher()
    font = fetcher.fetch(f"{pdf.STATIC_DIR.as_uri()}/fonts/LiberationSerif-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    data = fetcher.fetch("data:text/plain;base64,eGlu")
    assert data.read() == b"xin"
    assert fetcher.refused == []


def test_html_with_a_hostile_image_renders_without_fetching_it():
    rendered = pdf.render_html(
        '<p>Trước</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/a.png"><p>Sau</p>'
    )
    assert rendered.refused == ("file:///etc/passwd", "http://127.0.0.1:9/a.png")
    assert "Trước" in text(rendered.content) and "Sau" in text(rendered.content)
