"""Section II drafted as Vietnamese prose: numbers, zero and one, no sentence without data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from reports.selectors import (
    AnnexFigure,
    ClusterSummary,
    NamedModel,
    Span,
    SummaryFigures,
    SummaryRegistries,
)
from reports.summary.narrative import Drafter, Subject, join, number
from reports.summary.prose import places as _places

DISTRICT = Subject(
    "huyện Trà Lĩnh",
    "Công an huyện Trà Lĩnh",
    "district",
    "xã, thị trấn",
    unit_name="Huyện Trà Lĩnh",
    kind="huyện",
)
ENTERED = {
    "tips_received",
    "tips_valuable",
    "cases_solved",
    "cases_serious",
    "weapons_surrendered",
    "support_tools_surrendered",
    "firecrackers_seized",
    "security_councils",
}


def registries(**changes) -> SummaryRegistries:
    values = {
        "models": (),
        "groups_by_kind": (),
        "core_force": "",
        "propaganda_by_channel": (),
        "commendations_by_form": (),
        "clusters": ClusterSummary(0, 0, 0, (), ()),
        "communes": 10,
        "residential_areas": 0,
        "groups_founded": 0,
    }
    values.update(changes)
    return SummaryRegistries(**values)


YEAR_2018 = Span(2018, 2018)


def drafter(span: Span = YEAR_2018, regs: SummaryRegistries | None = None, **values):
    figures = tuple(
        AnnexFigure(
            code,
            code,
            "",
            None if value is None else Decimal(value),
            None,
            "entered" if code in ENTERED else "computed",
            decimal_places=1 if code == "firecrackers_seized" else 0,
        )
        for code, value in values.items()
    )
    return Drafter(DISTRICT, span, SummaryFigures(span, figures), regs or registries())


@pytest.mark.parametrize(
    ("value", "text"),
    [(1546, "1.546"), (6, "06"), (1, "01"), (10, "10"), (0, "0"), (Decimal("2239.5"), "2.239,5")],
)
def test_numbers_are_vietnamese_and_counts_under_ten_take_two_digits(value, text):
    places = 1 if isinstance(value, Decimal) else 0
    assert number(value, places) == text


def test_lists_end_with_va():
    assert join(["a"]) == "a"
    assert join(["a", "b"]) == "a và b"
    assert join(["a", "b", "c"]) == "a, b và c"


def test_tips_with_none_valuable_says_so_in_words():
    crime = " ".join(drafter(tips_received=12, tips_valuable=0).crime())
    assert "12 tin liên quan đến an ninh, trật tự, trong đó không có tin có giá trị." in crime


def test_tips_without_a_valuable_figure_say_nothing_of_it():
    crime = " ".join(drafter(tips_received=312, tips_valuable=None).crime())
    assert crime.endswith("312 tin liên quan đến an ninh, trật tự.")
    assert "giá trị" not in crime


def test_serious_cases_zero_and_many():
    assert "trong đó không có vụ trọng án" in " ".join(
        drafter(cases_solved=5, cases_serious=0).crime()
    )
    assert "khám phá 557 vụ phạm pháp hình sự, trong đó có 72 vụ trọng án" in " ".join(
        drafter(cases_solved=557, cases_serious=72).crime()
    )


def test_one_festival_is_not_counted_like_many():
    one = drafter(festivals_held=1, festival_participants=450).festivals()
    assert one == [
        "Trong năm 2018, toàn huyện đã tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc với 450 "
        "lượt người tham gia."
    ]
    many = drafter(festivals_held=170, festival_participants=16150, span=Span(2013, 2023))
    assert many.festivals() == [
        "Trong giai đoạn 2013 - 2023, toàn huyện đã tổ chức 170 Ngày hội toàn dân bảo vệ an ninh "
        "Tổ quốc với 16.150 lượt người tham gia."
    ]


def test_no_sentence_and_no_subsection_without_data():
    draft = drafter(
        tips_received=None, festivals_held=0, festival_participants=0, propaganda_sessions=0
    )
    assert draft.crime() == []
    assert draft.festivals() == []
    assert draft.propaganda() == []
    assert draft.results() == {}


def test_an_approved_zero_is_data_but_no_records_is_not():
    assert drafter(security_councils=0).leadership() == [
        "Trong năm 2018, Ban Chỉ đạo huyện Trà Lĩnh đã duy trì hoạt động của 0 Hội đồng ANTT."
    ]
    assert drafter(models_built=0).models() == []


def test_weapons_handed_in_are_padded_and_joined_and_seized_goods_are_not_handed_in():
    text = " ".join(
        drafter(
            weapons_surrendered=1, support_tools_surrendered=6, firecrackers_seized="2239.5"
        ).crime()
    )
    assert "nhân dân đã tự giác giao nộp 01 khẩu vũ khí và 06 công cụ hỗ trợ." in text
    assert "thu giữ 2.239,5 kg pháo các loại" in text
    assert "giao nộp 01 khẩu vũ khí và 06 công cụ hỗ trợ và" not in text


def test_one_place_has_no_cac_and_many_places_are_counted():
    assert _places(["Xã Xuân Nội"]) == "xã Xuân Nội"
    assert _places(["Xã Cô Mười", "Xã Quang Vinh", "Xã Lưu Ngọc"]) == (
        "các xã Cô Mười, Quang Vinh và Lưu Ngọc"
    )
    assert _places(["Xã A", "Phường B"]) == "xã A và phường B"
    many = [f"Phường {n}" for n in "ABCDEF"]
    assert _places(many) == "06 phường"


def test_named_models_are_listed_most_places_first():
    regs = registries(
        models=(
            NamedModel("Liên gia tự quản xóm Lũng Tung", "model", 2018, ("Xã Xuân Nội",)),
            NamedModel("Xã không có ma túy", "model", 2018, ("Xã Cô Mười", "Xã Lưu Ngọc")),
        )
    )
    text = drafter(regs=regs, models_built=3).models()[1]
    assert text == (
        "Tiêu biểu là: mô hình “Xã không có ma túy” ở các xã Cô Mười và Lưu Ngọc; "
        "mô hình “Liên gia tự quản xóm Lũng Tung” ở xã Xuân Nội."
    )


def test_groups_of_one_kind_are_named_by_their_kind():
    regs = registries(groups_by_kind=(("Tổ an ninh tự quản", 123, 0),))
    assert drafter(regs=regs, groups_active=123).self_management() == [
        "Đến hết năm 2018, trên địa bàn huyện Trà Lĩnh duy trì hoạt động của 123 tổ an ninh "
        "tự quản."
    ]


def test_a_multi_year_report_counts_the_groups_founded_in_the_period():
    regs = registries(
        groups_by_kind=(("Tổ nhân dân tự quản ANTT", 100, 900),),
        core_force="Cựu chiến binh",
        groups_founded=126,
    )
    text = drafter(Span(2013, 2023), regs, groups_active=100, group_members=900).self_management()
    assert text == [
        "Trong giai đoạn 2013 - 2023, toàn huyện đã thành lập 126 tổ, nhóm tự quản về an ninh, "
        "trật tự.",
        "Đến hết năm 2023, trên địa bàn huyện Trà Lĩnh duy trì hoạt động của 100 tổ nhân dân tự "
        "quản ANTT với 900 thành viên, do cựu chiến binh làm nòng cốt.",
    ]


def test_communes_registered_are_shown_against_all_communes():
    text = drafter(communes_registered=10).safety()
    assert text[0].startswith("Trong năm 2018, có 10/10 xã, thị trấn đăng ký")
