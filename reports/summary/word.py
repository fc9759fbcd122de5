"""The báo cáo tổng kết as an editable Word file (python-docx): the document offices finish, number,
date and sign. The same ``ReportDocument`` as the PDF, laid out to Nghị định 30/2020: A4, margins
20/20/30/15 mm, Times New Roman 14, the two-column header table, page numbers from page 2 in the
top margin, the signature block beside Nơi nhận, and the annex (Phụ lục) in sections of its own
with its own page numbers, landscape for the wide tables, then the charts (the PDF's SVG drawn as
PNG by vl-convert with the bundled font). "DỰ THẢO" stands in every page's header
while the document is incomplete.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from reports.summary import markup
from reports.templatetags.vi_numbers import pct_change, vn

FONT = "Times New Roman"
FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
_fonts_registered = False


def _chart_png(svg: str) -> bytes:
    """A chart of the PDF (SVG) as PNG for Word, drawn with the bundled Liberation Serif."""
    import vl_convert

    global _fonts_registered
    if not _fonts_registered:
        vl_convert.register_font_directory(str(FONT_DIR))
        _fonts_registered = True
    return vl_convert.svg_to_png(svg, scale=2)


INDENT = Cm(1.27)


def _font(run, size: float = 14, *, bold: bool = False, italic: bool = False) -> None:
    """Only what differs from the paragraph's style: Times New Roman 14 is the document default
    (setting the font on every run of a thousand table cells costs half a second)."""
    if size != 14:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True


TABLE_STYLES = {11: "ANTQ Bảng", 9: "ANTQ Bảng nhỏ"}
TABLE_STYLE_IDS = {11: "ANTQBang", 9: "ANTQBangNho"}


def _styles(document) -> None:
    """Times New Roman 14 for every script (Vietnamese is "Latin" to Word, but East Asian and
    complex-script slots would otherwise fall back), and the table paragraph styles."""
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for size, name in TABLE_STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.styleId = TABLE_STYLE_IDS[size]
        style.base_style = normal
        style.font.size = Pt(size)
        style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0


def _para(container, text: str = "", *, size: float = 14, bold=False, italic=False, align=None,
          indent=None, before: float = 0, after: float = 0, keep_next=False):  # fmt: skip
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    if align is not None:
        p.alignment = align
    if indent is not None:
        fmt.first_line_indent = indent
    fmt.keep_with_next = keep_next
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic)
    return p


def _short_rule(container, width_mm: float, cell_mm: float) -> None:
    """A rule of ``width_mm`` centred in a cell (1/3 of the issuing body, the motto's width): an
    empty, tiny paragraph indented on both sides, with a bottom border."""
    p = _para(container, size=2)
    side = Mm(max(0.0, (cell_mm - width_mm) / 2))
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = side
    _rule(p)


def _rule(paragraph) -> None:
    """A bottom border under the paragraph (the rule under the trích yếu)."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    _font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _setup(
    section,
    *,
    landscape: bool = False,
    draft: bool = False,
    restart: bool = False,
    numbered_first: bool = False,
):
    """A4 (landscape for wide tables), the margins of Nghị định 30/2020, the page number in the
    top margin from the section's second page on, "DỰ THẢO" in the header of a draft."""
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(30), Mm(15)
        section.left_margin, section.right_margin = Mm(20), Mm(20)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(8)
    section.different_first_page_header_footer = not numbered_first
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    header = section.header.paragraphs[0]
    header.text = ""
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(header)
    section.first_page_header.paragraphs[0].text = ""
    if draft:
        for part in (section.header, section.first_page_header):
            mark = part.add_paragraph()
            mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = mark.add_run("DỰ THẢO")
            _font(run, 13, bold=True)
            run.font.color.rgb = RGBColor(0x60, 0x60, 0x60)
    sect_pr = section._sectPr
    # A new section copies the previous one's properties: a restart must not be copied along.
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    if restart:
        numbering = OxmlElement("w:pgNumType")
        numbering.set(qn("w:start"), "1")
        sect_pr.append(numbering)


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _widths(table, widths_mm: list[float]) -> None:
    """Fixed column widths, in the grid (LibreOffice reads it) and on every cell (Word)."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_mm, strict=False):
        col.set(qn("w:w"), str(int(width * 56.7)))  # twentieths of a point per millimetre
    # Word takes a fixed table's widths from the grid and its first row.
    for cell, width in zip(table.rows[0].cells, widths_mm, strict=False):
        cell.width = Mm(width)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def _cell(cell, text: str, *, size: float = 11, bold=False, italic=False, align=None) -> None:
    p = cell.paragraphs[0]
    if size in TABLE_STYLE_IDS:
        p._p.style = TABLE_STYLE_IDS[size]  # by id: a lookup by name scans every style
        size = 14  # the style's size: nothing to set on the run
    else:
        p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    if align is not None:
        p.alignment = align
    _font(p.add_run(text), size, bold=bold, italic=italic)


def _blocks(document, blocks, *, keep_last: bool = False) -> None:
    for index, block in enumerate(blocks):
        last = keep_last and index == len(blocks) - 1
        if block.kind == markup.HEADING:
            _para(document, block.text, bold=True, indent=INDENT, before=6, keep_next=True)
            continue
        p = _para(document, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT, before=6)
        p.paragraph_format.keep_with_next = last
        if block.kind == markup.BULLET:
            _font(p.add_run("- "), 14)
        for run in block.runs:
            _font(p.add_run(run.text), 14, italic=run.italic)


def _header_table(document, doc) -> None:
    r = doc.report
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    _widths(table, [68, 97])
    center = WD_ALIGN_PARAGRAPH.CENTER
    left.paragraphs[0].text = ""
    if r.parent_body:
        _font(left.paragraphs[0].add_run(r.parent_body.upper()), 12)
        left.paragraphs[0].alignment = center
        _para(left, r.issuing_body.upper(), size=12, bold=True, align=center)
    else:
        _font(left.paragraphs[0].add_run(r.issuing_body.upper()), 12, bold=True)
        left.paragraphs[0].alignment = center
    _short_rule(left, 24, 68)
    _para(left, r.document_number, size=13, align=center, before=6)
    right.paragraphs[0].text = ""
    _font(right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    right.paragraphs[0].alignment = center
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align=center)
    _short_rule(right, 58, 97)
    _para(right, doc.place_date, size=14, italic=True, align=center, before=6)


def _signature(document, doc) -> None:
    r = doc.report
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _widths(table, [75, 90])
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    row_pr.append(cant_split)
    _cell(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in doc.recipients:
        _para(left, line, size=11)
    center = WD_ALIGN_PARAGRAPH.CENTER
    first = True
    lines = []
    if r.signer_capacity:
        lines.append(f"{r.signer_capacity} {r.signer_body.upper()}".strip())
    lines.append(r.signer_title.upper())
    for line in lines:
        if first:
            _cell(right, line, size=14, bold=True, align=center)
            first = False
        else:
            _para(right, line, size=14, bold=True, align=center)
    for _ in range(4):
        _para(right, "", size=14)
    _para(right, r.signer_name, size=14, bold=True, align=center)


def _grid(document, header: list[str], rows: list[list[str]], widths: list[float], *,
          size: float = 11, groups: dict[int, str] | None = None, bold_last: bool = False):  # fmt: skip
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, size=size, bold=True, align=center)
    # The header row repeats on every page.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    for index, values in enumerate(rows):
        if groups and index in groups:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[-1])
            _cell(merged, groups[index], size=size, bold=True)
        row = table.add_row()
        bold = bold_last and index == len(rows) - 1
        for column, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            align = center if column == 0 else (right if column >= 2 else None)
            _cell(cell, text, size=size, bold=bold, align=align)
    _widths(table, widths)
    return table


def _value(value, places: int = 0) -> str:
    return "–" if value is None else vn(value, places)


def _annex(document, doc) -> None:
    span = doc.span
    _para(document, "PHỤ LỤC", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(
        document,
        f"SỐ LIỆU THỐNG KÊ KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC {span.label.upper()}",
        size=13,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _para(document, f"({doc.annex_reference})", size=13, italic=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, after=6)  # fmt: skip
    if doc.years_without_data:
        _para(
            document,
            f"Năm {doc.years_without_data_text} không có báo cáo năm được duyệt hay bản ghi nào: "
            "số liệu để trống (–), không phải bằng 0.",
            size=12,
            italic=True,
            after=6,
        )
    if doc.annex:
        _para(document, f"Biểu 1. Tổng hợp kết quả {span.label} so với {span.previous().label}",
              size=13, bold=True, before=6, after=4)  # fmt: skip
        rows, groups = [], {}
        for group in doc.annex:
            groups[len(rows)] = f"{group.letter}. {group.title}"
            for stt, f in group.rows:
                rows.append(
                    [
                        str(stt),
                        f.label,
                        f.unit_label,
                        _value(f.value, f.decimal_places),
                        _value(f.previous, f.decimal_places),
                        pct_change(f.change_percent) or "–",
                    ]
                )
        _grid(
            document,
            list(doc.figure_headings),
            rows,
            [13, 58, 19, 29, 29, 17],
            groups=groups,
        )
    wide = bool(doc.year_columns or doc.unit_table)
    if wide:
        _setup(
            document.add_section(WD_SECTION.NEW_PAGE),
            landscape=True,
            draft=doc.draft,
            numbered_first=True,
        )
    if doc.year_columns:
        _para(document, f"Biểu 2. Kết quả theo từng năm, {span.label}", size=13, bold=True,
              after=4)  # fmt: skip
        years = list(doc.year_columns)
        rows, groups = [], {}
        for group in doc.year_annex:
            groups[len(rows)] = f"{group.letter}. {group.title}"
            for stt, f in group.rows:
                rows.append(
                    [str(stt), f.label, f.unit_label]
                    + [_value(v, f.decimal_places) for _, v in f.by_year]
                    + [_value(f.value, f.decimal_places)]
                )
        column = max(12.0, (257 - 13 - 56 - 18 - 20) / max(1, len(years)))
        _grid(document, ["STT", "Chỉ tiêu", "ĐVT", *map(str, years), "Cả giai đoạn"], rows,
              [13, 56, 18, *[column] * len(years), 20], size=9, groups=groups)  # fmt: skip
    if doc.unit_table is not None:
        table = doc.unit_table
        _para(document, f"{doc.annex_number}. Kết quả của các đơn vị trực thuộc, {span.label}",
              size=13, bold=True, before=8, after=4)  # fmt: skip
        rows = [
            ["" if row.own_level else str(i), row.name]
            + [_value(row.values.get(m.key)) for m in table.metrics]
            for i, row in enumerate(table.rows, start=1)
        ]
        rows.append(["", "Tổng cộng", *[_value(table.total.get(m.key)) for m in table.metrics]])
        width = (257 - 13 - 45) / max(1, len(table.metrics))
        _grid(document, ["STT", "Đơn vị", *[m.label for m in table.metrics]], rows,
              [13, 45, *[width] * len(table.metrics)], size=9, bold_last=True)  # fmt: skip


def _charts(document, doc) -> None:
    """The annex's charts on a portrait page, as in the PDF."""
    _setup(document.add_section(WD_SECTION.NEW_PAGE), draft=doc.draft, numbered_first=True)
    _para(document, "Biểu đồ", size=13, bold=True, after=6)
    for number, chart in enumerate(doc.charts, start=1):
        picture = _para(document, align=WD_ALIGN_PARAGRAPH.CENTER, keep_next=True)
        picture.add_run().add_picture(io.BytesIO(_chart_png(chart.svg)), width=Mm(150))
        _para(document, f"Hình {number}. {chart.title}", size=12, italic=True,
              align=WD_ALIGN_PARAGRAPH.CENTER, after=12)  # fmt: skip


