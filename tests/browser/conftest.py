"""Browser fixtures: the site of tests/fixtures/site (built once per session by tests/conftest.py)
served on 127.0.0.1, Debian's Chromium driven by Playwright, and every request a page makes recorded.

These tests never skip. Without /usr/bin/chromium they fail and say how to install it; the
Playwright-downloaded browsers are never used (`playwright install` is not part of the setup).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.search_probe import serve
from tests.browser.chromium_support import CHROMIUM, CHROMIUM_ARGS, LAPTOP, REPO


@pytest.fixture(scope="session")
def site_url(fixture_site: Any) -> Iterator[str]:
    """The built fixture site on a free port of 127.0.0.1, like the intranet web server."""
    with serve(fixture_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, headless. Module scope: Playwright's sync API allows one instance at a time."""
    if not CHROMIUM.exists():
        pytest.fail(
            (
                f"找不到 {CHROMIUM}：浏览器测试必须在真实的 Chromium 中运行，不能跳过。请运行 bash "
                "scripts/install-system-deps.sh 安装 Debian 的 chromium 软件包（不要运行 playwright install）。"
            ),
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[..., Any]]:
    """open_page(viewport=LAPTOP) → a new page whose `.requests` lists every URL it asked for.

    Requests to other origins are recorded and then refused, so a test never waits on the
    network and a leak shows up in `.requests` instead of as a timeout."""
    contexts: list[Any] = []

    def make(viewport: dict[str, int] = LAPTOP, allow: str = "http://127.0.0.1:") -> Any:
        context = chromium.new_context(viewport=viewport, locale="zh-CN", service_workers="block")
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.errors = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith((allow, "data:", "blob:")):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", route)
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def offline_copy(fixture_site: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`python scripts/showcase.py offline --out …zip` in the fixture site's project, run as a user
    runs it, then unzipped."""
    folder = tmp_path_factory.mktemp("offline")
    archive = folder / "showcase.zip"
    command = [
        sys.executable,
        str(REPO / "scripts" / "showcase.py"),
        "--root",
        str(fixture_site.root),
        "offline",
        "--out",
        str(archive),
    ]
    result = subprocess.run(command, cwd=fixture_site.root, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已生成离线版" in result.stdout, result.stdout
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder / "unzipped")
    return folder / "unzipped" / "showcase-offline"
