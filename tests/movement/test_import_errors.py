"""Bad input: one clear Vietnamese message or every row error at once, and nothing saved (DESIGN §12)."""

import io
import zipfile

import pytest

from movement.imports.engine import run_import
from movement.models import IndicatorValue, PeriodReport, PropagandaSession
from tests.movement.sheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]


def good_row(i: int) -> list:
    return ["06742", f"{i % 28 + 1}/3/2021", "Loa truyền thanh", f"Buổi số {i}", i]


def test_three_bad_rows_among_500_save_nothing_and_are_reported_exactly(demo_user):
    user = demo_user("ca.haihoa")
    rows = [HEADERS] + [good_row(i) for i in range(500)]
    rows[57][4] = "-3"  # sheet row 58: negative count
    rows[250][1] = "3/15/2021"  # sheet row 251: month first
    rows[480][2] = "Bồ câu đưa thư"  # sheet row 481: not a channel
    before = PropagandaSession.objects.count()
    outcome = run_import(xlsx_bytes(rows), user=user, filename="500.xlsx")
    assert outcome.error_rows == [58, 251, 481]
    assert PropagandaSession.objects.count() == before
    by_row = {e.row: e for e in outcome.errors}
    assert by_row[58].column == "Số lượt người nghe" and "âm" in by_row[58].message
    assert by_row[251].column == "Ngày tuyên truyền" and "ngày ghi trước" in by_row[251].message
    assert by_row[481].column == "Hình thức" and "không có trong danh sách" in by_row[481].message


def test_an_officer_row_for_another_commune_fails_naming_the_row(demo_user):
    user = demo_user("ca.haihoa")
    rows = [HEADERS, good_row(1), ["Phường Trần Phú", "01/04/2021", "Loa truyền thanh", "X", 5]]
    before = PropagandaSession.objects.count()
    outcome = run_import(csv_bytes(rows), user=user, filename="x.csv")
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "Đơn vị")]
    assert "không thuộc phạm vi của bạn" in outcome.errors[0].message
    assert "Dòng 3" in str(outcome.errors[0])
    assert PropagandaSession.objects.count() == before


def test_period_value_for_another_commune_is_an_error_not_a_skip(demo_user):
    user = demo_user("ca.haihoa")
    rows = [
        ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"],
        ["06742", "Tháng", "05/2021", "tips_received", 4],
        ["16252", "Tháng", "05/2021", "tips_received", 4],
    ]
    outcome = run_import(csv_bytes(rows), user=user)
    assert outcome.error_rows == [3]
    assert not PeriodReport.objects.filter(period_start__year=2021, period_kind="month").exists()


def test_a_unit_name_is_resolved_by_the_rows_date_and_only_a_true_tie_is_ambiguous(demo_user):
    # The national scope holds Xã Xuân Nội twice (Trà Lĩnh until 2020, then Trùng Khánh).
    from movement.models import Unit

    user = demo_user("admin")
    rows = [
        HEADERS,
        ["Xuân Nội", "01/04/2018", "Loa truyền thanh", "Năm 2018", 5],
        ["xa Xuan Noi", "01/04/2021", "Loa truyền thanh", "Năm 2021", 5],
    ]
    outcome = run_import(csv_bytes(rows), user=user)
    assert outcome.errors == []
    saved = dict(
        PropagandaSession.objects.filter(topic__startswith="Năm 20").values_list(
            "topic", "unit__parent__name"
        )
    )
    assert saved == {"Năm 2018": "Huyện Trà Lĩnh", "Năm 2021": "Huyện Trùng Khánh"}

    # A true tie: two units of the same name that both existed that day.
    first = Unit.objects.get(code="01462", valid_to="2020-03-01")
    Unit.objects.create(
        code="99462", name="Xã Xuân Nội", kind="Xã", level=first.level, parent=first.parent
    )
    outcome = run_import(
        csv_bytes([HEADERS, ["Xuân Nội", "01/04/2019", "Loa truyền thanh", "X", 5]]), user=user
    )
    assert outcome.error_rows == [2]
    message = outcome.errors[0].message
    assert "trùng với 2 đơn vị vào ngày 01/04/2019" in message
    assert "Xã Xuân Nội (01462) thuộc Huyện Trà Lĩnh (046) (đến 29/02/2020)" in message
    assert "hãy ghi mã đơn vị" in message


