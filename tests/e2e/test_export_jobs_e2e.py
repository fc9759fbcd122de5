"""A big export in a real browser: «Xuất csv» in the admin becomes a page that says the file is
being made, refreshes itself until the worker is done, then offers «Tải xuống»."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_committee_exports_a_districts_period_values_in_the_background(
    page_for, settings, tmp_path
):
    from movement.models import ExportJob

    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_BACKGROUND_ROWS = 50
    page = page_for("bcd.mongcai")
    page.goto("/admin/movement/periodreport/")
    page.get_by_role("link", name="Xuất csv").click()
    page.wait_for_url("**/tep-xuat/*/")
    assert "Số liệu báo cáo định kỳ, Thành phố Móng Cái" in page.content()
    assert "Đang chờ tạo tệp" in page.content()
    screenshot(page, "export-csv-waiting-1280")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    download_link = page.get_by_role("link", name="Tải xuống")
    download_link.wait_for(timeout=15_000)  # the page refreshes itself every 3 seconds
    job = ExportJob.objects.get()
    assert job.status == "done" and job.rows_written > 50
    assert_accessible(page)
    screenshot(page, "export-csv-done-1280")
    with page.expect_download() as download:
        download_link.click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith("\ufeff".encode()) and content.count(b"\r\n") == job.rows_written + 1
    assert download.value.suggested_filename == job.file_name

    page.get_by_role("button", name="Tài khoản: bcd.mongcai").click()
    page.locator(".dropdown-menu").get_by_role("link", name="Tệp đã xuất").click()
    page.wait_for_url("**/tep-xuat/")
    assert job.file_name in page.content()
    assert_accessible(page)
    screenshot(page, "export-list-1280")

    failed = ExportJob.objects.create(
        user=job.user, unit=job.unit, kind="audit", title="Nhật ký thay đổi, Thành phố Móng Cái",
        format="xlsx", file_name="nhat-ky.xlsx", status="failed",
        message="Bạn không còn quyền xem nhật ký thay đổi của đơn vị này.",
        params={"back": "/nhat-ky/"},
    )  # fmt: skip
    page.goto(f"/tep-xuat/{failed.pk}/")
    assert "Không tạo được tệp." in page.content()
    assert_accessible(page)
    screenshot(page, "export-failed-1280")
    phone = page_for("bcd.mongcai", width=360, height=740)
    phone.goto(f"/tep-xuat/{job.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "export-csv-done-360")
    phone.goto("/tep-xuat/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "export-list-360")
