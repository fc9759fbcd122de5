"""django-import-export widgets that read cells the Vietnamese way and write them back the same way."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from import_export import widgets

from movement.imports import cells
from movement.imports.units import UnitResolver, duplicated_codes, unit_ref


class TextWidget(widgets.Widget):
    """NFC, trimmed; ``one_line`` collapses inner blanks (names, numbers of decisions)."""

    def __init__(self, one_line: bool = True, max_length: int | None = None) -> None:
        self.one_line = one_line
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs):
        result = cells.line(value) if self.one_line else cells.text(value)
        if self.max_length and len(result) > self.max_length:
            raise ValueError(f"dài {len(result)} ký tự, tối đa {self.max_length}.")
        return result

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IntegerWidget(widgets.Widget):
    def __init__(self, is_year: bool = False) -> None:
        self.is_year = is_year

    def clean(self, value, row=None, **kwargs):
        return cells.year(value) if self.is_year else cells.integer(value)

    def render(self, value, obj=None, **kwargs):
        return value


class DecimalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.number(value)

    def render(self, value, obj=None, **kwargs):
        return decimal_out(value)


def decimal_out(value: Decimal | None) -> int | Decimal | None:
    """12.00 → 12 (an integer cell), 12.50 → 12.5."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


class DateWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.date(value)

    def render(self, value, obj=None, **kwargs):
        return value if isinstance(value, dt.date) else None


class BooleanWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return cells.boolean(value)

    def render(self, value, obj=None, **kwargs):
        return "Có" if value else "Không"


class ChoiceWidget(widgets.Widget):
    """A choice read by its Vietnamese label (or stored value), written as its label."""

    def __init__(self, choices) -> None:
        self.choices = [(str(k), str(v)) for k, v in choices]

    def clean(self, value, row=None, **kwargs):
        return cells.choice(value, self.choices)

    def render(self, value, obj=None, **kwargs):
        return dict(self.choices).get(value or "", value or "")

    @property
    def labels(self) -> list[str]:
        return [label for _, label in self.choices]


class UnitWidget(widgets.Widget):
    """A unit by code or name, only among the importing user's units (``resolver`` set by the resource)."""

    def __init__(self) -> None:
        self.resolver: UnitResolver | None = None
        self.when: Any = None  # row -> the Day or Period the row is about (set by the resource)
        self._duplicates: set[str] | None = None

    @property
    def duplicates(self) -> set[str]:
        if self._duplicates is None:
            self._duplicates = duplicated_codes()
        return self._duplicates

    def clean(self, value, row=None, **kwargs):
        if self.resolver is None:
            raise ValueError("Không xác định được người nhập.")
        when = self.when(row) if self.when is not None and row else None
        return self.resolver.resolve(value, when)

    def render(self, value, obj=None, **kwargs):
        return unit_ref(value, self.duplicates)


class UnitListWidget(UnitWidget, widgets.ManyToManyWidget):
    """Several units separated by ";" (khu dân cư of a group, communes of a cluster)."""

    def __init__(self) -> None:
        from movement.models import Unit

        widgets.ManyToManyWidget.__init__(self, Unit, separator=";", field="pk")
        UnitWidget.__init__(self)

    def clean(self, value, row=None, **kwargs):
        if self.resolver is None:
            raise ValueError("Không xác định được người nhập.")
        raw = cells.text(value)
        parts = [p for p in (x.strip() for x in raw.replace("\n", ";").split(";")) if p]
        when = self.when(row) if self.when is not None and row else None
        return [self.resolver.resolve(p, when) for p in parts]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        units = sorted(value.all(), key=lambda u: u.path)
        return "; ".join(unit_ref(u, self.duplicates) for u in units)


class RelatedWidget(widgets.Widget):
    """A related record named by its natural key, read together with the row's unit.

    ``lookup(resource, value, row)`` returns the object or raises ValueError;
    ``render_fn(obj)`` writes it.
    """

    def __init__(self, lookup, render_fn) -> None:
        self.lookup = lookup
        self.render_fn = render_fn
        self.resource: Any = None

    def clean(self, value, row=None, **kwargs):
        if cells.is_blank(value):
            return None
        return self.lookup(self.resource, value, row or {})

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else self.render_fn(value)
