"""Demo data: the figures of the five seed articles (docs in /work/shared/seeds), as records and reports.

Registries hold the things that have a life of their own (sessions, groups, models, festivals,
clusters...); the yearly approved ``PeriodReport``s of each district hold the entered
indicators. Where an article gives only a total, it is spread deterministically over the
communes and years so that the totals are exactly the article's; where it says "trên 15.000"
the figure chosen just above is written next to it in the module of that article.

``seed_demo()`` is idempotent: it creates what is missing, identified by a natural key per
record (unit + date + topic, unit + name...), and never changes what exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from movement import catalogue
from movement.demo import hai_long, mong_cai, profiles, son_tay, today, tra_linh
from movement.demo.base import DemoDataError, Seeder
from movement.demo.users import DEMO_LOGINS, DEMO_PASSWORD, describe_logins, seed_users
from movement.models import (
    Commendation,
    FestivalEvent,
    MovementModel,
    PeriodReport,
    PropagandaSession,
    SelfManagementGroup,
)
from movement.signals import period_values_changed, records_changed

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DemoDataError",
    "describe_logins",
    "register_demo_part",
    "seed_demo",
]

# Seeders of apps built on the movement (the clusters'), registered from their ``ready()``.
_PARTS: list[Callable[[Seeder], None]] = []


def register_demo_part(part: Callable[[Seeder], None]) -> None:
    """Adds ``part`` to the demo: called with the seeder after the movement's own articles."""
    if part not in _PARTS:
        _PARTS.append(part)


@transaction.atomic
def seed_demo() -> Counter[str]:
    """Load the catalogue, the demo logins and the seed articles' data; returns what was created."""
    catalogue.load_current()
    catalogue.load_legacy()
    # Into an empty database the roll-ups are recomputed once from scratch (seconds faster than
    # following each of thousands of reports; every browser test loads the demo again).
    empty = not PeriodReport.objects.exists()
    seeder = Seeder()
    seed_users(seeder)
    for article in (mong_cai, tra_linh, son_tay, hai_long, profiles):
        article.seed(seeder)
    # Today's units report up to the month before the day the demo is loaded.
    today.seed(seeder, today=timezone.localdate())
    for part in _PARTS:
        part(seeder)
    if empty:
        period_values_changed.send(sender=seed_demo, report_ids=None, everything=True)
        records_changed.send(sender=seed_demo, unit_ids=None, everything=True)
        return seeder.created
    # Reports and values were bulk-created (no model signals): tell the roll-ups.
    period_values_changed.send(
        sender=seed_demo, report_ids=list(PeriodReport.objects.values_list("pk", flat=True))
    )
    # So were the records.
    records_changed.send(
        sender=seed_demo,
        unit_ids=sorted(
            {
                unit_id
                for model in (
                    PropagandaSession,
                    FestivalEvent,
                    SelfManagementGroup,
                    MovementModel,
                    Commendation,
                )
                for unit_id in model.objects.values_list("unit_id", flat=True).distinct()
            }
        ),
    )
    return seeder.created
