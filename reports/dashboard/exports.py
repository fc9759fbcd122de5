"""Each dashboard figure as an XLSX file (openpyxl), numbers as numbers with a thousands format."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

INTEGER_FORMAT = "#,##0"  # shown 1.546 by a spreadsheet in a Vietnamese locale
DECIMAL_FORMAT = "#,##0.##"


def table_xlsx(
    title: str, subtitle: str, header: Sequence[str], rows: Sequence[Sequence[object]]
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31].replace("/", "-").replace(":", " ")
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([subtitle])
    ws.append([])
    ws.append(list(header))
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            values.append(value)
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, int) and not isinstance(cell.value, bool):
                cell.number_format = INTEGER_FORMAT
            elif isinstance(cell.value, float):
                cell.number_format = DECIMAL_FORMAT
    for index, name in enumerate(header, start=1):
        width = max([len(str(name))] + [len(str(r[index - 1])) for r in rows if len(r) >= index])
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, width + 2))
    ws.freeze_panes = "A5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
