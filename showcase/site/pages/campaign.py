"""A campaign (品牌创建活动): the courts taking part and the cases submitted to its selections
(a national campaign: the courts by city, and the newest OVERVIEW_LIMIT cases)."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case
from showcase.core.model import Campaign
from showcase.site import urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import CourtSummary, Directory, Shown, court_summaries, directory_of, first_of


@dataclass(frozen=True)
class CampaignPage(PageContext):
    campaign: Campaign
    courts: list[CourtSummary]
    directory: Directory | None  # many courts: the courts by city, in place of their cards
    cases: Shown  # of Case


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = []
    for campaign in c.campaigns.values():
        if (skipped := site.left_out(urls.campaign(campaign.id))) is not None:
            result.append(skipped)
            continue
        trail = [Crumb("首页", urls.HOME), Crumb("品牌矩阵", urls.MATRIX), Crumb(campaign.name, urls.campaign(campaign.id))]
        source = site.source("campaign", campaign.id)
        taking_part = c.courts_in(campaign.id)
        directory = directory_of([(court, len(c.brands_of(court.id))) for court in taking_part], "个子品牌", every=True)
        context = CampaignPage(
            site.frame(urls.campaign(campaign.id), campaign.name, trail, [source]),
            campaign=campaign,
            courts=[] if directory else court_summaries(c, [(court, 0) for court in taking_part]),
            directory=directory,
            cases=first_of(sorted(c.cases_in_campaign(campaign.id), key=lambda case: (-case.meta.year, case.id))),
        )
        result.append(render_page(context, "campaign.md.j2", "campaign", entity=campaign.id, sources=[source]))
    return result
