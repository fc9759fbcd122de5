"""Backup and restore of the whole portal on PostgreSQL: the database (pg_dump) and the media.

A backup folder holds ``database.dump`` (pg_dump custom format), ``media.tar.gz`` (festival
photos) and ``manifest.json``: the row count and a checksum of every table and of the media,
so a restore is verified against what was saved (docs/deploy.md «Sao lưu và khôi phục»).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg2
from psycopg2 import sql

DUMP, MEDIA, MANIFEST = "database.dump", "media.tar.gz", "manifest.json"


class BackupError(Exception):
    """A step failed; the message says which, in Vietnamese."""


def _pg(config: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """pg_dump/pg_restore connection arguments and environment for a Django database config."""
    if "postgresql" not in config["ENGINE"]:
        raise BackupError(
            "Sao lưu bằng lệnh này cần PostgreSQL; với SQLite hãy chép tệp CSDL bằng "
            "«sqlite3 db.sqlite3 '.backup ban-sao.sqlite3'» cùng thư mục media."
        )
    args = ["--dbname", config["NAME"]]
    if config.get("HOST"):
        args += ["--host", config["HOST"]]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", config["USER"]]
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    return args, env


def config_from_url(url: str) -> dict[str, Any]:
    return dj_database_url.parse(url)


def connect(config: dict[str, Any]):
    return psycopg2.connect(
        dbname=config["NAME"],
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
    )


def table_checksums(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Row count and an order-independent md5 of every table of the public schema."""
    result = {}
    with connect(config) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' "
                    "ORDER BY md5(t::text))), '') FROM {} t"
                ).format(sql.Identifier(table))
            )
            rows, digest = cursor.fetchone()
            result[table] = {"rows": rows, "md5": digest}
    conn.close()
    return result


def media_checksum(root: Path) -> dict[str, Any]:
    digest, count = hashlib.sha256(), 0
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
            count += 1
    return {"files": count, "sha256": digest.hexdigest()}


def backup(*, config: dict[str, Any], media_root: Path, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    args, env = _pg(config)
    dump = subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(out / DUMP),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if dump.returncode != 0:
        raise BackupError(f"pg_dump thất bại: {dump.stderr.strip()}")
    with tarfile.open(out / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "database": config["NAME"],
        "tables": table_checksums(config),
        "media": media_checksum(media_root),
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def restore(*, config: dict[str, Any], media_root: Path, source: Path) -> list[str]:
    """Restore ``source`` over the database and the media; returns the differences (none = ok)."""
    manifest = json.loads((source / MANIFEST).read_text())
    args, env = _pg(config)
    result = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            str(source / DUMP),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore thất bại: {result.stderr.strip()}")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    return compare(manifest, table_checksums(config), media_checksum(media_root))


def compare(manifest: dict[str, Any], tables: dict[str, Any], media: dict[str, Any]) -> list[str]:
    problems = []
    for table, saved in manifest["tables"].items():
        now = tables.get(table)
        if now is None:
            problems.append(f"Bảng {table} không có sau khi khôi phục.")
        elif now != saved:
            problems.append(
                f"Bảng {table}: {saved['rows']} dòng khi sao lưu, {now['rows']} dòng bây giờ hoặc nội dung khác."
            )
    if media != manifest["media"]:
        problems.append(
            f"Thư mục media khác bản sao lưu ({manifest['media']['files']} tệp khi sao lưu, {media['files']} bây giờ)."
        )
    return problems
