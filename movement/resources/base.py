"""The base of every import/export resource: scoped to the user, natural keys, Vietnamese columns."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from import_export import fields, resources, widgets

from movement.imports import cells
from movement.imports.reader import Column
from movement.imports.units import Day, UnitResolver
from movement.models import scope_unit_of, unit_in_scope
from movement.periods import Period
from movement.resources.bulk import check_constraints, create_all, key_part, update_all
from movement.resources.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DateWidget,
    DecimalWidget,
    IntegerWidget,
    RelatedWidget,
    TextWidget,
    UnitWidget,
)


def column_col(
    attribute: str, name: str, widget: Any = None, *, readonly: bool = False
) -> fields.Field:
    return fields.Field(
        attribute=attribute, column_name=name, widget=widget or TextWidget(), readonly=readonly
    )


def text_col(attribute: str, name: str, max_length: int | None = None) -> fields.Field:
    return column_col(attribute, name, TextWidget(max_length=max_length))


def long_text_col(attribute: str, name: str) -> fields.Field:
    return column_col(attribute, name, TextWidget(one_line=False))


def count_col(attribute: str, name: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=name, widget=IntegerWidget(), default=0)


def year_col(attribute: str, name: str) -> fields.Field:
    return column_col(attribute, name, IntegerWidget(is_year=True))


def day_col(attribute: str, name: str) -> fields.Field:
    return column_col(attribute, name, DateWidget())


def flag_col(attribute: str, name: str) -> fields.Field:
    return column_col(attribute, name, BooleanWidget())


def choice_col(attribute: str, name: str, choices) -> fields.Field:
    return column_col(attribute, name, ChoiceWidget(choices))


def unit_col(attribute: str, name: str, *, readonly: bool = False) -> fields.Field:
    return column_col(attribute, name, UnitWidget(), readonly=readonly)


def number_col(attribute: str, name: str) -> fields.Field:
    return column_col(attribute, name, DecimalWidget())


class ScopedResource(resources.ModelResource):
    """Imports and exports only the user's units' rows; finds existing rows by a natural key.

    ``natural_key`` names the fields that identify a row across databases (never
    the primary key, so that a file exported here imports anywhere). ``required``
    names the columns a file must have; ``help`` explains each column in the
    templates' «Hướng dẫn» sheet.
    """

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    natural_key: ClassVar[tuple[str, ...]] = ()
    required: ClassVar[tuple[str, ...]] = ()
    help: ClassVar[dict[str, str]] = {}

    def __init__(self, user: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user = user
        self.resolver = UnitResolver(user) if user is not None else None
        # (row index in the dataset, [(column, old, new)]) of every row that changes.
        self.changes: list[tuple[int, list[tuple[str, str, str]]]] = []
        self._row_number = 0
        for field in self.fields.values():
            if isinstance(field.widget, UnitWidget):
                field.widget.resolver = self.resolver
                field.widget.when = self.row_when
            if isinstance(field.widget, RelatedWidget):
                field.widget.resource = self

    def row_when(self, row: dict) -> Any:
        """The day (or year) a row is about, so that its unit is the one that existed then."""
        memo = getattr(self, "_when_memo", None)
        if memo is not None and memo[0] is row:
            return memo[1]
        when = self._row_when(row)
        self._when_memo = (row, when)
        return when

    def _row_when(self, row: dict) -> Any:
        for field in self.fields.values():
            if field.column_name not in row or cells.is_blank(row[field.column_name]):
                continue
            try:
                if isinstance(field.widget, DateWidget):
                    day = field.widget.clean(row[field.column_name])
                    return Day(day) if day else None
                if isinstance(field.widget, IntegerWidget) and field.widget.is_year:
                    year = field.widget.clean(row[field.column_name])
                    return Period.of("year", year) if year else None
            except ValueError:
                return None  # the cell's own error is reported against its column
        return None

    def import_row(self, row, instance_loader, **kwargs):
        # Here, not in before_import_row: resources override that one without calling super().
        self._row_number = kwargs.get("row_number") or 0
        return super().import_row(row, instance_loader, **kwargs)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped (no write, no history); a changed row's cells are listed."""
        before = getattr(instance, "_import_before", None)
        if import_validation_errors or before is None or instance.pk is None:
            return False
        changed = []
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget):
                if field.column_name not in row:
                    continue
                try:
                    wanted = sorted(u.pk for u in field.clean(row))
                except (ValueError, ValidationError):
                    return False  # the cell's own error is reported against its column
                if wanted != sorted(field.get_value(instance).values_list("pk", flat=True)):
                    changed.append((field.column_name, "…", cells.text(row[field.column_name])))
                continue
            old, new = before.get(field.column_name), field.get_value(instance)
            if old != new:
                changed.append((field.column_name, _shown(field, old), _shown(field, new)))
        if changed:
            self.changes.append((self._row_number, changed))
        return not changed

    # --- columns -----------------------------------------------------------------------------

    @classmethod
    def columns(cls) -> list[Column]:
        resource = cls()
        return [
            Column(key=resource.fields[name].column_name, required=name in cls.required)
            for name in cls._meta.fields
        ]

    @classmethod
    def column_help(cls) -> list[tuple[str, bool, str, list[str]]]:
        """(column, required, explanation, choices) for the templates."""
        resource = cls()
        rows = []
        for name in cls._meta.fields:
            f = resource.fields[name]
            choices = f.widget.labels if isinstance(f.widget, ChoiceWidget) else []
            if isinstance(f.widget, BooleanWidget):
                choices = ["Có", "Không"]
            rows.append((f.column_name, name in cls.required, cls.help.get(name, ""), choices))
        return rows

    # --- scope -------------------------------------------------------------------------------

    def get_queryset(self) -> models.QuerySet:
        return self._meta.model._default_manager.for_user(self.user)

    def export_queryset(self) -> models.QuerySet:
        return self.get_queryset()

    # --- reading once, writing in bulk (movement.resources.bulk) -------------------------------

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._index = self._load_existing(dataset)
        self._related_cache: dict = {}
        self._pending = {}

    def _key_fields(self) -> list[fields.Field] | None:
        """The natural key's fields when the rows it may update can be read once per file: its
        first part is the row's own unit, and no part is looked up through another record."""
        if not self.natural_key:
            return None
        key_fields = [self.fields[name] for name in self.natural_key]
        first = key_fields[0]
        if not isinstance(first.widget, UnitWidget) or "__" in first.attribute:
            return None
        if any(isinstance(f.widget, RelatedWidget) or f.readonly for f in key_fields):
            return None
        return key_fields

    def _load_existing(self, dataset) -> dict | None:
        key_fields = self._key_fields()
        if key_fields is None or any(f.column_name not in dataset.headers for f in key_fields):
            return None
        unit_ids: set[int] = set()
        for row in dataset.dict:
            try:
                unit = key_fields[0].clean(row)
            except (ValueError, ValidationError):
                continue
            if unit is not None:
                unit_ids.add(unit.pk)
        index: dict[tuple, list] = {}
        ids = sorted(unit_ids)
        model = self._meta.model
        related = [
            f.attribute
            for f in self.get_import_fields()
            if f.attribute
            and "__" not in f.attribute
            and getattr(model._meta.get_field(f.attribute), "many_to_one", False)
        ]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found = self.get_queryset().filter(**{f"{key_fields[0].attribute}_id__in": chunk})
            for obj in found.select_related(*related):
                key = tuple(key_part(getattr(obj, f.attribute)) for f in key_fields)
                index.setdefault(key, []).append(obj)
        return index

    def _row_key(self, row) -> tuple | None:
        memo = getattr(self, "_key_memo", None)
        if memo is not None and memo[0] is row:
            return memo[1]
        key_fields = self._key_fields()
        try:
            key = tuple(key_part(f.clean(row)) for f in key_fields)
        except (ValueError, KeyError, ValidationError):
            key = None
        self._key_memo = (row, key)
        return key

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        if not new:
            # What the row may change, as it is now (import-export's deepcopy of the instance
            # would copy its unit and that unit's parents for every row).
            instance._import_before = {
                field.column_name: field.get_value(instance)
                for field in self.get_import_fields()
                if not isinstance(field.widget, widgets.ManyToManyWidget)
            }
        if new and self._pending_key is not None:
            self._pending[self._pending_key] = self._sheet_row()
        self._pending_key = None
        if new and getattr(self, "_index", None) is not None:
            key = self._row_key(row)
            if key is not None:
                instance._import_row = self._sheet_row()
                self._index.setdefault(key, []).append(instance)
        return instance, new

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # A related record the widgets found (a unit, a group) was read from the database just
        # now: checking that it exists would cost a query per row.
        loaded = [
            f.name
            for f in instance._meta.concrete_fields
            if f.is_relation and getattr(instance._state.fields_cache.get(f.name), "pk", None)
        ]
        try:
            instance.full_clean(
                exclude=[*errors, *loaded],
                validate_unique=validate_unique,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not errors:
            try:
                check_constraints(instance)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    # The check step (a dry run) of a bulk resource writes nothing: every row was validated
    # in Python, unique constraints included, and nothing later in the file depends on it.
    write = True

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        try:
            if self.write:
                create_all(self._meta.model, self.create_instances, self.user)
        except Exception as exc:  # reported as the file's error, like import-export does
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        try:
            if self.write:
                update_all(self._meta.model, self.update_instances, self.user)
        except Exception as exc:
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.update_instances.clear()

    def get_instance(self, instance_loader, row):
        index = getattr(self, "_index", None)
        if index is not None:
            key = self._row_key(row)
            if key is None:
                return None  # import_instance reports the cell's error against its column
            found = index.get(key, [])
            if len(found) > 1:
                self._many()
            if found and found[0].pk is None:
                self._duplicate(found[0]._import_row)
            return found[0] if found else None
        try:
            params = {
                self.fields[name].attribute: self.fields[name].clean(row)
                for name in self.natural_key
                if self.fields[name].column_name in row
            }
        except (ValueError, KeyError):
            return None  # import_instance reports the cell's error against its column
        if self._meta.use_bulk and self.natural_key:
            # New rows are written at the end of the file: a second row with the same key
            # would not find the first in the database.
            key = tuple(sorted((k, key_part(v)) for k, v in params.items()))
            earlier = self._pending.get(key)
            if earlier is not None:
                self._duplicate(earlier)
            self._pending_key = key
        found = list(self.get_queryset().filter(**params)[:2])
        if len(found) > 1:
            self._many()
        return found[0] if found else None

    _pending: dict = {}
    _pending_key: tuple | None = None
    sheet_rows: list[int] = []  # the sheet's row number of each dataset row (set by the engine)

    def _sheet_row(self) -> int:
        index = self._row_number - 1
        return self.sheet_rows[index] if 0 <= index < len(self.sheet_rows) else self._row_number

    def _duplicate(self, row: int) -> None:
        names = ", ".join(f"«{self.fields[n].column_name}»" for n in self.natural_key)
        raise ValidationError(
            f"Trùng {names} với dòng {row} của tệp: mỗi bản ghi chỉ ghi một dòng."
        )

    def _many(self) -> None:
        names = ", ".join(f"«{self.fields[n].column_name}»" for n in self.natural_key)
        raise ValidationError(
            f"Có nhiều bản ghi trùng {names} trong cơ sở dữ liệu: không biết cập nhật bản ghi nào."
        )

    progress = None

    def after_import_row(self, row, row_result, **kwargs):
        number = kwargs.get("row_number") or 0
        if self.progress is not None and number % 200 == 0:
            self.progress(number)

    def before_save_instance(self, instance, row, **kwargs):
        target = scope_unit_of(instance)
        if target is not None and not unit_in_scope(self.user, target):
            raise ValidationError("Bản ghi không thuộc đơn vị của bạn.")
        super().before_save_instance(instance, row, **kwargs)


def _shown(field: fields.Field, value: Any) -> str:
    shown = field.widget.render(value)
    return cells.text(shown) if shown not in (None, "") else "trống"


def related_lookup(model: type[models.Model], unit_column: str, unit_field: str, key: str, parse):
    """A RelatedWidget lookup: the row's unit (column ``unit_column``) plus one field ``key``."""

    def lookup(resource: ScopedResource, value: object, row: dict) -> models.Model:
        owner = resource.resolver.resolve(row.get(unit_column))
        if owner is None:
            raise ValueError(f"cần cột «{unit_column}» để tìm «{value}».")
        wanted = parse(value)
        cache = getattr(resource, "_related_cache", None)
        memo = (model, owner.pk, wanted)
        if cache is not None and memo in cache:
            found = cache[memo]
        else:
            found = list(model._default_manager.filter(**{unit_field: owner, key: wanted})[:2])
            if cache is not None:
                cache[memo] = found
        label = model._meta.verbose_name
        if not found:
            raise ValueError(f"Không tìm thấy {label} «{value}» của {owner.name}.")
        if len(found) > 1:
            raise ValueError(f"Có nhiều {label} «{value}» của {owner.name}.")
        return found[0]

    return lookup
