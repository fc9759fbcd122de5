"""Row-level markup of the dashboard, one template node per list.

The dashboard repeats a few small pieces of markup hundreds of times (figure cards, a row per
unit one level down, a row per chart step, a status per unit, the options of its filters).
Django's template engine resolves every variable and tag of a loop body on every turn, which
made up a third of the page's server time at national scale; these filters write the same
markup in one pass. Every text goes through ``escape``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape as _escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from reports.templatetags.vi_numbers import number_cell

register = template.Library()


def escape(value: object) -> str:
    """HTML-escaped text of ``value`` (the standard library's: Django's wraps it for lazy
    strings, a cost paid hundreds of times per page)."""
    return _escape(str(value))


def _num_cells(values: Iterable[object]) -> str:
    return "".join(f'<td class="num">{number_cell(v)}</td>' for v in values)


def _card(card) -> str:
    if card.trend is None:
        change = '<span class="text-body-secondary">Không có số cùng kỳ</span>'
    elif card.trend == "same":
        change = "bằng cùng kỳ"
    else:
        arrow, word = ("▲", "tăng") if card.trend == "up" else ("▼", "giảm")
        percent = f" ({escape(card.percent)}%)" if card.percent is not None else ""
        change = f'<span aria-label="{word}">{arrow}</span> {word} {card.change}{percent}'
    return (
        '<div class="col"><div class="card h-100 antq-figure"><div class="card-body p-2">'
        f'<div class="small text-body-secondary">{escape(card.label)}</div>'
        f'<div class="fs-4 fw-semibold"><span class="antq-value">{card.value}</span> '
        f'<span class="fs-6 fw-normal">{escape(card.unit_label)}</span></div>'
        f'<div class="small">{change}</div>'
        "</div></div></div>"
    )


@register.filter
def figure_cards(cards: Sequence) -> SafeString:
    """The headline figures (``views.FigureCard``) as Bootstrap cards."""
    return mark_safe("\n".join(_card(c) for c in cards))


@register.filter
def unit_rows(rows: Sequence[dict]) -> SafeString:
    """Rows of the table of units one level down: the unit's name links to its dashboard."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row" class="text-nowrap"><a href="?{escape(r["query"])}">'
            f"{escape(r['unit'].name)}</a></th>{_num_cells(r['values'])}</tr>"
            for r in rows
        )
    )


@register.filter
def data_rows(chart: dict) -> SafeString:
    """Rows of a chart's table of numbers: the step or category, then its numbers."""
    rows = chart["rows"]
    if not rows:
        return mark_safe(f'<tr><td colspan="{len(chart["header"])}">Chưa có số liệu.</td></tr>')
    return mark_safe(
        "\n".join(
            f'<tr><th scope="row">{escape(row[0])}</th>{_num_cells(row[1:])}</tr>' for row in rows
        )
    )


@register.filter
def status_rows(rows: Sequence[tuple[str, str]]) -> SafeString:
    """Rows of the reporting status table: unit name, status label."""
    return mark_safe(
        "".join(
            f'<tr><th scope="row">{escape(name)}</th><td>{escape(label)}</td></tr>'
            for name, label in rows
        )
    )


@register.simple_tag
def options(choices: Iterable[tuple[object, object]], selected: object) -> SafeString:
    """``<option>`` tags of ``choices`` (value, label), ``selected`` marked."""
    chosen = str(selected)
    return mark_safe(
        "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == chosen else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


@register.filter
def header_cells(header: Sequence[str]) -> SafeString:
    """A chart table's column headers: the first names the rows, the others are numbers."""
    cells = [f'<th scope="col">{escape(h)}</th>' for h in header[:1]]
    cells += [f'<th scope="col" class="num">{escape(h)}</th>' for h in header[1:]]
    return mark_safe("".join(cells))


@register.filter
def link_items(items: Sequence[dict]) -> SafeString:
    """``<li>`` links of ``items`` (``url`` and ``name``)."""
    return mark_safe(
        "".join(f'<li><a href="{escape(i["url"])}">{escape(i["name"])}</a></li>' for i in items)
    )
