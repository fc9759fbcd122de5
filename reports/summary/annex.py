"""The statistics annex of the báo cáo tổng kết as an XLSX workbook (openpyxl).

Numbers are stored as numbers with a thousands format, so a spreadsheet in a Vietnamese locale
shows ``1.546`` and ``2.239,5``; one sheet per table of the PDF's annex.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

INTEGER = "#,##0"
ONE_PLACE = "#,##0.0"
TWO_PLACES = "#,##0.00"
CHANGE = "+#,##0.0;-#,##0.0;0"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _format(places: int) -> str:
    return {0: INTEGER, 1: ONE_PLACE}.get(places, TWO_PLACES)


class _Sheet:
    def __init__(self, ws, title: str, subtitle: str, header: Sequence[str], widths: Sequence[int]):
        self.ws = ws
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([subtitle])
        ws["A2"].font = Font(italic=True)
        ws.append([])
        ws.append(list(header))
        for cell in ws[4]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A5"

    def group(self, label: str, span: int) -> None:
        self.ws.append([label])
        row = self.ws.max_row
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        self.ws.cell(row, 1).font = Font(bold=True)

    def row(self, values: Sequence[object], formats: Sequence[str | None], bold: bool = False):
        self.ws.append([_number(v) if isinstance(v, Decimal) else v for v in values])
        for cell, number_format in zip(self.ws[self.ws.max_row], formats, strict=False):
            cell.border = BOX
            if number_format:
                cell.number_format = number_format
            if bold:
                cell.font = Font(bold=True)


def annex_xlsx(doc) -> bytes:
    """The annex tables of a ``reports.summary.builder.ReportDocument``."""
    report, span = doc.report, doc.span
    subtitle = f"{report.subject_name} – {span.label} (kèm theo Báo cáo {report.reference})"
    wb = Workbook()
    sheet = _Sheet(
        wb.active,
        f"Biểu 1. Tổng hợp kết quả {span.label} so với {span.previous().label}",
        subtitle,
        [
            "STT",
            "Chỉ tiêu",
            "Đơn vị tính",
            span.label.capitalize(),
            span.previous().label.capitalize(),
            "Tăng, giảm (%)",
        ],
        [6, 60, 14, 16, 16, 14],
    )
    wb.active.title = "Biểu 1 - Tổng hợp"
    for group in doc.annex:
        sheet.group(f"{group.letter}. {group.title}", 6)
        for stt, f in group.rows:
            fmt = _format(f.decimal_places)
            sheet.row(
                [stt, f.label, f.unit_label, f.value, f.previous, f.change_percent],
                [None, None, None, fmt, fmt, CHANGE],
            )
    if doc.year_columns:
        years = list(doc.year_columns)
        sheet = _Sheet(
            wb.create_sheet("Biểu 2 - Theo năm"),
            f"Biểu 2. Kết quả theo từng năm, {span.label}",
            subtitle,
            ["STT", "Chỉ tiêu", "ĐVT", *map(str, years), "Cả giai đoạn"],
            [6, 60, 12, *[12] * len(years), 14],
        )
        for group in doc.annex:
            sheet.group(f"{group.letter}. {group.title}", len(years) + 4)
            for stt, f in group.rows:
                fmt = _format(f.decimal_places)
                sheet.row(
                    [stt, f.label, f.unit_label, *[v for _, v in f.by_year], f.value],
                    [None, None, None, *[fmt] * (len(years) + 1)],
                )
    if doc.unit_table is not None:
        table = doc.unit_table
        number = 3 if doc.year_columns else 2
        sheet = _Sheet(
            wb.create_sheet(f"Biểu {number} - Theo đơn vị"),
            f"Biểu {number}. Kết quả của các đơn vị trực thuộc, {span.label}",
            subtitle,
            ["STT", "Đơn vị", *[m.label for m in table.metrics]],
            [6, 36, *[14] * len(table.metrics)],
        )
        formats = [None, None, *[INTEGER] * len(table.metrics)]
        for index, row in enumerate(table.rows, start=1):
            sheet.row(
                [index, row.unit.name, *[row.values.get(m.key) for m in table.metrics]], formats
            )
        sheet.row(
            ["", "Tổng cộng", *[table.total.get(m.key) for m in table.metrics]], formats, bold=True
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
