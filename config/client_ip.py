"""The client's address behind our reverse proxies (django-axes locks username + this address).

Each proxy appends the address it received the request from to X-Forwarded-For, so with
``TRUSTED_PROXY_COUNT`` = N the client is the N-th entry from the right; anything further left
was written by the client and is ignored. N = 0: no proxy, REMOTE_ADDR is the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
