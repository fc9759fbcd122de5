"""Pages of long lists that never count the country (issue 18).

A national user's report list holds ~400,000 reports; Django's ``Paginator`` counts them all
(one COUNT over the whole scope) on every page, for a "page 1 of 13,284" nobody walks. Here
the count stops at ``max_pages`` pages: ``SELECT COUNT(*) FROM (… LIMIT n + 1)`` reads at most
that many rows, whatever the scope, and the page says "hơn 1.200" instead. Narrowing the list
(kind, status, unit, dates) is the way further down, as it is for any reader.
"""

from __future__ import annotations

from functools import cached_property

from django.core.paginator import Paginator
from django.utils.formats import number_format

MAX_PAGES = 40


class CappedPaginator(Paginator):
    """A ``Paginator`` whose count reads at most ``max_pages`` pages of rows."""

    def __init__(self, object_list, per_page: int, *, max_pages: int = MAX_PAGES, **kwargs):
        self.max_pages = max_pages
        super().__init__(object_list, per_page, **kwargs)

    @property
    def limit(self) -> int:
        return self.per_page * self.max_pages

    @cached_property
    def counted(self) -> int:
        """Rows up to one past the limit (one bounded query)."""
        rows = self.object_list
        if hasattr(rows, "order_by"):
            rows = rows.order_by()  # a count needs no order: no sort of the scope
        return (
            len(rows[: self.limit + 1])
            if isinstance(rows, list)
            else rows[: self.limit + 1].count()
        )

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.limit)

    @property
    def capped(self) -> bool:
        """More rows than the pages shown."""
        return self.counted > self.limit

    @property
    def count_label(self) -> str:
        """ "1.234" or "hơn 1.200" (Vietnamese grouping)."""
        label = number_format(self.count, force_grouping=True)
        return f"hơn {label}" if self.capped else label

    @property
    def pages_label(self) -> str:
        """ "34" or "40+"."""
        return f"{self.num_pages}+" if self.capped else str(self.num_pages)
