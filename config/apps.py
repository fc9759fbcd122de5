"""The project's own hooks that belong to no app: the idle clock starts at login, log context ends with the request."""

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

        from django.core.signals import request_finished

        from config.logs import forget_request

        request_finished.connect(forget_request, dispatch_uid="config.forget_request")
