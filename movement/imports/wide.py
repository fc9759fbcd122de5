"""The wide «biểu tổng hợp» offices keep: one row per unit, one column per indicator.

The period is read from the title rows above the table («Năm 2022», «Quý III/2022»,
«6 tháng đầu năm 2022», «Tháng 8/2022») or chosen on the mapping step. Column headers
are matched to indicators by name, accent-insensitively, ignoring units in brackets or
after a comma and line breaks; a column that matches nothing is put to the user (an
indicator, or «bỏ qua») and never read silently. Each filled cell becomes one value of
the long layout's engine, so both layouts share every check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from movement.imports import cells
from movement.imports.outcome import Outcome
from movement.imports.reader import Table, header_variants, match_header
from movement.models import Indicator
from movement.models.workflow import ReportSchedule
from movement.periods import ROMAN, Period, PeriodKind
from movement.resources.period import INDICATOR, VALUE
from movement.services import WorkflowError, check_started
from movement.text import fold

UNIT_NAME = "unit_name"
UNIT_CODE = "unit_code"
ROW_NUMBER = "row_number"
NOTE = "note"
INDICATOR_PREFIX = "ind:"
SKIP = ""

_HEADERS = {
    UNIT_NAME: (
        "Đơn vị",
        "Tên đơn vị",
        "Đơn vị hành chính",
        "Xã, phường",
        "Xã, phường, thị trấn",
        "Tên xã, phường",
        "Tên xã, phường, thị trấn",
        "Địa bàn",
    ),
    UNIT_CODE: ("Mã đơn vị", "Mã ĐVHC", "Mã xã", "Mã"),
    ROW_NUMBER: ("STT", "TT", "Số TT", "Số thứ tự"),
    NOTE: ("Ghi chú",),
}
_ROMAN = {v.lower(): k for k, v in ROMAN.items()}


def wide_vocabulary(indicators: Sequence[Indicator]) -> dict[str, str]:
    """Folded header → key: the unit and row-number columns, and every indicator (by name and code)."""
    vocabulary: dict[str, str] = {}
    for key, names in _HEADERS.items():
        for name in names:
            for variant in header_variants(name):
                vocabulary.setdefault(variant, key)
    for indicator in indicators:
        for name in (indicator.name, indicator.code):
            for variant in header_variants(name):
                vocabulary.setdefault(variant, INDICATOR_PREFIX + indicator.code)
    return vocabulary


def looks_wide(headers: Sequence[str], vocabulary: dict[str, str]) -> bool:
    keys = [match_header(h, vocabulary) for h in headers]
    has_unit = UNIT_NAME in keys or UNIT_CODE in keys
    return has_unit and any(k.startswith(INDICATOR_PREFIX) for k in keys)


def is_long(headers: Sequence[str]) -> bool:
    """A long-layout header names its indicator and value columns."""
    folded = {v for h in headers for v in header_variants(h)}
    return fold(INDICATOR) in folded and fold(VALUE) in folded


_PATTERNS = [
    (PeriodKind.HALF_YEAR, re.compile(r"6 thang (dau|cuoi) nam (\d{4})")),
    (PeriodKind.QUARTER, re.compile(r"quy ([ivx]+|[1-4])\s*(?:/|-|nam)\s*(\d{4})")),
    (PeriodKind.MONTH, re.compile(r"thang (\d{1,2})\s*(?:/|-|nam)\s*(\d{4})")),
    (PeriodKind.YEAR, re.compile(r"nam (\d{4})")),
    (PeriodKind.YEAR, re.compile(r"^(\d{4})$")),
]


def period_from_text(*texts: str) -> Period | None:
    """The period a title names: «BIỂU TỔNG HỢP ... NĂM 2022», «Quý III/2022», «6 tháng đầu năm 2022»."""
    folded = " ".join(fold(t) for t in texts if t)
    folded = re.sub(r"\s*/\s*", "/", folded)
    for kind, pattern in _PATTERNS:
        m = pattern.search(folded)
        if not m:
            continue
        try:
            if kind == PeriodKind.HALF_YEAR:
                return Period.of(kind, int(m.group(2)), 1 if m.group(1) == "dau" else 2)
            if kind == PeriodKind.QUARTER:
                part = m.group(1)
                number = int(part) if part.isdigit() else _ROMAN.get(part, 0)
                return Period.of(kind, int(m.group(2)), number)
            if kind == PeriodKind.MONTH:
                return Period.of(kind, int(m.group(2)), int(m.group(1)))
            return Period.of(kind, int(m.group(1)), 1)
        except ValueError:
            continue
    return None


def period_choices(today: dt.date) -> list[tuple[str, str]]:
    """Periods offered on the mapping step: years, halves and quarters of the last twelve years,
    months of the last three, none that has not started on ``today`` (the report pages' rule,
    ``services.check_started``: next month from the 15th on)."""
    schedules = {kind: ReportSchedule.for_kind(kind) for kind in PeriodKind.values}

    def started(period: Period) -> bool:
        try:
            check_started(period=period, today=today, schedule=schedules[period.kind])
        except WorkflowError:
            return False
        return True

    choices: list[tuple[str, str]] = []
    for year in range(today.year + 1, today.year - 12, -1):
        periods = [Period.of(PeriodKind.YEAR, year)]
        periods += [Period.of(PeriodKind.HALF_YEAR, year, n) for n in (1, 2)]
        periods += [Period.of(PeriodKind.QUARTER, year, n) for n in (1, 2, 3, 4)]
        if year > today.year - 3:
            periods += [Period.of(PeriodKind.MONTH, year, n) for n in range(1, 13)]
        choices += [(p.label, p.label) for p in periods if started(p)]
    return choices


def targets(indicators: Sequence[Indicator]) -> list[tuple[str, str]]:
    """What an unmatched column may be mapped to: an entered indicator, or «bỏ qua»."""
    return [(SKIP, "— Bỏ qua cột này —")] + [
        (INDICATOR_PREFIX + i.code, f"{i.name} ({i.code})")
        for i in indicators
        if i.source == Indicator.Source.ENTERED and i.is_active
    ]


def wide_entries(
    table: Table,
    *,
    outcome: Outcome,
    indicators: dict[str, Indicator],
    mapping: dict[str, str],
    period_text: str = "",
) -> Iterator[tuple] | None:
    """The entries of a wide table for the period engine, or None after adding to ``outcome`` the
    file-level errors (unmatched columns, no period, no unit column) the mapping step resolves."""
    vocabulary = wide_vocabulary(list(indicators.values()))
    roles: list[str] = []
    outcome.layout = "wide"
    outcome.headers = list(table.written)
    outcome.targets = targets(list(indicators.values()))
    for header in table.written:
        key = match_header(header, vocabulary) if header else SKIP
        if not key and header:
            if header in mapping:
                code = (mapping[header] or "").removeprefix(INDICATOR_PREFIX)
                key = INDICATOR_PREFIX + code if code in indicators else ""
            else:
                outcome.unmapped.append(header)
        if not key and header or key in (ROW_NUMBER, NOTE):
            outcome.ignored_columns.append(header)
        roles.append(key)
    period = period_from_text(period_text) if period_text else period_from_text(*table.titles)
    outcome.period = period.label if period else ""
    if outcome.unmapped:
        names = ", ".join(f"«{h}»" for h in outcome.unmapped)
        outcome.add(
            None,
            "",
            f"Biểu tổng hợp có cột chưa ghép được với chỉ tiêu nào: {names}. Hãy chọn chỉ tiêu "
            "cho từng cột, hoặc «bỏ qua», ở bước ghép cột rồi kiểm tra lại.",
        )
    if period is None:
        outcome.add(
            None,
            "",
            "Không thấy kỳ báo cáo trong tiêu đề của biểu (ví dụ «Năm 2022», «Quý III/2022»): "
            "hãy chọn kỳ ở bước ghép cột.",
        )
    if UNIT_NAME not in roles and UNIT_CODE not in roles:
        outcome.add(None, "", "Biểu tổng hợp thiếu cột «Đơn vị» (tên hoặc mã đơn vị).")
    if outcome.errors:
        return None
    name_at = roles.index(UNIT_NAME) if UNIT_NAME in roles else None
    code_at = roles.index(UNIT_CODE) if UNIT_CODE in roles else None
    columns = [
        (i, indicators[key.removeprefix(INDICATOR_PREFIX)], table.written[i])
        for i, key in enumerate(roles)
        if key.startswith(INDICATOR_PREFIX)
    ]
    table.sum_columns = {i for i, _, _ in columns}
    return _entries(table, outcome, period, name_at, code_at, columns)


def _entries(table, outcome, period, name_at, code_at, columns) -> Iterator[tuple]:
    blanks: dict[str, list[int]] = {}
    for number, values in table.rows():
        name = values[name_at] if name_at is not None else None
        code = values[code_at] if code_at is not None else None
        filled = False
        for index, indicator, header in columns:
            raw = values[index]
            if cells.is_blank(raw):
                blanks.setdefault(header, []).append(number)
                continue
            filled = True
            yield (number, code, name, period.kind, period, indicator, raw, None, header)
        if not filled:
            # A unit row with no figure at all is still a row the user sees: say so.
            blanks.setdefault("", []).append(number)
    outcome.warnings.extend(table.warnings)
    for header, rows in blanks.items():
        listed = ", ".join(str(r) for r in rows[:20]) + (" …" if len(rows) > 20 else "")
        if header:
            outcome.empty_figures.append(
                f"Cột «{header}» để trống ở {len(rows)} dòng ({listed}): không nhập giá trị nào cho các ô đó."
            )
        else:
            outcome.empty_figures.append(
                f"{len(rows)} dòng không có số liệu nào ({listed}): không nhập gì cho các dòng đó."
            )
