"""The audit log and the error pages in a real browser: readable, accessible, in Vietnamese."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_audit_log_reads_well_and_is_accessible(page_for):
    page = page_for("bcd.mongcai")
    page.goto("/nhat-ky/")
    assert page.get_by_role("heading", name="Nhật ký thay đổi").is_visible()
    assert page.get_by_role("link", name="Nhật ký").is_visible()  # in the menu
    assert_accessible(page)
    screenshot(page, "nhat-ky")


def test_the_404_page_keeps_the_menu(page_for):
    page = page_for("ca.haihoa")
    response = page.goto("/bao-cao/999999/")
    assert response.status == 404
    assert page.get_by_role("heading", name="Không tìm thấy trang").is_visible()
    assert page.get_by_role("link", name="Báo cáo kỳ").is_visible()
    assert_accessible(page)
    screenshot(page, "loi-404")
