"""All branch brands, court by court, as cards in their tree order."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Court
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import BrandCard, Directory, brand_cards, directory_of


@dataclass(frozen=True)
class BrandsPage(PageContext):
    courts: list[tuple[Court, list[BrandCard]]]  # courts with brands only
    directory: Directory | None  # many courts: the courts by city, in place of their sections


def pages(site: SiteContext) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.BRANDS)) is not None:
        return [skipped]
    c = site.catalog
    frame = site.frame(urls.BRANDS, "支部品牌", crumbs.section("品牌矩阵", urls.MATRIX) + [Crumb("支部品牌", urls.BRANDS)])
    courts = [court for court, _ in c.ordered_courts()]
    directory = directory_of([(court, len(c.brands_of(court.id))) for court in courts], "个子品牌")
    groups = [] if directory else [(court, brand_cards(c, frame.here, site.pictures, court.id)) for court in courts]
    context = BrandsPage(frame, courts=[g for g in groups if g[1]], directory=directory)
    return [render_page(context, "brands.md.j2", "brands")]
