"""The registry import's Python check of CHECK constraints agrees with the database's (the plain
ORM's ``CheckConstraint.validate``), row by row."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from clusters.models import ClusterMember
from movement.models import PropagandaSession, SafetyRecognition, SelfManagementGroup, Unit
from movement.resources.bulk import check_constraints, holds

pytestmark = pytest.mark.django_db


def instances():
    unit = Unit.objects.get(code="06742", valid_from=None)
    day = dt.date(2022, 8, 15)
    return [
        PropagandaSession(unit=unit, held_on=day, topic="a", attendees=5, leaflets=0, documents=0),
        PropagandaSession(unit=unit, held_on=day, topic="a", attendees=-1, leaflets=0, documents=3),
        SelfManagementGroup(unit=unit, name="t", kind="clan", founded_on=day, dissolved_on=None),
        SelfManagementGroup(
            unit=unit, name="t", kind="clan", founded_on=day, dissolved_on=dt.date(2020, 1, 1)
        ),
        SelfManagementGroup(unit=unit, name="t", kind="clan", founded_on=day, dissolved_on=day),
        SafetyRecognition(unit=unit, year=2022, subject_kind="agency", subject_name="UBND"),
        SafetyRecognition(unit=unit, year=1999, subject_kind="agency", subject_name=""),
        SafetyRecognition(
            unit=unit,
            year=2022,
            subject_kind="agency",
            subject_name="Đồn",
            is_military=True,
            result="recognised",
        ),
        ClusterMember(name="Đồn biên phòng", kind="border_post", is_military=False),
        ClusterMember(name="Đồn biên phòng", kind="border_post", is_military=True),
    ]


def test_python_and_the_database_agree_on_every_check_constraint():
    compared = 0
    for instance in instances():
        for constraint in instance._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            try:
                constraint.validate(type(instance), instance)
                database = True
            except ValidationError:
                database = False
            assert (holds(constraint.condition, instance) is not False) == database, (
                type(instance).__name__,
                constraint.name,
            )
            compared += 1
    assert compared >= 25


def test_a_broken_check_names_its_message():
    unit = Unit.objects.get(code="06742", valid_from=None)
    session = PropagandaSession(
        unit=unit, held_on=dt.date(2022, 1, 1), topic="x", attendees=-2, leaflets=0, documents=0
    )
    with pytest.raises(ValidationError) as raised:
        check_constraints(session)
    assert "Số lượt người nghe" in str(raised.value)
