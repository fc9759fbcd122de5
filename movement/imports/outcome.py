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


MAX_CHANGES = 500  # old → new cells kept for the check step; the counts cover everything


@dataclass
class Outcome:
    """Counts are of rows (registries) or of values (period data): new, changed, unchanged."""

    resource: str = ""
    dry_run: bool = False
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    report_ids: list[int] = field(default_factory=list)
    # What the check step shows before «Xác nhận nhập», so that nothing is lost in silence.
    warnings: list[str] = field(default_factory=list)
    empty_figures: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    # The mapping step: headers the importer could not match, and what they may be mapped to.
    unmapped: list[str] = field(default_factory=list)
    targets: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    layout: str = ""  # "long", "wide", or "" for registries
    period: str = ""  # the wide layout's period, as read or chosen
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)

    def change(self, row: int | None, column: str, old: object, new: object) -> None:
        if len(self.changes) < MAX_CHANGES:
            self.changes.append({"row": row, "column": column, "old": old, "new": new})

    def details(self) -> dict[str, Any]:
        """What a job keeps of the check (JSON)."""
        return {
            "unchanged": self.unchanged,
            "ignored_columns": self.ignored_columns,
            "warnings": self.warnings,
            "empty_figures": self.empty_figures,
            "changes": self.changes,
            "unmapped": self.unmapped,
            "targets": self.targets,
            "headers": self.headers,
            "layout": self.layout,
            "period": self.period,
            "sheet": self.sheet,
            "sheets": self.sheets,
        }

    def notices(self) -> list[str]:
        """Every line the command line prints besides the errors (the same as the check page)."""
        lines = list(self.warnings)
        if self.ignored_columns:
            names = ", ".join(f"«{c}»" for c in self.ignored_columns)
            lines.append(f"Các cột không được đọc: {names}.")
        lines.extend(self.empty_figures)
        for c in self.changes:
            lines.append(f"Dòng {c['row']}, «{c['column']}»: {c['old']} → {c['new']}")
        return lines

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
        what = "giá trị" if self.layout else "bản ghi"
        return (
            f"{verb} {self.created} {what} mới, {'sẽ sửa' if self.dry_run else 'sửa'} "
            f"{self.updated}, {self.unchanged} không đổi (bỏ qua), 0 lỗi; "
            f"{self.total_rows} dòng trong tệp."
        )
