"""Unit drop-downs in the order Vietnamese read them: a unit above before the units below it,
and units of one level by name ("Phường Hải Hòa" before "Phường Hòa Lạc", "Xã Đông" after
"Xã Dương"), not by code or id."""

from __future__ import annotations

from collections.abc import Iterator

from django.forms.models import ModelChoiceIterator

from movement.text import sort_key


class UnitChoiceIterator(ModelChoiceIterator):
    """A ``ModelChoiceField``'s choices of units, shallower units first, then by name."""

    def __iter__(self) -> Iterator:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        units = sorted(self.queryset, key=lambda u: (len(u.path), sort_key(u.name), u.pk))
        for unit in units:
            yield self.choice(unit)


def in_vietnamese_order(field) -> None:
    """Order the units of ``field`` (a ``ModelChoiceField`` of units) for people."""
    field.iterator = UnitChoiceIterator
