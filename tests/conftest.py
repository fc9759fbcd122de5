"""Shared fixtures: the demo data is loaded once per test session, each test runs in a rolled-back transaction."""

from __future__ import annotations

import pytest
from django.core.management import call_command

DEMO_PASSWORD = "Demo@2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Each test starts with an empty cache (drawn charts, cached sessions) that no other test
    or earlier run filled: what a test sees of the cache, it made."""
    import uuid

    from reports.dashboard import charts

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": uuid.uuid4().hex,
        }
    }
    charts.cache_clear()


@pytest.fixture
def demo_user(db):
    """Look up a demo login by username: ``demo_user("ca.haihoa")``."""
    from movement.models import User

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def login(client, demo_user):
    """Sign a demo user in on the test client and return that user."""

    def do(username: str):
        user = demo_user(username)
        client.force_login(user)
        return user

    return do
