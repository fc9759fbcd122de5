"""The dashboard's breakdowns: records by kind, channel, form... over a period."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Sum, When
from django.db.models.functions import ExtractMonth

from movement.computations import COMPUTATIONS
from movement.models import Unit
from movement.periods import Period
from reports.rollups.models import RecordSource, SubtreeRecordValue

# --- Breakdowns ----------------------------------------------------------------------------------
from reports.selectors.compiled import Stand, run
from reports.selectors.core import as_date, record_window
from reports.selectors.scope import coverage, within


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    count: int
    amount: int | None = None  # participants, members... when the breakdown has one
    highlighted: bool = False


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    count_label: str
    amount_label: str | None
    rows: tuple[BreakdownRow, ...]


def _breakdown_rollups(units: Sequence[Unit], start: dt.date, end: dt.date) -> dict[str, list]:
    """Rows of the record breakdowns from the roll-ups, in one query (``breakdowns`` shows them)."""
    flows = [RecordSource.PROPAGANDA, RecordSource.FESTIVAL, RecordSource.COMMENDATION]

    def build(stands: list[Stand], windows: list[tuple[dt.date, dt.date]]) -> QuerySet:
        first, last = windows[0]
        return (
            SubtreeRecordValue.objects.filter(unit_id__in=[s.pk for s in stands])
            .filter(
                Q(source__in=flows, month__gte=first, month__lte=last)
                | Q(source=RecordSource.GROUP_ACTIVE, month__lte=last)
            )
            .values(
                "source",
                "category",
                # Festivals by month; every other source by category only.
                by_month=Case(When(source=RecordSource.FESTIVAL, then="month"), default=None),
            )
            .annotate(n=Sum("count"), amount=Sum("amount"))
            .order_by()
        )

    rows = run(("rollup-breakdowns",), build, units, [(start, end)])
    parts: dict[str, dict] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        festival = row["source"] == RecordSource.FESTIVAL
        key = as_date(row["by_month"]).month if festival else row["category"]
        part = parts[row["source"]][key]
        part[0] += int(row["n"] or 0)
        part[1] += int(row["amount"] or 0)

    def ranked(source: str, name: str) -> list[dict]:
        found = [
            {name: key, "n": n, "amount": amount}
            for key, (n, amount) in parts[source].items()
            if n > 0
        ]
        return sorted(found, key=lambda r: (-r["n"], r[name]))

    return {
        "propaganda": ranked(RecordSource.PROPAGANDA, "channel"),
        "groups": ranked(RecordSource.GROUP_ACTIVE, "kind"),
        "festivals": [
            {"month": month, "n": n, "amount": amount}
            for month, (n, amount) in sorted(parts[RecordSource.FESTIVAL].items())
        ],
        "commendations": ranked(RecordSource.COMMENDATION, "form"),
    }


def breakdowns(
    unit: Unit, period: Period, *, direct: bool = False, units: Sequence[Unit] | None = None
) -> tuple[Breakdown, ...]:
    """Records of the period by channel, kind, month, form; ``direct`` reads the registries."""
    from clusters.models import ClusterMember
    from movement.models import Commendation, FestivalEvent, PropagandaSession, SelfManagementGroup

    units = units or coverage(unit)
    window = [(period.start, period.end)]

    def propaganda_q(stands, windows):
        start, end = windows[0]
        return (
            within(PropagandaSession.objects.filter(held_on__gte=start, held_on__lte=end), stands)
            .values("channel")
            .annotate(n=Count("id"), amount=Sum("attendees"))
            .order_by("-n", "channel")
        )

    def groups_q(stands, windows):
        return (
            within(
                SelfManagementGroup.objects.filter(
                    record_window(COMPUTATIONS["group.active"], *windows[0])
                ),
                stands,
            )
            .values("kind")
            .annotate(n=Count("id"), amount=Sum("member_count"))
            .order_by("-n", "kind")
        )

    def members_q(stands, windows):
        end = windows[0][1]
        return (
            within(
                ClusterMember.objects.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=end))
                .filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
                .filter(
                    Q(cluster__established_on__isnull=True) | Q(cluster__established_on__lte=end)
                ),
                stands,
            )
            .values("kind")
            .annotate(n=Count("id"), military=Count("id", filter=Q(is_military=True)))
            .order_by("-n", "kind")
        )

    def festivals_q(stands, windows):
        start, end = windows[0]
        return (
            within(FestivalEvent.objects.filter(held_on__gte=start, held_on__lte=end), stands)
            .annotate(month=ExtractMonth("held_on"))
            .values("month")
            .annotate(n=Count("id"), amount=Sum("participants"))
            .order_by("month")
        )

    def commendations_q(stands, windows):
        return (
            within(
                Commendation.objects.filter(
                    record_window(COMPUTATIONS["commendation.collective"], *windows[0])
                    | record_window(COMPUTATIONS["commendation.individual"], *windows[0])
                ),
                stands,
            )
            .values("form")
            .annotate(n=Count("id"), amount=Count("id", filter=Q(recipient_kind="individual")))
            .order_by("-n", "form")
        )

    channel = dict(PropagandaSession.Channel.choices)
    kinds = dict(SelfManagementGroup.Kind.choices)
    member_kinds = dict(ClusterMember.Kind.choices)
    forms = dict(Commendation.Form.choices)
    members = run(("b-members",), members_q, units, window)
    if direct:
        propaganda = run(("b-propaganda",), propaganda_q, units, window)
        groups = run(("b-groups",), groups_q, units, window)
        festivals = [
            r | {"month": int(r["month"])}
            for r in run(("b-festivals",), festivals_q, units, window)
        ]
        commendations = run(("b-commendations",), commendations_q, units, window)
    else:
        parts = _breakdown_rollups(units, period.start, period.end)
        propaganda, groups = parts["propaganda"], parts["groups"]
        festivals, commendations = parts["festivals"], parts["commendations"]
    return (
        Breakdown(
            "propaganda",
            "Tuyên truyền theo hình thức",
            "Số buổi, đợt",
            "Lượt người nghe",
            tuple(
                BreakdownRow(
                    r["channel"],
                    str(channel.get(r["channel"], r["channel"])),
                    r["n"],
                    r["amount"] or 0,
                )
                for r in propaganda
            ),
        ),
        Breakdown(
            "groups",
            "Tổ tự quản đang hoạt động theo loại",
            "Số tổ",
            "Thành viên",
            tuple(
                BreakdownRow(
                    r["kind"], str(kinds.get(r["kind"], r["kind"])), r["n"], r["amount"] or 0
                )
                for r in groups
            ),
        ),
        Breakdown(
            "cluster_members",
            "Đơn vị thành viên cụm địa bàn an toàn theo loại",
            "Số đơn vị",
            "Trong đó quân đội",
            tuple(
                BreakdownRow(
                    r["kind"],
                    str(member_kinds.get(r["kind"], r["kind"])),
                    r["n"],
                    r["military"],
                    r["military"] > 0,
                )
                for r in members
            ),
        ),
        Breakdown(
            "festivals",
            "Ngày hội toàn dân bảo vệ ANTQ theo tháng",
            "Số ngày hội",
            "Lượt người tham gia",
            tuple(
                BreakdownRow(str(r["month"]), f"Tháng {r['month']}", r["n"], r["amount"] or 0)
                for r in festivals
            ),
        ),
        Breakdown(
            "commendations",
            "Khen thưởng theo hình thức",
            "Số lượt khen",
            "Trong đó cá nhân",
            tuple(
                BreakdownRow(r["form"], str(forms.get(r["form"], r["form"])), r["n"], r["amount"])
                for r in commendations
            ),
        ),
    )
