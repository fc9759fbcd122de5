"""Charts: Vega-Lite specifications built in Python, rendered to SVG on the server (vl-convert).

The same SVG goes into pages (inlined once drawn, else as an ``<img>`` of the chart's own URL:
no script, works offline under a strict CSP) and into the PDF. Drawings are made once per
content and shared by every worker through Django's cache (see "Drawing once" below). Numbers
and months are Vietnamese (1.546; "Th 1"); series differ by lightness and dash, not only by
hue, so the charts read in greyscale. Every chart's numbers are also shown
in a table next to it (templates/reports/dashboard/_chart.html).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import vl_convert
from django.core.cache import cache
from django.urls import reverse

VI_FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " ₫"],
}
# Greyscale-readable palette: dark to light, with a dash per series.
GREYS = ["#1b3a5c", "#6b8fb3", "#b9cde0", "#3d3d3d", "#9a9a9a"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4]]
FONT = "DejaVu Sans, Arial, sans-serif"
CONFIG = {
    "font": FONT,
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "labelColor": "#212529",
        "titleColor": "#212529",
        # Numbers that would touch ("1.8002.000") are thinned out, not drawn run together.
        "labelSeparation": 6,
    },
    "legend": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "orient": "bottom",
        "direction": "vertical",
        "labelLimit": 320,
        "symbolStrokeWidth": 2,
        "symbolSize": 120,
    },
    "view": {"stroke": None},
    "background": "white",
    # Numbers as Vietnamese write them (1.546; 2,5). In the configuration rather than as the
    # engine's format_locale argument, which it loads again at every drawing.
    "locale": {"number": VI_FORMAT_LOCALE},
}


def _number(value: Decimal | int | float | None) -> float:
    return float(value or 0)


def count_axis(largest: float) -> dict:
    """An axis of whole numbers: no more ticks than whole steps up to ``largest``, so a scale
    of 0 to 2 is not ticked at 0,5 and 1,5 and printed "0 1 1 2 2" (``tickMinStep`` is not
    applied by the renderer)."""
    return {"format": ",d", "tickCount": max(1, min(int(largest), 6))}


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Decimal | int]],
    *,
    value_title: str,
    width: int = 520,
    label_limit: int = 220,
) -> dict:
    """Horizontal bars, one per category, each labelled with its number."""
    data = [{"label": label, "value": _number(v)} for label, v in rows]
    height = max(60, 28 * len(data))
    encoding = {
        "y": {
            "field": "label",
            "type": "nominal",
            "sort": None,
            "title": None,
            "axis": {"labelLimit": label_limit},
        },
        "x": {
            "field": "value",
            "type": "quantitative",
            "title": value_title,
            "axis": count_axis(max((d["value"] for d in data), default=0)),
        },
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": width,
        "height": height,
        "data": {"values": data},
        "layer": [
            {"mark": {"type": "bar", "color": GREYS[0]}, "encoding": encoding},
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": "#212529"},
                "encoding": {
                    **encoding,
                    "text": {"field": "value", "type": "quantitative", "format": ",d"},
                },
            },
        ],
    }


def line_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[tuple[int, Decimal | int | None]]]],
    *,
    x_title: str,
    months: bool = False,
    width: int = 520,
) -> dict:
    """Lines over years (or months of a year), one per series, distinct by lightness and dash.

    A value of None (no data in that step) has no point: the line breaks there, and the step
    keeps its place on the axis, as the table beside the chart shows it with "–"."""
    data = []
    for name, points in series:
        for step, value in points:
            data.append(
                {
                    "series": name,
                    "step": (f"Th{step}" if months else str(step)),
                    "value": None if value is None else _number(value),
                }
            )
    names = [name for name, _ in series]
    order = [f"Th{m}" for m in range(1, 13)] if months else sorted({d["step"] for d in data})
    values = [d["value"] for d in data if d["value"] is not None]
    # Counts get whole ticks: a scale of 0 to 2 drew a tick at 0,5 printed as "1" ("0 1 1 2 2").
    integral = all(v.is_integer() for v in values)
    y_axis = count_axis(max(values, default=0)) if integral else {"format": ",.2~f"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": width,
        "height": 220,
        "data": {"values": data},
        "mark": {
            "type": "line",
            "point": {"filled": True, "size": 50},
            "strokeWidth": 2.5,
            # A step without data breaks the line (never a 0, never a line across the gap).
            "invalid": "break-paths-filter-domains",
        },
        "encoding": {
            "x": {
                "field": "step",
                "type": "ordinal",
                "sort": order,
                # Every step on the axis, those without data too.
                "scale": {"domain": order},
                "title": x_title,
                "axis": {"labelAngle": 0 if width >= 400 else -90},
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": None,
                "axis": y_axis,
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "sort": names,
                "title": None,
                "scale": {"domain": names, "range": GREYS[: len(names)]},
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "sort": names,
                "title": None,
                "scale": {"domain": names, "range": DASHES[: len(names)]},
            },
        },
    }


_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")
# What the SVG writer adds for interactive views: the chart is a static picture (role="img"
# with its label on the page, its numbers in a table), so its marks' classes, ARIA roles and
# labels (in English: "value", "series") and pointer events say nothing, and paths drawn as
# nothing draw nothing. A quarter of the markup.
_INTERACTIVE = re.compile(
    r' (?:class|role|aria-roledescription|aria-hidden|aria-label|pointer-events)="[^"]*"'
    r'| opacity="1"'
)
_HIDDEN_PATH = re.compile(r'<path d=""[^>]*display="none"[^>]*/>')


def tidy_svg(svg: str) -> str:
    """``svg`` without the XML declaration, the markup of interactive views and hidden paths."""
    return _HIDDEN_PATH.sub("", _INTERACTIVE.sub("", _XML_DECL.sub("", svg)))


# --- Drawing once, sharing with every worker ------------------------------------------------
#
# A chart is drawn once per content: its key is a hash of its specification (the figures are in
# it) and of the font, so a figure that changes gives a new key and an unchanged chart keeps its
# drawing, whichever worker asks. The drawings live in Django's cache (shared by the workers: a
# file cache on one machine, Redis on several), with a small copy in each process for the
# charts asked again and again. A page that finds a chart not drawn yet does not draw it in its
# own request (0.1 s of CPU a chart, 14 on a dashboard): it keeps the specification in the cache
# and links the chart's own URL, which draws it when the browser asks (``chart_markup``).
CACHE_PREFIX = "antq:chart:v1:"
SPEC_PREFIX = "antq:chartspec:v1:"
_LOCAL_SIZE = 512
_local: OrderedDict[str, str] = OrderedDict()
_local_lock = threading.Lock()  # gthread workers serve several requests at once
_warm = False


def _key(spec_json: str, font: str) -> str:
    return hashlib.sha256(f"{font}\n{spec_json}".encode()).hexdigest()[:40]


def _remember(key: str, svg: str) -> None:
    with _local_lock:
        _local[key] = svg
        _local.move_to_end(key)
        while len(_local) > _LOCAL_SIZE:
            _local.popitem(last=False)


def _draw(spec_json: str, font: str) -> str:
    config = CONFIG if font == FONT else {**CONFIG, "font": font}
    # No time locale: no chart has a time scale (months are the labels "Th1"…), and passing one
    # cost a fifth of a drawing (docs/performance.md).
    svg = vl_convert.vegalite_to_svg(spec_json, config=config)
    return tidy_svg(svg)


def _spec_json(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, sort_keys=True)


def cached_svg(key: str) -> str | None:
    """The drawing of ``key`` if some worker made it (None otherwise)."""
    svg = _local.get(key)
    if svg is None:
        svg = cache.get(CACHE_PREFIX + key)
        if svg is not None:
            _remember(key, svg)
    return svg


def _drawn(spec_json: str, font: str) -> str:
    key = _key(spec_json, font)
    svg = cached_svg(key)
    if svg is None:
        svg = _draw(spec_json, font)
        cache.set(CACHE_PREFIX + key, svg, None)
        _remember(key, svg)
    return svg


def render_svg(spec: dict, *, font: str = FONT) -> str:
    """SVG markup of ``spec``, drawn now unless some worker drew it already (the PDF's way:
    it needs every drawing). Labels come from data and are escaped by the SVG writer.

    The PDF passes its own bundled font so that a chart prints the same on every machine."""
    return _drawn(_spec_json(spec), font)


def chart_markup(spec: dict) -> str:
    """What a page shows for ``spec``: the drawing inline when it exists, else an ``<img>`` of
    the chart's URL, which draws it (``svg_for_key``) when the browser asks for it."""
    spec_json = _spec_json(spec)
    key = _key(spec_json, FONT)
    svg = cached_svg(key)
    if svg is not None:
        return svg
    cache.set(SPEC_PREFIX + key, spec_json, 7 * 24 * 3600)
    url = reverse("reports:chart", args=[key])
    # No width: the drawing's own size applies, as it does inline.
    return f'<img src="{url}" alt="" loading="lazy" decoding="async" class="mw-100 h-auto">'


