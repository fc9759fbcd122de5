"""Absurd figures are refused beside the field, in the admin and in imports (issue 17, hole 3; DESIGN §12)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from movement.imports.engine import run_import
from movement.models import Indicator, IndicatorValue, PeriodReport
from movement.periods import Period
from tests import factories
from tests.movement.sheets import csv_bytes

pytestmark = pytest.mark.django_db

ABSURD_TIPS = "100000000000"


def test_every_entered_indicator_has_a_plausible_maximum():
    entered = Indicator.objects.filter(source=Indicator.Source.ENTERED, is_active=True)
    missing = [i.code for i in entered if i.commune_month_max is None and i.max_value is None]
    assert missing == []


@pytest.mark.parametrize(
    "kind, rank, expected",
    [
        ("month", 3, Decimal(2_000)),  # a commune, one month
        ("year", 3, Decimal(24_000)),  # twelve months add up
        ("year", 2, Decimal(1_440_000)),  # a district adds up its communes
        ("quarter", 1, Decimal(4_200_000)),
    ],
)
def test_the_maximum_grows_with_the_period_and_the_level(kind, rank, expected):
    tips = Indicator.objects.get(code="tips_received")
    assert tips.plausible_maximum(period_kind=kind, level_rank=rank) == expected


def test_a_stock_does_not_grow_with_the_period_and_a_share_never_passes_100():
    councils = Indicator.objects.get(code="security_councils")
    month = councils.plausible_maximum(period_kind="month", level_rank=3)
    assert councils.plausible_maximum(period_kind="year", level_rank=3) == month
    share = Indicator.objects.get(code="households_committed_share")
    assert share.plausible_maximum(period_kind="year", level_rank=0) == 100


def test_the_report_page_refuses_absurd_tips_beside_the_field(client, login):
    user = login("ca.haihoa")
    period = Period.of("month", 2024, 5)
    response = client.post(
        reverse("movement:report_create"),
        {"kind": period.kind, "year": period.start.year, "number": period.number},
    )
    report = PeriodReport.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    data = {"version": str(report.version), "note": "", "luu": ""}
    response = client.post(
        reverse("movement:report_detail", args=[report.pk]),
        {**data, "tips_received": ABSURD_TIPS},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["tips_received"] == [
        "«Tin quần chúng cung cấp» vượt quá mức hợp lý của kỳ và cấp này (2.000); hãy kiểm tra lại."
    ]
    assert not report.values.filter(indicator__code="tips_received").exists()
    # A real busy month is fine.
    response = client.post(
        reverse("movement:report_detail", args=[report.pk]), {**data, "tips_received": "1.546"}
    )
    assert response.status_code == 302
    assert user.unit == report.unit


def test_an_import_refuses_absurd_tips_naming_the_row(demo_user):
    user = demo_user("ca.haihoa")
    rows = [
        ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"],
        ["06742", "Tháng", "06/2021", "disputes_mediated", 4],
        ["06742", "Tháng", "06/2021", "tips_received", ABSURD_TIPS],
    ]
    outcome = run_import(csv_bytes(rows), user=user)
    assert outcome.error_rows == [3]
    assert "vượt quá mức hợp lý" in outcome.errors[0].message
    assert not IndicatorValue.objects.filter(
        report__unit=user.unit, report__period_start="2021-06-01", report__period_kind="month"
    ).exists()


def test_the_admin_refuses_absurd_tips_beside_the_field(client, login):
    user = login("ca.haihoa")
    report = factories.report(user.unit, year=2013)
    tips = Indicator.objects.get(code="tips_received")
    response = client.post(
        reverse("admin:movement_indicatorvalue_add"),
        {"report": report.pk, "indicator": tips.pk, "value": ABSURD_TIPS, "note": ""},
    )
    assert response.status_code == 200
    assert "vượt quá mức hợp lý" in response.content.decode()
    assert not report.values.exists()
