"""Spreadsheets as district and commune offices really keep them (issue 16): titles above the
header, the wide «biểu tổng hợp», headers with units, history by date, only what changed."""

import datetime as dt
from decimal import Decimal

import pytest

from movement.imports.engine import run_import
from movement.models import (
    IndicatorValue,
    PeriodReport,
    PropagandaSession,
    ReportStatus,
    Unit,
)
from tests.movement.sheets import csv_bytes, titled_xlsx, xlsx_bytes

pytestmark = pytest.mark.django_db

TITLES = [
    "UBND THÀNH PHỐ MÓNG CÁI",
    "BIỂU TỔNG HỢP KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ NĂM 2022",
]
WIDE_HEADER = [
    "STT",
    "Đơn vị",
    "Tin quần chúng cung cấp (tin)",
    "Tin có\ngiá trị",
    "Vụ mâu thuẫn được hòa giải, vụ",
    "Lượt người được tập huấn (lượt)",
]
LONG = ["Mã đơn vị", "Tên đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"]


def wide_table(total: list | None = None) -> list[list]:
    return [
        WIDE_HEADER,
        [1, "P. Hải Hòa", "1.546", 12, "3", 250],
        [],
        [2, "xa Hai Son", 40, "9", None, "1.200"],
        total or ["", "Tổng cộng", "1.586", 21, 3, "1.450"],
    ]


def values_2022(code: str) -> dict[str, Decimal]:
    unit = Unit.objects.get(code=code, valid_from=None)
    report = PeriodReport.objects.get(unit=unit, period_kind="year", period_start__year=2022)
    return report.values_by_code()


def test_a_wide_mong_cai_table_below_two_title_rows_imports_exactly_the_figures_typed(demo_user):
    content = titled_xlsx(TITLES, wide_table())
    outcome = run_import(content, user=demo_user("admin"), filename="bieu-2022.xlsx")
    assert outcome.errors == []
    assert (outcome.resource, outcome.layout, outcome.period) == (
        "period_values",
        "wide",
        "Năm 2022",
    )
    assert values_2022("06742") == {
        "tips_received": 1546,
        "tips_valuable": 12,
        "disputes_mediated": 3,
        "persons_trained": 250,
    }
    # Hải Sơn of Móng Cái (until 2025), not today's xã Hải Sơn; its blank cell is no value.
    assert values_2022("06724") == {
        "tips_received": 40,
        "tips_valuable": 9,
        "persons_trained": 1200,
    }
    assert (outcome.created, outcome.updated, outcome.unchanged) == (7, 0, 0)
    assert outcome.warnings == []  # the «Tổng cộng» row adds up, and is not imported
    assert outcome.ignored_columns == ["STT"]
    assert any(
        "«Vụ mâu thuẫn được hòa giải, vụ» để trống ở 1 dòng (6)" in e for e in outcome.empty_figures
    )


def test_a_wrong_total_row_warns_naming_both_figures(demo_user):
    content = titled_xlsx(TITLES, wide_table(total=["", "Tổng cộng", "1.590", 21, 3, 1450]))
    outcome = run_import(content, user=demo_user("admin"), filename="b.xlsx", dry_run=True)
    assert outcome.errors == []
    assert len(outcome.warnings) == 1
    warning = outcome.warnings[0]
    assert "Dòng 7 «Tổng cộng», cột «Tin quần chúng cung cấp (tin)»" in warning
    assert "ghi 1590" in warning and "tổng các dòng trên là 1586" in warning


def test_a_long_sheet_below_merged_title_rows_imports(demo_user):
    rows = [LONG, ["06742", "", "Năm", "2021", "tips_received", "7"]]
    outcome = run_import(titled_xlsx(TITLES, rows), user=demo_user("ca.haihoa"), filename="l.xlsx")
    assert outcome.errors == [] and outcome.created == 1


def test_a_registry_file_with_units_in_its_headers_stores_those_counts(demo_user):
    user = demo_user("ca.haihoa")
    rows = [
        [
            "STT",
            "Đơn vị",
            "Ngày tuyên truyền",
            "Hình thức",
            "Nội dung",
            "Số lượt người nghe (lượt)",
            "Số tờ rơi\n(tờ)",
            "Số tài liệu, bộ",
        ],
        [
            1,
            "06742",
            "15/08/2022",
            "Loa truyền thanh",
            "Đơn vị tính trong tiêu đề",
            "1.546",
            300,
            12,
        ],
    ]
    outcome = run_import(
        titled_xlsx(["CÔNG AN PHƯỜNG HẢI HÒA"], rows), user=user, filename="t.xlsx"
    )
    assert outcome.errors == [] and outcome.created == 1
    saved = PropagandaSession.objects.get(topic="Đơn vị tính trong tiêu đề")
    assert (saved.attendees, saved.leaflets, saved.documents) == (1546, 300, 12)
    assert outcome.ignored_columns == ["STT"]


