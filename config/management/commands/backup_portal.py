"""python manage.py backup_portal --out /var/backups/antq/2026-12-05"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config import backups


class Command(BaseCommand):
    help = "Sao lưu CSDL PostgreSQL (pg_dump) và thư mục media, kèm bảng kiểm (số dòng, mã băm)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--out", required=True, help="Thư mục chứa bản sao lưu (tạo nếu chưa có)."
        )

    def handle(self, *args, out: str, **options) -> None:
        try:
            manifest = backups.backup(
                config=connection.settings_dict, media_root=Path(settings.MEDIA_ROOT), out=Path(out)
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Đã sao lưu {len(manifest['tables'])} bảng ({rows:,} dòng) và "
            f"{manifest['media']['files']} tệp media vào {out}.".replace(",", ".")
        )
