"""A campaign (品牌创建活动): the courts taking part and the cases submitted to its selections."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case
from showcase.core.model import Campaign
from showcase.site import urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import CourtSummary, court_summaries


@dataclass(frozen=True)
class CampaignPage(PageContext):
    campaign: Campaign
    courts: list[CourtSummary]
    cases: list[Case]


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = []
    for campaign in c.campaigns.values():
        if (skipped := site.left_out(urls.campaign(campaign.id))) is not None:
            result.append(skipped)
            continue
        trail = [Crumb("首页", urls.HOME), Crumb("品牌矩阵", urls.MATRIX), Crumb(campaign.name, urls.campaign(campaign.id))]
        source = site.source("campaign", campaign.id)
        context = CampaignPage(
            site.frame(urls.campaign(campaign.id), campaign.name, trail, [source]),
            campaign=campaign,
            courts=court_summaries(c, [(court, 0) for court in c.courts_in(campaign.id)]),
            cases=c.cases_in_campaign(campaign.id),
        )
        result.append(render_page(context, "campaign.md.j2", "campaign", entity=campaign.id, sources=[source]))
    return result
