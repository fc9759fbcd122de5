"""The one import: read the file, check every row, save all or nothing.

Used by the admin (preview and confirm), the background task and
``manage.py import_data``, so every path applies the same checks.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from movement.imports import cells
from movement.imports.mappings import saved_mapping
from movement.imports.outcome import Outcome, Progress
from movement.imports.period import import_period_values
from movement.imports.reader import (
    ImportFileError,
    Table,
    column_names,
    match_columns,
    match_header,
    open_table,
)
from movement.imports.wide import is_long, looks_wide, wide_entries, wide_vocabulary
from movement.models import Indicator
from movement.resources import get_resource, resources
from movement.resources.period import PeriodValueResource
from movement.signals import records_in_bulk
from movement.text import fold

LOCK_CLASS = 16016  # the first key of the imports' advisory locks (PostgreSQL)


def can_import(user: Any, resource_key: str) -> bool:
    """The import permission, plus the right to add or change what the resource writes."""
    if user is None or not user.has_perm("movement.import_data"):
        return False
    try:
        opts = get_resource(resource_key)._meta.model._meta
    except KeyError:
        return False
    return user.has_perm(f"{opts.app_label}.add_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def can_export(user: Any, resource_key: str) -> bool:
    if user is None or not user.has_perm("movement.export_data"):
        return False
    opts = get_resource(resource_key)._meta.model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )


def _vocabulary() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every known header (folded) and, per resource, its own: to find the header row of any file."""
    per_resource = {key: column_names(r.columns()) for key, r in resources().items()}
    indicators = list(Indicator.objects.all())
    wide = wide_vocabulary(indicators)
    everything: dict[str, str] = dict(wide)
    for names in per_resource.values():
        everything.update(names)
    return everything, per_resource


def known_headers() -> dict[str, str]:
    """Every header any import knows (folded): to find the header row below a file's titles."""
    return _vocabulary()[0]


def detect_resource(content: bytes, filename: str = "", sheet: str = "") -> str:
    """Which resource a file holds: by its sheet's name, else by its columns; a wide «biểu tổng
    hợp» of indicators (units as rows) is period data."""
    everything, per_resource = _vocabulary()
    table = open_table(content, filename, sheet=sheet, vocabulary=everything)
    candidates = resources()
    if table.sheet:
        for key, resource in candidates.items():
            if fold(table.sheet) in (fold(resource.title[:31]), key):
                return key
    best: list[tuple[int, str]] = []
    for key, resource in candidates.items():
        names = per_resource[key]
        present = {match_header(h, names) for h in table.headers if h} - {""}
        required = {c.key for c in resource.columns() if c.required}
        if required <= present:
            best.append((len(present), key))
    best.sort(reverse=True)
    if best and (len(best) == 1 or best[0][0] != best[1][0]):
        return best[0][1]
    if looks_wide(table.headers, wide_vocabulary(list(Indicator.objects.all()))):
        return "period_values"
    raise ImportFileError(
        "Không nhận ra loại dữ liệu của tệp: hãy dùng tệp mẫu, hoặc chọn loại dữ liệu khi nhập. "
        "Nhận hai dạng số liệu định kỳ: dạng dọc (mỗi dòng một chỉ tiêu: «Mã đơn vị», «Kỳ», "
        "«Mã chỉ tiêu», «Giá trị») và biểu tổng hợp (mỗi dòng một đơn vị, mỗi cột một chỉ tiêu)."
    )


