"""The defects found walking through every role (issue 15), each kept from coming back."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from movement.forms.records import PropagandaForm
from movement.forms.reports import ReportValuesForm
from movement.models import (
    REFORM_DATE,
    Indicator,
    IndicatorValue,
    PeriodReport,
    PropagandaSession,
    Unit,
)
from movement.text import sort_key, vn_decimal

pytestmark = pytest.mark.django_db


def test_a_limit_in_a_message_reads_100_not_100_00():
    share = Indicator.objects.get(code="households_committed_share")
    assert share.max_value == Decimal("100")
    form = ReportValuesForm(
        data={"version": "1", "households_committed_share": "150"},
        indicators=[share],
        computed={},
    )
    assert not form.is_valid()
    message = " ".join(form.errors["households_committed_share"])
    assert "(100)" in message and "100.00" not in message and "100,00" not in message
    value = IndicatorValue(
        report=PeriodReport.objects.first(), indicator=share, value=Decimal("150.5")
    )
    with pytest.raises(Exception) as error:
        value.clean()
    assert "150,5" in str(error.value) and "(100)" in str(error.value)
    assert vn_decimal(Decimal("1546.00")) == "1.546" and vn_decimal(Decimal("12.50")) == "12,5"


def test_a_ward_is_not_told_it_is_a_xa_or_thi_tran():
    label = str(PropagandaSession.Venue.COMMUNE.label)
    assert "phường" in label


def test_quarters_read_in_roman_numerals_everywhere(client, login):
    login("ca.mongcai1")
    page = client.get(reverse("records:propaganda_list")).content.decode()
    assert ">Quý III</option>" in page
    assert not re.search(r">Quý [1-4]<", page)


def test_the_end_of_a_unit_is_said_one_way(client, login):
    login("bcd.mongcai")
    page = client.get(reverse("records:propaganda_list")).content.decode()
    assert "Phường Hải Hòa (thôi tồn tại từ 01/07/2025)" in page
    assert "(cũ)" not in page
    assert str(Unit._meta.get_field("valid_to").verbose_name) == "thôi tồn tại từ"


def test_unit_drop_downs_are_in_vietnamese_order():
    province = Unit.objects.get(level__code="province", code="22")
    form = PropagandaForm(base=province)
    labels = [label for _, label in form.fields["unit"].choices]
    assert labels[0] == "Tỉnh Quảng Ninh"  # the unit above, then the units below by name
    below = labels[1:]
    assert below == sorted(below, key=sort_key)
    by_code = [u.name for u in Unit.objects.filter(parent=province).order_by("code")]
    assert set(below) <= set(by_code) and below != [n for n in by_code if n in below]
    assert below.index("Xã Đầm Hà") > below.index("Xã Cái Chiên")  # Đ after D, not after X
    assert below.index("Xã Đầm Hà") < below.index("Xã Điền Xá")


def test_the_back_offices_unit_filter_is_in_vietnamese_order(client, login):
    login("bcd.quangninh")
    page = client.get(reverse("admin:movement_propagandasession_changelist")).content.decode()
    names = re.findall(r'\?don_vi=\d+"[^>]*>([^<]+)</a>', page)
    communes = [n.strip() for n in names if n.strip().startswith(("Phường", "Xã", "Đặc khu"))]
    assert len(communes) > 10
    assert communes == sorted(communes, key=sort_key)


def test_the_dashboard_does_not_show_two_columns_of_the_same_name(client, login):
    from reports import selectors

    ward = Unit.objects.get(code="06712", valid_from=REFORM_DATE)
    attendees = Indicator.objects.get(code="propaganda_attendees")
    report = PeriodReport.objects.get(
        unit=ward, period_kind="month", period_start=dt.date(2025, 9, 1)
    )
    IndicatorValue.objects.create(report=report, indicator=attendees, value=123)
    province = Unit.objects.get(level__code="province", code="22")
    table = selectors.child_table(province, report.period)
    labels = [m.label for m in table.metrics]
    assert len(labels) == len(set(labels)), labels


def test_completeness_period_is_chosen_not_typed(client, login):
    login("bcd.quangninh")
    response = client.get(reverse("movement:completeness"))
    page = response.content.decode()
    assert 'name="ky"' in page and "Kỳ số" not in page
    assert "<optgroup" in page and "Quý III/2026" in page or "Quý" in page
    assert 'id="chon-tat-ca"' in page and "Chọn tất cả" in page
    choice = response.context["form"].fields["ky"].choices[1][1][0][0]  # a quarter
    chosen = client.get(reverse("movement:completeness"), {"ky": choice})
    assert chosen.context["board"].period.kind == "quarter"
    # Links of the former form still open their period.
    old = client.get(reverse("movement:completeness"), {"kind": "month", "year": 2025, "number": 9})
    assert old.context["board"].period.label == "Tháng 09/2025"
    wrong = client.get(reverse("movement:completeness"), {"ky": "month-1999-1"})
    assert wrong.status_code == 200 and "Hãy chọn một kỳ trong danh sách." in wrong.content.decode()


def test_every_page_has_a_favicon_and_prints_with_its_own_stylesheet(client, login):
    login("ca.mongcai1")
    page = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert re.search(r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', page)
    static = Path(settings.BASE_DIR) / "static"
    assert (static / "favicon.svg").read_text().startswith("<svg")
    css = (static / "css" / "print.css").read_text()
    assert "@media print" in css and ".table-responsive" in css


def test_the_back_office_speaks_vietnamese(client, login):
    login("admin")
    index = client.get(reverse("admin:index")).content.decode()
    for english in ("Axes", "Access attempts", "Task Results", "Tasks Database Backend"):
        assert f">{english}<" not in index
    assert "Bảo vệ đăng nhập" in index and "Tác vụ nền" in index
    changelist = client.get(reverse("admin:movement_propagandasession_changelist")).content.decode()
    assert ">Thực hiện<" in changelist and ">Đi đến<" not in changelist
    catalogue = client.get(reverse("admin:jsi18n")).content.decode()
    assert "\\u0110\\u00e3 ch\\u1ecdn %(sel)s/%(cnt)s" in catalogue  # «Đã chọn 0/10»


@pytest.mark.parametrize("username", ["vanphong.quangninh", "bcd.quangninh", "ca.mongcai1"])
def test_no_page_of_a_role_repeats_an_id(client, login, username):
    login(username)
    for name in ("summary:list", "movement:completeness", "movement:report_list", "home"):
        response = client.get(reverse(name))
        if response.status_code != 200:
            continue
        ids = re.findall(r' id="([^"]+)"', response.content.decode())
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert not repeated, (name, repeated)


def test_the_completeness_page_opens_on_the_period_to_chase(client, login):
    from django.utils import timezone

    from movement.demo.today import report_months

    login("bcd.quangninh")
    board = client.get(reverse("movement:completeness")).context["board"]
    # The latest month whose deadline has passed, as on the home page.
    assert board.period == report_months(timezone.localdate())[-1]
