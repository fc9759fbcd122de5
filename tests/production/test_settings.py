"""Deployment-grade settings from the environment (issue 17, hole 9 and hole 5's setting)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-0f8e7d6c5b4a39281706f5e4d3c2b1a0zz",
    "ALLOWED_HOSTS": "antq.example.gov.vn",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
    "TRUSTED_PROXY_COUNT": "1",
}


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_values():
    result = run_check(PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_check_deploy_still_warns_without_them():
    """The check is not vacuous: without HTTPS settings it fails on HSTS and the redirect."""
    result = run_check({k: PRODUCTION[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")})
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr
    assert "security.W019" not in result.stderr  # X-Frame-Options is DENY whatever the env


def test_persistent_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_sessions_end_at_browser_close_and_when_idle():
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert 0 < settings.SESSION_IDLE_TIMEOUT <= 3600
    assert settings.X_FRAME_OPTIONS == "DENY"
