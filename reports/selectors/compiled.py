"""Compile-once SQL for the selectors' hot queries (the dashboard's and the summary's).

Building and compiling an ORM query costs more than running it on a warm database: a
dashboard would spend most of its time in the compiler. So each query *shape* is compiled
once per process, with stand-in bounds, and later calls re-bind the real bounds into the same
SQL:

* a selector passes ``build(stands, windows)``, a function returning a ``values()`` queryset,
  with a ``shape`` key naming everything else the SQL depends on;
* :class:`Stand` units carry digit-only paths and ids, and :func:`stand_window` date windows
  carry improbable dates; :func:`compile_query` finds where they went in the SQL's parameters
  (paths, path upper bounds, ids, dates and the years ``year_bounds`` derives from them);
* :func:`run` re-binds the real units and windows into those slots, runs the SQL and types
  the rows with the compiler's own converters, so rows come back as the ORM would give them
  (dates, decimals) on every database.

A shape must therefore put into its SQL nothing that varies per call besides the units and
windows passed: anything else belongs in ``shape``. ``tests/reports/test_compiled_queries.py``
checks every shape the pages use against the plain ORM.

Every query runs on the connection :func:`reports.routers.read_alias` names: the primary, or,
inside the dashboard's reads, the alias a router points at a read replica.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from movement.computations import year_bounds
from movement.models import Unit, UnitLevel
from movement.models.base import path_upper
from reports.routers import read_alias


class ScopeUser:
    """A stand-in for ``user`` in compiled queries: the same standing, its unit a stand-in.

    ``for_user`` scopes by the user's unit; compiled with this user, the unit's bounds are
    re-bound at each call like any other stand-in unit (the first of the call's units)."""

    def __init__(self, user) -> None:
        self.is_authenticated = bool(getattr(user, "is_authenticated", False))
        self.is_active = bool(getattr(user, "is_active", False))
        self.is_superuser = bool(getattr(user, "is_superuser", False))
        self.unit = getattr(user, "unit", None) if user is not None else None

    def shape(self) -> tuple:
        return (self.is_authenticated, self.is_active, self.is_superuser, self.unit is not None)

    def units(self) -> list[Unit]:
        """The units to pass first to ``run``: the user's own unit when it scopes."""
        return [self.unit] if self.unit is not None and not self.is_superuser else []

    def stand_in(self, stands: list[Stand]) -> ScopeUser:
        standin = copy.copy(self)
        if self.unit is not None:
            standin.unit = stands[0]
        return standin


@dataclass(frozen=True)
class Ref:
    """A unit known only by its primary key (and path when known); or another row bound in
    its place, e.g. an indicator (``report_values_of_kinds``)."""

    pk: int
    path: str = ""


class Stand:
    """A stand-in unit whose digit-only path (or id) marks where a real unit's go in the SQL."""

    def __init__(self, index: int) -> None:
        self.path = f"9876543{index}0"
        self.pk = 987_654_300_000 + index


def stand_window(index: int) -> tuple[dt.date, dt.date]:
    return dt.date(1100 + 2 * index, 1, 2), dt.date(1101 + 2 * index, 12, 30)


# Compiled SQL of the dashboard's queries, by their shape: building and compiling an ORM query
# costs more than running it, so each shape is compiled once with stand-in bounds (units and
# date windows), and later calls re-bind the real bounds into the same SQL. The compiler's
# converters are kept with it, so that rows come back typed as the ORM would give them (dates,
# decimals) on every database.
@dataclass(frozen=True)
class Compiled:
    sql: str
    names: tuple[str, ...]  # the keys of the ``values()`` rows, in column order
    binding: tuple[tuple[str, object], ...]
    # (column, converters, expression, type): ``type`` when the converters only cast to it
    converters: tuple[tuple[int, tuple, object, type | None], ...]


COMPILED: dict[tuple, Compiled] = {}
NO_ROWS = Compiled("", (), (), ())


def compile_query(
    build: Callable[[list[Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: int,
    windows: int,
    connection=None,
) -> Compiled:
    connection = connection or connections[read_alias()]
    ops = connection.ops
    stands = [Stand(i) for i in range(units)]
    stand_windows = [stand_window(j) for j in range(windows)]
    query = build(stands, stand_windows).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    slots: dict[object, tuple[str, object]] = {}
    for i, stand in enumerate(stands):
        slots[stand.path] = ("path", i)
        slots[path_upper(stand.path)] = ("upper", i)
        slots[stand.pk] = ("pk", i)
    for j, (start, end) in enumerate(stand_windows):
        slots[ops.adapt_datefield_value(start)] = ("start", j)
        slots[ops.adapt_datefield_value(end)] = ("end", j)
        first, last = year_bounds(start, end)
        slots[first] = ("start_year", j)
        slots[last] = ("end_year", j)
    binding = tuple(
        slots.get(p, ("literal", p))
        if isinstance(p, (str, int, dt.date)) and not isinstance(p, bool)
        else ("literal", p)
        for p in params
    )
    columns = [col for col, _, _ in compiler.select[: compiler.col_count]]
    converters = tuple(
        (i, tuple(funcs), expression, _cast_only(funcs, expression))
        for i, (funcs, expression) in compiler.get_converters(columns).items()
    )
    return Compiled(sql, names, binding, converters)


_CASTS = {"IntegerField": int, "BigIntegerField": int, "DecimalField": Decimal, "FloatField": float}


def _cast_only(funcs: list, expression: object) -> type | None:
    """The type a column's converters cast to, when they do nothing else: an aggregate's
    ``convert_value`` (``int(v)``, ``Decimal(v)``, ``float(v)``, None kept), which leaves a
    value the database already gave in that type, or None, as it is."""
    if len(funcs) != 1 or funcs[0] is not getattr(expression, "convert_value", None):
        return None
    return _CASTS.get(expression.output_field.get_internal_type())


def run(
    shape: tuple,
    build: Callable[[list[Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: Sequence[Unit],
    windows: Sequence[tuple[dt.date, dt.date]] = (),
    *,
    tuples: bool = False,
) -> list:
    """Rows of ``build(units, windows)`` (a ``values()`` queryset), compiled once per shape.

    Dicts keyed like the ``values()`` rows; with ``tuples``, the bare rows in the same column
    order (for the queries returning thousands of rows)."""
    connection = connections[read_alias()]
    ops = connection.ops
    cache_key = (*shape, len(units), len(windows), connection.vendor)
    compiled = COMPILED.get(cache_key)
    if compiled is None:
        try:
            compiled = compile_query(build, len(units), len(windows), connection)
        except EmptyResultSet:  # e.g. ``unit__in`` an empty list: no rows, whatever the bounds
            compiled = NO_ROWS
        COMPILED[cache_key] = compiled
    if compiled is NO_ROWS:
        return []
    params = []
    pks = [unit.pk for unit in units]  # a child's key goes into a query up to three times
    for kind, ref in compiled.binding:
        if kind == "literal":
            params.append(ref)
        elif kind == "pk":
            params.append(pks[ref])
        elif kind == "path":
            params.append(units[ref].path)
        elif kind == "upper":
            params.append(path_upper(units[ref].path))
        elif kind == "start":
            params.append(ops.adapt_datefield_value(windows[ref][0]))
        elif kind == "end":
            params.append(ops.adapt_datefield_value(windows[ref][1]))
        elif kind == "start_year":
            params.append(year_bounds(*windows[ref])[0])
        else:
            params.append(year_bounds(*windows[ref])[1])
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiled.converters and rows:
        # Column by column: one ``map`` per converted column instead of a loop per value.
        columns: list = list(zip(*rows, strict=True))
        for i, funcs, expression, cast in compiled.converters:
            if cast is not None:  # sums and counts: PostgreSQL's are typed already
                convert = funcs[0]
                columns[i] = [
                    v if v is None or type(v) is cast else convert(v, expression, connection)
                    for v in columns[i]
                ]
                continue
            for func in funcs:
                columns[i] = map(
                    lambda value, f=func, e=expression: f(value, e, connection), columns[i]
                )
        rows = list(zip(*columns, strict=True))
    if tuples:
        return rows
    names = compiled.names
    return [dict(zip(names, row, strict=True)) for row in rows]


UNIT_COLUMNS = tuple(f.attname for f in Unit._meta.concrete_fields)
LEVEL_COLUMNS = tuple(f"level__{f.attname}" for f in UnitLevel._meta.concrete_fields)


def read_units(
    shape: tuple,
    build: Callable[[list[Stand], list[tuple[dt.date, dt.date]]], QuerySet],
    units: Sequence[Unit | Stand],
    windows: Sequence[tuple[dt.date, dt.date]] = (),
) -> list[Unit]:
    """Units read by a compile-once query whose ``values()`` name ``UNIT_COLUMNS`` (and
    ``LEVEL_COLUMNS``: the level is then attached as ``select_related`` would)."""
    alias = read_alias()
    units_out = []
    levels: dict[int, UnitLevel] = {}  # one instance per level, shared like a cache would
    count = len(UNIT_COLUMNS)
    for row in run(shape, build, units, windows, tuples=True):
        # The columns come in the order of ``values()``: the unit's, then its level's.
        unit = Unit.from_db(alias, UNIT_COLUMNS, row[:count])
        if len(row) > count:
            level = levels.get(unit.level_id)
            if level is None:
                level = levels[unit.level_id] = UnitLevel.from_db(alias, _LEVEL_FIELDS, row[count:])
            Unit.level.field.set_cached_value(unit, level)
        units_out.append(unit)
    return units_out


_LEVEL_FIELDS = tuple(f.attname for f in UnitLevel._meta.concrete_fields)
