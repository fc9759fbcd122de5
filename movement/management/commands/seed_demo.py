from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from movement.demo import DEMO_PASSWORD, DemoDataError, describe_logins, seed_demo


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính, tài khoản demo và dữ liệu mẫu từ các bài viết "
        "(Móng Cái, Trà Lĩnh, Sơn Tây, Hải Long). Chạy lại nhiều lần không tạo bản ghi trùng."
    )

    def handle(self, *args, **options) -> None:
        try:
            created = seed_demo()
        except (ValidationError, DemoDataError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(
                "Không nạp được dữ liệu mẫu, không có gì được lưu:\n" + "\n".join(messages)
            ) from exc
        if options["verbosity"] < 1:
            return
        if created:
            for name, count in sorted(created.items()):
                self.stdout.write(f"Đã tạo {count} {name}.")
        else:
            self.stdout.write("Dữ liệu mẫu đã có đủ, không tạo thêm gì.")
        self.stdout.write(f"Tài khoản demo (mật khẩu {DEMO_PASSWORD}):")
        for line in describe_logins():
            self.stdout.write(line)
