"""The home page: the brand matrix of every court drawn as a tree (campaign → master brand →
branch brands → projects), the key figures, and the latest updates. Above COURT_SECTIONS_LIMIT
courts (a province's or the country's site) the trees stay on the courts' pages and the home
page is a directory of the courts by city: a thousand trees made a home page of 8.5 MB."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import UpdateRecord
from showcase.core.model import Campaign, Court
from showcase.site import urls
from showcase.site.context import SiteContext
from showcase.site.page import Frame, GeneratedPage, PageContext, render_page
from showcase.site.views import Directory, Matrix, UpdateView, directory_of, matrix, update_views


@dataclass(frozen=True)
class HomePage(PageContext):
    groups: list[tuple[Campaign, list[Matrix]]]  # campaigns with the courts taking part
    others: list[Matrix]  # courts with a matrix outside every campaign
    plain: list[Court]  # courts with neither master brand nor brands: a link, not an empty box
    counts: dict[str, int]
    latest: list[UpdateView]
    guide: list[str]
    directory: Directory | None  # many courts: the courts by city, in place of the trees


LATEST = 6


def counts(site: SiteContext) -> dict[str, int]:
    c = site.catalog
    found = {
        "法院": len(c.courts),
        "子品牌": len(c.brands),
        "特色项目": sum(1 for _ in c.projects()),
        "载体": sum(1 for _ in c.carriers()),
        "先进典型": len(c.people),
        "创新案例": len(c.cases),
    }
    return {label: n for label, n in found.items() if n}


def pages(site: SiteContext, updates: list[UpdateRecord]) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.HOME)) is not None:
        return [skipped]
    c = site.catalog
    here = site.here(urls.HOME)
    courts = [court for court, _ in c.ordered_courts()]
    directory = directory_of([(court, len(c.brands_of(court.id))) for court in courts], "个子品牌", every=True)
    if directory is not None:
        courts = []
    drawn = {court.id: matrix(c, here, site.pictures, court) for court in courts}
    in_campaign = {court.id for campaign in c.campaigns.values() for court in c.courts_in(campaign.id)}
    groups = [(campaign, [drawn[court.id] for court in courts if campaign.id in court.campaigns and not drawn[court.id].empty]) for campaign in c.campaigns.values()]
    context = HomePage(
        Frame(here, "党建品牌矩阵", [], sorted(site.options.problems), site.outlined(urls.HOME)),  # the home page shows every problem of the build
        groups=[g for g in groups if g[1]],
        others=[drawn[court.id] for court in courts if court.id not in in_campaign and not drawn[court.id].empty],
        plain=[court for court in courts if drawn[court.id].empty],
        counts=counts(site),
        latest=update_views(c, here, updates[:LATEST]),
        guide=site.options.guide,
        directory=directory,
    )
    return [render_page(context, "home.md.j2", "home", hide=["navigation"])]
