"""Spreadsheets built in tests, the way users' files really look."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook, load_workbook


def xlsx_bytes(rows: list[list], *, title: str = "Dữ liệu", merge: str = "") -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if merge:
        ws.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_values(content: bytes, sheet: int = 0) -> list[list]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in workbook.worksheets[sheet].iter_rows(values_only=True)]
