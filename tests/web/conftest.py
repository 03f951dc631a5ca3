"""The web page's fixtures: the corpus index, the app, a live server and Debian's Chromium.

The live server is ``uvicorn --factory policyintel.api.app:app_from_env`` in a subprocess on a
free loopback port, as ``policyintel serve`` starts it. The browser is the system Chromium
(Debian's ``chromium`` package, installed by ``make test``) driven by Playwright through
``executable_path``: no browser is ever downloaded. Without it the browser tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from policyintel.index.build import build

API_KEY = "web-test-key"
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
# Chromium's own network (updates, sync, field trials) is refused on this machine: keep it off.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "corpus.db"
    report = build(db=path, jobs=2)
    assert not report.failed, report.failed
    return path


@pytest.fixture(scope="session")
def client(web_db):
    from fastapi.testclient import TestClient
    from policyintel.api.app import create_app

    with TestClient(create_app(web_db, api_key=API_KEY)) as c:
        yield c


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(web_db, tmp_path_factory):
    """Base URL of the app served by uvicorn in a subprocess (stopped after the session)."""
    port = _free_port()
    env = {**os.environ, "POLICYINTEL_DB": str(web_db), "POLICYINTEL_API_KEY": API_KEY}
    log = (tmp_path_factory.mktemp("server") / "uvicorn.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "policyintel.api.app:app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"the server exited ({proc.returncode}):\n{log.read()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer /api/v1/health within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def chromium_path() -> str | None:
    """Debian's Chromium ($POLICYINTEL_CHROMIUM overrides), or None when it is not installed."""
    env = os.environ.get("POLICYINTEL_CHROMIUM")
    if env:
        return env if os.access(env, os.X_OK) else None
    return shutil.which("chromium") or next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.access(p, os.X_OK)),
        None)


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install -e '.[dev]'")
    exe = chromium_path()
    if exe is None:
        pytest.skip("Chromium is not installed (apt-get install chromium; `make test` does it)")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport=LAPTOP, locale="zh-CN",
                                  accept_downloads=True)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture(scope="session")
def shoot():
    """``shoot(page, name)``: screenshots of what the page shows at laptop and phone sizes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> list[Path]:
        paths = []
        for size in (LAPTOP, PHONE):
            page.set_viewport_size(size)
            page.evaluate("() => { const at = document.getElementById('at');"
                          " if (at) at.scrollIntoView({block: 'center'}); }")
            path = SCREENSHOTS / f"{name}-{size['width']}x{size['height']}.png"
            page.screenshot(path=str(path))
            paths.append(path)
        page.set_viewport_size(LAPTOP)
        return paths

    return take
