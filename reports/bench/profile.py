"""Where a request's time goes (``manage.py bench --only profile``; issue 18).

Each kind of request of the load test's mixes is made in this process through Django's whole
stack (DEBUG off), and its time split into: the database (every query, timed around the cursor
by an execute wrapper), the templates (``Template.render`` of the page, its includes inside
it), the charts (drawing, when a chart is drawn) and the rest (Python: middleware, views,
selectors, forms). For the heaviest kind, cProfile's top functions by own time are added.
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection
from django.template.backends.django import Template as BackendTemplate
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from movement.models import PeriodReport, ReportStatus, Unit
from movement.periods import PeriodKind
from reports.bench.runner import _BENCH_CACHE, _latest_full_year, bench_user
from reports.dashboard import charts


class Split:
    """Milliseconds spent in the database, templates and chart drawing during a block."""

    def __init__(self) -> None:
        self.sql = self.template = self.draw = 0.0
        self.queries = 0
        self._depth = 0

    def _execute(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql += (time.perf_counter() - started) * 1000
            self.queries += 1

    @contextmanager
    def watching(self):
        render = BackendTemplate.render
        draw = charts._draw
        split = self

        def timed_render(template, *args, **kwargs):
            split._depth += 1
            started = time.perf_counter()
            sql_before = split.sql
            try:
                return render(template, *args, **kwargs)
            finally:
                split._depth -= 1
                if split._depth == 0:
                    # Queries run while rendering are the database's, not the template's.
                    split.template += (time.perf_counter() - started) * 1000 - (
                        split.sql - sql_before
                    )

        def timed_draw(*args, **kwargs):
            started = time.perf_counter()
            try:
                return draw(*args, **kwargs)
            finally:
                split.draw += (time.perf_counter() - started) * 1000

        BackendTemplate.render = timed_render
        charts._draw = timed_draw
        try:
            with connection.execute_wrapper(self._execute):
                yield self
        finally:
            BackendTemplate.render = render
            charts._draw = draw


def _measure(request: Callable[[], object], runs: int) -> dict:
    totals, sqls, templates, draws, queries = [], [], [], [], []
    for _ in range(runs):
        split = Split()
        with split.watching():
            started = time.perf_counter()
            request()
            total = (time.perf_counter() - started) * 1000
        totals.append(total)
        sqls.append(split.sql)
        templates.append(split.template)
        draws.append(split.draw)
        queries.append(split.queries)
    total = statistics.median(totals)
    sql, template, draw = (statistics.median(x) for x in (sqls, templates, draws))
    return {
        "total_ms": round(total, 1),
        "database_ms": round(sql, 1),
        "templates_ms": round(template, 1),
        "chart_drawing_ms": round(draw, 1),
        "python_ms": round(max(0.0, total - sql - template - draw), 1),
        "queries": max(queries),
        "runs": runs,
    }


def _top_functions(request: Callable[[], object], limit: int = 12) -> list[str]:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        request()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(limit)
    rows = [
        re.sub(r"\s+", " ", line.strip())
        for line in out.getvalue().splitlines()
        if re.match(r"\s*\d", line)
    ]
    return rows[:limit]


def profile_benchmark(runs: int = 5) -> dict:
    root = Unit.objects.get(level__code="country", parent__isnull=True)
    province = (
        Unit.objects.filter(parent=root, level__code="province").order_by("path").first() or root
    )
    commune = Unit.objects.filter(parent=province).order_by("path").first() or province
    year = _latest_full_year(root)
    dashboard = reverse("reports:dashboard")
    result: dict = {"database": connection.vendor}
    with override_settings(DEBUG=False, CACHES=_BENCH_CACHE):
        charts.cache_clear()
        national = Client()
        national.force_login(bench_user(root))
        params = {"don_vi": root.pk, "loai_ky": PeriodKind.YEAR, "nam": year, "ky": 1}
        cold_params = {"don_vi": province.pk, "loai_ky": PeriodKind.QUARTER, "nam": year, "ky": 2}

        def get(client: Client, url: str, query: dict | None = None) -> Callable[[], object]:
            def call():
                response = client.get(url, query or {})
                assert response.status_code == 200, (url, response.status_code)
                return response

            return call

        national.get(dashboard, params)  # the session in use, compiled queries and templates
        first = get(national, dashboard, cold_params)
        result["dashboard_first_view_province"] = _measure(first, 1)
        page = first().content.decode()
        links = re.findall(r'<img src="(/bang-dieu-khien/bieu-do/[0-9a-f]+\.svg)"', page)
        if links:
            result["chart_first_request"] = _measure(get(national, links[0]), 1)
        result["dashboard_national_year"] = _measure(get(national, dashboard, params), runs)
        result["dashboard_province_quarter"] = _measure(get(national, dashboard, cold_params), runs)
        result["report_list_national"] = _measure(
            get(national, reverse("movement:report_list")), runs
        )
        report = (
            PeriodReport.objects.filter(unit=commune, status=ReportStatus.APPROVED)
            .order_by("-period_start")
            .first()
        )
        if report is not None:
            officer = Client()
            officer.force_login(bench_user(commune))
            result["report_page_commune"] = _measure(
                get(officer, reverse("movement:report_detail", args=[report.pk])), runs
            )
            result["records_index_commune"] = _measure(get(officer, reverse("records:index")), runs)
        result["records_index_national"] = _measure(get(national, reverse("records:index")), runs)
        result["top_functions_national_dashboard"] = _top_functions(
            get(national, dashboard, params)
        )
    return result
