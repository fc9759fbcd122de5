"""Uploaded files (festival photos) go out only to users who may see their record (DESIGN §5).

The web server never serves MEDIA_ROOT itself. In production this view checks the access and
hands the file to nginx (``X-Accel-Redirect`` to an ``internal`` location) or Apache
(``X-Sendfile``); without either it streams the file itself.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.encoding import iri_to_uri

from movement.models import FestivalPhoto

# Every model with an uploaded file, and its file field: a file no row of these names is 404.
PROTECTED_FILES = [(FestivalPhoto, "image")]


def _owned_by_visible_record(request: HttpRequest, name: str) -> bool:
    return any(
        model.objects.for_user(request.user).filter(**{field: name}).exists()
        for model, field in PROTECTED_FILES
    )


@login_required
def protected_media(request: HttpRequest, name: str) -> HttpResponse:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise Http404("Không có tệp này.")
    if not _owned_by_visible_record(request, str(path)) or not default_storage.exists(str(path)):
        raise Http404("Không có tệp này hoặc bạn không có quyền xem.")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    server = settings.PROTECTED_MEDIA_SERVER
    if server == "nginx":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = iri_to_uri(f"{settings.PROTECTED_MEDIA_INTERNAL_URL}{path}")
        return response
    if server == "apache":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = str(settings.MEDIA_ROOT / path)
        return response
    return FileResponse(default_storage.open(str(path)), content_type=content_type)
