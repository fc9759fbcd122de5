"""Big exports as background jobs (issue 18): small ones stream at once, big ones become a job
with a «đang tạo» page and a download; only their owner sees them; failures end the job; old
files are purged."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from movement import export_jobs
from movement.export_jobs import export_job_run, export_jobs_expire
from movement.models import ExportJob, PropagandaSession
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Export files go to a folder of the test's own; three rows are «big»."""
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_BACKGROUND_ROWS = 3


@pytest.fixture
def worker(monkeypatch):
    """Runs the database worker over the queued tasks, as ``manage.py db_worker`` would."""
    from django_tasks_db.management.commands import db_worker

    # The worker drops "old" connections between tasks: inside the test's transaction that
    # would close the connection the test runs in (on PostgreSQL).
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


def export_url(fmt: str, model: str = "propagandasession") -> str:
    return reverse(f"admin:movement_{model}_export", args=[fmt])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def sessions(unit, n: int = 4) -> None:
    for i in range(n):
        factories.propaganda(unit, topic=f"Buổi xuất thử {i}")


def ask(client, url: str, capture, **params) -> ExportJob:
    """Asks for a big export: the answer is the job's page, the task queued after the commit."""
    with capture(execute=True):
        response = client.get(url, params)
    assert response.status_code == 302, response
    job = ExportJob.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    assert response.url == reverse("movement:export_job", args=[job.pk])
    return job


def test_a_small_export_streams_at_once_and_makes_no_job(client, login, settings):
    login("ca.haihoa")
    settings.EXPORT_BACKGROUND_ROWS = 5000
    response = client.get(export_url("csv"))
    assert isinstance(response, StreamingHttpResponse)
    assert body(response).startswith("\ufeff".encode())
    assert not ExportJob.objects.exists()


def test_a_big_csv_is_made_by_the_worker_equal_to_the_immediate_one(
    client, login, settings, worker, django_capture_on_commit_callbacks
):
    user = login("ca.haihoa")
    sessions(user.unit)
    job = ask(client, export_url("csv"), django_capture_on_commit_callbacks)
    assert (job.status, job.kind, job.format, job.params["resource"]) == (
        "pending",
        "resource",
        "csv",
        "propaganda",
    )
    assert job.title == "Buổi tuyên truyền, Phường Hải Hòa" and job.unit == user.unit
    page = client.get(reverse("movement:export_job", args=[job.pk])).content.decode()
    assert "Đang chờ tạo tệp" in page and '<meta http-equiv="refresh" content="3">' in page
    assert "Tải xuống" not in page and not job.file  # nothing made in the request

    worker()

    job.refresh_from_db()
    count = PropagandaSession.objects.filter(unit=user.unit).count()
    assert (job.status, job.rows_written) == ("done", count)
    assert job.file.name.startswith("exports/") and job.task_id
    page = client.get(reverse("movement:export_job", args=[job.pk])).content.decode()
    assert "http-equiv" not in page and "Tải xuống" in page
    assert job.file_name in page and f"{count} dòng" in page
    made = body(client.get(reverse("movement:export_download", args=[job.pk])))
    assert len(made) == job.size
    settings.EXPORT_BACKGROUND_ROWS = 5000
    assert made == body(client.get(export_url("csv")))  # byte for byte the immediate export


def test_a_big_xlsx_has_the_rows_of_the_immediate_one(
    client, login, settings, django_capture_on_commit_callbacks
):
    user = login("bcd.mongcai")
    sessions(user.unit)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = ask(client, export_url("xlsx"), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "done", job.message
    download = client.get(reverse("movement:export_download", args=[job.pk]))
    assert download["Content-Type"].endswith("spreadsheetml.sheet")
    assert f'filename="{job.file_name}"' in download["Content-Disposition"]
    settings.EXPORT_BACKGROUND_ROWS = 5000

    def rows(content: bytes) -> list[tuple]:
        return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    immediate = rows(body(client.get(export_url("xlsx"))))
    assert rows(body(download)) == immediate and len(immediate) == job.rows_written + 1


def test_the_threshold_is_counted_no_further_than_itself(client, login, settings):
    login("bcd.mongcai")
    settings.EXPORT_BACKGROUND_ROWS = 2
    with CaptureQueriesContext(connection) as queries:
        client.get(export_url("csv", "indicatorvalue"))
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql for sql in counts), counts


