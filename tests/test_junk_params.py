"""Junk in query strings and URLs answers 400, 404 or the default page, never a server error (issue 17, hole 4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from movement.params import MAX_ID, id_param, int_param
from tests import factories

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999999"
DIGITS_4301 = "9" * 4301
JUNK = [HUGE, DIGITS_4301, "0", "-1", "²", "١٢", " 7 ", "1e3", "abc"]


@pytest.mark.parametrize("value", [HUGE, DIGITS_4301, "0", "²", "١٢", "-3", "", None, "1.5"])
def test_junk_never_becomes_a_number(value):
    assert int_param(value, low=1, high=2100) is None
    assert int_param(value, low=1, high=2100, default=7) == 7
    assert id_param(value) is None


def test_a_number_in_range_is_read():
    assert int_param(" 2024 ", low=1900, high=2100) == 2024
    assert id_param(str(MAX_ID)) == MAX_ID
    assert id_param(str(MAX_ID + 1)) is None


def dashboard_urls() -> list[str]:
    base = reverse("reports:dashboard")
    exports = [
        reverse("reports:export", args=[figure])
        for figure in ("chi-so", "don-vi", "nam", "thang", "hoan-thanh")
    ]
    return [base, *exports]


@pytest.mark.parametrize("param", ["don_vi", "nam", "ky", "loai_ky"])
@pytest.mark.parametrize("value", JUNK)
def test_the_dashboard_and_its_exports_refuse_junk_without_an_error(client, login, param, value):
    login("bcd.mongcai")
    for url in dashboard_urls():
        response = client.get(url, {param: value})
        assert response.status_code in (200, 400, 404), (url, param, value)


@pytest.mark.parametrize("param", ["don_vi", "nam", "thang", "quy", "trang"])
@pytest.mark.parametrize("value", JUNK)
def test_the_record_lists_refuse_junk_without_an_error(client, login, param, value):
    login("bcd.mongcai")
    for kind in ("propaganda", "festival", "group", "model", "recognition"):
        response = client.get(reverse(f"records:{kind}_list"), {param: value})
        assert response.status_code in (200, 400), (kind, param, value)
    response = client.get(reverse("records:propaganda_create"), {"don_vi": value})
    assert response.status_code in (200, 403, 404)


@pytest.mark.parametrize(
    "params",
    [
        {"nam_held_on": "0"},
        {"nam_held_on": DIGITS_4301},
        {"don_vi": HUGE},
        {"don_vi": DIGITS_4301},
        {"don_vi": "²"},
    ],
)
@pytest.mark.parametrize("model", ["propagandasession", "festivalevent"])
def test_admin_filters_refuse_junk_without_an_error(client, login, params, model):
    login("bcd.mongcai")
    response = client.get(reverse(f"admin:movement_{model}_changelist"), params)
    assert response.status_code in (200, 302, 400)


@pytest.mark.parametrize("version", ["abc", HUGE, DIGITS_4301])
def test_a_junk_history_version_answers_404(client, login, version):
    user = login("ca.haihoa")
    session = factories.propaganda(user.unit)
    url = f"/admin/movement/propagandasession/{session.pk}/history/{version}/"
    assert client.get(url).status_code == 404


def test_bulk_approval_ignores_junk_ids(client, login):
    login("bcd.mongcai")
    response = client.post(reverse("movement:bulk_approve"), {"bao_cao": [HUGE, DIGITS_4301]})
    assert response.status_code == 302


@pytest.mark.parametrize("pk", [HUGE, DIGITS_4301])
def test_junk_ids_in_urls_answer_404(client, login, pk):
    login("ca.haihoa")
    for url in (
        f"/bao-cao/{pk}/",
        f"/so-theo-doi/tuyen-truyen/{pk}/sua/",
        f"/bang-dieu-khien/cum/{pk}/",
        f"/tep-xuat/{pk}/",
        f"/tep-xuat/{pk}/tai/",
    ):
        assert client.get(url).status_code == 404, url
