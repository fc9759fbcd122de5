"""Locked logins (django-axes) in the back office, scoped like every other admin page.

The lock page sends a user to the Quản trị viên of their province or above: this is where
that administrator sees the attempts on accounts of their units, and deletes one to unlock.
"""

from __future__ import annotations

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from movement.models import User


class ScopedByUsernameMixin:
    """Attempts on accounts of the user's units; attempts on unknown names: superusers only."""

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(username__in=User.objects.for_user(request.user).values("username"))


class ScopedAccessAttemptAdmin(ScopedByUsernameMixin, AccessAttemptAdmin):
    pass


class ScopedAccessLogAdmin(ScopedByUsernameMixin, AccessLogAdmin):
    pass


class ScopedAccessFailureLogAdmin(ScopedByUsernameMixin, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, ScopedAccessAttemptAdmin),
    (AccessLog, ScopedAccessLogAdmin),
    (AccessFailureLog, ScopedAccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
