"""JSON logs carry the request id and the signed-in user (docs/deploy.md)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from config.logs import JsonFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


def test_a_request_log_line_is_json_with_the_request_id_and_the_user(client, login):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        login("ca.haihoa")
        response = client.get("/bao-cao/999999/", HTTP_X_REQUEST_ID="req-0123456789")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    assert response["X-Request-ID"] == "req-0123456789"
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["request_id"] == "req-0123456789"
    assert entry["user"] == "ca.haihoa"
    assert entry["status"] == 404 and entry["level"] == "WARNING"


def test_a_forged_request_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32
