"""Indicators computed from records: key -> how to total the records of a unit's subtree in a date range.

The catalogue names a key in ``Indicator.computation``; selectors and the
period-report page call :func:`compute` so the figure always comes from the
records themselves. The movement's registries are defined here; apps built on the movement
add theirs with :func:`register_computation` from their ``AppConfig.ready()``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import connections
from django.db.models import Count, Q, QuerySet, Sum, Value


@dataclass(frozen=True)
class Computation:
    label: str
    queryset: Callable[[], QuerySet]
    date_field: str
    aggregate: Callable[[], object]
    extra: Q | None = None
    # Stocks (tổ đang hoạt động...) are counted as of the period's last day
    # between these two date fields instead of summed over the period.
    stock_between: tuple[str, str] | None = None
    # Date used when ``date_field`` is empty (a commendation with no decision date yet
    # belongs to the day of the festival it was given at).
    fallback_date_field: str | None = None


# The registries' models by short name, looked up when a query is built: the models module
# validates ``Indicator.computation`` against this one, so this one never imports it.
_MODELS = {
    "propaganda": "PropagandaSession",
    "festival": "FestivalEvent",
    "commendation": "Commendation",
    "model": "MovementModel",
    "recognition": "SafetyRecognition",
    "group": "SelfManagementGroup",
}


def _qs(name: str) -> Callable[[], QuerySet]:
    return lambda: apps.get_model("movement", _MODELS[name]).objects.all()


COMPUTATIONS: dict[str, Computation] = {
    # A round of leaflets is a distribution, not a session people attend: it counts for the
    # leaflets only.
    "propaganda.sessions": Computation(
        "Số buổi tuyên truyền",
        _qs("propaganda"),
        "held_on",
        lambda: Count("id"),
        ~Q(channel="leaflet"),
    ),
    "propaganda.attendees": Computation(
        "Lượt người nghe tuyên truyền", _qs("propaganda"), "held_on", lambda: Sum("attendees")
    ),
    "propaganda.leaflets": Computation(
        "Tờ rơi đã phát", _qs("propaganda"), "held_on", lambda: Sum("leaflets")
    ),
    "propaganda.documents": Computation(
        "Tài liệu đã cấp phát", _qs("propaganda"), "held_on", lambda: Sum("documents")
    ),
    "propaganda.loudspeaker": Computation(
        "Lượt phát loa truyền thanh",
        _qs("propaganda"),
        "held_on",
        lambda: Count("id"),
        Q(channel="loudspeaker"),
    ),
    "festival.count": Computation("Số ngày hội", _qs("festival"), "held_on", lambda: Count("id")),
    "festival.participants": Computation(
        "Lượt người dự ngày hội", _qs("festival"), "held_on", lambda: Sum("participants")
    ),
    "commendation.collective": Computation(
        "Tập thể được khen thưởng",
        _qs("commendation"),
        "decision_date",
        lambda: Count("id"),
        Q(recipient_kind="collective"),
        fallback_date_field="festival__held_on",
    ),
    "commendation.individual": Computation(
        "Cá nhân được khen thưởng",
        _qs("commendation"),
        "decision_date",
        lambda: Count("id"),
        Q(recipient_kind="individual"),
        fallback_date_field="festival__held_on",
    ),
}


def _stock(
    label: str,
    name: str,
    aggregate: Callable[[], object],
    start_field: str,
    end_field: str,
    extra: Q | None = None,
) -> Computation:
    return Computation(label, _qs(name), "", aggregate, extra, (start_field, end_field))


for _kind, _label in [
    ("residential", "Khu dân cư"),
    ("commune", "Xã, phường, thị trấn"),
    ("agency", "Cơ quan"),
    ("enterprise", "Doanh nghiệp"),
    ("school", "Cơ sở giáo dục"),
]:
    COMPUTATIONS[f"recognition.{_kind}.registered"] = Computation(
        f"{_label} đăng ký “An toàn về ANTT”",
        _qs("recognition"),
        "year",
        lambda: Count("id"),
        Q(subject_kind=_kind),
    )
    COMPUTATIONS[f"recognition.{_kind}.recognised"] = Computation(
        f"{_label} được công nhận “An toàn về ANTT”",
        _qs("recognition"),
        "year",
        lambda: Count("id"),
        Q(subject_kind=_kind, result="recognised"),
    )

COMPUTATIONS.update(
    {
        "propaganda.sessions_commune": Computation(
            "Cuộc tuyên truyền cấp xã",
            _qs("propaganda"),
            "held_on",
            lambda: Count("id"),
            Q(venue="commune"),
        ),
        "propaganda.attendees_commune": Computation(
            "Lượt người nghe tại cấp xã",
            _qs("propaganda"),
            "held_on",
            lambda: Sum("attendees"),
            Q(venue="commune"),
        ),
        "propaganda.sessions_residential": Computation(
            "Đợt tuyên truyền tại thôn, xóm",
            _qs("propaganda"),
            "held_on",
            lambda: Count("id"),
            Q(venue="residential"),
        ),
        "propaganda.attendees_residential": Computation(
            "Lượt người nghe tại thôn, xóm",
            _qs("propaganda"),
            "held_on",
            lambda: Sum("attendees"),
            Q(venue="residential"),
        ),
        "model.models": Computation(
            "Mô hình", _qs("model"), "year_recognised", lambda: Count("id"), Q(kind="model")
        ),
        "model.exemplars": Computation(
            "Điển hình tiên tiến",
            _qs("model"),
            "year_recognised",
            lambda: Count("id"),
            Q(kind="exemplar"),
        ),
        "group.active": _stock(
            "Tổ tự quản đang hoạt động", "group", lambda: Count("id"), "founded_on", "dissolved_on"
        ),
        "group.members": _stock(
            "Thành viên tổ tự quản",
            "group",
            lambda: Sum("member_count"),
            "founded_on",
            "dissolved_on",
        ),
    }
)


def register_computation(key: str, computation: Computation) -> None:
    """Adds a computation of a higher app's records (clusters register theirs in ``ready()``)."""
    COMPUTATIONS[key] = computation


