"""Delete the files of export jobs finished more than EXPORT_RETENTION_DAYS ago, and give up the
jobs a dead worker left waiting or running.

The jobs stay (who exported what, when, how many rows); only the files go. The báo cáo tổng
kết's files are kept by the reports app (to match signed copies) and are not touched. Run it
daily (docs/deploy.md has a systemd timer).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from movement.export_jobs import export_files_purge, export_jobs_expire


class Command(BaseCommand):
    help = "Xóa tệp của các lần xuất dữ liệu đã xong quá số ngày lưu giữ."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày giữ tệp (mặc định EXPORT_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không xóa.")

    def handle(self, *args, days: int | None, dry_run: bool, **options) -> None:
        days = settings.EXPORT_RETENTION_DAYS if days is None else days
        stale = 0 if dry_run else export_jobs_expire()
        files, size = export_files_purge(days=days, dry_run=dry_run)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        total = f"{size:,}".replace(",", ".")
        self.stdout.write(
            f"{verb} {files} tệp đã xuất quá {days} ngày ({total} byte)"
            + (f"; {stale} lần xuất bị bỏ dở được đánh dấu lỗi." if stale else ".")
        )
