"""Reads of the records pages: filtered, searched, paginated lists and the recent records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page
from django.db import connection, models
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import number_format

from movement.models import (
    FestivalEvent,
    MovementModel,
    PropagandaSession,
    SafetyRecognition,
    SelfManagementGroup,
    Unit,
    fold_search,
    unit_in_scope,
)
from movement.params import int_param
from movement.selectors.paging import CappedPaginator
from movement.text import sort_key

if TYPE_CHECKING:
    from movement.models import User

PER_PAGE = 25
MAX_CHILD_UNITS = 300
QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
LOWER_LEVELS = {"commune", "residential"}


@dataclass(frozen=True)
class Registry:
    """One registry of the records pages: its model, where its date lives, how its list is loaded."""

    key: str
    model: type[models.Model]
    label: str
    singular: str
    date_field: str | None  # a DateField filtered by year and month/quarter
    year_field: str | None = None  # a year column (no month) when there is no date
    select_related: tuple[str, ...] = ("unit",)
    title_attr: str = "name"

    def url(self, action: str, **kwargs: Any) -> str:
        return reverse(f"records:{self.key}_{action}", kwargs=kwargs or None)

    @property
    def sort_field(self) -> str:
        return self.date_field or self.year_field or "pk"


REGISTRIES: dict[str, Registry] = {
    r.key: r
    for r in (
        Registry(
            "propaganda",
            PropagandaSession,
            "Buổi tuyên truyền",
            "buổi tuyên truyền",
            "held_on",
            title_attr="topic",
        ),
        Registry(
            "festival",
            FestivalEvent,
            "Ngày hội toàn dân bảo vệ ANTQ",
            "ngày hội",
            "held_on",
            title_attr="title",
        ),
        Registry("group", SelfManagementGroup, "Tổ tự quản", "tổ tự quản", "founded_on"),
        Registry(
            "model",
            MovementModel,
            "Mô hình, điển hình",
            "mô hình, điển hình",
            None,
            year_field="year_recognised",
        ),
        Registry(
            "recognition",
            SafetyRecognition,
            "Đăng ký, công nhận “An toàn về ANTT”",
            "đăng ký “An toàn về ANTT”",
            None,
            year_field="year",
            select_related=("unit", "subject_unit"),
            title_attr="subject_label",
        ),
    )
}


def _int(value: str | None, low: int, high: int) -> int | None:
    return int_param(value, low=low, high=high)


def _date(value: str | None) -> dt.date | None:
    """A day typed dd/mm/yyyy (as the report pages link it); anything else is ignored."""
    try:
        return dt.datetime.strptime((value or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


@dataclass(frozen=True)
class ListFilters:
    """What the user asked the list for, every value checked (a bad value is ignored, never an error page)."""

    q: str = ""
    year: int | None = None
    month: int | None = None
    quarter: int | None = None
    unit_id: int | None = None
    ascending: bool = False
    # A date range, e.g. a report's data window (NĐ 09/2019: 15/05 to 14/06 for June).
    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_query(cls, query: QueryDict, registry: Registry) -> ListFilters:
        has_date = registry.date_field is not None
        month = _int(query.get("thang"), 1, 12) if has_date else None
        return cls(
            q=query.get("q", "").strip()[:100],
            year=_int(query.get("nam"), 1900, 2100),
            month=month,
            quarter=None if month else (_int(query.get("quy"), 1, 4) if has_date else None),
            unit_id=_int(query.get("don_vi"), 1, 10**12),
            ascending=query.get("sap_xep") == "cu",
            since=_date(query.get("tu")) if has_date else None,
            until=_date(query.get("den")) if has_date else None,
        )


@dataclass(frozen=True)
class UnitChoice:
    pk: int
    label: str


@dataclass(frozen=True)
class UnitDrill:
    """The unit filter: the current unit, its parent (when in scope) and its children."""

    current: Unit | None
    selected_id: int | None
    choices: list[UnitChoice]


def unit_base(user: User) -> Unit | None:
    """The unit a user works from: their own, or the country for a superuser without one."""
    if getattr(user, "unit", None) is not None:
        return user.unit
    if user.is_superuser:
        return Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    return None


def selected_unit(user: User, unit_id: int | None) -> Unit | None:
    if unit_id is None:
        return None
    return Unit.objects.for_user(user).select_related("parent").filter(pk=unit_id).first()


def unit_drill(user: User, selected: Unit | None) -> UnitDrill | None:
    """Drill-down choices, one level at a time: never every unit of the country."""
    base = unit_base(user)
    if base is None or (base.level.code in LOWER_LEVELS and not user.is_superuser):
        return None
    current = selected or base
    choices = [UnitChoice(current.pk, f"■ {current.name}")]
    if selected is not None and selected.pk != base.pk and unit_in_scope(user, selected.parent):
        choices.append(UnitChoice(selected.parent_id, f"↑ {selected.parent.name}"))
    children = Unit.objects.filter(parent=current).order_by("name").only("pk", "name", "valid_to")
    choices += [
        UnitChoice(
            c.pk, f"{c.name}{f' (thôi tồn tại từ {c.valid_to:%d/%m/%Y})' if c.valid_to else ''}"
        )
        for c in sorted(children[:MAX_CHILD_UNITS], key=lambda c: sort_key(c.name))
    ]
    return UnitDrill(
        current=current, selected_id=selected.pk if selected else None, choices=choices
    )


def registry_queryset(*, registry: Registry, user: User) -> models.QuerySet:
    qs = registry.model.objects.for_user(user).select_related(*registry.select_related)
    if registry.key == "festival":
        qs = qs.annotate(commendation_count=models.Count("commendations"))
    elif registry.key == "group":
        qs = qs.annotate(
            active_members=models.Count("members", filter=models.Q(members__left_on__isnull=True))
        )
    return qs


def filter_records(
    queryset: models.QuerySet, *, registry: Registry, filters: ListFilters, unit: Unit | None
) -> models.QuerySet:
    if unit is not None:
        queryset = queryset.within(unit)
    if filters.q:
        queryset = fold_search(queryset, filters.q)
    if registry.date_field:
        if filters.year:
            queryset = queryset.filter(**{f"{registry.date_field}__year": filters.year})
        if filters.month:
            queryset = queryset.filter(**{f"{registry.date_field}__month": filters.month})
        elif filters.quarter:
            first, last = QUARTER_MONTHS[filters.quarter]
            queryset = queryset.filter(
                **{f"{registry.date_field}__month__gte": first},
                **{f"{registry.date_field}__month__lte": last},
            )
        if filters.since:
            queryset = queryset.filter(**{f"{registry.date_field}__gte": filters.since})
        if filters.until:
            queryset = queryset.filter(**{f"{registry.date_field}__lte": filters.until})
    elif registry.year_field and filters.year:
        queryset = queryset.filter(**{registry.year_field: filters.year})
    sort = registry.sort_field
    order = (
        models.F(sort).asc(nulls_last=True)
        if filters.ascending
        else models.F(sort).desc(nulls_last=True)
    )
    return queryset.order_by(order, "-pk")


def record_page(
    *, registry: Registry, user: User, filters: ListFilters, unit: Unit | None, page: str | None
) -> Page:
    queryset = filter_records(
        registry_queryset(registry=registry, user=user),
        registry=registry,
        filters=filters,
        unit=unit,
    )
    return CappedPaginator(queryset, PER_PAGE).get_page(page)


COUNT_CAP = 1000  # the index says "hơn 1.000" beyond: a national user's are never counted


def registry_counts(*, user: User) -> dict[str, str]:
    """How many records of each registry the user can see, as the index shows it ("1.234",
    "hơn 1.000"): one query for all registries, each count reading at most ``COUNT_CAP + 1``
    rows of the user's scope (issue 18: no count over the country's records)."""
    parts, params = [], []
    for i, registry in enumerate(REGISTRIES.values()):
        rows = registry.model.objects.for_user(user).order_by().values("pk")[: COUNT_CAP + 1]
        sql, part_params = rows.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS c{i})")
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        counts = cursor.fetchone()
    return {
        key: f"hơn {number_format(COUNT_CAP, force_grouping=True)}"
        if n > COUNT_CAP
        else number_format(n, force_grouping=True)
        for key, n in zip(REGISTRIES, counts, strict=True)
    }


@dataclass(frozen=True)
class RecentRecord:
    kind_label: str
    title: str
    unit_name: str
    date: dt.date | None
    url: str
    updated_at: dt.datetime


def record_title(registry: Registry, obj: models.Model) -> str:
    if registry.key == "recognition":
        return str(obj.subject_unit.name if obj.subject_unit_id else obj.subject_name)
    return str(getattr(obj, registry.title_attr))


def record_date(registry: Registry, obj: models.Model) -> dt.date | None:
    if registry.date_field:
        return getattr(obj, registry.date_field)
    return None


def recent_records(*, user: User, limit: int = 10) -> list[RecentRecord]:
    """The records the user's units changed last, newest first (one query per registry)."""
    rows: list[RecentRecord] = []
    for registry in REGISTRIES.values():
        objects = (
            registry.model.objects.for_user(user)
            .select_related(*registry.select_related)
            .order_by("-updated_at", "-pk")[:limit]
        )
        rows += [
            RecentRecord(
                kind_label=registry.label,
                title=record_title(registry, obj),
                unit_name=obj.unit.name,
                date=record_date(registry, obj),
                url=registry.url("update", pk=obj.pk),
                updated_at=obj.updated_at,
            )
            for obj in objects
        ]
    rows.sort(key=lambda r: r.updated_at, reverse=True)
    return rows[:limit]
