"""Import jobs never stuck, never doubled; the check and mapping steps; the templates (issue 16)."""

import datetime as dt
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from movement.imports.engine import run_import
from movement.imports.jobs import import_job_create, import_jobs_expire
from movement.models import ColumnMapping, ImportJob, PeriodReport, PropagandaSession
from tests.movement.sheets import csv_bytes, titled_xlsx, understate_size, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]
TITLES = ["UBND THÀNH PHỐ MÓNG CÁI", "BIỂU TỔNG HỢP NĂM 2022"]


def upload(client, content: bytes, name: str = "f.xlsx", resource: str = ""):
    return client.post(
        reverse("admin:movement_importjob_add"),
        {"file": SimpleUploadedFile(name, content), "resource": resource},
    )


def formula_without_cache() -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.append(HEADERS)
    ws.append(["06742", "15/08/2022", "Loa truyền thanh", "Công thức", "=5*2"])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl writes the formula, never its result
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make, expected",
    [
        (formula_without_cache, "lưu lại tệp trong Excel"),
        (
            lambda: understate_size(
                xlsx_bytes([HEADERS, ["06742", "15/08/2022", "Loa truyền thanh", "X", 1]] * 50),
                "xl/worksheets/sheet1.xml",
            ),
            "Tệp bị hỏng",
        ),
    ],
)
def test_a_broken_file_ends_the_job_as_failed_with_a_message(client, login, make, expected):
    login("ca.haihoa")
    response = upload(client, make())
    assert response.status_code == 302
    job = ImportJob.objects.latest("pk")
    assert job.status == "failed"
    assert expected in job.message
    page = client.get(response["Location"])
    assert page.status_code == 200 and expected in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert not ImportJob.objects.filter(status__in=["pending", "running"], pk=job.pk).exists()


def test_an_unexpected_crash_still_ends_the_job_as_failed(demo_user, monkeypatch):
    from movement.imports import jobs

    def crash(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "run_import", crash)
    job = import_job_create(
        user=demo_user("ca.haihoa"), content=csv_bytes([HEADERS]), file_name="a.csv"
    )
    jobs.import_job_run(job=job)
    job.refresh_from_db()
    assert job.status == "failed" and "RuntimeError" in job.message and "chưa lưu gì" in job.message


def test_a_job_left_running_by_a_dead_worker_is_marked_failed_after_the_timeout(
    client, login, demo_user, settings
):
    settings.IMPORT_JOB_TIMEOUT = 60
    user = login("ca.haihoa")
    job = import_job_create(user=user, content=csv_bytes([HEADERS]), file_name="a.csv")
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(minutes=5)
    )
    fresh = import_job_create(user=user, content=csv_bytes([HEADERS]), file_name="b.csv")
    ImportJob.objects.filter(pk=fresh.pk).update(status="running", started_at=timezone.now())
    page = client.get(reverse("admin:movement_importjob_change", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == "failed" and "quá thời gian chờ" in job.message
    assert 'http-equiv="refresh"' not in page.content.decode()
    assert ImportJob.objects.get(pk=fresh.pk).status == "running"
    assert import_jobs_expire() == 0


def test_the_check_step_shows_an_unknown_column_before_confirming(client, login):
    login("ca.haihoa")
    rows = [
        HEADERS + ["Người ghi"],
        ["06742", "19/08/2022", "Loa truyền thanh", "Cột thừa", 5, "An"],
    ]
    response = upload(client, xlsx_bytes(rows))
    page = client.get(response["Location"]).content.decode()
    assert "Các cột sẽ không được đọc (1)" in page and "«Người ghi»" in page
    assert page.index("«Người ghi»") < page.index("Xác nhận nhập")
    assert "1</strong> mới" in page


def test_the_mapping_step_maps_a_wide_column_and_is_remembered_for_the_units_next_file(
    client, login
):
    user = login("ca.haihoa")
    rows = [
        ["STT", "Đơn vị", "Tin quần chúng cung cấp", "Số vụ hòa giải thành"],
        [1, "P. Hải Hòa", 5, 2],
    ]
    content = titled_xlsx(TITLES, rows)
    response = upload(client, content, resource="period_values")
    job = ImportJob.objects.latest("pk")
    assert job.status == "failed" and job.details["unmapped"] == ["Số vụ hòa giải thành"]
    page = client.get(response["Location"]).content.decode()
    assert "Ghép cột" in page and "Xác nhận nhập" not in page
    response = client.post(
        reverse("admin:movement_importjob_mapping", args=[job.pk]),
        {"col_3": "ind:disputes_mediated", "period": ""},
    )
    job.refresh_from_db()
    assert (job.status, job.created_count) == ("done", 2)
    saved = ColumnMapping.objects.get(unit=user.unit, resource="period_values")
    assert saved.mapping == {"Số vụ hòa giải thành": "ind:disputes_mediated"}
    client.post(reverse("admin:movement_importjob_confirm", args=[job.pk]))
    report = PeriodReport.objects.get(unit=user.unit, period_kind="year", period_start__year=2022)
    assert report.values_by_code() == {"tips_received": 5, "disputes_mediated": 2}
    # The unit's next file with the same headers needs no mapping.
    rows[1][3] = 4
    upload(client, titled_xlsx(TITLES, rows), resource="period_values")
    job = ImportJob.objects.latest("pk")
    assert (job.status, job.updated_count, job.unchanged_count) == ("done", 1, 1)


def test_the_command_prints_unread_columns_and_empty_figures(tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Ghi chép"],
                ["06742", "20/08/2022", "Loa truyền thanh", "Dòng lệnh", "x"],
            ]
        )
    )
    call_command("import_data", str(path), "--dry-run", "--as", "ca.haihoa")
    out = capsys.readouterr().out
    assert "Các cột không được đọc: «Ghi chép»." in out
    assert "Tệp không có cột «Số lượt người nghe»" in out
    assert "Sẽ thêm 1 bản ghi mới" in out


