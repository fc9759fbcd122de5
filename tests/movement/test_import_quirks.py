"""Spreadsheets as they really are (DESIGN §7): every quirk of a real file imports correctly."""

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest

from movement.imports.engine import run_import
from movement.models import IndicatorValue, PeriodReport, PropagandaSession
from tests.movement.sheets import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["Đơn vị", "Ngày tuyên truyền", "Hình thức", "Nội dung", "Số lượt người nghe"]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def test_every_quirk_of_a_real_sheet_imports(demo_user):
    user = demo_user("ca.haihoa")
    before = PropagandaSession.objects.count()
    rows = [
        [],  # a blank row above the header
        [f"  {h}  " for h in HEADERS] + [None, None],  # padded headers, trailing empty columns
        ["Hai Hoa", "15/8/2022", "Họp thôn, xóm, tổ dân phố", nfd("Phòng chống ma túy"), "1.546"],
        [],  # a blank row between data rows
        [
            "phường Hải Hòa",
            dt.datetime(2022, 9, 2),
            nfd("hop thon, xom, to dan pho"),
            "  Tuyên truyền   luật  ",
            1546,
        ],
        [nfd("Phường Hải Hòa"), "02/01/2023", "Loa truyền thanh", "An toàn giao thông", 12.0],
        ["06742", 44562, "LOA TRUYỀN THANH", "Phòng cháy", "  2.000 "],
        [None, None, None, None, None, None, None],
    ]
    outcome = run_import(xlsx_bytes(rows), user=user, filename="quirks.xlsx")
    assert outcome.resource == "propaganda"
    assert outcome.errors == []
    assert (outcome.created, outcome.total_rows) == (4, 4)
    new = PropagandaSession.objects.filter(unit=user.unit).order_by("-pk")[:4]
    saved = sorted((s.held_on, s.topic, s.attendees, s.channel) for s in new)
    assert saved == [
        (dt.date(2022, 1, 1), "Phòng cháy", 2000, "loudspeaker"),
        (dt.date(2022, 8, 15), "Phòng chống ma túy", 1546, "village_meeting"),
        (dt.date(2022, 9, 2), "Tuyên truyền luật", 1546, "village_meeting"),
        (dt.date(2023, 1, 2), "An toàn giao thông", 12, "loudspeaker"),
    ]
    # Stored in NFC whatever the file held.
    assert all(unicodedata.is_normalized("NFC", s.topic) for s in new)
    assert PropagandaSession.objects.count() == before + 4


def test_period_values_with_quirks_create_draft_reports(demo_user):
    user = demo_user("ca.haihoa")
    rows = [
        ["Mã đơn vị", "Tên đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị", "Ghi chú", None],
        ["06742", "", "Tháng", "08/2021", "tips_received", "1.546", ""],
        ["", "Hai Hoa", "tháng", dt.datetime(2021, 8, 1), "tips_valuable", "12", " ghi chú "],
        ["", nfd("phường Hải Hòa"), "Quý", "Quý III/2021", "disputes_mediated", "3", ""],
        ["06742", "Phường Hải Hòa", "Năm", 2021, "explosives_surrendered", "12,5", ""],
    ]
    outcome = run_import(csv_bytes(rows), user=user, filename="ky.csv")
    assert outcome.errors == []
    assert outcome.created == 4
    month = PeriodReport.objects.get(
        unit=user.unit, period_kind="month", period_start=dt.date(2021, 8, 1)
    )
    assert month.status == "draft"
    assert month.values_by_code() == {"tips_received": 1546, "tips_valuable": 12}
    assert IndicatorValue.objects.get(report=month, indicator__code="tips_valuable").note == (
        "ghi chú"
    )
    history = IndicatorValue.history.filter(report_id=month.pk)
    assert sorted(history.values_list("history_type", "history_user", "value")) == [
        ("+", user.pk, Decimal(12)),
        ("+", user.pk, Decimal(1546)),
    ]
    assert set(history.values_list("history_change_reason", flat=True)) == {"Nhập từ tệp"}
    year = PeriodReport.objects.get(unit=user.unit, period_kind="year", period_start__year=2021)
    assert year.values_by_code() == {"explosives_surrendered": Decimal("12.5")}


def test_reimporting_updates_values_instead_of_duplicating(demo_user):
    user = demo_user("ca.haihoa")
    head = ["Mã đơn vị", "Loại kỳ", "Kỳ", "Mã chỉ tiêu", "Giá trị"]
    run_import(csv_bytes([head, ["06742", "Tháng", "03/2021", "tips_received", "5"]]), user=user)
    outcome = run_import(
        csv_bytes([head, ["06742", "Tháng", "03/2021", "tips_received", "7"]]), user=user
    )
    assert (outcome.created, outcome.updated) == (0, 1)
    value = IndicatorValue.objects.get(
        report__unit=user.unit, report__period_start=dt.date(2021, 3, 1)
    )
    assert value.value == 7
