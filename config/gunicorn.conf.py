"""gunicorn settings of the portal: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Sized for what a request does here (docs/performance.md): nothing heavy runs in a request
(large exports and national PDFs are tasks), so a request that takes 60 s is a fault, not a
big export; requests mostly wait on PostgreSQL, so each worker (one per core) serves a few of
them at once in threads. Every value can be set from the environment.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 2)))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after this many requests: its memory stays bounded.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None


def post_worker_init(worker) -> None:
    """Start the chart engine before the worker takes its first request (about 0.7 s), so no
    user's first dashboard pays for it (DESIGN §11)."""
    from reports.dashboard import charts

    seconds = charts.warm()
    worker.log.info("chart engine warm in %.2f s", seconds)
