"""The admin's preview and confirm, big files in the background, the command, templates, permissions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from movement.imports.jobs import import_job_create, import_job_run
from movement.models import ImportJob, PeriodReport, PropagandaSession
from movement.signals import period_values_changed
from movement.tasks import import_job_start
from tests.movement.sheets import csv_bytes, xlsx_bytes, xlsx_values

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def rows(n: int, unit: str = "06742") -> list[list]:
    return [HEADERS] + [
        [unit, f"{i % 28 + 1}/4/2021", "Loa truyền thanh", f"Buổi {i}", 10] for i in range(n)
    ]


def upload(client, content: bytes, name: str = "f.xlsx", resource: str = ""):
    return client.post(
        reverse("admin:movement_importjob_add"),
        {"file": SimpleUploadedFile(name, content), "resource": resource},
    )


def test_preview_saves_nothing_and_confirm_saves_even_in_another_process(client, login):
    login("ca.haihoa")
    before = PropagandaSession.objects.count()
    response = upload(client, xlsx_bytes(rows(5)))
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.dry_run, job.resource) == ("done", True, "propaganda")
    assert PropagandaSession.objects.count() == before
    page = client.get(response["Location"])
    assert "Xác nhận nhập" in page.content.decode()
    # The confirmation reads the file from the database, not from this process's memory.
    job_in_db = ImportJob.objects.get(pk=job.pk)
    assert bytes(job_in_db.content).startswith(b"PK")
    response = client.post(reverse("admin:movement_importjob_confirm", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.dry_run, job.created_count) == ("done", False, 5)
    assert PropagandaSession.objects.count() == before + 5


def test_errors_are_listed_and_failed_rows_download_with_an_error_column(client, login):
    login("ca.haihoa")
    data = rows(4)
    data[2][4] = "-1"
    data[4][0] = "Phường Trần Phú"
    upload(client, xlsx_bytes(data))
    job = ImportJob.objects.latest("pk")
    assert job.status == "failed"
    assert sorted({e["row"] for e in job.errors}) == [3, 5]
    page = client.get(reverse("admin:movement_importjob_change", args=[job.pk])).content.decode()
    assert "Xác nhận nhập" not in page and "Tải các dòng lỗi" in page
    response = client.get(reverse("admin:movement_importjob_failed_rows", args=[job.pk]))
    sheet = xlsx_values(response.content)
    assert sheet[0] == ["Dòng", *HEADERS, "Lỗi"]
    assert [r[0] for r in sheet[1:]] == [3, 5]
    assert "âm" in sheet[1][-1] and "không thuộc phạm vi" in sheet[2][-1]
    # Confirming a failed preview is refused.
    client.post(reverse("admin:movement_importjob_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.dry_run is True


def test_a_user_without_import_permission_gets_403(client, login):
    login("bcd.mongcai")
    assert client.get(reverse("admin:movement_importjob_add")).status_code == 403
    assert upload(client, xlsx_bytes(rows(1))).status_code == 403


def test_another_users_job_is_not_found(client, login, demo_user):
    job = import_job_create(
        user=demo_user("ca.tranphu"), content=csv_bytes(rows(1)), file_name="a.csv"
    )
    login("ca.haihoa")
    assert client.get(reverse("admin:movement_importjob_change", args=[job.pk])).status_code == 404
    assert (
        client.post(reverse("admin:movement_importjob_confirm", args=[job.pk])).status_code == 404
    )


@override_settings(TASKS=IMMEDIATE, IMPORT_BACKGROUND_ROWS=10)
def test_big_files_run_as_a_background_task_with_progress(
    demo_user, django_capture_on_commit_callbacks
):
    user = demo_user("ca.haihoa")
    before = PropagandaSession.objects.count()
    job = import_job_create(user=user, content=xlsx_bytes(rows(30)), file_name="big.xlsx")
    assert job.total_rows == 30
    with django_capture_on_commit_callbacks(execute=True):
        import_job_start(job=job, dry_run=True)
    job.refresh_from_db()
    assert job.task_id and (job.status, job.processed_rows, job.progress_percent) == (
        "done",
        30,
        100,
    )
    assert PropagandaSession.objects.count() == before
    with django_capture_on_commit_callbacks(execute=True):
        import_job_start(job=job, dry_run=False)
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 30)
    assert PropagandaSession.objects.count() == before + 30


def test_period_import_sends_the_roll_up_signal_after_commit(
    demo_user, django_capture_on_commit_callbacks
):
    received = []

    def listener(sender, report_ids, **kwargs):
        received.append(report_ids)

    period_values_changed.connect(listener)
    try:
        content = csv_bytes(
            [
                ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"],
                ["06742", "Tháng", "07/2021", "tips_received", 2],
            ]
        )
        job = import_job_create(user=demo_user("ca.haihoa"), content=content, file_name="k.csv")
        job.dry_run = False
        with django_capture_on_commit_callbacks(execute=True):
            import_job_run(job=job)
    finally:
        period_values_changed.disconnect(listener)
    report = PeriodReport.objects.get(
        unit__code="06742", period_kind="month", period_start__year=2021
    )
    assert received == [[report.pk]]


def test_import_data_command_dry_run_saves_nothing_and_as_scopes_to_that_user(tmp_path, capsys):
    path = tmp_path / "tuyen-truyen.xlsx"
    path.write_bytes(xlsx_bytes(rows(3)))
    before = PropagandaSession.objects.count()
    call_command("import_data", str(path), "--dry-run", "--as", "ca.haihoa")
    assert PropagandaSession.objects.count() == before
    assert "kiểm tra thử" in capsys.readouterr().out
    other = tmp_path / "tran-phu.xlsx"
    other.write_bytes(xlsx_bytes(rows(2, unit="Phường Trần Phú")))
    with pytest.raises(CommandError):
        call_command("import_data", str(other), "--as", "ca.haihoa")
    assert "không thuộc phạm vi" in capsys.readouterr().err
    call_command("import_data", str(path), "--as", "ca.haihoa")
    assert PropagandaSession.objects.count() == before + 3


def test_templates_have_vietnamese_headers_a_guide_and_drop_down_lists(client, login):
    login("ca.haihoa")
    response = client.get(reverse("admin:movement_propagandasession_template"))
    workbook = load_workbook(io.BytesIO(response.content))
    data = workbook.worksheets[0]
    assert [c.value for c in data[1]][:3] == ["Đơn vị", "Ngày tuyên truyền", "Hình thức"]
    assert "Hướng dẫn" in workbook.sheetnames
    validations = data.data_validations.dataValidation
    assert any("C2" in str(v.sqref) for v in validations)
    guide = [r[0] for r in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert "Hình thức" in guide
    # A filled-in template imports as it is.
    data.append(["06742", "15/8/2022", "Loa truyền thanh", "", "Từ tệp mẫu", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(client, buffer.getvalue(), "mau.xlsx")
    job = ImportJob.objects.latest("pk")
    assert job.status == "done", job.errors


def test_change_list_offers_import_export_and_template(client, login):
    login("ca.haihoa")
    page = client.get(reverse("admin:movement_propagandasession_changelist")).content.decode()
    for label in ("Nhập từ tệp", "Xuất xlsx", "Xuất csv", "Tải tệp mẫu"):
        assert label in page
    login("bcd.mongcai")
    page = client.get(reverse("admin:movement_propagandasession_changelist")).content.decode()
    assert "Nhập từ tệp" not in page and "Xuất xlsx" in page


def test_job_list_queries_stay_constant_as_jobs_grow(client, login, demo_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = login("ca.haihoa")
    url = reverse("admin:movement_importjob_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    import_job_create(user=user, content=csv_bytes(rows(1)), file_name="a.csv")
    few = queries()
    for _ in range(8):
        import_job_create(user=user, content=csv_bytes(rows(1)), file_name="a.csv")
    assert queries() == few


def test_the_benchmark_file_imports_without_errors(tmp_path, demo_user):
    from reports.bench.imports import build_period_file

    path = tmp_path / "bench.xlsx"
    built = build_period_file(path, rows=300)
    from movement.imports.engine import run_import

    outcome = run_import(path.read_bytes(), user=demo_user("admin"), filename="bench.xlsx")
    assert (outcome.resource, outcome.errors, outcome.created) == ("period_values", [], 300)
    assert built["rows"] == 300
