from __future__ import annotations

import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control

from config import logs

_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language (language cookie).

    The browser's Accept-Language is ignored on purpose: officers on borrowed or
    English-configured machines must still get the Vietnamese interface.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RequestContextMiddleware:
    """Gives each request an id (the proxy's X-Request-ID, else a new one) for logs and replies."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_ID.fullmatch(incoming) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        name = user.get_username() if user is not None and user.is_authenticated else "-"
        # Kept until the request is finished (config.apps resets them): Django logs a 4xx/5xx
        # after the middleware has returned.
        logs.request_id.set(rid)
        logs.username.set(name)
        request.request_id = rid
        response = self.get_response(request)
        response["X-Request-ID"] = rid
        return response


IDLE_KEY = "_last_seen"


def start_idle_clock(sender, request, user, **kwargs) -> None:
    """Written with the login's own session save, so the next pages write nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_KEY] = int(time.time())


class SessionIdleTimeoutMiddleware:
    """Signs a user out after ``SESSION_IDLE_TIMEOUT`` seconds without a request."""

    key = IDLE_KEY

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.SESSION_IDLE_TIMEOUT
        if timeout > 0 and request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.key)
            if isinstance(last, int) and now - last > timeout:
                logout(request)
                messages.info(
                    request,
                    f"Phiên làm việc đã hết sau {timeout // 60} phút không thao tác: "
                    "hãy đăng nhập lại.",
                )
                return redirect_to_login(request.get_full_path())
            # Written at most once a minute: no session save on every request.
            if not isinstance(last, int) or now - last >= 60:
                request.session[self.key] = now
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages and files shown to a signed-in user hold police data: never kept in any cache."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
