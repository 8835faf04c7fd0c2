"""A carrier (载体): what it is, how often it runs, its rules, and whose it is."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Brand, Carrier, Court
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page


@dataclass(frozen=True)
class CarrierPage(PageContext):
    court: Court
    brand: Brand | None
    carrier: Carrier


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = []
    for court, brand, carrier in c.carriers():
        if (skipped := site.left_out(urls.carrier(carrier.id))) is not None:
            result.append(skipped)
            continue
        trail = (crumbs.brand(c, brand) if brand else crumbs.court(c, court)) + [Crumb(carrier.name, urls.carrier(carrier.id))]
        source = site.source("brand", brand.id) if brand else site.source("court", court.id)
        frame = site.frame(urls.carrier(carrier.id), carrier.name, trail, [source])
        context = CarrierPage(frame, court=court, brand=brand, carrier=carrier)
        result.append(render_page(context, "carrier.md.j2", "carrier", entity=carrier.id, sources=[source]))
    return result
