from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from movement.catalogue import DEFAULT_LEGACY_FILE, load_current, load_legacy


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính: đơn vị hiện hành (từ 01/07/2025) từ gói vietnam-provinces "
        "và đơn vị trước 2025 kèm quan hệ kế thừa từ tệp CSV/XLSX theo mẫu danh mục chính thức."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--legacy",
            nargs="*",
            type=Path,
            help="Tệp danh mục trước 2025 (CSV/XLSX); bỏ trống để dùng tệp kèm theo.",
        )
        parser.add_argument(
            "--no-current", action="store_true", help="Không nạp danh mục hiện hành."
        )

    def handle(self, *args, **options) -> None:
        try:
            if not options["no_current"]:
                stats = load_current()
                self.stdout.write(
                    f"Danh mục hiện hành: thêm {stats.created}, cập nhật {stats.updated} đơn vị."
                )
            if options["legacy"] is not None:
                for path in options["legacy"] or [DEFAULT_LEGACY_FILE]:
                    if not path.exists():
                        raise CommandError(f"Không tìm thấy tệp «{path}».")
                    stats = load_legacy(path)
                    self.stdout.write(
                        f"{path.name}: thêm {stats.created}, cập nhật {stats.updated} đơn vị, {stats.successions} quan hệ kế thừa mới."
                    )
        except ValidationError as exc:
            raise CommandError(
                "Không nạp được danh mục, không có gì được lưu:\n" + "\n".join(exc.messages)
            ) from exc
