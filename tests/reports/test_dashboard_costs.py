"""What a dashboard request costs as users meet it (issue 18, DESIGN §11): counted with its
middleware (session, user, roles and the menu's permissions), within 15 queries whatever the
number of units; its figures read through the alias a router can point at a replica."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from movement.models import Unit
from tests.reports.test_dashboard_views import _grow

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def sql_of(queries: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"][:160] for q in queries.captured_queries)


@pytest.mark.parametrize(
    ("username", "params"),
    [
        ("admin", {"nam": 2022}),  # the country
        ("bcd.mongcai", {"nam": 2022}),  # a district and its communes
        ("bcd.mongcai", {"nam": 2021, "loai_ky": "quarter", "ky": 3}),
        ("ca.haihoa", {"nam": 2022, "loai_ky": "month", "ky": 5}),  # a commune
    ],
)
def test_a_dashboard_request_with_its_middleware_runs_at_most_15_queries(
    client, login, username, params
):
    login(username)
    client.get(URL)  # a session in use, as for anyone at work (a fresh login costs its own)
    with CaptureQueriesContext(connection) as page:
        response = client.get(URL, params)
    assert response.status_code == 200
    assert len(page) <= 15, sql_of(page)


@pytest.mark.parametrize(
    ("username", "code", "name", "year"),
    [
        # a commune formed in 2025 from three: its figures carry its predecessors'
        ("bcd.quangninh", "06712", "Phường Móng Cái 1", 2025),
        ("bcd.mongcai", "06712", "Phường Trần Phú", 2022),  # a ward of the district before it
        ("admin", "22", "Tỉnh Quảng Ninh", 2024),  # a province, from the country
    ],
)
def test_the_first_view_of_a_unit_below_stays_within_15_queries(
    client, login, username, code, name, year
):
    """A drill-down: the unit's predecessors and successors are read on its first view (then
    cached), and give the figures their first generation of predecessors too."""
    login(username)
    client.get(URL)
    unit = Unit.objects.get(code=code, name=name)
    with CaptureQueriesContext(connection) as page:
        response = client.get(URL, {"don_vi": unit.pk, "nam": year})
    assert response.status_code == 200
    assert name in response.content.decode()
    assert len(page) <= 15, sql_of(page)


def test_the_count_stays_the_same_when_the_units_grow(client, login):
    login("bcd.mongcai")
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"nam": 2022})
    _grow(Unit.objects.get(level__code="district", code="194"), 12)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"nam": 2022})
    assert len(response.context["rows"]) == 17 + 12
    assert len(large) == len(small), sql_of(large)
    assert len(large) <= 15


def test_the_roles_and_the_menus_permissions_cost_one_query(client, login):
    user = login("vanphong.mongcai")  # office staff: the menu shows the yearly reports
    with CaptureQueriesContext(connection) as checks:
        names = user.role_names
        allowed = user.has_perm("reports.view_summaryreport")
    assert len(checks) == 1, sql_of(checks)
    assert "Văn phòng Ban Chỉ đạo" in names and allowed
    assert not user.has_perm("movement.delete_unit")


def test_reads_inside_the_dashboard_block_are_routed_to_the_read_alias():
    from django.db import router

    from reports.rollups.models import SubtreePeriodValue
    from reports.routers import dashboard_reads, read_alias

    with override_settings(REPORTS_READ_DATABASE="replica"):
        assert read_alias() == "default"
        assert router.db_for_read(SubtreePeriodValue) == "default"
        with dashboard_reads():
            assert read_alias() == "replica"
            assert router.db_for_read(SubtreePeriodValue) == "replica"
            assert router.db_for_write(SubtreePeriodValue) == "default"
        assert read_alias() == "default"


@pytest.mark.django_db(databases=["default", "replica"] if ON_POSTGRESQL else ["default"])
def test_the_dashboards_figures_are_read_through_the_replica_alias(client, login):
    """A second alias (here a mirror of the primary, as a streaming replica would be) serves
    the figures when ``REPORTS_READ_DATABASE`` names it; the session and the user stay on the
    primary, and the page shows the same figures.

    PostgreSQL only: SQLite's in-memory test database locks whole tables between its
    connections (the test's open transaction holds them); there the routing is checked above.
    """
    if not ON_POSTGRESQL:
        test_reads_inside_the_dashboard_block_are_routed_to_the_read_alias()
        return
    login("bcd.mongcai")
    on_primary = client.get(URL, {"nam": 2022})
    assert on_primary.status_code == 200
    try:
        with (
            override_settings(REPORTS_READ_DATABASE="replica"),
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connection) as primary,
        ):
            on_replica = client.get(URL, {"nam": 2022})
    finally:
        connections["replica"].close()
    assert on_replica.status_code == 200
    assert connections["replica"] is not connection
    assert any("reports_subtreeperiodvalue" in q["sql"] for q in replica.captured_queries)
    assert not any("reports_subtree" in q["sql"] for q in primary.captured_queries)
    assert on_replica.context["headline"] == on_primary.context["headline"]
    assert on_replica.context["rows"] == on_primary.context["rows"]


@pytest.mark.parametrize("username", ["admin", "bcd.mongcai", "ca.haihoa"])
def test_the_breadcrumb_without_a_query_is_the_queried_one(login, username, monkeypatch):
    from reports.selectors import dashboard as dashboard_selectors

    user = login(username)
    home = user.unit
    units = [home, *Unit.objects.filter(path__startswith=home.path).order_by("path")[:40]]
    for unit in units:
        shortcut = dashboard_selectors.ancestors(unit, user)
        with monkeypatch.context() as patched:
            patched.setattr(dashboard_selectors, "_known_crumbs", lambda unit, user: None)
            queried = dashboard_selectors.ancestors(unit, user)
        assert shortcut == queried, unit


def test_pages_go_out_compressed_to_browsers_that_take_gzip(client, login):
    import gzip

    login("bcd.mongcai")
    plain = client.get(URL, {"nam": 2022})
    packed = client.get(URL, {"nam": 2022}, HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) * 4 < len(plain.content)
    assert gzip.decompress(packed.content).decode().count("Phường Hải Hòa") == (
        plain.content.decode().count("Phường Hải Hòa")
    )
