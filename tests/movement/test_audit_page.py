"""Nhật ký thay đổi: who changed what and when, in the user's units only (issue 17)."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories

pytestmark = pytest.mark.django_db

TOPIC = "Tuyên truyền Luật lực lượng tham gia bảo vệ ANTT ở cơ sở"


@pytest.fixture
def changes(client, login, demo_user):
    """ca.haihoa edits a session in Hải Hòa; ca.hailong one in Hải Long (another province)."""
    officer = login("ca.haihoa")
    session = factories.propaganda(officer.unit, attendees=40, topic=TOPIC)
    session.history.update(history_user=officer)
    session.attendees = 1546
    session._history_user = officer
    session.save()
    far = demo_user("ca.hailong")
    other = factories.propaganda(far.unit, topic="Buổi ở xã Hải Long")
    other.history.update(history_user=far)
    client.logout()
    return session, other


def test_a_committee_sees_who_changed_what_below_it(client, login, changes):
    login("bcd.mongcai")
    response = client.get(reverse("movement:audit"))
    assert response.status_code == 200
    text = response.text
    assert TOPIC in text and "ca.haihoa" in text
    assert "40 → <strong>1546</strong>" in text
    assert "Hải Long" not in text and "ca.hailong" not in text


def test_the_filters_narrow_the_log(client, login, changes):
    login("bcd.mongcai")
    url = reverse("movement:audit")
    assert TOPIC not in client.get(url, {"nguoi": "bcd.mongcai"}).text
    assert TOPIC in client.get(url, {"loai": "movement.propagandasession"}).text
    assert TOPIC not in client.get(url, {"loai": "movement.periodreport"}).text
    assert TOPIC not in client.get(url, {"tu_ngay": "01/01/2099"}).text
    assert (
        client.get(url, {"don_vi": "99999999999999999999", "tu_ngay": "31/02/2024"}).status_code
        == 200
    )


def test_the_log_exports_as_xlsx(client, login, changes):
    login("bcd.mongcai")
    response = client.get(reverse("movement:audit_export"), {"loai": "movement.propagandasession"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Thời điểm", "Thao tác", "Loại dữ liệu")
    mine = [r for r in rows if r[3] == TOPIC]
    assert {r[1] for r in mine} == {"Thêm", "Sửa"}
    assert any("1546" in (r[6] or "") for r in mine)
    assert not any(r[3] == "Buổi ở xã Hải Long" for r in rows)


def test_officers_and_staff_may_not_read_the_log(client, login):
    for username in ("ca.haihoa", "vanphong.mongcai"):
        login(username)
        assert client.get(reverse("movement:audit")).status_code == 403
        assert client.get(reverse("movement:audit_export")).status_code == 403


def test_the_log_costs_a_fixed_number_of_queries(client, login, changes):
    login("admin")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("movement:audit")).status_code == 200
    assert len(ctx.captured_queries) <= 15
