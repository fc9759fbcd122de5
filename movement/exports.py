"""Exports that Excel opens in Vietnamese, that no cell can turn into a formula, and that stream.

CSV: UTF-8 with a BOM (Excel otherwise reads Vietnamese as mojibake), written row
by row through a StreamingHttpResponse. XLSX: openpyxl's write-only mode into a
temporary file streamed back in chunks. Rows come from the resource's
``export_queryset`` (already limited to the user's units) with ``iterator()``,
so 100,000 rows never sit in memory together.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000


def escape_formula(value: str) -> str:
    """A text cell that would start a formula gets a leading apostrophe (OWASP CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, (int, float)):
        return str(value).replace(".", ",")
    return escape_formula(str(value))


def export_rows(resource: Any) -> Iterator[list[Any]]:
    """The header, then one list of cell values per object of ``resource.export_queryset()``."""
    fields = resource.get_export_fields()
    yield [f.column_name for f in fields]
    for obj in resource.export_queryset().iterator(chunk_size=CHUNK):
        yield [resource.export_field(f, obj) for f in fields]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield BOM
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row])


def csv_response(rows: Iterable[list[Any]], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(rows)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_xlsx(rows: Iterable[list[Any]], target, sheet_title: str = "Dữ liệu") -> None:
    """Writes ``rows`` (header first) to ``target`` (a path or binary file) in write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(title=sheet_title[:31])
    bold = Font(bold=True)
    header = True
    widths: list[int] = []
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=_xlsx_value(value))
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            if isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            if header:
                cell.font = bold
            cells.append(cell)
        if header:
            widths = [min(max(len(str(v or "")) + 4, 12), 60) for v in row]
            from openpyxl.utils import get_column_letter

            for i, width in enumerate(widths, 1):
                ws.column_dimensions[get_column_letter(i)].width = width
            ws.freeze_panes = "A2"
            header = False
        ws.append(cells)
    workbook.save(target)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def xlsx_response(rows: Iterable[list[Any]], filename: str, sheet_title: str) -> FileResponse:
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_xlsx(rows, spool, sheet_title)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def export_filename(resource: Any, extension: str) -> str:
    return f"{resource.key}-{timezone.localdate():%Y%m%d}.{extension}"


def export_response(resource: Any, file_format: str):
    rows = export_rows(resource)
    if file_format == "csv":
        return csv_response(rows, export_filename(resource, "csv"))
    return xlsx_response(rows, export_filename(resource, "xlsx"), resource.title)
