"""Backup → wipe → restore gives identical data and media, on PostgreSQL (issue 17).

PostgreSQL only (pg_dump/pg_restore): the PostgreSQL run of .ci/run covers it.
"""

from __future__ import annotations

import io

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from config import backups

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL only (the PostgreSQL run covers it)"
    ),
]


@pytest.fixture
def target():
    """An empty database beside the test database, dropped afterwards."""
    source = connection.settings_dict
    name = f"{source['NAME']}_restore"
    admin = backups.connect({**source, "NAME": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    config = {**source, "NAME": name}
    yield config
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def url(config) -> str:
    user = config["USER"] or "postgres"
    return f"postgres://{user}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


def test_backup_wipe_restore_gives_identical_tables_and_media(tmp_path, settings, target):
    media = tmp_path / "media"
    (media / "festivals" / "2022").mkdir(parents=True)
    (media / "festivals" / "2022" / "khai-mac.jpg").write_bytes(b"\xff\xd8anh ngay hoi")
    settings.MEDIA_ROOT = media
    out = io.StringIO()
    call_command("backup_portal", "--out", str(tmp_path / "sao-luu"), stdout=out)
    assert "Đã sao lưu" in out.getvalue()
    saved = backups.table_checksums(connection.settings_dict)
    assert (
        saved["movement_periodreport"]["rows"] > 0
        and saved["reports_subtreeperiodvalue"]["rows"] > 0
    )

    restored_media = tmp_path / "media-khoi-phuc"
    call_command(
        "restore_portal",
        str(tmp_path / "sao-luu"),
        "--database-url",
        url(target),
        "--media-root",
        str(restored_media),
        stdout=io.StringIO(),
    )
    assert backups.table_checksums(target) == saved  # every table, roll-ups included
    assert (
        restored_media / "festivals" / "2022" / "khai-mac.jpg"
    ).read_bytes() == b"\xff\xd8anh ngay hoi"

    # Wipe: figures deleted and changed in the restored database, then restore again over them.
    with (
        psycopg2.connect(
            dbname=target["NAME"],
            host=target["HOST"] or None,
            port=target["PORT"] or None,
            user=target["USER"] or None,
        ) as conn,
        conn.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM movement_indicatorvalue")
        cursor.execute("UPDATE movement_unit SET name = 'Đã xóa'")
    conn.close()
    assert backups.table_checksums(target) != saved
    call_command(
        "restore_portal",
        str(tmp_path / "sao-luu"),
        "--database-url",
        url(target),
        "--media-root",
        str(restored_media),
        stdout=io.StringIO(),
    )
    assert backups.table_checksums(target) == saved


def test_a_restore_that_does_not_match_is_refused(tmp_path, settings, target):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("backup_portal", "--out", str(tmp_path / "b"), stdout=io.StringIO())
    manifest = tmp_path / "b" / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"rows": ', '"rows": 1', 1))
    with pytest.raises(CommandError, match="khác bản sao lưu"):
        call_command(
            "restore_portal",
            str(tmp_path / "b"),
            "--database-url",
            url(target),
            "--media-root",
            str(tmp_path / "m"),
            stdout=io.StringIO(),
        )
