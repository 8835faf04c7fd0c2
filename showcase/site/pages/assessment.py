"""量化考核 (internal builds only): an index of the years, and one page per year with the
leaderboard, a chart of the totals, the movement since the previous year, and each brand's
breakdown — every point with its rule, its source `path:line` and links to its evidence.

The adapter passes the assessments in `SiteOptions.assessments` for internal builds only; with
none (a public build) this kind makes no page, and the navigation gets no tab.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from showcase.assessment import BONUS, DEDUCTION, MISSING, NOT_APPLICABLE, Assessment, BrandResult, Point, grade_text, number_text, points_text, rank_text, total_text
from showcase.core.display import court_name
from showcase.core.model import Metric
from showcase.core.templating import trusted
from showcase.site import charts, crumbs, urls
from showcase.site.context import SiteContext
from showcase.site.nav import NavNode
from showcase.site.page import Crumb, GeneratedPage, PageContext, render_page
from showcase.site.progress import LinkView, link_views
from showcase.site.urls import Here

TITLE = "量化考核"
TOTAL = Metric(key="assessment_total", label="总分", unit="分", decimals=2, shared=False)


@dataclass(frozen=True)
class Row:
    """One line of the leaderboard."""

    rank: str
    brand: str
    brand_href: str
    breakdown_href: str
    court: str
    total: str
    grade: str
    rank_court: str
    subtotals: list[str]
    bonus: str
    deduction: str
    movement: str  # ↑ ↓ → or empty
    movement_text: str
    complete: bool


@dataclass(frozen=True)
class PointView:
    group: str
    name: str
    score: str  # signed for bonus and deductions; the status when there is no score
    points: str
    tone: str  # ok | bad | missing | na
    working: str
    rule: str
    rule_source: str
    sources: list[str]
    links: list[LinkView]


@dataclass(frozen=True)
class Breakdown:
    anchor: str
    brand: str
    brand_href: str
    branch: str
    court: str
    total: str
    grade: str
    ranks: str
    movement: str
    movement_text: str
    subtotals: list[tuple[str, str, str]]  # (dimension, earned, points)
    conversion: str  # how the base was converted when indicators do not apply; empty otherwise
    points: list[PointView]
    missing: list[str]
    largest: list[str]


@dataclass(frozen=True)
class YearLink:
    year: int
    title: str
    href: str
    leaders: list[str]  # the brands ranked first


@dataclass(frozen=True)
class AssessmentIndexPage(PageContext):
    years: list[YearLink]


@dataclass(frozen=True)
class AssessmentPage(PageContext):
    assessment: Assessment
    scheme_source: str
    as_of: str
    total: str
    dimensions: list[tuple[str, str]]  # (name, points)
    extras: list[tuple[str, str, str]]  # (section, indicators, cap)
    grades: list[tuple[str, str]]
    rows: list[Row]
    chart: Markup | None
    breakdowns: list[Breakdown]
    previous: YearLink | None
    incomplete: int


def nav(assessments: dict[int, Assessment]) -> NavNode | None:
    """The 量化考核 tab, newest year first; None without assessments (every public build)."""
    if not assessments:
        return None
    return NavNode(TITLE, urls.ASSESSMENT, [NavNode(f"{year} 年", urls.assessment(year)) for year in sorted(assessments, reverse=True)])


def pages(site: SiteContext) -> list[GeneratedPage]:
    assessments = site.options.assessments
    if not assessments:
        return []
    result = [site.left_out(urls.ASSESSMENT) or _index(site, assessments)]
    for year in sorted(assessments):
        result.append(site.left_out(urls.assessment(year)) or _year_page(site, assessments[year], assessments.get(assessments[year].previous_year or 0)))
    return result


def _index(site: SiteContext, assessments: dict[int, Assessment]) -> GeneratedPage:
    frame = site.frame(urls.ASSESSMENT, TITLE, crumbs.section(TITLE, urls.ASSESSMENT))
    years = [_year_link(frame.here, assessments[year]) for year in sorted(assessments, reverse=True)]
    return render_page(AssessmentIndexPage(frame, years=years), "assessment_index.md.j2", "assessment-index", hide=["toc"])


def _year_link(here: Here, found: Assessment) -> YearLink:
    leaders = [r.brand.name for r in found.results if r.rank_all == 1]
    return YearLink(found.year, found.title, here.to(urls.assessment(found.year)), leaders)


def _subtotals(result: BrandResult, found: Assessment) -> list[tuple[str, str, str]]:
    return [(d.name, points_text(result.subtotals[d.name]), number_text(d.points)) for d in found.loaded.scheme.dimensions]


def _point_view(here: Here, point: Point) -> PointView:
    if point.status == MISSING:
        score, tone = MISSING, "missing"
    elif point.status == NOT_APPLICABLE:
        score, tone = NOT_APPLICABLE, "na"
    else:
        value = point.score
        assert value is not None
        deduction = point.placed.section == DEDUCTION
        score = ("-" if deduction and value else "+" if point.placed.section == BONUS and value else "") + points_text(value)
        tone = "bad" if deduction and value else "ok"
    return PointView(
        point.placed.group,
        point.indicator.name,
        score,
        number_text(point.indicator.points),
        tone,
        point.working,
        point.rule_text,
        point.rule_source,
        point.sources,
        link_views(here, point.links),
    )


def _ranks(result: BrandResult) -> str:
    if result.rank_all is None:
        return "缺数据，未排名"
    tied = "并列" if result.tied else ""
    return f"院内第 {result.rank_court} 名 · 全部{tied}第 {result.rank_all} 名"


def _year_page(site: SiteContext, found: Assessment, previous: Assessment | None) -> GeneratedPage:
    c = site.catalog
    src = urls.assessment(found.year)
    loaded = found.loaded
    sources = [loaded.display, loaded.scores_document.display if loaded.scores_document else None]
    sources += [site.source("brand", r.brand.id) for r in found.results]
    title = f"{found.year} 年度{TITLE}"
    frame = site.frame(src, title, crumbs.section(TITLE, urls.ASSESSMENT) + [Crumb(title, src)], sources)
    here = frame.here
    rows, breakdowns = [], []
    for result in found.results:
        anchor = urls.assessment_anchor(result.brand.id)
        brand_href = here.to(urls.brand(result.brand.id)) if result.brand.id in c.brands else ""
        movement_text = result.movement_text if result.previous is not None else ("上年未参加考核" if found.previous_year else "")
        rows.append(
            Row(
                rank_text(result.rank_all, result.tied),
                result.brand.name,
                brand_href,
                f"#{anchor}",
                court_name(result.court),
                total_text(result),
                grade_text(result),
                rank_text(result.rank_court),
                [points_text(result.subtotals[name]) for name in found.dimensions],
                points_text(result.bonus),
                points_text(result.deduction),
                result.movement,
                movement_text,
                result.complete,
            )
        )
        conversion = ""
        if result.not_applicable:
            conversion = f"{len(result.not_applicable)} 项不适用：基础分 {points_text(result.earned)}（适用的 {points_text(result.applicable)} 分中）按得分率折合为 {points_text(result.base)} 分"
        breakdowns.append(
            Breakdown(
                anchor,
                result.brand.name,
                brand_href,
                result.brand.branch,
                court_name(result.court),
                total_text(result),
                grade_text(result),
                _ranks(result),
                result.movement,
                movement_text,
                _subtotals(result, found),
                conversion,
                [_point_view(here, p) for p in result.points],
                [p.indicator.name for p in result.missing],
                [f"{p.indicator.name} {points_text(p.signed)} 分" for p in result.largest()],
            )
        )
    ranked = [r for r in found.results if r.complete]
    chart = trusted(charts.bar_chart(TOTAL, [(r.brand.name, float(r.total)) for r in ranked], title=f"{found.year} 年度量化考核总分")) if ranked else None
    scheme = loaded.scheme
    extras = []
    for name, extra in (("加分项", scheme.bonus), ("扣分项", scheme.deductions)):
        if extra is not None:
            cap = loaded.cap(BONUS if name == "加分项" else DEDUCTION)
            extras.append((name, "、".join(i.name for i in extra.indicators), number_text(cap) if cap is not None else ""))
    context = AssessmentPage(
        frame,
        assessment=found,
        scheme_source=loaded.display,
        as_of=loaded.as_of.isoformat(),
        total=number_text(scheme.total),
        dimensions=[(d.name, number_text(d.points)) for d in scheme.dimensions],
        extras=extras,
        grades=[(g.name, number_text(g.min)) for g in scheme.grades],
        rows=rows,
        chart=chart,
        breakdowns=breakdowns,
        previous=_year_link(here, previous) if previous is not None else None,
        incomplete=sum(1 for r in found.results if not r.complete),
    )
    return render_page(context, "assessment.md.j2", "assessment", entity=str(found.year), sources=sources)
