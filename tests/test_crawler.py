"""Every demo role walks the portal from ``/``: every link followed, every GET form submitted with
the values it shows; no page answers 4xx or 5xx, and no page hands a machine a number grouped
for people (``don_vi=3.410``). The accessibility of a representative set of the pages found is
checked with axe-core in the browser tests (tests/e2e/test_accessibility.py)."""

from __future__ import annotations

import pytest

from tests.crawler import crawl, localised_numbers, parse, shape

pytestmark = pytest.mark.django_db

# One login per role and kind of unit: today's commune officer, a commune's and a province's
# steering committee, a province's office, the ceased units' committee (TP Móng Cái, id ≥ 1000)
# and officer, and the administrator (whole country).
ROLES = [
    "ca.mongcai1",
    "bcd.mongcai1",
    "bcd.quangninh",
    "vanphong.quangninh",
    "bcd.mongcai",
    "ca.haihoa",
    "admin",
]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_a_role_reaches_answers(client, login, username):
    login(username)
    result = crawl(client)
    assert len(result.pages) > 10, [v.url for v in result.visits]
    broken = [f"{v.status} {v.url}  (từ {v.source})" for v in result.failures]
    assert not broken, "\n".join(broken)
    grouped = [
        f"{url}: {found}" for url, html in result.pages.items() for found in localised_numbers(html)
    ]
    assert not grouped, "\n".join(grouped[:20])


def test_the_crawler_follows_links_and_get_forms_with_their_values(client, login):
    login("bcd.mongcai")
    result = crawl(client, per_shape=2, limit=60)
    urls = [v.url for v in result.visits]
    # The dashboard's period form, submitted as shown: TP Móng Cái (id ≥ 1000), its year.
    submitted = [u for u in urls if u.startswith("/bang-dieu-khien/?") and "loai_ky=" in u]
    assert submitted
    unit = login("bcd.mongcai").unit
    assert any(f"don_vi={unit.pk}&" in u for u in submitted)
    assert unit.pk >= 1000


def test_the_parser_reads_a_forms_shown_values():
    page = parse(
        '<form method="get" action="/x/"><input type="hidden" name="don_vi" value="3410">'
        '<select name="ky"><option value="1">1</option><option value="2" selected>2</option>'
        '</select><input type="checkbox" name="c" value="a"><input type="checkbox" name="d" '
        'value="b" checked><input type="submit" name="go" value="Xem"></form>'
    )
    assert page.forms[0].fields == [("don_vi", "3410"), ("ky", "2"), ("d", "b")]
    assert shape("/bao-cao/12/?trang=2&loai_ky=month") == "/bao-cao/#/?loai_ky&trang"


def test_a_number_grouped_for_people_where_a_machine_reads_it_is_found():
    html = (
        '<a href="?loai_ky=year&amp;don_vi=3.410">x</a><input type="hidden" name="u" value="1.234">'
        '<option value="12.345">a</option><input name="attendees" value="1.546">'
        '<div data-id="2.000"></div><a href="?don_vi=3410">ok</a>'
    )
    found = localised_numbers(html)
    assert len(found) == 4
    assert not any("1.546" in f for f in found)  # a count shown to people in a text field
