"""Search as a reader meets it: how long after typing the first hit shows, and how much search
data the browser downloads before it — measured in Debian's headless Chromium on a built site.

At a hundred courts Material's single search index is ~50 MB, so "search works" is not enough:
the bench (showcase/bench.py) reports these figures for every corpus size, and the browser tests
(tests/browser/chromium_support.py) type into the search box with the same JavaScript, so a test
and a measurement drive search the same way.

`probe(site_dir, queries)` serves `site_dir` on 127.0.0.1 and, for each query:

- cold: a new browser context (empty cache), the home page, and the query typed right after the
  page's `load` event — not after the search worker is ready, since a reader does not wait for
  it either; then the milliseconds from the keystroke (as the page receives it) until the first
  hit is on screen, that hit's address and
  title, and every response under `search/` and `assets/javascripts/workers/` that arrived
  before it, raw and gzip-compressed (level 6, as an intranet web server would send it);
- warm: one page shared by all queries, after an earlier search has finished there, the
  milliseconds from typing to the first hit.

Nothing here imports pytest or MkDocs.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM = Path(os.environ.get("SHOWCASE_CHROMIUM", "/usr/bin/chromium"))
# Background networking off: this machine has no internet and Chromium would try Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--no-first-run",
    "--disable-sync",
]
LAPTOP = {"width": 1280, "height": 900}

SEARCH_DATA = ("search/", "assets/javascripts/workers/")
"""What counts as search data: the index (or its manifest, shards and documents) and the worker scripts."""
GZIP_LEVEL = 6  # what nginx and Apache use by default
WARM_UP_QUERY = "法院"  # searched first on the shared page, so the warm figures start from a ready worker
TIMEOUT_S = 300.0  # the monolithic index of a hundred courts takes tens of seconds

# Counts changes to Material's result list, so a search waits for its own results, not the last ones.
WATCH_RESULTS = """() => {
  window.__showcaseRenders = 0
  if (!window.__showcaseObserver) {
    window.__showcaseObserver = new MutationObserver(() => window.__showcaseRenders++)
    window.__showcaseObserver.observe(document.querySelector(".md-search-result__list"), { childList: true })
  }
}"""
# Notes when hits are first put into the list (performance.now()), for timing, and when the query
# reached the box (its first input or key event: Material searches on either): the clock starts
# there, as it does for a reader, not when Playwright begins its round trips to type (100-400 ms).
WATCH_FIRST_HIT = """() => {
  window.__showcaseFirstHit = null
  window.__showcaseTyped = null
  const box = document.querySelector("input.md-search__input")
  if (!window.__showcaseTypeWatch) {
    window.__showcaseTypeWatch = true
    const typed = () => { if (window.__showcaseTyped === null) window.__showcaseTyped = performance.now() }
    box.addEventListener("input", typed, true)
    box.addEventListener("keydown", typed, true)
  }
  const list = document.querySelector(".md-search-result__list")
  const observer = new MutationObserver(records => {
    if (records.some(record => record.addedNodes.length)) {
      window.__showcaseFirstHit = performance.now()
      observer.disconnect()
    }
  })
  observer.observe(list, { childList: true })
  return performance.now()
}"""
READ_HITS = """items => items.map(item => {
  const link = item.querySelector("a.md-search-result__link")
  const article = link.querySelector("article")
  return {
    url: link.href,
    title: article.querySelector("h1, h2").textContent,
    chips: [...article.querySelectorAll(".md-tag")].map(tag => tag.textContent),
    score: Number(article.dataset.mdScore),
  }
})"""


@dataclass(frozen=True)
class Download:
    path: str  # relative to the site root, e.g. search/shards/17.json
    raw: int  # bytes of the file
    gzip: int  # bytes after gzip level 6


@dataclass(frozen=True)
class ProbeResult:
    query: str
    first_path: str | None  # the first hit's address relative to the site root, e.g. brands/x/
    first_title: str | None
    cold_ms: float | None  # typing → first hit on screen, fresh page; None when nothing was found in time
    warm_ms: float | None  # the same on a page that has searched before
    downloads: tuple[Download, ...]  # search data received before the first hit (cold)

    @property
    def raw_bytes(self) -> int:
        return sum(d.raw for d in self.downloads)

    @property
    def gzip_bytes(self) -> int:
        return sum(d.gzip for d in self.downloads)


# ---------------------------------------------------------------------------- typing and reading hits


def type_query(page: Any, query: str) -> None:
    """Type into the header search box as a person would (on phones it opens from the magnifier)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box.fill(query)
    box.press("End")  # Material reads the box on keyup; fill() alone sends no key events


def read_hits(page: Any) -> list[dict[str, Any]]:
    """The hits on screen, in order: url (with Material's ?h= highlight), title, chips, score."""
    return page.locator(".md-search-result__list > li").evaluate_all(READ_HITS)


