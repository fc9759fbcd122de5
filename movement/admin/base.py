"""The one admin mixin: every queryset, choice, autocomplete, search and save is limited to the user's units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from movement.forms.choices import in_vietnamese_order
from movement.models import Unit, fold_search, scope_unit_of, unit_in_scope
from movement.params import id_param, int_param
from movement.text import sort_key


def scoped_choices(
    db_field: models.Field, request: HttpRequest, kwargs: dict[str, Any]
) -> dict[str, Any]:
    """Limit a relation's choices to what the user may see, when the related model is scoped."""
    queryset = kwargs.get("queryset")
    if queryset is None:
        queryset = db_field.related_model._default_manager.all()
    if hasattr(queryset, "for_user"):
        kwargs["queryset"] = queryset.for_user(request.user)
    return kwargs


def is_year_field(db_field: models.Field) -> bool:
    """Years are numbers that must never be grouped ("2022", not "2.022")."""
    return "year" in db_field.name


def localized_numbers(db_field: models.Field, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Numbers typed the Vietnamese way: "1.546" and "1546" are both 1546, "12,5" is 12.5."""
    if isinstance(db_field, (models.IntegerField, models.DecimalField)) and not is_year_field(
        db_field
    ):
        kwargs.setdefault("localize", True)
    return kwargs


class CappedCountPaginator(Paginator):
    """Counts at most ``count_cap`` + 1 rows.

    On tables of millions of rows (indicator values at national scale) an exact
    COUNT would cost more than the page itself; beyond the cap users narrow the
    list with search and filters.
    """

    count_cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.count_cap + 1].count()


class ScopedInlineMixin:
    """Form fields of admins and inlines: scoped relation choices, Vietnamese number input."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(
            db_field, request, **localized_numbers(db_field, kwargs)
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return _units_in_vietnamese_order(
            super().formfield_for_foreignkey(
                db_field, request, **scoped_choices(db_field, request, kwargs)
            )
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return _units_in_vietnamese_order(
            super().formfield_for_manytomany(
                db_field, request, **scoped_choices(db_field, request, kwargs)
            )
        )


def _units_in_vietnamese_order(field):
    """A drop-down of units lists them by name as Vietnamese read it, not by code or id
    (an autocomplete field searches instead of listing: left as it is)."""
    queryset = getattr(field, "queryset", None)
    if queryset is not None and queryset.model is Unit and not _is_autocomplete(field):
        in_vietnamese_order(field)
    return field


def _is_autocomplete(field) -> bool:
    from django.contrib.admin.widgets import AutocompleteMixin

    widget = getattr(field.widget, "widget", field.widget)
    return isinstance(widget, AutocompleteMixin)


class ScopedAdminMixin(ScopedInlineMixin):
    """Admin mixin limiting everything to ``request.user``'s unit and the units below it.

    Another unit's object answers 404, its id is refused in every choice
    field, and saving an object outside the scope is forbidden.
    """

    show_full_result_count = False
    # Facet counts cost one COUNT per filter choice: never on tables that grow.
    show_facets = admin.ShowFacets.NEVER
    list_per_page = 50
    paginator = CappedCountPaginator

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        qs = super().get_queryset(request)
        return qs.for_user(request.user) if hasattr(qs, "for_user") else qs

    def get_fields(self, request, obj=None):
        # The shared "ghi chú" of UnitRecord belongs at the end of the form, not the top.
        fields = list(super().get_fields(request, obj))
        if "note" in fields:
            fields.remove("note")
            fields.append("note")
        return fields

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        names = {f.name for f in self.model._meta.fields}
        if "unit" in names and getattr(request.user, "unit_id", None):
            initial.setdefault("unit", request.user.unit_id)
        return initial

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))
        return obj

    def get_folded_search_field(self) -> str | None:
        if hasattr(self, "folded_search_field"):
            return self.folded_search_field
        has_column = any(f.name == "search_text" for f in self.model._meta.concrete_fields)
        return "search_text" if has_column else None

    def get_search_results(self, request: HttpRequest, queryset: models.QuerySet, search_term: str):
        field = self.get_folded_search_field()
        if search_term and field:
            return fold_search(queryset, search_term, field), False
        return super().get_search_results(request, queryset, search_term)

    def check_scope(self, request: HttpRequest, obj: models.Model) -> None:
        if not request.user.is_superuser and not unit_in_scope(request.user, scope_unit_of(obj)):
            raise PermissionDenied(_("Bản ghi không thuộc đơn vị của bạn."))

    def save_model(self, request, obj, form, change) -> None:
        self.check_scope(request, obj)
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        self.check_scope(request, obj)
        super().delete_model(request, obj)

    def save_formset(self, request, form, formset, change) -> None:
        for inline_form in formset.forms:
            if scope_unit_of(inline_form.instance) is not None:
                self.check_scope(request, inline_form.instance)
        super().save_formset(request, form, formset, change)

    def _require_in_scope(self, request: HttpRequest, object_id: str) -> None:
        try:
            found = self.get_queryset(request).filter(pk=unquote(object_id)).exists()
        except (ValueError, ValidationError, OverflowError):
            found = False
        if not found:
            raise Http404(_("Không tìm thấy bản ghi hoặc bạn không có quyền xem."))

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        if id_param(version_id) is None:
            raise Http404(_("Không tìm thấy phiên bản này."))
        return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Base class of every scoped model admin: scoping plus who/when/what history."""


class UnitFilter(admin.SimpleListFilter):
    """Đơn vị: drills down one level at a time, so it never lists every unit of a large tree."""

    title = _("đơn vị")
    parameter_name = "don_vi"
    max_choices = 200

    def _selected(self, request: HttpRequest) -> Unit | None:
        unit_id = id_param(self.value())
        if unit_id is None:
            return None
        return Unit.objects.for_user(request.user).filter(pk=unit_id).first()

    def lookups(self, request, model_admin):
        selected = self._selected(request)
        base = selected or request.user.unit or Unit.objects.filter(parent__isnull=True).first()
        if base is None:
            return []
        choices: list[tuple[Any, str]] = []
        if selected is not None:
            choices.append((selected.pk, f"■ {selected.name}"))
            if (
                selected.parent_id
                and unit_in_scope(request.user, selected.parent)
                and selected.pk != getattr(request.user.unit, "pk", None)
            ):
                choices.append((selected.parent_id, f"↑ {selected.parent.name}"))
        else:
            choices.append((base.pk, f"■ {base.name}"))
        children = (
            Unit.objects.filter(parent=base)
            .order_by("name")
            .only("pk", "name", "valid_to")[: self.max_choices]
        )
        choices += [
            (c.pk, f"{c.name}{f' (thôi tồn tại từ {c.valid_to:%d/%m/%Y})' if c.valid_to else ''}")
            for c in sorted(children, key=lambda c: sort_key(c.name))
        ]
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        unit = self._selected(request)
        if unit is None:
            return queryset.none()
        return queryset.within(unit)


class ActiveUnitFilter(admin.SimpleListFilter):
    title = _("hiệu lực")
    parameter_name = "hieu_luc"

    def lookups(self, request, model_admin):
        return [("current", _("Đang hiệu lực")), ("ceased", _("Đã thôi hiệu lực"))]

    def queryset(self, request, queryset):
        today = dt.date.today()
        if self.value() == "current":
            return queryset.active_on(today)
        if self.value() == "ceased":
            return queryset.filter(valid_to__lte=today)
        return queryset


def year_filter(
    field: str, title: str = "năm", years: int = 15, is_date: bool = True
) -> type[admin.SimpleListFilter]:
    """A year filter whose choices need no query (a fixed range of recent years)."""

    class YearFilter(admin.SimpleListFilter):
        parameter_name = f"nam_{field}"

        def lookups(self, request, model_admin):
            this_year = dt.date.today().year
            return [(str(y), str(y)) for y in range(this_year, this_year - years, -1)]

        def queryset(self, request, queryset):
            year = int_param(self.value(), low=1900, high=2100)
            if year is None:
                return queryset
            lookup = f"{field}__year" if is_date else field
            return queryset.filter(**{lookup: year})

    YearFilter.title = title
    YearFilter.__name__ = f"YearFilter_{field}"
    return YearFilter


class YearDisplayMixin:
    """Shows ``year_field`` in the change list without a thousands separator."""

    year_field = "year"

    @admin.display(description=_("năm"))
    def year_label(self, obj: models.Model) -> str:
        return str(getattr(obj, self.year_field))
