"""Office staff draft, edit and export the báo cáo tổng kết; others see only their units."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from movement.models import ExportJob, Unit
from reports.summary.models import GeneratedFile, SummaryReport
from tests.reports.pdfs import text

pytestmark = pytest.mark.django_db

MONG_CAI = ("district", "194")


def unit(level: str, code: str) -> Unit:
    return Unit.objects.get(level__code=level, code=code)


def create(client, unit_obj: Unit, first: int, last: int | None = None) -> SummaryReport:
    """Create, going on past the page that lists the years without an approved report."""
    response = client.post(
        reverse("summary:create"),
        {"unit": unit_obj.pk, "first_year": first, "last_year": last or "", "xac_nhan": "1"},
    )
    assert response.status_code == 302, response.content
    return SummaryReport.objects.get(pk=response.url.rstrip("/").split("/")[-1])


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def export(client, report: SummaryReport, fmt: str):
    """«Tải PDF» as staff meet it: the file is made by a task (here run as soon as the request
    commits), on the «đang tạo» page; its «Tải xuống» gives the stored file."""
    with override_settings(TASKS=IMMEDIATE), TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("summary:export", args=[report.pk, fmt]))
    assert response.status_code == 302, response
    job = ExportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert (job.kind, job.format, job.status) == ("summary", fmt, "done"), job.message
    page = client.get(response.url).content.decode()
    assert "Tải xuống" in page and job.file_name in page
    download = client.get(reverse("movement:export_download", args=[job.pk]))
    assert download.status_code == 302 and download.url == job.result_url
    return client.get(download.url)


def edit_data(report: SummaryReport, **changes: str) -> dict[str, str]:
    data = {
        "version": str(report.version),
        "parent_body": report.parent_body,
        "issuing_body": report.issuing_body,
        "number": report.number,
        "symbol": report.symbol,
        "place": report.place,
        "issued_on": "",
        "title": report.title,
        "signer_capacity": report.signer_capacity,
        "signer_body": report.signer_body,
        "signer_title": report.signer_title,
        "signer_name": report.signer_name,
        "recipients": report.recipients,
        "situation": report.situation,
        "assessment": report.assessment,
        "directions": report.directions,
        "proposals": report.proposals,
    }
    for key, value in (report.results or {}).items():
        data[f"results_{key}"] = value
    data.update(changes)
    return data


def test_staff_drafts_edits_and_exports_the_mong_cai_report(client, login):
    user = login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2013, 2023)
    assert "557 vụ phạm pháp hình sự" in report.results["crime"]
    page = client.get(reverse("summary:edit", args=[report.pk]))
    assert page.status_code == 200
    # Drafted but a draft: the scaffold's blanks of III are listed as still to write.
    assert "III. Đánh giá chung: còn" in page.content.decode()

    response = client.post(
        reverse("summary:edit", args=[report.pk]),
        edit_data(
            report,
            number="05",
            issued_on="05/01/2024",
            signer_name="Nguyễn Văn Hùng",
            assessment="Phong trào được duy trì đều khắp 17 xã, phường.",
            results_crime="Đã khám phá 557 vụ, trong đó 72 vụ trọng án (đã đối chiếu).",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report.refresh_from_db()
    assert report.number == "05" and report.issued_on.isoformat() == "2024-01-05"
    assert report.results["crime"].endswith("(đã đối chiếu).")
    assert report.version == 2
    assert report.history.count() == 2

    pdf = export(client, report, "pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "bao-cao-tong-ket-thanh-pho-mong-cai-2013-2023.pdf" in pdf["Content-Disposition"]
    body = text(pdf.content)
    assert "Móng Cái, ngày 05 tháng 01 năm 2024" in body
    assert "(đã đối chiếu)" in body and "III. ĐÁNH GIÁ CHUNG" in body
    stored = GeneratedFile.objects.get(report=report, format="pdf")
    assert stored.sha256 == hashlib.sha256(pdf.content).hexdigest()
    assert stored.generated_by == user and stored.pages >= 4 and stored.report_version == 2
    again = client.get(reverse("summary:file", args=[stored.pk]))
    assert again.content == pdf.content

    xlsx = export(client, report, "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Biểu 1 - Tổng hợp"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    solved = rows["Vụ phạm pháp hình sự được điều tra, khám phá"]
    assert solved[3] == 557 and isinstance(solved[3], int)
    cell = next(c for c in sheet["D"] if c.value == 557)
    assert cell.number_format == "#,##0"
    assert "Biểu 2 - Theo năm" in load_workbook(io.BytesIO(xlsx.content)).sheetnames


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client, login):
    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    first = edit_data(report, assessment="Bản của người thứ nhất.")
    second = edit_data(report, assessment="Bản của người thứ hai.")
    assert client.post(reverse("summary:edit", args=[report.pk]), first).status_code == 302
    response = client.post(reverse("summary:edit", args=[report.pk]), second)
    assert response.status_code == 409
    assert "người khác lưu" in response.content.decode()
    assert "Bản của người thứ hai." in response.content.decode()  # the input is kept
    report.refresh_from_db()
    assert report.assessment == "Bản của người thứ nhất."


def test_bad_input_names_the_field_and_saves_nothing(client, login):
    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    response = client.post(
        reverse("summary:edit", args=[report.pk]),
        edit_data(report, issued_on="01/15/2024", issuing_body="", assessment="Không lưu."),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "«Ngày ban hành»: nhập ngày theo dạng ngày/tháng/năm" in page
    assert "Hãy nhập «Cơ quan ban hành»." in page
    drafted = report.assessment
    report.refresh_from_db()
    assert report.assessment == drafted and "Không lưu." not in drafted and report.version == 1


def test_create_refuses_reversed_years_and_a_second_report_opens_the_first(client, login):
    login("vanphong.mongcai")
    response = client.post(
        reverse("summary:create"),
        {"unit": unit(*MONG_CAI).pk, "first_year": 2023, "last_year": 2013},
        follow=True,
    )
    assert "«Đến năm» không được trước «Từ năm»." in response.content.decode()
    assert not SummaryReport.objects.exists()
    report = create(client, unit(*MONG_CAI), 2022)
    again = client.post(reverse("summary:create"), {"unit": unit(*MONG_CAI).pk, "first_year": 2022})
    assert again.url == reverse("summary:edit", args=[report.pk])
    assert SummaryReport.objects.count() == 1


def test_redraft_refreshes_section_two_from_the_data(client, login):
    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    client.post(
        reverse("summary:edit", args=[report.pk]), edit_data(report, results_crime="Sửa tay.")
    )
    report.refresh_from_db()
    client.post(reverse("summary:redraft", args=[report.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.results["crime"] != "Sửa tay."
    assert report.history.filter(results__crime="Sửa tay.").exists()


def test_other_units_reports_answer_404(client, login):
    login("vanphong.mongcai")
    mong_cai = create(client, unit(*MONG_CAI), 2022)
    client.logout()
    login("bcd.tralinh")
    for name in ("summary:edit", "summary:preview"):
        assert client.get(reverse(name, args=[mong_cai.pk])).status_code == 404
    assert client.post(reverse("summary:export", args=[mong_cai.pk, "pdf"])).status_code == 404
    stored = GeneratedFile.objects.create(
        report=mong_cai, format="pdf", file_name="x.pdf", content=b"%PDF", size=4,
        sha256="0" * 64, report_version=1,
    )  # fmt: skip
    assert client.get(reverse("summary:file", args=[stored.pk])).status_code == 404
    response = client.post(
        reverse("summary:create"), {"unit": unit(*MONG_CAI).pk, "first_year": 2022}, follow=True
    )
    assert "Đơn vị này không thuộc phạm vi của bạn." in response.content.decode()
    assert SummaryReport.objects.count() == 1


def test_committee_reads_and_exports_but_does_not_edit(client, login):
    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    client.logout()
    login("bcd.mongcai")
    assert client.get(reverse("summary:edit", args=[report.pk])).status_code == 200
    assert (
        client.post(reverse("summary:edit", args=[report.pk]), edit_data(report)).status_code == 403
    )
    assert export(client, report, "xlsx").status_code == 200
    refused = client.post(
        reverse("summary:create"), {"unit": unit(*MONG_CAI).pk, "first_year": 2021}
    )
    assert refused.status_code == 403
    assert "không có quyền lập báo cáo tổng kết" in refused.content.decode()
    assert SummaryReport.objects.count() == 1


def test_commune_officer_writes_only_their_commune(client, login):
    officer = login("ca.haihoa")
    own = create(client, officer.unit, 2022)
    assert own.unit == officer.unit
    city = client.post(
        reverse("summary:create"), {"unit": unit(*MONG_CAI).pk, "first_year": 2022}, follow=True
    )
    assert "Đơn vị này không thuộc phạm vi của bạn." in city.content.decode()
    assert SummaryReport.objects.count() == 1


def test_preview_shows_the_document_with_escaped_text(client, login):
    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    client.post(
        reverse("summary:edit", args=[report.pk]),
        edit_data(report, assessment='<img src="file:///etc/passwd">'),
    )
    page = client.get(reverse("summary:preview", args=[report.pk])).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    assert '<img src="file:///etc/passwd">' not in page


def test_list_and_edit_pages_keep_their_query_count_as_reports_grow(client, login):
    login("vanphong.mongcai")
    first = create(client, unit(*MONG_CAI), 2022)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    list_before = count(reverse("summary:list"))
    edit_before = count(reverse("summary:edit", args=[first.pk]))
    for year in (2019, 2020, 2021):
        report = create(client, unit(*MONG_CAI), year)
        export(client, report, "xlsx")
    export(client, first, "xlsx")
    assert count(reverse("summary:list")) == list_before <= 15
    assert count(reverse("summary:edit", args=[first.pk])) == edit_before <= 15


def test_cluster_report_covers_its_members_and_communes(client, login):
    from clusters.models import SafetyCluster

    login("vanphong.mongcai")
    cluster = SafetyCluster.objects.get(name="Cụm phường Hải Hòa")
    response = client.post(
        reverse("summary:create"), {"cluster": cluster.pk, "first_year": 2022, "xac_nhan": "1"}
    )
    assert response.status_code == 302
    report = SummaryReport.objects.get(cluster=cluster)
    assert report.unit == cluster.host_unit
    assert report.issuing_body == "CỤM PHƯỜNG HẢI HÒA"
    director = "BAN CHỈ ĐẠO XÂY DỰNG CỤM ĐỊA BÀN AN TOÀN - ĐƠN VỊ AN TOÀN THÀNH PHỐ MÓNG CÁI"
    assert report.parent_body == director
    # The header and Nơi nhận name the same body.
    assert report.recipients.splitlines()[0].upper().startswith(director)
    members = cluster.members.count()
    military = cluster.members.filter(is_military=True).count()
    clusters_text = report.results["clusters"]
    assert f"cụm có {members:02d} đơn vị thành viên" in clusters_text
    assert f"trong đó có {military:02d} đơn vị quân đội" in clusters_text
    assert "các cụm" not in clusters_text
    pdf = export(client, report, "pdf")
    assert "Tổng kết hoạt động cụm phường Hải Hòa năm 2022" in text(pdf.content)


def test_report_of_the_successor_district_counts_its_predecessor_once(client, login):
    """Trà Lĩnh was merged into Trùng Khánh in 2020: Trùng Khánh's 2018–2024 report has Trà
    Lĩnh's 2018 figures, once."""
    from reports.selectors import Span
    from reports.summary import services

    trung_khanh = Unit.objects.get(level__code="district", name="Huyện Trùng Khánh")
    report = services.summary_report_draft(unit=trung_khanh, span=Span(2018, 2024))
    assert "cung cấp cho cơ quan Công an 312 tin" in report.results["crime"]
    assert "123 tổ an ninh tự quản" in report.results["self_management"]
    assert "10/10" not in report.results["safety"]  # no "x/y xã" over several years
    # 2018–2024 crosses the replacement of TT 23/2012 by TT 124/2021 (10/02/2022).
    assert "Thông tư 23/2012/TT-BCA (đến 09/02/2022)" in report.results["safety"]
    assert "Thông tư 124/2021/TT-BCA (từ 10/02/2022)" in report.results["safety"]


