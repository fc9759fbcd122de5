"""Reads about a unit's place in time: which units it replaced, which replaced it, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
