"""The statistics annex of the báo cáo tổng kết as an XLSX workbook (openpyxl).

Numbers are stored as numbers with a thousands format, so a spreadsheet in a Vietnamese locale
shows ``1.546`` and ``2.239,5``; one sheet per table of the PDF's annex, in the PDF's money
units (đồng in Biểu 1, triệu đồng in the per-year table). Each sheet prints on A4 landscape,
fitted to the page width, with the header row repeated and Times New Roman throughout; totals
are formulas (``=SUM(...)``) so a corrected cell corrects its total.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

INTEGER = "#,##0"
ONE_PLACE = "#,##0.0"
TWO_PLACES = "#,##0.00"
CHANGE = "+#,##0.0;-#,##0.0;0"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"


def font(**kwargs) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 11), **kwargs)


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
        ws["A1"].font = font(bold=True, size=13)
        ws.append([subtitle])
        ws["A2"].font = font(italic=True)
        ws.append([])
        ws.append(list(header))
        for cell in ws[4]:
            cell.font = font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cell.border = BOX
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.freeze_panes = "A5"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_title_rows = "4:4"
        ws.page_margins.left, ws.page_margins.right = 0.79, 0.59  # 20 mm, 15 mm
        ws.page_margins.top, ws.page_margins.bottom = 0.79, 0.59
        ws.oddFooter.center.text = "&P/&N"

    def group(self, label: str, span: int) -> None:
        self.ws.append([label])
        row = self.ws.max_row
        self.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=span)
        self.ws.cell(row, 1).font = font(bold=True)

    def row(self, values: Sequence[object], formats: Sequence[str | None], bold: bool = False):
        self.ws.append([_number(v) if isinstance(v, Decimal) else v for v in values])
        for cell, number_format in zip(self.ws[self.ws.max_row], formats, strict=False):
            cell.border = BOX
            cell.font = font(bold=bold)
            if number_format:
                cell.number_format = number_format


def annex_xlsx(doc) -> bytes:
    """The annex tables of a ``reports.summary.builder.ReportDocument``."""
    report, span = doc.report, doc.span
    subtitle = f"{report.subject_name} – {span.label} ({doc.annex_reference})"
    wb = Workbook()
    sheet = _Sheet(
        wb.active,
        f"Biểu 1. Tổng hợp kết quả {span.label} so với {span.previous().label}",
        subtitle,
        list(doc.figure_headings),
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
        first, last = get_column_letter(4), get_column_letter(3 + len(years))
        for group in doc.year_annex:
            sheet.group(f"{group.letter}. {group.title}", len(years) + 4)
            for stt, f in group.rows:
                fmt = _format(f.decimal_places)
                values = [v for _, v in f.by_year]
                total: object = f.value
                # A flow adds its years: the total is a formula over them.
                known = [v for v in values if v is not None]
                if known and f.value is not None and sum(known) == f.value:
                    row = sheet.ws.max_row + 1
                    total = f"=SUM({first}{row}:{last}{row})"
                sheet.row(
                    [stt, f.label, f.unit_label, *values, total],
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
        top = sheet.ws.max_row + 1
        for index, row in enumerate(table.rows, start=1):
            sheet.row(
                ["" if row.own_level else index, row.name]
                + [row.values.get(m.key) for m in table.metrics],
                formats,
            )
        bottom = sheet.ws.max_row
        totals = [
            None
            if table.total.get(m.key) is None
            else f"=SUM({get_column_letter(3 + i)}{top}:{get_column_letter(3 + i)}{bottom})"
            for i, m in enumerate(table.metrics)
        ]
        sheet.row(["", "Tổng cộng", *totals], formats, bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
