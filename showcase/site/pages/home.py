"""The home page: the brand matrix of every court, grouped by campaign, and the latest updates."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import UpdateRecord
from showcase.core.model import Campaign, Court
from showcase.site import urls
from showcase.site.context import SiteContext
from showcase.site.page import Frame, GeneratedPage, PageContext, render_page
from showcase.site.views import BrandCard, Headline, UpdateView, brand_cards, headline, update_views


@dataclass(frozen=True)
class CourtBlock:
    court: Court
    formula: tuple[int, int, int]
    headline: Headline
    logo: str  # the master brand's logo link, empty without one
    brands: list[BrandCard]


@dataclass(frozen=True)
class HomePage(PageContext):
    groups: list[tuple[Campaign, list[CourtBlock]]]
    others: list[CourtBlock]
    counts: dict[str, int]
    latest: list[UpdateView]
    guide: list[str]


LATEST = 6


def counts(site: SiteContext) -> dict[str, int]:
    c = site.catalog
    return {
        "法院": len(c.courts),
        "子品牌": len(c.brands),
        "特色项目": sum(1 for _ in c.projects()),
        "载体": sum(1 for _ in c.carriers()),
        "先进典型": len(c.people),
        "创新案例": len(c.cases),
    }


def pages(site: SiteContext, updates: list[UpdateRecord]) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.HOME)) is not None:
        return [skipped]
    c = site.catalog
    here = site.here(urls.HOME)

    def block(court: Court) -> CourtBlock:
        logo = court.master_brand.logo.path if court.master_brand and court.master_brand.logo else None
        return CourtBlock(court, c.matrix_formula(court.id), headline(c, court), site.pictures.src(here, logo), brand_cards(c, here, site.pictures, court.id))

    courts = [court for court, _ in c.ordered_courts()]
    in_campaign = {court.id for campaign in c.campaigns.values() for court in c.courts_in(campaign.id)}
    groups = [(campaign, [block(court) for court in courts if campaign.id in court.campaigns]) for campaign in c.campaigns.values()]
    context = HomePage(
        Frame(here, "党建品牌矩阵", [], sorted(site.options.problems), site.outlined(urls.HOME)),  # the home page shows every problem of the build
        groups=[g for g in groups if g[1]],
        others=[block(court) for court in courts if court.id not in in_campaign],
        counts=counts(site),
        latest=update_views(c, here, updates[:LATEST]),
        guide=site.options.guide,
    )
    return [render_page(context, "home.md.j2", "home", hide=["navigation"])]
