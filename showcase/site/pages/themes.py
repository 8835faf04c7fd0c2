"""Themes (主题): how many brands, projects and cases carry each one; Material's tags list below."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page


@dataclass(frozen=True)
class ThemesPage(PageContext):
    themes: dict[str, tuple[int, int, int]]  # theme → (brands, projects, cases)


def pages(site: SiteContext) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.THEMES)) is not None:
        return [skipped]
    counted = {}
    for theme, items in site.catalog.themes().items():
        brands = sum(1 for item in items if hasattr(item, "branch"))
        projects = sum(1 for item in items if hasattr(item, "unit"))
        cases = sum(1 for item in items if hasattr(item, "meta"))
        counted[theme] = (brands, projects, cases)
    frame = site.frame(urls.THEMES, "主题", crumbs.section("主题", urls.THEMES))
    return [render_page(ThemesPage(frame, themes=counted), "themes.md.j2", "themes")]
