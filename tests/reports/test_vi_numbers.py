from __future__ import annotations

from decimal import Decimal

import pytest

from reports.charts import bar_chart, render_svg
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
