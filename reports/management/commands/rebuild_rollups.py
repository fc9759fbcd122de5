from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from reports.rollups.rebuild import rebuild_all


class Command(BaseCommand):
    help = (
        "Tính lại toàn bộ bảng tổng hợp của bảng điều khiển từ các báo cáo đã duyệt "
        "(bình thường chúng được cập nhật ngay khi ghi; dùng sau khi khôi phục dữ liệu)."
    )

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            counts = rebuild_all()
        if options["verbosity"] >= 1:
            labels = {
                "own": "Dòng giá trị riêng của đơn vị",
                "subtree": "Dòng tổng theo cây đơn vị",
                "record_own": "Dòng hồ sơ riêng của đơn vị",
                "record_subtree": "Dòng hồ sơ tổng theo cây đơn vị",
            }
            for name, count in counts.items():
                self.stdout.write(f"{labels.get(name, name)}: {count:,}".replace(",", "."))
