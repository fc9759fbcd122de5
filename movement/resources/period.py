"""Period data in long form: one row per unit, period and indicator (DESIGN §3)."""

from __future__ import annotations

import datetime as dt
import re

from movement.imports import cells
from movement.models import Indicator, IndicatorValue
from movement.periods import ROMAN, Period, PeriodKind
from movement.resources.base import ScopedResource, choice_col, number_col, text_col
from movement.text import fold

UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
KIND = "Loại kỳ"
PERIOD = "Kỳ"
INDICATOR = "Mã chỉ tiêu"
VALUE = "Giá trị"
NOTE = "Ghi chú"

ROMAN_NUMBERS = {v: k for k, v in ROMAN.items()}
_YEAR = r"(\d{4})"


def period_text(period: Period) -> str:
    """What the «Kỳ» column holds: 08/2022, Quý III/2022, 6 tháng đầu năm 2022, 2022."""
    kind = PeriodKind(period.kind)
    if kind == PeriodKind.MONTH:
        return f"{period.start.month:02d}/{period.start.year}"
    if kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN[period.number]}/{period.start.year}"
    if kind == PeriodKind.HALF_YEAR:
        return f"6 tháng {'đầu' if period.number == 1 else 'cuối'} năm {period.start.year}"
    return str(period.start.year)


def parse_period(kind: str, value: object) -> Period:
    """A period of ``kind`` as people write it: "08/2022", "Tháng 8/2022", "Quý III/2022", "Q3/2022",
    "6 tháng đầu năm 2022", "2022"; a real date stands for the period that contains it."""
    if isinstance(value, (dt.date, dt.datetime)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return Period.containing(kind, day)
    raw = cells.line(value)
    if not raw:
        raise ValueError("Chưa ghi kỳ báo cáo.")
    if re.fullmatch(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{1,2}-\d{1,2}( .*)?", raw):
        try:
            return Period.containing(kind, cells.date(raw))
        except ValueError:
            pass
    folded = fold(raw)
    folded = re.sub(r"\b(thang|quy|nam|ky)\b", " ", folded)
    folded = re.sub(r"\s*([/\-.])\s*", r"\1", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    kind = PeriodKind(kind)
    number: int | None = None
    year: int | None = None
    try:
        if kind == PeriodKind.YEAR:
            m = re.fullmatch(_YEAR, folded)
            if m:
                number, year = 1, int(m.group(1))
        elif kind == PeriodKind.HALF_YEAR:
            m = re.search(_YEAR, folded)
            if m:
                year = int(m.group(1))
                rest = folded.replace(m.group(1), " ").strip(" /-.")
                rest = re.sub(r"^6\s*", "", rest).strip()
                if rest.startswith("dau") or rest in {"1", "i", "h1"}:
                    number = 1
                elif rest.startswith("cuoi") or rest in {"2", "ii", "h2"}:
                    number = 2
        else:
            m = re.fullmatch(r"(?:th|t|q)?\s*([0-9]{1,2}|[ivx]+)\s*[/\-.\s]\s*" + _YEAR, folded)
            if m:
                part, year = m.group(1), int(m.group(2))
                if part.isdigit():
                    number = int(part)
                elif kind == PeriodKind.QUARTER and part.upper() in ROMAN_NUMBERS:
                    number = ROMAN_NUMBERS[part.upper()]
            elif kind == PeriodKind.MONTH and (m := re.fullmatch(_YEAR + r"-(\d{1,2})", folded)):
                year, number = int(m.group(1)), int(m.group(2))
        if number is None or year is None:
            raise ValueError
        return Period.of(kind, year, number)
    except ValueError:
        examples = {
            PeriodKind.MONTH: "08/2022",
            PeriodKind.QUARTER: "Quý III/2022",
            PeriodKind.HALF_YEAR: "6 tháng đầu năm 2022",
            PeriodKind.YEAR: "2022",
        }
        raise ValueError(
            f"Kỳ «{raw}» không hợp lệ cho loại kỳ «{kind.label}»: ghi như «{examples[kind]}»."
        ) from None


class PeriodValueResource(ScopedResource):
    """Export side (and column list) of period data; imports go through movement.imports.period."""

    key = "period_values"
    title = "Số liệu báo cáo định kỳ"
    required = ("kind", "period", "indicator", "value")
    help = {
        "unit_code": "Mã đơn vị (06742). Có thể để trống nếu ghi «Tên đơn vị».",
        "unit_name": "Tên đơn vị (phường Hải Hòa, Hai Hoa); dùng khi không ghi mã, hoặc để phân biệt khi mã trùng.",
        "kind": "Tháng, Quý, 6 tháng hoặc Năm.",
        "period": "Tháng: 08/2022; Quý: Quý III/2022; 6 tháng: 6 tháng đầu năm 2022; Năm: 2022.",
        "indicator": "Mã chỉ tiêu trong danh mục (sheet «Chỉ tiêu»). Chỉ tiêu tính từ hồ sơ không nhập được.",
        "value": "Số không âm: 1.546 và 1546 đều là một nghìn năm trăm bốn mươi sáu; 12,5 là mười hai phẩy năm.",
        "note": "Ghi chú cho giá trị (tối đa 255 ký tự).",
    }

    unit_code = text_col("report__unit__code", UNIT_CODE)
    unit_name = text_col("report__unit__name", UNIT_NAME)
    kind = choice_col("report__period_kind", KIND, PeriodKind.choices)
    period = text_col("report", PERIOD)
    indicator = text_col("indicator__code", INDICATOR)
    value = number_col("value", VALUE)
    note = text_col("note", NOTE, 255)

    class Meta:
        model = IndicatorValue
        fields = ("unit_code", "unit_name", "kind", "period", "indicator", "value", "note")
        import_id_fields = ()
        skip_diff = True

    _duplicates: set[str] | None = None

    def dehydrate_unit_name(self, obj: IndicatorValue) -> str:
        """The name, with its parent where the code alone is ambiguous (reused codes)."""
        from movement.imports.units import duplicated_codes

        if self._duplicates is None:
            self._duplicates = duplicated_codes()
        unit = obj.report.unit
        if unit.code in self._duplicates and unit.parent_id:
            return f"{unit.name} thuộc {unit.parent.label}"
        return unit.name

    def dehydrate_period(self, obj: IndicatorValue) -> str:
        return period_text(obj.report.period)

    def export_queryset(self):
        return (
            self.get_queryset()
            .filter(indicator__source=Indicator.Source.ENTERED)
            .select_related("report__unit__parent", "indicator")
            .order_by(
                "report__unit__path",
                "report__period_kind",
                "report__period_start",
                "indicator__order",
                "indicator__code",
            )
        )
