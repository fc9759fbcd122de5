"""The admin grants exactly the writes the report pages grant, through the same services (issue 17, holes 1–2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from movement import services
from movement.models import Indicator, IndicatorValue, PeriodReport, ReportEvent
from movement.periods import Period
from tests import factories

pytestmark = pytest.mark.django_db


def new_report_data(unit, period: Period) -> dict[str, str]:
    return {
        "unit": unit.pk,
        "period_kind": period.kind,
        "period_start": period.start.strftime("%d/%m/%Y"),
        "period_end": period.end.strftime("%d/%m/%Y"),
        "note": "",
        "values-TOTAL_FORMS": "0",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }


def test_a_committee_cannot_change_a_communes_draft_figures_in_the_admin(client, login, demo_user):
    committee = login("bcd.mongcai")
    commune = demo_user("ca.haihoa").unit
    value = factories.indicator_value(commune, value=5)
    url = reverse("admin:movement_indicatorvalue_change", args=[value.pk])
    response = client.post(
        url, {"report": value.report_id, "indicator": value.indicator_id, "value": "999"}
    )
    assert response.status_code == 403
    value.refresh_from_db()
    assert value.value == 5
    assert value.history.filter(history_user=committee).count() == 0
    # Nor through the report's own page with its inline values.
    report_url = reverse("admin:movement_periodreport_change", args=[value.report_id])
    assert client.post(report_url, {"note": "x"}).status_code == 403
    assert (
        client.post(
            reverse("admin:movement_indicatorvalue_delete", args=[value.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert IndicatorValue.objects.filter(pk=value.pk).exists()


def test_a_committee_has_no_write_permission_on_reports():
    from django.contrib.auth.models import Group

    from movement.models import Role

    codenames = set(
        Group.objects.get(name=Role.group_name(Role.COMMITTEE)).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"view_periodreport", "view_indicatorvalue"} <= codenames
    assert not codenames & {
        "change_periodreport",
        "add_periodreport",
        "change_indicatorvalue",
        "add_indicatorvalue",
        "delete_indicatorvalue",
    }


@pytest.mark.parametrize(
    "period, message",
    [
        (Period.of("month", 2025, 8), "không tồn tại trong"),  # the ward ceased on 01/07/2025
        (Period.of("month", 2030, 1), "chưa bắt đầu"),
    ],
)
def test_the_admin_refuses_a_report_the_report_pages_refuse(client, login, period, message):
    user = login("ca.haihoa")
    before = PeriodReport.objects.count()
    response = client.post(
        reverse("admin:movement_periodreport_add"), new_report_data(user.unit, period)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert PeriodReport.objects.count() == before


def test_a_report_added_in_the_admin_is_created_and_logged_by_the_service(client, login):
    user = login("ca.haihoa")
    period = Period.of("month", 2024, 3)
    data = new_report_data(user.unit, period)
    tips = Indicator.objects.get(code="tips_received")
    data.update(
        {
            "values-TOTAL_FORMS": "1",
            "values-0-indicator": tips.pk,
            "values-0-value": "1.546",
            "values-0-note": "",
        }
    )
    response = client.post(reverse("admin:movement_periodreport_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report = PeriodReport.objects.get(
        unit=user.unit, period_kind="month", period_start=period.start
    )
    assert report.values_by_code()["tips_received"] == 1546
    actions = list(report.events.values_list("action", flat=True))
    assert actions == [ReportEvent.Action.CREATED, ReportEvent.Action.SAVED]


def test_a_computed_indicator_is_refused_in_the_admin(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2016)
    sessions = Indicator.objects.get(code="propaganda_sessions")
    response = client.post(
        reverse("admin:movement_indicatorvalue_add"),
        {"report": report.pk, "indicator": sessions.pk, "value": "7", "note": ""},
    )
    assert response.status_code == 200
    assert "được tính từ hồ sơ" in response.content.decode()
    assert not report.values.exists()


def test_a_value_saved_in_the_admin_goes_through_the_service(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2015)
    tips = Indicator.objects.get(code="tips_received")
    response = client.post(
        reverse("admin:movement_indicatorvalue_add"),
        {"report": report.pk, "indicator": tips.pk, "value": "12", "note": "theo sổ"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.version == 2  # an entry page opened before must not save over it
    assert report.events.filter(action=ReportEvent.Action.SAVED, actor=user).exists()
    stored = report.values.get(indicator=tips)
    assert (stored.value, stored.note) == (12, "theo sổ")


def test_the_unit_and_period_of_an_existing_report_are_read_only(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2014)
    url = reverse("admin:movement_periodreport_change", args=[report.pk])
    data = new_report_data(user.unit, Period.of("year", 2030))
    response = client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.period_start == dt.date(2014, 1, 1)


def test_a_report_of_a_ceased_unit_can_be_neither_submitted_nor_approved(demo_user):
    officer, committee = demo_user("ca.haihoa"), demo_user("bcd.mongcai")
    period = Period.of("month", 2025, 8)
    report = PeriodReport.objects.create(
        unit=officer.unit, period_kind=period.kind, period_start=period.start, period_end=period.end
    )
    with pytest.raises(services.WorkflowError, match="không tồn tại trong"):
        services.period_report_submit(report=report, user=officer, version=report.version)
    PeriodReport.objects.filter(pk=report.pk).update(status="submitted")
    with pytest.raises(services.WorkflowError, match="không tồn tại trong"):
        services.period_report_approve(report=report, user=committee)
    report.refresh_from_db()
    assert report.status == "submitted"


@pytest.mark.parametrize(
    "period, message",
    [("08/2025", "chỉ tồn tại đến 30/06/2025"), ("01/2030", "Tháng 01/2030 chưa bắt đầu")],
)
def test_an_import_refuses_a_report_the_report_pages_refuse(demo_user, period, message):
    from movement.imports.engine import run_import
    from tests.movement.sheets import csv_bytes

    user = demo_user("ca.haihoa")
    rows = [
        ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"],
        ["06742", "Tháng", period, "tips_received", 4],
    ]
    before = PeriodReport.objects.count()
    outcome = run_import(csv_bytes(rows), user=user)
    assert outcome.error_rows == [2]
    assert message in outcome.errors[0].message
    assert PeriodReport.objects.count() == before
