"""The sign-in page in a real browser: labels, keyboard, accessibility, phone width."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [360, 1280])
def test_an_officer_signs_in_with_the_keyboard(page_for, width):
    page = page_for(None, width=width)
    page.goto("/dang-nhap/")
    assert_accessible(page)
    screenshot(page, f"dang-nhap-{width}")
    page.keyboard.type("ca.haihoa")  # the username field has focus on arrival
    page.keyboard.press("Tab")
    page.keyboard.type("Demo@2026")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    assert "/dang-nhap/" not in page.url
    # Sign out through the account menu (behind the menu button on a phone).
    if width < 1200:
        page.get_by_role("button", name="Mở trình đơn").click()
    page.get_by_role("button", name="Tài khoản: ca.haihoa").click()
    # The menus open with a transition: wait for the link rather than look once.
    expect(page.get_by_role("link", name="Đổi mật khẩu")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto("/")
    page.wait_for_url(lambda url: "/dang-nhap/" in url)


def test_a_wrong_password_is_explained_in_vietnamese(page_for):
    page = page_for(None)
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("ca.haihoa")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    alert = page.get_by_role("alert")
    assert "tên đăng nhập" in alert.inner_text().lower()
