"""The honour wall (荣誉墙): every honour by year, collective and individual, highest level first,
with a count by level."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from showcase.core.catalog import HonorRecord
from showcase.core.display import by_level
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page
from showcase.site.views import HonorView, honor_views


@dataclass(frozen=True)
class HonorsPage(PageContext):
    by_year: dict[int, dict[str, list[HonorView]]]  # newest year first → 集体 / 个人 → honours, highest level first
    levels: list[tuple[str, int]]  # count per level, highest level first


def pages(site: SiteContext, honors: list[HonorRecord]) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.HONORS)) is not None:
        return [skipped]
    frame = site.frame(urls.HONORS, "荣誉墙", crumbs.section("荣誉墙", urls.HONORS))
    views = honor_views(site.catalog, frame.here, honors)
    by_year: dict[int, dict[str, list[HonorView]]] = {}
    for view in sorted(views, key=lambda v: -v.year):  # stable: the level order stays within a year
        by_year.setdefault(view.year, {"集体": [], "个人": []}).setdefault(view.kind, []).append(view)
    levels: dict[str, int] = defaultdict(int)
    for honor in honors:
        levels[honor.level] += 1
    return [render_page(HonorsPage(frame, by_year=by_year, levels=by_level(levels)), "honors.md.j2", "honors")]
