"""Downloadable xlsx templates: Vietnamese headers, a «Hướng dẫn» sheet, drop-down lists for choices."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from movement.imports.reader import GUIDE_SHEET

LISTS_SHEET = "Danh mục"
ROWS_WITH_LISTS = 5000


def build_template(resource_class) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    # A resource with a «title» column (festivals) loses its sheet title to the column.
    title = resource_class.title if isinstance(resource_class.title, str) else ""
    ws.title = (title or str(resource_class._meta.model._meta.verbose_name_plural).capitalize())[
        :31
    ]
    lists = workbook.create_sheet(LISTS_SHEET)
    guide = workbook.create_sheet(GUIDE_SHEET)
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FFF2CC")
    columns = resource_class.column_help()
    if resource_class.key == "period_values":
        from movement.models import Indicator

        codes = list(
            Indicator.objects.filter(source=Indicator.Source.ENTERED, is_active=True)
            .order_by("order", "code")
            .values_list("code", "name")
        )
        columns = [
            (name, required, text, [c for c, _ in codes] if name == "Mã chỉ tiêu" else choices)
            for name, required, text, choices in columns
        ]
    list_column = 0
    for index, (name, required, text, choices) in enumerate(columns, 1):
        cell = ws.cell(row=1, column=index, value=name)
        cell.font = bold
        if required:
            cell.fill = required_fill
        if text:
            cell.comment = Comment(("Bắt buộc. " if required else "") + text, "Cổng ANTQ")
        ws.column_dimensions[get_column_letter(index)].width = max(14, min(len(name) + 6, 40))
        if choices:
            list_column += 1
            letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=name).font = bold
            for i, choice in enumerate(choices, 2):
                lists.cell(row=i, column=list_column, value=choice)
            validation = DataValidation(
                type="list",
                formula1=f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(choices) + 1}",
                allow_blank=not required,
                showErrorMessage=True,
                errorTitle="Giá trị không có trong danh sách",
                error=f"«{name}»: hãy chọn một giá trị trong danh sách.",
            )
            ws.add_data_validation(validation)
            column_letter = get_column_letter(index)
            validation.add(f"{column_letter}2:{column_letter}{ROWS_WITH_LISTS}")
    ws.freeze_panes = "A2"

    guide.append(["Cột", "Bắt buộc", "Cách ghi", "Giá trị được chọn"])
    for cell in guide[1]:
        cell.font = bold
    for name, required, text, choices in columns:
        guide.append(
            [name, "Có" if required else "", text, "; ".join(choices[:40]) if choices else ""]
        )
    guide.append([])
    for note in (
        "Mỗi dòng là một bản ghi; dòng trống được bỏ qua. Có thể thêm cột khác (ví dụ STT): cột không có trong danh sách trên được bỏ qua.",
        "Số ghi kiểu Việt Nam: 1.546 hoặc 1546; số thập phân 12,5. Ngày ghi ngày trước tháng sau: 15/08/2022, hoặc dùng ô ngày của Excel.",
        "Chỉ nhập được dữ liệu của đơn vị mình và các đơn vị cấp dưới. Có một dòng lỗi thì không dòng nào được lưu; tải «các dòng lỗi» để sửa.",
    ):
        guide.append([note])
    for letter, width in zip("ABCD", (32, 10, 80, 60), strict=True):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    if resource_class.key == "period_values":
        sheet = workbook.create_sheet("Chỉ tiêu")
        sheet.append(["Mã chỉ tiêu", "Tên chỉ tiêu"])
        for code, name in codes:
            sheet.append([code, name])
        sheet.column_dimensions["A"].width = 32
        sheet.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
