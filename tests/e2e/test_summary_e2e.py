"""Office staff in the browser: draft the báo cáo tổng kết, edit it, preview it, download the PDF
(made by the background worker while the page says it is being made)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible, screenshot
from tests.reports.pdfs import text

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def run_worker() -> None:
    """One pass of ``manage.py db_worker`` over the queued tasks, from the test's thread."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_staff_drafts_edits_previews_and_downloads_the_report(page_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = page_for("vanphong.mongcai")
    page.get_by_role("link", name="Báo cáo tổng kết").first.click()
    page.wait_for_url("**/bao-cao-tong-ket/")
    assert_accessible(page)
    screenshot(page, "summary-list-1280")
    page.get_by_label("Đơn vị", exact=True).select_option(
        label="Thành phố Móng Cái (đến 30/06/2025)"
    )
    page.get_by_label("Từ năm").first.fill("2022")
    page.get_by_role("button", name="Lập và soạn sẵn").click()
    page.wait_for_url("**/bao-cao-tong-ket/*/")
    assert "Đã lập báo cáo" in page.content()
    crime = page.get_by_label("II. Tin báo, phòng ngừa, đấu tranh tội phạm", exact=False)
    assert "vụ phạm pháp hình sự" in crime.input_value()
    page.get_by_label("III. Đánh giá chung").fill("Phong trào được duy trì đều khắp 17 xã, phường.")
    page.get_by_text("Thể thức: đầu văn bản, chữ ký, nơi nhận").click()
    page.get_by_label("Số văn bản").fill("12")
    page.get_by_label("Ngày ban hành").fill("05/01/2023")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Hùng")
    page.get_by_role("button", name="Lưu", exact=True).click()
    page.wait_for_load_state()
    assert "Đã lưu báo cáo." in page.content()
    assert_accessible(page)
    screenshot(page, "summary-edit-1280")

    page.get_by_role("link", name="Xem trước").click()
    page.wait_for_url("**/xem/")
    assert "Móng Cái, ngày 05 tháng 01 năm 2023" in page.content()
    assert_accessible(page)
    screenshot(page, "summary-preview-1280")
    preview_url = page.url
    # The PDF is made by the background worker: the page says it is being made, then offers it.
    page.get_by_role("button", name="Tải PDF").click()
    page.wait_for_url("**/tep-xuat/*/")
    assert "Đang chờ tạo tệp" in page.content()
    screenshot(page, "export-waiting-1280")
    run_worker()
    download_button = page.get_by_role("link", name="Tải xuống")
    download_button.wait_for(timeout=15_000)  # the page refreshes itself every 3 seconds
    assert "bao-cao-tong-ket-thanh-pho-mong-cai-2022.pdf" in page.content()
    assert_accessible(page)
    screenshot(page, "export-done-1280")
    with page.expect_download() as download:
        download_button.click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    body = text(content)
    assert "Số: 12/BC-BCĐ" in body and "Phong trào được duy trì đều khắp 17 xã, phường." in body

    phone = page_for("vanphong.mongcai", width=360, height=740)
    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "export-done-360")
    phone.goto(preview_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "summary-preview-360")
    phone.goto(preview_url.replace("xem/", ""))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "summary-edit-360")
    phone.goto("/bao-cao-tong-ket/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "summary-list-360")


def test_save_and_download_from_the_edit_page_saves_then_makes_the_file(
    page_for, settings, tmp_path
):
    """«Lưu và tải DOCX»: the one-submit script disables the buttons as the form leaves; the
    clicked one's value must still reach the server, or the page only saves."""
    from docx import Document

    settings.MEDIA_ROOT = tmp_path
    page = page_for("vanphong.mongcai")
    page.goto("/bao-cao-tong-ket/")
    page.get_by_label("Đơn vị", exact=True).select_option(
        label="Thành phố Móng Cái (đến 30/06/2025)"
    )
    page.get_by_label("Từ năm").first.fill("2021")
    page.get_by_role("button", name="Lập và soạn sẵn").click()
    page.wait_for_url("**/bao-cao-tong-ket/*/")
    page.get_by_label("III. Đánh giá chung").fill("Đánh giá gõ ngay trước khi tải.")
    page.get_by_role("button", name="Lưu và tải DOCX").click()
    page.wait_for_url("**/tep-xuat/*/")
    assert "Đã lưu các thay đổi; đang tạo tệp" in page.content()
    run_worker()
    download_button = page.get_by_role("link", name="Tải xuống")
    download_button.wait_for(timeout=15_000)
    with page.expect_download() as download:
        download_button.click()
    document = Document(download.value.path())
    assert any("Đánh giá gõ ngay trước khi tải." in p.text for p in document.paragraphs), (
        "the DOCX holds what was typed just before the click"
    )
