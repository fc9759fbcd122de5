"""Numbers the Vietnamese way in templates: 1.546 and 12,5."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.numberformat import format as number_format

register = template.Library()


@register.filter
def vn_number(value: Decimal | int | None, places: int = 0) -> str:
    """``1546`` → ``1.546``; ``12.50`` with one place → ``12,5``; None → ``—``."""
    if value is None or value == "":
        return "—"
    return number_format(
        Decimal(value),
        decimal_sep=",",
        decimal_pos=int(places or 0),
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
    )


@register.filter
def get_item(mapping: dict, key: str):
    return mapping.get(key) if mapping else None
