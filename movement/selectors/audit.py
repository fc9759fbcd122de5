"""Who changed what and when in a user's units: the history of every audited model (DESIGN §4).

django-simple-history keeps one table per model; the page reads them all in ONE query (a UNION
of their common columns, each part scoped to the user's units), then the page's rows and their
previous versions per model present, so the page costs a few queries whatever the history's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import CharField, F, Value
from django.utils import timezone

from movement.models import Indicator, Role, Unit, User, path_upper
from movement.periods import Period

# The national catalogue (indicators, rules, successions) is audited for superusers only.
CATALOGUE = {"movement.indicator", "movement.validationrule", "movement.unitsuccession"}
ACTIONS = {"+": "Thêm", "~": "Sửa", "-": "Xóa"}
SKIPPED_FIELDS = {"search_text", "path", "updated_at", "version", "created_at"}
# The export holds the newest changes only: older ones are read with the filters.
EXPORT_CAP = 20_000


@dataclass(frozen=True)
class AuditFilters:
    unit: Unit
    username: str = ""
    model: str = ""  # a model label, "" for all
    start: dt.date | None = None
    end: dt.date | None = None


def can_audit(user: User) -> bool:
    """Nhật ký thay đổi is for administrators and the steering committee (and superusers)."""
    if user.is_superuser:
        return True
    return user.unit_id is not None and (
        user.has_role(Role.ADMINISTRATOR) or user.has_role(Role.COMMITTEE)
    )


def filters_params(filters: AuditFilters) -> dict[str, Any]:
    """The filters as JSON (an export job's parameters)."""
    return {
        "unit": filters.unit.pk,
        "username": filters.username,
        "model": filters.model,
        "start": filters.start.isoformat() if filters.start else "",
        "end": filters.end.isoformat() if filters.end else "",
    }


def filters_from_params(user: User, params: dict[str, Any]) -> AuditFilters | None:
    """The filters back from JSON; None when the unit is no longer in the user's scope."""
    unit = Unit.objects.for_user(user).filter(pk=params.get("unit")).first()
    if unit is None:
        return None
    model = params.get("model") or ""
    return AuditFilters(
        unit=unit,
        username=params.get("username") or "",
        model=model if model in audited_models(user) else "",
        start=dt.date.fromisoformat(params["start"]) if params.get("start") else None,
        end=dt.date.fromisoformat(params["end"]) if params.get("end") else None,
    )


@dataclass
class AuditRow:
    at: dt.datetime
    action: str
    model_label: str
    model_name: str
    object_id: int
    object_text: str
    unit_name: str
    username: str
    reason: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)


def audited_models(user: User) -> dict[str, type[models.Model]]:
    """label → model, for every model with a history the user may audit."""
    found = {}
    for model in apps.get_models():
        history = getattr(model, "history", None)
        if (
            history is None
            or not hasattr(history, "model")
            or model.__name__.startswith("Historical")
        ):
            continue
        label = model._meta.label_lower
        if label in CATALOGUE and not user.is_superuser:
            continue
        found[label] = model
    return dict(sorted(found.items(), key=lambda kv: str(kv[1]._meta.verbose_name)))


def _scope_lookup(model: type[models.Model]) -> str | None:
    if model is Unit:
        return "path"
    return getattr(model, "scope_path", None)


def _history_part(model: type[models.Model], filters: AuditFilters) -> models.QuerySet | None:
    lookup = _scope_lookup(model)
    qs = model.history.all()
    if model is Unit:  # its history keeps no path: the units of the subtree, by id
        qs = qs.filter(id__in=Unit.objects.within(filters.unit).values("pk"))
    elif lookup is not None:
        path = filters.unit.path
        qs = qs.filter(**{f"{lookup}__gte": path, f"{lookup}__lt": path_upper(path)})
    elif model._meta.label_lower not in CATALOGUE:
        return None
    if filters.username:
        qs = qs.filter(history_user__username=filters.username)
    if filters.start:
        qs = qs.filter(history_date__date__gte=filters.start)
    if filters.end:
        qs = qs.filter(history_date__date__lte=filters.end)
    if lookup is None:
        unit_name = Value("", output_field=CharField())
    elif lookup == "path":
        unit_name = F("name")
    else:
        unit_name = F(lookup.removesuffix("path") + "name")
    return (
        qs.order_by()
        .annotate(
            label=Value(model._meta.label_lower, output_field=CharField()),
            unit_name=unit_name,
        )
        .values("history_id", "history_date", "label", "unit_name")
    )


def _union(user: User, filters: AuditFilters) -> models.QuerySet | None:
    models_ = audited_models(user)
    if filters.model:
        models_ = {k: v for k, v in models_.items() if k == filters.model}
    parts = [p for p in (_history_part(m, filters) for m in models_.values()) if p is not None]
    if not parts:
        return None
    first, *rest = parts
    return first.union(*rest, all=True) if rest else first


