"""Years (年度): a summary of every year, and one page per year with its figures, party
structure (三会一课), cases, honours and updates."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.core.catalog import Case, HonorRecord, UpdateRecord
from showcase.core.metrics import Figure
from showcase.core.model import Brand, Court, Organisation
from showcase.site import crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import (
    HonorView,
    Shown,
    UpdateView,
    first_of,
    honor_views,
    too_many,
    update_views,
)


@dataclass(frozen=True)
class YearsPage(PageContext):
    summary: list[tuple[int, dict[str, int]]]


@dataclass(frozen=True)
class YearPage(PageContext):
    year: int
    rows: list[tuple[str, Court | Brand, dict[str, Figure]]]  # (court | brand, entity, figures)
    keys: list[str]
    labels: dict[str, str]  # metric key → label
    organisation: list[tuple[Court, Organisation]]
    org_fields: list[tuple[str, str]]
    honors: list[HonorView]
    cases: list[Case]
    updates: list[UpdateView]
    totals: dict[str, int]  # of each list above, in the whole year: each lists at most OVERVIEW_LIMIT


def pages(site: SiteContext, updates: list[UpdateRecord], honors: list[HonorRecord]) -> list[GeneratedPage]:
    c = site.catalog
    years = c.years()
    result = [site.left_out(urls.YEARS) or _index(site, years, updates, honors)]
    for year in years:
        result.append(site.left_out(urls.year(year)) or _year_page(site, year, updates, honors))
    return result


def _index(site: SiteContext, years: list[int], updates: list[UpdateRecord], honors: list[HonorRecord]) -> GeneratedPage:
    c = site.catalog
    summary = [
        (
            year,
            {
                "动态": sum(1 for u in updates if u.date.startswith(str(year))),
                "荣誉": sum(1 for h in honors if h.year == year),
                "创新案例": sum(1 for case in c.cases.values() if case.meta.year == year),
            },
        )
        for year in years
    ]
    frame = site.frame(urls.YEARS, "年度", crumbs.section("年度", urls.YEARS))
    return render_page(YearsPage(frame, summary=summary), "years.md.j2", "years")


def _year_page(site: SiteContext, year: int, updates: list[UpdateRecord], honors: list[HonorRecord]) -> GeneratedPage:
    c = site.catalog
    rows: list[tuple[str, Court | Brand, dict[str, Figure]]] = []
    for court, _ in c.ordered_courts():
        row = c.figures(court).get(year)
        if row:
            rows.append(("court", court, row))
        for brand, _ in c.brand_tree(court.id):
            row = c.figures(brand).get(year)
            if row:
                rows.append(("brand", brand, row))
    keys = [k for k in c.registry.by_key if any(k in r for _, _, r in rows)]
    units = len(rows)
    if too_many(units):  # a national site: the courts' figures; the brands' are on their pages
        rows = [row for row in rows if row[0] == "court"] or rows
    listed = {
        "rows": Shown(first_of(rows).items, units),
        "organisation": first_of([(k, k.organisation[year]) for k, _ in c.ordered_courts() if year in k.organisation]),
        "honors": first_of([h for h in honors if h.year == year]),
        "cases": first_of(sorted((case for case in c.cases.values() if case.meta.year == year), key=lambda k: k.id)),
        "updates": first_of([u for u in updates if u.date.startswith(str(year))]),
    }
    trail = crumbs.section("年度", urls.YEARS) + [Crumb(f"{year} 年", urls.year(year))]
    frame = site.frame(urls.year(year), f"{year} 年", trail)
    context = YearPage(
        frame,
        year=year,
        rows=listed["rows"].items,
        keys=keys,
        labels={k: c.registry[k].label for k in keys},
        organisation=listed["organisation"].items,
        org_fields=[(name, info.title or name) for name, info in Organisation.model_fields.items()],
        honors=honor_views(c, frame.here, listed["honors"].items),
        cases=listed["cases"].items,
        updates=update_views(c, frame.here, listed["updates"].items),
        totals={name: shown.total for name, shown in listed.items()},
    )
    return render_page(context, "year.md.j2", "year", entity=str(year))
