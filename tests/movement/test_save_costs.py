"""What a save costs (issue 18, DESIGN §11): a 40-value save and the editable report page run
a fixed, small number of queries, whatever the number of values changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from movement import services
from movement.models import Indicator, IndicatorValue, PeriodReport
from movement.periods import Period, PeriodKind

pytestmark = pytest.mark.django_db

JUNE_2025 = Period.of(PeriodKind.MONTH, 2025, 6)


@pytest.fixture
def officer(demo_user):
    return demo_user("ca.haihoa")


@pytest.fixture
def report(officer) -> PeriodReport:
    return services.period_report_create(unit=officer.unit, period=JUNE_2025, user=officer)


def entered() -> list[Indicator]:
    return list(
        Indicator.objects.filter(is_active=True, source=Indicator.Source.ENTERED).order_by("code")
    )


def figures(step: int) -> dict[str, Decimal]:
    """A value for every entered indicator that keeps the rules (valuable tips ≤ tips, …)."""
    return {ind.code: Decimal(100 + step if "received" in ind.code else step) for ind in entered()}


def test_the_catalogue_has_forty_or_so_entered_indicators():
    assert len(entered()) >= 30


def test_saving_forty_values_runs_at_most_fifteen_queries(report, officer):
    values = figures(1)
    report = services.period_report_save_values(
        report=report, values=values, version=report.version, user=officer
    )
    changed = {code: value + 1 for code, value in values.items()}  # every value changes
    with CaptureQueriesContext(connection) as saved:
        report = services.period_report_save_values(
            report=report, values=changed, version=report.version, user=officer
        )
    assert len(saved) <= 15, "\n".join(q["sql"][:150] for q in saved.captured_queries)
    stored = report.values_by_code()
    assert all(stored[code] == value for code, value in changed.items())
    # Every change is still audited: one history row per value changed.
    history = IndicatorValue.history.filter(report_id=report.pk)
    assert history.filter(history_type="~").count() == len(changed)
    assert history.filter(history_type="+").count() >= len(changed)
    assert history.filter(history_type="~").first().history_user == officer


def test_the_first_save_and_a_clearing_save_stay_within_fifteen_queries(report, officer):
    with CaptureQueriesContext(connection) as first:
        report = services.period_report_save_values(
            report=report, values=figures(2), version=report.version, user=officer
        )
    assert len(first) <= 15, [q["sql"][:120] for q in first.captured_queries]
    cleared = dict.fromkeys(figures(2))
    with CaptureQueriesContext(connection) as clearing:
        report = services.period_report_save_values(
            report=report, values=cleared, version=report.version, user=officer
        )
    assert len(clearing) <= 15, [q["sql"][:120] for q in clearing.captured_queries]
    assert not set(cleared) & set(report.values_by_code())
    assert IndicatorValue.history.filter(report_id=report.pk, history_type="-").count() == len(
        cleared
    )


def test_the_save_request_with_its_middleware_stays_within_bounds(client, report, officer):
    client.force_login(officer)
    url = reverse("movement:report_detail", args=[report.pk])
    client.get(url)
    data = {"version": report.version, "note": "Lưu 40 chỉ tiêu"}
    data.update({code: str(value) for code, value in figures(3).items()})
    with CaptureQueriesContext(connection) as posted:
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(posted) <= 20, "\n".join(q["sql"][:150] for q in posted.captured_queries)
    report.refresh_from_db()
    assert report.values_by_code()["tips_received"] == Decimal(103)


def test_the_editable_report_page_stays_within_fifteen_queries(client, report, officer):
    services.period_report_save_values(
        report=report, values=figures(4), version=report.version, user=officer
    )
    client.force_login(officer)
    url = reverse("movement:report_detail", args=[report.pk])
    client.get(url)  # the session is warm, as it is for a user at work
    with CaptureQueriesContext(connection) as page:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["editable"]
    assert len(page) <= 15, "\n".join(q["sql"][:150] for q in page.captured_queries)