def audit_page(
    *, user: User, filters: AuditFilters, offset: int, limit: int
) -> tuple[list[AuditRow], bool]:
    """The rows ``offset`` … ``offset + limit`` (newest first) and whether more follow."""
    union = _union(user, filters)
    if union is None:
        return [], False
    keys = list(union.order_by("-history_date", "-history_id")[offset : offset + limit + 1])
    more = len(keys) > limit
    return _rows(user, keys[:limit]), more


def audit_count_upto(*, user: User, filters: AuditFilters, limit: int) -> int:
    """How many rows the filters select, counting no further than ``limit``."""
    union = _union(user, filters)
    return 0 if union is None else union.order_by()[:limit].count()


def audit_rows(*, user: User, filters: AuditFilters, cap: int) -> Iterator[AuditRow]:
    """Up to ``cap`` rows for the export, read in pages."""
    step = 500
    for offset in range(0, cap, step):
        rows, more = audit_page(
            user=user, filters=filters, offset=offset, limit=min(step, cap - offset)
        )
        yield from rows
        if not more:
            return


def _rows(user: User, keys: list[dict[str, Any]]) -> list[AuditRow]:
    by_label: dict[str, list[int]] = {}
    for key in keys:
        by_label.setdefault(key["label"], []).append(key["history_id"])
    records: dict[tuple[str, int], Any] = {}
    previous: dict[tuple[str, int], Any] = {}
    models_ = audited_models(user)
    for label, ids in by_label.items():
        history = models_[label].history
        page = list(history.filter(history_id__in=ids).select_related("history_user"))
        for record in page:
            records[(label, record.history_id)] = record
        # The version before each changed row, for «old → new»: one query per model.
        object_ids = {r.id for r in page if r.history_type == "~"}
        if object_ids:
            older = history.filter(id__in=object_ids).order_by("id", "history_date", "history_id")
            chain: dict[int, list[Any]] = {}
            for record in older:
                chain.setdefault(record.id, []).append(record)
            for record in page:
                versions = chain.get(record.id, [])
                ids_in_order = [v.history_id for v in versions]
                if record.history_id in ids_in_order:
                    at = ids_in_order.index(record.history_id)
                    if at > 0:
                        previous[(label, record.history_id)] = versions[at - 1]
    indicator_names = (
        dict(Indicator.objects.values_list("pk", "name"))
        if "movement.indicatorvalue" in by_label
        else {}
    )
    rows = []
    for key in keys:
        label, hid = key["label"], key["history_id"]
        record = records.get((label, hid))
        if record is None:
            continue
        model = models_[label]
        rows.append(
            AuditRow(
                at=record.history_date,
                action=ACTIONS.get(record.history_type, record.history_type),
                model_label=label,
                model_name=str(model._meta.verbose_name),
                object_id=record.id,
                object_text=indicator_names.get(getattr(record, "indicator_id", None))
                or _describe(record, model),
                unit_name=key["unit_name"] or "",
                username=record.history_user.get_username() if record.history_user else "",
                reason=record.history_change_reason or "",
                changes=_changes(model, previous.get((label, hid)), record),
            )
        )
    return rows


NAME_FIELDS = ("name", "topic", "title", "recipient_name", "subject_name", "full_name", "caption")


def _describe(record: Any, model: type[models.Model]) -> str:
    """A name read from the row itself (no query per row), else the model and the id."""
    if getattr(record, "period_kind", None) and getattr(record, "period_start", None):
        return Period(record.period_kind, record.period_start, record.period_end).label
    for name in NAME_FIELDS:
        value = getattr(record, name, "")
        if value:
            return str(value)[:200]
    return f"{model._meta.verbose_name} #{record.id}"


def _changes(model: type[models.Model], old: Any, new: Any) -> list[tuple[str, str, str]]:
    if old is None:
        return []
    changes = []
    for f in model._meta.concrete_fields:
        if f.name in SKIPPED_FIELDS or f.primary_key:
            continue
        attr = f.attname
        before, after = getattr(old, attr, None), getattr(new, attr, None)
        if before != after:
            changes.append((str(f.verbose_name), _text(before), _text(after)))
    return changes


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)[:200]


def audit_users(user: User, unit: Unit) -> list[str]:
    """Usernames of the accounts of ``unit`` and below (the user filter's choices)."""
    return list(
        User.objects.for_user(user)
        .within(unit)
        .order_by("username")
        .values_list("username", flat=True)
    )


EXPORT_HEADER = [
    "Thời điểm",
    "Thao tác",
    "Loại dữ liệu",
    "Đối tượng",
    "Đơn vị",
    "Người thực hiện",
    "Thay đổi",
    "Lý do",
]


def audit_table(*, user: User, filters: AuditFilters, cap: int) -> Iterator[list[str]]:
    """The export's rows: the header, then up to ``cap`` changes, newest first."""
    yield EXPORT_HEADER
    for row in audit_rows(user=user, filters=filters, cap=cap):
        yield [
            timezone.localtime(row.at).strftime("%d/%m/%Y %H:%M:%S"),
            row.action,
            row.model_name,
            row.object_text,
            row.unit_name,
            row.username,
            "; ".join(f"{name}: {old} → {new}" for name, old, new in row.changes),
            row.reason,
        ]
