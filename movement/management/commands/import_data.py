"""python manage.py import_data FILE [--dry-run] [--as USERNAME] [--resource KEY] [--sheet NAME]
[--period "Năm 2022"] [--map "Tiêu đề=mã chỉ tiêu hoặc tên cột"]...

Prints, like the check page, every warning, every column that will not be read, every figure
that would be empty or 0, and old → new for changed cells, before the result."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from movement.imports.engine import run_import
from movement.imports.jobs import estimate_rows
from movement.models import User
from movement.resources import resources


class ProgressBar:
    def __init__(self, total: int, stream=sys.stderr, width: int = 30) -> None:
        self.total, self.stream, self.width = max(total, 1), stream, width

    def __call__(self, done: int) -> None:
        share = min(done / self.total, 1)
        filled = int(share * self.width)
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {share:6.1%}  {done}/{self.total} dòng"
        )
        self.stream.flush()

    def finish(self) -> None:
        self(self.total)
        self.stream.write("\n")


class Command(BaseCommand):
    help = "Nhập dữ liệu từ tệp .xlsx hoặc .csv, với cùng các kiểm tra như trang quản trị."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Tệp .xlsx hoặc .csv")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không lưu gì.")
        parser.add_argument(
            "--as",
            dest="username",
            default="",
            help="Nhập với quyền và phạm vi đơn vị của người dùng này (mặc định: một quản trị hệ thống).",
        )
        parser.add_argument("--sheet", default="", help="Tên sheet cần đọc (mặc định: sheet đầu).")
        parser.add_argument(
            "--period",
            default="",
            help="Kỳ của biểu tổng hợp khi tiêu đề không ghi: «Năm 2022», «Quý III/2022».",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="TIÊU ĐỀ=ĐÍCH",
            help="Ghép một cột chưa nhận ra: «Số vụ hòa giải=disputes_mediated» (biểu tổng hợp: "
            "mã chỉ tiêu; tệp hồ sơ: tên cột mẫu); «=» để trống là bỏ qua cột. Không ghi: dùng "
            "cách ghép đã nhớ của đơn vị.",
        )
        parser.add_argument(
            "--resource",
            choices=sorted(resources()),
            help="Loại dữ liệu; mặc định nhận ra từ tên sheet hoặc tiêu đề cột.",
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp «{path}».")
        if options["username"]:
            user = User.objects.filter(username=options["username"], is_active=True).first()
            if user is None:
                raise CommandError(f"Không có người dùng «{options['username']}».")
        else:
            user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if user is None:
                raise CommandError("Chưa có quản trị hệ thống nào: dùng --as USERNAME.")
        content = path.read_bytes()
        bar = ProgressBar(estimate_rows(content, path.name), stream=self.stderr._out)
        choices: dict = {}
        if options["sheet"]:
            choices["sheet"] = options["sheet"]
        if options["period"]:
            choices["period"] = options["period"]
        if options["map"]:
            choices["mapping"] = _mapping(options["map"])
        outcome = run_import(
            content,
            user=user,
            resource_key=options["resource"],
            filename=path.name,
            dry_run=options["dry_run"],
            progress=bar,
            options=choices,
        )
        bar.total = max(outcome.total_rows, 1)
        bar.finish()
        for line in outcome.notices():
            self.stdout.write(self.style.WARNING(line))
        if outcome.unmapped and outcome.targets:
            self.stdout.write(
                "Ghép cột bằng --map «Tiêu đề=Đích»; các đích: "
                + ", ".join(key.removeprefix("ind:") for key, _ in outcome.targets if key)
            )
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(str(error))
            raise CommandError(outcome.summary())
        note = " (kiểm tra thử, chưa lưu gì)" if options["dry_run"] else ""
        self.stdout.write(self.style.SUCCESS(outcome.summary() + note))


def _mapping(pairs: list[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.partition("=")
        if not sep or not header.strip():
            raise CommandError(f"--map «{pair}»: hãy ghi «Tiêu đề=Đích».")
        mapping[header.strip()] = target.strip()
    return mapping
