"""Structured logs: every line carries the request's id and the signed-in user (docs/deploy.md)."""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
username: contextvars.ContextVar[str] = contextvars.ContextVar("username", default="-")


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` and ``user`` to every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.user = username.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, ready for journald, Loki or Elasticsearch."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
            "user": getattr(record, "user", username.get()),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def forget_request(**kwargs) -> None:
    """request_finished: lines logged between requests carry no stale id or user."""
    request_id.set("-")
    username.set("-")
