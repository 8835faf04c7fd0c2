"""The brand matrix: every court with its master brand and matrix formula, and the campaigns."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Campaign
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page
from showcase.site.views import CourtSummary, court_summaries


@dataclass(frozen=True)
class MatrixPage(PageContext):
    campaigns: list[Campaign]
    courts: list[CourtSummary]


def pages(site: SiteContext) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.MATRIX)) is not None:
        return [skipped]
    c = site.catalog
    context = MatrixPage(
        site.frame(urls.MATRIX, "品牌矩阵", crumbs.section("品牌矩阵", urls.MATRIX)),
        campaigns=list(c.campaigns.values()),
        courts=court_summaries(c, c.ordered_courts()),
    )
    return [render_page(context, "matrix.md.j2", "matrix")]
