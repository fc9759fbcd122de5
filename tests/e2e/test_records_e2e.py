"""Sổ theo dõi in a real browser: an officer on a phone enters a festival and a propaganda session."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.e2e


def test_an_officer_enters_a_festival_with_two_commendations_on_a_phone(page_for):
    from movement.models import FestivalEvent

    page = page_for("ca.haihoa", width=360)
    page.goto("/so-theo-doi/ngay-hoi/them/")
    assert_accessible(page)
    page.get_by_label("Tên ngày hội").fill("Ngày hội toàn dân bảo vệ ANTQ năm 2025")
    page.get_by_label("Ngày tổ chức").fill("12/08/2025")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa khu 5")
    page.get_by_label("Số người tham dự").fill("1.200")
    rows = page.locator(".formset-row")
    assert rows.count() == 1
    page.get_by_role("button", name="+ Thêm dòng").click()
    assert rows.count() == 2
    for i, (kind, name) in enumerate([("Tập thể", "Khu 5"), ("Cá nhân", "Bà Hoàng Thị Dung")]):
        row = rows.nth(i)
        row.get_by_label("Đối tượng").select_option(label=kind)
        row.get_by_label("Tên tập thể / cá nhân").fill(name)
        row.get_by_label("Hình thức").select_option(label="Giấy khen")
        row.get_by_label("Cấp khen").fill("UBND thành phố Móng Cái")
    screenshot(page, "so-theo-doi-ngay-hoi-them-360")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/so-theo-doi/ngay-hoi/")
    assert "Đã thêm ngày hội" in page.get_by_role("status").first.inner_text()
    festival = FestivalEvent.objects.get(title="Ngày hội toàn dân bảo vệ ANTQ năm 2025")
    assert festival.participants == 1200
    assert sorted(festival.commendations.values_list("recipient_name", flat=True)) == [
        "Bà Hoàng Thị Dung",
        "Khu 5",
    ]
    assert_accessible(page)
    screenshot(page, "so-theo-doi-ngay-hoi-360")


def test_an_officer_enters_a_propaganda_session_and_a_bad_number_is_explained(page_for):
    from movement.models import PropagandaSession

    page = page_for("ca.haihoa", width=360)
    page.goto("/so-theo-doi/tuyen-truyen/them/")
    page.get_by_label("Ngày tuyên truyền").fill("15/03/2025")
    page.get_by_label("Nội dung").fill("Phòng, chống ma túy trong thanh thiếu niên")
    page.get_by_label("Hình thức").select_option(label="Họp thôn, xóm, tổ dân phố")
    page.get_by_label("Số lượt người nghe").fill("-3")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_load_state()
    assert "không được là số âm" in page.locator("#noi-dung").inner_text()
    assert_accessible(page)
    screenshot(page, "so-theo-doi-tuyen-truyen-loi-360")
    page.get_by_label("Số lượt người nghe").fill("85")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/so-theo-doi/tuyen-truyen/")
    assert (
        PropagandaSession.objects.filter(
            topic="Phòng, chống ma túy trong thanh thiếu niên", attendees=85
        ).count()
        == 1
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_main_record_pages_are_accessible(page_for, width):
    page = page_for("ca.haihoa", width=width)
    pages = {
        "so-theo-doi": "/so-theo-doi/",
        "tuyen-truyen": "/so-theo-doi/tuyen-truyen/",
        "to-tu-quan": "/so-theo-doi/to-tu-quan/",
        "mo-hinh": "/so-theo-doi/mo-hinh/",
        "an-toan-antt": "/so-theo-doi/an-toan-antt/",
        "an-toan-antt-them": "/so-theo-doi/an-toan-antt/them/",
        "to-tu-quan-them": "/so-theo-doi/to-tu-quan/them/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page)
        screenshot(page, f"{name}-{width}")
    page.goto("/so-theo-doi/ngay-hoi/")
    page.get_by_role("link", name="Sửa").first.click()
    assert_accessible(page)
    screenshot(page, f"ngay-hoi-sua-{width}")


def test_a_committee_member_drills_down_to_a_commune(page_for):
    page = page_for("bcd.mongcai", width=1280)
    page.goto("/so-theo-doi/tuyen-truyen/")
    page.get_by_label("Đơn vị (chọn để xem cấp dưới)").select_option(
        label="Phường Hải Hòa (thôi tồn tại từ 01/07/2025)"
    )
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_load_state()
    assert_accessible(page)
    screenshot(page, "tuyen-truyen-bcd-1280")
    assert "Phường Trần Phú" not in page.locator("tbody").inner_text()


def test_rows_are_added_with_the_keyboard_and_focus_moves_to_the_new_row(page_for):
    page = page_for("ca.haihoa", width=360)
    page.goto("/so-theo-doi/to-tu-quan/them/")
    page.get_by_role("button", name="+ Thêm dòng").focus()
    page.keyboard.press("Enter")
    assert page.locator(".formset-row").count() == 2
    focused = page.evaluate("document.activeElement.id")
    assert focused == "id_thanh_vien-1-full_name"
    page.keyboard.type("Nguyễn Thị Lan")
    assert page.locator("#id_thanh_vien-1-full_name").input_value() == "Nguyễn Thị Lan"


def test_a_committee_member_sees_a_read_only_record(page_for):
    page = page_for("bcd.mongcai", width=360)
    page.goto("/so-theo-doi/ngay-hoi/")
    page.get_by_role("link", name="Xem").first.click()
    assert page.get_by_role("button", name="Lưu").count() == 0
    assert page.get_by_label("Tên ngày hội").is_disabled()
    assert page.locator(".formset-row input:not([disabled]):not([type=hidden])").count() == 0
    assert_accessible(page)
    screenshot(page, "ngay-hoi-xem-bcd-360")
