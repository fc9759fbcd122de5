"""Sign-in, sign-out and password change on the portal's own pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_vietnamese_and_signs_in(client):
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert "Đăng nhập" in page.text
    assert 'for="id_username"' in page.text and 'for="id_password"' in page.text

    response = client.post(reverse("login"), {"username": "ca.haihoa", "password": "Demo@2026"})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_is_refused_in_vietnamese(client):
    response = client.post(reverse("login"), {"username": "ca.haihoa", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.text
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_passwords_lock_the_sign_in_with_a_vietnamese_page(client, settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "ca.tranphu", "password": "sai"})
    assert response.status_code == 429
    assert "bị tạm khóa đăng nhập từ máy này trong 1 giờ" in response.text
    assert "Account locked" not in response.text
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": "ca.tranphu", "password": "Demo@2026"})
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_logout_is_a_post_and_ends_the_session(client, login):
    login("ca.haihoa")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_change_needs_the_old_password(client, login, demo_user):
    login("ca.tranphu")
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"old_password": "x", "new_password1": "Moi@2026xyz", "new_password2": "Moi@2026xyz"}
    )
    assert bad.status_code == 200 and "old_password" in bad.context["form"].errors
    good = client.post(
        url,
        {
            "old_password": "Demo@2026",
            "new_password1": "Moi@2026xyz",
            "new_password2": "Moi@2026xyz",
        },
    )
    assert good.status_code == 302 and good.url == reverse("password_change_done")
    user = demo_user("ca.tranphu")
    assert user.check_password("Moi@2026xyz") and not user.check_password("Demo@2026")
