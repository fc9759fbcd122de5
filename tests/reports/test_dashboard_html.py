"""The dashboard's row-level markup: escaped texts, Vietnamese numbers, selected options."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from reports.dashboard.html import (
    data_rows,
    figure_cards,
    header_cells,
    link_items,
    options,
    status_rows,
    unit_rows,
)
from reports.dashboard.views import FigureCard
from reports.selectors import Figure

EVIL = '<img src=x onerror="alert(1)">'


def test_unit_rows_escape_names_and_links():
    unit = SimpleNamespace(name=f"Xã {EVIL}")
    html = unit_rows([{"unit": unit, "values": [Decimal(1546), None], "query": 'a="b"&c=1'}])
    assert "<img" not in html and "&lt;img" in html
    assert 'href="?a=&quot;b&quot;&amp;c=1"' in html
    assert '<td class="num">1.546</td><td class="num">–</td>' in html


def test_figure_cards_show_the_change_in_words():
    up = FigureCard.of(Figure("k", f"Số {EVIL}", "buổi", Decimal(121), Decimal(100)))
    down = FigureCard.of(Figure("k", "Giảm", "vụ", Decimal(9), Decimal(10)))
    none = FigureCard.of(Figure("k", "Mới", "vụ", Decimal(1546), None))
    same = FigureCard.of(Figure("k", "Bằng", "vụ", Decimal(5), Decimal(5)))
    slight = FigureCard.of(Figure("k", "Ít", "vụ", Decimal(5_958_543), Decimal(5_959_554)))
    html = figure_cards([up, down, none, same, slight])
    assert "<img" not in html
    assert "▲</span> tăng 21 (21%)" in html
    assert "▼</span> giảm 1 (10%)" in html
    assert "1.546" in html and "Không có số cùng kỳ" in html
    assert "bằng cùng kỳ" in html
    assert "▼</span> giảm 1.011 (&lt; 0,1%)" in html  # not "(0%)"


def test_data_rows_and_their_empty_message():
    chart = {"header": ["Năm", "Số buổi"], "rows": [[EVIL, Decimal("12.5")]]}
    html = data_rows(chart)
    assert "&lt;img" in html and '<td class="num">12,5</td>' in html
    assert 'colspan="2">Chưa có số liệu.' in data_rows({"header": ["Năm", "Số buổi"], "rows": []})


def test_status_rows_and_options():
    assert "&lt;img" in status_rows([(EVIL, "Đã duyệt")])
    html = options([("year", "Năm"), ("month", EVIL)], "month")
    assert '<option value="year">Năm</option>' in html
    assert '<option value="month" selected>&lt;img' in html
    assert '<option value="3" selected>3</option>' in options([(n, n) for n in range(1, 13)], 3)


def test_header_cells_and_link_items():
    assert header_cells(["Năm", EVIL]) == (
        '<th scope="col">Năm</th><th scope="col" class="num">&lt;img src=x '
        "onerror=&quot;alert(1)&quot;&gt;</th>"
    )
    html = link_items([{"url": "/cum/2/?a=1&b=2", "name": EVIL}])
    assert html == (
        '<li><a href="/cum/2/?a=1&amp;b=2">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a></li>'
    )
