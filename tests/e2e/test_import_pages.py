"""Importing a spreadsheet in the admin, in a real browser: preview, errors, confirm."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, screenshot
from tests.movement.sheets import xlsx_bytes

pytestmark = pytest.mark.e2e

HEADERS = ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, content: bytes, name: str, shot: str = "") -> None:
    page.goto("/admin/movement/propagandasession/")
    page.get_by_role("link", name="Nhập từ tệp").click()
    if shot:
        assert_accessible(page)
        screenshot(page, shot)
    page.get_by_label("Tệp .xlsx hoặc .csv").set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": content}]
    )
    page.get_by_role("button", name="Kiểm tra thử").click()
    page.wait_for_url("**/change/")


def test_an_officer_previews_sees_every_error_then_confirms_a_clean_file(page_for):
    page = page_for("ca.haihoa")
    bad = [
        HEADERS,
        ["Hai Hoa", "15/8/2022", "Loa truyền thanh", "Phòng chống ma túy", "1.546"],
        ["Phường Trần Phú", "16/8/2022", "Loa truyền thanh", "Buổi khác", 10],
        ["06742", "8/17/2022", "Loa truyền thanh", "Ngày tháng đảo", 10],
    ]
    upload(page, xlsx_bytes(bad), "co-loi.xlsx", shot="nhap-du-lieu-tai-len")
    body = page.locator("#content").inner_text()
    assert "3\tĐơn vị" in body and "không thuộc phạm vi" in body and "ngày ghi trước" in body
    assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
    assert_accessible(page)
    screenshot(page, "nhap-du-lieu-loi")

    upload(page, xlsx_bytes([bad[0], bad[1]]), "dung.xlsx")
    assert "Sẽ thêm 1" in page.locator("#content").inner_text()
    screenshot(page, "nhap-du-lieu-kiem-tra")
    page.get_by_role("button", name="Xác nhận nhập").click()
    assert "Đã thêm 1" in page.locator("#content").inner_text()
    assert_accessible(page)
    screenshot(page, "nhap-du-lieu-xong")
    page.goto("/admin/movement/propagandasession/")
    screenshot(page, "tuyen-truyen-nhap-xuat")
