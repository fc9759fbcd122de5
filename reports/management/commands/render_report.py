"""``manage.py render_report (--unit CODE | --cluster ID) --year YYYY [--to-year YYYY]
[--format pdf|docx|xlsx] --out PATH``."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from clusters.models import SafetyCluster
from movement.models import Unit
from reports.selectors import Span
from reports.summary import services
from reports.summary.models import GeneratedFile, SummaryReport
from reports.templatetags.vi_numbers import vn


def find_unit(code: str, span: Span, level: str | None) -> Unit:
    """The unit with official code ``code`` that existed during ``span``.

    Codes are reused after mergers (a new xã may take the code of a thị trấn it absorbed), so
    a code alone can name several units: then ``--level`` or the years must tell them apart."""
    candidates = Unit.objects.select_related("level").filter(
        Q(code=code) | Q(code=code.zfill(5)) | Q(code=code.zfill(3)) | Q(code=code.zfill(2))
    )
    if level:
        candidates = candidates.filter(level__code=level)
    candidates = list(candidates)
    if not candidates:
        raise CommandError(f"Không có đơn vị nào mang mã {code}.")
    existing = [
        u
        for u in candidates
        if (u.valid_from is None or u.valid_from <= span.end)
        and (u.valid_to is None or u.valid_to > span.start)
    ]
    if len(existing) == 1:
        return existing[0]
    # A ward that took over its predecessor's code in the middle of the span: the report is the
    # unit's as it stands at the span's end (its totals carry the predecessor's, once).
    at_end = [u for u in existing if u.valid_to is None or u.valid_to > span.end]
    if len(existing) > 1 and len(at_end) == 1:
        return at_end[0]
    listed = "; ".join(
        f"{u.name} ({u.level.code}"
        + (f", từ {u.valid_from:%d/%m/%Y}" if u.valid_from else "")
        + (f", đến {u.valid_to:%d/%m/%Y}" if u.valid_to else "")
        + ")"
        for u in (existing or candidates)
    )
    if not existing:
        raise CommandError(f"Đơn vị mang mã {code} không tồn tại trong {span.label}: {listed}.")
    raise CommandError(
        f"Mã {code} ứng với nhiều đơn vị trong {span.label}: {listed}. Dùng --level."
    )


class Command(BaseCommand):
    help = (
        "Xuất báo cáo tổng kết của một đơn vị hoặc một cụm (PDF, DOCX hoặc phụ lục XLSX), như "
        "văn phòng xuất trên cổng: dùng bản đã soạn trên cổng nếu có, nếu chưa thì soạn sẵn từ "
        "số liệu."
    )

    def add_arguments(self, parser) -> None:
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--unit", help="mã đơn vị hành chính, ví dụ 194")
        who.add_argument("--cluster", type=int, help="số (id) của cụm địa bàn an toàn")
        parser.add_argument("--year", type=int, required=True, help="năm báo cáo (từ năm)")
        parser.add_argument("--to-year", type=int, help="đến năm (báo cáo nhiều năm)")
        parser.add_argument(
            "--level", choices=["province", "district", "commune"], help="cấp, khi mã bị trùng"
        )
        parser.add_argument("--format", choices=GeneratedFile.Format.values, default="pdf")
        parser.add_argument("--out", required=True, help="đường dẫn tệp kết quả")

    def handle(self, *args, **options) -> None:
        first, last = options["year"], options["to_year"] or options["year"]
        if not 2000 <= first <= last <= 2100:
            raise CommandError("Năm không hợp lệ: cần 2000 ≤ --year ≤ --to-year ≤ 2100.")
        span = Span(first, last)
        if options["cluster"] is not None:
            cluster = (
                SafetyCluster.objects.select_related("host_unit__level")
                .filter(pk=options["cluster"])
                .first()
            )
            if cluster is None:
                raise CommandError(f"Không có cụm địa bàn an toàn số {options['cluster']}.")
            report = SummaryReport.objects.filter(
                cluster=cluster, first_year=first, last_year=last
            ).first() or services.summary_report_draft(
                unit=cluster.host_unit, span=span, cluster=cluster
            )
        else:
            unit = find_unit(options["unit"], span, options["level"])
            report = SummaryReport.objects.filter(
                unit=unit, cluster__isnull=True, first_year=first, last_year=last
            ).first() or services.summary_report_draft(unit=unit, span=span)
        started = time.perf_counter()
        content, pages = services.render(report, options["format"])
        elapsed = time.perf_counter() - started
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        details = f"{pages} trang, " if pages else ""
        self.stdout.write(
            f"{out}: {report.subject_name}, {span.label}, {details}{vn(len(content))} byte, "
            f"{vn(round(elapsed, 2))} giây, SHA-256 {hashlib.sha256(content).hexdigest()}"
        )
