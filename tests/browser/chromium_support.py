"""Helpers for driving the built site in Debian's Chromium: search as a person types, axe, layout."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("SHOWCASE_CHROMIUM", "/usr/bin/chromium"))
# Background networking off: this machine has no internet and Chromium would try Google's hosts.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
NPM_HINT = "先在仓库根目录运行 npm ci（make test 会自动运行）"

# Counts changes to Material's result list, so a search waits for its own results, not the last ones.
WATCH_RESULTS = """() => {
  window.__showcaseRenders = 0
  if (!window.__showcaseObserver) {
    window.__showcaseObserver = new MutationObserver(() => window.__showcaseRenders++)
    window.__showcaseObserver.observe(document.querySelector(".md-search-result__list"), { childList: true })
  }
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
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # phones: the box opens from the magnifier button in the header
        page.locator("label.md-header__button[for='__search']").click()
    box.fill(query)
    box.press("End")  # Material reads the box on keyup; fill() alone sends no key events
    page.wait_for_function("() => window.__showcaseRenders > 0", timeout=timeout)
    raw = page.locator(".md-search-result__list > li").evaluate_all(READ_HITS)
    return [Hit(_strip_highlight(r["url"]), _visible(r["title"]), [_visible(c) for c in r["chips"]], r["score"]) for r in raw]


def _visible(text: str) -> str:
    """Text as a reader sees it: without the zero-width space and word joiner search inserts."""
    return text.replace("\u200b", "").replace("\u2060", "").strip()


def _strip_highlight(url: str) -> str:
    return url.split("?", 1)[0]


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now (injected from node_modules, no network)."""
    if not AXE.is_file():
        raise AssertionError(f"缺少 {AXE.relative_to(REPO)}：{NPM_HINT}")
    page.add_script_tag(path=str(AXE))
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
    growing circle that is wider than the screen for a quarter of a second; that is not a layout."""
    return tuple(
        page.evaluate(
            """async () => {
                 await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))
                 const wide = [...document.querySelectorAll("body *")]
                   .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && getComputedStyle(e).position !== "fixed")
                   .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`)
                 return [document.documentElement.scrollWidth, innerWidth, wide]
               }"""
        )
    )


def foreign(requests: list[str], origin: str) -> list[str]:
    """Requests that left the site's origin. data: and blob: URLs are not requests to anyone."""
    return [url for url in requests if urlsplit(url).scheme not in ("data", "blob", "about") and not url.startswith(origin)]
