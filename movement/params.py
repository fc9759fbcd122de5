"""Numbers from query strings and URLs: junk answers the default, never a server error.

``int("9" * 4301)`` raises, ``"²".isdigit()`` is true, and a 26-digit id overflows the
database's 64-bit integers: every page, export and admin filter reads numbers through here.
"""

from __future__ import annotations

from typing import overload

# The largest primary key the database can hold (64-bit signed).
MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


@overload
def int_param(value: object, *, low: int, high: int, default: int) -> int: ...
@overload
def int_param(value: object, *, low: int, high: int, default: None = None) -> int | None: ...


def int_param(value: object, *, low: int, high: int, default: int | None = None) -> int | None:
    """``value`` as an int within ``[low, high]``, else ``default``."""
    text = str(value).strip() if value is not None else ""
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return default
    number = int(text)
    return number if low <= number <= high else default


def id_param(value: object) -> int | None:
    """A primary key (1 … 2⁶³−1) or None."""
    return int_param(value, low=1, high=MAX_ID)
