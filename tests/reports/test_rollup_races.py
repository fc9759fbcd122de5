"""Roll-ups under concurrent writes (issue 18): writers in different provinces never fail on
each other, and every difference lands exactly once.

On PostgreSQL each writer runs in its own thread, on its own connection, in its own
transaction that stays open a moment after its roll-up write: the second writer reaches the
national rows while the first still holds them uncommitted, the race of the deadline hour.
Before the upserts, the second one failed with ``IntegrityError … subtree_value_unique``
(approvals) or ``subtree_record_unique`` (records). What the writers commit is real, so each
test removes it again at the end. SQLite runs one writer at a time (``BEGIN IMMEDIATE``):
there the same writes run one after the other and the same totals are checked.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.db.models import Q

from movement.models import (
    Indicator,
    IndicatorValue,
    PeriodReport,
    PropagandaSession,
    ReportStatus,
    Unit,
    User,
)
from movement.models.base import ancestor_ids
from movement.periods import Period
from movement.services import period_report_approve
from reports.rollups.models import OwnRecordValue, SubtreePeriodValue, SubtreeRecordValue

pytestmark = pytest.mark.django_db

NEW_MONTH = Period.of("month", 2031, 1)  # no record is dated in it: no roll-up row exists yet
# The month now open for reports: the demo's reports stop at the month before, so no roll-up row
# of it exists yet, and the reporting rules (started, unit alive) accept it.
THIS_MONTH = Period.of("month", dt.date.today().year, dt.date.today().month)
HOLD = 0.4  # seconds each writer keeps its transaction open after writing


def concurrently(*writers: Callable[[], object]) -> list[BaseException]:
    """Run each writer in its own transaction; return what they raised.

    PostgreSQL: all at once, one thread and connection each, each transaction held open for
    ``HOLD`` seconds after its write. SQLite: one after the other in this thread.
    """
    if connection.vendor != "postgresql":
        errors = []
        for write in writers:
            try:
                with transaction.atomic():
                    write()
            except Exception as error:  # noqa: BLE001 - reported to the test
                errors.append(error)
        return errors
    start = threading.Barrier(len(writers))
    errors: list[BaseException] = []

    def run(write: Callable[[], object]) -> None:
        try:
            start.wait(timeout=10)
            with transaction.atomic():
                write()
                time.sleep(HOLD)
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


def committed(write: Callable[[], object]) -> object:
    """``write`` committed for real (PostgreSQL: on a connection of its own), its result."""
    if connection.vendor != "postgresql":
        return write()
    out: list[object] = []

    def run() -> None:
        try:
            with transaction.atomic():
                out.append(write())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    assert out, "the setup write failed"
    return out[0]


def officer_unit(username: str) -> Unit:
    return User.objects.select_related("unit").get(username=username).unit


def commune_of(username: str) -> Unit:
    """The first commune under the user's unit (a committee's)."""
    return Unit.objects.filter(parent=officer_unit(username)).order_by("code").first()


def submitted_report(unit: Unit, values: dict[str, int]) -> int:
    report = PeriodReport.objects.create(
        unit=unit,
        period_kind=THIS_MONTH.kind,
        period_start=THIS_MONTH.start,
        period_end=THIS_MONTH.end,
        status=ReportStatus.SUBMITTED,
    )
    for code, value in values.items():
        IndicatorValue.objects.create(
            report=report, indicator=Indicator.objects.get(code=code), value=Decimal(value)
        )
    return report.pk


def remove_reports(ids: list[int]) -> None:
    IndicatorValue.history.filter(report_id__in=ids).delete()
    for report in PeriodReport.objects.filter(pk__in=ids):
        report.delete()  # the roll-up signals take its figures off again
    PeriodReport.history.filter(id__in=ids).delete()


def national_rows(country: Unit) -> dict[tuple[str, str], tuple[Decimal, int]]:
    year = Period.of("year", THIS_MONTH.start.year)
    return {
        (row.period_kind, row.indicator.code): (row.value, row.sources)
        for row in SubtreePeriodValue.objects.filter(unit=country)
        .filter(
            Q(period_kind="month", period_start=THIS_MONTH.start)
            | Q(period_kind="year", period_start=year.start)
        )
        .select_related("indicator")
    }


def test_two_provinces_approving_the_first_reports_of_a_new_period_both_succeed():
    mong_cai = officer_unit("ca.mongcai1")  # phường Móng Cái 1, Quảng Ninh
    tra_linh = officer_unit("ca.tralinh")  # xã Trà Lĩnh, Cao Bằng
    country = Unit.objects.get(level__code="country")
    assert ancestor_ids(mong_cai.path)[1] != ancestor_ids(tra_linh.path)[1]  # two provinces
    quang_ninh = User.objects.get(username="bcd.quangninh")
    cao_bang = User.objects.get(username="bcd.caobang")
    before = national_rows(country)
    assert ("month", "tips_received") not in before  # nobody has reported this month yet
    ids = [
        committed(lambda: submitted_report(mong_cai, {"tips_received": 7, "cases_solved": 2})),
        committed(lambda: submitted_report(tra_linh, {"tips_received": 5, "cases_solved": 1})),
    ]
    try:
        errors = concurrently(
            lambda: period_report_approve(report=PeriodReport(pk=ids[0]), user=quang_ninh),
            lambda: period_report_approve(report=PeriodReport(pk=ids[1]), user=cao_bang),
        )
        assert errors == []
        assert set(PeriodReport.objects.filter(pk__in=ids).values_list("status", flat=True)) == {
            ReportStatus.APPROVED
        }
        national = national_rows(country)
        assert national[("month", "tips_received")] == (Decimal(12), 2)
        assert national[("month", "cases_solved")] == (Decimal(3), 2)
        year_before = before.get(("year", "tips_received"), (Decimal(0), 0))[0]
        assert national[("year", "tips_received")][0] - year_before == 12
    finally:
        committed(lambda: remove_reports(ids))
    assert national_rows(country) == before


def new_session(unit: Unit, attendees: int) -> int:
    return PropagandaSession.objects.create(
        unit=unit,
        held_on=dt.date(2031, 1, 20),
        channel="village_meeting",
        topic="Tuyên truyền phòng chống tội phạm",
        attendees=attendees,
    ).pk


def test_two_officers_in_different_provinces_creating_records_in_a_new_month_both_succeed():
    mong_cai = officer_unit("ca.haihoa")
    tra_linh = commune_of("bcd.tralinh")
    country = Unit.objects.get(level__code="country")
    created: list[int] = []
    try:
        errors = concurrently(
            lambda: created.append(new_session(mong_cai, 40)),
            lambda: created.append(new_session(tra_linh, 25)),
        )
        assert errors == []
        assert len(created) == 2
        row = SubtreeRecordValue.objects.get(
            unit=country, source="propaganda", category="village_meeting", month="2031-01-01"
        )
        assert (row.count, row.amount) == (2, 65)
        assert OwnRecordValue.objects.filter(month="2031-01-01").count() == 2
    finally:

        def remove() -> None:
            PropagandaSession.history.filter(id__in=created).delete()
            for session in PropagandaSession.objects.filter(pk__in=created):
                session.delete()
            PropagandaSession.history.filter(id__in=created).delete()

        committed(remove)
    assert not SubtreeRecordValue.objects.filter(month="2031-01-01").exists()


def test_two_saves_of_one_unit_take_turns_and_lose_nothing():
    """Two writers of the same commune: the unit's lock makes the second compute its
    differences from the first one's committed rows (no difference counted twice or lost)."""
    mong_cai = officer_unit("ca.haihoa")
    country = Unit.objects.get(level__code="country")
    created: list[int] = []
    try:
        errors = concurrently(
            lambda: created.append(new_session(mong_cai, 10)),
            lambda: created.append(new_session(mong_cai, 20)),
            lambda: created.append(new_session(mong_cai, 30)),
        )
        assert errors == []
        for unit in (mong_cai, country):
            row = SubtreeRecordValue.objects.get(
                unit=unit, source="propaganda", category="village_meeting", month="2031-01-01"
            )
            assert (row.count, row.amount) == (3, 60)
    finally:

        def remove() -> None:
            for session in PropagandaSession.objects.filter(pk__in=created):
                session.delete()
            PropagandaSession.history.filter(id__in=created).delete()

        committed(remove)
    assert not SubtreeRecordValue.objects.filter(month="2031-01-01").exists()
