"""What an import reports back: counts, and every error with its row, column and message."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

Progress = Callable[[int], None]


@dataclass
class RowError:
    row: int | None  # row number in the sheet; None for the file as a whole
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        where = f"Dòng {self.row}" if self.row else "Tệp"
        if self.column:
            where += f", cột «{self.column}»"
        return f"{where}: {self.message}"


@dataclass
class Outcome:
    resource: str = ""
    dry_run: bool = False
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    report_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row})

    def add(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=column, message=str(message)))

    def summary(self) -> str:
        if self.errors:
            rows = self.error_rows
            return (
                f"{len(self.errors)} lỗi ở {len(rows)} dòng: chưa lưu gì."
                if rows
                else str(self.errors[0].message)
            )
        verb = "Sẽ thêm" if self.dry_run else "Đã thêm"
        return f"{verb} {self.created} và cập nhật {self.updated} trên {self.total_rows} dòng."
