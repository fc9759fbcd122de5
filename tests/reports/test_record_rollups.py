"""Record roll-ups equal the registries after any sequence of writes; the dashboard reads the same figures."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

import pytest

from movement.imports.engine import run_import
from movement.models import (
    Commendation,
    FestivalEvent,
    MovementModel,
    PropagandaSession,
    SelfManagementGroup,
    Unit,
)
from movement.periods import MONTHS_PER_KIND, Period, PeriodKind
from movement.signals import records_changed
from reports import selectors
from reports.rollups import periods as rollups
from reports.rollups import records as record_rollups
from reports.rollups.models import OwnRecordValue, SubtreeRecordValue
from reports.selectors.trends import _record_series
from tests import factories
from tests.movement.sheets import csv_bytes

pytestmark = pytest.mark.django_db

KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR]


def snapshot() -> dict:
    return {
        (r.unit_id, r.source, r.category, r.month): (r.count, r.amount, r.extra)
        for r in SubtreeRecordValue.objects.all()
    }


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def own_from_the_registries() -> list[tuple[int, str, str, dt.date, tuple[int, int, int]]]:
    """Every record's contribution, read one by one (independent of ``record_rollups``)."""
    rows = []
    for s in PropagandaSession.objects.all():
        rows.append(
            (s.unit_id, "propaganda", s.channel, _month(s.held_on), (1, s.attendees, s.leaflets))
        )
    for f in FestivalEvent.objects.all():
        rows.append((f.unit_id, "festival", "", _month(f.held_on), (1, f.participants, 0)))
    for g in SelfManagementGroup.objects.all():
        members = g.member_count
        if g.founded_on:
            rows.append((g.unit_id, "group_founded", g.kind, _month(g.founded_on), (1, members, 0)))
        since = _month(g.founded_on) if g.founded_on else record_rollups.FOREVER
        # Active groups by kind and all kinds together: +1 when founded, -1 when dissolved.
        for source, category in (("group_active", g.kind), ("groups_active", "")):
            rows.append((g.unit_id, source, category, since, (1, members, 0)))
            if g.dissolved_on:
                rows.append(
                    (g.unit_id, source, category, _month(g.dissolved_on), (-1, -members, 0))
                )
    for m in MovementModel.objects.all():
        rows.append((m.unit_id, "model", m.kind, dt.date(m.year_recognised, 7, 1), (1, 0, 0)))
    for c in Commendation.objects.select_related("festival"):
        day = c.decision_date or (c.festival.held_on if c.festival else None)
        if day and c.recipient_kind in ("collective", "individual"):
            individual = int(c.recipient_kind == "individual")
            rows.append(
                (c.unit_id, "commendation", c.form, _month(day), (1, individual, 1 - individual))
            )
    return rows


def expected_from_scratch() -> dict:
    """Each record's contribution summed up every ancestor of its unit."""
    paths = dict(Unit.objects.values_list("pk", "path"))
    sums: dict = defaultdict(lambda: [0, 0, 0])
    for unit_id, source, category, month, figures in own_from_the_registries():
        for ancestor in rollups.ancestor_ids(paths[unit_id]):
            total = sums[(ancestor, source, category, month)]
            for i, value in enumerate(figures):
                total[i] += value
    return {key: tuple(v) for key, v in sums.items() if any(v)}


def district(code: str) -> Unit:
    return Unit.objects.get(level__code="district", code=code)


