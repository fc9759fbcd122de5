"""One rule for "the period has not started" (``services.check_started``): the report form,
the import of period values and the wide import's choice of periods accept and refuse the
same periods, in the same words. NĐ 09/2019: a period's data count from the 15th of the month
before it, so from 15/05 June may be reported (the import used to wait for 01/06)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from movement.imports.engine import run_import
from movement.imports.wide import period_choices
from movement.models import PeriodReport
from movement.periods import Period, PeriodKind
from tests.movement.sheets import csv_bytes

pytestmark = pytest.mark.django_db
HEADER = ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"]
KIND_WORDS = {PeriodKind.MONTH: "Tháng", PeriodKind.QUARTER: "Quý"}


@pytest.fixture
def on(monkeypatch):
    """Make ``timezone.localdate()`` (the date every check reads when given none) ``day``."""
    real = timezone.localdate

    def travel(day: dt.date) -> None:
        monkeypatch.setattr(
            timezone,
            "localdate",
            lambda value=None, tz=None: day if value is None else real(value, tz),
        )

    return travel


def written(period: Period) -> str:
    """The period as an office writes it in the column «Kỳ»: 06/2024, Quý III/2024."""
    if period.kind == PeriodKind.MONTH:
        return f"{period.start:%m/%Y}"
    return period.label


# Phường Hải Hòa (ca.haihoa) has no report of 2024 in the demo data.
@pytest.mark.parametrize(
    ("today", "period", "accepted"),
    [
        # Between the 15th and the month's end: next month has started (the old disagreement).
        (dt.date(2024, 5, 20), Period.of(PeriodKind.MONTH, 2024, 6), True),
        (dt.date(2024, 5, 31), Period.of(PeriodKind.MONTH, 2024, 6), True),
        (dt.date(2024, 5, 15), Period.of(PeriodKind.MONTH, 2024, 6), True),
        (dt.date(2024, 5, 14), Period.of(PeriodKind.MONTH, 2024, 6), False),
        (dt.date(2024, 5, 20), Period.of(PeriodKind.MONTH, 2024, 7), False),
        # The current month, on its first day and on its last.
        (dt.date(2024, 5, 1), Period.of(PeriodKind.MONTH, 2024, 5), True),
        (dt.date(2024, 5, 31), Period.of(PeriodKind.MONTH, 2024, 5), True),
        # A quarter opens on the 15th of the month before it.
        (dt.date(2024, 6, 20), Period.of(PeriodKind.QUARTER, 2024, 3), True),
        (dt.date(2024, 6, 14), Period.of(PeriodKind.QUARTER, 2024, 3), False),
    ],
)
def test_the_import_and_the_report_form_agree_at_the_edge_of_a_period(
    client, login, on, today, period, accepted
):
    officer = login("ca.haihoa")
    on(today)
    rows = [HEADER, ["06742", KIND_WORDS[period.kind], written(period), "tips_received", 4]]
    outcome = run_import(csv_bytes(rows), user=officer, dry_run=True)
    imported = not outcome.errors
    response = client.post(
        reverse("movement:report_create"),
        {"kind": period.kind, "year": period.start.year, "number": period.number},
        follow=True,
    )
    created = PeriodReport.objects.filter(
        unit=officer.unit, period_kind=period.kind, period_start=period.start
    ).exists()
    assert imported == created == accepted, outcome.errors
    if not accepted:
        opens = period.cutoff_window()[0]
        message = (
            f"{period.label} chưa bắt đầu: số liệu của kỳ tính từ ngày {opens:%d/%m/%Y}, "
            "chưa lập được báo cáo."
        )
        assert [(e.row, e.message) for e in outcome.errors] == [(2, message)]
        assert message in response.content.decode()
    # The wide import offers the period on its mapping step exactly when both accept it.
    assert (period.label in dict(period_choices(today))) == accepted


def test_a_file_refuses_a_period_the_form_refuses_whatever_the_unit(on, demo_user):
    """The period is checked before its unit: an unknown unit still hears about the period."""
    on(dt.date(2024, 5, 20))
    rows = [HEADER, ["99999", "Tháng", "07/2024", "tips_received", 4]]
    outcome = run_import(csv_bytes(rows), user=demo_user("admin"), dry_run=True)
    assert [e.message for e in outcome.errors] == [
        "Tháng 07/2024 chưa bắt đầu: số liệu của kỳ tính từ ngày 15/06/2024, "
        "chưa lập được báo cáo.",
        "Không tìm thấy đơn vị «99999».",
    ]
