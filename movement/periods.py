"""Reporting periods and their data cut-off windows (Nghị định 09/2019/NĐ-CP by default)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Tháng")
    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("Năm")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS_PER_KIND = {
    PeriodKind.MONTH: 1,
    PeriodKind.QUARTER: 3,
    PeriodKind.HALF_YEAR: 6,
    PeriodKind.YEAR: 12,
}
# NĐ 09/2019: the data of a period runs from the 15th of the month before it starts to the 14th of its last month.
CUTOFF_DAY = 15


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, kind: str, year: int, number: int = 1) -> Period:
        """Period number ``number`` (month 1-12, quarter 1-4, half 1-2, year 1) of ``year``."""
        months = MONTHS_PER_KIND[PeriodKind(kind)]
        count = 12 // months
        if not 1 <= number <= count:
            raise ValueError(f"Kỳ {number} không hợp lệ cho loại kỳ {PeriodKind(kind).label}.")
        start = dt.date(year, (number - 1) * months + 1, 1)
        last = _add_months(start, months) - dt.timedelta(days=1)
        return cls(kind=str(PeriodKind(kind).value), start=start, end=last)

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        months = MONTHS_PER_KIND[PeriodKind(kind)]
        return cls.of(kind, day.year, (day.month - 1) // months + 1)

    @property
    def number(self) -> int:
        return (self.start.month - 1) // MONTHS_PER_KIND[PeriodKind(self.kind)] + 1

    @property
    def label(self) -> str:
        kind = PeriodKind(self.kind)
        if kind == PeriodKind.MONTH:
            return f"Tháng {self.start.month:02d}/{self.start.year}"
        if kind == PeriodKind.QUARTER:
            return f"Quý {ROMAN[self.number]}/{self.start.year}"
        if kind == PeriodKind.HALF_YEAR:
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.start.year}"
        return f"Năm {self.start.year}"

    def is_valid(self) -> bool:
        try:
            return Period.containing(self.kind, self.start) == self
        except (ValueError, KeyError):
            return False

    def cutoff_window(self, cutoff_day: int = CUTOFF_DAY) -> tuple[dt.date, dt.date]:
        """Dates whose data belong to this period: 15th of the previous month to the 14th."""
        if not cutoff_day:
            return self.start, self.end
        first = _add_months(self.start, -1).replace(day=cutoff_day)
        last = self.end.replace(
            day=min(cutoff_day - 1, calendar.monthrange(self.end.year, self.end.month)[1])
        )
        return first, last

    def previous_year(self) -> Period:
        return Period.of(self.kind, self.start.year - 1, self.number)


@dataclass(frozen=True)
class Span:
    """The years a summary report covers: one year, or a range such as 2013–2023."""

    first_year: int
    last_year: int

    @property
    def start(self) -> dt.date:
        return dt.date(self.first_year, 1, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.last_year, 12, 31)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def is_range(self) -> bool:
        return self.last_year > self.first_year

    @property
    def label(self) -> str:
        """``năm 2018`` or ``giai đoạn 2013 - 2023``."""
        if self.is_range:
            return f"giai đoạn {self.first_year} - {self.last_year}"
        return f"năm {self.first_year}"

    def period(self) -> Period:
        """The span as one period covering its years (for selectors that take a period)."""
        return Period(PeriodKind.YEAR, self.start, self.end)

    def previous(self) -> Span:
        """The span of the same length just before (last year for a yearly report)."""
        length = self.last_year - self.first_year + 1
        return Span(self.first_year - length, self.last_year - length)
