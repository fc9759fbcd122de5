"""Ids in URLs and forms are never grouped for people: ``don_vi=3.410`` answered 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.models import SafetyCluster
from tests.crawler import localised_numbers, parse

pytestmark = pytest.mark.django_db


def test_the_dashboards_period_form_sends_the_unit_id_as_digits(client, login):
    unit = login("bcd.mongcai").unit
    assert unit.pk >= 1000
    page = client.get(reverse("reports:dashboard"), {"don_vi": unit.pk}).content.decode()
    assert f'name="don_vi" value="{unit.pk}"' in page
    assert localised_numbers(page) == []
    form = next(f for f in parse(page).forms if dict(f.fields).get("loai_ky"))
    assert client.get(reverse("reports:dashboard"), dict(form.fields)).status_code == 200


def test_the_cluster_page_links_back_with_the_host_units_id(client, login):
    login("bcd.mongcai")
    cluster = SafetyCluster.objects.select_related("host_unit").first()
    page = client.get(reverse("reports:cluster", args=[cluster.pk])).content.decode()
    assert f"?don_vi={cluster.host_unit_id}" in page
    assert localised_numbers(page) == []
