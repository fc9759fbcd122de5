"""Back office of units, their successions and users."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from movement.admin.base import (
    ActiveUnitFilter,
    ScopedAdmin,
    ScopedAdminMixin,
    ScopedInlineMixin,
    UnitFilter,
    year_filter,
)
from movement.admin.imports import ImportExportMixin
from movement.models import (
    SigningAuthority,
    Unit,
    UnitFacts,
    UnitLevel,
    UnitSuccession,
    User,
)


@admin.register(UnitLevel)
class UnitLevelAdmin(admin.ModelAdmin):
    list_display = ("rank", "code", "name")
    ordering = ("rank",)


class SuccessionInline(ScopedInlineMixin, admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)
    verbose_name = _("đơn vị kế thừa")
    verbose_name_plural = _("đơn vị kế thừa (sáp nhập, đổi tên, chia tách)")


class FactsInline(ScopedInlineMixin, admin.TabularInline):
    model = UnitFacts
    extra = 0
    verbose_name_plural = _("đặc điểm đơn vị (mở đầu phần I của báo cáo tổng kết)")


class SigningAuthorityInline(ScopedInlineMixin, admin.TabularInline):
    model = SigningAuthority
    extra = 0
    verbose_name_plural = _("thẩm quyền ký (điền sẵn vào báo cáo tổng kết mới)")


@admin.register(Unit)
class UnitAdmin(ImportExportMixin, ScopedAdmin):
    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
    list_select_related = ("level", "parent")
    list_filter = (ActiveUnitFilter, "level", UnitFilter)
    search_fields = ("search_text",)
    autocomplete_fields = ("parent",)
    readonly_fields = ("path",)
    fields = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to", "path")
    inlines = [SuccessionInline, FactsInline, SigningAuthorityInline]
    ordering = ("path",)


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ScopedAdmin):
    list_display = ("predecessor", "successor", "kind", "effective_date", "legal_basis")
    list_select_related = ("predecessor", "successor")
    list_filter = ("kind", year_filter("effective_date", "năm hiệu lực"))
    autocomplete_fields = ("predecessor", "successor")
    search_fields = ("predecessor__search_text",)
    folded_search_field = "predecessor__search_text"

    def get_queryset(self, request):
        qs = super(ScopedAdminMixin, self).get_queryset(request)
        if request.user.is_superuser:
            return qs
        allowed = Unit.objects.for_user(request.user).values("pk")
        return qs.filter(predecessor__in=allowed)


@admin.register(User)
class UserAdmin(ScopedAdminMixin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "unit", "is_active", "is_staff")
    list_select_related = ("unit",)
    list_filter = ("is_active", "is_staff", "groups", UnitFilter)
    search_fields = ("username", "first_name", "last_name", "email")
    folded_search_field = None
    autocomplete_fields = ("unit",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Thông tin cá nhân"),
            {"fields": ("first_name", "last_name", "email", "phone", "position")},
        ),
        (_("Đơn vị và vai trò"), {"fields": ("unit", "groups", "is_active", "is_staff")}),
        (_("Quyền quản trị hệ thống"), {"fields": ("is_superuser", "user_permissions")}),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "unit", "groups", "password1", "password2"),
            },
        ),
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Only a superuser grants superuser status or individual permissions.
        return [fs for fs in fieldsets if "is_superuser" not in fs[1]["fields"]]