def test_a_registry_file_without_a_count_column_says_what_will_be_0(demo_user):
    rows = [
        ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số người nghe"],
        ["06742", "16/08/2022", "Loa truyền thanh", "Cột lạ", 80],
    ]
    outcome = run_import(xlsx_bytes(rows), user=demo_user("ca.haihoa"), dry_run=True)
    assert outcome.ignored_columns == ["Số người nghe"]
    assert "Tệp không có cột «Số lượt người nghe»: mọi dòng sẽ lưu số lượt người nghe là 0." in (
        outcome.empty_figures
    )
    # With the mapping chosen, the column is read.
    outcome = run_import(
        xlsx_bytes(rows),
        user=demo_user("ca.haihoa"),
        options={"mapping": {"Số người nghe": "Số lượt người nghe"}},
    )
    assert outcome.errors == [] and outcome.ignored_columns == []
    assert PropagandaSession.objects.get(topic="Cột lạ").attendees == 80


def test_units_are_found_among_those_that_existed_in_the_rows_period(demo_user):
    rows = [
        LONG,
        ["", "xa Hai Son", "Năm", "2019", "tips_received", 5],
        ["6712", "Phường Trần Phú", "Năm", "2019", "tips_received", 6],
        ["06724", "Xã Hải Sơn", "Năm", "2021", "tips_received", 7],
        ["", "xã Hải Sơn", "Năm", "2026", "tips_received", 8],
    ]
    outcome = run_import(csv_bytes(rows), user=demo_user("admin"))
    assert outcome.errors == []
    got = {
        (r.unit.name, r.unit.valid_to, r.period_start.year): r.values_by_code()["tips_received"]
        for r in PeriodReport.objects.filter(
            period_kind="year",
            values__indicator__code="tips_received",
            unit__code__in=["06724", "06712"],
            period_start__year__in=[2019, 2021, 2026],
        ).select_related("unit")
    }
    ended = dt.date(2025, 7, 1)
    assert got == {
        ("Xã Hải Sơn", ended, 2019): 5,
        ("Phường Trần Phú", ended, 2019): 6,
        ("Xã Hải Sơn", ended, 2021): 7,
        ("Xã Hải Sơn", None, 2026): 8,
    }


def test_a_period_outside_the_units_life_or_in_the_future_is_a_row_error(demo_user):
    rows = [
        LONG,
        ["06742", "Phường Hải Hòa", "Quý", "Quý IV/2025", "tips_received", 1],
        ["06742", "Phường Hải Hòa", "Năm", "Năm 2031", "tips_received", 1],
        ["06742", "Phường Hải Hòa", "Quý", "Quý II/2025", "tips_received", 1],
    ]
    stored = (PeriodReport.objects.count(), IndicatorValue.objects.count())
    outcome = run_import(csv_bytes(rows), user=demo_user("ca.haihoa"))
    assert outcome.error_rows == [2, 3]
    by_row = {e.row: e.message for e in outcome.errors}
    assert "Phường Hải Hòa (06742) chỉ tồn tại đến 30/06/2025" in by_row[2]
    assert "Quý IV/2025" in by_row[2]
    assert "Năm 2031 chưa bắt đầu: số liệu của kỳ tính từ ngày 15/12/2030" in by_row[3]
    # Nothing partial: the valid Quý II/2025 row is not saved either.
    assert (PeriodReport.objects.count(), IndicatorValue.objects.count()) == stored


def test_only_a_true_tie_is_ambiguous_and_its_example_uses_the_real_codes(demo_user):
    rows = [LONG, ["06724", "", "Năm", "2024", "tips_received", 1]]
    outcome = run_import(csv_bytes(rows), user=demo_user("admin"), dry_run=True)
    assert outcome.errors == []  # in 2024 only Móng Cái's Hải Sơn existed
    old = Unit.objects.get(code="06724", valid_from=None)
    Unit.objects.create(
        code="99724", name="Xã Hải Sơn", kind="Xã", level=old.level, parent=old.parent
    )
    rows = [LONG, ["", "Hai Son", "Năm", "2019", "tips_received", 1]]
    outcome = run_import(csv_bytes(rows), user=demo_user("admin"), dry_run=True)
    message = outcome.errors[0].message
    assert "trùng với 2 đơn vị vào Năm 2019" in message
    assert "«Xã Hải Sơn (06724) thuộc Thành phố Móng Cái (194)»" in message
    assert "(193)" not in message