def test_asked_twice_while_it_is_made_gives_the_same_job(
    client, login, django_capture_on_commit_callbacks
):
    user = login("ca.haihoa")
    sessions(user.unit)
    first = ask(client, export_url("csv"), django_capture_on_commit_callbacks)
    again = ask(client, export_url("csv"), django_capture_on_commit_callbacks)
    other = ask(client, export_url("xlsx"), django_capture_on_commit_callbacks)
    assert again == first and other != first
    assert ExportJob.objects.count() == 2


def test_another_users_job_and_file_answer_404(client, login, demo_user):
    owner = demo_user("ca.haihoa")
    sessions(owner.unit)
    job = ExportJob.objects.create(
        user=owner, unit=owner.unit, kind="resource", title="Tệp riêng của Hải Hòa",
        format="csv", file_name="a.csv", params={"resource": "propaganda"},
    )  # fmt: skip
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done"
    urls = [
        reverse("movement:export_job", args=[job.pk]),
        reverse("movement:export_download", args=[job.pk]),
    ]
    for username in ("ca.tranphu", "bcd.tralinh"):
        login(username)
        assert [client.get(url).status_code for url in urls] == [404, 404]
        assert job.title not in client.get(reverse("movement:export_jobs")).content.decode()
    login("ca.haihoa")
    assert [client.get(url).status_code for url in urls] == [200, 200]
    # The stored file has no public address: the media view serves photos only.
    assert client.get(f"/anh/{job.file.name}").status_code == 404
    login("admin")
    assert client.get(urls[1]).status_code == 200
    # A superuser may open anyone's job, but «Tệp đã xuất» lists one's own.
    assert job.title not in client.get(reverse("movement:export_jobs")).content.decode()


def test_the_owners_list_and_the_admin_show_the_jobs(client, login, demo_user):
    owner = login("ca.haihoa")
    job = ExportJob.objects.create(
        user=owner, unit=owner.unit, kind="resource", title="Buổi tuyên truyền, Phường Hải Hòa",
        format="xlsx", file_name="propaganda.xlsx", status="running", rows_written=12000,
    )  # fmt: skip
    page = client.get(reverse("movement:export_jobs")).content.decode()
    assert job.title in page and "Đang tạo (12.000 dòng)" in page
    detail = client.get(reverse("movement:export_job", args=[job.pk])).content.decode()
    assert "đã ghi <strong>12.000</strong> dòng" in detail
    paused = client.get(reverse("movement:export_job", args=[job.pk]), {"tu_cap_nhat": "0"})
    assert "http-equiv" not in paused.content.decode()
    admin_page = client.get(reverse("admin:movement_exportjob_changelist")).content.decode()
    assert job.title in admin_page
    change = reverse("admin:movement_exportjob_change", args=[job.pk])
    assert client.post(change, {"title": "x"}).status_code == 403
    login("ca.tranphu")
    assert client.get(change).status_code == 404