def test_rules_between_indicators_are_checked_per_report(demo_user):
    user = demo_user("ca.haihoa")
    rows = [
        ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"],
        ["06742", "Tháng", "06/2021", "tips_received", 4],
        ["06742", "Tháng", "06/2021", "tips_valuable", 9],
        ["06742", "Tháng", "06/2021", "propaganda_sessions", 9],
    ]
    outcome = run_import(csv_bytes(rows), user=user)
    assert outcome.error_rows == [3, 4]
    assert "tính từ hồ sơ" in outcome.errors[-1].message
    assert not IndicatorValue.objects.filter(
        report__unit=user.unit, report__period_kind="month"
    ).exists()


def test_an_approved_report_is_refused(demo_user):
    admin = demo_user("admin")
    report = (
        PeriodReport.objects.filter(status="approved", period_kind="year", unit__code="194")
        .select_related("unit")
        .first()
    )
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"],
        [report.unit.code, report.unit.name, "Năm", report.period_start.year, "tips_received", 1],
    ]
    outcome = run_import(csv_bytes(rows), user=admin)
    assert outcome.error_rows == [2]
    assert "đã được duyệt" in outcome.errors[0].message


def single_message(content: bytes, user, filename: str = "f.xlsx") -> str:
    outcome = run_import(content, user=user, filename=filename, resource_key="propaganda")
    assert len(outcome.errors) == 1 and outcome.errors[0].row is None
    return outcome.errors[0].message


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b" " * 300_000_000 + b">")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "make, filename, expected",
    [
        (lambda: b"%PDF-1.4 \x00\x01\x02 binary", "bao-cao.pdf", "không phải là bảng tính"),
        (lambda: b"", "rong.xlsx", "Tệp rỗng"),
        (lambda: b"   \n\n", "rong.csv", "Tệp rỗng"),
        (zip_bomb, "bom.xlsx", "zip bomb"),
        (lambda: b"PK\x03\x04 not really a zip", "hong.xlsx", "bị hỏng"),
        (
            lambda: xlsx_bytes(
                [HEADERS, ["06742", "01/04/2021", "Loa truyền thanh", "X", 5]], merge="A1:B1"
            ),
            "gop.xlsx",
            "ô gộp",
        ),
        (
            lambda: xlsx_bytes([["Đơn vị", "Nội dung"], ["06742", "X"]]),
            "thieu.xlsx",
            "Thiếu cột bắt buộc: «Ngày tuyên truyền», «Hình thức»",
        ),
        (lambda: xlsx_bytes([HEADERS]), "chi-tieu-de.xlsx", "không có dòng dữ liệu"),
        (lambda: xlsx_bytes([HEADERS + ["Đơn vị"], ["06742"]]), "trung.xlsx", "hai lần"),
    ],
)
def test_a_bad_file_gets_one_clear_message_and_saves_nothing(demo_user, make, filename, expected):
    user = demo_user("ca.haihoa")
    before = PropagandaSession.objects.count()
    assert expected in single_message(make(), user, filename)
    assert PropagandaSession.objects.count() == before


def test_an_unknown_layout_is_not_guessed(demo_user):
    outcome = run_import(csv_bytes([["A", "B"], [1, 2]]), user=demo_user("ca.haihoa"))
    assert "Không nhận ra loại dữ liệu" in outcome.errors[0].message


def test_a_user_without_import_permission_is_refused(demo_user):
    outcome = run_import(
        csv_bytes([HEADERS, good_row(1)]), user=demo_user("bcd.mongcai"), resource_key="propaganda"
    )
    assert "không có quyền nhập" in outcome.errors[0].message
