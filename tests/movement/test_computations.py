import datetime as dt

import pytest

from movement.computations import compute
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit(demo_user):
    return demo_user("ca.haihoa").unit


def total(key, unit, year):
    return compute(key, unit=unit, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))


def test_leaflet_rounds_count_leaflets_not_sessions(unit):
    factories.propaganda(
        unit, held_on=dt.date(2011, 5, 1), channel="leaflet", leaflets=500, attendees=0
    )
    factories.propaganda(unit, held_on=dt.date(2011, 6, 1), channel="village_meeting", attendees=35)
    assert total("propaganda.sessions", unit, 2011) == 1
    assert total("propaganda.leaflets", unit, 2011) == 500
    assert total("propaganda.attendees", unit, 2011) == 35


def test_commendation_without_decision_date_counts_on_its_festival_day(unit):
    festival = factories.festival(unit, held_on=dt.date(2011, 8, 19))
    factories.commendation(unit, festival=festival, decision_date=None, recipient_kind="individual")
    factories.commendation(unit, decision_date=dt.date(2011, 9, 2), recipient_kind="individual")
    factories.commendation(
        unit, decision_date=dt.date(2012, 1, 3), festival=festival, recipient_kind="individual"
    )
    assert total("commendation.individual", unit, 2011) == 2
    assert total("commendation.individual", unit, 2012) == 1


def test_groups_are_counted_as_a_stock_at_the_period_end(unit):
    factories.group(unit, founded_on=dt.date(2010, 3, 1), member_count=9)
    factories.group(
        unit, founded_on=dt.date(2010, 3, 1), dissolved_on=dt.date(2011, 6, 30), member_count=4
    )
    before = total("group.active", unit, 2011)
    assert total("group.active", unit, 2010) == before + 1
    assert total("group.members", unit, 2010) - total("group.members", unit, 2011) == 4


def test_year_only_records_count_once_across_nd09_windows(unit):
    """The year 2012 runs from 15/12/2011 to 14/12/2012: 2011's models are not 2012's."""
    from movement.models import ReportSchedule
    from movement.periods import Period

    for year, count in ((2011, 2), (2012, 3)):
        for _ in range(count):
            factories.movement_model(unit, year_recognised=year, kind="model")

    def in_period(kind: str, year: int, number: int = 1) -> int:
        start, end = ReportSchedule.for_kind(kind).window(Period.of(kind, year, number))
        return compute("model.models", unit=unit, start=start, end=end)

    assert in_period("year", 2012) == 3
    assert in_period("year", 2011) == 2
    # Months of 2012 together hold 2012's models exactly once (in July's window).
    assert [in_period("month", 2012, m) for m in range(1, 13)] == [0] * 6 + [3] + [0] * 5
    assert total("model.models", unit, 2012) == 3  # calendar ranges keep their years


def test_all_computations_in_one_query_agree_with_one_plain_aggregate_each(unit, demo_user):
    from decimal import Decimal

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from movement.computations import COMPUTATIONS, compute_many, window_q

    factories.propaganda(unit, held_on=dt.date(2022, 3, 10), attendees=12)
    factories.propaganda(unit, held_on=dt.date(2022, 4, 1), channel="leaflet", leaflets=300)
    factories.festival(unit, held_on=dt.date(2022, 8, 19))
    factories.group(unit)
    factories.movement_model(unit)
    factories.commendation(unit, decision_date=dt.date(2022, 9, 2))
    factories.recognition(unit)
    district = demo_user("bcd.mongcai").unit  # the unit's subtree totals, one level up
    start, end = dt.date(2022, 1, 1), dt.date(2022, 12, 31)
    for place in (unit, district):
        with CaptureQueriesContext(connection) as queries:
            together = compute_many(COMPUTATIONS, unit=place, start=start, end=end)
        assert len(queries) == 1
        for key, comp in COMPUTATIONS.items():
            plain = (
                comp.queryset()
                .within(place)
                .filter(window_q(comp, start, end))
                .aggregate(t=comp.aggregate())["t"]
            )
            assert together[key] == Decimal(plain or 0), key
    assert any(together.values())
