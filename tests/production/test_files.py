"""Festival photos behind an access check, size limits, purge of old import files (hole 8)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from movement.models import FestivalPhoto, ImportJob
from tests import factories

pytestmark = pytest.mark.django_db


def png(width: int, height: int, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def photo(demo_user, settings, tmp_path) -> FestivalPhoto:
    settings.MEDIA_ROOT = tmp_path
    event = factories.festival(demo_user("ca.haihoa").unit)
    return FestivalPhoto.objects.create(
        event=event, image=SimpleUploadedFile("ngay-hoi.png", png(40, 30)), caption="Khai mạc"
    )


def test_the_photo_url_goes_through_the_access_check(photo):
    assert photo.image.url.startswith("/anh/festivals/")


def test_the_records_unit_sees_the_photo_others_get_404(client, login, photo):
    login("ca.haihoa")
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    assert "no-store" in response["Cache-Control"]
    login("ca.tranphu")  # another ward of the same city
    assert client.get(photo.image.url).status_code == 404
    login("bcd.tralinh")  # another district
    assert client.get(photo.image.url).status_code == 404


def test_anonymous_users_are_sent_to_login(client, photo):
    response = client.get(photo.image.url)
    assert response.status_code == 302 and "/dang-nhap/" in response.url


def test_a_file_no_record_owns_is_404_even_if_it_exists(client, login, photo, settings):
    (settings.MEDIA_ROOT / "festivals" / "lac.png").write_bytes(png(2, 2))
    login("admin")
    assert client.get("/anh/festivals/lac.png").status_code == 404
    assert client.get("/anh/../config/settings.py").status_code == 404


@pytest.mark.parametrize(
    "server, header, value",
    [
        ("nginx", "X-Accel-Redirect", "/protected-media/festivals/"),
        ("apache", "X-Sendfile", "/festivals/"),
    ],
)
def test_in_production_the_web_server_sends_the_file(
    client, login, photo, settings, server, header, value
):
    settings.PROTECTED_MEDIA_SERVER = server
    login("ca.haihoa")
    response = client.get(photo.image.url)
    assert response.status_code == 200 and value in response[header]
    assert response.content == b""


def test_a_144_megapixel_png_is_refused(settings):
    settings.PHOTO_MAX_PIXELS = 40_000_000
    image = SimpleUploadedFile("lon.png", png(12_000, 12_000, mode="1"))
    with pytest.raises(ValidationError, match="144 megapixel"):
        FestivalPhoto._meta.get_field("image").run_validators(image)


def test_a_heavy_photo_is_refused(settings):
    settings.PHOTO_MAX_BYTES = 1024
    image = SimpleUploadedFile("nang.png", png(300, 300) + b"\0" * 2048)
    with pytest.raises(ValidationError, match="Ảnh nặng"):
        FestivalPhoto._meta.get_field("image").run_validators(image)


def test_old_import_files_are_purged_and_the_job_kept(demo_user, settings):
    user = demo_user("ca.haihoa")
    old = ImportJob.objects.create(
        user=user,
        unit=user.unit,
        resource="propaganda",
        file_name="cu.xlsx",
        content=b"x" * 5000,
        status=ImportJob.Status.DONE,
        finished_at=timezone.now() - dt.timedelta(days=31),
    )
    recent = ImportJob.objects.create(
        user=user,
        unit=user.unit,
        resource="propaganda",
        file_name="moi.xlsx",
        content=b"y" * 5000,
        status=ImportJob.Status.DONE,
        finished_at=timezone.now() - dt.timedelta(days=2),
    )
    settings.IMPORT_UPLOAD_RETENTION_DAYS = 30
    out = io.StringIO()
    call_command("purge_imports", stdout=out)
    assert "1 lần nhập" in out.getvalue() and "5.000 byte" in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert bytes(old.content) == b"" and old.status == ImportJob.Status.DONE
    assert bytes(recent.content) == b"y" * 5000
