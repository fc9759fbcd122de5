"""`manage.py rebuild_rollups` puts back roll-ups that drifted (e.g. after a raw restore)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from reports.rollups.models import OwnPeriodValue, SubtreePeriodValue

pytestmark = pytest.mark.django_db


def test_rebuild_restores_the_roll_ups_exactly():
    before_own = sorted(OwnPeriodValue.objects.values_list(*_fields(OwnPeriodValue)))
    before_sub = sorted(SubtreePeriodValue.objects.values_list(*_fields(SubtreePeriodValue)))
    assert before_own and before_sub
    SubtreePeriodValue.objects.all().delete()
    OwnPeriodValue.objects.filter(pk__in=OwnPeriodValue.objects.values("pk")[:5]).delete()

    call_command("rebuild_rollups", verbosity=0)

    assert sorted(OwnPeriodValue.objects.values_list(*_fields(OwnPeriodValue))) == before_own
    assert (
        sorted(SubtreePeriodValue.objects.values_list(*_fields(SubtreePeriodValue))) == before_sub
    )


def _fields(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name != "id"]
