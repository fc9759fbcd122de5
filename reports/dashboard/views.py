"""Dashboards of a steering committee's unit and every unit below it (DESIGN §1, §5, §11)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import cache_control

from clusters.models import SafetyCluster
from movement.models import Unit
from movement.params import id_param, int_param
from movement.periods import MONTHS_PER_KIND, Period, PeriodKind
from movement.selectors.units import succession_of_cached
from reports import selectors
from reports.dashboard import charts, exports
from reports.routers import dashboard_reads
from reports.templatetags.vi_numbers import vn

FIRST_YEAR = 2000
TREND_YEARS = 10
CLUSTER_LINKS = 50  # safety clusters linked from a dashboard


@dataclass(frozen=True)
class Filters:
    unit: Unit
    period: Period
    indicator: str
    sort: str
    descending: bool

    @cached_property
    def _params(self) -> dict[str, object]:
        params = {
            "don_vi": self.unit.pk,
            "loai_ky": self.period.kind,
            "nam": self.period.start.year,
            "ky": self.period.number,
        }
        if self.indicator:
            params["chi_tieu"] = self.indicator
        return params

    def query(self, **changes: object) -> str:
        return urlencode(self._params | {k: v for k, v in changes.items() if v is not None})


def _int(value: str | None, default: int, low: int, high: int) -> int:
    return int_param(value, low=low, high=high, default=default)


def _default_unit(request: HttpRequest) -> Unit:
    user = request.user
    if getattr(user, "unit_id", None):
        return user.unit
    root = Unit.objects.for_user(user).filter(parent__isnull=True).order_by("path").first()
    if root is None:
        raise Http404("Tài khoản chưa được gắn với đơn vị nào.")
    return root


def _filters(request: HttpRequest) -> Filters:
    """Unit (in the user's scope, else 404), period kind, year and number, indicator, sort."""
    raw_unit = request.GET.get("don_vi")
    if raw_unit:
        unit_id = id_param(raw_unit)
        unit = selectors.unit_for_user(request.user, unit_id) if unit_id else None
        if unit is None:
            raise Http404("Không có đơn vị này.")
    else:
        unit = _default_unit(request)
    kind = request.GET.get("loai_ky") or PeriodKind.YEAR
    if kind not in PeriodKind.values:
        kind = PeriodKind.YEAR
    this_year = timezone.localdate().year
    # The same default for every unit: this year, or the last year of a unit that has ceased.
    last_year = (unit.valid_to - dt.timedelta(days=1)).year if unit.valid_to else this_year
    year = _int(request.GET.get("nam"), min(this_year, last_year), FIRST_YEAR, this_year + 1)
    count = 12 // MONTHS_PER_KIND[PeriodKind(kind)]
    number = _int(request.GET.get("ky"), 1, 1, count)
    indicator = (request.GET.get("chi_tieu") or "")[:60]
    sort = (request.GET.get("sap_xep") or "name")[:60]
    return Filters(
        unit, Period.of(kind, year, number), indicator, sort, request.GET.get("chieu") == "giam"
    )


def _sorted_rows(table: selectors.ChildTable, filters: Filters) -> list[selectors.ChildRow]:
    keys = {m.key for m in table.metrics}
    if filters.sort in keys:
        return sorted(
            table.rows,
            key=lambda r: (
                r.values.get(filters.sort) is None,
                r.values.get(filters.sort) or Decimal(0),
            ),
            reverse=filters.descending,
        )
    # The rows come in the Vietnamese order of the units' names (``children_in``).
    return list(table.rows[::-1] if filters.descending else table.rows)


def _dashboard_data(filters: Filters) -> dict:
    unit, period = filters.unit, filters.period
    # Read once for the whole page: the subtrees the unit covers and the indicator catalogue.
    units = selectors.coverage(unit)
    catalogue = selectors.indicator_catalogue()
    year = period.start.year
    # One query for the report values of the headline and of both trends.
    values = selectors.report_values_of_kinds(
        units,
        selectors.headline_periods(period) + selectors.trend_periods(year - TREND_YEARS + 1, year),
    )
    head = selectors.headline(unit, period, indicators=catalogue, units=units, values=values)
    # The trend shows the chosen indicator, by default the first with figures for both years.
    report_codes = sorted(
        (f.key for f in head.figures if f.source == "reports"),
        key=lambda code: head.by_key()[code].previous is None,
    )
    indicator = (
        filters.indicator
        if filters.indicator in report_codes
        else (report_codes[0] if report_codes else "")
    )
    codes = [indicator] if indicator else []
    table = selectors.child_table(unit, period, indicators=catalogue)
    years, months = selectors.trends(
        unit, year - TREND_YEARS + 1, year, codes, units=units, indicators=catalogue, values=values
    )
    return {
        "headline": head,
        "table": table,
        "years": years,
        "months": months,
        "breakdowns": selectors.breakdowns(unit, period, units=units),
        "completeness": selectors.completeness(
            unit, period, children=[row.unit for row in table.rows]
        ),
        "indicator": indicator,
    }


@dataclass(frozen=True)
class FigureCard:
    """A headline figure formatted for its card (the template only lays it out)."""

    label: str
    unit_label: str
    value: str
    trend: str | None  # "up", "down", "same"; None without the same period a year before
    change: str
    percent: str | None

    @classmethod
    def of(cls, f: selectors.Figure) -> FigureCard:
        value = "–" if f.value is None else vn(f.value)
        change = f.change
        if change is None:
            return cls(f.label, f.unit_label, value, None, "", None)
        percent = f.change_percent
        return cls(
            label=f.label,
            unit_label=f.unit_label,
            value=value,
            trend="up" if change > 0 else ("down" if change < 0 else "same"),
            change=vn(abs(change)),
            percent=None if percent is None else _percent(percent, change),
        )


def _percent(percent: Decimal, change: Decimal) -> str:
    """A change in per cent without its sign; a change too small to show in tenths is "< 0,1"
    (never "0%" beside a number that did change)."""
    if percent == 0 and change != 0:
        return "< 0,1"
    return vn(abs(percent), 1)


def _trend_chart(trend: selectors.Trend, title: str) -> dict:
    """A trend's chart and table; a step without data has no point and "–" in the table (None),
    a trend without any data neither chart nor rows ("Chưa có số liệu.")."""
    months = trend.kind == "month"

    def svg(width: int) -> str:
        return charts.line_svg(
            title,
            tuple((s.label, s.points) for s in trend.series),
            x_title="Tháng" if months else "Năm",
            months=months,
            width=width,
        )

    rows = [
        [f"Tháng {step}" if months else str(step), *[s.points[i][1] for s in trend.series]]
        for i, (step, _) in enumerate(trend.series[0].points if trend.series else ())
    ]
    drawn = any(value is not None for row in rows for value in row[1:])
    return {
        "title": title,
        "svg": svg(520) if drawn else "",
        "svg_narrow": svg(280) if drawn else "",
        "header": ["Tháng" if months else "Năm", *[s.label for s in trend.series]],
        "rows": rows if drawn else [],
    }


def _breakdown_chart(b: selectors.Breakdown) -> dict:
    def svg(width: int) -> str:
        rows = tuple((r.label, r.count) for r in b.rows)
        return charts.bar_svg(
            b.title, rows, value_title=b.count_label, width=width, label_limit=min(220, width)
        )

    header = [b.title.split(" theo ")[-1].capitalize(), b.count_label] + (
        [b.amount_label] if b.amount_label else []
    )
    rows = [[r.label, r.count] + ([r.amount] if b.amount_label else []) for r in b.rows]
    return {
        "key": b.key,
        "title": b.title,
        "svg": svg(520) if b.rows else "",
        "svg_narrow": svg(150) if b.rows else "",
        "header": header,
        "rows": rows,
        "highlighted": [r.highlighted for r in b.rows],
    }


def _reversed(name: str, marker: object, args: list) -> list[str]:
    """``reverse(name, args=[a])`` for each of ``args``, reversed once for them all with
    ``marker`` (a value the URL's converter accepts) standing in: a reverse per link cost more
    than the rest of the list."""
    pattern = reverse(name, args=[marker])
    return [pattern.replace(str(marker), str(arg)) for arg in args]


def _with_urls(items: list[dict], name: str) -> list[dict]:
    """``items`` (with a ``pk``), each with the ``url`` of the view ``name`` for its ``pk``."""
    urls = _reversed(name, 987654321, [item["pk"] for item in items])
    return [item | {"url": url} for item, url in zip(items, urls, strict=True)]


def _export_urls(filters: Filters, figures: list[str]) -> dict[str, str]:
    """The XLSX download of each of ``figures`` with the page's filters."""
    query = filters.query()
    urls = _reversed("reports:export", "hinh-mau", figures)
    return {figure: f"{url}?{query}" for figure, url in zip(figures, urls, strict=True)}


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # The figures are read through the alias a router may point at a read replica.
    with dashboard_reads():
        return _dashboard_page(request)


def _dashboard_page(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    data = _dashboard_data(filters)
    table = data["table"]
    columns = [
        {
            "metric": m,
            "query": filters.query(
                sap_xep=m.key,
                chieu="tang" if filters.sort == m.key and filters.descending else "giam",
            ),
            "sorted": "descending"
            if filters.sort == m.key and filters.descending
            else ("ascending" if filters.sort == m.key else ""),
        }
        for m in table.metrics
    ]
    # Every drill-down link is this page's query with another unit (``don_vi`` comes first).
    rest = filters.query().partition("&")[2]
    rows = [
        {
            "unit": r.unit,
            "values": [r.values.get(m.key) for m in table.metrics],
            "query": f"don_vi={r.unit.pk}&{rest}",
        }
        for r in _sorted_rows(table, filters)
    ]
    year_trend = _trend_chart(data["years"], f"Diễn biến qua các năm – {filters.unit.name}")
    month_trend = _trend_chart(
        data["months"], f"Diễn biến theo tháng năm {filters.period.start.year}"
    )
    breakdowns = [_breakdown_chart(b) for b in data["breakdowns"]]
    downloads = _export_urls(
        filters,
        ["chi-so", "don-vi", "nam", "thang", "hoan-thanh"]
        + [f"phan-loai-{c['key']}" for c in breakdowns],
    )
    clusters, more_clusters = selectors.clusters_within(
        filters.unit, request.user, limit=CLUSTER_LINKS
    )
    indicator_label = next(
        (f.label for f in data["headline"].figures if f.key == data["indicator"]), ""
    )
    context = {
        "filters": filters,
        "unit": filters.unit,
        "period": filters.period,
        "crumbs": selectors.ancestors(filters.unit, request.user),
        "succession": succession_of_cached(filters.unit),
        "headline": data["headline"],
        "cards": [FigureCard.of(f) for f in data["headline"].figures],
        "columns": columns,
        "rows": rows,
        "name_sort_query": filters.query(
            sap_xep="name",
            chieu="tang" if filters.sort == "name" and filters.descending else "giam",
        ),
        "year_trend": year_trend | {"export": downloads["nam"]},
        "month_trend": month_trend | {"export": downloads["thang"]},
        "indicator": data["indicator"],
        "indicator_label": indicator_label,
        "indicator_choices": [
            (f.key, f.label) for f in data["headline"].figures if f.source == "reports"
        ],
        "breakdowns": [c | {"export": downloads[f"phan-loai-{c['key']}"]} for c in breakdowns],
        "downloads": {key.replace("-", "_"): url for key, url in downloads.items()},
        "completeness": data["completeness"],
        "completeness_rows": [
            (u.name, selectors.STATUS_LABELS[str(s)]) for u, s in data["completeness"].rows
        ],
        "kinds": PeriodKind.choices,
        "numbers": [(n, n) for n in range(1, 13)],
        "clusters": _with_urls(clusters, "reports:cluster"),
        "more_clusters": more_clusters,
    }
    return render(request, "reports/dashboard/dashboard.html", context)


FIGURES = {
    "chi-so": "Chỉ số chính",
    "don-vi": "Đơn vị cấp dưới",
    "nam": "Theo năm",
    "thang": "Theo tháng",
    "hoan-thanh": "Tình hình báo cáo",
}


@login_required
def export(request: HttpRequest, figure: str) -> HttpResponse:
    """One figure of the dashboard, same filters, as XLSX."""
    filters = _filters(request)
    unit, period = filters.unit, filters.period
    subtitle = f"{unit.name} – {period.label}"
    if figure == "chi-so":
        head = selectors.headline(unit, period)
        title = "Chỉ số chính"
        header = ["Chỉ tiêu", "Đơn vị tính", period.label, head.previous_period.label, "Tăng, giảm"]
        rows = [[f.label, f.unit_label, f.value, f.previous, f.change] for f in head.figures]
    elif figure == "don-vi":
        table = selectors.child_table(unit, period)
        title = "Đơn vị cấp dưới"
        header = ["Đơn vị", *[m.label for m in table.metrics]]
        rows = [
            [r.unit.name, *[r.values.get(m.key) for m in table.metrics]]
            for r in _sorted_rows(table, filters)
        ]
    elif figure in ("nam", "thang"):
        data = _dashboard_data(filters)
        chart = _trend_chart(data["years" if figure == "nam" else "months"], FIGURES[figure])
        title, header, rows = chart["title"], chart["header"], chart["rows"]
    elif figure == "hoan-thanh":
        comp = selectors.completeness(unit, period)
        title = "Tình hình báo cáo"
        header = ["Đơn vị", "Trạng thái"]
        rows = [[u.name, selectors.STATUS_LABELS[s]] for u, s in comp.rows]
    elif figure.startswith("phan-loai-"):
        key = figure.removeprefix("phan-loai-")
        found = [b for b in selectors.breakdowns(unit, period) if b.key == key]
        if not found:
            raise Http404("Không có bảng số liệu này.")
        chart = _breakdown_chart(found[0])
        title, header, rows = chart["title"], chart["header"], chart["rows"]
    else:
        raise Http404("Không có bảng số liệu này.")
    content = exports.table_xlsx(title, subtitle, header, rows)
    name = (
        slugify(f"{title} {unit.name} {period.label}".replace("đ", "d").replace("Đ", "D"))
        or "bang-so-lieu"
    )
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
@cache_control(private=True, max_age=7 * 24 * 3600, immutable=True)
def chart(request: HttpRequest, key: str) -> HttpResponse:
    """A chart a page linked before it was drawn (``charts.chart_markup``): drawn once, then
    served from the shared cache. The key is a hash of the chart's content (its figures
    included): it only comes from a page the user could see, and it never changes meaning."""
    if not key.isalnum():
        raise Http404("Không có biểu đồ này.")
    svg = charts.svg_for_key(key)
    if svg is None:
        raise Http404("Biểu đồ đã hết hạn; hãy tải lại trang.")
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@login_required
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = get_object_or_404(
        SafetyCluster.objects.for_user(request.user).select_related("host_unit"), pk=pk
    )
    view = selectors.cluster_view(cluster)
    members = view.members[0]
    activity_spec = charts.line_chart(
        "Hoạt động của cụm qua các năm",
        [
            ("Số hoạt động", [(y, n) for y, n, _ in view.activities_by_year]),
            ("Lượt người tham gia", [(y, p) for y, _, p in view.activities_by_year]),
        ],
        x_title="Năm",
    )
    context = {
        "cluster": cluster,
        "view": view,
        "members_chart": _breakdown_chart(members),
        "activity_svg": charts.chart_markup(activity_spec) if view.activities_by_year else "",
    }
    return render(request, "reports/dashboard/cluster.html", context)
