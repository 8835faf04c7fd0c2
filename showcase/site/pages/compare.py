"""比学赶超: the branches of a court compared on shared metrics and on what they do."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from showcase.core.display import court_name
from showcase.core.metrics import Figure
from showcase.core.model import Brand, Court, Metric
from showcase.core.ranking import shared_ranks
from showcase.core.templating import trusted
from showcase.site import charts, crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.views import CourtSummary, court_summaries

Board = tuple[Metric, list[tuple[Brand, Figure, int]], Markup]  # metric, (brand, figure, place), bar chart


@dataclass(frozen=True)
class CompareIndexPage(PageContext):
    courts: list[CourtSummary]  # courts with brands


@dataclass(frozen=True)
class ComparePage(PageContext):
    court: Court
    boards: list[tuple[int, list[Board]]]  # by year, newest first
    activity: list[tuple[Brand, dict[str, int]]]


def pages(site: SiteContext) -> list[GeneratedPage]:
    c = site.catalog
    result = [_index(site)]
    for court in c.courts.values():
        if c.brands_of(court.id):
            result.append(site.left_out(urls.compare(court.id)) or _court_page(site, court))
    return result


def _index(site: SiteContext) -> GeneratedPage:
    if (skipped := site.left_out(urls.COMPARE)) is not None:
        return skipped
    c = site.catalog
    courts = [(court, depth) for court, depth in c.ordered_courts() if c.brands_of(court.id)]
    frame = site.frame(urls.COMPARE, "比学赶超", crumbs.section("品牌矩阵", urls.MATRIX) + [Crumb("比学赶超", urls.COMPARE)])
    return render_page(CompareIndexPage(frame, courts=court_summaries(c, courts)), "compare_index.md.j2", "compare-index")


def _court_page(site: SiteContext, court: Court) -> GeneratedPage:
    c = site.catalog
    brands = [b for b, _ in c.brand_tree(court.id)]
    figures = {b.id: c.figures(b) for b in brands}
    years = sorted({y for f in figures.values() for y in f}, reverse=True)
    shared = [m for m in c.registry.by_key.values() if m.shared]
    boards: list[tuple[int, list[Board]]] = []
    for year in years:
        metrics: list[Board] = []
        for metric in shared:
            entries = [(b, figures[b.id].get(year, {}).get(metric.key)) for b in brands]
            present = [(b, f) for b, f in entries if f is not None]
            if not present:
                continue
            # Equal values share a place (1, 2, 2, 4): a tie is not a defeat.
            places = shared_ranks(present, lambda e: e[1].value, higher_is_better=metric.direction == "higher")
            ranked = [(entry.item[0], entry.item[1], entry.rank) for entry in places]
            chart = trusted(charts.bar_chart(metric, [(b.name, f.value) for b, f, _ in ranked], title=f"{year} 年{metric.label}"))
            metrics.append((metric, ranked, chart))
        if metrics:
            boards.append((year, metrics))
    activity = [
        (
            brand,
            {
                "特色项目": len(brand.projects),
                "载体": len(brand.carriers),
                "动态": len(brand.updates),
                "荣誉": len(c.honors_of(brand=brand.id)),
                "先进典型": len(c.people_of_brand(brand.id)),
                "创新案例": len(c.cases_of_brand(brand.id)),
            },
        )
        for brand in brands
    ]
    sources = [site.source("brand", b.id) for b in brands]
    trail = crumbs.court(c, court) + [Crumb("比学赶超", urls.compare(court.id))]
    frame = site.frame(urls.compare(court.id), f"{court_name(court)}比学赶超", trail, sources)
    return render_page(ComparePage(frame, court=court, boards=boards, activity=activity), "compare.md.j2", "compare", entity=court.id, sources=sources)
