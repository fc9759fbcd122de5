"""The report pages: entry layout, computed indicators, list filters, and constant query counts."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from movement import services
from movement.models import PeriodReport, PropagandaSession, ReportSchedule
from movement.periods import Period, PeriodKind

pytestmark = pytest.mark.django_db

JUNE_2025 = Period.of(PeriodKind.MONTH, 2025, 6)


@pytest.fixture
def report(demo_user) -> PeriodReport:
    officer = demo_user("ca.haihoa")
    return services.period_report_create(unit=officer.unit, period=JUNE_2025, user=officer)


def add_sessions(unit, count: int, day: dt.date) -> None:
    for i in range(count):
        PropagandaSession.objects.create(
            unit=unit, held_on=day, channel="village_meeting", topic=f"Buổi {i}", attendees=10
        )


def test_entry_page_groups_indicators_and_ties_labels_to_inputs(client, login, report):
    login("ca.haihoa")
    page = client.get(reverse("movement:report_detail", args=[report.pk])).content.decode()
    assert "<legend" in page and "Tin báo, phòng ngừa, đấu tranh tội phạm" in page
    assert '<label class="col-12 col-md-8 col-form-label" for="id_tips_received">' in page
    assert 'id="id_tips_received"' in page
    assert 'name="propaganda_sessions"' not in page  # computed: read-only
    assert "Tự tính từ hồ sơ" in page
    assert "Số liệu từ 15/05/2025 đến 14/06/2025 · hạn gửi <strong>18/06/2025</strong>" in page
    assert "report-draft.js" in page and "<script>" not in page


def test_computed_indicators_come_from_the_records_in_the_data_window(client, login, report):
    login("ca.haihoa")
    unit = report.unit
    # NĐ 09/2019: June's data run from 15/05 to 14/06.
    add_sessions(unit, 2, dt.date(2025, 5, 20))
    add_sessions(unit, 1, dt.date(2025, 6, 20))
    response = client.get(reverse("movement:report_detail", args=[report.pk]))
    rows = {r.indicator.code: r for s in response.context["sections"] for r in s.rows}
    assert rows["propaganda_sessions"].value == 2
    services.period_report_save_values(
        report=report, values={}, version=report.version, user=report.unit.users.first()
    )
    assert report.values_by_code()["propaganda_sessions"] == 2


def test_a_computed_figure_links_to_the_records_it_counts(client, demo_user, report):
    officer = demo_user("ca.haihoa")
    officer.is_staff = False  # an officer without the back office still reaches the records
    officer.save(update_fields=["is_staff"])
    client.force_login(officer)
    unit = report.unit
    add_sessions(unit, 2, dt.date(2025, 5, 20))  # in June's window (15/05 to 14/06)
    add_sessions(unit, 1, dt.date(2025, 6, 20))  # July's
    page = client.get(reverse("movement:report_detail", args=[report.pk])).content.decode()
    link = re.search(r'href="(/so-theo-doi/tuyen-truyen/\?[^"]+)">buổi tuyên truyền</a>', page)
    assert link, "no link to the propaganda sessions"
    url = link.group(1).replace("&amp;", "&")
    assert "tu=15%2F05%2F2025" in url and "den=14%2F06%2F2025" in url
    listing = client.get(url)
    assert listing.status_code == 200
    held = [s.held_on for s in listing.context["page"].object_list]
    assert held == [dt.date(2025, 5, 20)] * 2
    assert "từ ngày 15/05/2025 đến ngày 14/06/2025" in listing.content.decode()
    # No back-office link for a user who cannot open the back office.
    assert "/admin/" not in page


def test_a_configured_schedule_moves_the_deadline(client, login, report):
    ReportSchedule.objects.create(period_kind="month", cutoff_day=0, deadline_days=5)
    login("ca.haihoa")
    page = client.get(reverse("movement:report_detail", args=[report.pk])).content.decode()
    assert "hạn gửi <strong>05/07/2025</strong>" in page


def test_list_filters_by_status_and_kind(client, login, report):
    login("ca.haihoa")
    response = client.get(reverse("movement:report_list"), {"loai_ky": "month"})
    assert [r.pk for r in response.context["page"]] == [report.pk]
    response = client.get(
        reverse("movement:report_list"), {"trang_thai": "approved", "loai_ky": "month"}
    )
    assert list(response.context["page"]) == []


def grow(demo_user) -> None:
    """More reports, records and submitted units under Móng Cái."""
    for username in ("ca.haihoa", "ca.tranphu"):
        user = demo_user(username)
        for month in range(1, 6):
            r = services.period_report_create(
                unit=user.unit, period=Period.of(PeriodKind.MONTH, 2025, month), user=user
            )
            services.period_report_save_values(
                report=r, values={"tips_received": 5}, version=r.version, user=user
            )
        add_sessions(user.unit, 5, dt.date(2025, 6, 1))


def urls(report: PeriodReport) -> dict[str, tuple[str, str, dict]]:
    return {
        "list": ("ca.haihoa", reverse("movement:report_list"), {}),
        "entry": ("ca.haihoa", reverse("movement:report_detail", args=[report.pk]), {}),
        "review": ("bcd.mongcai", reverse("movement:report_review", args=[report.pk]), {}),
        "board": (
            "bcd.mongcai",
            reverse("movement:completeness"),
            {"kind": "month", "year": 2025, "number": 6},
        ),
    }


@pytest.mark.parametrize("name", ["list", "entry", "review", "board"])
def test_page_query_counts_stay_constant_as_data_grows(client, demo_user, report, name):
    officer = demo_user("ca.haihoa")
    report = services.period_report_submit(report=report, user=officer, version=report.version)
    username, url, params = urls(report)[name]
    client.force_login(demo_user(username))
    with CaptureQueriesContext(connection) as before:
        assert client.get(url, params).status_code == 200
    grow(demo_user)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url, params).status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
    assert len(after) <= 15  # DESIGN §11: any list or form page


def approve_cycle(report: PeriodReport, officer, committee, tips: int) -> PeriodReport:
    """Save, submit and approve (reopening first if approved): events and a snapshot pile up."""
    report.refresh_from_db()
    if report.status == "approved":
        report = services.period_report_reopen(report=report, user=committee, reason="Bổ sung")
    for value in (tips, tips + 1):
        report = services.period_report_save_values(
            report=report, values={"tips_received": value}, version=report.version, user=officer
        )
    report = services.period_report_submit(report=report, user=officer, version=report.version)
    return services.period_report_approve(report=report, user=committee)


OTHER_PAGES = {
    # name: (who, url name, args, query)
    "locked entry": ("ca.haihoa", "movement:report_detail", True, {}),
    "review approved": ("bcd.mongcai", "movement:report_review", True, {}),
    "board, latest period": ("bcd.mongcai", "movement:completeness", False, {}),
    "list, committee": ("bcd.mongcai", "movement:report_list", False, {"trang_thai": "approved"}),
    "home, administrator": ("admin", "home", False, {}),
    "sign-in": (None, "login", False, {}),
    "password change": ("ca.haihoa", "password_change", False, {}),
    "password changed": ("ca.haihoa", "password_change_done", False, {}),
}


@pytest.mark.parametrize("name", list(OTHER_PAGES))
def test_other_pages_query_counts_stay_constant_as_data_grows(client, demo_user, report, name):
    officer, committee = demo_user("ca.haihoa"), demo_user("bcd.mongcai")
    report = approve_cycle(report, officer, committee, 5)
    username, url_name, with_pk, params = OTHER_PAGES[name]
    url = reverse(url_name, args=[report.pk] if with_pk else None)
    if username:
        client.force_login(demo_user(username))
    client.get(url, params)  # warm the session
    with CaptureQueriesContext(connection) as before:
        assert client.get(url, params).status_code == 200
    grow(demo_user)
    approve_cycle(report, officer, committee, 9)  # more history, a diff since approval
    other = demo_user("ca.tranphu")
    extra = services.period_report_create(unit=other.unit, period=JUNE_2025, user=other)
    services.period_report_submit(report=extra, user=other, version=extra.version)
    with CaptureQueriesContext(connection) as after:
        assert client.get(url, params).status_code == 200
    assert len(after) == len(before), [q["sql"] for q in after.captured_queries]
    assert len(after) <= 15


def test_quick_period_buttons_post_plain_numbers(client, login):
    login("ca.haihoa")
    page = client.get(reverse("movement:report_list")).content.decode()
    assert 'name="year" value="2025"' in page and "2.025" not in page


STATIC_REF = re.compile(r'(?:src|href)="/static/([^"?]+)"')


def transfer_size(html: str) -> int:
    """Bytes sent without cache: the page and its CSS/JS, gzip-compressed as WhiteNoise serves them."""
    size = len(gzip.compress(html.encode(), 6))
    for name in set(STATIC_REF.findall(html)):
        path = finders.find(name)
        assert path, name
        size += len(gzip.compress(Path(path).read_bytes(), 6))
    return size


@pytest.mark.parametrize("name", ["list", "entry", "review", "board"])
def test_main_pages_weigh_under_200_kb(client, demo_user, report, name):
    username, url, params = urls(report)[name]
    client.force_login(demo_user(username))
    response = client.get(url, params)
    size = transfer_size(response.content.decode())
    assert size < 200 * 1024, f"{name}: {size} bytes"


@pytest.mark.parametrize("username", [None, "ca.haihoa", "bcd.mongcai", "vanphong.mongcai"])
def test_sign_in_and_home_pages_weigh_under_200_kb(client, demo_user, username):
    if username:
        client.force_login(demo_user(username))
    response = client.get(reverse("home") if username else reverse("login"))
    assert response.status_code == 200
    size = transfer_size(response.content.decode())
    assert size < 200 * 1024, f"{username}: {size} bytes"
