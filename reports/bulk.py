"""Bulk writing of plain rows: COPY on PostgreSQL, multi-row INSERTs elsewhere.

The roll-up rebuild (``reports.rollups``) and the synthetic national data
(``reports.bench.scale``) write millions of rows; building model instances or going
through ``bulk_create`` would cost more than the writing itself. Rows go in as tuples of
column values in the table's own column order; nothing here runs model signals or
``save()``, so callers keep their own invariants (the roll-ups are derived data).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator

from django.db import connection, models
from django.utils import timezone

BATCH = 200_000  # rows per COPY round trip


class BulkWriter:
    """COPY on PostgreSQL, multi-row INSERTs of plain tuples elsewhere; returns rows written.

    Rows never become model instances on the way (millions of them would cost more than the
    writing itself).
    """

    def __init__(self) -> None:
        self.pg = connection.vendor == "postgresql"

    def objects(self, model: type[models.Model], objs: list[models.Model]) -> int:
        fields = [
            f
            for f in model._meta.concrete_fields
            if not (f.primary_key and objs and objs[0].pk is None)
        ]
        now = timezone.now()
        stamped = [
            f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]

        def rows() -> Iterator[list[object]]:
            for obj in objs:
                for f in stamped:
                    setattr(obj, f.attname, now)
                yield [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]

        return self._write(model._meta.db_table, [f.column for f in fields], rows())

    def tuples(self, model: type[models.Model], columns: list[str], rows: Iterable[tuple]) -> int:
        if self.pg:
            return self._copy(model._meta.db_table, columns, rows)
        by_column = {f.column: f for f in model._meta.concrete_fields}
        prep = [
            None
            if isinstance(by_column[c], (models.IntegerField, models.ForeignKey))
            else by_column[c]
            for c in columns
        ]

        def prepared() -> Iterator[list[object]]:
            for row in rows:
                yield [
                    v if f is None or v is None else f.get_db_prep_save(v, connection)
                    for f, v in zip(prep, row, strict=True)
                ]

        return self._insert(model._meta.db_table, columns, prepared())

    def _write(self, table: str, columns: list[str], rows: Iterable[list[object]]) -> int:
        return (self._copy if self.pg else self._insert)(table, columns, rows)

    def _insert(self, table: str, columns: list[str], rows: Iterable[list[object]]) -> int:
        ops = connection.ops
        sql = (
            f"INSERT INTO {ops.quote_name(table)} ({', '.join(ops.quote_name(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        count = 0
        rows = iter(rows)
        with connection.cursor() as cursor:
            while batch := list(itertools.islice(rows, 5000)):
                cursor.executemany(sql, batch)
                count += len(batch)
        return count

    def _copy(self, table: str, columns: list[str], rows: Iterable[Iterable[object]]) -> int:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        count = 0
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        with connection.cursor() as cursor:
            for row in rows:
                writer.writerow([_csv(v) for v in row])
                count += 1
                if count % BATCH == 0:
                    buffer.seek(0)
                    cursor.cursor.copy_expert(sql, buffer)
                    buffer = io.StringIO()
                    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
        return count


def _csv(value: object) -> object:
    return "\\N" if value is None else value
