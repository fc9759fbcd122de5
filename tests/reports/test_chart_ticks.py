"""Counts get whole ticks: a small scale is not ticked at 0,5 and printed "0 1 1 2 2"."""

from __future__ import annotations

import re

import pytest

from reports.dashboard import charts

TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")
NUMBER = re.compile(r"^[\d.,]+$")


def drawn_line(*args, **kwargs) -> str:
    """The drawing itself (a page may link a chart not drawn yet instead of drawing it)."""
    return charts.render_svg(charts.line_chart(*args, **kwargs))


def drawn_bar(*args, **kwargs) -> str:
    return charts.render_svg(charts.bar_chart(*args, **kwargs))


def ticks(svg: str) -> list[str]:
    return [t for t in TEXT.findall(svg) if NUMBER.match(t)]


@pytest.mark.parametrize("values", [(0, 1, 2), (1, 1, 1), (0, 3, 5), (2, 0, 4)])
def test_a_line_of_small_counts_has_distinct_whole_ticks(values):
    svg = drawn_line(
        "Số cuộc",
        (("Số cuộc", tuple(zip((2023, 2024, 2025), values, strict=True))),),
        x_title="Năm",
    )
    labels = [t for t in ticks(svg) if t not in {"2023", "2024", "2025"}]
    assert labels and len(labels) == len(set(labels)), labels
    assert not any("," in t for t in labels)
    assert labels[0] == "0"


def test_a_bar_chart_of_small_counts_has_distinct_ticks():
    svg = drawn_bar(
        "Thành viên cụm", (("Đồn biên phòng", 1), ("Lâm trường", 2)), value_title="đơn vị"
    )
    axis = ticks(svg)[:-2]  # the last two are the bars' own labels
    assert axis == ["0", "1", "2"]


def test_decimal_values_keep_their_decimals():
    svg = drawn_line("Pháo (kg)", (("kg", ((2023, 0.5), (2024, 1.25))),), x_title="Năm")
    labels = ticks(svg)
    assert "0,4" in labels and "1,2" in labels  # a decimal comma, not a rounded "1"


def test_numbers_are_written_the_vietnamese_way():
    svg = drawn_bar("Lượt người nghe", [("Xã A", 1546), ("Xã B", 12000)], value_title="Lượt")
    assert {"1.546", "12.000"} <= set(ticks(svg))
    line = drawn_line("Tỷ lệ", (("Tỷ lệ", ((2023, 2.5), (2024, 3.25))),), x_title="Năm")
    assert any("," in t for t in ticks(line)) and not any(
        re.match(r"^\d\.\d$", t) for t in ticks(line)
    )
