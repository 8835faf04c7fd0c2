"""A featured project (一庭一品一策): what it is, its updates, its siblings and the brand's cases."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case
from showcase.core.display import project_title
from showcase.core.model import Brand, Court, Project
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.progress import PlanView, plan_views
from showcase.site.views import UpdateView, update_views


@dataclass(frozen=True)
class ProjectPage(PageContext):
    brand: Brand
    court: Court
    project: Project
    siblings: list[Project]
    updates: list[UpdateView]
    cases: list[Case]
    plans: list[PlanView]  # internal builds: the plan tasks of this project


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = []
    for brand, project in c.projects():
        if (skipped := site.left_out(urls.project(project.id))) is not None:
            result.append(skipped)
            continue
        source = site.source("brand", brand.id)
        trail = crumbs.brand(c, brand) + [Crumb(project_title(project), urls.project(project.id))]
        frame = site.frame(urls.project(project.id), project_title(project), trail, [source])
        context = ProjectPage(
            frame,
            brand=brand,
            court=c.courts[brand.court],
            project=project,
            siblings=[p for p in brand.projects if p.id != project.id],
            updates=update_views(c, frame.here, c.updates_of(project=project.id)),
            cases=c.cases_of_brand(brand.id),
            plans=plan_views(c, frame.here, brand, site.options.today, site.options.at_risk_days, project=project.id),
        )
        result.append(render_page(context, "project.md.j2", "project", entity=project.id, sources=[source], tags=project.themes))
    return result
