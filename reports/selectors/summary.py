"""The yearly summary report's selectors (báo cáo tổng kết): every indicator of the catalogue
over a span of years, the units one level down, and what the registries say beyond totals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from movement.computations import COMPUTATIONS
from movement.models import Indicator, Unit
from movement.models.base import PATH_SEGMENT
from movement.periods import Period, PeriodKind, Span
from reports.rollups.models import SubtreePeriodValue

# --- Yearly summary report (báo cáo tổng kết) ----------------------------------------------------
from reports.selectors.core import (
    ZERO,
    Figure,
    Metric,
    direct_record_totals,
    record_metrics,
    record_window,
    report_values,
)
from reports.selectors.dashboard import ChildRow
from reports.selectors.scope import children_in, within


@dataclass(frozen=True)
class AnnexFigure(Figure):
    """An indicator of the catalogue over a span, the span before it and each year of the span."""

    section: str = ""
    decimal_places: int = 0
    by_year: tuple[tuple[int, Decimal | None], ...] = ()


@dataclass(frozen=True)
class SummaryFigures:
    span: Span
    figures: tuple[AnnexFigure, ...]

    def value(self, code: str) -> Decimal | None:
        figure = self.by_code().get(code)
        return figure.value if figure else None

    def by_code(self) -> dict[str, AnnexFigure]:
        return {f.key: f for f in self.figures}

    def by_section(self) -> dict[str, list[AnnexFigure]]:
        out: dict[str, list[AnnexFigure]] = defaultdict(list)
        for figure in self.figures:
            out[figure.section].append(figure)
        return dict(out)


def _year_windows(span: Span) -> dict[str, tuple[dt.date, dt.date]]:
    previous = span.previous()
    windows = {"now": (span.start, span.end), "before": (previous.start, previous.end)}
    if span.is_range:
        windows.update({f"y{y}": (dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in span.years})
    return windows


def _entered_total(
    values: dict[tuple[dt.date, str], Decimal], code: str, years: Sequence[int], last: bool
) -> Decimal | None:
    """A flow adds the years; a stock ("last" aggregation) is the value of its latest year."""
    found = [
        (y, values[(dt.date(y, 1, 1), code)]) for y in years if (dt.date(y, 1, 1), code) in values
    ]
    if not found:
        return None
    return found[-1][1] if last else sum((v for _, v in found), ZERO)


def summary_figures(units: Sequence[Unit], span: Span) -> SummaryFigures:
    """Every active indicator of the catalogue for the subtrees of ``units`` (disjoint, e.g. a
    unit's ``coverage``): computed ones from the records, entered ones from approved reports."""
    indicators = list(Indicator.objects.filter(is_active=True).order_by("order", "code"))
    computed = {i.computation for i in indicators if i.source == Indicator.Source.COMPUTED}
    windows = _year_windows(span)
    # Straight from the registries: every computed indicator of the catalogue, not only those
    # the dashboard keeps roll-ups for (a report is made far less often than a dashboard).
    records = direct_record_totals(units, windows, sorted(computed)) if computed else {}
    previous = span.previous()
    years = sorted({*span.years, *previous.years})
    values = report_values(units, [Period.of(PeriodKind.YEAR, y) for y in years])
    figures = []
    for ind in indicators:
        if ind.source == Indicator.Source.COMPUTED:
            now = records[("", "now", ind.computation)]
            before = records[("", "before", ind.computation)]
            by_year = tuple(
                (y, records[("", f"y{y}", ind.computation)]) for y in span.years if span.is_range
            )
        else:
            last = ind.aggregation == Indicator.Aggregation.LAST
            now = _entered_total(values, ind.code, span.years, last)
            before = _entered_total(values, ind.code, previous.years, last)
            by_year = tuple(
                (y, _entered_total(values, ind.code, [y], last))
                for y in span.years
                if span.is_range
            )
        figures.append(
            AnnexFigure(
                ind.code,
                ind.name,
                ind.unit_label,
                now,
                before,
                str(ind.source),
                section=ind.section,
                decimal_places=ind.decimal_places,
                by_year=by_year,
            )
        )
    return SummaryFigures(span, tuple(figures))


UNIT_TABLE_KEYS = [
    "propaganda.sessions",
    "propaganda.attendees",
    "festival.count",
    "festival.participants",
    "group.active",
    "model.models",
]
UNIT_TABLE_CODES = ["tips_received", "tips_valuable", "disputes_mediated"]


@dataclass(frozen=True)
class UnitTable:
    """Key figures of each unit one level down over a span (the annex's second table)."""

    metrics: tuple[Metric, ...]
    rows: tuple[ChildRow, ...]
    total: dict[str, Decimal] = field(hash=False)


def unit_table(unit: Unit, span: Span) -> UnitTable:
    """The units one level down that existed during ``span``, each with its subtree's figures."""
    children = children_in(unit, span.period())
    prefix = len(unit.path) + PATH_SEGMENT
    records = direct_record_totals(
        [unit], {"now": (span.start, span.end)}, UNIT_TABLE_KEYS, group_prefix=prefix
    )
    entered = (
        SubtreePeriodValue.objects.filter(
            unit__in=[c.pk for c in children],
            period_kind=PeriodKind.YEAR,
            period_start__gte=span.start,
            period_start__lte=span.end,
            indicator__code__in=UNIT_TABLE_CODES,
        )
        .values("unit_id", "indicator__code")
        .annotate(total=Sum("value"))
    )
    by_child: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for row in entered:
        by_child[row["unit_id"]][row["indicator__code"]] = row["total"]
    names = dict(Indicator.objects.filter(code__in=UNIT_TABLE_CODES).values_list("code", "name"))
    labels = {m.key: m for m in record_metrics()}
    metrics = [labels[k] for k in UNIT_TABLE_KEYS] + [
        Metric(code, names.get(code, code), "", "reports") for code in UNIT_TABLE_CODES
    ]
    rows = []
    total: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for child in children:
        values: dict[str, Decimal | None] = {
            key: records.get((child.path, "now", key), ZERO) for key in UNIT_TABLE_KEYS
        }
        for code in UNIT_TABLE_CODES:
            values[code] = by_child.get(child.pk, {}).get(code)
        for key, value in values.items():
            total[key] += value or ZERO
        rows.append(ChildRow(child, values))
    return UnitTable(tuple(metrics), tuple(rows), dict(total))


@dataclass(frozen=True)
class NamedModel:
    name: str
    kind: str  # MovementModel.Kind
    year: int
    places: tuple[str, ...]  # names of the units that built it


@dataclass(frozen=True)
class ClusterSummary:
    clusters: int
    members: int
    military: int
    military_by_kind: tuple[tuple[str, int], ...]
    activities: tuple[tuple[str, int, int], ...]  # (kind label, count, participants)


@dataclass(frozen=True)
class SummaryRegistries:
    """What the registries say beyond totals: names of models, the clusters, the breakdowns."""

    models: tuple[NamedModel, ...]
    groups_by_kind: tuple[tuple[str, int, int], ...]  # (kind label, groups, members) at span end
    core_force: str  # the core force of most active groups, "" when none is named
    propaganda_by_channel: tuple[tuple[str, int, int], ...]  # (label, sessions, attendees)
    commendations_by_form: tuple[tuple[str, int], ...]
    clusters: ClusterSummary
    communes: int  # commune-level units at span end (denominator of "10/10 xã")
    residential_areas: int
    groups_founded: int  # tổ tự quản founded during the span


def summary_registries(
    units: Sequence[Unit], span: Span, *, cluster: object | None = None
) -> SummaryRegistries:
    """Registries of the subtrees of ``units`` over ``span``; only ``cluster`` if one is given."""
    from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
    from movement.models import (
        Commendation,
        CoreForce,
        MovementModel,
        PropagandaSession,
        SelfManagementGroup,
    )

    start, end = span.start, span.end
    model_rows = (
        within(MovementModel.objects.filter(year_recognised__gte=start.year), units)
        .filter(year_recognised__lte=end.year)
        .values_list("name", "kind", "year_recognised", "unit__name")
        .order_by("year_recognised", "name", "unit__path")
    )
    grouped: dict[tuple[str, str], list] = {}
    for name, kind, year, place in model_rows:
        entry = grouped.setdefault((name, kind), [year, []])
        if place not in entry[1]:
            entry[1].append(place)
    models = tuple(
        NamedModel(name, kind, year, tuple(places))
        for (name, kind), (year, places) in grouped.items()
    )
    active = within(
        SelfManagementGroup.objects.filter(record_window(COMPUTATIONS["group.active"], start, end)),
        units,
    )
    kinds = dict(SelfManagementGroup.Kind.choices)
    groups = tuple(
        (str(kinds.get(r["kind"], r["kind"])), r["n"], r["members"] or 0)
        for r in active.values("kind")
        .annotate(n=Count("id"), members=Sum("member_count"))
        .order_by("-n", "kind")
    )
    founded = within(
        SelfManagementGroup.objects.filter(founded_on__gte=start, founded_on__lte=end), units
    ).count()
    core = (
        active.exclude(core_force="")
        .values("core_force")
        .annotate(n=Count("id"))
        .order_by("-n", "core_force")
        .first()
    )
    channels = dict(PropagandaSession.Channel.choices)
    propaganda = tuple(
        (str(channels.get(r["channel"], r["channel"])), r["n"], r["people"] or 0)
        for r in within(
            PropagandaSession.objects.filter(held_on__gte=start, held_on__lte=end), units
        )
        .values("channel")
        .annotate(n=Count("id"), people=Sum("attendees"))
        .order_by("-n", "channel")
    )
    forms = dict(Commendation.Form.choices)
    commendation_window = record_window(
        COMPUTATIONS["commendation.collective"], start, end
    ) | record_window(COMPUTATIONS["commendation.individual"], start, end)
    commendations = tuple(
        (str(forms.get(r["form"], r["form"])), r["n"])
        for r in within(Commendation.objects.filter(commendation_window), units)
        .values("form")
        .annotate(n=Count("id"))
        .order_by("-n", "form")
    )
    clusters = within(
        SafetyCluster.objects.filter(
            Q(established_on__isnull=True) | Q(established_on__lte=end)
        ).filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end)),
        units,
    )
    members = (
        ClusterMember.objects.filter(cluster__in=clusters)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
    )
    member_kinds = dict(ClusterMember.Kind.choices)
    military = tuple(
        (str(member_kinds.get(r["kind"], r["kind"])), r["n"])
        for r in members.filter(is_military=True)
        .values("kind")
        .annotate(n=Count("id"))
        .order_by("-n", "kind")
    )
    activity_kinds = dict(ClusterActivity.Kind.choices)
    activities = tuple(
        (str(activity_kinds.get(r["kind"], r["kind"])), r["n"], r["people"] or 0)
        for r in ClusterActivity.objects.filter(
            cluster__in=clusters, held_on__gte=start, held_on__lte=end
        )
        .values("kind")
        .annotate(n=Count("id"), people=Sum("participants"))
        .order_by("-n", "kind")
    )
    cluster_summary = ClusterSummary(
        clusters.count(),
        members.count(),
        sum(n for _, n in military),
        military,
        activities,
    )
    in_span = Q(valid_from__isnull=True) | Q(valid_from__lte=end)
    in_span &= Q(valid_to__isnull=True) | Q(valid_to__gt=end)
    level_counts = dict(
        within(Unit.objects.filter(in_span), units)
        .values("level__code")
        .annotate(n=Count("id"))
        .values_list("level__code", "n")
    )
    return SummaryRegistries(
        models=models,
        groups_by_kind=groups,
        core_force=str(dict(CoreForce.choices).get(core["core_force"], "")) if core else "",
        propaganda_by_channel=propaganda,
        commendations_by_form=commendations,
        clusters=cluster_summary,
        communes=level_counts.get("commune", 0),
        residential_areas=level_counts.get("residential", 0),
        groups_founded=founded,
    )
