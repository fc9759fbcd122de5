"""Benchmarks of what users feel: the dashboard as a full request against its raw SQL floor.

A dashboard is measured as users meet it (issue 18): through Django's whole stack (middleware,
session, user, menu, template), over a rotation of units at three levels and of periods, first
views ("cold": no chart drawn yet) and later views ("warm"), reported as p50 and p95. The floor
is the time the database takes to run the very SQL the page ran (captured, then executed bare
on a cursor and fetched): what no Python code on top can go below. The load test against
gunicorn is ``reports.bench.load``. Sections of
``manage.py bench`` are functions returning JSON-able dicts; more can be added to
``reports.management.commands.bench.SECTIONS``.
"""

from __future__ import annotations

import math
import re
import statistics
import time
from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from movement.models import Role, Unit, User
from movement.periods import Period, PeriodKind
from reports.dashboard import charts
from reports.rollups.models import SubtreePeriodValue


def _latest_year(unit: Unit) -> int:
    row = (
        SubtreePeriodValue.objects.filter(unit=unit, period_kind=PeriodKind.YEAR)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return row.year if row else 2024


def _latest_full_year(unit: Unit) -> int:
    """The last year whose December has figures: a year of data, not the first months of one
    (a load test's deadline leaves a month of a year nobody reported yet)."""
    row = (
        SubtreePeriodValue.objects.filter(unit=unit, period_kind=PeriodKind.MONTH)
        .filter(period_start__month=12)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return row.year if row else _latest_year(unit)


def _biggest_province(root: Unit) -> Unit | None:
    return (
        Unit.objects.filter(parent=root, level__code="province")
        .annotate(n=Count("children"))
        .order_by("-n", "path")
        .first()
    )


def _floor_ms(sqls: list[str]) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in sqls:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def percentiles(values: list[float]) -> dict:
    """p50, p95 and max (nearest rank), in ms with one decimal."""
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))]

    return {
        "n": len(ordered),
        "p50": round(rank(0.50), 1),
        "p95": round(rank(0.95), 1),
        "max": round(ordered[-1], 1),
    }


def bench_user(unit: Unit, role: Role = Role.COMMITTEE) -> User:
    """The benchmark's login for ``unit`` (``bench.<id>``): created once, kept (a real user of
    the unit, as the portal would have; nothing else changes)."""
    user, created = User.objects.get_or_create(
        username=f"bench.{unit.pk}", defaults={"unit": unit, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get_or_create(name=Role.group_name(role))[0])
    return user


CHART_URL = re.compile(r'<img src="(/bang-dieu-khien/bieu-do/[0-9a-f]+\.svg)"')


class PageTimer:
    """Full requests through Django's test client: middleware, session, user, menu, template,
    as a browser's request meets them (without the network). DEBUG is off, as in production."""

    def __init__(self, user: User) -> None:
        self.client = Client()
        self.client.force_login(user)

    def get(self, url: str, params: dict | None = None) -> tuple[float, str]:
        started = time.perf_counter()
        response = self.client.get(url, params or {})
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, params, response.status_code)
        return elapsed, response.content.decode()


def _periods(year: int) -> list[dict]:
    """The rotation of periods a committee opens: two years, a quarter, two months."""
    return [
        {"loai_ky": PeriodKind.YEAR, "nam": year, "ky": 1},
        {"loai_ky": PeriodKind.YEAR, "nam": year - 1, "ky": 1},
        {"loai_ky": PeriodKind.QUARTER, "nam": year, "ky": 4},
        {"loai_ky": PeriodKind.MONTH, "nam": year, "ky": 12},
        {"loai_ky": PeriodKind.MONTH, "nam": year - 2, "ky": 6},
    ]


