"""Lockout behind the proxy, the lock page, sessions, no-store and the password policy (hole 7)."""

from __future__ import annotations

import pytest
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from movement.models import Role, Unit, User

pytestmark = pytest.mark.django_db


def attempt(client, username: str, password: str, forwarded: str):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_the_proxy_a_stranger_cannot_lock_an_officer_out(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        attempt(client, "ca.tranphu", "sai", "203.0.113.9")
    assert attempt(client, "ca.tranphu", "sai", "203.0.113.9").status_code == 429
    # The officer, from their own address, still signs in.
    response = attempt(client, "ca.tranphu", "Demo@2026", "198.51.100.7")
    assert response.status_code == 302


def test_a_forged_forwarded_for_does_not_choose_the_address(rf, settings):
    from config.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"  # the entry nginx appended, not the client's own
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"


def test_the_lock_page_names_who_can_unlock_and_that_person_can(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "ca.tranphu", "password": "sai"})
    assert response.status_code == 429
    assert "Quản trị viên cấp tỉnh" in response.text
    province = Unit.objects.get(level__code="province", code="22", valid_to__isnull=True)
    administrator = User.objects.create_user(
        "qtv.quangninh", password="Qtv@2026-x", unit=province, is_staff=True
    )
    administrator.groups.add(Group.objects.get(name=Role.group_name(Role.ADMINISTRATOR)))
    client.force_login(administrator)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200
    assert "ca.tranphu" in listing.text
    # A committee does not see, nor unlock.
    client.force_login(User.objects.get(username="bcd.mongcai"))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_an_idle_session_is_ended(client, login, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    login("ca.haihoa")
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["_last_seen"] -= 61
    session.save()
    response = client.get(reverse("movement:report_list"))
    assert response.status_code == 302 and reverse("login") in response.url
    assert "_auth_user_id" not in client.session


def test_the_session_cookie_dies_with_the_browser(client):
    client.post(reverse("login"), {"username": "ca.haihoa", "password": "Demo@2026"})
    cookie = client.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]


@pytest.mark.parametrize("name", ["home", "movement:report_list", "reports:dashboard"])
def test_pages_with_police_data_are_never_cached(client, login, name):
    login("bcd.mongcai")
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_dashboard_export_is_never_cached(client, login):
    login("bcd.mongcai")
    response = client.get(reverse("reports:export", args=["chi-so"]))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("password", ["Demo2026", "Bienphong2026", "khongcoso!"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password)


def test_the_demo_password_still_passes():
    password_validation.validate_password("Demo@2026")
