"""Lists that never count the country (issue 18): the report list and the registries count at
most a few pages of rows, whatever the scope, and say "hơn …" beyond."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from movement.models import PeriodReport
from movement.selectors import records as record_selectors
from movement.selectors.paging import CappedPaginator
from tests import factories

pytestmark = pytest.mark.django_db


def counts_in(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_the_paginator_counts_a_few_pages_and_says_more_beyond():
    reports = PeriodReport.objects.order_by("-period_start", "pk")
    total = reports.count()
    assert total > 12
    small = CappedPaginator(reports, 3, max_pages=2)
    with CaptureQueriesContext(connection) as queries:
        assert small.count == 6
    assert small.capped and small.count_label == "hơn 6" and small.pages_label == "2+"
    (sql,) = counts_in(queries)
    assert "LIMIT 7" in sql and "ORDER BY" not in sql  # bounded, and nothing sorted to count
    roomy = CappedPaginator(reports, total, max_pages=40)
    assert roomy.count == total and not roomy.capped
    assert roomy.pages_label == "1"
    assert [r.pk for r in roomy.page(1)] == [r.pk for r in reports]


def test_the_national_report_list_counts_no_more_than_its_pages(client, login):
    login("admin")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("movement:report_list"))
    assert response.status_code == 200
    (count,) = counts_in(queries)
    assert "LIMIT 1201" in count
    page = response.context["page"]
    listed = [(r.period_start, r.unit.path, r.pk) for r in page]
    assert listed == sorted(listed, key=lambda r: (-r[0].toordinal(), r[1], r[2]))


def test_the_records_index_counts_every_registry_in_one_bounded_query(
    client, login, demo_user, monkeypatch
):
    unit = demo_user("ca.haihoa").unit
    monkeypatch.setattr(record_selectors, "COUNT_CAP", 2)
    for _ in range(3):
        factories.propaganda(unit)
    login("bcd.mongcai")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("records:index"))
    assert response.status_code == 200
    assert len(counts_in(queries)) == 1
    counts = dict((r.key, c) for r, c in response.context["registries"])
    assert counts["propaganda"] == "hơn 2"
    assert "hơn 2" in response.content.decode()