def periods(years: list[int]) -> list[Period]:
    return [
        Period.of(kind, year, number)
        for year in years
        for kind in KINDS
        for number in range(1, 12 // MONTHS_PER_KIND[kind] + 1)
    ]


def assert_dashboard_matches_the_registries(unit: Unit, period: Period) -> None:
    units = selectors.coverage(unit)
    windows = {"now": (period.start, period.end)}
    direct = selectors.direct_record_totals(units, windows, selectors.RECORD_KEYS)
    head = selectors.headline(unit, period).by_key()
    for key in selectors.RECORD_KEYS:
        assert head[key].value == direct[("", "now", key)], (unit.name, period.label, key)
    prefix = len(unit.path) + 8
    by_child = selectors.direct_record_totals(
        [unit], windows, selectors.CHILD_RECORD_KEYS, group_prefix=prefix
    )
    for row in selectors.child_table(unit, period).rows:
        for key in selectors.CHILD_RECORD_KEYS:
            assert row.values[key] == by_child.get((row.unit.path, "now", key), 0), (
                row.unit.name,
                period.label,
                key,
            )
    assert selectors.breakdowns(unit, period) == selectors.breakdowns(unit, period, direct=True)


def test_demo_record_rollups_match_the_registries_and_a_rebuild():
    before = snapshot()
    assert before
    assert before == expected_from_scratch()
    record_rollups.rebuild()
    assert snapshot() == before


def test_dashboard_record_figures_equal_the_direct_aggregate_on_the_demo():
    for code in ("194", "046"):
        unit = district(code)
        for period in periods([2013, 2018, 2022]):
            assert_dashboard_matches_the_registries(unit, period)
        first, last = 2013, 2022
        assert _record_series(
            selectors.coverage(unit), dt.date(first, 1, 1), dt.date(last, 12, 31), False
        ) == selectors.direct_record_series(
            selectors.coverage(unit), dt.date(first, 1, 1), dt.date(last, 12, 31), False
        )
        assert _record_series(
            selectors.coverage(unit), dt.date(2022, 1, 1), dt.date(2022, 12, 31), True
        ) == selectors.direct_record_series(
            selectors.coverage(unit), dt.date(2022, 1, 1), dt.date(2022, 12, 31), True
        )


def test_any_date_range_still_counts_from_the_registries():
    unit = district("194")
    start, end = dt.date(2022, 3, 15), dt.date(2022, 9, 20)
    totals = selectors.record_totals(unit, start, end).values
    direct = selectors.direct_record_totals(
        selectors.coverage(unit), {"w": (start, end)}, selectors.RECORD_KEYS
    )
    assert totals == {key: direct[("", "w", key)] for key in selectors.RECORD_KEYS}


def test_random_record_writes_keep_the_rollups_equal_to_the_registries():
    rnd = random.Random(11)
    city = district("194")
    communes = list(Unit.objects.filter(parent=city).order_by("path")[:4])
    day = lambda: dt.date(rnd.choice([2022, 2023]), rnd.randint(1, 12), rnd.randint(1, 28))  # noqa: E731
    made: list = []
    for _ in range(80):
        action = rnd.random()
        unit = rnd.choice(communes)
        if action < 0.4 or not made:
            kind = rnd.randrange(5)
            if kind == 0:
                made.append(
                    factories.propaganda(
                        unit,
                        held_on=day(),
                        channel=rnd.choice(["conference", "leaflet", "school"]),
                        attendees=rnd.randint(0, 90),
                        leaflets=rnd.randint(0, 50),
                    )
                )
            elif kind == 1:
                made.append(
                    factories.festival(unit, held_on=day(), participants=rnd.randint(0, 300))
                )
            elif kind == 2:
                founded = rnd.choice([None, day()])
                dissolved = rnd.choice([None, dt.date(2024, rnd.randint(1, 12), 1)])
                made.append(
                    factories.group(
                        unit,
                        kind=rnd.choice(["people_antt", "security_self"]),
                        founded_on=founded,
                        dissolved_on=dissolved,
                        member_count=rnd.randint(0, 20),
                    )
                )
            elif kind == 3:
                made.append(
                    factories.movement_model(
                        unit,
                        kind=rnd.choice(["model", "exemplar"]),
                        year_recognised=rnd.choice([2022, 2023]),
                    )
                )
            else:
                festivals = [
                    m for m in made if isinstance(m, FestivalEvent) and m.unit_id == unit.pk
                ]
                if not festivals or rnd.random() < 0.3:
                    # Commendations given at a festival are dated by it until decided.
                    festivals.append(factories.festival(unit, held_on=day()))
                    made.append(festivals[-1])
                made.append(
                    factories.commendation(
                        unit,
                        recipient_kind=rnd.choice(["collective", "individual"]),
                        form=rnd.choice(["giay_khen", "bang_khen"]),
                        decision_date=rnd.choice([None, None, day()]),
                        festival=festivals[-1],
                    )
                )
        elif action < 0.8:
            record = rnd.choice(made)
            record.refresh_from_db()
            if isinstance(record, PropagandaSession):
                record.held_on, record.attendees = day(), rnd.randint(0, 90)
            elif isinstance(record, FestivalEvent):
                record.held_on = day()  # moves the commendations dated by it too
            elif isinstance(record, SelfManagementGroup):
                record.dissolved_on = rnd.choice([None, dt.date(2024, 6, 30)])
                record.member_count = rnd.randint(0, 20)
            elif isinstance(record, MovementModel):
                record.year_recognised = rnd.choice([2022, 2023])
            elif isinstance(record, Commendation):
                record.decision_date = rnd.choice([None, day()])
            if rnd.random() < 0.2 and not isinstance(record, Commendation):
                record.unit = rnd.choice(communes)  # moved to another commune
            record.save()
        else:
            record = made.pop(rnd.randrange(len(made)))
            record.delete()  # a festival leaves its commendations without a day
    assert snapshot() == expected_from_scratch()
    for period in periods([2022, 2023]) + [Period.of(PeriodKind.YEAR, 2024)]:
        assert_dashboard_matches_the_registries(city, period)


def test_bulk_written_records_are_counted_after_the_signal():
    commune = Unit.objects.get(level__code="commune", code="06742")
    PropagandaSession.objects.bulk_create(
        [
            PropagandaSession(
                unit=commune,
                held_on=dt.date(2031, 5, 2),
                channel="conference",
                topic="Nhập hàng loạt",
                attendees=25,
            )
        ]
    )
    year = Period.of(PeriodKind.YEAR, 2031)
    assert selectors.headline(commune.parent, year).by_key()["propaganda.attendees"].value == 0
    records_changed.send(sender=None, unit_ids=[commune.pk])
    assert selectors.headline(commune.parent, year).by_key()["propaganda.attendees"].value == 25
    assert snapshot() == expected_from_scratch()
    assert OwnRecordValue.objects.filter(unit=commune, month=dt.date(2031, 5, 1)).exists()


def test_a_commendation_without_decision_follows_its_festival():
    commune = Unit.objects.get(level__code="commune", code="06742")
    event = factories.festival(commune, held_on=dt.date(2032, 8, 10))
    factories.commendation(commune, recipient_kind="individual", decision_date=None, festival=event)
    year = Period.of(PeriodKind.YEAR, 2032)

    def individuals(period: Period):
        return selectors.headline(commune.parent, period).by_key()["commendation.individual"].value

    assert individuals(year) == 1
    event.held_on = dt.date(2033, 1, 5)
    event.save()
    assert individuals(year) == 0
    assert individuals(Period.of(PeriodKind.YEAR, 2033)) == 1
    event.delete()  # the commendation keeps no day: counted nowhere
    assert individuals(Period.of(PeriodKind.YEAR, 2033)) == 0
    assert snapshot() == expected_from_scratch()


def test_an_import_refreshes_the_rollups_once_and_a_dry_run_not_at_all(demo_user, monkeypatch):
    commune = Unit.objects.get(level__code="commune", code="06742")
    rows = [["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]]
    rows += [
        [commune.code, f"{day:02d}/03/1996", "Hội nghị, lồng ghép tại xã", f"Chủ đề {day}", 30]
        for day in range(1, 6)
    ]
    calls = []
    refresh = record_rollups.refresh
    monkeypatch.setattr(
        record_rollups, "refresh", lambda pairs: calls.append(1) or refresh(list(pairs))
    )
    year = Period.of(PeriodKind.YEAR, 1996)

    def attendees() -> object:
        return selectors.headline(commune.parent, year).by_key()["propaganda.attendees"].value

    admin = demo_user("admin")
    outcome = run_import(csv_bytes(rows), user=admin, filename="p.csv", dry_run=True)
    assert not outcome.errors and attendees() == 0
    outcome = run_import(csv_bytes(rows), user=admin, filename="p.csv")
    assert not outcome.errors and outcome.created == 5
    assert attendees() == 150
    assert len(calls) == 1  # once for the file, not once per row
    assert snapshot() == expected_from_scratch()
