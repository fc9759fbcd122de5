from __future__ import annotations

from decimal import Decimal

import pytest

from reports.dashboard.charts import bar_chart, render_svg
from reports.templatetags.vi_numbers import vn


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1546, "1.546"),
        (Decimal("1546.00"), "1.546"),
        (Decimal("95.60"), "95,6"),
        (Decimal("-2383"), "-2.383"),
        (Decimal("336500000.00"), "336.500.000"),
        (0, "0"),
        (None, ""),
    ],
)
def test_vietnamese_numbers(value, text):
    assert vn(value) == text


def test_chart_svg_escapes_labels_and_uses_vietnamese_numbers():
    svg = render_svg(bar_chart("Tiêu đề <script>", [("A & <b>", 1546)], value_title="Số buổi"))
    assert svg.startswith("<svg")
    assert "<script" not in svg and "<b>" not in svg
    assert "1.546" in svg


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.5"), "+12,5"),
        (Decimal("-3.0"), "-3,0"),
        (Decimal("0"), "0,0"),
        (Decimal("1234.56"), "+1.234,6"),
        (None, ""),
    ],
)
def test_change_in_per_cent_has_a_sign_and_one_decimal(value, text):
    from reports.templatetags.vi_numbers import pct_change

    assert pct_change(value) == text


def test_chart_svg_is_a_static_picture():
    from reports.dashboard.charts import line_chart

    svg = render_svg(
        line_chart("Diễn biến", [("Số buổi", [(2021, 12), (2022, 17)])], x_title="Năm")
    )
    # No markup of interactive views (the page labels the picture and tables its numbers),
    # and nothing in English.
    for attribute in ("class=", "role=", "aria-", "pointer-events=", 'opacity="1"'):
        assert attribute not in svg, attribute
    assert "value" not in svg and "series" not in svg
    assert "<path" in svg and "<text" in svg and "Số buổi" in svg and "2022" in svg
