"""Vietnamese error pages with the menu when DEBUG is off (issue 17, hole 6)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.DEBUG = False


def test_404_is_vietnamese_with_the_menu(client, login, production):
    login("ca.haihoa")
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert "Not Found" not in response.text
    assert reverse("movement:report_list") in response.text  # the menu


def test_403_is_vietnamese_with_the_menu(client, login, production):
    login("ca.haihoa")
    response = client.get(reverse("movement:completeness"))
    assert response.status_code == 403
    assert "Trang này dành cho Ban Chỉ đạo." in response.text
    assert reverse("movement:report_list") in response.text


def test_csrf_failure_says_the_typed_input_can_be_recovered(login, production, demo_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo_user("ca.haihoa"))
    response = client.post(reverse("movement:report_create"), {"kind": "month"})
    assert response.status_code == 403
    assert "CSRF verification failed" not in response.text
    assert "Số liệu bạn đã gõ chưa mất" in response.text
    assert "Khôi phục số liệu chưa gửi" in response.text
    assert reverse("movement:report_list") in response.text


def test_500_is_vietnamese_with_the_menu(production, demo_user, settings):
    settings.ROOT_URLCONF = "tests.production.broken_urls"
    client = Client(raise_request_exception=False)
    client.force_login(demo_user("ca.haihoa"))
    response = client.get("/loi-thu/")
    assert response.status_code == 500
    assert "Máy chủ gặp sự cố" in response.text
    assert "Server Error" not in response.text
    assert reverse("movement:report_list") in response.text
    assert response["X-Request-ID"] in response.text  # the id to quote to the administrator
