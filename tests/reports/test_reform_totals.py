"""Across the reform of 01/07/2025 every total counts each unit's figures once (DESIGN §2):
a ward of today carries the communes it replaced, not the district that was dissolved."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from movement.models import REFORM_DATE, IndicatorValue, Unit
from movement.periods import Period, PeriodKind
from reports import selectors

pytestmark = pytest.mark.django_db


def ward(code: str) -> Unit:
    return Unit.objects.get(level__code="commune", code=code, valid_from=REFORM_DATE)


def province(code: str) -> Unit:
    return Unit.objects.get(level__code="province", code=code)


def approved_sums(**filters) -> dict[str, Decimal]:
    rows = (
        IndicatorValue.objects.filter(report__status="approved", **filters)
        .values("indicator__code")
        .annotate(total=Sum("value"))
    )
    return {row["indicator__code"]: row["total"] for row in rows}


def test_a_ward_covers_the_communes_it_replaced_not_the_dissolved_city():
    mong_cai_1 = ward("06712")
    covered = {unit.name for unit in selectors.coverage(mong_cai_1)}
    assert covered == {
        "Phường Móng Cái 1",
        "Phường Trần Phú",
        "Phường Trà Cổ",
        "Phường Hải Hòa",
        "Xã Hải Xuân",
        "Phường Bình Ngọc",
        "Phường Hòa Lạc",  # merged into phường Trần Phú on 01/11/2024
    }
    # xã Trà Lĩnh: thị trấn Trà Lĩnh (and thị trấn Hùng Quốc before it), two communes; not the
    # whole of huyện Trùng Khánh, nor huyện Trà Lĩnh through it.
    covered = {unit.name for unit in selectors.coverage(ward("01447"))}
    assert "Huyện Trùng Khánh" not in covered and "Huyện Trà Lĩnh" not in covered
    assert {"Xã Trà Lĩnh", "Thị trấn Trà Lĩnh", "Xã Cao Chương", "Xã Quốc Toản"} <= covered


def test_the_2016_2026_totals_of_a_successor_ward_are_its_own_and_its_predecessors_once():
    mong_cai_1 = ward("06712")
    predecessors = [unit for unit in mong_cai_1.lineage() if unit != mong_cai_1]
    assert len(predecessors) == 6
    totals = selectors.report_totals(mong_cai_1, 2016, 2026)
    # Its own months (its quarters and half-years are their sums) and its predecessors' reports.
    own = approved_sums(report__unit=mong_cai_1, report__period_kind="month")
    before = approved_sums(
        report__unit__in=predecessors,
        report__period_start__gte=dt.date(2016, 1, 1),
        report__period_end__lte=dt.date(2026, 12, 31),
    )
    expected = defaultdict(Decimal)
    for part in (own, before):
        for code, value in part.items():
            expected[code] += value
    assert own and before
    assert totals == dict(expected)
    # TP Móng Cái's own reports (2013–2022, city-wide figures) are not a ward's.
    assert selectors.report_totals(mong_cai_1, 2013, 2022) == {}


def test_2025_adds_the_first_half_in_the_old_units_and_the_second_in_the_new_once():
    mong_cai_1 = ward("06712")
    first_half = approved_sums(
        report__unit__in=mong_cai_1.predecessors.all(), report__period_kind="half_year"
    )
    second_half = approved_sums(
        report__unit=mong_cai_1, report__period_kind="half_year", report__period_start__year=2025
    )
    year = selectors.report_totals(mong_cai_1, 2025, 2025)
    assert year["tips_received"] == first_half["tips_received"] + second_half["tips_received"]
    head = selectors.headline(mong_cai_1, Period.of(PeriodKind.YEAR, 2025)).by_key()
    assert head["tips_received"].value == year["tips_received"]


def test_a_provinces_2025_is_the_sum_of_its_communes_of_today():
    quang_ninh = province("22")
    communes = Unit.objects.filter(parent=quang_ninh, level__code="commune").active_on(
        timezone.localdate()
    )
    assert communes.count() == 54
    total = selectors.report_totals(quang_ninh, 2025, 2025)
    parts = defaultdict(Decimal)
    for commune in communes:
        for code, value in selectors.report_totals(commune, 2025, 2025).items():
            parts[code] += value
    assert total == dict(parts)


def test_a_province_after_the_reform_drills_straight_to_communes():
    quang_ninh = province("22")
    table = selectors.child_table(quang_ninh, Period.of(PeriodKind.MONTH, 2025, 9))
    assert {row.unit.level.code for row in table.rows} == {"commune"}
    assert len(table.rows) == 54
    # Before the reform, its districts.
    before = selectors.child_table(quang_ninh, Period.of(PeriodKind.MONTH, 2025, 3))
    assert "Thành phố Móng Cái" in {row.unit.name for row in before.rows}


def test_the_dashboard_of_a_ward_says_which_units_it_replaced_and_when(client, login):
    login("bcd.quangninh")
    mong_cai_1 = ward("06712")
    page = client.get(reverse("reports:dashboard"), {"don_vi": mong_cai_1.pk}).content.decode()
    assert "Thành lập từ 01/07/2025, thay cho" in page
    assert "Phường Trần Phú (đổi tên)" in page and "Phường Hải Hòa (sáp nhập)" in page
    assert "NQ 1679/NQ-UBTVQH15" in page
    assert "thuộc Thành phố Móng Cái (đã giải thể)" in page


def test_the_dashboard_of_a_ceased_unit_names_its_successors(client, login):
    login("bcd.mongcai")
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert "Thôi tồn tại từ 01/07/2025; kế thừa:" in page and "Phường Móng Cái 1" in page


@pytest.mark.parametrize("username", ["bcd.mongcai", "bcd.quangninh", "ca.hailong"])
def test_the_dashboards_default_year_is_the_same_rule_for_every_unit(client, login, username):
    user = login(username)
    response = client.get(reverse("reports:dashboard"))
    year = response.context["period"].start.year
    if user.unit.valid_to:
        assert year == (user.unit.valid_to - dt.timedelta(days=1)).year
    else:
        assert year == timezone.localdate().year


def test_the_yearly_report_of_a_ward_counts_the_same_as_its_totals():
    from movement.periods import Span

    mong_cai_1 = ward("06712")
    units = selectors.coverage(mong_cai_1)
    for first, last in ((2024, 2024), (2025, 2025), (2016, 2026)):
        figures = selectors.summary_figures(units, Span(first, last))
        totals = selectors.report_totals(mong_cai_1, first, last)
        assert figures.value("tips_received") == totals.get("tips_received"), (first, last)
    # The records of the ward and of the communes before it in 2025: each session once.
    from movement.models import PropagandaSession

    sessions = PropagandaSession.objects.filter(unit__in=units, held_on__year=2025).count()
    report = selectors.summary_figures(units, Span(2025, 2025))
    assert report.value("propaganda_sessions") == sessions
