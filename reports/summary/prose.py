"""Words and numbers of the báo cáo tổng kết's prose: Vietnamese numbers (``1.546``, ``06``),
lists ending in "và", sentences, unit names as they read inside a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from movement.models import Unit
from reports.templatetags.vi_numbers import vn

COMMUNE_KINDS = ["Xã", "Phường", "Thị trấn", "Đặc khu"]


def unit_phrase(unit: Unit) -> str:
    """``Thành phố Móng Cái`` → ``thành phố Móng Cái`` (the kind in lower case, as in prose)."""
    if unit.kind and unit.name.startswith(unit.kind):
        return unit.kind.lower() + unit.name[len(unit.kind) :]
    return unit.name


def place_name(unit: Unit) -> str:
    """``Thành phố Móng Cái`` → ``Móng Cái`` (the địa danh of the document's date line)."""
    if unit.kind and unit.name.startswith(unit.kind + " "):
        return unit.name[len(unit.kind) + 1 :]
    return unit.name


def number(value: Decimal | int | None, places: int = 0) -> str:
    """``1546`` → ``1.546``; ``6`` → ``06``; ``2239.5`` with one place → ``2.239,5``."""
    value = Decimal(value or 0)
    if value == value.to_integral_value() and 0 < value < 10:
        return f"{int(value):02d}"
    return vn(value, places)


def join(parts: Sequence[str], last: str = " và ") -> str:
    """``a``; ``a và b``; ``a, b và c``."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + last + parts[-1]


def semi(parts: Sequence[str]) -> str:
    """Clauses that contain commas themselves: ``a; b; c``."""
    return "; ".join(p for p in parts if p)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    text = text.strip().rstrip(";,")
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


PLACES_LISTED = 4  # more places than this are counted, not named


def places(names: Sequence[str]) -> str:
    """``Xã Cô Mười``, ``Xã Lưu Ngọc`` → ``các xã Cô Mười và Lưu Ngọc``; one place has no "các";
    many places are counted: ``17 xã, phường``."""
    kinds = {next((k for k in COMMUNE_KINDS if n.startswith(k + " ")), "") for n in names}
    if len(names) > PLACES_LISTED:
        listed = [k.lower() for k in COMMUNE_KINDS if k in kinds] or ["đơn vị"]
        return f"{number(len(names))} {', '.join(listed)}"
    if len(names) > 1 and len(kinds) == 1 and "" not in kinds:
        kind = kinds.pop()
        return f"các {kind.lower()} " + join([n[len(kind) + 1 :] for n in names])
    return join(
        [lower_first(n) if any(n.startswith(k + " ") for k in COMMUNE_KINDS) else n for n in names]
    )


def named_places(names: Sequence[str]) -> str:
    """Every place named, grouped by kind: ``thị trấn Hùng Quốc và các xã Cao Chương, Quang
    Hán và Tri Phương``."""
    groups: dict[str, list[str]] = {}
    for name in names:
        kind = next((k for k in COMMUNE_KINDS if name.startswith(k + " ")), "")
        groups.setdefault(kind, []).append(name[len(kind) + 1 :] if kind else name)
    parts = []
    for kind, members in groups.items():
        if not kind:
            parts.extend(members)
        elif len(members) == 1:
            parts.append(f"{kind.lower()} {members[0]}")
        else:
            parts.append(f"các {kind.lower()} {', '.join(members)}")
    return join(parts)
