"""Sổ theo dõi pages stay light: query counts that do not grow with rows or communes, page weight."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.movement.records_data import (
    FACTORIES,
    KINDS,
)

pytestmark = pytest.mark.django_db


# --- query counts ------------------------------------------------------------------------


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("kind", KINDS)
def test_list_queries_do_not_grow_with_rows(client, officer, kind):
    make = FACTORIES[kind]
    extra = {
        "group": {"founded_on": dt.date(2026, 1, 1)},
        "propaganda": {"held_on": dt.date(2026, 1, 1)},
    }
    extra["festival"] = {"held_on": dt.date(2026, 8, 1)}
    extra["model"] = {"year_recognised": 2026}
    extra["recognition"] = {"year": 2026}
    url = reverse(f"records:{kind}_list")
    for _ in range(2):
        make(officer.unit, **extra[kind])
    client.get(url)  # warm the session and permission caches alike for both counts
    few = count_queries(client, url, {"nam": 2026})
    for _ in range(28):
        make(officer.unit, **extra[kind])
    many = count_queries(client, url, {"nam": 2026})
    assert few == many
    assert many <= 15


def test_index_and_form_queries_do_not_grow_with_rows(client, officer):
    festival = factories.festival(officer.unit)
    group = factories.group(officer.unit)
    for _ in range(2):
        factories.commendation(officer.unit, festival=festival)
        factories.member(officer.unit, group=group)
    urls = [
        reverse("records:index"),
        reverse("records:festival_update", args=[festival.pk]),
        reverse("records:group_update", args=[group.pk]),
        reverse("records:propaganda_create"),
        reverse("records:group_create"),
        reverse("records:recognition_create"),
        reverse("records:model_create"),
    ]
    client.get(urls[0])
    few = [count_queries(client, u) for u in urls]
    for _ in range(28):
        factories.commendation(officer.unit, festival=festival)
        factories.member(officer.unit, group=group)
        factories.propaganda(officer.unit)
    many = [count_queries(client, u) for u in urls]
    assert few == many
    assert max(many) <= 15


def with_rows(kind: str, obj, count: int) -> None:
    """Child rows shown on the record's own page: commendations of a festival, members of a group."""
    for _ in range(count):
        if kind == "festival":
            factories.commendation(obj.unit, festival=obj)
        elif kind == "group":
            factories.member(obj.unit, group=obj)


@pytest.mark.parametrize("kind", KINDS)
def test_edit_and_delete_pages_queries_do_not_grow(client, officer, kind):
    obj = FACTORIES[kind](officer.unit)
    with_rows(kind, obj, 2)
    urls = [
        reverse(f"records:{kind}_update", args=[obj.pk]),
        reverse(f"records:{kind}_delete", args=[obj.pk]),
        reverse(f"records:{kind}_create"),
    ]
    client.get(urls[0])
    few = [count_queries(client, u) for u in urls]
    with_rows(kind, obj, 28)
    for _ in range(28):
        FACTORIES[kind](officer.unit)
    obj.note = "Sửa lần nữa"
    obj.save()  # one more history row
    many = [count_queries(client, u) for u in urls]
    assert few == many
    assert max(many) <= 15


def test_a_committees_lists_queries_do_not_grow_with_communes_or_rows(client, login, demo_user):
    login("bcd.mongcai")
    haihoa, tranphu = demo_user("ca.haihoa").unit, demo_user("ca.tranphu").unit
    url = reverse("records:propaganda_list")
    client.get(url)
    few = [count_queries(client, url), count_queries(client, url, {"don_vi": haihoa.pk})]
    for unit in (haihoa, tranphu):
        factories.residential_area(unit, f"Khu mới {unit.pk}")
        for _ in range(15):
            factories.propaganda(unit)
    many = [count_queries(client, url), count_queries(client, url, {"don_vi": haihoa.pk})]
    assert few == many
    assert max(many) <= 15


def test_recent_records_are_the_users_own(officer, other_commune):
    from movement.selectors.records import recent_records

    factories.propaganda(officer.unit, topic="Gần đây của tôi")
    factories.propaganda(other_commune, topic="Gần đây của phường khác")
    titles = [r.title for r in recent_records(user=officer, limit=5)]
    assert "Gần đây của tôi" in titles
    assert "Gần đây của phường khác" not in titles
    assert len(titles) <= 5


@pytest.mark.parametrize("kind", KINDS)
def test_form_pages_stay_light(client, officer, kind):
    """No drop-down or check list ever offers units outside the commune."""
    response = client.get(reverse(f"records:{kind}_create"))
    assert len(response.content) < 60_000
    form = response.context["form"]
    for name in ("unit", "subject_unit", "residential_areas"):
        if name in form.fields:
            for unit in form.fields[name].queryset:
                assert unit.pk == officer.unit_id or unit.parent_id == officer.unit_id


def gzip_size(content: bytes) -> int:
    import gzip

    return len(gzip.compress(content, compresslevel=6))


@pytest.mark.parametrize(
    "url",
    [
        "records:index",
        "records:propaganda_list",
        "records:festival_list",
        "records:festival_create",
        "records:group_create",
    ],
)
def test_pages_weigh_under_200_kb_gzipped_with_css_and_js(client, officer, url):
    import re

    from django.contrib.staticfiles import finders

    html = client.get(reverse(url)).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert assets  # the page does load its CSS and JS
    total = gzip_size(html)
    for asset in assets:
        with open(finders.find(asset.decode()), "rb") as fh:
            total += gzip_size(fh.read())
    print(f"{url}: {total / 1024:.1f} KB")
    assert total < 200 * 1024
