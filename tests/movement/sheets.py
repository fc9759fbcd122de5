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


def titled_xlsx(
    titles: list[str], rows: list[list], *, title: str = "Biểu 01", width: int = 0
) -> bytes:
    """An office's sheet: title rows merged across the table above the header, as Excel keeps them."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    width = width or max(len(r) for r in rows)
    for number, text in enumerate(titles, 1):
        ws.cell(row=number, column=1, value=text)
        ws.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def understate_size(content: bytes, member: str) -> bytes:
    """``content`` (a zip) whose central directory says ``member`` unpacks to fewer bytes than it
    does: reading it ends in "Bad CRC-32", as a damaged or hostile file would."""
    import struct

    name = member.encode()
    at = content.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", content, at + 28)[0]
        if content[at + 46 : at + 46 + name_length] == name:
            size = struct.unpack_from("<I", content, at + 24)[0]
            patched = bytearray(content)
            struct.pack_into("<I", patched, at + 24, max(size // 2, 1))
            return bytes(patched)
        at = content.find(b"PK\x01\x02", at + 4)
    raise ValueError(f"no member {member}")