def test_a_copy_is_matched_to_its_export_by_sha256_within_scope(client, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    pdf = export(client, report, "pdf").content
    stored = GeneratedFile.objects.get(report=report)

    def check(content: bytes) -> str:
        upload = SimpleUploadedFile("ban-ky.pdf", content, content_type="application/pdf")
        response = client.post(reverse("summary:verify"), {"file": upload})
        assert response.status_code == 200
        return response.content.decode()

    page = check(pdf)
    assert "Khớp" in page and stored.file_name in page and stored.sha256 in page
    changed = check(pdf + b"\n% edited after export")
    assert "Khớp" not in changed and "đã bị sửa sau khi xuất" in changed
    client.logout()
    login("bcd.tralinh")
    assert "Khớp" not in check(pdf)  # another district's export is not found
    missing = client.post(reverse("summary:verify"), {})
    assert missing.status_code == 400 and "Hãy chọn tệp cần đối chiếu." in missing.content.decode()


def test_admin_finds_an_export_by_its_sha256(client, login):
    login("vanphong.mongcai")
    report = create(client, unit(*MONG_CAI), 2022)
    export(client, report, "xlsx")
    stored = GeneratedFile.objects.get(report=report)
    client.logout()
    login("admin")
    response = client.get(reverse("admin:reports_generatedfile_changelist"), {"q": stored.sha256})
    assert response.status_code == 200
    assert stored.file_name in response.content.decode()
    other = client.get(reverse("admin:reports_generatedfile_changelist"), {"q": "0" * 64})
    assert stored.file_name not in other.content.decode()