def visible_text(text: str) -> str:
    """Text as a reader sees it: without the zero-width space and word joiner search inserts."""
    return text.replace("\u200b", "").replace("\u2060", "").strip()


def strip_highlight(url: str) -> str:
    return url.split("?", 1)[0]


# ---------------------------------------------------------------------------- serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as nginx or Apache serve: one connection, many small files
    disable_nagle_algorithm = True  # headers and body go out in separate writes; don't hold the second back

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """`site_dir` over HTTP on a free port of 127.0.0.1; yields the site's base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------------------- measuring


def probe(
    site_dir: Path, queries: Sequence[str], chromium: Path = CHROMIUM, timeout_s: float = TIMEOUT_S
) -> list[ProbeResult]:
    """Cold and warm search figures for each query on the built site in `site_dir`."""

    if not chromium.exists():
        raise FileNotFoundError(f"找不到 {chromium}：请安装 Debian 的 chromium 软件包")
    site_dir = Path(site_dir)
    with serve(site_dir) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            cold = [_cold(browser, site_dir, base, query, timeout_s) for query in queries]
            warm = _warm(browser, base, queries, timeout_s)
        finally:
            browser.close()
    return [
        ProbeResult(query, first, title, ms, warm_ms, downloads)
        for (query, first, title, ms, downloads), warm_ms in zip(cold, warm, strict=True)
    ]


def _cold(
    browser: Any, site_dir: Path, base: str, query: str, timeout_s: float
) -> tuple[str, str | None, str | None, float | None, tuple[Download, ...]]:
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        finished: list[Any] = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(base, wait_until="load")
        ms = _timed_search(page, query, timeout_s)
        if ms is None:
            return query, None, None, None, ()
        hit_at = page.evaluate("() => performance.timeOrigin + window.__showcaseFirstHit")
        page.wait_for_timeout(200)  # let Playwright deliver the events of requests that ended before the hit
        hits = read_hits(page)
        first = hits[0] if hits else None
        downloads = tuple(
            _download(site_dir, base, request)
            for request in finished
            if _before(request, hit_at) and _is_search_data(base, request.url)
        )
        path = _relative(base, strip_highlight(first["url"])) if first else None
        return query, path, visible_text(first["title"]) if first else None, ms, downloads
    finally:
        context.close()


def _warm(browser: Any, base: str, queries: Sequence[str], timeout_s: float) -> list[float | None]:
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN", service_workers="block")
    try:
        page = context.new_page()
        page.goto(base, wait_until="load")
        _timed_search(page, WARM_UP_QUERY, timeout_s)
        timings = []
        for query in queries:
            page.wait_for_timeout(300)  # Material appends hits beyond the tenth in later frames
            timings.append(_timed_search(page, query, timeout_s))
        return timings
    finally:
        context.close()


def _timed_search(page: Any, query: str, timeout_s: float) -> float | None:
    """Type `query`; milliseconds from the keystroke to hits on screen, or None if none came in time."""

    page.evaluate(WATCH_FIRST_HIT)
    type_query(page, query)
    try:
        page.wait_for_function("() => window.__showcaseFirstHit !== null", timeout=timeout_s * 1000, polling=10)
    except PlaywrightTimeout:
        return None
    elapsed: float = page.evaluate("() => window.__showcaseFirstHit - window.__showcaseTyped")
    return elapsed


def _before(request: Any, hit_at: float) -> bool:
    timing = request.timing
    end = timing.get("responseEnd", -1)
    finished_at = timing["startTime"] + (end if end >= 0 else 0)
    return finished_at <= hit_at


def _is_search_data(base: str, url: str) -> bool:
    return url.startswith(base) and _relative(base, url).startswith(SEARCH_DATA)


def _relative(base: str, url: str) -> str:
    return unquote(urlsplit(url).path)[len(urlsplit(base).path) :]


def _download(site_dir: Path, base: str, request: Any) -> Download:
    """Sizes of the file a response carried, read from the site on disk (the server sends it as is)."""
    path = _relative(base, request.url)
    file = site_dir / path
    if file.is_dir():
        file = file / "index.html"
    body = file.read_bytes()
    return Download(path, len(body), len(gzip.compress(body, GZIP_LEVEL)))


def measure(site_dir: Path, queries: Sequence[str]) -> str:
    """A plain-text table of `probe` results, for reading in a terminal."""
    started = time.perf_counter()
    results = probe(site_dir, queries)
    lines = [
        f"{site_dir}  ({time.perf_counter() - started:.0f} s)",
        "query | first hit | cold ms | warm ms | raw bytes | gzip bytes | files",
    ]
    for r in results:
        cold = f"{r.cold_ms:.0f}" if r.cold_ms is not None else "-"
        warm = f"{r.warm_ms:.0f}" if r.warm_ms is not None else "-"
        lines.append(
            f"{r.query} | {r.first_path} | {cold} | {warm} | {r.raw_bytes} | {r.gzip_bytes} | {len(r.downloads)}"
        )
    return "\n".join(lines)
