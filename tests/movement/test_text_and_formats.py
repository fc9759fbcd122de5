import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from django import forms
from django.utils import formats, translation

from movement.text import fold, nfc, sort_key


def test_fold_removes_accents_and_d_bar():
    assert fold("Phường Hải Hòa") == "phuong hai hoa"
    assert fold("Đông Hưng") == "dong hung"
    assert fold("  Lũng   Tung ") == "lung tung"


def test_sort_key_follows_the_vietnamese_alphabet():
    names = ["Xã Hải Xuân", "Xã Hải Đông", "Xã Hải Sơn", "Tỉnh Đồng Nai", "Tỉnh Dương", "Tỉnh Yên"]
    assert sorted(names, key=sort_key) == [
        "Tỉnh Dương",
        "Tỉnh Đồng Nai",
        "Tỉnh Yên",
        "Xã Hải Đông",
        "Xã Hải Sơn",
        "Xã Hải Xuân",
    ]
    assert sorted(["Ân", "Ăn", "An", "Bà"], key=sort_key) == ["An", "Ăn", "Ân", "Bà"]
    assert sorted(["Hóa", "Hòa", "Hoa"], key=sort_key) == ["Hoa", "Hòa", "Hóa"]
    assert sort_key(unicodedata.normalize("NFD", "Hải Đông")) == sort_key("Hải Đông")


def test_fold_treats_nfd_like_nfc():
    decomposed = unicodedata.normalize("NFD", "Hải Hòa")
    assert decomposed != "Hải Hòa"
    assert fold(decomposed) == fold("Hải Hòa") == "hai hoa"
    assert nfc(decomposed) == "Hải Hòa"


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


def test_numbers_use_dot_thousands_and_comma_decimals(vi):
    assert formats.number_format(1546, use_l10n=True, force_grouping=True) == "1.546"
    assert formats.number_format(116789, use_l10n=True, force_grouping=True) == "116.789"
    assert formats.number_format(Decimal("12.5"), 1, use_l10n=True) == "12,5"


def test_number_input_accepts_both_spellings(vi):
    field = forms.IntegerField(localize=True)
    assert field.clean("1546") == 1546
    assert field.clean("1.546") == 1546
    assert forms.DecimalField(localize=True).clean("12,5") == Decimal("12.5")


def test_dates_are_day_first(vi):
    field = forms.DateField()
    assert field.clean("15/08/2022") == dt.date(2022, 8, 15)
    assert field.clean("05/01/2024") == dt.date(2024, 1, 5)
    assert formats.date_format(dt.date(2024, 1, 5), "SHORT_DATE_FORMAT") == "05/01/2024"


def test_month_first_dates_do_not_parse(vi):
    field = forms.DateField()
    with pytest.raises(forms.ValidationError) as excinfo:
        field.clean("08/15/2022")
    assert "ngày" in str(excinfo.value).lower()
    with pytest.raises(forms.ValidationError):
        field.clean("8/15/2022")


def test_interface_is_vietnamese_whatever_the_browser_asks(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert 'lang="vi"' in response.content.decode()
    assert "Tên đăng nhập" in response.content.decode()
