"""Every roll-up recomputed from its sources: after a restore, a unit move, or to check them."""

from __future__ import annotations

from django.db import transaction

from reports.rollups import periods, records


@transaction.atomic
def rebuild_all() -> dict[str, int]:
    """Period values from the approved reports, then record figures from the registries."""
    period_rows = periods.rebuild()
    record_rows = records.rebuild()
    return {
        "own": period_rows["own"],
        "subtree": period_rows["subtree"],
        "record_own": record_rows["own"],
        "record_subtree": record_rows["subtree"],
    }
