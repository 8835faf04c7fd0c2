"""The 量化考核 pages and a brand page with its grade, trend and plan progress, in Chromium at
1280 px and 375 px: no horizontal overflow, axe-core finds nothing serious, a reader gets from the
leaderboard to a brand's breakdown and on to its evidence. Screenshots are kept for a person to
look at. The site is tests/fixtures/assessment, built for the intranet."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.search_probe import serve
from tests.browser.chromium_support import LAPTOP, PHONE, describe, overflow, run_axe, serious
from tests.conftest import make_site_project, run_build

PAGES = {"assessment": "assessment/2023/", "assessment-index": "assessment/", "brand-plan": "brands/alpha/"}
VIEWPORTS = {"1280": LAPTOP, "375": PHONE}


@pytest.fixture(scope="module")
def assessed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_site_project(tmp_path_factory.mktemp("assessed") / "project", "assessment")
    built = run_build(root, "--strict", env={"SHOWCASE_AUDIENCE": "internal"})
    assert built.returncode == 0, built.output
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: SHOWCASE_SCREENSHOTS if set (to keep them), else a temporary folder."""
    kept = os.environ.get("SHOWCASE_SCREENSHOTS")
    folder = Path(kept) if kept else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_assessment_pages_fit_the_screen_and_pass_axe(
    open_page: Any, assessed_url: str, screenshots: Path, name: str, width: str
) -> None:
    page = open_page(VIEWPORTS[width])
    page.goto(assessed_url + PAGES[name])
    page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
    scroll, viewport, wide = overflow(page)
    assert scroll <= viewport, f"/{PAGES[name]} 在 {width}px 宽时横向溢出：{scroll}px，{wide}"
    problems = serious(run_axe(page))
    assert problems == [], f"/{PAGES[name]} 在 {width}px 宽时 axe 报告严重问题：\n{describe(problems)}"
    assert page.errors == []


def test_a_reader_goes_from_the_leaderboard_to_the_evidence(open_page: Any, assessed_url: str) -> None:
    page = open_page()
    page.goto(assessed_url + "assessment/2023/")
    assert "2023 年度量化考核" in page.locator("h1").inner_text()
    page.locator("table.sc-assess").get_by_role("link", name="甲品牌").click()
    page.wait_for_url("**/assessment/2023/#brand-alpha")
    breakdown = page.locator("#brand-alpha + .sc-scroll")
    breakdown.get_by_role("link", name="案例《甲品牌的案例》").first.click()
    page.wait_for_url("**/cases/north/alpha-case/")
    assert page.errors == []
