"""Finding the unit a row means, by code or by name, only among the importing user's units."""

from __future__ import annotations

import re
from typing import Any

from movement.imports import cells
from movement.models import Unit
from movement.text import fold

_QUALIFIED = re.compile(r"^(.*\S)\s*\(([0-9A-Za-z._-]+)\)$")
_UNDER = re.compile(r"^(.*?\S)\s+thu[ộo]c\s+(\S.*)$", re.IGNORECASE)


def duplicated_codes() -> set[str]:
    """Codes that more than one unit carries (reused after a merger or the 2025 reform)."""
    from django.db.models import Count

    return set(
        Unit.objects.exclude(code="")
        .values("code")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("code", flat=True)
    )


def unit_ref(unit: Unit | None, duplicates: set[str] | frozenset[str] = frozenset()) -> str:
    """How exports name a unit so that an import finds it again, even where a code was reused
    after 2025: "Phường Hải Hòa (06742)", or "Khu 3 (06742)" (parent's code) for a unit without one."""
    if unit is None:
        return ""
    if unit.code:
        ref = f"{unit.name} ({unit.code})"
        if unit.code in duplicates and unit.parent_id:
            ref += f" thuộc {unit.parent.label}"
        return ref
    parent = unit.parent
    return f"{unit.name} ({parent.code})" if parent is not None and parent.code else unit.name


def _names(unit: Unit) -> set[str]:
    """ "Phường Hải Hòa" is found as "phuong hai hoa" and as "hai hoa"."""
    name = fold(unit.name)
    names = {name}
    kind = fold(unit.kind)
    if kind and name.startswith(kind + " "):
        names.add(name[len(kind) + 1 :])
    return names


class UnitResolver:
    """Resolves references to units within ``user``'s scope; caches what it found.

    A reference is a code ("06742", or 6742 after Excel dropped the zero), a name
    with or without its kind and accents ("Hai Hoa", "phường Hải Hòa"), or a name
    qualified by its own or its parent's code ("Khu 3 (06742)").
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self.scope = Unit.objects.for_user(user).select_related("parent", "level")
        self._cache: dict[str, Unit | ValueError] = {}
        own = getattr(user, "unit", None)
        self.scope_label = "toàn quốc" if user.is_superuser or own is None else own.name

    def resolve(self, value: object) -> Unit | None:
        raw = cells.line(value)
        if not raw:
            return None
        found = self._cache.get(raw)
        if found is None:
            try:
                found = self._find(raw)
            except ValueError as exc:
                found = exc
            self._cache[raw] = found
        if isinstance(found, ValueError):
            raise ValueError(str(found))
        return found

    def forget_misses(self) -> None:
        """After units were created, references that failed may now resolve."""
        self._cache = {k: v for k, v in self._cache.items() if not isinstance(v, ValueError)}

    def _find(self, raw: str) -> Unit:
        under = _UNDER.match(raw)
        if under:
            child, parent_ref = under.groups()
            parents = UnitResolver.__new__(UnitResolver)
            parents.scope = Unit.objects.select_related("parent", "level")
            parents._cache, parents.scope_label = {}, "toàn quốc"
            parent = parents._find(parent_ref)
            candidates = [
                u
                for u in self.scope.filter(parent=parent)
                if fold(u.label) == fold(child) or fold(child) in _names(u)
            ]
            return self._one(raw, candidates, lambda: self._outside(raw, name=fold(child)))
        qualified = _QUALIFIED.match(raw)
        if qualified:
            name, code = qualified.groups()
            candidates = [
                u
                for u in self.scope.filter(code=code)
                if fold(name) in _names(u) or fold(name) == fold(u.label)
            ] or [
                u
                for u in self.scope.filter(parent__code=code, search_text__contains=fold(name))
                if fold(name) in _names(u)
            ]
            return self._one(raw, candidates, lambda: self._outside(raw, code=code))
        if re.fullmatch(r"\d+", raw):
            codes = {raw, raw.zfill(2), raw.zfill(3), raw.zfill(5)}
            candidates = list(self.scope.filter(code__in=codes))
            exact = [u for u in candidates if u.code == raw]
            return self._one(raw, exact or candidates, lambda: self._outside(raw, code=raw))
        folded = fold(raw)
        candidates = [
            u for u in self.scope.filter(search_text__contains=folded) if folded in _names(u)
        ]
        if len(candidates) > 1:
            # Prefer a unit that still exists over its merged or renamed namesake.
            current = [u for u in candidates if u.valid_to is None]
            if len(current) == 1:
                candidates = current
        return self._one(raw, candidates, lambda: self._outside(raw, name=folded))

    def _one(self, raw: str, candidates: list[Unit], outside) -> Unit:
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValueError(outside())
        listed = "; ".join(
            f"{u.label}{f' thuộc {u.parent.label}' if u.parent_id else ''}" for u in candidates[:5]
        )
        raise ValueError(
            f"«{raw}» trùng với {len(candidates)} đơn vị ({listed}): hãy ghi mã đơn vị, "
            "hoặc ghi kèm đơn vị cấp trên như «Xã Hải Sơn (06724) thuộc Thành phố Móng Cái (193)»."
        )

    def _outside(self, raw: str, *, code: str = "", name: str = "") -> str:
        if code:
            exists = Unit.objects.filter(code__in={code, code.zfill(5)}).exists()
        else:
            exists = any(
                name in _names(u) for u in Unit.objects.filter(search_text__contains=name)[:50]
            )
        if exists:
            return (
                f"Đơn vị «{raw}» không thuộc phạm vi của bạn ({self.scope_label}): "
                "chỉ được nhập dữ liệu của đơn vị mình và các đơn vị cấp dưới."
            )
        return f"Không tìm thấy đơn vị «{raw}»."
