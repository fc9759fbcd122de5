"""The demo lives today: today's units report up to the month before the day it was loaded, and
every role's home page shows what is due, overdue and waiting (DESIGN §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from movement.demo.today import report_months, whole_periods
from movement.models import REFORM_DATE, PeriodReport, ReportEvent, ReportSchedule, Unit
from movement.periods import Period, PeriodKind

pytestmark = pytest.mark.django_db


def today_unit(code: str) -> Unit:
    return Unit.objects.get(level__code="commune", code=code, valid_from=REFORM_DATE)


def province(code: str) -> Unit:
    return Unit.objects.get(level__code="province", code=code)


def test_report_months_run_from_july_2025_to_the_month_before_today():
    months = report_months(dt.date(2026, 12, 5))
    assert months[0] == Period.of(PeriodKind.MONTH, 2025, 7)
    assert months[-1] == Period.of(PeriodKind.MONTH, 2026, 11)
    assert len(months) == 17
    assert report_months(dt.date(2025, 7, 20)) == []
    assert [p.label for p in whole_periods(months, PeriodKind.QUARTER)] == [
        "Quý III/2025",
        "Quý IV/2025",
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
    ]
    assert [p.label for p in whole_periods(months, PeriodKind.HALF_YEAR)] == [
        "6 tháng cuối năm 2025",
        "6 tháng đầu năm 2026",
    ]
    # The year 2025 of a unit founded on 01/07/2025 ended with December.
    assert [p.label for p in whole_periods(months, PeriodKind.YEAR)] == ["Năm 2025"]


def test_todays_wards_have_every_month_since_the_reform():
    today = timezone.localdate()
    months = report_months(today)
    for code in ("06712", "06709", "06736", "01447"):
        unit = today_unit(code)
        starts = set(
            PeriodReport.objects.filter(unit=unit, period_kind="month").values_list(
                "period_start", flat=True
            )
        )
        expected = {m.start for m in months}
        # Only the latest month may be missing (xã Trà Lĩnh has not sent it).
        assert expected - starts <= {months[-1].start}
        assert not starts - expected
        quarters = PeriodReport.objects.filter(unit=unit, period_kind="quarter").count()
        assert quarters == len(whole_periods(months, PeriodKind.QUARTER))


def test_quarters_and_half_years_are_the_sums_of_their_months():
    unit = today_unit("06712")
    reports = {
        (r.period_kind, r.period_start): r.values_by_code()
        for r in PeriodReport.objects.filter(unit=unit).prefetch_related("values__indicator")
    }
    for (kind, start), values in reports.items():
        if kind == PeriodKind.MONTH:
            continue
        period = Period.containing(kind, start)
        months = [v for (k, s), v in reports.items() if k == "month" and start <= s <= period.end]
        assert len(months) == (3 if kind == "quarter" else 6)  # the year 2025 from July
        for code, value in values.items():
            assert value == sum(m[code] for m in months), (kind, start, code)


def test_the_latest_month_is_a_real_deadline():
    months = report_months(timezone.localdate())
    latest = months[-1]
    reports = PeriodReport.objects.filter(
        unit__parent=province("22"), period_kind="month", period_start=latest.start
    )
    statuses = set(reports.values_list("status", flat=True))
    assert statuses == {"approved", "submitted", "returned", "draft"}
    communes = Unit.objects.filter(parent=province("22"), level__code="commune").active_on(
        latest.end
    )
    assert reports.count() < communes.count()  # some have sent nothing
    assert reports.filter(status="approved").count() > communes.count() // 3
    deadline = ReportSchedule.for_kind("month").deadline(latest)
    submitted = reports.filter(status="submitted")
    assert {r.submitted_at.date() > deadline for r in submitted} == {True, False}  # late, on time
    returned = reports.get(status="returned")
    assert returned.unit == today_unit("06709") and returned.review_comment
    event = ReportEvent.objects.get(report=returned, action="returned")
    assert event.comment == returned.review_comment
    # The months before are approved, by the province's steering committee.
    earlier = PeriodReport.objects.filter(
        unit__parent=province("22"), period_kind="month", period_start=months[-3].start
    )
    assert set(earlier.values_list("status", flat=True)) == {"approved"}
    assert {r.reviewed_by.username for r in earlier} == {"bcd.quangninh"}


def test_the_predecessors_of_todays_wards_reported_the_first_half_of_2025():
    ward = today_unit("06712")
    predecessors = ward.predecessors.filter(level__code="commune")
    assert predecessors.count() == 5
    for unit in predecessors:
        report = PeriodReport.objects.get(unit=unit, period_kind="half_year")
        assert report.period_start == dt.date(2025, 1, 1) and report.status == "approved"
    # Their months are left free for the old logins to try the workflow on.
    assert not PeriodReport.objects.filter(unit__in=predecessors, period_kind="month").exists()


def test_todays_wards_keep_records_and_listed_group_members():
    from movement.models import FestivalEvent, GroupMember, PropagandaSession

    ward = today_unit("06712")
    sessions = PropagandaSession.objects.filter(unit=ward)
    assert sessions.count() >= len(report_months(timezone.localdate()))
    assert sessions.earliest("held_on").held_on >= REFORM_DATE
    assert FestivalEvent.objects.filter(unit=ward, held_on__year=2025).count() == 1
    assert GroupMember.objects.filter(group__unit=ward).count() == 4


# --- Home pages of today's logins ---------------------------------------------------------------


def test_officer_of_a_todays_ward_sees_the_current_month_due(client, login):
    login("ca.mongcai1")
    today = timezone.localdate()
    response = client.get(reverse("home"))
    latest = response.context["officer"].latest
    current = Period.containing(PeriodKind.MONTH, today)
    assert latest[0].period == current and latest[0].report is None
    deadline = ReportSchedule.for_kind("month").deadline(current)
    page = response.content.decode()
    assert f"hạn gửi {deadline:%d/%m/%Y}" in page
    assert f"Lập báo cáo {current.label.lower()}</button>" in page
    assert latest[1].status == "on_time"  # last month's report sent, waiting for review
    assert "đã thôi tồn tại" not in page


def test_officer_whose_report_was_returned_reads_the_comment(client, login):
    login("ca.mongcai2")
    page = client.get(reverse("home")).content.decode()
    assert "Bị trả lại, cần sửa" in page and "Số tin có giá trị chưa khớp" in page


def test_officer_of_xa_tra_linh_sees_last_month_overdue(client, login):
    login("ca.tralinh")
    latest = client.get(reverse("home")).context["officer"].latest
    assert latest[1].status == "not_started" and latest[1].overdue


def test_province_committee_sees_reports_to_review_and_the_last_deadline(client, login):
    login("bcd.quangninh")
    response = client.get(reverse("home"))
    to_review = response.context["to_review"]
    assert to_review and {r.unit.parent.code for r in to_review} == {"22"}
    board = response.context["board"]
    # The completeness of the latest period whose deadline has passed, commune by commune.
    assert board.period == report_months(timezone.localdate())[-1]
    assert {row.unit.level.code for row in board.rows} == {"commune"}
    assert len(board.rows) == 54
    statuses = {row.status for row in board.rows}
    assert {"approved", "on_time", "late", "returned", "not_started", "draft"} <= statuses


def test_the_office_of_the_province_can_draft_yearly_reports(client, login):
    login("vanphong.quangninh")
    response = client.get(reverse("home"))
    reports = [item["report"] for item in response.context["exportable"]]
    ward = today_unit("06712")
    mine = next(r for r in reports if r.unit == ward)
    assert mine.period.label == "Năm 2025" and mine.status == "approved"
    assert {r.unit.parent.code for r in reports} == {"22"}
    created = client.post(reverse("summary:create"), {"unit": ward.pk, "first_year": 2025})
    assert created.status_code == 302 and "/bao-cao-tong-ket/" in created.url


@pytest.mark.parametrize(
    ("username", "successor"),
    [
        ("ca.haihoa", "Phường Móng Cái 1"),
        ("ca.tranphu", "Phường Móng Cái 1"),
        ("ca.hailong", "Xã Như Thanh"),
        ("bcd.mongcai", "Phường Móng Cái 1"),
    ],
)
def test_old_logins_are_told_their_unit_ceased_and_its_successor(
    client, login, username, successor
):
    login(username)
    page = client.get(reverse("home")).content.decode()
    assert "đã thôi tồn tại từ 01/07/2025" in page
    assert successor in page
    assert "Quá hạn" not in page


def test_a_commune_committee_follows_its_own_communes_reports(client, login):
    login("bcd.mongcai1")
    response = client.get(reverse("home"))
    assert "board" not in response.context  # no unit below a commune in the catalogue
    own = response.context["own"]
    assert own[0].period == Period.containing(PeriodKind.MONTH, timezone.localdate())
    page = response.content.decode()
    assert "Báo cáo của Phường Móng Cái 1 gửi cấp trên" in page
    assert reverse("movement:report_detail", args=[own[1].report.pk]) in page
    assert client.get(reverse("movement:report_detail", args=[own[1].report.pk])).status_code == 200
