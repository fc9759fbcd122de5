"""Browser tests: Playwright for Python driving Debian's chromium against a live server.

No tool downloads its own browser. Without /usr/bin/chromium the tests skip with a
clear message on a developer machine, and fail under CI=true (CI must have a browser).

Each browser test runs on a transactional database (the live server runs in another
thread, and on PostgreSQL in another connection), reloads the demo data at its start,
and pytest-django orders these tests after the others (their flush would empty the
database under them).
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DEMO_PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.e2e


def _browser_missing_message() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"Không tìm thấy chromium ({CHROMIUM}); cài gói Debian 'chromium'."
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Chưa cài playwright (pip install '.[test]')."
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    missing = _browser_missing_message()
    if missing:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"Kiểm thử trình duyệt bắt buộc trên CI: {missing}")
        pytest.skip(missing)
    # Playwright's sync API refuses to run inside a running asyncio loop; Django's
    # async-unsafe check would also trip on the test thread without this.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def reload_demo_data() -> None:
    """Transactional tests end with a flush, which also empties the catalogue that a
    data migration put in; put it back (the migration's own function), then the demo."""
    from django.apps import apps

    from movement.models import Unit

    if not Unit.objects.filter(code="VN").exists():
        importlib.import_module("movement.migrations.0002_catalogue").forwards(apps, None)
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live server's base URL, with the demo data loaded."""
    reload_demo_data()
    return live_server.url


@pytest.fixture
def page_for(browser, site):
    """Open a signed-in page: ``page_for("ca.haihoa", width=360)``."""
    contexts = []

    def open_page(username: str | None = None, *, width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="vi-VN", base_url=site
        )
        contexts.append(context)
        page = context.new_page()
        if username:
            page.goto("/dang-nhap/")
            page.get_by_label("Tên đăng nhập").fill(username)
            page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_url(lambda url: "/dang-nhap/" not in url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def assert_accessible(page) -> None:
    """axe-core (bundled with axe-playwright-python): no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not bad, "Vi phạm trợ năng trên " + page.url + ":\n" + "\n".join(bad)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots/ for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
