"""Adding differences to the subtree roll-ups without a race: upserts in one fixed lock order.

Every write of a commune changes the subtree rows of the commune, its province and the
country. Reading those rows, then inserting the missing ones, fails when two provinces do it
at the same moment for a period nobody reported yet: both read "no national row", both
insert, one gets ``IntegrityError`` (issue 18). Here each difference is added by the database
itself, ``INSERT … ON CONFLICT (key) DO UPDATE SET value = value + EXCLUDED.value``: a
concurrent writer of the same row waits for the first one's commit and then adds to what it
committed. Nothing is read first, so nothing read can be stale.

The rows of one call are written in ascending key order, in as few statements as the
parameter limit allows, and every writer uses that order: two transactions never hold one
row each while waiting for the other's (no deadlock between single refreshes). Rows whose
figures come back to "nothing" (no contributing unit, or all three record figures zero) are
deleted in the same call, from the ids the upsert returned.

PostgreSQL and SQLite (≥ 3.35, for ``RETURNING``) take the same statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import connection, models

# Rows per statement: SQLite allows 32,766 parameters (3.32+), PostgreSQL 65,535.
ROWS_PER_STATEMENT = 500


def add(
    model: type[models.Model],
    keys: Sequence[str],
    figures: Sequence[str],
    deltas: Mapping[tuple, Sequence],
    *,
    empty: str,
) -> int:
    """Add ``deltas`` ``{key values: figure differences}`` to ``model``'s rows; returns rows touched.

    ``keys`` are the columns of the model's unique constraint, ``figures`` the columns the
    differences add to, ``empty`` the SQL condition of a row that no longer holds anything.
    """
    if not deltas:
        return 0
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = [*keys, *figures]
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{qn(f)} = {table}.{qn(f)} + EXCLUDED.{qn(f)}" for f in figures)
    ordered = sorted(deltas.items())
    emptied: list[int] = []
    with connection.cursor() as cursor:
        for at in range(0, len(ordered), ROWS_PER_STATEMENT):
            chunk = ordered[at : at + ROWS_PER_STATEMENT]
            params: list = []
            for key, values in chunk:
                params.extend(key)
                params.extend(values)
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "
                f"VALUES {', '.join([row_sql] * len(chunk))} "
                f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {updates} "
                f"RETURNING id, CASE WHEN {empty} THEN 1 ELSE 0 END",
                params,
            )
            emptied.extend(pk for pk, is_empty in cursor.fetchall() if is_empty)
        if emptied:
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN ({', '.join(['%s'] * len(emptied))})", emptied
            )
    return len(ordered)
