"""What makes a 10,000-row registry file fast (DESIGN §11): the rows a file may update are read
once, constraints are checked in Python, and new and changed rows are written in bulk with their
history, the roll-ups refreshed once per unit.

Kept apart from the resources' business rules: each piece has a plain-ORM equivalent
(``get_instance`` by query, ``CheckConstraint.validate``, ``save()``) that tests compare with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from movement.signals import defer_records_changed

CHANGE_REASON = "Nhập từ tệp"


class Unsupported(Exception):
    """A condition this evaluator does not know: the database decides instead."""


def key_part(value: Any) -> Any:
    """A natural key's part as a dictionary key: related objects by primary key."""
    if isinstance(value, models.Model):
        return ("pk", value.pk)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _value(instance: models.Model, name: str) -> Any:
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname)


def _compare(value: Any, op: str, expected: Any) -> bool | None:
    if op == "isnull":
        return (value is None) == bool(expected)
    if value is None or expected is None:
        return None  # SQL: unknown, which a CHECK lets pass
    numbers = (int, float, Decimal)
    if (
        isinstance(value, numbers)
        and isinstance(expected, numbers)
        and not isinstance(value, bool)
        and not isinstance(expected, bool)
    ):
        value, expected = Decimal(str(value)), Decimal(str(expected))
    if op == "exact":
        return value == expected
    if op == "gt":
        return value > expected
    if op == "gte":
        return value >= expected
    if op == "lt":
        return value < expected
    if op == "lte":
        return value <= expected
    if op == "in":
        return value in expected
    raise Unsupported(op)


def holds(condition: Q, instance: models.Model) -> bool | None:
    """SQL's three-valued truth of ``condition`` for ``instance`` (None: unknown)."""
    results: list[bool | None] = []
    for child in condition.children:
        if isinstance(child, Q):
            result = holds(child, instance)
        else:
            lookup, expected = child
            name, _, op = lookup.partition("__")
            if "__" in op:
                raise Unsupported(lookup)
            if isinstance(expected, F):
                expected = _value(instance, expected.name)
            elif hasattr(expected, "resolve_expression"):
                raise Unsupported(lookup)
            result = _compare(_value(instance, name), op or "exact", expected)
        results.append(result)
    if condition.connector == Q.AND:
        out = False if False in results else (None if None in results else True)
    else:
        out = True if True in results else (None if None in results else False)
    if condition.negated and out is not None:
        out = not out
    return out


def check_constraints(instance: models.Model) -> None:
    """``instance.validate_constraints()`` without a query per CHECK (unique ones still query)."""
    errors: dict[str, list[ValidationError]] = {}
    for constraint in instance._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                result = holds(constraint.condition, instance)
            except Unsupported:
                result = None
                try:
                    constraint.validate(type(instance), instance)
                except ValidationError as exc:
                    errors.setdefault(NON_FIELD_ERRORS, []).append(exc)
                continue
            if result is False:
                errors.setdefault(NON_FIELD_ERRORS, []).append(
                    ValidationError(
                        constraint.get_violation_error_message(),
                        code=constraint.violation_error_code,
                    )
                )
        else:
            try:
                constraint.validate(type(instance), instance)
            except ValidationError as exc:
                errors.setdefault(NON_FIELD_ERRORS, []).append(exc)
    if errors:
        raise ValidationError(errors)


def _prepare(instances: Iterable[models.Model]) -> None:
    for instance in instances:
        if hasattr(instance, "normalize_text"):
            instance.normalize_text()
            instance.search_text = instance.build_search_text()


def _announce(model: type[models.Model], instances: list[models.Model]) -> None:
    from movement.models import scope_unit_of

    units = {getattr(scope_unit_of(i), "pk", None) for i in instances}
    defer_records_changed(units)
    if model.__name__ == "FestivalEvent":
        # Commendations without a decision date count on their festival's day.
        from movement.models import Commendation

        pks = [i.pk for i in instances if i.pk]
        defer_records_changed(
            Commendation.objects.filter(festival_id__in=pks).values_list("unit_id", flat=True)
        )


def create_all(model: type[models.Model], instances: list[models.Model], user: Any) -> None:
    """New rows and their "+" history rows, in multi-row statements."""
    if not instances:
        return
    _prepare(instances)
    bulk_create_with_history(
        instances,
        model,
        batch_size=500,
        default_user=user if getattr(user, "pk", None) else None,
        default_change_reason=CHANGE_REASON,
    )
    _announce(model, instances)


def update_all(model: type[models.Model], instances: list[models.Model], user: Any) -> None:
    """Changed rows (only those) and their "~" history rows."""
    if not instances:
        return
    _prepare(instances)
    names = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in ("created_at",)
    ]
    now = timezone.now()
    for instance in instances:
        if hasattr(instance, "updated_at"):
            instance.updated_at = now
    bulk_update_with_history(
        instances,
        model,
        names,
        batch_size=500,
        default_user=user if getattr(user, "pk", None) else None,
        default_change_reason=CHANGE_REASON,
    )
    _announce(model, instances)
