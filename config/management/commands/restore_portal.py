"""python manage.py restore_portal /var/backups/antq/2026-12-05 [--database-url postgres://...]"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config import backups


class Command(BaseCommand):
    help = (
        "Khôi phục CSDL và media từ một bản sao lưu (ghi đè dữ liệu hiện có), "
        "rồi đối chiếu số dòng và mã băm của từng bảng với bản sao lưu."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "source", help="Thư mục bản sao lưu (database.dump, media.tar.gz, manifest.json)."
        )
        parser.add_argument(
            "--database-url",
            default="",
            help="CSDL đích khác CSDL của cổng (mặc định: CSDL của cổng).",
        )
        parser.add_argument(
            "--media-root", default="", help="Thư mục media đích (mặc định MEDIA_ROOT)."
        )

    def handle(self, *args, source: str, database_url: str, media_root: str, **options) -> None:
        config = backups.config_from_url(database_url) if database_url else connection.settings_dict
        if not database_url:
            connection.close()  # pg_restore drops and recreates the tables we would hold open
        try:
            problems = backups.restore(
                config=config,
                media_root=Path(media_root or settings.MEDIA_ROOT),
                source=Path(source),
            )
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError(
                "Khôi phục xong nhưng dữ liệu khác bản sao lưu:\n" + "\n".join(problems)
            )
        self.stdout.write("Đã khôi phục; mọi bảng và tệp media khớp bản sao lưu.")
