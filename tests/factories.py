"""Small builders: one valid object of each scoped model, attached to a given unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from itertools import count

from clusters.models import ClusterActivity, ClusterMember, SafetyCluster
from movement.models import (
    Commendation,
    FestivalEvent,
    GroupMember,
    Indicator,
    IndicatorValue,
    MovementModel,
    PeriodReport,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
    UnitLevel,
)
from movement.periods import Period

_seq = count(1)


def residential_area(commune: Unit, name: str | None = None) -> Unit:
    n = next(_seq)
    return Unit.objects.create(
        level=UnitLevel.objects.get(code="residential"),
        code="",
        name=name or f"Khu {n}",
        kind="Khu phố",
        parent=commune,
    )


def group(unit: Unit, **kw) -> SelfManagementGroup:
    n = next(_seq)
    return SelfManagementGroup.objects.create(
        unit=unit,
        name=kw.pop("name", f"Tổ tự quản số {n}"),
        kind=kw.pop("kind", "people_antt"),
        member_count=kw.pop("member_count", 7),
        **kw,
    )


def member(unit: Unit, **kw) -> GroupMember:
    return GroupMember.objects.create(
        group=kw.pop("group", None) or group(unit),
        full_name=kw.pop("full_name", f"Thành viên {next(_seq)}"),
        **kw,
    )


def movement_model(unit: Unit, **kw) -> MovementModel:
    return MovementModel.objects.create(
        unit=unit,
        name=kw.pop("name", f"Mô hình {next(_seq)}"),
        year_recognised=kw.pop("year_recognised", 2022),
        **kw,
    )


def festival(unit: Unit, **kw) -> FestivalEvent:
    return FestivalEvent.objects.create(
        unit=unit,
        held_on=kw.pop("held_on", dt.date(2022, 8, 15)),
        participants=kw.pop("participants", 100),
        **kw,
    )


def commendation(unit: Unit, **kw) -> Commendation:
    return Commendation.objects.create(
        unit=unit,
        recipient_kind=kw.pop("recipient_kind", "collective"),
        recipient_name=kw.pop("recipient_name", f"Tập thể {next(_seq)}"),
        form=kw.pop("form", "giay_khen"),
        authority=kw.pop("authority", "UBND huyện"),
        decision_date=kw.pop("decision_date", dt.date(2022, 8, 15)),
        **kw,
    )


def propaganda(unit: Unit, **kw) -> PropagandaSession:
    return PropagandaSession.objects.create(
        unit=unit,
        held_on=kw.pop("held_on", dt.date(2022, 3, 10)),
        channel=kw.pop("channel", "village_meeting"),
        topic=kw.pop("topic", f"Tuyên truyền phòng chống tội phạm {next(_seq)}"),
        attendees=kw.pop("attendees", 40),
        **kw,
    )


def recognition(unit: Unit, **kw) -> SafetyRecognition:
    return SafetyRecognition.objects.create(
        unit=unit,
        year=kw.pop("year", 2022),
        subject_kind=kw.pop("subject_kind", "enterprise"),
        subject_name=kw.pop("subject_name", f"Doanh nghiệp {next(_seq)}"),
        **kw,
    )


def cluster(unit: Unit, **kw) -> SafetyCluster:
    return SafetyCluster.objects.create(
        host_unit=unit, name=kw.pop("name", f"Cụm {next(_seq)}"), **kw
    )


def cluster_member(unit: Unit, **kw) -> ClusterMember:
    return ClusterMember.objects.create(
        cluster=kw.pop("cluster", None) or cluster(unit),
        name=kw.pop("name", f"Đơn vị {next(_seq)}"),
        kind=kw.pop("kind", "school"),
        **kw,
    )


def cluster_activity(unit: Unit, **kw) -> ClusterActivity:
    return ClusterActivity.objects.create(
        cluster=kw.pop("cluster", None) or cluster(unit),
        kind="briefing",
        held_on=dt.date(2022, 5, 1),
        title=f"Giao ban {next(_seq)}",
        **kw,
    )


def report(unit: Unit, year: int | None = None, **kw) -> PeriodReport:
    if year is None:
        # A month of the 1990s nobody else uses, so each call gets its own period.
        n = next(_seq)
        period = Period.of("month", 1990 + n // 12 % 10, n % 12 + 1)
    else:
        period = Period.of("year", year)
    return PeriodReport.objects.create(
        unit=unit, period_kind=period.kind, period_start=period.start, period_end=period.end, **kw
    )


def indicator_value(unit: Unit, **kw) -> IndicatorValue:
    rep = kw.pop("report", None) or report(unit)
    indicator = kw.pop("indicator", None) or Indicator.objects.get(code="tips_received")
    return IndicatorValue.objects.create(
        report=rep, indicator=indicator, value=kw.pop("value", Decimal(5))
    )


BUILDERS: dict[str, Callable[..., object]] = {
    "movement.selfmanagementgroup": group,
    "movement.groupmember": member,
    "movement.movementmodel": movement_model,
    "movement.festivalevent": festival,
    "movement.commendation": commendation,
    "movement.propagandasession": propaganda,
    "movement.safetyrecognition": recognition,
    "movement.periodreport": report,
    "movement.indicatorvalue": indicator_value,
    "clusters.safetycluster": cluster,
    "clusters.clustermember": cluster_member,
    "clusters.clusteractivity": cluster_activity,
}
