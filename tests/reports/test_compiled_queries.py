"""The dashboard's compile-once queries: scope re-bound per user, typed rows, empty inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from clusters.models import SafetyCluster
from movement.models import Indicator, Unit, User
from movement.periods import Period, PeriodKind
from movement.text import sort_key
from reports import selectors

pytestmark = pytest.mark.django_db


def own_unit(username: str) -> Unit:
    return Unit.objects.select_related("level").get(users__username=username)


def district(code: str) -> Unit:
    return Unit.objects.get(level__code="district", code=code)


def test_unit_for_user_rebinds_each_users_scope(demo_user):
    hai_hoa, tran_phu = own_unit("ca.haihoa"), own_unit("ca.tranphu")
    # The same compiled shape (an officer with a unit) serves both officers, each in their own.
    assert selectors.unit_for_user(demo_user("ca.haihoa"), hai_hoa.pk) == hai_hoa
    assert selectors.unit_for_user(demo_user("ca.haihoa"), tran_phu.pk) is None
    assert selectors.unit_for_user(demo_user("ca.tranphu"), tran_phu.pk) == tran_phu
    assert selectors.unit_for_user(demo_user("ca.tranphu"), hai_hoa.pk) is None
    committee = demo_user("bcd.mongcai")
    assert selectors.unit_for_user(committee, tran_phu.pk) == tran_phu
    assert selectors.unit_for_user(committee, district("046").pk) is None


def test_unit_for_user_brings_the_level_and_typed_fields(demo_user):
    hai_hoa = own_unit("ca.haihoa")
    found = selectors.unit_for_user(demo_user("bcd.mongcai"), hai_hoa.pk)
    assert found.level.code == "commune"  # attached, no lazy load needed
    assert [getattr(found, f.attname) for f in Unit._meta.concrete_fields] == [
        getattr(hai_hoa, f.attname) for f in Unit._meta.concrete_fields
    ]


def test_unit_for_user_refuses_anonymous_inactive_and_unitless(demo_user):
    pk = own_unit("ca.haihoa").pk
    assert selectors.unit_for_user(AnonymousUser(), pk) is None
    officer = demo_user("ca.haihoa")
    officer.is_active = False
    assert selectors.unit_for_user(officer, pk) is None
    unitless = User(username="x", is_active=True)
    assert selectors.unit_for_user(unitless, pk) is None
    admin = User(username="root", is_active=True, is_superuser=True)
    assert selectors.unit_for_user(admin, pk).pk == pk
    assert selectors.unit_for_user(admin, 10**9) is None


def test_breadcrumb_stops_at_the_users_own_unit(demo_user):
    hai_hoa = own_unit("ca.haihoa")
    city = district("194")
    names = [a["name"] for a in selectors.ancestors(hai_hoa, demo_user("bcd.mongcai"))]
    assert names == [city.name, hai_hoa.name]
    assert [a["pk"] for a in selectors.ancestors(hai_hoa, demo_user("ca.haihoa"))] == [hai_hoa.pk]
    admin = User(username="root", is_active=True, is_superuser=True)
    everyone = selectors.ancestors(hai_hoa, admin)
    assert [a["pk"] for a in everyone] == [u.pk for u in hai_hoa.ancestors_and_self()]
    assert len(everyone) == len(hai_hoa.path) // 8


def test_clusters_within_the_unit_and_the_users_scope(demo_user):
    city = district("194")
    committee = demo_user("bcd.mongcai")
    by_name = list(SafetyCluster.objects.within(city).order_by("name", "pk").values("pk", "name"))
    expected = sorted(by_name, key=lambda c: sort_key(c["name"]))
    assert expected  # the demo has Móng Cái's six clusters
    assert selectors.clusters_within(city, committee, limit=50) == (expected, False)
    first_two = sorted(by_name[:2], key=lambda c: sort_key(c["name"]))
    assert selectors.clusters_within(city, committee, limit=2) == (first_two, True)
    assert selectors.clusters_within(city, committee, limit=len(by_name)) == (expected, False)
    assert selectors.clusters_within(district("046"), committee, limit=50) == ([], False)
    officer = demo_user("ca.haihoa")
    seen, more = selectors.clusters_within(city, officer, limit=50)
    mine = list(
        SafetyCluster.objects.within(officer.unit).order_by("name", "pk").values("pk", "name")
    )
    assert seen == mine and mine and not more  # Cụm phường Hải Hòa, not the city's other five
    assert len(seen) < len(expected)


def test_compiled_rows_are_typed_like_the_orm():
    city = district("194")
    periods = [Period.of(PeriodKind.YEAR, 2022), Period.of(PeriodKind.YEAR, 2021)]
    values = selectors.report_values([city], periods)
    assert values
    for (start, code), total in values.items():
        assert isinstance(start, dt.date) and start in {p.start for p in periods}
        assert isinstance(total, Decimal)
        assert Indicator.objects.filter(code=code).exists()
    assert selectors.report_values([], periods) == {}


def test_compiled_units_carry_every_field_and_their_level(django_assert_num_queries):
    from reports.selectors.core import rollup_sums

    city = district("194")
    period = Period.of(PeriodKind.YEAR, 2022)
    children = selectors.children_in(city, period)
    orm = {u.pk: u for u in Unit.objects.filter(parent=city).select_related("level")}
    assert len(children) == 17
    with django_assert_num_queries(0):
        for unit in children:
            for f in Unit._meta.concrete_fields:
                assert getattr(unit, f.attname) == getattr(orm[unit.pk], f.attname), f.name
            assert (unit.level.code, unit.level.name) == (
                orm[unit.pk].level.code,
                orm[unit.pk].level.name,
            )
    # Sums come back as the ORM types them, on every database.
    rows = rollup_sums(
        children, {"now": (period.start, period.end)}, ["propaganda.sessions"], by_unit=True
    )
    sums = [r["now__propaganda_sessions"] for r in rows]
    assert sums and all(type(v) is int for v in sums if v is not None)
    assert (
        sum(v or 0 for v in sums)
        == selectors.headline(city, period).by_key()["propaganda.sessions"].value
    )


def test_children_in_with_no_children_and_catalogue_in_order():
    hai_hoa = own_unit("ca.haihoa")
    period = Period.of(PeriodKind.YEAR, 2022)
    residential = selectors.children_in(hai_hoa, period)
    assert all(u.parent_id == hai_hoa.pk for u in residential)
    leaf = residential[0] if residential else hai_hoa
    assert selectors.children_in(leaf, period) == [] or leaf is hai_hoa
    table = selectors.child_table(leaf, period)
    assert table.rows == () or leaf is hai_hoa
    assert selectors.indicator_catalogue() == list(Indicator.objects.all())


@pytest.mark.parametrize("username", ["bcd.mongcai", "bcd.tralinh", "ca.haihoa"])
def test_trends_in_two_queries_equal_the_two_trends(username, demo_user, django_assert_num_queries):
    from reports.rollups.models import SubtreePeriodValue

    unit = demo_user(username).unit
    units = selectors.coverage(unit)
    catalogue = selectors.indicator_catalogue()
    codes = sorted(
        set(
            SubtreePeriodValue.objects.filter(unit__in=[u.pk for u in units]).values_list(
                "indicator__code", flat=True
            )
        )
    )[:2]
    for year in (2018, 2022):
        # The records' months, then every indicator's values (any shows that a year has data).
        with django_assert_num_queries(2):
            years, months = selectors.trends(
                unit, year - 9, year, codes, units=units, indicators=catalogue
            )
        assert years == selectors.yearly_trend(unit, year - 9, year, codes)
        assert months == selectors.monthly_trend(unit, year, codes)
        assert [s.key for s in years.series][2:] == codes


@pytest.mark.parametrize("kind", [PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH])
def test_one_read_of_report_values_serves_the_headline_and_trends(kind, demo_user):
    unit = demo_user("bcd.mongcai").unit
    units = selectors.coverage(unit)
    period = Period.of(kind, 2022, 3 if kind == PeriodKind.MONTH else 1)
    shared = selectors.report_values_of_kinds(
        units, selectors.headline_periods(period) + selectors.trend_periods(2013, 2022)
    )
    assert selectors.headline(unit, period, values=shared) == selectors.headline(unit, period)
    codes = sorted({code for _, _, code in shared})[:1]
    assert selectors.trends(unit, 2013, 2022, codes, values=shared) == selectors.trends(
        unit, 2013, 2022, codes
    )


def test_report_values_of_only_some_indicators(demo_user):
    units = selectors.coverage(demo_user("bcd.mongcai").unit)
    periods = selectors.trend_periods(2013, 2022)
    every = selectors.report_values_of_kinds(units, periods)
    codes = sorted({code for _, _, code in every})
    assert len(codes) > 2
    for chosen in (codes[:1], codes[1:3]):
        only = list(Indicator.objects.filter(code__in=chosen))
        assert selectors.report_values_of_kinds(units, periods, only=only) == {
            key: value for key, value in every.items() if key[2] in chosen
        }
    assert selectors.report_values_of_kinds(units, periods, only=[]) == {}


# --- every compiled shape against the plain ORM ----------------------------------------------


@pytest.fixture
def recorded_runs(monkeypatch):
    """Every call of the compile-once runner made while the test runs, with its rows."""
    import importlib
    import pkgutil

    import reports.selectors as package
    from reports.selectors import compiled

    real = compiled.run
    calls = []

    def recording(shape, build, units, windows=(), *, tuples=False):
        rows = real(shape, build, units, windows, tuples=tuples)
        calls.append((shape, build, list(units), list(windows), tuples, rows))
        return rows

    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"reports.selectors.{info.name}")
        if getattr(module, "run", None) is real:
            monkeypatch.setattr(module, "run", recording)
    return calls


def orm_rows(build, units, windows, tuples):
    """The same query run by the ORM itself, real units and windows in place of the stand-ins."""
    queryset = build(units, windows)
    rows = list(queryset)
    if tuples:
        rows = [tuple(row.values()) for row in rows]
    return rows, queryset.ordered


def test_every_compiled_shape_gives_the_rows_of_the_plain_orm(
    client, login, demo_user, recorded_runs
):
    from clusters.models import SafetyCluster
    from movement.periods import Span

    dashboard = reverse("reports:dashboard")
    login("bcd.mongcai")
    city = district("194")
    for params in (
        {"nam": 2022},
        {"nam": 2018, "loai_ky": "quarter", "ky": 3},
        {"nam": 2022, "loai_ky": "month", "ky": 8},
        {"don_vi": own_unit("ca.haihoa").pk, "nam": 2022},
    ):
        assert client.get(dashboard, params).status_code == 200
    cluster = SafetyCluster.objects.filter(host_unit__parent=city).first()
    assert client.get(reverse("reports:cluster", args=[cluster.pk])).status_code == 200
    login("admin")
    assert client.get(dashboard, {"nam": 2022}).status_code == 200
    login("ca.haihoa")
    assert client.get(dashboard, {"nam": 2022}).status_code == 200
    span = Span(2013, 2022)
    selectors.summary_figures(selectors.coverage(city), span)
    selectors.unit_table(city, span)
    selectors.unit_for_user(AnonymousUser(), city.pk)

    shapes = {}
    for shape, build, units, windows, tuples, rows in recorded_runs:
        shapes.setdefault((shape, len(units), len(windows)), []).append(
            (build, units, windows, tuples, rows)
        )
    # The dashboard, the cluster page and the summary use many shapes: all of them are here.
    assert len(shapes) >= 12
    for key, runs in shapes.items():
        for build, units, windows, tuples, rows in runs:
            expected, ordered = orm_rows(build, units, windows, tuples)
            if not ordered:
                rows, expected = sorted(rows, key=repr), sorted(expected, key=repr)
            assert rows == expected, key
