from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from reports.bench.runner import SECTIONS


class Command(BaseCommand):
    help = "Đo hiệu năng (bảng điều khiển toàn quốc và cấp tỉnh...) và in kết quả dạng JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only", action="append", choices=sorted(SECTIONS), help="chỉ đo phần này"
        )
        parser.add_argument("--runs", type=int, default=5, help="số lần đo (lấy trung vị)")
        parser.add_argument(
            "--import-rows",
            type=int,
            default=100_000,
            help="số dòng số liệu kỳ của tệp xlsx dùng để đo nhập dữ liệu",
        )

    def handle(self, *args, **options) -> None:
        if options["runs"] < 1:
            raise CommandError("--runs phải từ 1 trở lên.")
        names = options["only"] or list(SECTIONS)
        if options["import_rows"] < 1:
            raise CommandError("--import-rows phải từ 1 trở lên.")
        extra = {"import": {"rows": options["import_rows"]}}
        result = {
            name: SECTIONS[name](runs=options["runs"], **extra.get(name, {})) for name in names
        }
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
