"""The offline copy, unzipped and opened from disk (file://) in Chromium with no server: pages,
links and search all work, and nothing is fetched from anywhere."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from showcase.publishing.offline import FOLDER, check_offline_site
from showcase.search import shards as search_shards
from tests.browser.chromium_support import PHONE, foreign, search


def test_the_zip_holds_a_complete_site_that_passes_its_own_checks(offline_copy: Path) -> None:
    assert offline_copy.name == FOLDER
    assert (offline_copy / "README.txt").read_text(encoding="utf-8-sig").startswith("党建品牌矩阵展示 · 离线版")
    assert (offline_copy / "index.html").is_file()
    assert (offline_copy / "brands" / "xunzhou-fengqiao" / "index.html").is_file()
    assert (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    # file:// pages may not fetch, so the copy keeps the single index instead of shards and page files.
    assert (
        not (offline_copy / "search" / search_shards.SHARD_DIR).exists()
        and not (offline_copy / "search" / search_shards.DOCS_DIR).exists()
    )
    assert len(json.loads((offline_copy / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]) > 100
    assert not list(offline_copy.rglob("*.map")) and not (offline_copy / "404.html").exists()
    assert check_offline_site(offline_copy) == []


def test_search_works_from_disk_and_leads_to_the_page(open_page: Any, offline_copy: Path) -> None:
    page = open_page(allow="file://")
    home = (offline_copy / "index.html").as_uri()
    page.goto(home)
    base = home[: -len("index.html")]
    hits = search(page, "浔州枫桥")
    assert hits, "离线版搜索没有结果"
    assert [h.path(base) for h in hits[:2]] == [
        "brands/xunzhou-fengqiao/index.html",
        "cases/guiping/xunzhou-fengqiao-tribunal.html",
    ]
    assert hits[0].chips[:2] == ["品牌", "桂平法院"]
    assert search(page, "唐胜伟")[0].path(base) == "people/tang-shengwei/index.html"
    page.locator(".md-search-result__list > li a").first.click()
    page.wait_for_url("**/people/tang-shengwei/index.html**")
    assert page.locator("h1").inner_text().strip() == "唐胜伟"
    assert page.errors == []
    assert foreign(page.requests, "file://") == [], "离线版向外发出了请求"


def test_links_open_pages_not_folders(open_page: Any, offline_copy: Path) -> None:
    page = open_page(PHONE, allow="file://")
    page.goto((offline_copy / "index.html").as_uri())
    page.locator(".md-content").get_by_role("link", name="金田法庭【温情调解 和美家事】").first.click()
    page.wait_for_url("**/projects/jintian-family-mediation/index.html")
    assert page.locator("h1").inner_text().strip() == "金田法庭【温情调解 和美家事】"
    # The logo and the stylesheet came from the copy itself.
    assert any(url.endswith(".svg") for url in page.requests)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert foreign(page.requests, "file://") == []


def test_a_broken_copy_is_refused(tmp_path: Path) -> None:
    """What the offline command checks before it writes the zip."""
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.js").write_text("var __index = {}")
    (tmp_path / "brands").mkdir()
    (tmp_path / "index.html").write_text(
        (
            '<a href="brands/">品牌</a><a href="https://example.org/">外链</a><img src="/logo.png"><script '
            'src="https://cdn.example.org/x.js"></script><a href="missing.html">缺</a><a href="#top">顶部</a>'
        ),
        encoding="utf-8",
    )
    problems = check_offline_site(tmp_path)
    assert len(problems) == 4, problems
    assert any("指向文件夹" in p and "brands/" in p for p in problems)
    assert any("以 / 开头" in p for p in problems)
    assert any("从外部加载" in p and "cdn.example.org" in p for p in problems)
    assert any("不存在" in p and "missing.html" in p for p in problems)
