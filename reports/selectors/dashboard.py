"""The dashboard's selectors: headline figures, the units one level down, completeness of
reporting, navigation and a safety cluster's page (trends and breakdowns have modules of their own)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from movement.models import Indicator, PeriodReport, Unit
from movement.models.base import PATH_SEGMENT
from movement.models.indicators import ReportStatus
from movement.periods import Period
from movement.text import sort_key
from reports.rollups.models import SubtreePeriodValue
from reports.selectors.breakdowns import Breakdown, BreakdownRow
from reports.selectors.compiled import Ref, ScopeUser, Stand, run
from reports.selectors.core import (
    RECORD_KEYS,
    Figure,
    Metric,
    entered_indicators,
    record_metrics,
    record_totals_in,
    report_values_of_kinds,
    rollup_sums,
)
from reports.selectors.scope import children_in, coverage


@dataclass(frozen=True)
class Headline:
    unit: Unit
    period: Period
    previous_period: Period
    figures: tuple[Figure, ...]

    def by_key(self) -> dict[str, Figure]:
        return {f.key: f for f in self.figures}


def headline(
    unit: Unit,
    period: Period,
    *,
    indicators: Sequence[Indicator] | None = None,
    units: Sequence[Unit] | None = None,
    values: dict[tuple[str, dt.date, str], Decimal] | None = None,
) -> Headline:
    """Every figure of ``unit`` (and its predecessors) for ``period`` and the same period a year before.

    A page that calls several selectors passes the unit's ``coverage``, the catalogue's
    ``indicators`` and the report ``values`` (``report_values_of_kinds`` of ``headline_periods``
    and more) it has already read."""
    units = units or coverage(unit)
    previous = period.previous_year()
    records = record_totals_in(
        units,
        {"now": (period.start, period.end), "before": (previous.start, previous.end)},
        RECORD_KEYS,
    )
    figures = [
        Figure(m.key, m.label, m.unit_label, records[("now", m.key)], records[("before", m.key)])
        for m in record_metrics()
    ]
    if values is None:
        values = report_values_of_kinds(units, [period, previous])
    entered = [
        ind
        for ind in (indicators if indicators is not None else entered_indicators())
        if ind.is_active and ind.source == Indicator.Source.ENTERED
    ]
    for ind in entered:
        now = values.get((period.kind, period.start, ind.code))
        before = values.get((previous.kind, previous.start, ind.code))
        if now is None and before is None:
            continue
        figures.append(Figure(ind.code, ind.name, ind.unit_label, now, before, "reports"))
    return Headline(unit, period, previous, tuple(figures))


def headline_periods(period: Period) -> list[Period]:
    """The periods whose report values ``headline`` reads."""
    return [period, period.previous_year()]


@dataclass(frozen=True)
class ChildRow:
    unit: Unit
    values: dict[str, Decimal | None] = field(hash=False)


@dataclass(frozen=True)
class ChildTable:
    unit: Unit
    period: Period
    metrics: tuple[Metric, ...]
    rows: tuple[ChildRow, ...]


CHILD_RECORD_KEYS = [
    "propaganda.sessions",
    "propaganda.attendees",
    "festival.count",
    "festival.participants",
    "group.active",
]
CHILD_INDICATORS = 4  # entered indicators with the most data shown next to the records


def child_table(
    unit: Unit, period: Period, *, indicators: Sequence[Indicator] | None = None
) -> ChildTable:
    """The units one level down, each with its subtree's figures (no succession: literal units)."""
    children = children_in(unit, period)
    records = {
        row["grp"]: row
        for row in rollup_sums(
            children, {"now": (period.start, period.end)}, CHILD_RECORD_KEYS, by_unit=True
        )
        if row
    }
    kind = period.kind

    def in_period(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        in_children = SubtreePeriodValue.objects.filter(
            unit__in=[s.pk for s in stands], period_kind=kind, period_start=windows[0][0]
        )
        # The indicators most children have a figure for (ties: the catalogue's order), chosen
        # in the database: a province would otherwise read ten times the values it shows.
        top = (
            in_children.values("indicator_id")
            .annotate(children=Count("id"))
            .order_by("-children", "indicator__order", "indicator__code")
            .values("indicator_id")[:CHILD_INDICATORS]
        )
        return in_children.filter(indicator_id__in=top).values("unit_id", "indicator_id", "value")

    catalogue = list(indicators if indicators is not None else Indicator.objects.all())
    indicators = {i.pk: (i.code, i.name, i.unit_label, i.order) for i in catalogue}
    computed_from = {i.code: i.computation for i in catalogue}
    by_child: dict[int, dict[str, Decimal]] = defaultdict(dict)
    window = [(period.start, period.end)]
    for unit_id, indicator_id, value in run(
        ("child-values", kind), in_period, children, window, tuples=True
    ):
        by_child[unit_id][indicators[indicator_id][0]] = value
    order = {code: o for code, _, _, o in indicators.values()}
    # An indicator computed from the very records a column already totals (the attendees of
    # the propaganda sessions) would be a second column of the same name.
    shown = {
        code for code, computation in computed_from.items() if computation in CHILD_RECORD_KEYS
    }
    top = sorted(
        {code for values in by_child.values() for code in values if code not in shown},
        key=lambda c: (order[c], c),
    )
    labels = {code: (name, unit_label) for code, name, unit_label, _ in indicators.values()}
    metrics = [m for m in record_metrics() if m.key in CHILD_RECORD_KEYS] + [
        Metric(code, *labels[code], "reports") for code in top
    ]
    rows = []
    columns = [(key, f"now__{key.replace('.', '_')}") for key in CHILD_RECORD_KEYS]
    for child in children:
        sums = records.get(child.pk, {})
        values: dict[str, Decimal | None] = {
            key: Decimal(sums.get(column) or 0) for key, column in columns
        }
        for code in top:
            values[code] = by_child.get(child.pk, {}).get(code)
        rows.append(ChildRow(child, values))
    return ChildTable(unit, period, tuple(metrics), tuple(rows))


# --- Completeness --------------------------------------------------------------------------------

NOT_STARTED = "not_started"
STATUS_LABELS = {NOT_STARTED: "Chưa lập", **{s.value: str(s.label) for s in ReportStatus}}
STATUS_ORDER = [
    NOT_STARTED,
    ReportStatus.DRAFT,
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.APPROVED,
]


@dataclass(frozen=True)
class Completeness:
    unit: Unit
    period: Period
    counts: tuple[tuple[str, str, int], ...]  # (status, label, units)
    rows: tuple[tuple[Unit, str], ...]  # the unit itself and each unit one level down

    @property
    def total(self) -> int:
        return len(self.rows)


def completeness(
    unit: Unit, period: Period, *, children: Sequence[Unit] | None = None
) -> Completeness:
    """Status of the report of ``period`` of the unit and of every unit one level down.

    ``children``: ``children_in(unit, period)`` when the caller has them already.
    """
    units = [unit, *(children_in(unit, period) if children is None else children)]
    kind = period.kind

    def reports(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        return (
            PeriodReport.objects.for_period(Period(kind, *windows[0]))
            .filter(unit__in=[s.pk for s in stands])
            .values("unit_id", "status")
        )

    status = {
        row["unit_id"]: row["status"]
        for row in run(("statuses", kind), reports, units, [(period.start, period.end)])
    }
    rows = tuple((u, status.get(u.pk, NOT_STARTED)) for u in units)
    tally = defaultdict(int)
    for _, s in rows:
        tally[s] += 1
    counts = tuple((str(s), STATUS_LABELS[str(s)], tally.get(str(s), 0)) for s in STATUS_ORDER)
    return Completeness(unit, period, counts, rows)


# --- Navigation ----------------------------------------------------------------------------------


def ancestors(unit: Unit, user) -> list[dict]:
    """The breadcrumb of ``unit``: its ancestors that ``user`` may see, then the unit itself,
    each as ``{"pk", "name"}`` (one compiled query; the path holds the ancestors' keys).

    No query when every unit of the breadcrumb is already known: the user's own unit (loaded
    with the user) and the unit shown, as for a province committee on a commune's page."""
    known = _known_crumbs(unit, user)
    if known is not None:
        return known
    scope = ScopeUser(user)
    own = scope.units()
    refs = [
        Ref(int(unit.path[i : i + PATH_SEGMENT])) for i in range(0, len(unit.path), PATH_SEGMENT)
    ]

    def build(stands: list[Stand], windows: list) -> QuerySet:
        return (
            Unit.objects.for_user(scope.stand_in(stands))
            .filter(pk__in=[s.pk for s in stands[len(own) :]])
            .order_by("path")
            .values("pk", "name")
        )

    if Unit.objects.for_user(scope).query.is_empty():
        return []
    return run(("ancestors", *scope.shape()), build, [*own, *refs])


def _known_crumbs(unit: Unit, user) -> list[dict] | None:
    ids = [int(unit.path[i : i + PATH_SEGMENT]) for i in range(0, len(unit.path), PATH_SEGMENT)]
    home = getattr(user, "unit", None)
    known = {unit.pk: unit.name}
    if home is not None:
        known[home.pk] = home.name
    if getattr(user, "is_superuser", False):
        wanted = ids
    elif home is not None and home.pk in ids:
        wanted = ids[ids.index(home.pk) :]
    else:
        return None
    if not all(pk in known for pk in wanted):
        return None
    return [{"pk": pk, "name": known[pk]} for pk in wanted]


def clusters_within(unit: Unit, user, *, limit: int) -> tuple[list[dict], bool]:
    """Safety clusters hosted in ``unit``'s subtree that ``user`` may see, at most ``limit``
    (the first by the database's order of names), each as ``{"pk", "name"}``, in the Vietnamese
    order of their names; and whether there are more."""
    from clusters.models import SafetyCluster

    scope = ScopeUser(user)
    own = scope.units()

    def build(stands: list[Stand], windows: list) -> QuerySet:
        return (
            SafetyCluster.objects.for_user(scope.stand_in(stands))
            .within(stands[-1])
            .order_by("name", "pk")
            .values("pk", "name")[: limit + 1]  # one more: whether the list goes on
        )

    if SafetyCluster.objects.for_user(scope).query.is_empty():
        return [], False
    clusters = run(("clusters-within", limit, *scope.shape()), build, [*own, unit])
    shown = sorted(clusters[:limit], key=lambda cluster: sort_key(cluster["name"]))
    return shown, len(clusters) > limit


# --- Clusters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterView:
    cluster: object
    communes: tuple[Unit, ...]
    members: tuple[Breakdown, ...]
    member_list: tuple[object, ...]
    activities_by_year: tuple[tuple[int, int, int], ...]  # (year, activities, participants)


def cluster_view(cluster) -> ClusterView:
    from clusters.models import ClusterActivity, ClusterMember

    kinds = dict(ClusterMember.Kind.choices)
    # Military units first, then by kind; names in Vietnamese order.
    members = sorted(
        cluster.members.all(), key=lambda m: (not m.is_military, m.kind, sort_key(m.name))
    )
    by_kind = (
        ClusterMember.objects.filter(cluster=cluster)
        .values("kind")
        .annotate(n=Count("id"), military=Count("id", filter=Q(is_military=True)))
        .order_by("-military", "-n", "kind")
    )
    activities = (
        ClusterActivity.objects.filter(cluster=cluster)
        .annotate(year=ExtractYear("held_on"))
        .values("year")
        .annotate(n=Count("id"), people=Sum("participants"))
        .order_by("year")
    )
    breakdown = Breakdown(
        "members",
        "Đơn vị thành viên theo loại",
        "Số đơn vị",
        "Trong đó quân đội",
        tuple(
            BreakdownRow(
                r["kind"],
                str(kinds.get(r["kind"], r["kind"])),
                r["n"],
                r["military"],
                r["military"] > 0,
            )
            for r in by_kind
        ),
    )
    return ClusterView(
        cluster,
        tuple(sorted(cluster.communes.all(), key=lambda commune: sort_key(commune.name))),
        (breakdown,),
        tuple(members),
        tuple((r["year"], r["n"], r["people"] or 0) for r in activities),
    )
