"""The latest updates (最新动态), month by month."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import UpdateRecord
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page
from showcase.site.views import UpdateView, first_of, update_views


@dataclass(frozen=True)
class UpdatesPage(PageContext):
    by_month: dict[str, list[UpdateView]]
    shown: int
    total: int  # updates of the whole site: the page lists the newest OVERVIEW_LIMIT


def pages(site: SiteContext, updates: list[UpdateRecord]) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.UPDATES)) is not None:
        return [skipped]
    frame = site.frame(urls.UPDATES, "最新动态", crumbs.section("最新动态", urls.UPDATES))
    newest = first_of(updates)
    by_month: dict[str, list[UpdateView]] = {}
    for view in update_views(site.catalog, frame.here, newest.items):
        by_month.setdefault(view.date[:7], []).append(view)
    context = UpdatesPage(frame, by_month=by_month, shown=len(newest.items), total=newest.total)
    return [render_page(context, "updates.md.j2", "updates")]