@pytest.mark.parametrize("key", ["festivals", "cluster_activities"])
def test_the_template_downloads_with_the_resources_title_as_its_sheet(client, login, key):
    login("admin")
    from movement.resources import get_resource

    model = get_resource(key)._meta.model._meta
    response = client.get(reverse(f"admin:{model.app_label}_{model.model_name}_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == get_resource(key).title[:31]
    assert sheet.title not in ("Sheet", "")


def _in_thread(work):
    """Runs ``work`` on its own database connection (its own transaction, committed)."""
    result: dict = {}

    def run():
        try:
            result["value"] = work()
        except BaseException as exc:  # noqa: BLE001
            result["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_two_confirms_of_the_same_new_rows_at_once_leave_one_copy(demo_user):
    """PostgreSQL: both imports run at the same moment on their own connections; the second
    waits for the first's lock and finds its rows unchanged. SQLite (one writer, an in-memory
    test database): the same two confirmations one after the other."""
    user = demo_user("ca.haihoa")
    topic = "Nhập đồng thời"
    content = csv_bytes([HEADERS, ["06742", "21/08/2022", "Loa truyền thanh", topic, 9]])
    if connection.vendor != "postgresql":
        outcomes = [run_import(content, user=user, filename="c.csv") for _ in range(2)]
        assert [(o.created, o.unchanged, o.errors) for o in outcomes] == [(1, 0, []), (0, 1, [])]
        assert PropagandaSession.objects.filter(topic=topic).count() == 1
        return
    start = threading.Barrier(2)

    def confirm():
        start.wait()
        return run_import(content, user=user, filename="c.csv")

    try:
        runs = [_in_thread(confirm) for _ in range(2)]
        for thread, _ in runs:
            thread.join(60)
        assert [r.get("error") for _, r in runs] == [None, None]
        outcomes = [r["value"] for _, r in runs]
        assert sorted((o.created, o.unchanged, len(o.errors)) for o in outcomes) == [
            (0, 1, 0),
            (1, 0, 0),
        ]
        thread, result = _in_thread(lambda: PropagandaSession.objects.filter(topic=topic).count())
        thread.join(30)
        assert result["value"] == 1
    finally:

        def cleanup():
            PropagandaSession.history.filter(topic=topic).delete()
            PropagandaSession.objects.filter(topic=topic).delete()

        thread, _ = _in_thread(cleanup)
        thread.join(30)


def test_a_registry_files_own_headers_are_mapped_once_and_remembered(client, login):
    user = login("ca.haihoa")
    rows = [
        ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số người dự"],
        ["06742", "22/08/2022", "Loa truyền thanh", "Tiêu đề riêng", 40],
    ]
    response = upload(client, xlsx_bytes(rows))
    job = ImportJob.objects.latest("pk")
    page = client.get(response["Location"]).content.decode()
    assert "Ghép cột" in page and "«Số người dự»" in page
    assert "Tệp không có cột «Số lượt người nghe»" in page
    client.post(
        reverse("admin:movement_importjob_mapping", args=[job.pk]),
        {"col_4": "Số lượt người nghe"},
    )
    job.refresh_from_db()
    assert job.details["ignored_columns"] == [] and job.status == "done"
    assert ColumnMapping.objects.get(unit=user.unit, resource="propaganda").mapping == {
        "Số người dự": "Số lượt người nghe"
    }
    # The next file with these headers is read the same way without asking.
    rows[1][3] = "Lần sau"
    outcome = run_import(xlsx_bytes(rows), user=user, filename="n.xlsx")
    assert outcome.errors == [] and outcome.ignored_columns == []
    assert PropagandaSession.objects.get(topic="Lần sau").attendees == 40