@contextmanager
def import_lock(key: str) -> Iterator[None]:
    """One transaction per import, serialised per resource: two confirmations of the same new
    rows cannot both insert them; the second finds the first's rows and leaves them unchanged."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    [LOCK_CLASS, zlib.crc32(key.encode()) - 2**31],
                )
            elif connection.vendor == "sqlite":
                # Any write takes SQLite's one write lock for the rest of the transaction.
                cursor.execute("UPDATE movement_columnmapping SET id = id WHERE 1 = 0")
        yield


def run_import(
    content: bytes,
    *,
    user: Any,
    resource_key: str | None = None,
    filename: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    options: dict[str, Any] | None = None,
) -> Outcome:
    """Imports ``content`` as ``user``; with any error (or ``dry_run``) nothing is saved.

    ``options``: the mapping step's choices — ``sheet``, ``period`` (wide layout) and
    ``mapping`` (header → column or indicator, "" for «bỏ qua»); without a mapping, the one
    remembered for the user's unit and these headers applies.
    """
    options = options or {}
    sheet = options.get("sheet", "")
    with translation.override("vi"):
        outcome = Outcome(resource=resource_key or "", dry_run=dry_run)
        try:
            key = resource_key or detect_resource(content, filename, sheet)
            outcome.resource = key
            resource_class = get_resource(key)
            if not can_import(user, key):
                raise ImportFileError(f"Bạn không có quyền nhập «{resource_class.title}» từ tệp.")
            if key == "period_values":
                return _import_period(content, filename, user, dry_run, progress, options, outcome)
            table = open_table(content, filename, resource_class.columns(), sheet=sheet)
            mapping = options.get("mapping")
            if mapping is None:
                mapping = saved_mapping(user=user, resource=key, headers=table.written)
            if mapping:
                table = open_table(
                    content, filename, resource_class.columns(), sheet=sheet, mapping=mapping
                )
        except ImportFileError as exc:
            outcome.errors = []
            outcome.add(None, "", str(exc))
            return outcome
        _describe_table(outcome, table, mapping)
        outcome.targets = [("", "— Bỏ qua cột này —")] + [
            (c.key, c.key) for c in resource_class.columns() if c.key not in table.headers
        ]
        try:
            if dry_run:
                return _import_records(
                    resource_class, table, outcome, user=user, dry_run=True, progress=progress
                )
            with import_lock(key):
                return _import_records(
                    resource_class, table, outcome, user=user, dry_run=False, progress=progress
                )
        except ImportFileError as exc:
            outcome.errors = []
            outcome.add(None, "", str(exc))
            return outcome


def _describe_table(outcome: Outcome, table: Table, mapping: dict[str, str]) -> None:
    outcome.ignored_columns = list(table.ignored)
    outcome.unmapped = [h for h in table.ignored if h not in mapping]
    outcome.headers = list(table.written)
    _note_sheets(outcome, table)


def _note_sheets(outcome: Outcome, table: Table) -> None:
    outcome.sheet, outcome.sheets = table.sheet, table.sheets
    if len(table.sheets) > 1:
        outcome.warnings.append(
            f"Tệp có {len(table.sheets)} sheet; đang đọc sheet «{table.sheet}». "
            "Chọn sheet khác ở bước ghép cột nếu cần."
        )


def _import_period(content, filename, user, dry_run, progress, options, outcome) -> Outcome:
    sheet = options.get("sheet", "")
    indicators = {i.code: i for i in Indicator.objects.all()}
    vocabulary = dict(wide_vocabulary(list(indicators.values())))
    vocabulary.update(column_names(PeriodValueResource.columns()))
    table = open_table(content, filename, sheet=sheet, vocabulary=vocabulary)
    mapping = options.get("mapping")
    if mapping is None:
        mapping = saved_mapping(user=user, resource="period_values", headers=table.written)
    if is_long(table.headers):
        match_columns(table, PeriodValueResource.columns(), mapping)
        _describe_table(outcome, table, mapping)
        outcome.layout = "long"
        entries = None
    else:
        _note_sheets(outcome, table)
        entries = wide_entries(
            table,
            outcome=outcome,
            indicators=indicators,
            mapping=mapping,
            period_text=options.get("period", ""),
        )
        if entries is None:
            return outcome
    if dry_run:
        result = import_period_values(
            table, user=user, dry_run=True, progress=progress, entries=entries, outcome=outcome
        )
    else:
        with import_lock("period_values"):
            result = import_period_values(
                table, user=user, dry_run=False, progress=progress, entries=entries, outcome=outcome
            )
    if outcome.layout == "long":
        outcome.warnings.extend(w for w in table.warnings if w not in outcome.warnings)
    return result


class _Rollback(Exception):
    pass


def _import_records(resource_class, table: Table, outcome: Outcome, *, user, dry_run, progress):
    resource = resource_class(user=user)
    resource.progress = progress
    resource.write = not dry_run
    headers = [h for h in table.headers if h]
    positions = [i for i, h in enumerate(table.headers) if h]
    counts = {f.column_name for f in resource.fields.values() if f.default == 0}
    table.sum_columns = {i for i, h in enumerate(table.headers) if h in counts}
    blanks: dict[str, list[int]] = {}
    dataset = tablib.Dataset(headers=headers)
    row_numbers: list[int] = []
    for number, values in table.rows():
        dataset.append([values[i] for i in positions])
        row_numbers.append(number)
        for i in table.sum_columns:
            if cells.is_blank(values[i]):
                blanks.setdefault(table.headers[i], []).append(number)
    outcome.total_rows = len(row_numbers)
    resource.sheet_rows = row_numbers
    outcome.warnings.extend(table.warnings)
    for column in sorted(counts - set(headers), key=headers_order(resource)):
        outcome.empty_figures.append(
            f"Tệp không có cột «{column}»: mọi dòng sẽ lưu {column.lower()} là 0."
        )
    for column, rows in blanks.items():
        listed = ", ".join(str(r) for r in rows[:20]) + (" …" if len(rows) > 20 else "")
        outcome.empty_figures.append(
            f"Cột «{column}» để trống ở {len(rows)} dòng ({listed}): sẽ lưu 0."
        )
    if not row_numbers:
        outcome.add(None, "", "Tệp không có dòng dữ liệu nào.")
        return outcome
    columns = {f.attribute: f.column_name for f in resource.fields.values()}
    columns.update({name: f.column_name for name, f in resource.fields.items()})
    try:
        # The dashboard's roll-ups refresh once per unit when the file is saved, not once per
        # row, and not at all when it is rolled back.
        with transaction.atomic(), records_in_bulk(sender=resource_class):
            result = resource.import_data(
                dataset,
                dry_run=False,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
            )
            for error in result.base_errors:
                outcome.add(None, "", _message(error.error))
            for invalid in result.invalid_rows:
                number = row_numbers[invalid.number - 1]
                for field_name, messages in invalid.error_dict.items():
                    column = "" if field_name == NON_FIELD_ERRORS else columns.get(field_name, "")
                    for message in messages:
                        outcome.add(number, column, message)
            for index, errors in result.row_errors():
                for error in errors:
                    outcome.add(row_numbers[index - 1], "", _message(error.error))
            outcome.created = result.totals.get("new", 0)
            outcome.updated = result.totals.get("update", 0)
            outcome.unchanged = result.totals.get("skip", 0)
            for index, changed in enumerate(resource.changes, 1):
                number, cells_changed = changed
                for column, old, new in cells_changed:
                    outcome.change(row_numbers[number - 1], column, old, new)
                if index >= 500:
                    break
            if outcome.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    outcome.errors.sort(key=lambda e: e.row or 0)
    return outcome


def headers_order(resource):
    order = [f.column_name for f in resource.fields.values()]
    return lambda column: order.index(column) if column in order else len(order)


def _message(error: BaseException) -> str:
    if isinstance(error, DatabaseError):
        return f"Dữ liệu trùng hoặc vi phạm ràng buộc của cơ sở dữ liệu ({error})."
    text = str(error).strip()
    return text or error.__class__.__name__
