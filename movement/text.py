"""Pure helpers for Vietnamese text: NFC normalisation and accent folding."""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Return ``value`` in NFC with surrounding blanks removed.

    Some keyboards and spreadsheets produce NFD ("e" + combining marks); stored
    text is always NFC so that equality and sorting behave.
    """
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """Fold Vietnamese text for accent-insensitive search.

    "Hải Hòa" -> "hai hoa", "Đông" -> "dong"; NFD input folds the same as NFC.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped).strip().lower()


def fold_join(*parts: object) -> str:
    """Folded search text built from several values (None and blanks skipped)."""
    return " ".join(fold(str(p)) for p in parts if p not in (None, ""))


_ALPHABET = {ch: i for i, ch in enumerate("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


@functools.lru_cache(maxsize=16_384)
def sort_key(value: str) -> tuple[tuple, tuple]:
    """Vietnamese dictionary order: a ă â b c d đ e ê ..., letters before tones.

    Databases and ``sorted`` compare code points, which puts "Đông" after "Yên" and
    "Hải Đông" after "Hải Xuân"; this key gives "Hải Đông" < "Hải Sơn", "Đông" after "Dương".
    Cached: the same unit names are sorted on every page that lists them.
    """
    keys = [_char_key(ch) for ch in unicodedata.normalize("NFC", value).lower()]
    return tuple(letter for letter, _ in keys), tuple(tone for _, tone in keys)


@functools.cache
def _char_key(ch: str) -> tuple[tuple[int, int], int]:
    """A character's place: its letter (tone removed) in the alphabet, and its tone.

    Cached per character: pages sort hundreds of unit names, each character decomposed once."""
    marks = unicodedata.normalize("NFD", ch)
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    base = unicodedata.normalize("NFC", "".join(m for m in marks if m not in _TONES))
    if base in _ALPHABET:
        return (2, _ALPHABET[base]), tone
    return (1 if base.isdigit() else 0, ord(base[0]) if base else 0), tone


def vn_decimal(value) -> str:
    """A number in a Vietnamese message, with the decimals it has: ``Decimal("100.00")`` → "100",
    ``12.50`` → "12,5", ``1546`` → "1.546" (never "100.00")."""
    from decimal import Decimal

    from django.utils.numberformat import format as number_format

    number = Decimal(value)
    places = max(0, -number.normalize().as_tuple().exponent)
    return number_format(
        number,
        decimal_sep=",",
        decimal_pos=places,
        grouping=3,
        thousand_sep=".",
        force_grouping=True,
    )
