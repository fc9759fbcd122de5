"""After the database drops a connection, the next request reconnects (issue 17, hole 5).

Requests go through Django's real WSGI handler (the test client leaves out the request_started
hook that checks persistent connections). PostgreSQL only: SQLite has no server to restart;
the PostgreSQL run of .ci/run covers it.
"""

from __future__ import annotations

import io

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only (the PostgreSQL run covers it)"
    ),
]


def wsgi_get(path: str) -> tuple[str, bytes]:
    environ = RequestFactory().get(path).environ
    environ.setdefault("wsgi.input", io.BytesIO(b""))
    status = []
    body = b"".join(WSGIHandler()(environ, lambda s, h, *a: status.append(s)))
    return status[0], body


def terminate_our_backend() -> None:
    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    cfg = connection.settings_dict
    killer = psycopg2.connect(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname=cfg["NAME"],
    )
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()


def test_healthz_and_pages_answer_after_the_backend_is_terminated():
    assert connection.settings_dict["CONN_MAX_AGE"] > 0  # persistent, as in production
    assert wsgi_get("/healthz")[0].startswith("200")
    terminate_our_backend()
    status, body = wsgi_get("/healthz")
    assert status.startswith("200"), body
    terminate_our_backend()
    assert wsgi_get("/dang-nhap/")[0].startswith("200")
