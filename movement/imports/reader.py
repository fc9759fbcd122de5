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
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from movement.imports import cells
from movement.text import fold

# Limits against hostile or broken files.
MAX_UNCOMPRESSED = 400 * 1024 * 1024  # whole xlsx, as its zip declares it
MAX_RATIO = 200  # a real sheet compresses 5-30 times; bombs thousands of times
MAX_ROWS = 1_000_000
HEADER_SCAN = 15  # title rows above the header that are looked through
GUIDE_SHEET = "Hướng dẫn"
HELPER_SHEETS = {"huong dan", "danh muc", "chi tieu"}  # the templates' own sheets
BROKEN = "Tệp bị hỏng: không đọc được nội dung .xlsx. Hãy mở tệp trong Excel, lưu lại rồi nhập lại."
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
    """A sheet: the columns matched to a resource's, and its non-blank data rows.

    Title rows above the header are kept as ``titles`` (the wide layout reads its period
    there); «Tổng cộng» / «Cộng» rows are not data: they are checked against the sum of the
    rows above them in the ``sum_columns`` and skipped, a mismatch noted in ``warnings``.
    """

    headers: list[
        str
    ]  # as written in the file (NFC, stripped), renamed to column keys once matched
    content: bytes
    kind: str  # "xlsx" or "csv"
    sheet: str = ""
    header_row: int = 1
    ignored: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # the headers as the file writes them
    titles: list[str] = field(default_factory=list)  # text of the rows above the header
    sheets: list[str] = field(default_factory=list)  # the data sheets of the workbook
    sum_columns: set[int] = field(default_factory=set)
    _warnings: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def warnings(self) -> list[str]:
        return [self._warnings[k] for k in sorted(self._warnings)]

    def warn(self, row: int, column: int, message: str) -> None:
        self._warnings[(row, column)] = message

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number in the sheet, values) of every non-blank data row."""
        width = len(self.headers)
        block: dict[int, Decimal] = dict.fromkeys(self.sum_columns, Decimal(0))
        grand = dict(block)
        for number, values in _raw_rows(self.content, self.kind, self.sheet):
            if number <= self.header_row:
                continue
            values = list(values[:width]) + [None] * (width - len(values))
            if all(cells.is_blank(v) for v, h in zip(values, self.headers, strict=True) if h):
                continue
            label = total_label(values)
            if label:
                self._check_total(number, label, values, block, grand)
                block = dict.fromkeys(self.sum_columns, Decimal(0))
                continue
            for index in self.sum_columns:
                figure = _figure(values[index])
                if figure is not None:
                    block[index] += figure
                    grand[index] += figure
            yield number, values

    def _check_total(self, number, label, values, block, grand) -> None:
        for index in sorted(self.sum_columns):
            written = _figure(values[index])
            if written is None or written in (block[index], grand[index]):
                continue
            header = self.written[index] if index < len(self.written) else ""
            self.warn(
                number,
                index,
                f"Dòng {number} «{label}», cột «{header}»: ghi {cells.text(written)}, "
                f"nhưng tổng các dòng trên là {cells.text(block[index])}. "
                "Dòng tổng không được nhập; hãy kiểm tra lại số liệu.",
            )


_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)\b[\s:.a-z]*$")


def total_label(values: Sequence[object]) -> str:
    """«Tổng cộng», «Cộng», «Tổng số»... when ``values`` is a total row, else ""."""
    seen = 0
    for value in values:
        if value is None or value == "":
            continue
        seen += 1
        if seen > 3:
            return ""
        if not isinstance(value, str) or len(value) > 40:
            continue
        head = value.lstrip()[:2].lower()
        # «Tổng», «Cộng» (any accents) but not «Tháng», «Chỉ tiêu»: fold only what may be one.
        if head[:1] in ("t", "c") and head[1:2] not in ("h", "") and _TOTAL.match(fold(value)):
            return cells.line(value)
    return ""


def _figure(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    try:
        return cells.number(value)
    except ValueError:
        return None


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
        for ws in workbook.worksheets:
            if fold(ws.title) == fold(name):
                return ws
        raise ImportFileError(f"Tệp không có sheet «{name}».")
    for ws in workbook.worksheets:
        if fold(ws.title) not in HELPER_SHEETS:
            return ws
    return workbook.worksheets[0]


def data_sheets(workbook) -> list[str]:
    return [ws.title for ws in workbook.worksheets if fold(ws.title) not in HELPER_SHEETS]


MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL, _ROW, _VALUE, _TEXT = MAIN_NS + "c", MAIN_NS + "row", MAIN_NS + "v", MAIN_NS + "t"
_FORMULA = MAIN_NS + "f"
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
    except ImportFileError:
        raise
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
                        if not raw and element.find(_FORMULA) is not None:
                            raise ImportFileError(
                                f"Ô {ref} có công thức nhưng tệp không lưu kết quả tính sẵn "
                                "(tệp do một chương trình khác Excel tạo ra): hãy mở tệp trong "
                                "Excel, lưu lại tệp trong Excel rồi nhập lại; hoặc dán giá trị "
                                "thay cho công thức."
                            )
                        if not raw:
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
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            # A damaged archive, or one that understates its sizes: "Bad CRC-32".
            raise ImportFileError(BROKEN) from None


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
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(path) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                block = tail + chunk
                for m in _MERGE.finditer(block):
                    first = int(m.group(2))
                    ranges.append((first, int(m.group(4) or first)))
                # A little overlap, so that a tag split between two chunks is still seen.
                tail = block[-200:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
        raise ImportFileError(BROKEN) from None
    return list(dict.fromkeys(ranges))


def canonical(header: object) -> str:
    return fold(cells.line(header).rstrip("*").strip())


_BRACKETS = re.compile(r"[(\[][^)\]]*[)\]]")


def header_variants(header: object) -> list[str]:
    """The ways a header may name a column, best first: as written; without the units in brackets
    («Số lượt người nghe (lượt)»); without a short unit after the last comma («Số tờ rơi, tờ»)."""
    full = canonical(header)
    variants = [full]
    bare = _BRACKETS.sub(" ", full)
    bare = re.sub(r"\s+", " ", bare).strip(" ,:;-*")
    if bare and bare not in variants:
        variants.append(bare)
    head, comma, unit = bare.rpartition(",")
    if comma and head.strip() and len(unit.split()) <= 2:
        variants.append(head.strip(" ,:;-"))
    return variants


def match_header(header: object, by_variant: dict[str, str]) -> str:
    """The column key ``header`` names in ``by_variant`` (folded name -> key), or ""."""
    for variant in header_variants(header):
        key = by_variant.get(variant)
        if key:
            return key
    return ""


def column_names(columns: Sequence[Column]) -> dict[str, str]:
    by_variant: dict[str, str] = {}
    for column in columns:
        for name in (column.key, *column.aliases):
            for variant in header_variants(name):
                by_variant.setdefault(variant, column.key)
    return by_variant


def find_header(
    rows: Sequence[tuple[int, list[object]]], vocabulary: dict[str, str]
) -> tuple[int, list[object]]:
    """The header among the first rows: the one naming most known columns; title rows above it
    hold one text each (merged across the table or not). Without any known name: the first row
    with two or more cells."""
    best: tuple[int, int, list[object]] = (0, 0, [])
    first_wide: tuple[int, list[object]] | None = None
    for number, values in rows:
        filled = [v for v in values if not cells.is_blank(v)]
        if len(filled) < 2:
            continue
        if first_wide is None:
            first_wide = (number, values)
        score = sum(1 for v in filled if match_header(v, vocabulary))
        if score > best[0]:
            best = (score, number, values)
    if best[0]:
        return best[1], best[2]
    if first_wide is not None:
        return first_wide
    for number, values in rows:
        if any(not cells.is_blank(v) for v in values):
            return number, values
    return 0, []


def open_table(
    content: bytes,
    filename: str = "",
    columns: Sequence[Column] = (),
    *,
    sheet: str = "",
    vocabulary: dict[str, str] | None = None,
    mapping: dict[str, str] | None = None,
) -> Table:
    """Reads the header of ``content`` and matches it to ``columns`` (when given).

    The header is looked for below up to ``HEADER_SCAN`` title rows, by the names of
    ``columns`` (or ``vocabulary``: folded name -> key). ``mapping`` (header as written ->
    column key, or "" to skip it) is the user's choice for headers the importer cannot match.
    Raises ImportFileError for anything that makes the whole file unusable.
    """
    kind = sniff_kind(content, filename)
    sheets: list[str] = []
    if kind == "xlsx":
        check_zip(content)
        try:
            wb = load_workbook(content)
            sheet = _sheet(wb, sheet).title
            sheets = data_sheets(wb)
            wb.close()
        except ImportFileError:
            raise
        except Exception:
            raise ImportFileError("Tệp .xlsx bị hỏng hoặc không phải là tệp Excel.") from None
    head: list[tuple[int, list[object]]] = []
    first = 0
    for number, values in _raw_rows(content, kind, sheet):
        if not first and any(not cells.is_blank(v) for v in values):
            first = number
        if first:
            head.append((number, values))
            if number >= first + HEADER_SCAN:
                break
    known = column_names(columns) if columns else (vocabulary or {})
    header_row, raw_headers = find_header(head, known)
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
    titles = [
        " ".join(cells.line(v) for v in values if not cells.is_blank(v))
        for number, values in head
        if number < header_row
    ]
    table = Table(
        headers=headers,
        content=content,
        kind=kind,
        sheet=sheet,
        header_row=header_row,
        written=list(headers),
        titles=[t for t in titles if t],
        sheets=sheets,
    )
    if columns:
        match_columns(table, columns, mapping or {})
    return table


def match_columns(table: Table, columns: Sequence[Column], mapping: dict[str, str]) -> None:
    """Renames the table's headers to the resource's column names; refuses duplicates and missing ones."""
    by_variant = column_names(columns)
    keys = {c.key for c in columns}
    seen: dict[str, int] = {}
    matched: list[str] = []
    for index, header in enumerate(table.headers):
        key = match_header(header, by_variant)
        if not key and header in mapping:
            # The user's choice on the mapping step: a column, or «bỏ qua» (not read, and listed).
            key = mapping[header] if mapping[header] in keys else ""
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
