"""Delete the uploaded files of finished imports older than IMPORT_UPLOAD_RETENTION_DAYS.

The job itself stays (who imported what, when, with which result and row errors); only the
file's bytes go. Run it daily (docs/deploy.md has a systemd timer).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models.functions import Length
from django.utils import timezone

from movement.models import ImportJob

FINISHED = (ImportJob.Status.DONE, ImportJob.Status.FAILED)


class Command(BaseCommand):
    help = "Xóa nội dung tệp của các lần nhập dữ liệu đã xong quá số ngày lưu giữ."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày giữ tệp (mặc định IMPORT_UPLOAD_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không xóa.")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.IMPORT_UPLOAD_RETENTION_DAYS if days is None else days
        cutoff = timezone.now() - dt.timedelta(days=days)
        old = (
            ImportJob.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
            .annotate(size=Length("content"))
            .filter(size__gt=0)
        )
        sizes = dict(old.values_list("pk", "size"))
        if not dry_run and sizes:
            ImportJob.objects.filter(pk__in=list(sizes)).update(content=b"")
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        total = f"{sum(sizes.values()):,}".replace(",", ".")
        self.stdout.write(
            f"{verb} tệp của {len(sizes)} lần nhập xong trước {cutoff:%d/%m/%Y} ({total} byte)."
        )
