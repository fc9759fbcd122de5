"""Today's logins in a real browser: their home pages at desktop and phone widths, the pages the
walk-through found inaccessible (axe-core, serious or critical), and the dashboard on paper."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.e2e

TODAYS_LOGINS = [
    "bcd.quangninh",
    "vanphong.quangninh",
    "ca.mongcai1",
    "ca.mongcai2",
    "bcd.mongcai1",
    "bcd.caobang",
    "ca.tralinh",
]


def test_todays_logins_home_pages_at_desktop_and_phone_widths(page_for):
    for username in TODAYS_LOGINS:
        for width in (1280, 360):
            page = page_for(username, width=width)
            page.goto("/")
            assert page.get_by_role("heading", level=1).is_visible()
            # Nobody in a unit of today is told their unit has ceased.
            assert "đã thôi tồn tại" not in page.content()
            # Nothing wider than the screen: the page does not scroll sideways on a phone.
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert_accessible(page)
            screenshot(page, f"trang-chu-{username}-{width}")
            page.context.close()


def test_the_pages_found_inaccessible_on_the_walk_through(page_for):
    from movement.models import PeriodReport, SelfManagementGroup, User
    from reports.summary import services

    approved = PeriodReport.objects.filter(
        status="approved", unit__parent__code="22", period_kind="month"
    ).first()
    page = page_for("bcd.quangninh", width=360)
    page.goto(f"/bao-cao/{approved.pk}/duyet/")
    assert page.get_by_role("button", name="Mở lại báo cáo").is_visible()
    assert_accessible(page)  # the button's colour contrast
    page.goto("/tien-do/")
    assert_accessible(page)

    office = User.objects.get(username="vanphong.quangninh")
    summary = services.summary_report_create(
        user=office, unit=approved.unit, cluster=None, first_year=2025, last_year=2025
    )
    page = page_for("vanphong.quangninh", width=360)
    page.goto(f"/bao-cao-tong-ket/{summary.pk}/xem/")
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)  # the annex's scrollable tables reachable by keyboard

    group = SelfManagementGroup.objects.filter(members__isnull=False).first()
    page = page_for("admin", width=1280)
    for url in (
        "/admin/",
        "/admin/axes/accessattempt/",
        f"/admin/movement/selfmanagementgroup/{group.pk}/change/",
    ):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert_accessible(page)
    page.goto("/admin/")
    text = page.locator("#content-main").text_content()
    assert "Bảo vệ đăng nhập" in text and "Tác vụ nền" in text
    for english in ("Access attempts", "Task Results", "Axes", "Model name"):
        assert english not in text


def test_the_dashboard_prints_within_the_paper(page_for):
    page = page_for("bcd.quangninh", width=1280)
    page.goto("/bang-dieu-khien/?loai_ky=month&nam=2025&ky=9")
    page.emulate_media(media="print")
    # A4 portrait minus the margins, in CSS pixels.
    page.set_viewport_size({"width": 700, "height": 1000})
    assert not page.locator("header.antq-header").is_visible()
    assert not page.locator("form.antq-filters").is_visible()
    widths = page.evaluate(
        "Array.from(document.querySelectorAll('main table')).map(t => t.getBoundingClientRect().right)"
    )
    assert widths and max(widths) <= 700
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
