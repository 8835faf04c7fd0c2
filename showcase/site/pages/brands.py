"""All branch brands, court by court, as cards in their tree order."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Court
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import BrandCard, brand_cards


@dataclass(frozen=True)
class BrandsPage(PageContext):
    courts: list[tuple[Court, list[BrandCard]]]  # courts with brands only


def pages(site: SiteContext) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.BRANDS)) is not None:
        return [skipped]
    c = site.catalog
    frame = site.frame(urls.BRANDS, "支部品牌", crumbs.section("品牌矩阵", urls.MATRIX) + [Crumb("支部品牌", urls.BRANDS)])
    groups = [(court, brand_cards(c, frame.here, site.pictures, court.id)) for court, _ in c.ordered_courts()]
    return [render_page(BrandsPage(frame, courts=[g for g in groups if g[1]]), "brands.md.j2", "brands")]
