"""Each role's home page shows its own work, and costs the same queries as data grows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from movement import services
from movement.models import PeriodReport, ReportStatus
from movement.periods import Period, PeriodKind

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_officer_home_lists_open_returned_and_waiting_reports(client, login, demo_user):
    officer = login("ca.haihoa")
    committee = demo_user("bcd.mongcai")
    draft = services.period_report_create(
        unit=officer.unit, period=Period.of(PeriodKind.MONTH, 2025, 5), user=officer
    )
    returned = services.period_report_create(
        unit=officer.unit, period=Period.of(PeriodKind.MONTH, 2025, 4), user=officer
    )
    returned = services.period_report_submit(
        report=returned, user=officer, version=returned.version
    )
    services.period_report_return(report=returned, user=committee, comment="Thiếu số tin báo.")
    page = client.get(reverse("home")).content.decode()
    assert "Tháng 05/2025" in page and "hạn 18/05/2025" in page
    assert "Bị trả lại, cần sửa" in page and "Thiếu số tin báo." in page
    assert "thôi tồn tại từ 01/07/2025" in page
    assert reverse("movement:report_detail", args=[draft.pk]) in page


def test_officer_home_lists_the_latest_periods_started_or_not(client, login):
    officer = login("ca.haihoa")  # Hải Hòa's last periods: June, May, April 2025
    may = services.period_report_create(
        unit=officer.unit, period=Period.of(PeriodKind.MONTH, 2025, 5), user=officer
    )
    response = client.get(reverse("home"))
    latest = response.context["officer"].latest
    assert [item.period.label for item in latest] == [
        "Tháng 06/2025",
        "Tháng 05/2025",
        "Tháng 04/2025",
    ]
    assert [item.status for item in latest] == ["not_started", "draft", "not_started"]
    assert latest[0].deadline == dt.date(2025, 6, 18) and latest[0].overdue
    page = response.content.decode()
    assert "hạn gửi 18/06/2025" in page
    assert "Lập báo cáo tháng 06/2025</button>" in page
    assert "Lập báo cáo tháng 05/2025" not in page  # May is open already: a link instead
    assert reverse("movement:report_detail", args=[may.pk]) in page


def test_committee_home_shows_reports_to_review_and_the_units_below(client, login, demo_user):
    officer = demo_user("ca.haihoa")
    report = services.period_report_create(
        unit=officer.unit, period=Period.of(PeriodKind.MONTH, 2025, 6), user=officer
    )
    services.period_report_submit(report=report, user=officer, version=report.version)
    login("bcd.mongcai")
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert "Báo cáo chờ duyệt" in page
    assert reverse("movement:report_review", args=[report.pk]) in page
    assert response.context["board"].period == Period.of(PeriodKind.MONTH, 2025, 6)
    assert "Phường Trần Phú" in page


def test_office_staff_home_lists_approved_yearly_reports_to_export(client, login):
    login("vanphong.mongcai")
    response = client.get(reverse("home"))
    items = response.context["exportable"]
    assert items
    assert all(
        i["report"].status == ReportStatus.APPROVED and i["report"].period_kind == "year"
        for i in items
    )
    assert "Lập báo cáo tổng kết" in response.content.decode()
    first = items[0]["report"]
    created = client.post(
        reverse("summary:create"), {"unit": first.unit_id, "first_year": first.period_start.year}
    )
    assert created.status_code == 302
    again = client.get(reverse("home"))
    assert again.context["exportable"][0]["summary"] is not None
    assert created.url in again.content.decode()  # "Mở báo cáo tổng kết" links to it


@pytest.mark.parametrize("username", ["ca.haihoa", "bcd.mongcai", "vanphong.mongcai"])
def test_home_query_count_does_not_grow_with_reports(
    client, login, demo_user, username, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(username)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    officer = demo_user("ca.haihoa")
    other = demo_user("ca.tranphu")
    for month in range(1, 7):
        for user in (officer, other):
            report = services.period_report_create(
                unit=user.unit, period=Period.of(PeriodKind.MONTH, 2024, month), user=user
            )
            if month % 2:
                services.period_report_submit(report=report, user=user, version=report.version)
    assert PeriodReport.objects.filter(period_start__year=2024, period_kind="month").count() == 12
    with django_assert_max_num_queries(len(before)):
        client.get(reverse("home"))
