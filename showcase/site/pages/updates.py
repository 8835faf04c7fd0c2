"""The latest updates (最新动态), month by month."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import UpdateRecord
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page
from showcase.site.views import UpdateView, update_views


@dataclass(frozen=True)
class UpdatesPage(PageContext):
    by_month: dict[str, list[UpdateView]]


def pages(site: SiteContext, updates: list[UpdateRecord]) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.UPDATES)) is not None:
        return [skipped]
    frame = site.frame(urls.UPDATES, "最新动态", crumbs.section("最新动态", urls.UPDATES))
    by_month: dict[str, list[UpdateView]] = {}
    for view in update_views(site.catalog, frame.here, updates):
        by_month.setdefault(view.date[:7], []).append(view)
    return [render_page(UpdatesPage(frame, by_month=by_month), "updates.md.j2", "updates")]
