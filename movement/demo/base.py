"""Helpers of the demo data: exact deterministic spreading, unit look-ups, idempotent bulk creation."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db import models
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from movement.models import (
    Indicator,
    IndicatorValue,
    NormalizedTextModel,
    PeriodReport,
    ReportStatus,
    Unit,
    User,
)
from movement.periods import Period, PeriodKind

CHANGE_REASON = "Dữ liệu mẫu (seed_demo)"

Figure = int | Decimal | tuple[int | Decimal, str]


class DemoDataError(Exception):
    """The catalogue does not hold the units the demo data expects."""


# --- spreading a total ------------------------------------------------------------------------


def spread(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` into ``len(weights)`` non-negative integers that add up to it exactly.

    Largest-remainder apportionment in exact fractions; ties go to the earlier position, so
    the same call always gives the same parts. With other parts as weights (serious cases over
    the cases of each year) every part stays at or below its weight when ``total`` is at most
    their sum, and at or above it when ``total`` is larger.
    """
    if total < 0:
        raise ValueError("Cannot spread a negative total.")
    weight_sum = sum(weights)
    if weight_sum <= 0:
        if total:
            raise ValueError("Cannot spread a total over zero weights.")
        return [0] * len(weights)
    exact = [Fraction(total * w, weight_sum) for w in weights]
    parts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (parts[i] - exact[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def uneven(count: int, seed: int = 0) -> list[int]:
    """Weights between 3 and 7 from a seeded generator: spread figures vary, yet never change."""
    rng = random.Random(seed)
    return [rng.randint(3, 7) for _ in range(count)]


def spread_grid(total: int, rows: Sequence[int], columns: Sequence[int]) -> list[list[int]]:
    """Spread ``total`` over rows (communes), then each row's share over columns (years).

    A small jitter that differs from row to row breaks the ties of equal column weights, so
    the remainders do not all land on the first columns.
    """
    return [
        spread(share, [w * 20 + (c * 7 + r * 3) % 10 for c, w in enumerate(columns)])
        for r, share in enumerate(spread(total, rows))
    ]


def spread_money(total: int, weights: Sequence[int], step: int = 500_000) -> list[int]:
    """Spread an amount of đồng in whole steps (fines are round figures)."""
    if total % step:
        raise ValueError(f"{total} is not a multiple of {step}.")
    return [part * step for part in spread(total // step, weights)]


def spread_decimal(total: Decimal, weights: Sequence[int], places: int = 1) -> list[Decimal]:
    """Spread a decimal total (kg...) exactly in steps of its last decimal place."""
    step = Decimal(1).scaleb(-places)
    units = int(total / step)
    if units * step != total:
        raise ValueError(f"{total} has more than {places} decimal places.")
    return [part * step for part in spread(units, weights)]


# --- dates ----------------------------------------------------------------------------------------


def spaced_dates(first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """``count`` distinct dates spread evenly between ``first`` and ``last`` (inclusive)."""
    span = (last - first).days + 1
    if count > span:
        raise ValueError(f"Cannot fit {count} distinct dates in {span} days.")
    return [first + dt.timedelta(days=(span * (2 * i + 1)) // (2 * count)) for i in range(count)]


def year_window(year: int, *, since: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Days whose data belong to ``year`` both by calendar and by the NĐ 09/2019 cut-off.

    The yearly cut-off runs from 15/12 of the year before to 14/12, so records dated from 15/01
    to 14/12 fall in the same year either way.
    """
    first, last = dt.date(year, 1, 15), dt.date(year, 12, 14)
    if since is not None and since.year == year:
        first = max(first, since)
    return first, last


def moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- units ------------------------------------------------------------------------------------------


def catalogue_unit(level: str, code: str, *, since: dt.date | None = None) -> Unit:
    """A unit by level and official code, pre-2025 (or timeless) unless ``since`` gives the day
    it started: codes are reused after 2025."""
    try:
        return Unit.objects.select_related("level").get(
            level__code=level, code=code, valid_from=since
        )
    except Unit.DoesNotExist as exc:
        raise DemoDataError(
            f"Không tìm thấy đơn vị cấp «{level}» mã «{code}» trong danh mục: chạy load_units trước."
        ) from exc


def communes_on(parent: Unit, day: dt.date, *, expected: int) -> list[Unit]:
    """The communes of ``parent`` on ``day``, checked against the count the article gives."""
    found = list(
        Unit.objects.filter(parent=parent, level__code="commune").active_on(day).order_by("code")
    )
    if len(found) != expected:
        raise DemoDataError(
            f"{parent.name} có {len(found)} xã, phường ngày {day:%d/%m/%Y}; bài viết nói {expected}."
        )
    return found


def short_name(unit: Unit) -> str:
    """The name as it reads inside a sentence: "Phường Hải Hòa" -> "phường Hải Hòa"."""
    return unit.name[:1].lower() + unit.name[1:]


# --- idempotent creation ------------------------------------------------------------------------------


@dataclass
class Seeder:
    """Creates what is missing, never touches what exists, and counts what it created."""

    created: Counter[str] = field(default_factory=Counter)
    users: dict[str, User] = field(default_factory=dict)
    _indicators: dict[str, Indicator] | None = None

    @property
    def indicators(self) -> dict[str, Indicator]:
        if self._indicators is None:
            self._indicators = Indicator.objects.in_bulk(field_name="code")
        return self._indicators

    def ensure(
        self, model: type[models.Model], wanted: Iterable[Any], key: Sequence[str], **scope: Any
    ) -> dict[tuple, Any]:
        """Bulk-create the objects of ``wanted`` whose ``key`` is not in the database yet.

        ``key`` names attributes (``unit_id``, ``held_on``...) that identify a demo record;
        ``scope`` filters the existing rows to compare with. Returns every object of the scope
        (existing or new) by key. ``bulk_create`` skips ``save()``: text is normalised and the
        search text built here, and history rows are written like the admin's.
        """
        wanted = list(wanted)
        for obj in wanted:
            if isinstance(obj, NormalizedTextModel):
                obj.normalize_text()
                obj.search_text = obj.build_search_text()
        keys = [tuple(getattr(obj, name) for name in key) for obj in wanted]
        if len(set(keys)) != len(keys):
            duplicates = sorted({k for k in keys if keys.count(k) > 1}, key=str)[:3]
            raise DemoDataError(f"Dữ liệu mẫu {model.__name__} trùng khoá: {duplicates}")
        existing = {
            tuple(getattr(obj, name) for name in key): obj
            for obj in model._default_manager.filter(**scope)
        }
        missing = {k: obj for k, obj in zip(keys, wanted, strict=True) if k not in existing}
        if missing:
            bulk_create_with_history(
                list(missing.values()),
                model,
                batch_size=500,
                default_change_reason=CHANGE_REASON,
            )
            self.created[str(model._meta.verbose_name_plural)] += len(missing)
        return existing | missing

    def yearly_reports(
        self,
        unit: Unit,
        figures: dict[int, dict[str, Figure]],
        *,
        submitted_by: str | None = None,
    ) -> None:
        """Approved yearly ``PeriodReport``s of ``unit`` holding the entered ``figures``.

        ``figures[year][code]`` is a value, or ``(value, note)``.
        """
        reports = []
        for year in figures:
            period = Period.of(PeriodKind.YEAR, year)
            reports.append(
                PeriodReport(
                    unit=unit,
                    period_kind=period.kind,
                    period_start=period.start,
                    period_end=period.end,
                    status=ReportStatus.APPROVED,
                    submitted_at=moment(dt.date(year, 12, 16)),
                    submitted_by=self.users.get(submitted_by or ""),
                    reviewed_at=moment(dt.date(year, 12, 22), hour=15),
                )
            )
        by_key = self.ensure(
            PeriodReport, reports, ("unit_id", "period_kind", "period_start"), unit=unit
        )
        values = []
        for year, by_code in figures.items():
            report = by_key[(unit.pk, PeriodKind.YEAR, dt.date(year, 1, 1))]
            for code, figure in by_code.items():
                value, note = figure if isinstance(figure, tuple) else (figure, "")
                values.append(
                    IndicatorValue(
                        report=report,
                        indicator=self.indicators[code],
                        value=Decimal(value),
                        note=note,
                    )
                )
        self.ensure(
            IndicatorValue,
            values,
            ("report_id", "indicator_id"),
            report__unit=unit,
        )


def by_year(years: Sequence[int], totals: dict[str, list[Any]]) -> dict[int, dict[str, Any]]:
    """Turn ``{code: [value per year]}`` into ``{year: {code: value}}``."""
    return {
        year: {code: parts[i] for code, parts in totals.items()} for i, year in enumerate(years)
    }
