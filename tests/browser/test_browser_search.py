"""Chinese search as staff use it: typed into the header box of the served site in Chromium,
which downloads the search data in pieces (showcase/search_shards.py) rather than one index."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from showcase.search import shards as search_shards
from tests.browser.chromium_support import LAPTOP, PHONE, foreign, overflow, search

# query → the page that must come first, what kind of entity it is, and its court
FIRST_HITS = [
    ("浔州枫桥", "brands/xunzhou-fengqiao/", "品牌", "桂平法院"),
    ("浔法讲堂", "carriers/xunfa-lecture/", "载体", "桂平法院"),
    ("温情调解", "projects/jintian-family-mediation/", "项目", "桂平法院"),
    ("诉源治理", "projects/madong-source-governance/", "项目", "桂平法院"),
    ("唐胜伟", "people/tang-shengwei/", "人物", "桂平法院"),
    ("护薪行动", "projects/wage-enforcement/", "项目", "青山法院"),
    ("温情调解和美家事", "projects/jintian-family-mediation/", "项目", "桂平法院"),
    ("桂平法院", "courts/guiping/", "法院", None),  # a court's short name finds the court itself
]


@pytest.fixture(scope="module")
def home(chromium: Any, site_url: str) -> Any:
    """One page for all queries: the search worker loads the index once, as for a real reader."""
    context = chromium.new_context(viewport=LAPTOP, locale="zh-CN")
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.goto(site_url)
    yield page
    context.close()


@pytest.mark.parametrize(("query", "first", "kind", "court"), FIRST_HITS, ids=[q for q, *_ in FIRST_HITS])
def test_the_right_page_comes_first(home: Any, site_url: str, query: str, first: str, kind: str, court: str) -> None:
    hits = search(home, query)
    top = [(h.path(site_url), h.kind, h.court) for h in hits[:3]]
    assert hits, f"“{query}”没有搜到任何结果"
    assert hits[0].path(site_url) == first, f"“{query}”的前三条：{top}"
    assert (hits[0].kind, hits[0].court) == (kind, court), top


def test_hits_say_what_they_are_and_where(home: Any, site_url: str) -> None:
    """The entity page first, the case write-up about it next, each labelled with kind and court."""
    hits = search(home, "浔法讲堂")
    assert [(h.path(site_url), h.chips[:2]) for h in hits[:2]] == [
        ("carriers/xunfa-lecture/", ["载体", "桂平法院"]),
        ("cases/guiping/xunfa-lecture/", ["案例", "桂平法院"]),
    ]
    # The chips are on screen, not only in the DOM.
    chips = home.locator(".md-search-result__list > li").first.locator(".md-tag")
    assert chips.first.is_visible() and chips.first.inner_text().replace("\u2060", "").strip() == "载体"


def test_labels_are_not_search_terms(home: Any) -> None:
    """Typing a kind or court finds pages about it, not every page carrying that chip."""
    hits = search(home, "人物")
    assert hits
    assert sum(1 for h in hits if h.kind == "人物") < len(hits), [h.title for h in hits]


def test_a_name_found_from_a_phone(open_page: Any, site_url: str) -> None:
    page = open_page(PHONE)
    page.goto(site_url)
    hits = search(page, "唐胜伟")
    assert hits[0].path(site_url) == "people/tang-shengwei/"
    width, viewport, wide = overflow(page)
    assert width <= viewport, f"搜索结果在 375px 手机上横向溢出：{width}px，{wide}"
    page.locator(".md-search-result__list > li a").first.click()
    page.wait_for_url("**/people/tang-shengwei/**")
    assert page.locator("h1").inner_text().strip() == "唐胜伟"
    assert foreign(page.requests, site_url) == []


def test_searching_stays_on_the_intranet(home: Any, site_url: str) -> None:
    """Every query above ran in this page; none of it, nor loading the index, left the origin."""
    search(home, "比学赶超")
    assert any(url.endswith("search/search_index.json") for url in home.requests)
    assert any("workers/showcase-search.js" in url for url in home.requests)
    assert any("/search/shards/" in url for url in home.requests), "搜索没有走分片：页面仍在下载整份索引？"
    assert foreign(home.requests, site_url) == []


def _numbers(requests: list[str], folder: str) -> set[int]:
    """Numbers of the search/<folder>/<n>.json files a page asked for."""
    found = set()
    for url in requests:
        match = re.fullmatch(rf".*/search/{folder}/(\d+)\.json", urlsplit(url).path)
        if match:
            found.add(int(match.group(1)))
    return found


def test_search_data_comes_in_pieces(open_page: Any, site_url: str, fixture_site: Any) -> None:
    """A fresh page: a small manifest, the shards of the characters typed, and the documents of
    pages holding the words — never one of a page that does not match, nor the whole index."""
    folder = Path(fixture_site.site) / "search"
    split = search_shards.read_split(folder)
    page = open_page()
    page.goto(site_url)
    hits = search(page, "唐胜伟")
    assert hits[0].path(site_url) == "people/tang-shengwei/"
    assert (folder / "search_index.json").stat().st_size < 1000 and split.manifest["docs"] == []
    assert _numbers(page.requests, "shards") == {search_shards.shard_of(char, split.count) for char in "唐胜伟"}
    docs = _numbers(page.requests, "docs")
    matching = set(search_shards.pages_with(split, "唐胜伟"))
    assert docs and docs <= matching, f"下载了不含“唐胜伟”的页面：{sorted(docs - matching)}"
    assert len(docs) < len(split.pages) / 2
    shown = {search_shards.page_of(h.path(site_url)) for h in hits}
    assert shown <= {split.pages[n][0]["location"] for n in docs}
    assert page.errors == []
