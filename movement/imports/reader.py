"""Reading an uploaded spreadsheet (xlsx or csv) safely and as it really is.

Refuses, with one clear Vietnamese message, what is not a spreadsheet, an empty
file, a zip bomb, merged header cells, duplicate or missing columns. Skips blank
rows and trailing empty columns; gives every data row its row number in the sheet.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from movement.imports import cells
from movement.text import fold

# Limits against hostile or broken files.
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # whole xlsx, as its zip declares it
MAX_RATIO = 200  # a real sheet compresses 5-30 times; bombs thousands of times
MAX_ROWS = 1_000_000
GUIDE_SHEET = "Hướng dẫn"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message says why, in Vietnamese."""


@dataclass
class Column:
    key: str  # the resource's column name
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass
class Table:
    """A sheet: the columns matched to a resource's, and its non-blank data rows."""

    headers: list[str]  # as written in the file (NFC, stripped)
    content: bytes
    kind: str  # "xlsx" or "csv"
    sheet: str = ""
    header_row: int = 1
    ignored: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number in the sheet, values) of every non-blank data row."""
        width = len(self.headers)
        for number, values in _raw_rows(self.content, self.kind, self.sheet):
            if number <= self.header_row:
                continue
            values = list(values[:width]) + [None] * (width - len(values))
            if all(cells.is_blank(v) for v, h in zip(values, self.headers, strict=True) if h):
                continue
            yield number, values


def sniff_kind(content: bytes, filename: str = "") -> str:
    if not content or not content.strip():
        raise ImportFileError("Tệp rỗng: không có dữ liệu để nhập.")
    if content[:4] == b"PK\x03\x04":
        return "xlsx"
    if content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportFileError(
            "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở tệp và lưu lại dưới dạng .xlsx."
        )
    head = content[:4096]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            "Tệp không phải là bảng tính: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."
        )
    if filename.lower().endswith((".pdf", ".doc", ".docx", ".png", ".jpg", ".zip")):
        raise ImportFileError(
            "Tệp không phải là bảng tính: chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."
        )
    return "csv"


def check_zip(content: bytes) -> zipfile.ZipFile:
    """Refuses a zip bomb by the sizes the archive declares, before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportFileError("Tệp .xlsx bị hỏng hoặc không phải là tệp Excel.") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise ImportFileError("Tệp nén không phải là bảng tính Excel (.xlsx).")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED:
        raise ImportFileError(
            "Tệp quá lớn khi giải nén (có thể là tệp độc hại «zip bomb»): không nhập."
        )
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise ImportFileError(
                "Tệp có tỉ lệ nén bất thường (có thể là tệp độc hại «zip bomb»): không nhập."
            )
    return archive


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            if encoding == "utf-16" and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("Tệp CSV phải được lưu với bảng mã UTF-8 (Excel: «CSV UTF-8»).")


def _csv_rows(content: bytes) -> Iterator[tuple[int, list[object]]]:
    data = _decode(content)
    first = data.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        for number, row in enumerate(reader, 1):
            yield number, list(row)
    except csv.Error as exc:
        raise ImportFileError(f"Tệp CSV không đọc được: {exc}.") from None


def load_workbook(content: bytes):
    """openpyxl in read-only mode, without its sizing pass: a sheet written without a
    <dimension> (openpyxl's own write-only files) would otherwise be parsed once more in full
    for every sheet at every load."""
    from unittest import mock

    import openpyxl
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    with mock.patch.object(ReadOnlyWorksheet, "_get_size", lambda self: None):
        return openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False
        )


def _sheet(workbook, name: str):
    if name:
        return workbook[name]
    for ws in workbook.worksheets:
        if fold(ws.title) != fold(GUIDE_SHEET):
            return ws
    return workbook.worksheets[0]


MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW, _VALUE, _TEXT = MAIN_NS + "c", MAIN_NS + "row", MAIN_NS + "v", MAIN_NS + "t"
_COLUMN = re.compile(r"[A-Z]+")


def _column_index(ref: str) -> int:
    letters = _COLUMN.match(ref)
    index = 0
    for ch in letters.group(0) if letters else "":
        index = index * 26 + ord(ch) - 64
    return index - 1


