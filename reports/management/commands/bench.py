from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from reports.bench.load import load_benchmark
from reports.bench.profile import profile_benchmark
from reports.bench.runner import SECTIONS


class Command(BaseCommand):
    help = "Đo hiệu năng (bảng điều khiển toàn quốc và cấp tỉnh...) và in kết quả dạng JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--only",
            action="append",
            choices=sorted([*SECTIONS, "load", "profile"]),
            help="chỉ đo phần này (load, profile: chỉ khi được gọi tên)",
        )
        parser.add_argument("--runs", type=int, default=5, help="số lần đo (lấy trung vị)")
        parser.add_argument(
            "--seconds",
            type=int,
            default=60,
            help="load: giây mỗi kịch bản (tối đa 100, cộng 20 giây cho các yêu cầu cuối)",
        )
        parser.add_argument(
            "--users", type=int, default=24, help="load: số người dùng đồng thời (kịch bản thường)"
        )
        parser.add_argument(
            "--officers", type=int, default=0, help="load: số xã (0 = tất cả, như hạn báo cáo)"
        )
        parser.add_argument("--seed", type=int, default=18, help="load: hạt giống ngẫu nhiên")
        parser.add_argument(
            "--serve", default="", help="load: thư mục mã nguồn gunicorn chạy (mặc định: mã này)"
        )
        parser.add_argument(
            "--gunicorn-args", default="", help="load: tham số gunicorn thêm (ví dụ -w 2)"
        )
        parser.add_argument(
            "--cache-url", default="", help="load: CACHE_URL của máy chủ (ví dụ redis://…)"
        )
        parser.add_argument(
            "--mix",
            action="append",
            choices=["realistic", "deadline"],
            help="load: chỉ chạy kịch bản này",
        )
        parser.add_argument(
            "--import-rows",
            type=int,
            default=100_000,
            help="số dòng số liệu kỳ của tệp xlsx dùng để đo nhập dữ liệu",
        )

    def handle(self, *args, **options) -> None:
        if options["runs"] < 1:
            raise CommandError("--runs phải từ 1 trở lên.")
        names = options["only"] or list(SECTIONS)  # the load test runs only when named
        if options["import_rows"] < 1:
            raise CommandError("--import-rows phải từ 1 trở lên.")
        extra = {
            "import": {"rows": options["import_rows"]},
            "load": {
                "seconds": options["seconds"],
                "users": options["users"],
                "officers": options["officers"],
                "seed": options["seed"],
                "serve": options["serve"],
                "gunicorn_args": options["gunicorn_args"],
                "cache_url": options["cache_url"],
                "mixes": tuple(options["mix"] or ("realistic", "deadline")),
            },
        }
        result = {}
        for name in names:
            if name == "load":
                result[name] = load_benchmark(**extra["load"])
            elif name == "profile":
                result[name] = profile_benchmark(runs=options["runs"])
            else:
                result[name] = SECTIONS[name](runs=options["runs"], **extra.get(name, {}))
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
