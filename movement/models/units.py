"""Administrative units: one effective-dated tree whose levels are data (DESIGN §2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movement.models.base import PATH_SEGMENT, NormalizedTextModel, ScopedQuerySet, path_upper

REFORM_DATE = dt.date(2025, 7, 1)


class UnitLevel(models.Model):
    """A level of the hierarchy (tỉnh, huyện, xã, khu dân cư...): data, not code."""

    code = models.SlugField(_("mã cấp"), max_length=30, unique=True)
    name = models.CharField(_("tên cấp"), max_length=120)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), unique=True, help_text=_("0 = toàn quốc, số lớn hơn = cấp thấp hơn")
    )

    class Meta:
        verbose_name = _("cấp hành chính")
        verbose_name_plural = _("cấp hành chính")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(ScopedQuerySet):
    def scope_lookup(self) -> str:
        return "path"

    def subtree(self, unit: Unit) -> UnitQuerySet:
        """``unit`` and everything below it: one indexed range query."""
        return self.filter(path__gte=unit.path, path__lt=path_upper(unit.path))

    def below(self, unit: Unit) -> UnitQuerySet:
        return self.subtree(unit).exclude(pk=unit.pk)

    def active_on(self, day: dt.date) -> UnitQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )

    def of_rank(self, rank: int) -> UnitQuerySet:
        return self.filter(level__rank=rank)


class Unit(NormalizedTextModel):
    """An administrative unit, valid from/to a date, with its successors.

    ``path`` is the chain of primary keys from the root, 8 digits each; it is
    kept current on save and when a unit moves, so subtree queries need no
    recursion.
    """

    search_fields_source = ("code", "name", "kind")

    code = models.CharField(
        _("mã"),
        max_length=20,
        help_text=_("Mã hành chính chính thức, giữ số 0 ở đầu (tỉnh 2 số, xã 5 số)."),
    )
    name = models.CharField(_("tên"), max_length=150)
    kind = models.CharField(
        _("loại"),
        max_length=40,
        blank=True,
        help_text=_("Xã, Phường, Thị trấn, Đặc khu, Thôn, Tổ dân phố..."),
    )
    level = models.ForeignKey(
        UnitLevel, on_delete=models.PROTECT, related_name="units", verbose_name=_("cấp")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = models.CharField(
        _("đường dẫn cây"), max_length=160, editable=False, db_index=True, default=""
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(
        _("thôi tồn tại từ"),
        null=True,
        blank=True,
        help_text=_("Ngày đơn vị thôi tồn tại (không tính ngày này)."),
    )
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
        verbose_name=_("đơn vị kế thừa"),
    )

    history = HistoricalRecords(excluded_fields=["path", "search_text"])
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["path"]
        constraints = [
            # A new unit may reuse a predecessor's code: codes are unique per level and start date.
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_from__isnull=True) & ~Q(code=""),
                name="unit_code_unique_open_start",
                violation_error_message=_("Mã đơn vị đã tồn tại ở cấp này."),
            ),
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=~Q(code=""),
                name="unit_code_unique_per_start",
                violation_error_message=_("Mã đơn vị đã tồn tại ở cấp này với cùng ngày hiệu lực."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=F("valid_from")),
                name="unit_valid_range",
                violation_error_message=_("Ngày thôi tồn tại phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to > day
        )

    def computed_path(self) -> str:
        own = str(self.pk).zfill(PATH_SEGMENT)
        return f"{self.parent.path}{own}" if self.parent_id else own

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.parent_id and self.pk and self.parent.path.startswith(self.path or "#"):
            raise ValidationError(
                {"parent": _("Đơn vị cấp trên không được là chính nó hoặc đơn vị cấp dưới của nó.")}
            )
        if self.parent_id and self.parent.level.rank >= self.level.rank:
            raise ValidationError(
                {"parent": _("Đơn vị cấp trên phải ở cấp cao hơn cấp của đơn vị này.")}
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            new_path = self.computed_path()
            if new_path != old_path:
                type(self).objects.filter(pk=self.pk).update(path=new_path)
                if old_path:
                    # Re-root every descendant in one statement.
                    type(self).objects.filter(
                        path__gt=old_path, path__lt=path_upper(old_path)
                    ).update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
                self.path = new_path

    @classmethod
    def rebuild_paths(cls) -> int:
        """Recompute every path level by level (after bulk loads); returns rows updated."""
        updated = 0
        by_pk: dict[int, str] = {}
        for rank in UnitLevel.objects.order_by("rank").values_list("rank", flat=True):
            batch = []
            for unit in cls.objects.filter(level__rank=rank).only("pk", "parent_id", "path"):
                parent_path = by_pk.get(unit.parent_id, "") if unit.parent_id else ""
                path = parent_path + str(unit.pk).zfill(PATH_SEGMENT)
                by_pk[unit.pk] = path
                if unit.path != path:
                    unit.path = path
                    batch.append(unit)
            cls.objects.bulk_update(batch, ["path"], batch_size=2000)
            updated += len(batch)
        return updated

    def ancestors_and_self(self) -> UnitQuerySet:
        prefixes = [self.path[: i + PATH_SEGMENT] for i in range(0, len(self.path), PATH_SEGMENT)]
        return type(self).objects.filter(path__in=prefixes).select_related("level")

    def lineage(self) -> list[Unit]:
        """This unit and every unit it succeeded, transitively (each once).

        A district dissolved into several communes is none of theirs: its subtree was shared
        out, and taking it whole would count it once per successor."""
        seen: dict[int, Unit] = {self.pk: self}
        frontier = [self.pk]
        while frontier:
            found = list(
                type(self)
                .objects.filter(
                    successor_links__successor_id__in=frontier,
                    successor_links__kind__in=UnitSuccession.CARRIED_OVER,
                )
                .distinct()
            )
            frontier = [u.pk for u in found if u.pk not in seen]
            for u in found:
                seen.setdefault(u.pk, u)
        return list(seen.values())


class UnitSuccession(models.Model):
    """``predecessor`` was merged into, renamed to, or split into ``successor``."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("Sáp nhập")
        RENAMED = "renamed", _("Đổi tên")
        SPLIT = "split", _("Chia tách")
        DISSOLVED = "dissolved", _("Giải thể cấp huyện")

    # The kinds whose predecessor's figures count in the successor's totals (``lineage``).
    CARRIED_OVER = (Kind.MERGED, Kind.RENAMED, Kind.SPLIT)

    predecessor = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="successor_links", verbose_name=_("đơn vị cũ")
    )
    successor = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="predecessor_links",
        verbose_name=_("đơn vị kế thừa"),
    )
    kind = models.CharField(
        _("hình thức"), max_length=20, choices=Kind.choices, default=Kind.MERGED
    )
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_unique"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")),
                name="unit_succession_not_self",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


def scope_unit_of(obj: models.Model) -> Unit | None:
    """The unit that decides who may see ``obj`` (follows the model's ``scope_path``)."""
    if isinstance(obj, Unit):
        return obj.parent if obj.pk is None else obj
    path = getattr(type(obj), "scope_path", "unit__path")
    target: Any = obj
    for part in path.split("__")[:-1]:
        target = getattr(target, part, None)
        if target is None:
            return None
    return target if isinstance(target, Unit) else None
