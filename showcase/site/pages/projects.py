"""All featured projects (一庭一品一策 and others), court by court."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.model import Brand, Court
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import Directory, directory_of


@dataclass(frozen=True)
class ProjectsPage(PageContext):
    courts: list[tuple[Court, list[Brand]]]  # courts whose brands have projects, brands in tree order
    directory: Directory | None  # many courts: the courts by city, in place of their sections


def pages(site: SiteContext) -> list[GeneratedPage]:
    if (skipped := site.left_out(urls.PROJECTS)) is not None:
        return [skipped]
    c = site.catalog
    frame = site.frame(urls.PROJECTS, "特色项目", crumbs.section("品牌矩阵", urls.MATRIX) + [Crumb("特色项目", urls.PROJECTS)])
    groups = [(court, [brand for brand, _ in c.brand_tree(court.id)]) for court, _ in c.ordered_courts()]
    directory = directory_of([(court, sum(len(b.projects) for b in brands)) for court, brands in groups], "个特色项目")
    shown = [] if directory else [(court, brands) for court, brands in groups if any(b.projects for b in brands)]
    return [render_page(ProjectsPage(frame, courts=shown, directory=directory), "projects.md.j2", "projects")]
