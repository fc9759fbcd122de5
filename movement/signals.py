"""Signals other apps listen to (the dashboard's roll-ups stay current through them)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.dispatch import Signal

# Sent after values of period reports were written in bulk (imports), where no
# model signal fires. Keyword argument: report_ids (list of PeriodReport ids); or
# everything=True when a whole database was loaded at once (the demo into an empty one),
# where recomputing from scratch is cheaper than following each report.
period_values_changed = Signal()

# Sent after records (sessions, festivals, groups, models, commendations) were written in
# bulk, where no model signal fires. Keyword argument: unit_ids (the units whose records
# changed); or everything=True, as above.
records_changed = Signal()

# Units whose records changed inside ``records_in_bulk`` (None outside it).
_bulk_units: ContextVar[set[int] | None] = ContextVar("bulk_record_units", default=None)


@contextmanager
def records_in_bulk(sender: Any) -> Iterator[None]:
    """Record writes inside are announced once, with ``records_changed``, when the block ends.

    For imports of thousands of records: listeners that would refresh on every saved record
    (``defer_records_changed`` returns True inside the block) refresh each unit once instead,
    in the same transaction when the block runs inside one. Nothing is sent if the block fails.
    """
    units: set[int] = set()
    token = _bulk_units.set(units)
    try:
        yield
    finally:
        _bulk_units.reset(token)
    if units:
        records_changed.send(sender=sender, unit_ids=sorted(units))


def defer_records_changed(unit_ids: Iterable[int | None]) -> bool:
    """Inside ``records_in_bulk``: remember the units for the end of the block and return True."""
    units = _bulk_units.get()
    if units is None:
        return False
    units.update(u for u in unit_ids if u)
    return True
