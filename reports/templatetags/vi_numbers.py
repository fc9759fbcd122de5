"""``{{ value|vn }}``: a number the Vietnamese way (1.546; 12,5), fast enough for big tables."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def vn(value: object, places: int = 2) -> str:
    """Thousands with ".", decimals with ",", at most ``places`` decimals, none when whole."""
    kind = type(value)
    # Whole numbers (most figures) need no rounding: the page formats a thousand of them.
    if kind is int or (kind is Decimal and value == value.to_integral_value()):
        whole = int(value)
        return str(whole) if -1000 < whole < 1000 else f"{whole:,}".replace(",", ".")
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral()):
        return f"{int(value):,}".replace(",", ".")
    number = (
        Decimal(value).quantize(Decimal(1).scaleb(-places)) if places else Decimal(round(value))
    )
    sign = "-" if number < 0 else ""
    number = abs(number)
    whole = int(number)
    text = f"{whole:,}".replace(",", ".")
    fraction = number - whole
    if fraction:
        digits = f"{fraction:f}".split(".")[1].rstrip("0")
        text += "," + digits
    return sign + text


@register.filter
def pct_change(value: Decimal | None) -> str:
    """A change in per cent with its sign and one decimal: ``+12,5``, ``-3,0``, ``0,0``; empty
    when unknown."""
    if value is None:
        return ""
    text = vn(value, 1)
    if "," not in text:
        text += ",0"
    return f"+{text}" if value > 0 else text


def number_cell(value: object) -> str:
    if value is None:
        return "–"
    # Numbers come out as digits, "." "," and "-"; anything else is escaped.
    if type(value) in (Decimal, int, float):
        return vn(value)
    text = vn(value)
    return text if isinstance(value, (int, float, Decimal)) else escape(text)


@register.filter
def num_cells(values: list) -> SafeString:
    """A row's numbers as ``<td class="num">`` cells ("–" for none): one node for a whole row."""
    return mark_safe("".join(f'<td class="num">{number_cell(v)}</td>' for v in values))
