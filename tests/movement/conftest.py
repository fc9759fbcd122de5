"""Fixtures of the movement's page tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def officer(login):
    return login("ca.haihoa")


@pytest.fixture
def other_commune(demo_user):
    return demo_user("ca.tranphu").unit
