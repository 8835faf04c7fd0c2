"""Breadcrumbs follow the matrix: 首页 › 品牌矩阵 › 创建活动 › 法院 › 品牌 › 项目."""

from __future__ import annotations

from showcase.core.catalog import Catalog
from showcase.core.display import court_name
from showcase.core.model import Brand, Court
from showcase.site import urls
from showcase.site.page import Crumb


def section(title: str, src_uri: str) -> list[Crumb]:
    return [Crumb("首页", urls.HOME), Crumb(title, src_uri)]


def court(catalog: Catalog, court: Court, *, include_self: bool = True) -> list[Crumb]:
    crumbs = [Crumb("首页", urls.HOME), Crumb("品牌矩阵", urls.MATRIX)]
    campaign = next((catalog.campaigns[k] for k in court.campaigns if k in catalog.campaigns), None)
    if campaign:
        crumbs.append(Crumb(campaign.name, urls.campaign(campaign.id)))
    if include_self:
        crumbs.append(Crumb(court_name(court), urls.court(court.id)))
    return crumbs


def brand(catalog: Catalog, brand: Brand) -> list[Crumb]:
    chain = catalog.brand_chain(brand)
    return court(catalog, catalog.courts[brand.court]) + [Crumb(b.name, urls.brand(b.id)) for b in chain]
