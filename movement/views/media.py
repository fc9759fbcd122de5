"""Uploaded files (festival photos) go out only to users who may see their record (DESIGN §5);
export files (``exports/``) only through their job's download view (movement.views.exports).

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
from django.utils.http import content_disposition_header

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
    return send_stored_file(str(path))


def send_stored_file(name: str, *, download_name: str = "") -> HttpResponse:
    """The stored file ``name`` (access already checked), sent by the web server when it can;
    with ``download_name`` as an attachment of that name."""
    content_type = mimetypes.guess_type(download_name or name)[0] or "application/octet-stream"
    server = settings.PROTECTED_MEDIA_SERVER
    if server in ("nginx", "apache"):
        response = HttpResponse(content_type=content_type)
        if server == "nginx":
            response["X-Accel-Redirect"] = iri_to_uri(
                f"{settings.PROTECTED_MEDIA_INTERNAL_URL}{name}"
            )
        else:
            response["X-Sendfile"] = str(settings.MEDIA_ROOT / name)
        if download_name:
            response["Content-Disposition"] = content_disposition_header(True, download_name)
        return response
    return FileResponse(
        default_storage.open(name),
        content_type=content_type,
        as_attachment=bool(download_name),
        filename=download_name or None,
    )
