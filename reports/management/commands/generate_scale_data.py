from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from reports.bench.scale import ScaleOptions, generate


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu giả lập quy mô toàn quốc (34 tỉnh, 3.321 xã, ~70.000 khu dân cư, báo cáo tháng "
        "đã duyệt với ~40 chỉ tiêu, kèm hồ sơ) để đo hiệu năng. Cùng --seed cho cùng dữ liệu."
    )

    def add_arguments(self, parser) -> None:
        defaults = ScaleOptions()
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--provinces", type=int, default=defaults.provinces)
        parser.add_argument(
            "--communes", type=int, default=defaults.communes, help="tổng số xã, phường"
        )
        parser.add_argument(
            "--residential-per-commune", type=int, default=defaults.residential_per_commune
        )
        parser.add_argument("--years", type=int, default=defaults.years)
        parser.add_argument("--last-year", type=int, default=defaults.last_year)
        parser.add_argument("--indicators", type=int, default=defaults.indicators)
        parser.add_argument(
            "--sessions-per-commune-year", type=int, default=defaults.sessions_per_commune_year
        )

    def handle(self, *args, **options) -> None:
        opts = ScaleOptions(
            seed=options["seed"],
            provinces=options["provinces"],
            communes=options["communes"],
            residential_per_commune=options["residential_per_commune"],
            years=options["years"],
            last_year=options["last_year"],
            indicators=options["indicators"],
            sessions_per_commune_year=options["sessions_per_commune_year"],
        )
        if (
            opts.provinces < 1
            or opts.communes < opts.provinces
            or min(opts.years, opts.indicators) < 1
        ):
            raise CommandError("Cần ít nhất 1 tỉnh, mỗi tỉnh ít nhất 1 xã, 1 năm và 1 chỉ tiêu.")
        started = time.perf_counter()
        try:
            result = generate(
                opts, log=self.stderr.write if options["verbosity"] > 1 else lambda m: None
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        summary = {
            "seconds": round(time.perf_counter() - started, 1),
            "rows": result.rows,
            "steps": result.seconds,
        }
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