def _rotation_units(root: Unit) -> dict[str, list[Unit]]:
    """The country; the biggest, a middle and the smallest province; three communes of them."""
    provinces = list(
        Unit.objects.filter(parent=root, level__code="province")
        .annotate(n=Count("children"))
        .order_by("-n", "path")
    )
    chosen = [provinces[0], provinces[len(provinces) // 2], provinces[-1]] if provinces else []
    chosen = list(dict.fromkeys(chosen))
    communes = [
        Unit.objects.filter(parent=p, level__code="commune").order_by("path").first()
        for p in chosen
    ]
    return {
        "national": [root],
        "province": chosen,
        "commune": [c for c in communes if c is not None],
    }


def measure_rotation(units: list[Unit], year: int, *, runs: int = 3) -> dict:
    """The dashboards of ``units`` over a rotation of periods, as their committees open them.

    Cold: the first view of each unit and period, with no chart drawn by anyone (an empty
    cache); its charts are then asked for by URL, as the browser does (``chart_draw_ms``).
    Warm: ``runs`` later views of each. The SQL floor is the bare SQL of one warm view."""
    url = reverse("reports:dashboard")
    cold, warm, draws, floors, ratios, counts, linked = [], [], [], [], [], [], []
    for unit in units:
        timer = PageTimer(bench_user(unit))
        timer.get(url, {"don_vi": unit.pk, "nam": year - 5})  # a session in use
        for period in _periods(year):
            params = {"don_vi": unit.pk, **period}
            ms, html = timer.get(url, params)
            cold.append(ms)
            charts_of_page = CHART_URL.findall(html)
            linked.append(len(charts_of_page))
            for chart in charts_of_page:
                draws.append(timer.get(chart)[0])
            for _ in range(runs):
                warm.append(timer.get(url, params)[0])
            with CaptureQueriesContext(connection) as queries:
                page_ms = timer.get(url, params)[0]
            sqls = [q["sql"] for q in queries.captured_queries]
            counts.append(len(sqls))
            selects = [s for s in sqls if s.lstrip().upper().startswith("SELECT")]
            floor = _floor_ms(selects)
            floors.append(floor)
            if floor:
                ratios.append(page_ms / floor)
    return {
        "units": [u.name for u in units],
        "periods": len(_periods(year)),
        "cold_ms": percentiles(cold),
        "warm_ms": percentiles(warm),
        "chart_draw_ms": percentiles(draws),
        "charts_linked_per_cold_view": max(linked, default=0),
        "sql_floor_ms": percentiles(floors),
        "ratio_p50": round(statistics.median(ratios), 2) if ratios else None,
        "queries": max(counts, default=0),
        # The single-unit figures of earlier benches, for comparison (warm p50).
        "server_ms": percentiles(warm).get("p50"),
    }


def measure_view(unit: Unit, year: int, *, runs: int = 5) -> dict:
    """One unit's yearly dashboard: ``runs`` warm full requests against their SQL floor."""
    url = reverse("reports:dashboard")
    params = {"don_vi": unit.pk, "loai_ky": PeriodKind.YEAR, "nam": year, "ky": 1}
    with override_settings(DEBUG=False, CACHES=_BENCH_CACHE):
        charts.cache_clear()
        timer = PageTimer(bench_user(unit))
        cold = timer.get(url, params)[0]
        times, floors, counts = [], [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                timer.get(url, params)
            sqls = [q["sql"] for q in queries.captured_queries]
            selects = [s for s in sqls if s.lstrip().upper().startswith("SELECT")]
            times.append(timer.get(url, params)[0])
            floors.append(_floor_ms(selects))
            counts.append(len(sqls))
    page, floor = statistics.median(times), statistics.median(floors)
    # Each run's page and floor are measured back to back, so a run's ratio sees one state of
    # the machine (a shared host's speed drifts by half within a minute).
    ratios = [t / f for t, f in zip(times, floors, strict=True) if f]
    return {
        "unit": unit.name,
        "period": Period.of(PeriodKind.YEAR, year).label,
        "server_ms": round(page, 2),
        "server_ms_cold": round(cold, 1),
        "sql_floor_ms": round(floor, 2),
        "ratio": round(statistics.median(ratios), 2) if ratios else None,
        "queries": max(counts),
        "runs": runs,
    }


# The benchmark's own, empty cache: its cold views are cold whatever the server's cache holds.
_BENCH_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def dashboard_benchmark(runs: int = 3) -> dict:
    """DESIGN §11: the full request (middleware, session, menu) over a rotation of units,
    levels and periods, first views included; p50 and p95 per level."""
    root = Unit.objects.get(level__code="country", parent__isnull=True)
    year = _latest_full_year(root)
    result: dict = {"database": connection.vendor, "year": year}
    with override_settings(DEBUG=False, CACHES=_BENCH_CACHE):
        charts.cache_clear()
        for level, units in _rotation_units(root).items():
            if units:
                result[level] = measure_rotation(units, year, runs=runs)
    return result


def import_section(runs: int = 1, rows: int = 100_000) -> dict:
    """DESIGN §11: an xlsx of ``rows`` period values imported (≤ 30 s, ≤ 400 MB).

    One run only: the import is measured in a child process and cleaned up after."""
    from reports.bench.imports import import_benchmark

    return import_benchmark(rows=rows)


def _busiest(level: str) -> Unit | None:
    """The unit of ``level`` with the most approved yearly figures (the heaviest report)."""
    row = (
        SubtreePeriodValue.objects.filter(unit__level__code=level, period_kind=PeriodKind.YEAR)
        .values("unit")
        .annotate(n=Count("id"))
        .order_by("-n", "unit")
        .first()
    )
    return Unit.objects.select_related("level").get(pk=row["unit"]) if row else None


# What staff type into sections I, III, IV and V of a real report: a paragraph of the seed
# articles' kind, repeated, to bring a drafted report to the 15–20 pages DESIGN §11 speaks of.
TYPED_PARAGRAPH = (
    "Ban Chỉ đạo đã chủ động tham mưu cho cấp ủy, chính quyền ban hành các văn bản lãnh đạo, "
    "chỉ đạo; phân công nhiệm vụ cụ thể cho các thành viên phụ trách từng địa bàn, thường xuyên "
    "kiểm tra, đôn đốc các xã, phường xây dựng phong trào gắn với cuộc vận động “Toàn dân đoàn "
    "kết xây dựng nông thôn mới, đô thị văn minh”; kịp thời sơ kết, rút kinh nghiệm, biểu dương "
    "những tập thể, cá nhân có thành tích, đồng thời chấn chỉnh những nơi phong trào chưa đi vào "
    "chiều sâu, còn mang tính hình thức."
)


def measure_report(
    unit: Unit, first_year: int, last_year: int, *, runs: int = 3, typed_paragraphs: int = 0
) -> dict:
    """Server time of the yearly PDF: figures and text (build) and WeasyPrint (render).

    ``typed_paragraphs`` fills each of sections I, III, IV and V with that many paragraphs, as
    staff would before export."""
    from reports.selectors import Span
    from reports.summary import builder, pdf, services, word

    report = services.summary_report_draft(unit=unit, span=Span(first_year, last_year))
    typed = "\n".join([TYPED_PARAGRAPH] * typed_paragraphs)
    for name in ("situation", "assessment", "directions", "proposals"):
        setattr(report, name, "\n".join(filter(None, [getattr(report, name), typed])))
    builds, renders, words, pages, size = [], [], [], 0, 0
    started = time.perf_counter()
    pdf.render_document(builder.build_document(report))  # warms fonts and the chart renderer
    cold = (time.perf_counter() - started) * 1000
    for _ in range(runs):
        started = time.perf_counter()
        doc = builder.build_document(report)
        built = time.perf_counter()
        rendered = pdf.render_document(doc)
        done = time.perf_counter()
        word.render_docx(doc)
        words.append((time.perf_counter() - done) * 1000)
        builds.append((built - started) * 1000)
        renders.append((done - built) * 1000)
        pages, size = rendered.pages, len(rendered.content)
    build, render = statistics.median(builds), statistics.median(renders)
    return {
        "unit": unit.name,
        "years": f"{first_year}-{last_year}",
        "pages": pages,
        "bytes": size,
        "build_ms": round(build, 1),
        "pdf_ms": round(render, 1),
        "total_ms": round(build + render, 1),
        "docx_ms": round(statistics.median(words), 1),
        "docx_total_ms": round(build + statistics.median(words), 1),
        "docx_budget_ms": 1000,
        "total_ms_cold": round(cold, 1),
        "typed_paragraphs": typed_paragraphs * 4,
        "budget_ms": 2000,
        "runs": runs,
    }


def report_benchmark(runs: int = 3) -> dict:
    """DESIGN §11: the yearly PDF of a district or city (15–20 pages) within 2 s.

    Measured on the district-level unit with the most approved figures: its ten-year report
    (like the ten-year report of Chương trình phối hợp 09) as drafted, and the same with the
    narrative staff type before export (15–20 pages); and on the busiest province, one year and
    ten years, with the table of every commune in the annex (the heaviest tables)."""
    result: dict = {"database": connection.vendor}
    district = _busiest("district")
    if district is not None:
        last = _latest_year(district)
        result["district_ten_years"] = measure_report(district, last - 9, last, runs=runs)
        result["district_ten_years_typed"] = measure_report(
            district, last - 9, last, runs=runs, typed_paragraphs=10
        )
    province = _busiest("province")
    if province is not None:
        last = _latest_year(province)
        result["province_year"] = measure_report(province, last, last, runs=runs)
        result["province_ten_years"] = measure_report(province, last - 9, last, runs=runs)
    return result


SECTIONS: dict[str, Callable[..., dict]] = {
    "dashboard": dashboard_benchmark,
    "import": import_section,
    "report": report_benchmark,
}
