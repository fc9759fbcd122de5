"""Charts: Vega-Lite specifications built in Python, rendered to SVG on the server (vl-convert).

The same SVG goes into pages (inlined: no script, works offline under a strict CSP) and into
the PDF. Numbers and months are Vietnamese (1.546; "Th 1"); series differ by lightness and
dash, not only by hue, so the charts read in greyscale. Every chart's numbers are also shown
in a table next to it (templates/reports/dashboard/_chart.html).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache

import vl_convert

VI_FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["", " ₫"],
}
VI_TIME_LOCALE = {
    "dateTime": "%A, %d/%m/%Y, %X",
    "date": "%d/%m/%Y",
    "time": "%H:%M:%S",
    "periods": ["SA", "CH"],
    "days": ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
    "shortDays": ["CN", "T2", "T3", "T4", "T5", "T6", "T7"],
    "months": [f"Tháng {m}" for m in range(1, 13)],
    "shortMonths": [f"Th{m}" for m in range(1, 13)],
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
    series: Sequence[tuple[str, Sequence[tuple[int, Decimal | int]]]],
    *,
    x_title: str,
    months: bool = False,
    width: int = 520,
) -> dict:
    """Lines over years (or months of a year), one per series, distinct by lightness and dash."""
    data = []
    for name, points in series:
        for step, value in points:
            data.append(
                {
                    "series": name,
                    "step": (f"Th{step}" if months else str(step)),
                    "value": _number(value),
                }
            )
    names = [name for name, _ in series]
    order = [f"Th{m}" for m in range(1, 13)] if months else sorted({d["step"] for d in data})
    # Counts get whole ticks: a scale of 0 to 2 drew a tick at 0,5 printed as "1" ("0 1 1 2 2").
    integral = all(d["value"].is_integer() for d in data)
    y_axis = (
        count_axis(max((d["value"] for d in data), default=0)) if integral else {"format": ",.2~f"}
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": width,
        "height": 220,
        "data": {"values": data},
        "mark": {"type": "line", "point": {"filled": True, "size": 50}, "strokeWidth": 2.5},
        "encoding": {
            "x": {
                "field": "step",
                "type": "ordinal",
                "sort": order,
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


@lru_cache(maxsize=256)
def _render(spec_json: str, font: str = FONT) -> str:
    config = CONFIG if font == FONT else {**CONFIG, "font": font}
    svg = vl_convert.vegalite_to_svg(
        spec_json, config=config, format_locale=VI_FORMAT_LOCALE, time_format_locale=VI_TIME_LOCALE
    )
    return tidy_svg(svg)


def render_svg(spec: dict, *, font: str = FONT) -> str:
    """SVG markup of ``spec``. Labels come from data and are escaped by the SVG writer.

    The PDF passes its own bundled font so that a chart prints the same on every machine."""
    import json

    return _render(json.dumps(spec, ensure_ascii=False, sort_keys=True), font)


# The dashboard asks for the same charts again and again: keyed on their inputs (hashable
# tuples), the SVG comes back without building and serialising the specification.
@lru_cache(maxsize=512)
def bar_svg(
    title: str,
    rows: tuple[tuple[str, Decimal | int], ...],
    *,
    value_title: str,
    width: int = 520,
    label_limit: int = 220,
) -> str:
    """``render_svg(bar_chart(...))``, cached on its arguments."""
    spec = bar_chart(title, rows, value_title=value_title, width=width, label_limit=label_limit)
    return render_svg(spec)


@lru_cache(maxsize=512)
def line_svg(
    title: str,
    series: tuple[tuple[str, tuple[tuple[int, Decimal | int], ...]], ...],
    *,
    x_title: str,
    months: bool = False,
    width: int = 520,
) -> str:
    """``render_svg(line_chart(...))``, cached on its arguments."""
    spec = line_chart(title, series, x_title=x_title, months=months, width=width)
    return render_svg(spec)


def cache_clear() -> None:
    """Forget every rendered chart (the benchmark's cold start)."""
    for cached in (_render, bar_svg, line_svg):
        cached.cache_clear()