def _xlsx_rows(content: bytes, sheet: str) -> Iterator[tuple[int, list[object]]]:
    """Rows of a sheet, parsed with ElementTree's C parser.

    openpyxl builds objects for every cell (rich text for each inline string); this reads
    only the values, with openpyxl's own shared strings, date styles and epoch, several
    times faster on 100,000-row files.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.datetime import from_excel

    check_zip(content)
    try:
        workbook = load_workbook(content)
        ws = _sheet(workbook, sheet)
        path, shared = ws._worksheet_path, ws._shared_strings
        date_styles, epoch = workbook._date_formats, workbook.epoch
        workbook.close()
    except Exception:  # openpyxl raises many kinds on broken files
        raise ImportFileError("Tệp .xlsx bị hỏng hoặc không phải là tệp Excel.") from None
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(path) as source:
        number = 0
        values: dict[int, object] = {}
        try:
            for _, element in iterparse(source, events=("end",)):
                tag = element.tag
                if tag == _CELL:
                    ref = element.get("r")
                    column = _column_index(ref) if ref else len(values)
                    kind = element.get("t", "n")
                    if kind == "inlineStr":
                        value: object = "".join(t.text or "" for t in element.iter(_TEXT))
                    else:
                        raw = element.findtext(_VALUE)
                        if raw is None:
                            value = None
                        elif kind == "s":
                            value = shared[int(raw)]
                        elif kind == "b":
                            value = raw == "1"
                        elif kind in ("str", "e"):
                            value = raw
                        elif kind == "d":
                            from datetime import datetime

                            value = datetime.fromisoformat(raw)
                        else:
                            value = float(raw) if any(c in raw for c in ".eE") else int(raw)
                            style = element.get("s")
                            if style and int(style) in date_styles:
                                value = from_excel(value, epoch)
                    values[column] = value
                elif tag == _ROW:
                    ref = element.get("r")
                    number = int(ref) if ref else number + 1
                    width = max(values) + 1 if values else 0
                    yield number, [values.get(i) for i in range(width)]
                    values = {}
                    element.clear()  # an emptied <row> stays behind: a few bytes per row
        except SyntaxError:  # ElementTree's ParseError
            raise ImportFileError("Tệp .xlsx bị hỏng: không đọc được nội dung sheet.") from None


def _raw_rows(content: bytes, kind: str, sheet: str = "") -> Iterator[tuple[int, list[object]]]:
    return _xlsx_rows(content, sheet) if kind == "xlsx" else _csv_rows(content)


def merged_ranges(content: bytes, sheet: str) -> list[tuple[int, int]]:
    """(first row, last row) of every merged range of ``sheet``, read from its XML without parsing it."""
    workbook = load_workbook(content)
    try:
        path = _sheet(workbook, sheet)._worksheet_path
    finally:
        workbook.close()
    ranges: list[tuple[int, int]] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(path) as stream:
        tail = b""
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            for m in _MERGE.finditer(block):
                first = int(m.group(2))
                ranges.append((first, int(m.group(4) or first)))
            # A little overlap, so that a tag split between two chunks is still seen.
            tail = block[-200:]
    return list(dict.fromkeys(ranges))


def canonical(header: str) -> str:
    return fold(cells.line(header).rstrip("*").strip())


def open_table(content: bytes, filename: str = "", columns: Sequence[Column] = ()) -> Table:
    """Reads the header of ``content`` and matches it to ``columns`` (when given).

    Raises ImportFileError for anything that makes the whole file unusable.
    """
    kind = sniff_kind(content, filename)
    sheet = ""
    if kind == "xlsx":
        check_zip(content)
        try:
            wb = load_workbook(content)
            sheet = _sheet(wb, "").title
            wb.close()
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError("Tệp .xlsx bị hỏng hoặc không phải là tệp Excel.") from None
    header_row = 0
    raw_headers: list[object] = []
    for number, values in _raw_rows(content, kind, sheet):
        if any(not cells.is_blank(v) for v in values):
            header_row, raw_headers = number, values
            break
    if not header_row:
        raise ImportFileError("Tệp không có dữ liệu: không tìm thấy dòng tiêu đề.")
    if kind == "xlsx":
        merged = [r for r in merged_ranges(content, sheet) if r[0] <= header_row <= r[1]]
        if merged:
            raise ImportFileError(
                f"Dòng tiêu đề (dòng {header_row}) có ô gộp (merge): hãy bỏ gộp ô để mỗi cột có một tiêu đề riêng."
            )
    headers = [cells.line(v) for v in raw_headers]
    while headers and not headers[-1]:
        headers.pop()
    table = Table(headers=headers, content=content, kind=kind, sheet=sheet, header_row=header_row)
    if columns:
        match_columns(table, columns)
    return table


def match_columns(table: Table, columns: Sequence[Column]) -> None:
    """Renames the table's headers to the resource's column names; refuses duplicates and missing ones."""
    by_fold: dict[str, str] = {}
    for column in columns:
        for name in (column.key, *column.aliases):
            by_fold[canonical(name)] = column.key
    seen: dict[str, int] = {}
    matched: list[str] = []
    for index, header in enumerate(table.headers):
        key = by_fold.get(canonical(header), "")
        if key and key in seen:
            raise ImportFileError(
                f"Cột «{header}» xuất hiện hai lần (cột {_letter(seen[key])} và cột {_letter(index)})."
            )
        if key:
            seen[key] = index
        elif header:
            table.ignored.append(header)
        matched.append(key)
    missing = [c.key for c in columns if c.required and c.key not in seen]
    if missing:
        names = ", ".join(f"«{m}»" for m in missing)
        raise ImportFileError(f"Thiếu cột bắt buộc: {names} (tiêu đề ở dòng {table.header_row}).")
    table.headers = matched


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def count_rows(table: Table) -> int:
    """Number of non-blank data rows (reads the file once)."""
    total = 0
    for total, _ in enumerate(table.rows(), 1):  # noqa: B007
        if total > MAX_ROWS:
            raise ImportFileError(
                f"Tệp có hơn {MAX_ROWS:,} dòng: hãy chia nhỏ tệp.".replace(",", ".")
            )
    return total
