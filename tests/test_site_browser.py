"""The built sample in a real browser: 375 px phones and A4 print (Debian's /usr/bin/chromium)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright
import pytest
from conftest import Built

from tests.browser.chromium_support import CHROMIUM, CHROMIUM_ARGS

PHONE_PAGES = [
    "",
    "courts/",
    "courts/guiping/",
    "brands/xunzhou-fengqiao/",
    "projects/jintian-family-mediation/",
    "compare/guiping/",
    "honors/",
    "years/2023/",
    "updates/",
    "people/",
    "cases/guiping/xunzhou-fengqiao-tribunal/",
]


@pytest.fixture(scope="module")
def base_url(sample_site: Built) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(sample_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # Browser tests must run, never skip: a missing Chromium is a failure with a hint.
    assert CHROMIUM.exists(), f"找不到 {CHROMIUM}：运行 bash scripts/install-system-deps.sh 安装 chromium"
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_no_horizontal_overflow_on_a_375px_phone(browser: object, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    for path in PHONE_PAGES:
        page.goto(base_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"/{path} is {width}px wide"
    page.close()


def test_brand_prints_on_a4_without_navigation(browser: object, base_url: str, tmp_path: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(base_url + "brands/xunzhou-fengqiao/")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.sc-crumbs']
           .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none').length"""
    )
    assert hidden == 0
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 5, pages
    page.close()
