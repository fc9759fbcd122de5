"""Charts drawn once per content and shared by every worker through Django's cache (issue 18).

The first view of a dashboard links the charts nobody drew yet (figures and tables come at
once; each chart is drawn when the browser asks for its URL); every later view, by any
worker, inlines the drawing. A changed figure is a new chart (its key is a hash of its
content); an unchanged one keeps its drawing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from reports.dashboard import charts
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")
CHART_URL = re.compile(r'<img src="(/bang-dieu-khien/bieu-do/([0-9a-f]+)\.svg)"')


@pytest.fixture
def drawn(monkeypatch):
    """The charts the engine draws in this test, in order."""
    calls: list[str] = []
    draw = charts._draw

    def counting(spec_json: str, font: str) -> str:
        calls.append(spec_json)
        return draw(spec_json, font)

    monkeypatch.setattr(charts, "_draw", counting)
    return calls


def forget_this_process() -> None:
    """As a worker that never saw these charts: only the shared cache knows them."""
    charts.cache_clear()


def test_a_first_view_draws_nothing_and_links_every_chart(client, login, drawn):
    login("bcd.mongcai")
    html = client.get(URL, {"nam": 2022}).content.decode()
    links = CHART_URL.findall(html)
    assert len(links) >= 10
    assert drawn == []
    assert "<svg" not in html
    url, key = links[0]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "private" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
    assert response.content.decode().startswith("<svg")
    assert len(drawn) == 1


def test_every_later_view_by_any_worker_inlines_the_drawings_without_drawing(client, login, drawn):
    login("bcd.mongcai")
    html = client.get(URL, {"nam": 2022}).content.decode()
    for url, _ in CHART_URL.findall(html):
        assert client.get(url).status_code == 200
    count = len(drawn)
    forget_this_process()
    again = client.get(URL, {"nam": 2022}).content.decode()
    assert CHART_URL.findall(again) == []
    assert again.count("<svg") == len(CHART_URL.findall(html))
    assert len(drawn) == count  # drawn once, shared through the cache


def test_a_changed_figure_is_a_new_chart_and_the_others_keep_their_drawings(
    client, login, demo_user
):
    login("bcd.mongcai")
    first = client.get(URL, {"nam": 2022}).content.decode()
    for url, _ in CHART_URL.findall(first):
        client.get(url)
    factories.propaganda(demo_user("ca.haihoa").unit, held_on=dt.date(2022, 3, 20))
    after = client.get(URL, {"nam": 2022}).content.decode()
    relinked = CHART_URL.findall(after)
    # The propaganda charts changed (new content, not drawn yet); every other chart is inline.
    assert 1 <= len(relinked) < len(CHART_URL.findall(first))


def test_an_unknown_or_foreign_key_is_404_and_anonymous_users_are_sent_to_log_in(client, login):
    login("bcd.mongcai")
    assert client.get(reverse("reports:chart", args=["0" * 40])).status_code == 404
    assert client.get(reverse("reports:chart", args=["abc-def"])).status_code == 404
    html = client.get(URL, {"nam": 2022}).content.decode()
    url, _ = CHART_URL.findall(html)[0]
    client.logout()
    assert client.get(url).status_code == 302


def test_the_engine_starts_once_and_not_on_a_users_request():
    charts._warm = False
    assert charts.warm() > 0
    assert charts._warm
    assert charts.warm() < 0.01  # already running
