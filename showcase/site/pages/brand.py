"""A branch brand: its card, projects, carriers, figures, cases, people, honours, updates and pictures."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case
from showcase.core.model import Brand, Court, Media, Person
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page
from showcase.site.progress import BrandAssessment, PlanView, brand_assessment, plan_views
from showcase.site.views import HonorView, MetricTable, UpdateView, honor_views, metric_table, update_views


@dataclass(frozen=True)
class Picture:
    media: Media
    src: str


@dataclass(frozen=True)
class BrandPage(PageContext):
    brand: Brand
    court: Court
    logo: str
    media: list[Picture]
    parent: Brand | None
    children: list[Brand]
    metrics: MetricTable
    honors: list[HonorView]
    people: list[Person]
    cases: list[Case]
    updates: list[UpdateView]
    assessment: BrandAssessment  # internal builds: grade and trend (empty in a public build)
    plans: list[PlanView]  # internal builds: plan progress (a public catalog holds no plans)


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = []
    for brand in c.brands.values():
        if (skipped := site.left_out(urls.brand(brand.id))) is not None:
            result.append(skipped)
            continue
        source = site.source("brand", brand.id)
        frame = site.frame(urls.brand(brand.id), brand.name, crumbs.brand(c, brand), [source])
        here = frame.here
        context = BrandPage(
            frame,
            brand=brand,
            court=c.courts[brand.court],
            logo=site.pictures.src(here, brand.logo.path if brand.logo else None),
            media=[Picture(m, site.pictures.src(here, m.path)) for m in brand.media if site.pictures.shown(m.path)],
            parent=c.brands.get(brand.parent) if brand.parent else None,
            children=c.sub_brands(brand.id),
            metrics=metric_table(c, f"brand:{brand.id}", brand.metrics),
            honors=honor_views(c, here, c.honors_of(brand=brand.id)),
            people=c.people_of_brand(brand.id),
            cases=c.cases_of_brand(brand.id),
            updates=update_views(c, here, c.updates_of(brand=brand.id)),
            assessment=brand_assessment(here, site.options.assessments, brand.id),
            plans=plan_views(c, here, brand, site.options.today, site.options.at_risk_days),
        )
        result.append(render_page(context, "brand.md.j2", "brand", entity=brand.id, sources=[source], tags=brand.themes))
    return result
