"""Case write-ups (创新案例): the index, and what the site adds around each write-up in docs/cases
(a header card with its court, brand and selections, and links back)."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case
from showcase.core.model import Brand, Campaign, Court
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import CaseDecoration, Crumb, Frame, GeneratedPage, PageContext, render_page
from showcase.site.views import Directory, directory_of
from showcase.site.render import render


@dataclass(frozen=True)
class CasesPage(PageContext):
    courts: list[tuple[Court, list[tuple[Case, Brand]]]]  # courts with cases, newest first
    directory: Directory | None  # many courts: the courts by city, in place of their sections


@dataclass(frozen=True)
class CaseHeader(PageContext):
    case: Case
    brand: Brand
    court: Court
    others: list[Case]  # the brand's other cases
    campaigns: dict[str, Campaign]  # the campaigns its selections name


def pages(site: SiteContext) -> list[GeneratedPage]:
    if urls.CASES in site.options.existing:
        return []
    if (skipped := site.left_out(urls.CASES)) is not None:
        return [skipped]
    c = site.catalog
    frame = site.frame(urls.CASES, "创新案例", crumbs.section("创新案例", urls.CASES))
    courts = [court for court, _ in c.ordered_courts()]
    directory = directory_of([(court, len(c.cases_of_court(court.id))) for court in courts], "篇创新案例")
    groups = [] if directory else [(court, [(case, c.brands[case.meta.brand]) for case in c.cases_of_court(court.id)]) for court in courts]
    return [render_page(CasesPage(frame, courts=[g for g in groups if g[1]], directory=directory), "cases.md.j2", "cases")]


def decorations(site: SiteContext) -> dict[str, CaseDecoration]:
    """Header and footer for every case write-up, by its src_uri (a sharded build: those it
    renders or outlines; see SiteOptions.only)."""
    return {case.src_uri: decoration(site, case) for case in site.catalog.cases.values() if site.left_out(case.src_uri) is None}


def decoration(site: SiteContext, case: Case) -> CaseDecoration:
    c = site.catalog
    brand = c.brands[case.meta.brand]
    trail = crumbs.brand(c, brand) + [Crumb(case.meta.title, case.src_uri)]
    if site.outlined(case.src_uri):  # a sharded build reads it for its title and tags only
        return CaseDecoration(case.meta.title, "", "", [*case.meta.themes, *case.meta.tags], trail)
    frame = Frame(site.here(case.src_uri), case.meta.title, trail, site.problems([site.source("case", case.id)]))
    others = [other for other in c.cases_of_brand(brand.id) if other.id != case.id]
    named = {s.campaign: c.campaigns[s.campaign] for s in case.meta.selections if s.campaign in c.campaigns}
    context = CaseHeader(frame, case=case, brand=brand, court=c.courts[case.meta.court], others=others, campaigns=named)
    return CaseDecoration(
        case.meta.title,
        render("case_header.html.j2", **context.values()),
        render("case_footer.html.j2", **context.values()),
        [*case.meta.themes, *case.meta.tags],
        trail,
    )
