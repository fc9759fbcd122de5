"""The dashboard in a real browser: accessible, readable at phone and desktop widths."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [360, 1280])
def test_committee_dashboard(page_for, width):
    page = page_for("bcd.mongcai", width=width)
    page.goto("/bang-dieu-khien/?nam=2022")
    assert page.get_by_role("heading", name="Chỉ số chính").is_visible()
    # First view: the charts nobody drew yet come from their own URLs, drawn when asked.
    charts = page.locator(".antq-svg:visible img")
    assert charts.count() >= 5
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.antq-svg img')].filter(i => i.offsetParent)"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    assert_accessible(page)
    screenshot(page, f"bang-dieu-khien-{width}")
    # Any later view inlines the drawings.
    page.reload()
    assert page.locator(".antq-svg:visible svg").count() >= 5
    assert page.locator(".antq-svg:visible img").count() == 0
    # Drill down to a commune through its row.
    page.get_by_role("link", name="Phường Hải Hòa").first.click()
    page.wait_for_load_state()
    assert "Bảng điều khiển: Phường Hải Hòa" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)


def test_cluster_page(page_for):
    page = page_for("bcd.mongcai", width=1280)
    page.goto("/bang-dieu-khien/?nam=2022")
    page.locator("a[href*='/bang-dieu-khien/cum/']").first.click()
    page.wait_for_load_state()
    assert page.locator(".antq-military").count() >= 1
    assert_accessible(page)
    screenshot(page, "cum-dia-ban-1280")
