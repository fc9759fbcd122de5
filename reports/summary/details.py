"""What the báo cáo tổng kết says beyond totals, read once per document: the notes of the
approved figures ("01 khẩu súng hơi cồn tự chế"), where a model works inside its commune, the
military members of the clusters by name, the festivals with their date and guests, who
conferred the commendations, which communes have no group or model, which years have an
approved yearly report, the unit's facts and signing authority.

Totals are not read here: they come from ``reports.selectors`` like the dashboard's.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from movement.computations import COMPUTATIONS
from movement.models import (
    Commendation,
    FestivalEvent,
    IndicatorValue,
    MovementModel,
    PeriodReport,
    ReportSchedule,
    ReportStatus,
    SelfManagementGroup,
    Unit,
    UnitFacts,
)
from movement.periods import Period, PeriodKind, Span
from reports.selectors.core import record_window
from reports.selectors.scope import within

FESTIVALS_NAMED = 3  # up to this many festivals are told one by one (date, place, guests)


@dataclass(frozen=True)
class Festival:
    day: dt.date
    title: str
    place: str
    guests: str
    participants: int | None
    unit_name: str = ""


@dataclass(frozen=True)
class Details:
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    model_places: dict[str, str] = field(default_factory=dict, hash=False)
    military: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind label, member names)
    festivals: tuple[Festival, ...] = ()  # only when the span has FESTIVALS_NAMED or fewer
    authorities: tuple[str, ...] = ()  # who conferred the commendations, highest level first
    communes: tuple[str, ...] = ()  # commune-level units at the end of the span
    communes_with_groups: frozenset[str] = frozenset()
    communes_with_models: frozenset[str] = frozenset()
    report_years: frozenset[int] = frozenset()  # years with an approved yearly report
    late_reports: tuple[tuple[str, int], ...] = ()  # (unit, year) sent after the deadline
    exemplars: tuple[str, ...] = ()  # exemplars and models recognised in the span, real names
    facts: UnitFacts | None = None


PLACEHOLDER = re.compile(r"\bsố \d+$")


def is_placeholder(name: str) -> bool:
    """Demo and imported registries name unnamed records "Mô hình tự quản về ANTT số 3"."""
    return bool(PLACEHOLDER.search(name.strip()))


AUTHORITY_RANK = [
    ("thủ tướng", 0),
    ("bộ trưởng", 1),
    ("bộ công an", 1),
    ("ubnd tỉnh", 2),
    ("ủy ban nhân dân tỉnh", 2),
    ("chủ tịch ubnd tỉnh", 2),
    ("giám đốc công an tỉnh", 3),
    ("công an tỉnh", 3),
    ("ubnd huyện", 4),
    ("ubnd thành phố", 4),
    ("ubnd thị xã", 4),
    ("công an huyện", 5),
    ("ubnd xã", 6),
]


def authority_rank(name: str) -> int:
    low = name.lower()
    return next((rank for key, rank in AUTHORITY_RANK if low.startswith(key)), 9)


def short_authority(name: str) -> str:
    """``UBND tỉnh Thanh Hóa`` → ``UBND tỉnh``: inside the report of a unit of that province the
    name of the province goes without saying."""
    for key in ("UBND tỉnh", "UBND huyện", "UBND thành phố", "UBND thị xã", "Công an tỉnh"):
        if name.startswith(key):
            return key
    match = re.match(r"(Giám đốc Công an tỉnh|Trưởng Công an huyện)\b", name)
    return match[1] if match else name


def _commune_of(path: str, communes: dict[str, str]) -> str | None:
    for prefix, name in communes.items():
        if path.startswith(prefix):
            return name
    return None


def report_details(
    units: Sequence[Unit], span: Span, *, unit: Unit | None, cluster=None
) -> Details:
    """The details of the report of ``unit`` (or of ``cluster``) over ``span``."""
    from clusters.models import ClusterMember, SafetyCluster

    start, end = span.start, span.end
    years = [*span.previous().years, *span.years]
    notes: dict[str, list[str]] = defaultdict(list)
    for code, note in (
        within(IndicatorValue.objects.exclude(note=""), units)
        .filter(
            report__status=ReportStatus.APPROVED,
            report__period_kind=PeriodKind.YEAR,
            report__period_start__gte=start,
            report__period_start__lte=end,
        )
        .order_by("report__period_start")
        .values_list("indicator__code", "note")
    ):
        notes[code].append(note)
    model_places = dict(
        within(MovementModel.objects.filter(year_recognised__lte=end.year), units)
        .filter(year_recognised__gte=start.year)
        .exclude(group__note="")
        .exclude(group__isnull=True)
        .values_list("name", "group__note")
    )
    clusters = (
        SafetyCluster.objects.filter(pk=cluster.pk)
        if cluster is not None
        else within(SafetyCluster.objects.all(), units)
    )
    clusters = clusters.filter(Q(established_on__isnull=True) | Q(established_on__lte=end)).filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=end)
    )
    member_kinds = dict(ClusterMember.Kind.choices)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, name in (
        ClusterMember.objects.filter(cluster__in=clusters, is_military=True)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
        .order_by("kind", "name")
        .values_list("kind", "name")
    ):
        by_kind[str(member_kinds.get(kind, kind))].append(name)
    military = tuple(
        sorted(((k, tuple(v)) for k, v in by_kind.items()), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    festival_qs = within(FestivalEvent.objects.filter(held_on__gte=start, held_on__lte=end), units)
    festival_rows = list(
        festival_qs.order_by("held_on").values_list(
            "held_on", "title", "place", "guests", "participants", "unit__name"
        )[: FESTIVALS_NAMED + 1]
    )
    festivals = (
        tuple(Festival(*row) for row in festival_rows)
        if len(festival_rows) <= FESTIVALS_NAMED
        else ()
    )
    window = record_window(COMPUTATIONS["commendation.collective"], start, end) | record_window(
        COMPUTATIONS["commendation.individual"], start, end
    )
    authorities = sorted(
        {
            a
            for a in within(Commendation.objects.filter(window), units)
            .exclude(authority="")
            .values_list("authority", flat=True)
        },
        key=lambda a: (authority_rank(a), a),
    )
    in_span = Q(valid_from__isnull=True) | Q(valid_from__lte=end)
    in_span &= Q(valid_to__isnull=True) | Q(valid_to__gt=end)
    communes = dict(
        within(Unit.objects.filter(in_span, level__code="commune"), units)
        .order_by("path")
        .values_list("path", "name")
    )
    groups = within(
        SelfManagementGroup.objects.filter(record_window(COMPUTATIONS["group.active"], start, end)),
        units,
    )
    with_groups = {
        _commune_of(p, communes)
        for p in groups.values_list("unit__path", flat=True).distinct().order_by()
    }
    models = within(MovementModel.objects.filter(year_recognised__lte=end.year), units).exclude(
        status=MovementModel.Status.INACTIVE
    )
    with_models = {
        _commune_of(p, communes)
        for p in models.values_list("unit__path", flat=True).distinct().order_by()
    }
    exemplars = tuple(
        dict.fromkeys(
            name
            for name in models.filter(year_recognised__gte=start.year)
            .order_by("-kind", "year_recognised", "name")
            .values_list("name", flat=True)
            if not is_placeholder(name)
        )
    )
    yearly = list(
        within(
            PeriodReport.objects.filter(
                status=ReportStatus.APPROVED,
                period_kind=PeriodKind.YEAR,
                period_start__year__in=years,
            ),
            units,
        ).values_list("period_start", "submitted_at", "unit__name")
    )
    report_years = frozenset(start.year for start, _, _ in yearly)
    schedule = ReportSchedule.for_kind(PeriodKind.YEAR)
    late = sorted(
        (name, start.year)
        for start, sent, name in yearly
        if start.year in span.years
        and sent is not None
        and timezone.localdate(sent) > schedule.deadline(Period.of(PeriodKind.YEAR, start.year))
    )
    facts = UnitFacts.objects.in_force_on(unit, end) if unit is not None and not cluster else None
    return Details(
        notes={code: tuple(v) for code, v in notes.items()},
        model_places=model_places,
        military=military,
        festivals=festivals,
        authorities=tuple(authorities),
        communes=tuple(communes.values()),
        communes_with_groups=frozenset(n for n in with_groups if n),
        communes_with_models=frozenset(n for n in with_models if n),
        report_years=report_years,
        late_reports=tuple(late),
        exemplars=exemplars,
        facts=facts,
    )


NOTE_PART = re.compile(r"(\d[\d.]*)\s+([^;()]+?(?:\([^)]*\))?)\s*(?:;|$)")


def note_parts(notes: Sequence[str]) -> list[tuple[int, str]]:
    """The breakdown a figure's notes give, summed over the years: ``Tập huấn: 120 lượt cán bộ
    hội viên phụ nữ; 130 lượt hội viên cựu chiến binh`` of each year → the two totals.

    Empty unless every note splits into "number words" parts with the same words each year."""
    totals: dict[str, int] = {}
    labels: list[str] | None = None
    for note in notes:
        body = note.split(":", 1)[1] if ":" in note.split(";")[0] else note
        parts = [(int(m[1].replace(".", "")), m[2].strip()) for m in NOTE_PART.finditer(body)]
        if not parts:
            return []
        these = [label for _, label in parts]
        if labels is not None and these != labels:
            return []
        labels = these
        for n, label in parts:
            totals[label] = totals.get(label, 0) + n
    return [(n, label) for label, n in totals.items()]