def test_an_unchanged_reimport_writes_nothing_and_adds_no_history(demo_user):
    user = demo_user("admin")
    content = titled_xlsx(TITLES, wide_table())
    run_import(content, user=user, filename="a.xlsx")
    history = IndicatorValue.history.count()
    sessions = PropagandaSession.history.count()
    again = run_import(content, user=user, filename="a.xlsx")
    assert again.errors == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert IndicatorValue.history.count() == history
    # One changed cell: one change, shown old → new.
    changed = wide_table()
    changed[1][2] = "1.600"
    outcome = run_import(titled_xlsx(TITLES, changed), user=user, filename="a.xlsx")
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 6)
    assert outcome.changes == [
        {"row": 4, "column": "Tin quần chúng cung cấp (tin)", "old": "1.546", "new": "1.600"}
    ]
    assert IndicatorValue.history.count() == history + 1
    # Registries too: the same rows again are skipped, not rewritten.
    rows = [
        ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"],
        ["06742", "17/08/2022", "Loa truyền thanh", "Sẽ đổi", 10],
        ["06742", "18/08/2022", "Loa truyền thanh", "Không đổi", 10],
    ]
    run_import(csv_bytes(rows), user=user)
    sessions = PropagandaSession.history.count()
    rows[1][4] = 11
    outcome = run_import(csv_bytes(rows), user=user)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert outcome.changes == [{"row": 2, "column": "Số lượt người nghe", "old": "10", "new": "11"}]
    assert PropagandaSession.history.count() == sessions + 1


def test_an_approved_reports_unchanged_values_are_skipped_and_a_change_names_the_report(demo_user):
    user = demo_user("admin")
    content = titled_xlsx(TITLES, wide_table())
    run_import(content, user=user, filename="a.xlsx")
    PeriodReport.objects.filter(unit__code="06742", period_start__year=2022).update(
        status=ReportStatus.APPROVED
    )
    again = run_import(content, user=user, filename="a.xlsx", dry_run=True)
    assert again.errors == [] and again.unchanged == 7
    changed = wide_table()
    changed[1][5] = 251
    outcome = run_import(titled_xlsx(TITLES, changed), user=user, filename="a.xlsx")
    assert outcome.error_rows == [4]
    message = outcome.errors[0].message
    assert "Báo cáo Năm 2022 của Phường Hải Hòa đã được duyệt" in message
    assert "250 → 251" in message


def test_a_wide_table_without_a_period_or_with_an_unknown_column_asks_before_reading(demo_user):
    rows = [
        ["STT", "Đơn vị", "Tin quần chúng cung cấp", "Số cuộc họp dân"],
        [1, "P. Hải Hòa", 5, 2],
    ]
    outcome = run_import(
        titled_xlsx(["BIỂU TỔNG HỢP"], rows), user=demo_user("admin"), dry_run=True
    )
    messages = " ".join(e.message for e in outcome.errors)
    assert "«Số cuộc họp dân»" in messages and "Không thấy kỳ báo cáo" in messages
    assert outcome.unmapped == ["Số cuộc họp dân"]
    outcome = run_import(
        titled_xlsx(["BIỂU TỔNG HỢP"], rows),
        user=demo_user("admin"),
        dry_run=True,
        options={"period": "Quý III/2022", "mapping": {"Số cuộc họp dân": ""}},
    )
    assert outcome.errors == [] and outcome.created == 1
    assert outcome.ignored_columns == ["STT", "Số cuộc họp dân"]


def test_a_workbook_of_several_tables_is_read_from_the_sheet_the_user_picks(demo_user):
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = "Ghi chú"
    first.append(["Bảng này không phải số liệu", "x"])
    second = workbook.create_sheet("Năm 2022")
    for row in [[TITLES[1]], *wide_table()]:
        second.append(row)
    buffer = __import__("io").BytesIO()
    workbook.save(buffer)
    user = demo_user("admin")
    outcome = run_import(buffer.getvalue(), user=user, resource_key="period_values", dry_run=True)
    assert outcome.errors and outcome.sheets == ["Ghi chú", "Năm 2022"]
    assert any("đang đọc sheet «Ghi chú»" in w for w in outcome.warnings)
    outcome = run_import(
        buffer.getvalue(),
        user=user,
        resource_key="period_values",
        dry_run=True,
        options={"sheet": "Năm 2022"},
    )
    assert outcome.errors == [] and (outcome.created, outcome.period) == (7, "Năm 2022")


@pytest.mark.parametrize("with_title", [True, False])
def test_two_rows_of_one_new_record_in_a_file_are_refused_not_inserted_twice(demo_user, with_title):
    from movement.models import FestivalEvent

    head = ["Đơn vị", "Ngày tổ chức", "Số người tham dự"] + (["Tên ngày hội"] if with_title else [])
    row = ["06742", "19/08/2022", 100] + (["Ngày hội 2022"] if with_title else [])
    before = FestivalEvent.objects.count()
    outcome = run_import(
        csv_bytes([head, row, row]), user=demo_user("ca.haihoa"), resource_key="festivals"
    )
    assert outcome.error_rows == [3]
    assert "với dòng 2 của tệp" in outcome.errors[0].message
    assert FestivalEvent.objects.count() == before
