"""All carriers (载体), court by court: the court's own and each brand's, in tree order."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Brand, Carrier, Court
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import Directory, directory_of


@dataclass(frozen=True)
class CarriersPage(PageContext):
    courts: list[tuple[Court, list[tuple[Brand | None, Carrier]]]]  # None: the court's own
    directory: Directory | None  # many courts: the courts by city, in place of their sections


def pages(site: SiteContext) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.CARRIERS)) is not None:
        return [skipped]
    c = site.catalog
    frame = site.frame(urls.CARRIERS, "载体", crumbs.section("品牌矩阵", urls.MATRIX) + [Crumb("载体", urls.CARRIERS)])
    groups = []
    for court, _ in c.ordered_courts():
        rows: list[tuple[Brand | None, Carrier]] = [(None, k) for k in c.carriers_of(court.id, None)]
        rows += [(brand, k) for brand, _ in c.brand_tree(court.id) for k in brand.carriers]
        if rows:
            groups.append((court, rows))
    directory = directory_of([(court, len(rows)) for court, rows in groups], "个载体")
    return [render_page(CarriersPage(frame, courts=[] if directory else groups, directory=directory), "carriers.md.j2", "carriers")]
