"""No role reaches another unit's data through any URL of the portal (DESIGN §5; issue 17).

See tests/access/crawler.py for how the URLs are found and filled in.
"""

from __future__ import annotations

import pytest
from django.http import Http404
from django.shortcuts import get_object_or_404

from movement.models import PeriodReport
from tests.access import crawler

pytestmark = pytest.mark.django_db

ROLES = ["ca.haihoa", "bcd.mongcai", "vanphong.mongcai"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files the crawler writes (a foreign festival photo) stay out of the project's media/."""
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("username", ROLES)
def test_no_url_serves_or_changes_another_units_data(demo_user, username):
    run = crawler.crawl(demo_user(username))
    assert run.unplaced == [], (
        "URLs with an id the crawler cannot place: add the model to crawler.ID_MODELS"
    )
    assert [str(leak) for leak in run.leaks] == []
    assert run.requests > 300  # it really went through the portal


def test_every_url_pattern_is_enumerated_admin_included():
    names = {r.name for r in crawler.routes()}
    assert {"movement:report_detail", "records:propaganda_update", "summary:export"} <= names
    assert "admin:movement_indicatorvalue_change" in names
    assert "admin:autocomplete" in names
    placed = [r for r in crawler.routes() if r.model_label == "movement.periodreport"]
    assert len(placed) >= 8  # the report pages and the report's admin pages
    jobs = {r.name for r in crawler.routes() if r.model_label == "movement.exportjob"}
    assert {"movement:export_job", "movement:export_download"} <= jobs  # probed with foreign ids


def test_the_crawler_catches_a_view_left_unscoped(demo_user, monkeypatch):
    """Mutation: the report pages fetch reports without scoping; the crawler must notice."""
    from movement.views import reports as report_views

    def unscoped(request, pk):
        return get_object_or_404(PeriodReport.objects.select_related("unit__level"), pk=pk)

    monkeypatch.setattr(report_views, "_report_for_user", unscoped)
    run = crawler.crawl(demo_user("ca.haihoa"), only="bao-cao/")
    leaked = {leak.url for leak in run.leaks}
    assert any(url.startswith("/bao-cao/") for url in leaked), run.leaks


def test_the_crawler_catches_an_unscoped_list(demo_user, settings):
    """A test-only page that lists every report's note, whoever asks."""
    settings.ROOT_URLCONF = "tests.access.unscoped_urls"
    run = crawler.crawl(demo_user("bcd.mongcai"), only="khong-gioi-han/")
    assert any(
        leak.url.startswith("/khong-gioi-han/") and "foreign data" in leak.why for leak in run.leaks
    ), run.leaks


def test_a_foreign_id_gets_404_not_a_leak(client, demo_user):
    """The unit the crawler relies on: one foreign report answers 404 to the officer."""
    officer = demo_user("ca.haihoa")
    foreign = crawler.ForeignObjects(officer).of("movement.periodreport")
    assert foreign and all(
        not PeriodReport.objects.for_user(officer).filter(pk=r.pk).exists() for r in foreign
    )
    client.force_login(officer)
    assert client.get(f"/bao-cao/{foreign[0].pk}/").status_code == 404
    with pytest.raises(Http404):
        get_object_or_404(PeriodReport.objects.for_user(officer), pk=foreign[0].pk)
