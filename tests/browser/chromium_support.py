"""Helpers for driving the built site in Debian's Chromium: search as a person types, axe, layout.

The Chromium flags and the search-box JavaScript live in showcase/search_probe.py, which the bench
uses to time search; the tests drive search exactly as it is measured."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# One copy of the Chromium setup and of typing into search, shared with the search probe of the bench;
# CHROMIUM, CHROMIUM_ARGS and LAPTOP are re-exported for the browser fixtures and other tests.
from bench.search_probe import CHROMIUM as CHROMIUM
from bench.search_probe import CHROMIUM_ARGS as CHROMIUM_ARGS
from bench.search_probe import LAPTOP as LAPTOP
from bench.search_probe import WATCH_RESULTS, read_hits, strip_highlight, type_query, visible_text

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
NPM_HINT = "先在仓库根目录运行 npm ci（make test 会自动运行）"


@dataclass(frozen=True)
class Hit:
    url: str  # absolute, without Material's ?h= highlight parameter
    title: str
    chips: list[str]  # kind, court, then theme tags
    score: float

    @property
    def kind(self) -> str | None:
        return self.chips[0] if self.chips else None

    @property
    def court(self) -> str | None:
        return self.chips[1] if len(self.chips) > 1 else None

    def path(self, base: str) -> str:
        """The hit's URL relative to the site root, e.g. brands/xunzhou-fengqiao/."""
        return self.url[len(base) :] if self.url.startswith(base) else self.url


def search(page: Any, query: str, timeout: float = 15_000) -> list[Hit]:
    """Type `query` into the header search box as a person would and return the hits in order."""
    page.evaluate(WATCH_RESULTS)
    type_query(page, query)
    page.wait_for_function("() => window.__showcaseRenders > 0", timeout=timeout)
    return [
        Hit(strip_highlight(r["url"]), visible_text(r["title"]), [visible_text(c) for c in r["chips"]], r["score"])
        for r in read_hits(page)
    ]


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now (injected from node_modules, no network)."""
    if not AXE.is_file():
        raise AssertionError(f"缺少 {AXE.relative_to(REPO)}：{NPM_HINT}")
    # Evaluated through DevTools, not added as an inline <script>: the site's Content-Security-Policy
    # (showcase/site/csp.py) rightly refuses inline scripts it has no hash for.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async () => {
             const result = await axe.run(document, { resultTypes: ["violations"] })
             return result.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
             }))
           }"""
    )


def serious(violations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)


def overflow(page: Any) -> tuple[int, int, list[str]]:
    """(document width, viewport width, the elements sticking out) once CSS transitions are over:
    the page scrolls sideways when the first is larger. Material's search opens on a phone with a
    growing circle that is wider than the screen for a quarter of a second; that is not a layout.
    Material also locks the page (body[data-md-scrolllock], position: fixed) only 400 ms after the
    search opens on a phone, as long as that circle grows: on a busy machine the check can land
    between the two, so wait for the lock too (at most 2 s: a missing lock still fails)."""
    return tuple(
        page.evaluate(
            """async () => {
                 await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))
                 const phone = matchMedia("(max-width: 59.984375em)").matches
                 if (phone && document.querySelector("[data-md-toggle=search]")?.checked)
                   for (let waited = 0; waited < 2000 && !document.body.hasAttribute("data-md-scrolllock");
                        waited += 50)
                     await new Promise(resolve => setTimeout(resolve, 50))
                 const wide = [...document.querySelectorAll("body *")]
                   .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                                && getComputedStyle(e).position !== "fixed")
                   .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`)
                 return [document.documentElement.scrollWidth, innerWidth, wide]
               }"""
        )
    )


def foreign(requests: list[str], origin: str) -> list[str]:
    """Requests that left the site's origin. data: and blob: URLs are not requests to anyone."""
    return [
        url for url in requests if urlsplit(url).scheme not in ("data", "blob", "about") and not url.startswith(origin)
    ]
