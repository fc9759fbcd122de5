"""Roll-ups of records (sessions, festivals, groups, models, commendations), kept current on every write.

The dashboard's record figures are totals over a unit's subtree and whole months; scanning the
registries for them costs as much as the registries are big (DESIGN §11). ``OwnRecordValue``
holds, for one unit, its records totalled by month and category; ``SubtreeRecordValue`` the
same summed over the unit and everything below it. What each source counts:

==============  ==============  ==================  ==================  =============
source          category        count               amount              extra
==============  ==============  ==================  ==================  =============
propaganda      channel         sessions            attendees           leaflets
festival        ""              festivals           participants        0
group_founded   kind            groups founded      members             0
group_active    kind            +1 founded,         +members founded,   0
                                −1 dissolved        −members dissolved
groups_active   ""              the same as group_active, all kinds together
model           kind            models, exemplars   0                   0
commendation    form            collective +        individuals         collectives
                                individuals
==============  ==============  ==================  ==================  =============

``month`` is the first day of the month of the record's date (a commendation's decision date,
else its festival's day). Models are known by their year only: ``month`` is 1 July of
``year_recognised``, the mid-year day ``movement.computations.year_bounds`` places them on, so
the roll-ups and the direct aggregate agree for every window.
Groups active are a stock: the number active on a month's last day is the sum of the
``group_active`` (``groups_active``) changes of every month up to it (a group with no founding
date counts from ``FOREVER``). Rows whose three figures are zero are not kept.

``refresh(pairs)`` recomputes the own rows of each ``(unit_id, source)`` and adds the
differences to the subtree rows of the unit and its ancestors, in the same transaction as the
write (model signals in ``reports.rollups.signals``), as ordered upserts
(``reports.rollups.upsert``); ``rebuild()`` recomputes everything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

from django.db import connection, transaction
from django.db.models import Count, DateField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from movement.models import (
    Commendation,
    FestivalEvent,
    MovementModel,
    PropagandaSession,
    SelfManagementGroup,
    Unit,
)
from movement.models.base import PATH_SEGMENT, ancestor_ids
from reports.bulk import BulkWriter
from reports.rollups import upsert
from reports.rollups.models import OwnRecordValue, RecordSource, SubtreeRecordValue

FOREVER = dt.date(1, 1, 1)  # month of the groups founded on an unknown day: always counted

Key = tuple[str, dt.date]  # (category, month)
Figures = tuple[int, int, int]  # (count, amount, extra)

# Stocks: a month's figure is the sum of the changes of every month up to it.
STOCKS = frozenset({RecordSource.GROUP_ACTIVE, RecordSource.GROUPS_ACTIVE})

# The sources each kind of record feeds.
SOURCES_OF: dict[type, tuple[str, ...]] = {
    PropagandaSession: (RecordSource.PROPAGANDA,),
    FestivalEvent: (RecordSource.FESTIVAL,),
    SelfManagementGroup: (
        RecordSource.GROUP_FOUNDED,
        RecordSource.GROUP_ACTIVE,
        RecordSource.GROUPS_ACTIVE,
    ),
    MovementModel: (RecordSource.MODEL,),
    Commendation: (RecordSource.COMMENDATION,),
}


def _grouped(qs: QuerySet, category: object, month: object, **figures: object) -> QuerySet:
    """``qs`` grouped by unit, ``category`` and ``month``, with the aggregates ``figures``."""
    return qs.values(u=F("unit_id"), cat=category, m=month).annotate(**figures).order_by()


def _rows(source: str, unit_ids: list[int] | None) -> Iterator[tuple[int, str, dt.date, Figures]]:
    """``(unit_id, category, month, figures)`` of the records of ``unit_ids`` (all units: None)."""

    def scoped(qs: QuerySet) -> QuerySet:
        return qs if unit_ids is None else qs.filter(unit_id__in=unit_ids)

    none = Value("")
    if source == RecordSource.PROPAGANDA:
        rows = _grouped(
            scoped(PropagandaSession.objects.all()),
            F("channel"),
            TruncMonth("held_on"),
            n=Count("id"),
            a=Sum("attendees"),
            e=Sum("leaflets"),
        )
    elif source == RecordSource.FESTIVAL:
        rows = _grouped(
            scoped(FestivalEvent.objects.all()),
            none,
            TruncMonth("held_on"),
            n=Count("id"),
            a=Sum("participants"),
        )
    elif source == RecordSource.GROUP_FOUNDED:
        rows = _grouped(
            scoped(SelfManagementGroup.objects.filter(founded_on__isnull=False)),
            F("kind"),
            TruncMonth("founded_on"),
            n=Count("id"),
            a=Sum("member_count"),
        )
    elif source in STOCKS:
        # By kind for the breakdown, all kinds together for the totals (a few rows a month).
        kind = F("kind") if source == RecordSource.GROUP_ACTIVE else none
        # Three parts (no COALESCE around the month: its date conversion would be lost).
        founded = _grouped(
            scoped(SelfManagementGroup.objects.filter(founded_on__isnull=False)),
            kind,
            TruncMonth("founded_on"),
            n=Count("id"),
            a=Sum("member_count"),
        )
        undated = _grouped(
            scoped(SelfManagementGroup.objects.filter(founded_on__isnull=True)),
            kind,
            Value(FOREVER, output_field=DateField()),
            n=Count("id"),
            a=Sum("member_count"),
        )
        dissolved = _grouped(
            scoped(SelfManagementGroup.objects.filter(dissolved_on__isnull=False)),
            kind,
            TruncMonth("dissolved_on"),
            n=Count("id"),
            a=Sum("member_count"),
        )
        changes: dict[tuple[int, str, dt.date], list[int]] = defaultdict(lambda: [0, 0])
        for sign, part in ((1, founded), (1, undated), (-1, dissolved)):
            for r in part:
                change = changes[(r["u"], r["cat"], r["m"])]
                change[0] += sign * r["n"]
                change[1] += sign * (r["a"] or 0)
        for (unit_id, category, month), (n, members) in changes.items():
            yield unit_id, category, month, (n, members, 0)
        return
    elif source == RecordSource.MODEL:
        rows = _grouped(
            scoped(MovementModel.objects.filter(year_recognised__gte=1, year_recognised__lte=9999)),
            F("kind"),
            F("year_recognised"),
            n=Count("id"),
        )
        for r in rows:
            yield r["u"], r["cat"], dt.date(r["m"], 7, 1), (r["n"], 0, 0)
        return
    elif source == RecordSource.COMMENDATION:
        kinds = Commendation.RecipientKind
        rows = _grouped(
            scoped(
                Commendation.objects.filter(recipient_kind__in=[kinds.COLLECTIVE, kinds.INDIVIDUAL])
            )
            .annotate(day=Coalesce("decision_date", "festival__held_on"))
            .filter(day__isnull=False),
            F("form"),
            TruncMonth("day"),
            n=Count("id"),
            a=Count("id", filter=Q(recipient_kind=kinds.INDIVIDUAL)),
            e=Count("id", filter=Q(recipient_kind=kinds.COLLECTIVE)),
        )
    else:
        raise ValueError(source)
    for r in rows:
        yield r["u"], r["cat"], r["m"], (r["n"], r.get("a") or 0, r.get("e") or 0)


def own_values(source: str, unit_ids: list[int] | None = None) -> dict[int, dict[Key, Figures]]:
    """``{unit_id: {(category, month): (count, amount, extra)}}`` computed from the records."""
    out: dict[int, dict[Key, Figures]] = defaultdict(dict)
    for unit_id, category, month, figures in _rows(source, unit_ids):
        if any(figures):
            out[unit_id][(category, month)] = figures
    return out


def refresh(pairs: Iterable[tuple[int, str]]) -> int:
    """Bring the roll-ups of each ``(unit_id, source)`` up to date; returns subtree rows touched.

    As for the period values (``reports.rollups.periods.refresh``): the units' rows are locked
    in id order, then every subtree difference is added in one ordered upsert.
    """
    by_source: dict[str, set[int]] = defaultdict(set)
    for unit_id, source in pairs:
        if unit_id is not None:
            by_source[source].add(unit_id)
    if not by_source:
        return 0
    subtree: dict[tuple, list[int]] = {}
    with transaction.atomic():
        paths = dict(
            Unit.objects.select_for_update(no_key=True)
            .filter(pk__in={u for ids in by_source.values() for u in ids})
            .order_by("pk")
            .values_list("pk", "path")
        )
        for source, unit_ids in sorted(by_source.items()):
            present = sorted(u for u in unit_ids if u in paths)
            if not present:
                continue
            new = own_values(source, present)
            old: dict[int, dict[Key, OwnRecordValue]] = defaultdict(dict)
            for row in OwnRecordValue.objects.filter(unit_id__in=present, source=source):
                old[row.unit_id][(row.category, row.month)] = row
            for unit_id in present:
                deltas = _refresh_own(unit_id, source, new.get(unit_id, {}), old.get(unit_id, {}))
                for ancestor in ancestor_ids(paths[unit_id]):
                    for (category, month), figures in deltas.items():
                        total = subtree.setdefault((ancestor, source, category, month), [0, 0, 0])
                        for i, change in enumerate(figures):
                            total[i] += change
        return upsert.add(
            SubtreeRecordValue,
            ["unit_id", "source", "category", "month"],
            ["count", "amount", "extra"],
            {key: figures for key, figures in subtree.items() if any(figures)},
            empty="count = 0 AND amount = 0 AND extra = 0",
        )


def _refresh_own(
    unit_id: int,
    source: str,
    new: Mapping[Key, Figures],
    old: Mapping[Key, OwnRecordValue],
) -> dict[Key, Figures]:
    deltas: dict[Key, Figures] = {}
    changed, created, gone = [], [], []
    for key in new.keys() | old.keys():
        before = (old[key].count, old[key].amount, old[key].extra) if key in old else (0, 0, 0)
        after = new.get(key, (0, 0, 0))
        if before == after:
            continue
        deltas[key] = tuple(a - b for a, b in zip(after, before, strict=True))
        if key not in new:
            gone.append(old[key].pk)
        elif key in old:
            row = old[key]
            row.count, row.amount, row.extra = after
            changed.append(row)
        else:
            created.append(
                OwnRecordValue(
                    unit_id=unit_id,
                    source=source,
                    category=key[0],
                    month=key[1],
                    count=after[0],
                    amount=after[1],
                    extra=after[2],
                )
            )
    if gone:
        OwnRecordValue.objects.filter(pk__in=gone).delete()
    if changed:
        OwnRecordValue.objects.bulk_update(changed, ["count", "amount", "extra"], batch_size=1000)
    if created:
        OwnRecordValue.objects.bulk_create(created, batch_size=1000)
    return deltas


def refresh_units(unit_ids: Iterable[int]) -> int:
    """Every source of ``unit_ids`` (after records were written in bulk)."""
    ids = set(unit_ids)
    return refresh((u, s) for u in ids for s in RecordSource.values)


@transaction.atomic
def rebuild() -> dict[str, int]:
    """Recompute every record roll-up from the registries."""
    SubtreeRecordValue.objects.all().delete()
    OwnRecordValue.objects.all().delete()

    def own_rows():
        for source in RecordSource.values:
            for unit_id, by_key in own_values(source).items():
                for (category, month), (n, amount, extra) in by_key.items():
                    yield (unit_id, source, category, month, n, amount, extra)

    own = BulkWriter().tuples(
        OwnRecordValue,
        ["unit_id", "source", "category", "month", "count", "amount", "extra"],
        own_rows(),
    )
    return {"own": own, "subtree": rebuild_subtree()}


def rebuild_subtree() -> int:
    """Sum own rows into every ancestor's subtree rows: one INSERT … SELECT per tree depth."""
    SubtreeRecordValue.objects.all().delete()
    own, sub, unit = (
        OwnRecordValue._meta.db_table,
        SubtreeRecordValue._meta.db_table,
        Unit._meta.db_table,
    )
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(LENGTH(path)) FROM {unit}")
        longest = cursor.fetchone()[0] or 0
        for depth in range(0, longest // PATH_SEGMENT):
            start = depth * PATH_SEGMENT + 1
            ancestor = f"CAST(SUBSTR(u.path, {start}, {PATH_SEGMENT}) AS BIGINT)"
            cursor.execute(
                f"INSERT INTO {sub} (unit_id, source, category, month, count, amount, extra) "
                f"SELECT {ancestor}, o.source, o.category, o.month, "
                f"SUM(o.count), SUM(o.amount), SUM(o.extra) "
                f"FROM {own} o JOIN {unit} u ON u.id = o.unit_id "
                f"WHERE LENGTH(u.path) >= {start + PATH_SEGMENT - 1} "
                f"GROUP BY {ancestor}, o.source, o.category, o.month "
                f"HAVING SUM(o.count) <> 0 OR SUM(o.amount) <> 0 OR SUM(o.extra) <> 0 "
                # In the order of the unique index: a unit's rows are read from a few pages.
                f"ORDER BY 1, o.source, o.month, o.category"
            )
            total += max(cursor.rowcount, 0)
    return total