def render_docx(doc) -> bytes:
    """The Word file of a ``reports.summary.builder.ReportDocument``."""
    document = Document()
    _styles(document)
    core = document.core_properties
    core.title, core.author = doc.report.title, doc.report.issuing_body
    _setup(document.sections[0], draft=doc.draft)
    _header_table(document, doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _para(document, "BÁO CÁO", bold=True, align=center, before=18)
    _para(document, doc.report.title, bold=True, align=center)
    _short_rule(document, 50, 165)
    _para(document, "", size=6)
    last = len(doc.sections) - 1
    for index, section in enumerate(doc.sections):
        _para(document, f"{section.number}. {section.title}", bold=True, indent=INDENT,
              before=12, keep_next=True)  # fmt: skip
        _blocks(document, section.blocks, keep_last=index == last)
        if section.empty and index != 1:
            _para(document, "(Chưa có nội dung)", italic=True, indent=INDENT, before=6,
                  keep_next=index == last)  # fmt: skip
        for sub in section.subsections:
            _para(document, f"{sub.number}. {sub.title}", bold=True, indent=INDENT, before=6,
                  keep_next=True)  # fmt: skip
            _blocks(document, sub.blocks)
    _para(document, "", keep_next=True)
    _signature(document, doc)
    if doc.annex or doc.unit_table:
        annex = document.add_section(WD_SECTION.NEW_PAGE)
        _setup(annex, draft=doc.draft, restart=True)
        _annex(document, doc)
        if doc.charts:
            _charts(document, doc)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
