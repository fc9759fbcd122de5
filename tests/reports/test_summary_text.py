"""Pieces of the báo cáo tổng kết's text: the light markup, the legal documents by date, the
years without data, the places named by kind."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.selectors import Span
from reports.summary import legal, markup
from reports.summary.details import authority_rank, is_placeholder, note_parts, short_authority
from reports.summary.figures import years_text
from reports.summary.prose import named_places


def test_markup_reads_a_bold_heading_bullets_and_italics():
    blocks = markup.blocks("**1. Ưu điểm**\n- Tin *có giá trị* tăng\nĐoạn văn.\n\n• Một ý")
    assert [b.kind for b in blocks] == ["heading", "bullet", "p", "bullet"]
    assert blocks[0].text == "1. Ưu điểm"
    assert [(r.text, r.italic) for r in blocks[1].runs] == [
        ("Tin ", False),
        ("có giá trị", True),
        (" tăng", False),
    ]
    assert blocks[3].text == "Một ý"


def test_markup_leaves_markup_like_html_as_text():
    (block,) = markup.blocks("<b>đậm</b> **không phải tiêu đề")
    assert block.kind == "p" and block.text == "<b>đậm</b> **không phải tiêu đề"


def test_blanks_of_the_scaffold_are_found():
    assert markup.blanks("- Nguyên nhân: [Ban Chỉ đạo bổ sung]") == ["[Ban Chỉ đạo bổ sung]"]
    assert markup.blanks("Đã viết xong.") == []


@pytest.mark.parametrize(
    ("span", "cited"),
    [
        (Span(2018, 2018), "theo Thông tư 23/2012/TT-BCA"),
        (Span(2021, 2021), "theo Thông tư 23/2012/TT-BCA"),
        (Span(2022, 2022), "theo Thông tư 23/2012/TT-BCA (đến 09/02/2022) và Thông tư 124/2021/TT-BCA (từ 10/02/2022)"),
        (Span(2023, 2023), "theo Thông tư 124/2021/TT-BCA"),
        (Span(2010, 2011), ""),
    ],
)  # fmt: skip
def test_the_safety_circular_is_the_one_in_force(span, cited):
    assert legal.citation(legal.SAFETY_STANDARD, span) == cited


def test_the_grassroots_law_is_in_force_from_july_2024():
    assert legal.in_force(legal.GRASSROOTS_FORCE, Span(2023, 2023)) == ()
    (law,) = legal.in_force(legal.GRASSROOTS_FORCE, Span(2024, 2024))
    assert law.in_force_from == dt.date(2024, 7, 1) and "30/2023/QH15" in law.number
    assert legal.in_force(legal.REPORTING, Span(2018, 2018)) == ()
    assert legal.in_force(legal.REPORTING, Span(2019, 2019))[0].number == "Nghị định 09/2019/NĐ-CP"


def test_years_without_data_are_written_as_ranges():
    assert years_text([2002, 2003, 2004, 2023]) == "2002 - 2004, 2023"
    assert years_text([2017]) == "2017"


def test_places_are_named_grouped_by_kind():
    assert named_places(["Thị trấn Hùng Quốc", "Xã Cao Chương", "Xã Quang Hán"]) == (
        "thị trấn Hùng Quốc và các xã Cao Chương, Quang Hán"
    )


def test_numbered_placeholders_and_authorities():
    assert is_placeholder("Mô hình tự quản về ANTT số 12")
    assert not is_placeholder("Tuyến đường ánh sáng an ninh an toàn")
    ranked = sorted(
        ["UBND huyện Như Thanh", "Giám đốc Công an tỉnh Thanh Hóa", "UBND tỉnh Thanh Hóa"],
        key=authority_rank,
    )
    assert [short_authority(a) for a in ranked] == [
        "UBND tỉnh",
        "Giám đốc Công an tỉnh",
        "UBND huyện",
    ]


def test_a_figures_notes_split_into_their_parts_over_the_years():
    notes = [
        "Tập huấn: 100 lượt cán bộ hội viên phụ nữ; 120 lượt hội viên cựu chiến binh",
        "Tập huấn: 492 lượt cán bộ hội viên phụ nữ; 518 lượt hội viên cựu chiến binh",
    ]
    assert note_parts(notes) == [
        (592, "lượt cán bộ hội viên phụ nữ"),
        (638, "lượt hội viên cựu chiến binh"),
    ]
    assert note_parts(["01 khẩu súng", "mô tả khác"]) == []


@pytest.mark.django_db
def test_recipients_follow_the_unit_kind_and_the_2025_reform():
    from movement.models import Unit
    from reports.summary.header import recipients

    hai_hoa = Unit.objects.get(level__code="commune", code="06742", valid_from=None)
    before = recipients(hai_hoa, Span(2022, 2022))
    assert before[:2] == [
        "Ban Chỉ đạo 138 thành phố Móng Cái (để báo cáo);",
        "Công an thành phố Móng Cái (để báo cáo);",
    ]
    assert "Thường trực Đảng ủy, HĐND, UBND phường Hải Hòa;" in before
    # District police were dissolved on 01/03/2025: a 2025 report goes to the province's.
    assert recipients(hai_hoa, Span(2025, 2025))[1] == "Công an tỉnh Quảng Ninh (để báo cáo);"
    # A commune of after the reform reports straight to its province.
    today = Unit.objects.get(level__code="commune", name="Phường Móng Cái 1")
    assert today.parent.level.code == "province"
    lines = recipients(today, Span(2025, 2025))
    assert lines[0] == "Ban Chỉ đạo 138 tỉnh Quảng Ninh (để báo cáo);"
    assert lines[1] == "Công an tỉnh Quảng Ninh (để báo cáo);"
    assert lines[2].startswith("Thường trực Đảng ủy, HĐND, UBND ")
