"""Finding the unit a row means, by code or by name, only among the importing user's units."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from movement.imports import cells
from movement.models import Unit
from movement.text import fold

_QUALIFIED = re.compile(r"^(.*\S)\s*\(([0-9A-Za-z._-]+)\)$")
# «P. Hải Hòa», «X. Hải Sơn», «TT. Quảng Hà» as offices abbreviate the kind.
_KINDS = {"p": "phuong", "x": "xa", "tt": "thi tran", "q": "quan", "h": "huyen", "tx": "thi xa"}
_ABBREVIATION = re.compile(r"^(p|x|tt|q|h|tx)\.\s*")
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


@dataclass(frozen=True)
class Day:
    """A single day as a span, for records dated by one day (a session, a decision)."""

    start: dt.date

    @property
    def end(self) -> dt.date:
        return self.start

    @property
    def label(self) -> str:
        return f"ngày {self.start:%d/%m/%Y}"


def lifetime(unit: Unit) -> str:
    """ "từ 01/07/2025", "đến 30/06/2025", "từ 01/01/2008 đến 30/06/2025", or ""."""
    parts = []
    if unit.valid_from:
        parts.append(f"từ {unit.valid_from:%d/%m/%Y}")
    if unit.valid_to:
        parts.append(f"đến {unit.valid_to - dt.timedelta(days=1):%d/%m/%Y}")
    return " ".join(parts)


def exists_during(unit: Unit, span) -> bool:
    """Whether ``unit`` existed on at least one day of ``span`` (anything with start and end)."""
    return (unit.valid_from is None or unit.valid_from <= span.end) and (
        unit.valid_to is None or unit.valid_to > span.start
    )


def describe(unit: Unit) -> str:
    text = unit.label
    if unit.parent_id:
        text += f" thuộc {unit.parent.label}"
    when = lifetime(unit)
    return f"{text} ({when})" if when else text


class UnitResolver:
    """Resolves references to units within ``user``'s scope; caches what it found.

    A reference is a code ("06742", or 6742 after Excel dropped the zero), a name
    with or without its kind and accents ("Hai Hoa", "phường Hải Hòa"), or a name
    qualified by its own or its parent's code ("Khu 3 (06742)") or by its parent's
    name ("Xã Hải Sơn thuộc Thành phố Móng Cái"). Given the row's period (or day),
    only units that existed then are candidates: a 2019 row naming «Xã Hải Sơn» is
    the commune of Móng Cái, not today's xã Hải Sơn.
    """

    def __init__(self, user: Any) -> None:
        self.user = user
        self.scope = Unit.objects.for_user(user).select_related("parent", "level")
        self._cache: dict[tuple, Unit | ValueError] = {}
        self._found: dict[str, list[Unit] | ValueError] = {}
        own = getattr(user, "unit", None)
        self.scope_label = "toàn quốc" if user.is_superuser or own is None else own.name

    def resolve(self, value: object, when=None) -> Unit | None:
        """The unit ``value`` names; ``when`` (a Period or a Day) narrows it to the units of that time."""
        raw = cells.line(value)
        if not raw:
            return None
        key = (raw, when.start, when.end) if when is not None else (raw,)
        found = self._cache.get(key)
        if found is None:
            try:
                found = self._choose(raw, when)
            except ValueError as exc:
                found = exc
            self._cache[key] = found
        if isinstance(found, ValueError):
            raise ValueError(str(found))
        return found

    def forget_misses(self) -> None:
        """After units were created, references that failed may now resolve."""
        self._cache = {k: v for k, v in self._cache.items() if not isinstance(v, ValueError)}
        self._found = {k: v for k, v in self._found.items() if not isinstance(v, ValueError)}

    def _choose(self, raw: str, when) -> Unit:
        found = self._found.get(raw)
        if found is None:
            try:
                found = self._candidates(raw)
            except ValueError as exc:
                found = exc
            self._found[raw] = found
        if isinstance(found, ValueError):
            raise ValueError(str(found))
        candidates = found
        if not candidates:
            raise ValueError(self._outside(raw))
        if when is not None:
            living = [u for u in candidates if exists_during(u, when)]
            if not living:
                if len(candidates) == 1:
                    unit = candidates[0]
                    raise ValueError(
                        f"Đơn vị {unit.label} chỉ tồn tại {lifetime(unit)}: "
                        f"không có số liệu {when.label}."
                    )
                listed = "; ".join(describe(u) for u in candidates[:5])
                raise ValueError(
                    f"Không đơn vị nào mang tên «{raw}» tồn tại vào {when.label} ({listed})."
                )
            candidates = living
        elif len(candidates) > 1:
            # Without a date: prefer a unit that still exists over its merged or renamed namesake.
            current = [u for u in candidates if u.valid_to is None]
            if len(current) == 1:
                candidates = current
        exact = [u for u in candidates if u.code == raw]
        return self._one(raw, exact or candidates, when)

    def _candidates(self, raw: str) -> list[Unit]:
        """Every unit of the scope ``raw`` may name, whenever it existed."""
        under = _UNDER.match(raw)
        if under:
            child, parent_ref = under.groups()
            parents = UnitResolver.__new__(UnitResolver)
            parents.scope = Unit.objects.select_related("parent", "level")
            parents._cache, parents._found, parents.scope_label = {}, {}, "toàn quốc"
            parent_units = parents._candidates(parent_ref)
            inner = _QUALIFIED.match(child)
            name, code = inner.groups() if inner else (child, "")
            return [
                u
                for u in self.scope.filter(parent__in=parent_units)
                if (fold(u.label) == fold(child) or fold(name) in _names(u))
                and (not code or u.code in _codes(code))
            ]
        qualified = _QUALIFIED.match(raw)
        if qualified:
            name, code = qualified.groups()
            own = [
                u
                for u in self.scope.filter(code__in=_codes(code))
                if fold(name) in _names(u) or fold(name) == fold(u.label)
            ]
            return own or [
                u
                for u in self.scope.filter(
                    parent__code__in=_codes(code), search_text__contains=fold(name)
                )
                if fold(name) in _names(u)
            ]
        if re.fullmatch(r"\d+", raw):
            return list(self.scope.filter(code__in=_codes(raw)))
        folded = _ABBREVIATION.sub(lambda m: _KINDS[m.group(1)] + " ", fold(raw))
        return [u for u in self.scope.filter(search_text__contains=folded) if folded in _names(u)]

    def _one(self, raw: str, candidates: list[Unit], when) -> Unit:
        if len(candidates) == 1:
            return candidates[0]
        listed = "; ".join(describe(u) for u in candidates[:5])
        example = candidates[0]
        hint = f"«{example.name} ({example.code})"
        if example.parent_id:
            hint += f" thuộc {example.parent.label}"
        hint += "»"
        at = f" vào {when.label}" if when is not None else ""
        raise ValueError(
            f"«{raw}» trùng với {len(candidates)} đơn vị{at} ({listed}): hãy ghi mã đơn vị, "
            f"hoặc ghi kèm đơn vị cấp trên như {hint}."
        )

    def _outside(self, raw: str) -> str:
        qualified = _QUALIFIED.match(raw)
        code = qualified.group(2) if qualified else (raw if re.fullmatch(r"\d+", raw) else "")
        if code:
            exists = Unit.objects.filter(code__in=_codes(code)).exists()
        else:
            name = fold(_UNDER.sub(r"\1", raw))
            exists = any(
                name in _names(u) for u in Unit.objects.filter(search_text__contains=name)[:50]
            )
        if exists:
            return (
                f"Đơn vị «{raw}» không thuộc phạm vi của bạn ({self.scope_label}): "
                "chỉ được nhập dữ liệu của đơn vị mình và các đơn vị cấp dưới."
            )
        return f"Không tìm thấy đơn vị «{raw}»."


def _codes(code: str) -> set[str]:
    """A code as written and with the zeros Excel dropped: 6712 is 06712."""
    return {code, code.zfill(2), code.zfill(3), code.zfill(5)} if code.isdigit() else {code}
