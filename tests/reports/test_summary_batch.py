"""«Tạo cho mọi đơn vị trực thuộc» in background tasks, and ``manage.py render_report``."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from movement.models import Unit
from reports.summary.models import GeneratedFile, ReportBatch, SummaryReport
from tests.reports.pdfs import text

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def mong_cai() -> Unit:
    return Unit.objects.get(level__code="district", code="194")


def start(client, fmt: str, year: int = 2022) -> ReportBatch:
    response = client.post(
        reverse("summary:batch_start"),
        {"unit": mong_cai().pk, "first_year": year, "format": fmt},
    )
    assert response.status_code == 302, response.content
    return ReportBatch.objects.get(pk=response.url.rstrip("/").split("/")[-1])


@override_settings(TASKS=DATABASE)
def test_batch_runs_in_the_database_worker_one_file_per_commune(
    client, login, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker drops "old" connections between tasks; inside the test's transaction that
    # would close the one connection the test runs in (on PostgreSQL), so it keeps it here.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    user = login("vanphong.mongcai")
    with django_capture_on_commit_callbacks(execute=True):
        batch = start(client, "xlsx")
    assert batch.total == 17
    page = client.get(reverse("summary:batch", args=[batch.pk])).content.decode()
    assert "Đang tạo: 0/17" in page and 'http-equiv="refresh"' in page
    assert not GeneratedFile.objects.exists()  # nothing runs in the web request

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    files = list(batch.files.select_related("report__unit"))
    assert len(files) == 17
    assert {f.report.unit.parent_id for f in files} == {mong_cai().pk}
    for stored in files:
        assert stored.sha256 == hashlib.sha256(bytes(stored.content)).hexdigest()
        assert stored.generated_by == user and stored.format == "xlsx"
    page = client.get(reverse("summary:batch", args=[batch.pk])).content.decode()
    assert "Đã xong 17/17 đơn vị" in page and 'http-equiv="refresh"' not in page
    assert SummaryReport.objects.filter(unit__parent=mong_cai(), first_year=2022).count() == 17


@override_settings(TASKS=IMMEDIATE)
def test_batch_uses_the_edited_report_of_a_unit_when_there_is_one(
    client, login, django_capture_on_commit_callbacks
):
    login("vanphong.mongcai")
    hai_hoa = Unit.objects.get(level__code="commune", code="06742")
    # Hải Hòa has no approved yearly report of its own: the page says so, staff go on.
    warned = client.post(reverse("summary:create"), {"unit": hai_hoa.pk, "first_year": 2021})
    assert (
        "Năm 2021" in warned.content.decode()
        and not SummaryReport.objects.filter(unit=hai_hoa).exists()
    )
    client.post(
        reverse("summary:create"), {"unit": hai_hoa.pk, "first_year": 2021, "xac_nhan": "1"}
    )
    edited = SummaryReport.objects.get(unit=hai_hoa)
    edited.assessment = "Đánh giá do văn phòng viết tay."
    edited.save()
    with django_capture_on_commit_callbacks(execute=True):
        batch = start(client, "pdf", year=2021)
    stored = batch.files.get(report=edited)
    assert "Đánh giá do văn phòng viết tay." in text(bytes(stored.content))
    assert batch.files.count() == 17 and batch.errors == []


def test_batch_of_a_unit_outside_scope_is_refused(client, login):
    login("vanphong.mongcai")
    tra_linh = Unit.objects.get(level__code="district", code="046")
    response = client.post(
        reverse("summary:batch_start"),
        {"unit": tra_linh.pk, "first_year": 2018, "format": "pdf"},
        follow=True,
    )
    assert "Đơn vị này không thuộc phạm vi của bạn." in response.content.decode()
    assert not ReportBatch.objects.exists()


def test_render_report_command_writes_the_pdf(tmp_path):
    out = tmp_path / "tra-linh-2018.pdf"
    stdout = io.StringIO()
    call_command(
        "render_report", "--unit", "046", "--year", "2018", "--out", str(out), stdout=stdout
    )
    body = text(out.read_bytes())
    assert "38 cuộc tại các xã, thị trấn với 1.546 lượt người nghe" in body
    assert hashlib.sha256(out.read_bytes()).hexdigest() in stdout.getvalue()
    assert not SummaryReport.objects.exists()  # the command drafts without saving


def test_render_report_command_writes_the_xlsx_annex(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "mong-cai.xlsx"
    call_command(
        "render_report", "--unit", "194", "--year", "2013", "--to-year", "2023",
        "--format", "xlsx", "--out", str(out), stdout=io.StringIO(),
    )  # fmt: skip
    book = load_workbook(out)
    assert book.sheetnames[:2] == ["Biểu 1 - Tổng hợp", "Biểu 2 - Theo năm"]
    values = [row for row in book["Biểu 1 - Tổng hợp"].iter_rows(values_only=True)]
    assert any(
        row[1] == "Ngày hội toàn dân bảo vệ ANTQ được tổ chức" and row[3] == 170 for row in values
    )


def test_a_reused_code_is_resolved_by_the_years():
    """01447 was thị trấn Hùng Quốc until 2020, then thị trấn Trà Lĩnh, then xã Trà Lĩnh."""
    from reports.management.commands.render_report import find_unit
    from reports.selectors import Span

    assert find_unit("01447", Span(2018, 2018), None).name == "Thị trấn Hùng Quốc"
    # Over years that cross a merger, the unit as it stands at the end (its totals carry the
    # predecessors'): 06712 was phường Trần Phú until 30/06/2025, then phường Móng Cái 1.
    assert find_unit("01447", Span(2018, 2025), None).name == "Xã Trà Lĩnh"
    assert find_unit("06712", Span(2025, 2025), None).name == "Phường Móng Cái 1"
    assert find_unit("06712", Span(2024, 2024), None).name == "Phường Trần Phú"
    # Two units of different levels still carrying the code at the end: the level tells.
    xa = find_unit("01447", Span(2026, 2026), None)
    other = Unit.objects.create(
        code="01447", name="Đơn vị thử trùng mã", kind="Tỉnh", level=xa.parent.level
    )
    with pytest.raises(CommandError, match="nhiều đơn vị"):
        find_unit("01447", Span(2026, 2026), None)
    assert find_unit("01447", Span(2026, 2026), xa.level.code) == xa
    assert find_unit("01447", Span(2026, 2026), other.level.code) == other
    with pytest.raises(CommandError, match="Không có đơn vị nào mang mã 99999"):
        find_unit("99999", Span(2018, 2018), None)
