"""Building blocks shared by every model: scoping by unit, NFC text, search text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from movement.text import fold, fold_join, nfc

if TYPE_CHECKING:
    from movement.models.units import Unit
    from movement.models.users import User

PATH_SEGMENT = 8  # digits per tree level; pk < 10**8


def ancestor_ids(path: str) -> list[int]:
    """The unit's own id and its ancestors', read off its path (segments are primary keys)."""
    return [int(path[i : i + PATH_SEGMENT]) for i in range(0, len(path), PATH_SEGMENT)]


def path_upper(path: str) -> str:
    """Exclusive upper bound of the subtree of ``path``.

    Paths hold digits only, in fixed-width segments, so "everything below X"
    is the range [X, X+1) in every collation (C, glibc or ICU): one indexed
    range scan, no LIKE and no recursion.
    """
    return str(int(path) + 1).zfill(len(path))


class ScopedQuerySet(models.QuerySet):
    """QuerySet limited to a unit's subtree.

    Models name the lookup to their unit's ``path`` in ``scope_path``
    (``"unit__path"``, ``"cluster__host_unit__path"``...). ``for_user`` is the
    one scoping mechanism of the portal: pages, admin, choices, imports and
    exports all go through it.
    """

    def scope_lookup(self) -> str:
        return getattr(self.model, "scope_path", "unit__path")

    def within(self, unit: Unit) -> ScopedQuerySet:
        lookup = self.scope_lookup()
        return self.filter(**{f"{lookup}__gte": unit.path, f"{lookup}__lt": path_upper(unit.path)})

    def for_user(self, user: User | Any) -> ScopedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        unit = getattr(user, "unit", None)
        if unit is None:
            return self.none()
        return self.within(unit)


def unit_in_scope(user: User | Any, unit: Unit | None) -> bool:
    """Whether ``unit`` lies in ``user``'s own unit or below it."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    own = getattr(user, "unit", None)
    if own is None or unit is None or not unit.path:
        return False
    return own.path <= unit.path < path_upper(own.path)


def fold_search(
    queryset: models.QuerySet, term: str, field: str = "search_text"
) -> models.QuerySet:
    """Accent- and đ-insensitive search on a folded column: every word must match."""
    for word in fold(term).split():
        queryset = queryset.filter(**{f"{field}__contains": word})
    return queryset


class NormalizedTextModel(models.Model):
    """Stores every text field in NFC and keeps a folded ``search_text``.

    ``search_fields_source`` names the fields (or dotted relations) whose
    folded values make up ``search_text``; the admin and the pages search that
    column, so "hai hoa" finds "Hải Hòa" on SQLite and PostgreSQL alike.
    """

    search_fields_source: tuple[str, ...] = ()

    search_text = models.TextField(_("chuỗi tìm kiếm"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalize_text()
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def normalize_text(self) -> None:
        for field in self._meta.concrete_fields:
            if (
                isinstance(field, (models.CharField, models.TextField))
                and field.name != "search_text"
            ):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))

    def build_search_text(self) -> str:
        values: list[object] = []
        for name in self.search_fields_source:
            obj: Any = self
            for part in name.split("."):
                obj = getattr(obj, part, None) if obj is not None else None
            values.append(obj)
        return fold_join(*values)

    def clean_fields(self, exclude: Any = None) -> None:
        self.normalize_text()
        super().clean_fields(exclude=exclude)
