"""A court: its master brand, its brand matrix drawn as a tree, party structure, figures, carriers,
honours, people, cases and updates."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case
from showcase.core.model import Campaign, Carrier, Court, Person
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import GeneratedPage, PageContext, render_page
from showcase.site.views import HonorView, Matrix, MetricTable, UpdateView, honor_views, matrix, metric_table, organisation_rows, update_views


@dataclass(frozen=True)
class CourtPage(PageContext):
    court: Court
    logo: str
    formula: tuple[int, int, int]
    matrix: Matrix
    metrics: MetricTable
    organisation: tuple[list[int], list[tuple[str, list[int | None]]]]
    carriers: list[Carrier]
    honors: list[HonorView]
    people: list[Person]
    cases: list[Case]
    updates: list[UpdateView]
    children: list[Court]
    parent: Court | None
    campaigns: list[Campaign]


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = []
    for court in c.courts.values():
        if (skipped := site.left_out(urls.court(court.id))) is not None:
            result.append(skipped)
            continue
        source = site.source("court", court.id)
        frame = site.frame(urls.court(court.id), court.name, crumbs.court(c, court), [source])
        logo = court.master_brand.logo if court.master_brand else None
        context = CourtPage(
            frame,
            court=court,
            logo=site.pictures.src(frame.here, logo.path if logo else None),
            formula=c.matrix_formula(court.id),
            matrix=matrix(c, frame.here, site.pictures, court),
            metrics=metric_table(c, f"court:{court.id}", court.metrics),
            organisation=organisation_rows(court),
            carriers=c.carriers_of(court.id, None),
            honors=honor_views(c, frame.here, c.honors_of(court=court.id)),
            people=c.people_of_court(court.id),
            cases=c.cases_of_court(court.id),
            updates=update_views(c, frame.here, c.updates_of(court=court.id)),
            children=c.child_courts(court.id),
            parent=c.courts.get(court.parent) if court.parent else None,
            campaigns=[c.campaigns[k] for k in court.campaigns if k in c.campaigns],
        )
        result.append(render_page(context, "court.md.j2", "court", entity=court.id, sources=[source]))
    return result
