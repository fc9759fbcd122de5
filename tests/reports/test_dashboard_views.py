"""Dashboard pages: scope, figures, drill-down, exports, constant query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from movement.models import Indicator, IndicatorValue, PeriodReport, Unit
from movement.periods import Period
from movement.text import sort_key
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("reports:dashboard")


def district(code: str) -> Unit:
    return Unit.objects.get(level__code="district", code=code)


def test_committee_sees_its_17_communes_and_nothing_of_tra_linh(client, login):
    login("bcd.mongcai")
    response = client.get(URL, {"nam": 2022})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 17
    html = response.content.decode()
    assert "Trà Lĩnh" not in html
    assert "Phường Hải Hòa" in html
    assert client.get(URL, {"don_vi": district("046").pk}).status_code == 404


def test_headline_shows_vietnamese_numbers(client, login):
    login("bcd.mongcai")
    response = client.get(URL, {"nam": 2022})
    figures = response.context["headline"].by_key()
    assert figures["festival.count"].value == 17
    html = response.content.decode()
    participants = figures["festival.participants"].value
    assert f"{int(participants):,}".replace(",", ".") in html
    # Charts not drawn yet are linked (drawn when the browser asks: test_dashboard_charts.py).
    assert '<img src="/bang-dieu-khien/bieu-do/' in html
    assert "<script" not in html.split("</main>")[0].split("<main")[1]


def test_commune_officer_sees_only_their_commune(client, login):
    officer = login("ca.haihoa")
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["unit"] == officer.unit
    assert client.get(URL, {"don_vi": district("194").pk}).status_code == 404
    tran_phu = Unit.objects.filter(
        level__code="commune", code="06712", parent=district("194")
    ).get()
    assert client.get(URL, {"don_vi": tran_phu.pk}).status_code == 404
    assert client.get(URL, {"don_vi": "abc"}).status_code == 404


def test_drill_down_link_and_sorting(client, login):
    login("bcd.mongcai")
    response = client.get(URL, {"nam": 2022, "sap_xep": "festival.participants", "chieu": "giam"})
    rows = response.context["rows"]
    values = [r["values"][3] for r in rows]
    assert values == sorted(values, reverse=True)
    child = rows[0]["unit"]
    assert f"don_vi={child.pk}" in rows[0]["query"]
    assert client.get(URL, {"don_vi": child.pk, "nam": 2022}).status_code == 200


def test_units_are_listed_in_vietnamese_order(client, login):
    login("bcd.mongcai")
    names = [r["unit"].name for r in client.get(URL, {"nam": 2022}).context["rows"]]
    assert names == sorted(names, key=sort_key)
    # Đ comes right after D, not after Y as code points would have it.
    assert names.index("Xã Hải Đông") < names.index("Xã Hải Sơn")
    response = client.get(URL, {"nam": 2022, "sap_xep": "name", "chieu": "giam"})
    assert [r["unit"].name for r in response.context["rows"]] == names[::-1]
    statuses = [name for name, _ in response.context["completeness_rows"]]
    assert statuses == ["Thành phố Móng Cái", *names]


def test_a_long_list_of_clusters_says_it_goes_on(client, login, monkeypatch):
    from reports.dashboard import views

    login("bcd.mongcai")
    hint = "Đơn vị có nhiều cụm hơn số cụm hiển thị ở đây"
    response = client.get(URL, {"nam": 2022})
    every = response.context["clusters"]
    assert len(every) > 2 and hint not in response.content.decode()
    monkeypatch.setattr(views, "CLUSTER_LINKS", 2)
    response = client.get(URL, {"nam": 2022})
    assert len(response.context["clusters"]) == 2 and hint in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    "figure",
    [
        "chi-so",
        "don-vi",
        "nam",
        "thang",
        "hoan-thanh",
        "phan-loai-propaganda",
        "phan-loai-cluster_members",
    ],
)
def test_every_figure_exports_as_xlsx(client, login, figure):
    login("bcd.mongcai")
    response = client.get(reverse("reports:export", args=[figure]), {"nam": 2022})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Thành phố Móng Cái – Năm 2022"
    numbers = [c for row in sheet.iter_rows(min_row=5) for c in row if isinstance(c.value, int)]
    if figure == "hoan-thanh":
        assert {c.value for c in sheet["B"][4:]} <= {
            "Chưa lập",
            "Đã duyệt",
            "Nháp",
            "Đã gửi",
            "Trả lại",
        }
    else:
        assert numbers and all(c.number_format == "#,##0" for c in numbers)


def test_every_download_link_of_the_page_gives_its_figure_with_the_filters(client, login):
    import html
    import re

    login("bcd.mongcai")
    response = client.get(URL, {"nam": 2022, "loai_ky": "quarter", "ky": 3})
    page = response.content.decode()
    links = [html.unescape(h) for h in re.findall(r'href="([^"]*/xuat/[^"]*)"', page)]
    # One per table: indicators, units, two trends, each breakdown with figures, statuses.
    shown = [b for b in response.context["breakdowns"] if b["rows"]]
    assert shown and len(links) == len(set(links)) == 5 + len(shown)
    assert all(any(f"phan-loai-{b['key']}.xlsx" in link for link in links) for b in shown)
    for link in links:
        assert "loai_ky=quarter" in link and "ky=3" in link
        response = client.get(link)
        assert response.status_code == 200, link
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A2"].value == "Thành phố Móng Cái – Quý III/2022"


def test_export_of_unknown_figure_is_404(client, login):
    login("bcd.mongcai")
    assert client.get(reverse("reports:export", args=["khong-co"])).status_code == 404


def test_cluster_page_highlights_military_members(client, login):
    from clusters.models import SafetyCluster

    login("bcd.mongcai")
    cluster = SafetyCluster.objects.filter(members__is_military=True).distinct().first()
    response = client.get(reverse("reports:cluster", args=[cluster.pk]))
    assert response.status_code == 200
    assert "antq-military" in response.content.decode()
    view = response.context["view"]
    members = [(not m.is_military, m.kind, sort_key(m.name)) for m in view.member_list]
    assert members == sorted(members) and not members[0][0]  # military first
    communes = [c.name for c in view.communes]
    assert communes == sorted(communes, key=sort_key)
    login("bcd.tralinh")
    assert client.get(reverse("reports:cluster", args=[cluster.pk])).status_code == 404


def _grow(city: Unit, extra: int) -> None:
    """``extra`` more communes under ``city``, each with records and an approved 2022 report."""
    level = Unit.objects.filter(parent=city).first().level
    tips = Indicator.objects.get(code="tips_received")
    period = Period.of("year", 2022)
    for n in range(extra):
        commune = Unit.objects.create(
            code=f"9{n:04d}", name=f"Xã mới {n}", level=level, parent=city
        )
        factories.propaganda(commune, held_on=dt.date(2022, 3, 1))
        factories.festival(commune, held_on=dt.date(2022, 8, 1))
        report = PeriodReport.objects.create(
            unit=commune,
            period_kind="year",
            period_start=period.start,
            period_end=period.end,
            status="approved",
        )
        IndicatorValue.objects.create(report=report, indicator=tips, value=n + 1)


def test_query_count_is_constant_whatever_the_number_of_units(client, login):
    login("bcd.mongcai")
    city = district("194")
    client.get(URL, {"nam": 2022})  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL, {"nam": 2022}).status_code == 200
    _grow(city, 12)
    with CaptureQueriesContext(connection) as large:
        response = client.get(URL, {"nam": 2022})
    assert len(response.context["rows"]) == 17 + 12
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 40
