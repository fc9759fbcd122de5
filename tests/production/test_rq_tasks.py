"""The tasks backend switches to RQ on Redis by a setting; the same task code runs there.

Needs the Redis at 127.0.0.1:6379 (``.ci/run`` starts one): with CI=true a missing Redis fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.test import override_settings

from movement.imports.jobs import import_job_create
from movement.models import ImportJob, PropagandaSession
from movement.tasks import import_job_start
from tests.movement.sheets import xlsx_bytes

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test
RQ = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
HEADERS = ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]


@pytest.fixture
def redis_db():
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError as error:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"Redis at 127.0.0.1:6379 is required by CI: {error}")
        pytest.skip(f"no Redis at 127.0.0.1:6379: {error}")
    connection.flushdb()
    yield connection
    connection.flushdb()


@pytest.mark.django_db(transaction=True)
def test_a_big_import_runs_as_an_rq_job_on_redis(
    redis_db, demo_user, django_capture_on_commit_callbacks
):
    import django_rq
    from rq import SimpleWorker

    from tests.e2e.conftest import reload_demo_data

    reload_demo_data()  # a transactional test starts from an empty database
    user = demo_user("ca.haihoa")
    rows = [HEADERS] + [
        ["06742", f"{i % 28 + 1}/5/2021", "Loa truyền thanh", f"Buổi RQ {i}", 10] for i in range(30)
    ]
    with override_settings(
        TASKS=RQ, RQ_QUEUES={"default": {"URL": REDIS_URL}}, IMPORT_BACKGROUND_ROWS=10
    ):
        job = import_job_create(user=user, content=xlsx_bytes(rows), file_name="lon.xlsx")
        with django_capture_on_commit_callbacks(execute=True):
            import_job_start(job=job, dry_run=False)
        job.refresh_from_db()
        assert job.status == ImportJob.Status.PENDING and job.task_id
        queue = django_rq.get_queue("default")
        assert queue.count == 1  # waiting in Redis, not run in the request
        # A worker (`manage.py rqworker default --job-class django_tasks_rq.backend.Job`) takes it.
        django_rq.get_worker(
            "default", job_class="django_tasks_rq.backend.Job", worker_class=SimpleWorker
        ).work(burst=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert PropagandaSession.objects.filter(topic__startswith="Buổi RQ ").count() == 30


def test_the_setting_switches_the_backend(redis_db):
    env = {**os.environ, "TASKS_BACKEND": "django_tasks_rq.RQBackend", "RQ_URL": REDIS_URL}
    script = (
        "import django; django.setup();"
        "from django.conf import settings; from django_tasks import task_backends;"
        "print(type(task_backends['default']).__name__, 'django_rq' in settings.INSTALLED_APPS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["RQBackend", "True"], result.stderr
    check = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
