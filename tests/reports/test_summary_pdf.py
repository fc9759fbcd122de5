"""The báo cáo tổng kết as a PDF: the seed articles' figures read back from it, and its layout
checked against Nghị định 30/2020 (A4, margins, fonts, header, date, page numbers)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from movement.models import Unit
from reports.selectors import Span
from reports.summary import builder, pdf, services
from tests.reports.pdfs import MM, fonts, pages_text, text, words

A4 = (595.28, 841.89)
# Word boxes come from glyph advances; a justified line's last glyph may end a fraction of a
# point past the text edge (ink measured at 0,2 mm). Half a millimetre is allowed.
TOLERANCE = 0.5 * MM
pytestmark = pytest.mark.django_db


def district(code: str) -> Unit:
    return Unit.objects.get(level__code="district", code=code)


def render(unit: Unit, first: int, last: int, **header) -> bytes:
    report = services.summary_report_draft(unit=unit, span=Span(first, last))
    for name, value in header.items():
        setattr(report, name, value)
    return pdf.render_document(builder.build_document(report)).content


@pytest.fixture(scope="module")
def tra_linh_2018(django_db_setup, django_db_blocker) -> bytes:
    with django_db_blocker.unblock():
        return render(district("046"), 2018, 2018)


@pytest.fixture(scope="module")
def mong_cai_2013_2023(django_db_setup, django_db_blocker) -> bytes:
    with django_db_blocker.unblock():
        return render(
            district("194"),
            2013,
            2023,
            issued_on=dt.date(2024, 1, 5),
            number="05",
            signer_name="Nguyễn Văn Hùng",
        )


def test_tra_linh_2018_states_the_article_figures(tra_linh_2018):
    body = text(tra_linh_2018)
    assert "tuyên truyền 38 cuộc tại các xã, thị trấn với 1.546 lượt người nghe" in body
    assert "156 đợt tuyên truyền tại các thôn, xóm, tổ dân phố với 5.558 lượt người nghe" in body
    assert "312 tin liên quan đến an ninh, trật tự, trong đó có 270 tin có giá trị" in body
    assert "duy trì hoạt động của 123 tổ an ninh tự quản" in body
    # The approved figures' own words (their notes), as the article has them.
    assert "nhân dân đã tự giác giao nộp 01 khẩu súng hơi cồn tự chế và 06 súng đạn cay" in body
    assert "10/10 xã, thị trấn đăng ký" in body
    assert "các xã Cô Mười, Quang Vinh và Lưu Ngọc" in body


def test_mong_cai_ten_years_state_cases_and_festivals(mong_cai_2013_2023):
    body = text(mong_cai_2013_2023)
    assert "Trong giai đoạn 2013 - 2023" in body
    assert "khám phá 557 vụ phạm pháp hình sự, trong đó có 72 vụ trọng án" in body
    match = re.search(
        r"tổ chức 170 Ngày hội toàn dân bảo vệ an ninh Tổ quốc với ([\d.]+) lượt", body
    )
    assert match, body
    assert int(match[1].replace(".", "")) > 16_000
    assert "06 cụm địa bàn an toàn - đơn vị an toàn với 42 đơn vị thành viên" in body
    assert "09 đơn vị quân đội" in body


def test_multi_year_report_has_a_table_per_year_on_landscape_pages(mong_cai_2013_2023):
    pages, found = words(mong_cai_2013_2023)
    landscape = [p for p in pages if p.width > p.height]
    assert landscape, "the per-year table is printed on landscape pages"
    on_landscape = {w.text for w in found if w.page in {p.number for p in landscape}}
    assert {"2013", "2018", "2023"} <= on_landscape  # years as headers, not "2.013"


def test_page_is_a4_and_every_word_lies_inside_the_margins(mong_cai_2013_2023):
    pages, found = words(mong_cai_2013_2023)
    assert len(pages) >= 4
    for page in pages:
        portrait = page.width < page.height
        width, height = A4 if portrait else A4[::-1]
        assert abs(page.width - width) < 1 and abs(page.height - height) < 1
    for word in found:
        page = pages[word.page - 1]
        if page.width < page.height:
            top, right, bottom, left = 20 * MM, 15 * MM, 20 * MM, 30 * MM
        else:
            top, right, bottom, left = 30 * MM, 20 * MM, 15 * MM, 20 * MM
        if word.y1 <= top and word.text.isdigit():
            continue  # the page number, which sits in the top margin
        assert word.x0 >= left - TOLERANCE, word
        assert word.x1 <= page.width - right + TOLERANCE, word
        assert word.y0 >= top - TOLERANCE, word
        assert word.y1 <= page.height - bottom + TOLERANCE, word


def test_page_numbers_start_on_page_two_in_the_top_margin(mong_cai_2013_2023):
    pages, found = words(mong_cai_2013_2023)

    def top_margin(page) -> float:
        return (20 if page.width < page.height else 30) * MM

    in_margin = [w for w in found if w.y1 <= top_margin(pages[w.page - 1])]
    numbers = {w.page: w.text for w in in_margin}
    assert len(numbers) == len(in_margin), "one word at most in each top margin"
    assert 1 not in numbers, "no page number on the first page"
    # The annex (Phụ lục) is numbered on its own: its first page has no number, then 2, 3…
    annex = next(p.number for p in pages if any(
        w.page == p.number and w.text == "PHỤ" for w in found))  # fmt: skip
    assert annex not in numbers
    for page in pages[1:]:
        if page.number == annex:
            continue
        expected = page.number - annex + 1 if page.number > annex else page.number
        assert numbers.get(page.number) == str(expected)
        word = next(w for w in found if w.page == page.number and w.text == str(expected))
        middle = (word.x0 + word.x1) / 2
        left, right = (30 * MM, 15 * MM) if page.width < page.height else (20 * MM, 20 * MM)
        assert abs(middle - (left + (page.width - right)) / 2) < 3  # centred over the text


def test_fonts_are_the_bundled_liberation_serif_and_embedded(mong_cai_2013_2023):
    used = fonts(mong_cai_2013_2023)
    assert used and all(used.values()), used
    assert any("Liberation-Serif" in name for name in used)


def test_header_motto_and_date_follow_decree_30(mong_cai_2013_2023):
    first = pages_text(mong_cai_2013_2023)[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Độc lập - Tự do - Hạnh phúc" in first
    assert "Móng Cái, ngày 05 tháng 01 năm 2024" in first
    assert "UBND THÀNH PHỐ MÓNG CÁI" in first
    assert "BAN CHỈ ĐẠO 138" in first
    assert "Số: 05/BC-BCĐ" in first
    assert "BÁO CÁO" in first
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH" in first
    body = text(mong_cai_2013_2023)
    assert "Nơi nhận:" in body and "- Lưu: VT." in body
    # The city's signing authority: the standing deputy signs for the head (KT.).
    assert "KT. TRƯỞNG BAN" in body and "PHÓ TRƯỞNG BAN THƯỜNG TRỰC" in body
    assert "Nguyễn Văn Hùng" in body
    assert "PHỤ LỤC" in body


def test_quoc_hieu_is_bold_and_the_date_italic(mong_cai_2013_2023):
    """Read the font of each run from the page's content stream through pypdf's visitor."""
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(mong_cai_2013_2023)).pages[0]
    runs: list[tuple[str, str]] = []

    def visit(txt, cm, tm, font_dict, font_size):
        if txt.strip() and font_dict is not None:
            runs.append((str(font_dict["/BaseFont"]), txt))

    page.extract_text(visitor_text=visit)
    font_of = {}
    for font, txt in runs:
        for word in txt.split():
            font_of.setdefault(word, font)
    assert "Bold" in font_of["CỘNG"] and "Italic" not in font_of["CỘNG"]
    assert "Bold" in font_of["Hạnh"]
    assert "Italic" in font_of["tháng"] and "Bold" not in font_of["tháng"]
    assert "Bold" not in font_of["UBND"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2024, 1, 5), "Móng Cái, ngày 05 tháng 01 năm 2024"),
        (dt.date(2022, 8, 15), "Móng Cái, ngày 15 tháng 8 năm 2022"),
        (dt.date(2023, 2, 3), "Móng Cái, ngày 03 tháng 02 năm 2023"),
        (dt.date(2023, 12, 9), "Móng Cái, ngày 09 tháng 12 năm 2023"),
    ],
)
def test_document_date_pads_days_under_ten_and_january_february(day, expected):
    assert builder.document_date("Móng Cái", day, day.year) == expected


def test_undated_report_leaves_day_and_month_to_fill_by_hand():
    line = builder.document_date("Trà Lĩnh", None, 2019)
    assert re.fullmatch(r"Trà Lĩnh, ngày\s+tháng\s+năm 2019", line)
