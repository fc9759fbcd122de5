"""Dashboard benchmark: server time of the full view against the raw SQL floor of its queries.

The floor is the time the database takes to run the very SQL the page ran (captured, then
executed bare on a cursor and fetched): what no Python code on top can go below. Sections of
``manage.py bench`` are functions returning JSON-able dicts; more can be added to
``reports.management.commands.bench.SECTIONS``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import connection
from django.db.models import Count
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings

from movement.models import Unit, User
from movement.periods import Period, PeriodKind
from reports.dashboard import charts, views
from reports.rollups.models import SubtreePeriodValue


def _latest_year(unit: Unit) -> int:
    row = (
        SubtreePeriodValue.objects.filter(unit=unit, period_kind=PeriodKind.YEAR)
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    return row.year if row else 2024


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


def measure_view(unit: Unit, year: int, *, runs: int = 5) -> dict:
    factory = RequestFactory()
    user = User(username="bench", is_superuser=True, is_active=True, is_staff=True)
    params = {"don_vi": unit.pk, "loai_ky": PeriodKind.YEAR, "nam": year, "ky": 1}

    def request():
        request = factory.get("/bang-dieu-khien/", params)
        request.user = user
        return request

    def timed() -> float:
        started = time.perf_counter()
        response = views.dashboard(request())
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed

    def captured() -> list[str]:
        # A second call gives the SQL: capturing costs time of its own, not the page's.
        with CaptureQueriesContext(connection) as queries:
            response = views.dashboard(request())
        assert response.status_code == 200, response.status_code
        return [q["sql"] for q in queries.captured_queries]

    # As in production, DEBUG is off (with it on, Django would also log every query's SQL). It
    # is switched once for the whole measure: each switch of DEBUG drops the compiled templates.
    with override_settings(DEBUG=False):
        charts.cache_clear()
        cold = timed()  # first call renders the charts; later calls reuse the cached SVG
        times, floors, counts = [], [], []
        for _ in range(runs):
            sqls = captured()
            selects = [s for s in sqls if s.lstrip().upper().startswith("SELECT")]
            times.append(timed())
            floors.append(_floor_ms(selects))
            counts.append(len(sqls))
    page, floor = statistics.median(times), statistics.median(floors)
    # Each run's page and floor are measured back to back, so a run's ratio sees one state of
    # the machine (a shared host's speed drifts by half within a minute): the ratio is the
    # median of the runs' ratios.
    ratios = [t / f for t, f in zip(times, floors, strict=True) if f]
    return {
        "unit": unit.name,
        "period": Period.of(PeriodKind.YEAR, year).label,
        # Two decimals: a floor of a few milliseconds keeps its ratio readable off the figures.
        "server_ms": round(page, 2),
        "server_ms_cold_charts": round(cold, 1),
        "sql_floor_ms": round(floor, 2),
        "ratio": round(statistics.median(ratios), 2) if ratios else None,
        "queries": max(counts),
        "runs": runs,
    }


def dashboard_benchmark(runs: int = 5) -> dict:
    root = Unit.objects.get(level__code="country", code="VN")
    year = _latest_year(root)
    result = {"database": connection.vendor, "national": measure_view(root, year, runs=runs)}
    province = _biggest_province(root)
    if province is not None:
        result["province"] = measure_view(province, year, runs=runs)
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
