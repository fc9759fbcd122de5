"""The one import: read the file, check every row, save all or nothing.

Used by the admin (preview and confirm), the background task and
``manage.py import_data``, so every path applies the same checks.
"""

from __future__ import annotations

from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import DatabaseError, transaction
from django.utils import translation

from movement.imports.outcome import Outcome, Progress
from movement.imports.reader import ImportFileError, Table, canonical, open_table
from movement.resources import get_resource, resources
from movement.signals import records_in_bulk
from movement.text import fold


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


def detect_resource(content: bytes, filename: str = "") -> str:
    """Which resource a file holds: by its sheet's name, else by its columns."""
    table = open_table(content, filename)
    candidates = resources()
    if table.sheet:
        for key, resource in candidates.items():
            if fold(table.sheet) in (fold(resource.title[:31]), key):
                return key
    present = {canonical(h) for h in table.headers if h}
    best: list[tuple[int, str]] = []
    for key, resource in candidates.items():
        columns = resource.columns()
        names = {canonical(c.key) for c in columns}
        required = {canonical(c.key) for c in columns if c.required}
        if required <= present:
            best.append((len(names & present), key))
    best.sort(reverse=True)
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        raise ImportFileError(
            "Không nhận ra loại dữ liệu của tệp: hãy dùng tệp mẫu, hoặc chọn loại dữ liệu khi nhập."
        )
    return best[0][1]


def run_import(
    content: bytes,
    *,
    user: Any,
    resource_key: str | None = None,
    filename: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Outcome:
    """Imports ``content`` as ``user``; with any error (or ``dry_run``) nothing is saved."""
    with translation.override("vi"):
        outcome = Outcome(resource=resource_key or "", dry_run=dry_run)
        try:
            key = resource_key or detect_resource(content, filename)
            outcome.resource = key
            resource_class = get_resource(key)
            if not can_import(user, key):
                raise ImportFileError(f"Bạn không có quyền nhập «{resource_class.title}» từ tệp.")
            table = open_table(content, filename, resource_class.columns())
        except ImportFileError as exc:
            outcome.add(None, "", str(exc))
            return outcome
        outcome.ignored_columns = table.ignored
        try:
            if key == "period_values":
                from movement.imports.period import import_period_values

                result = import_period_values(table, user=user, dry_run=dry_run, progress=progress)
                result.ignored_columns = table.ignored
                return result
            return _import_records(
                resource_class, table, outcome, user=user, dry_run=dry_run, progress=progress
            )
        except ImportFileError as exc:
            outcome.errors = []
            outcome.add(None, "", str(exc))
            return outcome


class _Rollback(Exception):
    pass


def _import_records(resource_class, table: Table, outcome: Outcome, *, user, dry_run, progress):
    resource = resource_class(user=user)
    resource.progress = progress
    headers = [h for h in table.headers if h]
    positions = [i for i, h in enumerate(table.headers) if h]
    dataset = tablib.Dataset(headers=headers)
    row_numbers: list[int] = []
    for number, values in table.rows():
        dataset.append([values[i] for i in positions])
        row_numbers.append(number)
    outcome.total_rows = len(row_numbers)
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
            outcome.updated = result.totals.get("update", 0) + result.totals.get("skip", 0)
            if outcome.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    outcome.errors.sort(key=lambda e: e.row or 0)
    return outcome


def _message(error: BaseException) -> str:
    if isinstance(error, DatabaseError):
        return f"Dữ liệu trùng hoặc vi phạm ràng buộc của cơ sở dữ liệu ({error})."
    text = str(error).strip()
    return text or error.__class__.__name__
