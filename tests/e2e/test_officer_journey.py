"""The officer's period report in a real browser, then the committee's review.

Runs at phone width (360 px) and desktop width (1280 px): every main page is
checked with axe-core and saved as a screenshot under var/screenshots/.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import assert_accessible, screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [360, 1280])
def test_officer_fills_and_submits_committee_approves(page_for, width):
    page = page_for("ca.haihoa", width=width)
    assert_accessible(page)
    screenshot(page, f"trang-chu-can-bo-{width}")

    page.get_by_role("link", name="Lập hoặc mở báo cáo kỳ").click()
    assert_accessible(page)
    screenshot(page, f"bao-cao-ky-{width}")
    page.get_by_role("button", name="Tháng 06/2025").click()
    page.wait_for_url(re.compile(r"/bao-cao/\d+/$"))
    report_url = page.url
    assert_accessible(page)

    # A rule broken: the message sits beside the field, the input stays.
    page.get_by_label("Tin quần chúng cung cấp").fill("1.546")
    page.get_by_label("Tin có giá trị").fill("2000")
    page.get_by_role("button", name="Lưu nháp").click()
    error = page.locator("#loi-tips_valuable")
    assert "không được lớn hơn" in error.inner_text()
    assert page.get_by_label("Tin có giá trị").input_value() == "2000"
    assert_accessible(page)
    screenshot(page, f"nhap-bao-cao-loi-{width}")

    # The connection drops while saving: the browser keeps the input and offers it back.
    # Typed with the keyboard: Tab goes from one figure to the next.
    page.get_by_label("Tin quần chúng cung cấp").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_tips_valuable"
    page.keyboard.press("Control+A")
    page.keyboard.type("120")
    page.context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - the navigation fails offline
        page.get_by_role("button", name="Lưu nháp").click()
        page.wait_for_url(re.compile(r"luu=ok"), timeout=3000)
    page.context.set_offline(False)
    page.goto(report_url)
    # Nothing reached the server (the first attempt broke a rule): the page is empty again.
    assert page.get_by_label("Tin có giá trị").input_value() == ""
    page.get_by_role("button", name="Khôi phục số liệu chưa gửi").click()
    assert page.get_by_label("Tin có giá trị").input_value() == "120"
    assert page.get_by_label("Tin quần chúng cung cấp").input_value() == "1.546"

    page.get_by_role("button", name="Lưu nháp").click()
    page.wait_for_url(re.compile(r"luu=ok"))
    assert "Đã lưu nháp" in page.get_by_role("status").first.inner_text()
    assert page.get_by_label("Tin quần chúng cung cấp").input_value() == "1.546"
    assert not page.locator("#ban-nhap").is_visible()  # saved: nothing to offer back
    screenshot(page, f"nhap-bao-cao-{width}")

    page.get_by_role("button", name="Lưu và gửi duyệt").click()
    page.wait_for_url(re.compile(r"luu=ok"))
    assert "Đã gửi báo cáo" in page.content()

    committee = page_for("bcd.mongcai", width=width)
    assert_accessible(committee)
    screenshot(committee, f"trang-chu-ban-chi-dao-{width}")
    committee.goto(report_url + "duyet/")
    assert_accessible(committee)
    screenshot(committee, f"duyet-bao-cao-{width}")
    committee.get_by_role("button", name="Duyệt và khóa").click()
    assert "Đã duyệt và khóa" in committee.content()

    committee.goto("/tien-do/?kind=month&year=2025&number=6")
    assert "Đã duyệt" in committee.locator("tr", has_text="Phường Hải Hòa").inner_text()
    assert_accessible(committee)
    screenshot(committee, f"tien-do-{width}")

    # Locked for the officer: no input left on the page.
    page.goto(report_url)
    assert page.locator("input[name=tips_received]").count() == 0
    assert "đã được duyệt và khóa" in page.content()

    # Reopened with a reason, corrected, sent again with a double click: one POST.
    committee.goto(report_url + "duyet/")
    committee.get_by_label("Lý do mở lại").fill("Bổ sung tin báo cuối tháng.")
    committee.get_by_role("button", name="Mở lại báo cáo").click()
    committee.wait_for_load_state()
    page.goto(report_url)
    assert "Bổ sung tin báo cuối tháng." in page.content()
    page.get_by_label("Tin quần chúng cung cấp").fill("1.600")
    held = []  # a slow connection: the first POST is still on its way when the user clicks again

    def hold(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route(re.compile(r"/bao-cao/\d+/$"), hold)
    # Two clicks 0,1 s apart (Playwright's own click would wait for the pending navigation).
    page.evaluate(
        "() => { const send = document.querySelector('button[name=gui]');"
        " send.click(); setTimeout(() => send.click(), 100); }"
    )
    page.wait_for_timeout(600)
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_url(re.compile(r"luu=ok"))
    page.unroute(re.compile(r"/bao-cao/\d+/$"))
    assert "Đã gửi báo cáo" in page.content()

    # The reviewer sees what changed since the approval, old → new.
    committee.goto(report_url + "duyet/")
    changes = committee.locator("section", has=committee.locator("#thay-doi"))
    assert "Tin quần chúng cung cấp" in changes.inner_text()
    assert changes.locator("del").inner_text() == "1.546"
    assert changes.locator("ins").inner_text() == "1.600"
    assert_accessible(committee)
    screenshot(committee, f"duyet-thay-doi-{width}")
