"""Numbers the Vietnamese way in templates: 1.546 and 12,5."""

from __future__ import annotations

import datetime as dt
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


@register.filter
def duration_vi(value: dt.timedelta | None) -> str:
    """``timedelta(hours=1, minutes=30)`` → ``1 giờ 30 phút``."""
    if not value:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} giờ"] if hours else []
    if minutes or not parts:
        parts.append(f"{minutes} phút")
    return " ".join(parts)
