"""Safe exports: BOM for Excel, no formula injection, streaming, only the user's units, permissions."""

import io

import pytest
from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from movement.exports import csv_lines, escape_formula, export_rows, write_xlsx
from movement.models import PropagandaSession
from movement.resources import resources
from tests import factories

pytestmark = pytest.mark.django_db


def export_url(model: str, fmt: str) -> str:
    return reverse(f"admin:movement_{model}_export", args=[fmt])


def test_csv_export_has_a_bom_escapes_formulae_and_streams(client, login):
    user = login("ca.haihoa")
    factories.propaganda(user.unit, topic="=1+1")
    factories.propaganda(user.unit, topic="@SUM(A1)")
    response = client.get(export_url("propagandasession", "csv"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert "'=1+1" in text and "'@SUM(A1)" in text
    assert "\n=1+1" not in text and ",=1+1" not in text


def test_xlsx_export_writes_formula_text_as_text(client, login):
    user = login("ca.haihoa")
    factories.propaganda(user.unit, topic='=HYPERLINK("http://x")')
    response = client.get(export_url("propagandasession", "xlsx"))
    assert isinstance(response, FileResponse)
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cells = [
        c
        for row in workbook.active.iter_rows()
        for c in row
        if c.value and "HYPERLINK" in str(c.value)
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_exports_hold_only_the_users_units(client, login, demo_user):
    user = login("ca.haihoa")
    other = demo_user("ca.tranphu").unit
    factories.propaganda(other, topic="Buổi của Trần Phú")
    text = b"".join(client.get(export_url("propagandasession", "csv")).streaming_content).decode()
    assert "Buổi của Trần Phú" not in text
    assert "Hải Hòa" in text
    rows = list(export_rows(resources()["propaganda"](user=user)))
    assert len(rows) - 1 == PropagandaSession.objects.filter(unit=user.unit).count()


def test_streaming_export_reads_rows_in_chunks_not_all_at_once(
    demo_user, django_assert_max_num_queries
):
    user = demo_user("admin")
    resource = resources()["propaganda"](user=user)
    lines = csv_lines(export_rows(resource))
    assert next(lines) == "\ufeff"
    # The header is produced before the queryset is even read.
    with django_assert_max_num_queries(1):
        header = next(lines)
    assert header.startswith("Đơn vị,")
    assert sum(1 for _ in lines) == PropagandaSession.objects.count()


def test_xlsx_dates_are_real_dates_shown_day_first(demo_user):
    resource = resources()["propaganda"](user=demo_user("ca.haihoa"))
    buffer = io.BytesIO()
    write_xlsx(export_rows(resource), buffer, "x")
    ws = load_workbook(buffer).active
    assert ws["B2"].is_date and ws["B2"].number_format == "DD/MM/YYYY"


def test_escape_formula():
    assert escape_formula("=1+1") == "'=1+1"
    assert escape_formula("-5 người") == "'-5 người"
    assert escape_formula("Phường Hải Hòa") == "Phường Hải Hòa"


@pytest.mark.parametrize("username, status", [("bcd.mongcai", 200), ("ca.haihoa", 200)])
def test_export_permission_is_its_own(client, login, username, status):
    login(username)
    assert client.get(export_url("propagandasession", "csv")).status_code == status


def test_a_user_without_export_permission_gets_403(client, login):
    from django.contrib.auth.models import Permission

    user = login("bcd.mongcai")
    for group in user.groups.all():
        group.permissions.remove(Permission.objects.get(codename="export_data"))
    assert client.get(export_url("propagandasession", "csv")).status_code == 403
