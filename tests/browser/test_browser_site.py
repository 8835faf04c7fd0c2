"""The served site in Chromium: intranet only, a reader's click path, axe-core, and layout on a
laptop (1280 px) and a phone (375 px), with screenshots kept for a person to look at."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.chromium_support import LAPTOP, PHONE, describe, foreign, overflow, run_axe, search, serious

# The pages axe and the layout checks cover: home, a brand, a case, a project, a person, a court.
PAGES = {
    "home": "",
    "brand": "brands/xunzhou-fengqiao/",
    "case": "cases/guiping/xunzhou-fengqiao-tribunal/",
    "project": "projects/jintian-family-mediation/",
    "person": "people/tang-shengwei/",
    "court": "courts/guiping/",
}
VIEWPORTS = {"1280": LAPTOP, "375": PHONE}


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: SHOWCASE_SCREENSHOTS if set (to keep them), else a temporary folder."""
    kept = os.environ.get("SHOWCASE_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_reader_clicks_from_home_to_a_tribunal_project(open_page: Any, site_url: str) -> None:
    page = open_page()
    page.goto(site_url)
    page.locator(".md-content").get_by_role("link", name="党旗引领·浔州枫桥").first.click()
    page.wait_for_url("**/brands/xunzhou-fengqiao/")
    assert "浔州枫桥" in page.locator("h1").inner_text()
    page.locator(".md-content").get_by_role("link", name="金田法庭【温情调解 和美家事】").first.click()
    page.wait_for_url("**/projects/jintian-family-mediation/")
    assert page.locator("h1").inner_text().strip() == "金田法庭【温情调解 和美家事】"
    assert "一庭一品一策" in page.locator(".md-content").inner_text()
    assert page.errors == []
    assert foreign(page.requests, site_url) == []


def test_no_request_leaves_the_intranet(open_page: Any, site_url: str) -> None:
    """Every page kind, images and scripts included, plus a search: all from the site's origin."""
    page = open_page()
    for path in [*PAGES.values(), "courts/", "honors/", "compare/guiping/", "years/2023/", "themes/", "updates/"]:
        page.goto(site_url + path)
    search(page, "浔州枫桥")
    page.wait_for_load_state("networkidle")
    assert len(page.requests) > 20
    assert foreign(page.requests, site_url) == [], "页面向站外发出了请求"
    assert page.errors == []


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_fit_the_screen_and_pass_axe(
    open_page: Any, site_url: str, screenshots: Path, name: str, width: str
) -> None:
    page = open_page(VIEWPORTS[width])
    page.goto(site_url + PAGES[name])
    page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    scroll, viewport, wide = overflow(page)
    assert scroll <= viewport, f"/{PAGES[name]} 在 {width}px 宽时横向溢出：{scroll}px，{wide}"
    problems = serious(run_axe(page))
    assert problems == [], f"/{PAGES[name]} 在 {width}px 宽时 axe 报告严重问题：\n{describe(problems)}"


@pytest.mark.parametrize("width", VIEWPORTS)
def test_search_results_fit_the_screen_and_pass_axe(
    open_page: Any, site_url: str, screenshots: Path, width: str
) -> None:
    page = open_page(VIEWPORTS[width])
    page.goto(site_url)
    hits = search(page, "温情调解")
    assert hits
    scroll, viewport, wide = overflow(page)
    page.screenshot(path=str(screenshots / f"search-{width}.png"))
    assert scroll <= viewport, f"搜索结果在 {width}px 宽时横向溢出：{scroll}px，{wide}"
    problems = serious(run_axe(page))
    assert problems == [], f"搜索结果在 {width}px 宽时 axe 报告严重问题：\n{describe(problems)}"