def year_bounds(start: dt.date, end: dt.date) -> tuple[int, int]:
    """First and last year whose year-only records (``year``, ``year_recognised``) belong
    to ``start``..``end``: the years whose 1 July lies inside.

    A record known only by its year is placed mid-year, so periods that follow each other
    count it exactly once. NĐ 09/2019 windows straddle years (the year 2025 runs from
    15/12/2024 to 14/12/2025): taking every year the window touches would count 2024's
    models again in 2025. Calendar ranges keep their own years.
    """
    first = start.year if start <= dt.date(start.year, 7, 1) else start.year + 1
    last = end.year if end >= dt.date(end.year, 7, 1) else end.year - 1
    return first, last


def window_q(comp: Computation, start: dt.date, end: dt.date) -> Q:
    """The rows of ``comp`` that belong to ``start``..``end``, its own condition included.

    Dated rows fall inside the range (a commendation without a decision date on its
    festival's day); stocks are the rows alive on ``end``; year-only rows follow
    ``year_bounds``. The report pages and ``reports.selectors`` share this one rule.
    """
    if comp.stock_between:
        since, until = comp.stock_between
        cond = Q(**{f"{since}__isnull": True}) | Q(**{f"{since}__lte": end})
        cond &= Q(**{f"{until}__isnull": True}) | Q(**{f"{until}__gt": end})
    elif comp.date_field.startswith("year"):
        first, last = year_bounds(start, end)
        cond = Q(**{f"{comp.date_field}__gte": first, f"{comp.date_field}__lte": last})
    else:
        cond = Q(**{f"{comp.date_field}__gte": start, f"{comp.date_field}__lte": end})
        if comp.fallback_date_field:
            fallback = comp.fallback_date_field
            cond |= Q(
                **{
                    f"{comp.date_field}__isnull": True,
                    f"{fallback}__gte": start,
                    f"{fallback}__lte": end,
                }
            )
    if comp.extra is not None:
        cond &= comp.extra
    return cond


def compute(key: str, *, unit, start: dt.date, end: dt.date) -> Decimal:
    """Total of computation ``key`` over ``unit``'s subtree for records dated ``start``..``end``."""
    return compute_many([key], unit=unit, start=start, end=end)[key]


def compute_many(keys: Iterable[str], *, unit, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Totals of several computations in one query, whatever their number.

    Each total is an aggregate filtered by its own ``window_q``; the aggregates of one record
    model share one scan of that model's rows in the unit's subtree, and the scans of the
    models are the derived tables of a single ``SELECT`` (a save or an open report page pays
    one round trip for its thirty computed indicators, not one per model).
    """
    by_model: dict[type, list[str]] = defaultdict(list)
    for key in keys:
        by_model[COMPUTATIONS[key].queryset().model].append(key)
    if not by_model:
        return {}
    parts, params, names = [], [], {}
    for m, model_keys in enumerate(by_model.values()):
        conditions = {key: window_q(COMPUTATIONS[key], start, end) for key in model_keys}
        aggregates = {}
        for i, key in enumerate(model_keys):
            aggregate = COMPUTATIONS[key].aggregate()
            names[f"m{m}_{i}"] = key
            aggregates[f"m{m}_{i}"] = type(aggregate)(
                *aggregate.source_expressions, filter=conditions[key]
            )
        any_row = Q()
        for condition in conditions.values():
            any_row |= condition
        # A constant "group" is no GROUP BY at all: always one row, as ``aggregate()`` gives.
        queryset = (
            COMPUTATIONS[model_keys[0]]
            .queryset()
            .within(unit)
            .filter(any_row)
            .order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(**aggregates)
            .values(*aggregates)
        )
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"({sql}) AS m{m}")
        params.extend(part_params)
    db = COMPUTATIONS[next(iter(names.values()))].queryset().db
    with connections[db].cursor() as cursor:
        cursor.execute(f"SELECT * FROM {', '.join(parts)}", params)
        columns = [c[0] for c in cursor.description]
        row = cursor.fetchone()
    return {names[c]: Decimal(str(v or 0)) for c, v in zip(columns, row, strict=True)}
