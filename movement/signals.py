"""Signals other apps listen to (the dashboard's roll-ups stay current through them)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after values of period reports were written in bulk (imports), where no
# model signal fires. Keyword argument: report_ids (list of PeriodReport ids).
period_values_changed = Signal()
