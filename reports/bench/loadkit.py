"""The load test's machinery: a small asyncio HTTP/1.1 client, the tally of its figures, and
the gunicorn server it runs against (``reports.bench.load`` holds the users and the mixes)."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import math
import os
import signal
import socket
import subprocess
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings

# --- A small HTTP/1.1 client ----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """One user's connection and cookies (session, CSRF), like a browser tab."""

    def __init__(self, port: int, session: str | None) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        if session:
            self.cookies[settings.SESSION_COOKIE_NAME] = session
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None, timeout: float = 30
    ) -> Response:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                return await asyncio.wait_for(self._exchange(method, path, form), timeout)
            except (ConnectionError, asyncio.IncompleteReadError) as error:
                await self.close()  # the server closed a kept-alive connection: once more
                if attempt == 2:
                    raise error
            except TimeoutError:
                await self.close()
                raise
        raise AssertionError("unreachable")

    async def _exchange(self, method: str, path: str, form: dict[str, str] | None) -> Response:
        body = urlencode(form).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "Accept: text/html,*/*",
            "Accept-Encoding: gzip",
            "Connection: keep-alive",
        ]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Referer: http://127.0.0.1:{self.port}{path}",
                f"Origin: http://127.0.0.1:{self.port}",
            ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, val = cookie.partition("=")
                if val and "max-age=0" not in value.lower():
                    self.cookies[key.strip()] = val.strip()
            headers[name] = value
        if headers.get("transfer-encoding", "").lower() == "chunked":
            data = bytearray()
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                data += await self.reader.readexactly(size)
                await self.reader.readexactly(2)
            raw = bytes(data)
        elif "content-length" in headers:
            raw = await self.reader.readexactly(int(headers["content-length"]))
        else:
            raw = await self.reader.read()
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        if headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else zlib.decompress(raw)
        return Response(status, headers, raw)


# --- Figures --------------------------------------------------------------------------------------


@dataclass
class Tally:
    started: float = field(default_factory=time.perf_counter)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    async def timed(
        self,
        kind: str,
        browser: Browser,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        ok: Callable[[Response], bool] = lambda r: r.status == 200,
    ) -> Response | None:
        began = time.perf_counter()
        try:
            response = await browser.request(method, path, form)
        except Exception as error:  # noqa: BLE001 - every failure is a figure of the run
            self.times[kind].append((time.perf_counter() - began) * 1000)
            self.errors[kind].append(f"{type(error).__name__}: {error}"[:200])
            return None
        self.times[kind].append((time.perf_counter() - began) * 1000)
        if not ok(response):
            self.errors[kind].append(f"HTTP {response.status} {path}"[:200])
        return response

    def summary(self) -> dict:
        seconds = time.perf_counter() - self.started
        kinds = {}
        every: list[float] = []
        for kind, times in sorted(self.times.items()):
            every += times
            kinds[kind] = {
                "requests": len(times),
                "per_second": round(len(times) / seconds, 1),
                "errors": len(self.errors.get(kind, [])),
                **_percentiles(times),
            }
            if self.errors.get(kind):
                kinds[kind]["first_errors"] = sorted(set(self.errors[kind]))[:3]
        return {
            "seconds": round(seconds, 1),
            "requests": len(every),
            "requests_per_second": round(len(every) / seconds, 1),
            "errors": sum(len(e) for e in self.errors.values()),
            **_percentiles(every),
            "by_kind": kinds,
        }


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))], 1)

    return {"p50_ms": rank(0.5), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}


# --- The server -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving ``code`` (a checkout) on 127.0.0.1, DEBUG off, this database."""

    def __init__(self, code: Path, args: list[str], env: dict[str, str]) -> None:
        self.code, self.args, self.env = code, args, env
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        conf = self.code / "config" / "gunicorn.conf.py"
        command = [str(gunicorn), "config.wsgi", "-b", f"127.0.0.1:{self.port}"]
        if conf.exists() and not any(a.startswith("-c") for a in self.args):
            command[1:1] = ["-c", str(conf)]
        command += self.args
        env = {
            **os.environ,
            "DEBUG": "false",
            # The sessions made here are signed with this process's key: the server shares it.
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "DATABASE_URL": _database_url(),
            "PYTHONPATH": str(self.code),
            **self.env,
        }
        # DEBUG off serves hashed static files from a manifest: collected once per served code.
        env["STATIC_ROOT"] = str(
            Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-static-{abs(hash(str(self.code)))}"
        )
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=self.code,
            env=env,
            check=True,
        )
        self.log = open(
            Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-gunicorn-{self.port}.log", "w"
        )
        self.process = subprocess.Popen(
            command, cwd=self.code, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                    sock.sendall(b"GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    if b" 200 " in sock.recv(100):
                        time.sleep(1.5)  # the other workers finish starting
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
