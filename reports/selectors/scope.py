"""Scope: the units a total covers (a unit and its predecessors), subtrees, units one level down,
and a unit looked up in a user's scope; every query compiled once (``compiled``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from movement.models import Unit, UnitSuccession
from movement.models.base import path_upper
from movement.periods import Period
from movement.selectors.units import succession_of_cached
from movement.text import sort_key
from reports.selectors.compiled import (
    LEVEL_COLUMNS,
    UNIT_COLUMNS,
    Ref,
    ScopeUser,
    Stand,
    read_units,
)

# --- Scope ---------------------------------------------------------------------------------------


def coverage(unit: Unit) -> tuple[Unit, ...]:
    """``unit`` and its predecessors, keeping only units whose subtrees do not overlap."""
    units = sorted(lineage(unit), key=lambda u: (len(u.path), u.path))
    kept: list[Unit] = []
    for candidate in units:
        if not any(k.path <= candidate.path < path_upper(k.path) for k in kept):
            kept.append(candidate)
    return tuple(kept)


def lineage(unit: Unit) -> list[Unit]:
    """``Unit.lineage()`` with its queries compiled once: the unit and every unit it succeeded.

    A district dissolved on 01/07/2025 is not a predecessor here: its communes are, each of
    them of one successor, while the district's subtree was shared out among several (and its
    own figures belong to no single commune; the province's totals hold them)."""

    def predecessors(stands: list[Stand], windows: list) -> QuerySet:
        return (
            Unit.objects.filter(
                successor_links__successor_id__in=[s.pk for s in stands],
                successor_links__kind__in=UnitSuccession.CARRIED_OVER,
            )
            .distinct()
            .values(*UNIT_COLUMNS)
        )

    seen: dict[int, Unit] = {unit.pk: unit}
    # The first generation is the unit's own succession, which every page showing the unit
    # reads anyway and the shared cache keeps (a query on the unit's first view, none after;
    # any save of a unit or a succession moves the cache on): the query looks further back only.
    frontier: list[Unit] = []
    for link in succession_of_cached(unit).merged:
        if link.unit.pk not in seen:
            seen[link.unit.pk] = link.unit
            frontier.append(link.unit)
    while frontier:
        found = read_units(("predecessors",), predecessors, frontier)
        frontier = [u for u in found if u.pk not in seen]
        for u in found:
            seen.setdefault(u.pk, u)
    return list(seen.values())


def within(qs: QuerySet, units: Iterable[Unit]) -> QuerySet:
    """Rows of ``qs`` in any of the subtrees of ``units`` (through the model's scope lookup)."""
    units = list(units)
    result = qs.within(units[0])
    for unit in units[1:]:
        result = result | qs.within(unit)
    return result


def children_in(unit: Unit, period: Period) -> list[Unit]:
    """Units one level down that existed at some time during ``period``, with their level, in
    the Vietnamese order of their names ("Xã Hải Đông" before "Xã Hải Sơn")."""

    def build(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        start, end = windows[0]
        return (
            Unit.objects.filter(parent_id=stands[0].pk)
            .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
            .order_by("name", "code")
            .values(*UNIT_COLUMNS, *LEVEL_COLUMNS)
        )

    children = read_units(("children",), build, [unit], [(period.start, period.end)])
    return sorted(children, key=lambda child: sort_key(child.name))


def unit_for_user(user, pk: int) -> Unit | None:
    """The unit ``pk`` with its level if ``user`` may see it (``Unit.objects.for_user``)."""
    scope = ScopeUser(user)

    def build(stands: list[Stand], windows: list) -> QuerySet:
        return (
            Unit.objects.for_user(scope.stand_in(stands))
            .filter(pk=stands[-1].pk)
            .values(*UNIT_COLUMNS, *LEVEL_COLUMNS)
        )

    if Unit.objects.for_user(scope).query.is_empty():
        return None
    found = read_units(("unit-for-user", *scope.shape()), build, [*scope.units(), Ref(pk)])
    return found[0] if found else None
