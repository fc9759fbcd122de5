"""Exports of the báo cáo tổng kết as staff make them: from the edit page (saved first), as
Word, as the XLSX annex ready to print; the draft mark and what is missing; the create page's
years without an approved report; the preview in the bundled font."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from movement.models import ExportJob, Unit
from reports.summary.models import GeneratedFile, SummaryReport
from tests.reports.pdfs import text
from tests.reports.test_summary_pages import IMMEDIATE, create, edit_data, export

pytestmark = pytest.mark.django_db


def mong_cai() -> Unit:
    return Unit.objects.get(level__code="district", code="194")


COMPLETE = {
    "assessment": "**1. Ưu điểm**\n- Phong trào được duy trì ở *17/17* xã, phường.\n"
    "**2. Hạn chế**\n- Còn xã chưa có mô hình.\n**3. Nguyên nhân**\n- Cấp ủy quan tâm.",
    "directions": "- Tiếp tục duy trì các tổ tự quản.",
    "proposals": "- Đề nghị khen thưởng phường Bình Ngọc.",
}


def test_export_from_the_edit_page_saves_what_was_typed_first(
    client, login, django_capture_on_commit_callbacks
):
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2022)
    with override_settings(TASKS=IMMEDIATE), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("summary:edit", args=[report.pk]),
            edit_data(report, situation="Đặc điểm vừa gõ, chưa bấm Lưu.", xuat="pdf"),
        )
    assert response.status_code == 302
    job = ExportJob.objects.get(kind="summary")
    assert response.url == reverse("movement:export_job", args=[job.pk])
    stored = GeneratedFile.objects.get(report=report, format="pdf")
    assert job.result_url == reverse("summary:file", args=[stored.pk])
    report.refresh_from_db()
    assert report.situation == "Đặc điểm vừa gõ, chưa bấm Lưu." and report.version == 2
    assert "Đặc điểm vừa gõ, chưa bấm Lưu." in text(bytes(stored.content))
    assert stored.report_version == 2 and job.params["version"] == 2
    page = client.get(response.url).content.decode()
    assert f"Đã lưu các thay đổi; đang tạo tệp {stored.file_name}." in page
    assert "Tải xuống" in page and reverse("summary:edit", args=[report.pk]) in page


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_pdf_and_docx_are_made_by_the_worker_not_in_the_request(
    client, login, django_capture_on_commit_callbacks, monkeypatch
):
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # the test's connection
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2022)
    jobs = {}
    for fmt in ("pdf", "docx"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("summary:export", args=[report.pk, fmt]))
        assert response.status_code == 302
        jobs[fmt] = ExportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
        page = client.get(response.url).content.decode()
        assert "Đang chờ tạo tệp" in page and 'http-equiv="refresh"' in page
        assert "Báo cáo tổng kết Thành phố Móng Cái, năm 2022" in page
    assert not GeneratedFile.objects.exists()  # nothing rendered in the requests
    # Foreign eyes: another district's committee sees neither the page nor the file.
    client.logout()
    login("bcd.tralinh")
    for job in jobs.values():
        assert client.get(reverse("movement:export_job", args=[job.pk])).status_code == 404
        assert client.get(reverse("movement:export_download", args=[job.pk])).status_code == 404
    client.logout()
    login("vanphong.mongcai")

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    files = {}
    for fmt, job in jobs.items():
        job.refresh_from_db()
        assert job.status == "done", job.message
        page = client.get(reverse("movement:export_job", args=[job.pk])).content.decode()
        assert "Tải xuống" in page and job.file_name in page and 'http-equiv="refresh"' not in page
        files[fmt] = client.get(reverse("movement:export_download", args=[job.pk]), follow=True)
    assert files["pdf"].content.startswith(b"%PDF")
    assert "Thành phố Móng Cái" in text(files["pdf"].content)
    document = Document(io.BytesIO(files["docx"].content))
    assert any("MÓNG CÁI" in p.text.upper() for p in document.paragraphs)
    assert GeneratedFile.objects.filter(report=report).count() == 2


def test_a_summary_export_refused_by_the_time_it_runs_ends_failed(
    client, login, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    from movement.export_jobs import export_job_run

    user = login("bcd.mongcai")
    report = SummaryReport.objects.create(
        unit=mong_cai(), first_year=2022, last_year=2022, issuing_body="BCĐ",
        place="Móng Cái", title="Tổng kết", signer_title="Trưởng ban",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse("summary:export", args=[report.pk, "pdf"]))
    job = ExportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    for group in user.groups.all():
        group.permissions.remove(Permission.objects.get(codename="export_summaryreport"))
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "Bạn không có quyền xuất báo cáo tổng kết này.")
    assert not GeneratedFile.objects.exists()
    page = client.get(reverse("movement:export_job", args=[job.pk])).content.decode()
    assert "Không tạo được tệp." in page and "Bạn không có quyền xuất" in page


def test_export_from_the_edit_page_with_bad_input_saves_and_exports_nothing(client, login):
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2022)
    response = client.post(
        reverse("summary:edit", args=[report.pk]),
        edit_data(report, issuing_body="", situation="Không lưu.", xuat="docx"),
    )
    assert response.status_code == 400
    assert "Hãy nhập «Cơ quan ban hành»." in response.content.decode()
    assert not GeneratedFile.objects.filter(report=report).exists()
    report.refresh_from_db()
    assert report.version == 1 and "Không lưu." not in report.situation


def test_a_draft_is_marked_until_everything_required_is_written(client, login):
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2022)
    page = client.get(reverse("summary:edit", args=[report.pk])).content.decode()
    assert "dự thảo" in page and "III. Đánh giá chung: còn" in page
    draft = export(client, report, "pdf")
    assert "DỰ THẢO" in text(draft.content)
    client.post(
        reverse("summary:edit", args=[report.pk]),
        edit_data(report, signer_name="Lê Hồng Vân", **COMPLETE),
    )
    report.refresh_from_db()
    final = export(client, report, "pdf")
    body = text(final.content)
    assert "DỰ THẢO" not in body
    # The markup is read, not printed: a bold sub-heading, a bullet, italics.
    assert "1. Ưu điểm" in body and "**" not in body and "*17/17*" not in body
    docx = export(client, report, "docx")
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    document = Document(io.BytesIO(docx.content))
    assert "DỰ THẢO" not in document.sections[0].header._element.xml
    italic = [r.text for p in document.paragraphs for r in p.runs if r.italic]
    assert "17/17" in italic
    preview = client.get(reverse("summary:preview", args=[report.pk])).content.decode()
    assert '<p class="doc-h3">1. Ưu điểm</p>' in preview and "<em>17/17</em>" in preview
    assert "**" not in preview and "draft-mark" not in preview


def test_the_create_page_lists_the_years_without_an_approved_report(client, login):
    login("vanphong.mongcai")
    response = client.post(
        reverse("summary:create"), {"unit": mong_cai().pk, "first_year": 2013, "last_year": 2023}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Năm 2023" in page and "Năm 2022" not in page
    assert not SummaryReport.objects.filter(unit=mong_cai()).exists()
    assert 'name="xac_nhan"' in page


def test_the_committee_without_edit_rights_exports_word_too(client, login):
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2022)
    login("bcd.mongcai")
    page = client.get(reverse("summary:edit", args=[report.pk])).content.decode()
    assert reverse("summary:export", args=[report.pk, "docx"]) in page


def test_the_preview_uses_the_bundled_font(client, login):
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2022)
    page = client.get(reverse("summary:preview", args=[report.pk])).content.decode()
    assert "reports/preview.css" in page
    css = (Path(settings.BASE_DIR) / "static" / "reports" / "preview.css").read_text()
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert f"url(../fonts/LiberationSerif-{face}.ttf)" in css
        assert (
            Path(settings.BASE_DIR) / "static" / "fonts" / f"LiberationSerif-{face}.ttf"
        ).exists()


def test_the_xlsx_annex_is_ready_to_print_with_formulas_for_totals(client, login):
    login("vanphong.mongcai")
    report = create(client, mong_cai(), 2013, 2023)
    xlsx = export(client, report, "xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$4:$4"
        assert sheet["B4"].font.name == "Times New Roman"
    units = book["Biểu 3 - Theo đơn vị"]
    last = units.max_row
    assert units.cell(last, 2).value == "Tổng cộng"
    tips = next(c for c in units[4] if c.value == "Tin quần chúng cung cấp").column_letter
    assert units[f"{tips}{last}"].value == f"=SUM({tips}5:{tips}{last - 1})"
    own = [row for row in units.iter_rows(min_row=5, values_only=True) if row[1].startswith("Cấp")]
    assert own and 642 in own[0]
    # The per-year table in triệu đồng, as in the PDF.
    years = book["Biểu 2 - Theo năm"]
    fines = next(
        r
        for r in years.iter_rows(min_row=5, values_only=True)
        if r[1] == "Tiền phạt vi phạm TTATGT"
    )
    assert fines[2] == "triệu đồng" and isinstance(fines[-1], str) and fines[-1].startswith("=SUM(")


def test_late_and_missing_yearly_reports_are_weaknesses():
    import datetime as dt

    from django.utils import timezone

    from movement.models import PeriodReport
    from reports.selectors import Span
    from reports.summary import services

    late = PeriodReport.objects.get(unit=mong_cai(), period_kind="year", period_start__year=2021)
    late.submitted_at = timezone.make_aware(dt.datetime(2022, 2, 20, 9))
    late.save(update_fields=["submitted_at"])
    report = services.summary_report_draft(unit=mong_cai(), span=Span(2013, 2023))
    assert "Báo cáo năm gửi muộn so với thời hạn: thành phố Móng Cái năm 2021" in report.assessment
    assert "Chưa có báo cáo năm được duyệt của năm 2023" in report.assessment
    # Ưu điểm from what the figures show, the causes left for the chief to write.
    assert "- Tổ chức 121 cuộc tuyên truyền." in report.assessment
    assert (
        "**3. Nguyên nhân**" in report.assessment and "[Ban Chỉ đạo bổ sung]" in report.assessment
    )
