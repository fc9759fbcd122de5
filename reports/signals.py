"""Keep the roll-ups current whatever writes the data: model signals and the bulk-import signal."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from movement.models import IndicatorValue, PeriodReport, Unit
from movement.signals import period_values_changed
from reports import rollups

# Reports being deleted: their values' own deletions need no refresh of their own.
_deleting: set[int] = set()


@receiver(pre_save, sender=PeriodReport)
def remember_report_place(sender: type, instance: PeriodReport, **kwargs: Any) -> None:
    """A report moved to another unit or year leaves its old place to refresh too."""
    instance._rollup_old = None
    if instance.pk:
        instance._rollup_old = (
            PeriodReport.objects.filter(pk=instance.pk)
            .values_list("unit_id", "period_start")
            .first()
        )


@receiver(post_save, sender=PeriodReport)
def report_saved(sender: type, instance: PeriodReport, **kwargs: Any) -> None:
    pairs = {(instance.unit_id, instance.period_start.year)}
    old = getattr(instance, "_rollup_old", None)
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
