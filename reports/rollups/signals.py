"""Keep the roll-ups current whatever writes the data: model signals and the bulk-write signals."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from movement.models import (
    Commendation,
    FestivalEvent,
    IndicatorValue,
    PeriodReport,
    ReportStatus,
    Unit,
)
from movement.signals import defer_records_changed, period_values_changed, records_changed
from reports.rollups import periods as rollups
from reports.rollups import records as record_rollups

# Reports being deleted: their values' own deletions need no refresh of their own.
_deleting: set[int] = set()


# What places a report in the roll-ups: a save that changes none of these leaves them as they are.
_PLACING = frozenset({"unit", "unit_id", "period_kind", "period_start", "status"})


@receiver(pre_save, sender=PeriodReport)
def remember_report_place(
    sender: type, instance: PeriodReport, update_fields: Any = None, **kwargs: Any
) -> None:
    """A report moved to another unit or year leaves its old place to refresh too."""
    instance._rollup_old = None
    instance._rollup_untouched = update_fields is not None and not (_PLACING & set(update_fields))
    if instance.pk and not instance._rollup_untouched:
        instance._rollup_old = (
            PeriodReport.objects.filter(pk=instance.pk)
            .values_list("unit_id", "period_start", "status")
            .first()
        )


@receiver(post_save, sender=PeriodReport)
def report_saved(sender: type, instance: PeriodReport, **kwargs: Any) -> None:
    """Only approved reports count: a save of a report neither approved before nor now (a
    draft saved, submitted or returned), or one that changes nothing that places it, changes
    no figure and costs no query here."""
    if getattr(instance, "_rollup_untouched", False):
        return
    old = getattr(instance, "_rollup_old", None)
    if instance.status != ReportStatus.APPROVED and (
        old is None or old[2] != ReportStatus.APPROVED
    ):
        return
    pairs = {(instance.unit_id, instance.period_start.year)}
    if old:
        pairs.add((old[0], old[1].year))
    rollups.refresh(pairs)


@receiver(pre_delete, sender=PeriodReport)
def report_deleting(sender: type, instance: PeriodReport, **kwargs: Any) -> None:
    _deleting.add(instance.pk)


@receiver(post_delete, sender=PeriodReport)
def report_deleted(sender: type, instance: PeriodReport, **kwargs: Any) -> None:
    _deleting.discard(instance.pk)
    rollups.refresh({(instance.unit_id, instance.period_start.year)})


@receiver(post_save, sender=IndicatorValue)
@receiver(post_delete, sender=IndicatorValue)
def value_changed(sender: type, instance: IndicatorValue, **kwargs: Any) -> None:
    if instance.report_id in _deleting:
        return
    place = (
        PeriodReport.objects.filter(pk=instance.report_id, status="approved")
        .values_list("unit_id", "period_start")
        .first()
    )
    if place:
        rollups.refresh({(place[0], place[1].year)})


@receiver(period_values_changed)
def values_written_in_bulk(sender: Any, report_ids: list[int] | None = None, **kwargs: Any) -> None:
    if kwargs.get("everything"):
        rollups.rebuild()
        return
    rollups.refresh(rollups.report_pairs(report_ids or []))


@receiver(pre_save, sender=Unit)
def remember_unit_parent(sender: type, instance: Unit, **kwargs: Any) -> None:
    instance._rollup_parent = (
        Unit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Unit)
def unit_moved(sender: type, instance: Unit, created: bool, **kwargs: Any) -> None:
    """A unit moved under another parent carries its subtree's figures: recompute the sums."""
    if not created and getattr(instance, "_rollup_parent", None) != instance.parent_id:
        rollups.rebuild_subtree()
        record_rollups.rebuild_subtree()


# --- Records --------------------------------------------------------------------------------------


def _record_pre_save(sender: type, instance: Any, **kwargs: Any) -> None:
    """A record moved to another unit leaves its old unit to refresh too."""
    instance._rollup_old_unit = (
        sender.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
        if instance.pk
        else None
    )


def _record_changed(sender: type, instance: Any, **kwargs: Any) -> None:
    units = {instance.unit_id, getattr(instance, "_rollup_old_unit", None)}
    if defer_records_changed(units):
        return
    record_rollups.refresh(
        (u, source) for u in units if u for source in record_rollups.SOURCES_OF[sender]
    )


for _model in record_rollups.SOURCES_OF:
    uid = f"record_rollups_{_model._meta.label_lower}"
    pre_save.connect(_record_pre_save, sender=_model, dispatch_uid=uid)
    post_save.connect(_record_changed, sender=_model, dispatch_uid=uid)
    post_delete.connect(_record_changed, sender=_model, dispatch_uid=uid)


def _festival_commendations(festival: FestivalEvent) -> set[int]:
    return set(Commendation.objects.filter(festival=festival).values_list("unit_id", flat=True))


@receiver(post_save, sender=FestivalEvent)
def festival_saved(sender: type, instance: FestivalEvent, **kwargs: Any) -> None:
    """Commendations without a decision date count on their festival's day."""
    units = _festival_commendations(instance)
    if defer_records_changed(units):
        return
    record_rollups.refresh((u, record_rollups.RecordSource.COMMENDATION) for u in units)


@receiver(pre_delete, sender=FestivalEvent)
def festival_deleting(sender: type, instance: FestivalEvent, **kwargs: Any) -> None:
    instance._rollup_commendation_units = _festival_commendations(instance)


@receiver(post_delete, sender=FestivalEvent)
def festival_deleted(sender: type, instance: FestivalEvent, **kwargs: Any) -> None:
    # The commendations lost their festival (SET_NULL, no signal of their own).
    units = getattr(instance, "_rollup_commendation_units", set())
    if defer_records_changed(units):
        return
    record_rollups.refresh((u, record_rollups.RecordSource.COMMENDATION) for u in units)


@receiver(records_changed)
def records_written_in_bulk(sender: Any, unit_ids: list[int] | None = None, **kwargs: Any) -> None:
    if kwargs.get("everything"):
        record_rollups.rebuild()
        return
    record_rollups.refresh_units(unit_ids or [])