def svg_for_key(key: str) -> str | None:
    """The drawing of the chart a page linked (drawn now if needed); None for an unknown key."""
    svg = cached_svg(key)
    if svg is not None:
        return svg
    spec_json = cache.get(SPEC_PREFIX + key)
    if spec_json is None or _key(spec_json, FONT) != key:
        return None
    return _drawn(spec_json, FONT)


def warm() -> float:
    """Start the chart engine now (about 0.7 s once per process) rather than on a user's
    first dashboard: the web workers call it when they start (``config/gunicorn.conf.py``).
    Returns the seconds it took."""
    global _warm
    started = time.perf_counter()
    if not _warm:
        _draw(_spec_json(bar_chart("Khởi động", [("Khởi động", 1)], value_title="Số")), FONT)
        _warm = True
    return time.perf_counter() - started


# The dashboard asks for the same charts again and again: keyed on their inputs (hashable
# tuples), the markup comes back without building and serialising the specification.
@lru_cache(maxsize=1024)
def _bar_spec(
    title: str,
    rows: tuple[tuple[str, Decimal | int], ...],
    value_title: str,
    width: int,
    label_limit: int,
) -> dict:
    return bar_chart(title, rows, value_title=value_title, width=width, label_limit=label_limit)


def bar_svg(
    title: str,
    rows: tuple[tuple[str, Decimal | int], ...],
    *,
    value_title: str,
    width: int = 520,
    label_limit: int = 220,
) -> str:
    """``chart_markup(bar_chart(...))``."""
    return chart_markup(_bar_spec(title, rows, value_title, width, label_limit))


@lru_cache(maxsize=1024)
def _line_spec(
    title: str,
    series: tuple[tuple[str, tuple[tuple[int, Decimal | int | None], ...]], ...],
    x_title: str,
    months: bool,
    width: int,
) -> dict:
    return line_chart(title, series, x_title=x_title, months=months, width=width)


def line_svg(
    title: str,
    series: tuple[tuple[str, tuple[tuple[int, Decimal | int | None], ...]], ...],
    *,
    x_title: str,
    months: bool = False,
    width: int = 520,
) -> str:
    """``chart_markup(line_chart(...))``."""
    return chart_markup(_line_spec(title, series, x_title, months, width))


def cache_clear() -> None:
    """Forget every drawing this process knows of (the benchmark's cold start); the shared
    cache's are dropped with ``cache.clear()`` or by their key's prefix."""
    with _local_lock:
        _local.clear()
    _bar_spec.cache_clear()
    _line_spec.cache_clear()
