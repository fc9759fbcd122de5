"""Users belong to one unit and hold roles (Django groups carrying permissions)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Value
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from movement.models.base import ScopedQuerySet
from movement.models.units import Unit


class Role(models.TextChoices):
    """Roles of DESIGN §1. The label is the name of the Django group that carries the permissions."""

    OFFICER = "commune_officer", _("Cán bộ Công an xã")
    COMMITTEE = "steering_committee", _("Ban Chỉ đạo")
    STAFF = "office_staff", _("Văn phòng Ban Chỉ đạo")
    ADMINISTRATOR = "administrator", _("Quản trị viên")

    @classmethod
    def group_name(cls, role: Role | str) -> str:
        return str(cls(role).label)


class UserManager(DjangoUserManager.from_queryset(ScopedQuerySet)):
    def get_queryset(self) -> models.QuerySet:
        # The unit is needed on every request to scope querysets: load it with the user.
        return super().get_queryset().select_related("unit", "unit__level")


class User(AbstractUser):
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("đơn vị"),
        help_text=_("Người dùng chỉ thấy dữ liệu của đơn vị này và các đơn vị cấp dưới."),
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The user's groups. The same query reads their permissions and the user's own and
        leaves them where ``ModelBackend`` looks first (``_perm_cache``): the menu's role and
        permission checks cost one query a request, not three (issue 18)."""
        if self.pk is None:  # not saved yet: no groups (and no query to ask)
            return frozenset()
        from django.contrib.auth.models import Group, Permission

        rows = (
            Group.objects.filter(user=self)
            .order_by()
            .values_list("name", "permissions__content_type__app_label", "permissions__codename")
        )
        own = (
            Permission.objects.filter(user=self)
            .order_by()
            .values_list(Value(""), "content_type__app_label", "codename")
        )
        names, perms = set(), set()
        for name, app_label, codename in rows.union(own, all=True):
            if name:
                names.add(name)
            if codename:
                perms.add(f"{app_label}.{codename}")
        # A superuser's are every permission (ModelBackend reads them itself, when asked).
        if not self.is_superuser and not hasattr(self, "_perm_cache"):
            self._perm_cache = perms
        return frozenset(names)

    def has_role(self, role: Role | str) -> bool:
        return Role.group_name(role) in self.role_names

    @property
    def roles(self) -> list[Role]:
        return [r for r in Role if r.label in self.role_names]
