"""Where the dashboard reads: a database alias a router can point at a read replica (DESIGN §8).

``REPORTS_READ_DATABASE`` names the alias (``"replica"`` when ``DATABASE_REPLICA_URL`` is set,
else ``"default"``). Only reads made inside :func:`dashboard_reads` go there: the
dashboard's figures, which can be a moment behind the primary, never the reads a write depends
on (a roll-up refresh, a save's checks), which always see the primary. The compile-once
selectors (``reports.selectors.compiled``) ask :func:`read_alias` for their connection; ORM
reads in the block are routed by :class:`ReportsReadRouter`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

_replica: ContextVar[bool] = ContextVar("reports_replica_reads", default=False)


@contextmanager
def dashboard_reads() -> Iterator[None]:
    """Reads inside go to ``REPORTS_READ_DATABASE``."""
    token = _replica.set(True)
    try:
        yield
    finally:
        _replica.reset(token)


def read_alias() -> str:
    """The alias for a read made now (inside ``dashboard_reads``: the read database)."""
    if _replica.get():
        return getattr(settings, "REPORTS_READ_DATABASE", DEFAULT_DB_ALIAS)
    return DEFAULT_DB_ALIAS


class ReportsReadRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        return read_alias() if _replica.get() else None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the primary's rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == DEFAULT_DB_ALIAS