def test_a_failing_export_ends_failed_with_a_vietnamese_message(
    client, login, monkeypatch, django_capture_on_commit_callbacks, settings, tmp_path
):
    user = login("ca.haihoa")
    sessions(user.unit)

    def broken(resource):
        yield ["Đơn vị"]
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_jobs, "export_rows", broken)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    job = ask(client, export_url("csv"), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed" and not job.file and job.finished_at
    assert "Lỗi không mong đợi khi tạo tệp" in job.message and "RuntimeError" in job.message
    assert [p for p in (tmp_path / "exports").rglob("*") if p.is_file()] == []  # nothing left
    page = client.get(reverse("movement:export_job", args=[job.pk])).content.decode()
    assert "Không tạo được tệp." in page and "http-equiv" not in page
    assert reverse("movement:export_download", args=[job.pk]) not in page
    assert client.get(reverse("movement:export_download", args=[job.pk])).status_code == 404


def test_a_user_who_lost_the_right_before_the_worker_ran_gets_no_file(
    client, login, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    user = login("bcd.mongcai")
    sessions(user.unit)
    job = ask(client, export_url("csv"), django_capture_on_commit_callbacks)
    for group in user.groups.all():
        group.permissions.remove(Permission.objects.get(codename="export_data"))
    export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.message) == ("failed", "Bạn không còn quyền xuất loại dữ liệu này.")


def test_a_job_left_by_a_dead_worker_is_given_up_and_never_run_later(login, settings):
    user = login("ca.haihoa")
    settings.EXPORT_JOB_TIMEOUT = 600
    long_ago = timezone.now() - dt.timedelta(minutes=11)
    waiting = ExportJob.objects.create(
        user=user, unit=user.unit, kind="resource", title="t", format="csv", file_name="a.csv",
        params={"resource": "propaganda"},
    )  # fmt: skip
    running = ExportJob.objects.create(
        user=user, unit=user.unit, kind="resource", title="t", format="csv", file_name="b.csv",
        status="running", started_at=long_ago, progress_at=long_ago,
    )  # fmt: skip
    alive = ExportJob.objects.create(
        user=user, unit=user.unit, kind="resource", title="t", format="csv", file_name="c.csv",
        status="running", started_at=long_ago, progress_at=timezone.now(),
    )  # fmt: skip
    ExportJob.objects.filter(pk=waiting.pk).update(created_at=long_ago)
    assert export_jobs_expire() == 2
    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert (statuses[waiting.pk], statuses[running.pk], statuses[alive.pk]) == (
        "failed",
        "failed",
        "running",
    )
    assert "quá thời gian chờ" in ExportJob.objects.get(pk=waiting.pk).message
    # The task, delivered late, finds nothing to do.
    assert export_job_run(job_id=waiting.pk) is None
    assert ExportJob.objects.get(pk=waiting.pk).status == "failed"


def test_old_files_are_purged_and_the_jobs_kept(client, login, settings):
    from django.core.files import File

    user = login("ca.haihoa")
    settings.EXPORT_RETENTION_DAYS = 7

    def finished(days: int, name: str) -> ExportJob:
        job = ExportJob.objects.create(
            user=user, unit=user.unit, kind="resource", title=name, format="csv",
            file_name=f"{name}.csv", status="done", size=5000,
            finished_at=timezone.now() - dt.timedelta(days=days),
        )  # fmt: skip
        job.file.save(job.file_name, File(ContentFile(b"x" * 5000), name=job.file_name))
        return job

    old, recent = finished(8, "cu"), finished(2, "moi")
    old_path = old.file.name
    out = io.StringIO()
    call_command("purge_exports", "--dry-run", stdout=out)
    assert "Sẽ xóa 1 tệp" in out.getvalue() and default_storage.exists(old_path)
    call_command("purge_exports", stdout=out)
    assert "Đã xóa 1 tệp" in out.getvalue() and "5.000 byte" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not default_storage.exists(old_path) and not old.file and old.purged_at
    assert old.status == "done" and default_storage.exists(recent.file.name)
    page = client.get(reverse("movement:export_job", args=[old.pk])).content.decode()
    assert "đã được xóa" in page and reverse("movement:export_download", args=[old.pk]) not in page
    assert client.get(reverse("movement:export_download", args=[old.pk])).status_code == 404


def test_a_big_audit_log_is_made_by_the_worker_with_the_pages_filters(
    client, login, settings, django_capture_on_commit_callbacks
):
    user = login("bcd.mongcai")
    sessions(user.unit, 5)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    url = reverse("movement:audit_export")
    job = ask(client, url, django_capture_on_commit_callbacks, loai="movement.propagandasession")
    job.refresh_from_db()
    assert (job.kind, job.status, job.params["model"]) == (
        "audit",
        "done",
        "movement.propagandasession",
    )
    assert job.params["back"] == reverse("movement:audit") + "?loai=movement.propagandasession"
    made = body(client.get(reverse("movement:export_download", args=[job.pk])))
    settings.EXPORT_BACKGROUND_ROWS = 5000
    immediate = body(client.get(url, {"loai": "movement.propagandasession"}))

    def rows(content: bytes) -> list[tuple]:
        return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))

    assert rows(made) == rows(immediate) and len(rows(made)) - 1 == job.rows_written >= 5
    assert {r[3] for r in rows(made)[1:]} >= {f"Buổi xuất thử {i}" for i in range(5)}


def test_the_job_pages_cost_a_fixed_number_of_queries(client, login):
    user = login("ca.haihoa")
    for i in range(3):
        job = ExportJob.objects.create(
            user=user, unit=user.unit, kind="resource", title=f"t{i}", format="csv",
            file_name="a.csv", status="done",
        )  # fmt: skip

    def cost(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = (
        cost(reverse("movement:export_jobs")),
        cost(reverse("movement:export_job", args=[job.pk])),
    )
    for i in range(10):
        ExportJob.objects.create(
            user=user, unit=user.unit, kind="resource", title=f"u{i}", format="csv",
            file_name="a.csv", status="done",
        )  # fmt: skip
    after = (
        cost(reverse("movement:export_jobs")),
        cost(reverse("movement:export_job", args=[job.pk])),
    )
    assert after == before and max(after) <= 8
