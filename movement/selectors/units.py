"""Reads about a unit's place in time: which units it replaced, which replaced it, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache

from movement.models import Unit, UnitSuccession


@dataclass(frozen=True)
class Link:
    unit: Unit
    kind: str
    effective_date: dt.date
    legal_basis: str

    @property
    def kind_label(self) -> str:
        return str(UnitSuccession.Kind(self.kind).label)


@dataclass(frozen=True)
class Succession:
    """The units ``unit`` replaced (``replaced``) and those that replaced it (``successors``)."""

    unit: Unit
    replaced: list[Link]
    successors: list[Link]

    @property
    def merged(self) -> list[Link]:
        """The units whose figures this unit's totals carry (merged, renamed, split into it)."""
        return [link for link in self.replaced if link.kind in UnitSuccession.CARRIED_OVER]

    @property
    def former_parents(self) -> list[Link]:
        """The districts dissolved when this commune was formed (their figures stay theirs)."""
        return [link for link in self.replaced if link.kind not in UnitSuccession.CARRIED_OVER]

    @property
    def since(self) -> dt.date | None:
        return self.replaced[0].effective_date if self.replaced else self.unit.valid_from

    @property
    def ended(self) -> dt.date | None:
        return self.unit.valid_to

    def ended_by(self, day: dt.date) -> bool:
        return self.unit.valid_to is not None and self.unit.valid_to <= day


def succession_of(unit: Unit) -> Succession:
    """One query: the successions that name ``unit`` on either side, in the order of the names."""
    links = (
        UnitSuccession.objects.filter(predecessor=unit)
        | UnitSuccession.objects.filter(successor=unit)
    ).select_related("predecessor", "successor")
    replaced, successors = [], []
    for link in sorted(links, key=lambda s: (s.effective_date, s.pk)):
        if link.successor_id == unit.pk:
            replaced.append(
                Link(link.predecessor, link.kind, link.effective_date, link.legal_basis)
            )
        else:
            successors.append(
                Link(link.successor, link.kind, link.effective_date, link.legal_basis)
            )
    return Succession(unit=unit, replaced=replaced, successors=successors)


# Successions change a few times a decade, pages show them on every view: kept in the shared cache
# under a version that any save or delete of a unit or a succession moves on (``forget_successions``).
_VERSION_KEY = "antq:successions:version"
_DAY = 24 * 3600


def succession_of_cached(unit: Unit) -> Succession:
    """``succession_of`` read from the cache (no query once a worker has read it)."""
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(_VERSION_KEY, version, None)
    key = f"antq:succession:v1:{version}:{unit.pk}"
    found = cache.get(key)
    if found is None:
        found = succession_of(unit)
        cache.set(key, found, _DAY)
    return found


def forget_successions(sender: type, instance: object, **kwargs: object) -> None:
    """Receiver of saves and deletes of successions, and of units that take part in one (a
    renamed predecessor): every cached succession is old."""
    if (
        sender is Unit
        and not (
            UnitSuccession.objects.filter(predecessor_id=instance.pk)
            | UnitSuccession.objects.filter(successor_id=instance.pk)
        ).exists()
    ):
        return
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new version will do
        cache.set(_VERSION_KEY, 2, None)
