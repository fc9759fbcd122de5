"""Pure helpers for Vietnamese text: NFC normalisation and accent folding."""

from __future__ import annotations

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
