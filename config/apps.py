"""The project's own hooks that belong to no app: the session's idle clock starts at login."""

from __future__ import annotations

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "config"
    label = "portal"
    verbose_name = "Cổng ANTQ"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from config.middleware import start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="config.start_idle_clock")
