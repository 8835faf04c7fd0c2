"""Every generated page of the showcase, from a Catalog, without MkDocs.

`build_site(catalog, options)` returns a `Site`: the list of `GeneratedPage`s (source path,
title, Markdown with front matter, kind, entity, breadcrumbs), the media files to copy and the
extra header/footer for each case write-up. The MkDocs hook only turns these into files.

Reading order: options and result types, then one `_page_*` method per page kind, in the
order of the site's tabs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import yaml

from showcase.core.catalog import Case, Catalog, HonorRecord, UpdateRecord
from showcase.core.metrics import Figure
from showcase.core.model import Brand, Carrier, Court, Organisation, Person, Project
from showcase.core.problems import Problem
from showcase.core.sources import Layout, media_target
from showcase.site import charts, urls
from showcase.site.render import render, trusted

OUT_OF_RANGE = charts.OUT_OF_RANGE
DERIVED = "计算值"
PLACEHOLDER = "placeholder"  # the kind of a page `SiteOptions.only` left out: its src_uri, nothing else


@dataclass(frozen=True)
class Crumb:
    title: str
    src_uri: str


@dataclass
class GeneratedPage:
    src_uri: str
    title: str  # plain text; escaped when written to front matter
    markdown: str  # the complete page source, front matter included
    kind: str
    entity: str | None = None
    breadcrumbs: list[Crumb] = field(default_factory=list)
    sources: tuple[str, ...] = ()  # display paths of the files the page is made from


@dataclass(frozen=True)
class MediaFile:
    src_uri: str  # where it is served, e.g. media/guiping/logo.svg
    source: Path  # the validated file inside the repository


@dataclass(frozen=True)
class CaseDecoration:
    """What the site adds around a case write-up that lives in docs/cases."""

    title: str
    header: str  # HTML block placed before the author's Markdown
    footer: str  # HTML block placed after it
    tags: list[str]
    breadcrumbs: list[Crumb]


@dataclass
class SiteOptions:
    directory_urls: bool = True
    problems: list[Problem] = field(default_factory=list)  # shown as banners (serve mode)
    existing: frozenset[str] = frozenset()  # src_uris of hand-written docs pages
    guide: list[str] = field(default_factory=list)  # src_uris of the hand-written editing guide
    only: Callable[[str], bool] | None = None
    """A sharded build (showcase/sharding) generates only the pages whose src_uri this accepts; the
    others come back as placeholders (kind PLACEHOLDER, no Markdown), so that every page of the
    site is still known, and their context is never computed. None: every page."""
    outline: Callable[[str], bool] | None = None
    """Of the pages `only` leaves out, those wanted in outline: front matter (title, tags) and no
    body, e.g. every tagged page for the shard that renders the tags listing. Case decorations of
    outlined cases carry title and tags only."""


@dataclass
class Site:
    pages: list[GeneratedPage]
    media: list[MediaFile]
    cases: dict[str, CaseDecoration]  # by case src_uri

    def page(self, src_uri: str) -> GeneratedPage | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)


def build_site(catalog: Catalog, options: SiteOptions | None = None) -> Site:
    return _Builder(catalog, options or SiteOptions()).build()


def _better(value: float, other: float, direction: str) -> bool:
    return value > other if direction == "higher" else value < other


def project_title(project: Project) -> str:
    return f"{project.unit}【{project.name}】"


def court_title(court: Court) -> str:
    return court.short_name or court.name


def ordered_courts(catalog: Catalog) -> list[tuple[Court, int]]:
    """Courts in hierarchy order (higher courts first, children below), with their depth."""
    result: dict[str, tuple[Court, int]] = {}

    def walk(court: Court, depth: int) -> None:
        if court.id not in result:
            result[court.id] = (court, depth)
            for child in catalog.child_courts(court.id):
                walk(child, depth + 1)

    for court in catalog.root_courts():
        walk(court, 0)
    for court in catalog.courts.values():  # courts caught in a parent cycle
        walk(court, 0)
    return list(result.values())


def brand_tree(catalog: Catalog, court_id: str) -> list[tuple[Brand, int]]:
    """Brands of a court, depth-first below their parent brands, with their depth."""
    result: dict[str, tuple[Brand, int]] = {}

    def walk(brand: Brand, depth: int) -> None:
        if brand.id not in result:
            result[brand.id] = (brand, depth)
            for child in catalog.sub_brands(brand.id):
                walk(child, depth + 1)

    for brand in catalog.top_brands_of(court_id):
        walk(brand, 0)
    for brand in catalog.brands_of(court_id):  # brands caught in a parent cycle
        walk(brand, 0)
    return list(result.values())


# --------------------------------------------------------------------------- page context


class Here:
    """What a template needs to know about the page being rendered: links relative to it."""

    def __init__(self, src_uri: str, directory_urls: bool) -> None:
        self.src_uri = src_uri
        self.directory_urls = directory_urls

    def link(self, target: str, anchor: str = "") -> str:
        return urls.relative(self.src_uri, target, self.directory_urls, anchor)

    def court(self, court_id: str) -> str:
        return self.link(urls.court(court_id))

    def brand(self, brand_id: str) -> str:
        return self.link(urls.brand(brand_id))

    def project(self, project_id: str) -> str:
        return self.link(urls.project(project_id))

    def carrier(self, carrier_id: str) -> str:
        return self.link(urls.carrier(carrier_id))

    def person(self, person_id: str) -> str:
        return self.link(urls.person(person_id))

    def campaign(self, campaign_id: str) -> str:
        return self.link(urls.campaign(campaign_id))

    def case(self, case: Case) -> str:
        return self.link(case.src_uri)

    def year(self, value: int) -> str:
        return self.link(urls.year(value))

    def compare(self, court_id: str) -> str:
        return self.link(urls.compare(court_id))

    def media(self, path: str) -> str:
        return self.link(urls.media(path))


@dataclass
class MetricRow:
    """One metric across years, for tables: cells by year, None where there is no value."""

    label: str
    unit: str
    key: str
    cells: list[Figure | None]
    chart: Any  # Markup


@dataclass
class MetricTable:
    entity: str  # e.g. brand:xunzhou-fengqiao, for flags' data attributes
    years: list[int]
    rows: list[MetricRow]


# --------------------------------------------------------------------------- builder


class _Builder:
    def __init__(self, catalog: Catalog, options: SiteOptions) -> None:
        self.c = catalog
        self.options = options
        self.pages: list[GeneratedPage] = []
        self._outline = False  # the page being generated is wanted in outline only (SiteOptions.outline)
        self.media: dict[str, MediaFile] = {}
        self.problems_by_source: dict[str, list[Problem]] = defaultdict(list)
        for problem in options.problems:
            self.problems_by_source[problem.path].append(problem)
        # Computed once: the catalog derives these lists on every call, and pages ask often.
        self.all_updates = catalog.updates()
        self.all_honors = catalog.honors()
        self.project_index = {project.id: (brand, project) for brand, project in catalog.projects()}
        self.update_index: dict[tuple[str, str | None], list[UpdateRecord]] = defaultdict(list)
        for update in self.all_updates:
            for key in (("court", update.court), ("brand", update.brand), ("project", update.project)):
                if key[1]:
                    self.update_index[key].append(update)
        self.honor_index: dict[tuple[str, str | None], list[HonorRecord]] = defaultdict(list)
        for honor in self.all_honors:
            for key in (("court", honor.court), ("brand", honor.brand), ("person", honor.person)):
                if key[1]:
                    self.honor_index[key].append(honor)

    def build(self) -> Site:
        want = self._wanted
        if want(urls.HOME):
            self._page_home()
        if want(urls.MATRIX):
            self._page_matrix()
        for campaign in self.c.campaigns.values():
            if want(urls.campaign(campaign.id)):
                self._page_campaign(campaign.id)
        for court in self.c.courts.values():
            if want(urls.court(court.id)):
                self._page_court(court)
        if want(urls.BRANDS):
            self._page_brands()
        for brand in self.c.brands.values():
            if want(urls.brand(brand.id)):
                self._page_brand(brand)
        if want(urls.PROJECTS):
            self._page_projects()
        for brand, project in self.c.projects():
            if want(urls.project(project.id)):
                self._page_project(brand, project)
        if want(urls.CARRIERS):
            self._page_carriers()
        for court, brand, carrier in self.c.carriers():
            if want(urls.carrier(carrier.id)):
                self._page_carrier(court, brand, carrier)
        if want(urls.COMPARE):
            self._page_compare_index()
        for court in self.c.courts.values():
            if self.c.brands_of(court.id) and want(urls.compare(court.id)):
                self._page_compare(court)
        if urls.CASES not in self.options.existing and want(urls.CASES):
            self._page_cases()
        if want(urls.PEOPLE):
            self._page_people()
        for person in self.c.people.values():
            if want(urls.person(person.id)):
                self._page_person(person)
        if want(urls.HONORS):
            self._page_honors()
        if want(urls.THEMES):
            self._page_themes()
        if want(urls.YEARS):
            self._page_years()
        for year in self.c.years():
            if want(urls.year(year)):
                self._page_year(year)
        if want(urls.UPDATES):
            self._page_updates()
        cases = {case.src_uri: self._case_decoration(case) for case in self.c.cases.values() if want(case.src_uri, listed=False)}
        return Site(self.pages, sorted(self.media.values(), key=lambda m: m.src_uri), cases)

    def _wanted(self, src_uri: str, listed: bool = True) -> bool:
        """Generate this page (in outline, see SiteOptions.outline)? A page left out is listed as a
        placeholder, in its place among the others, unless `listed` is false (case decorations)."""
        self._outline = False
        if self.options.only is None or self.options.only(src_uri):
            return True
        if self.options.outline is not None and self.options.outline(src_uri):
            self._outline = True
            return True
        if listed:
            self.pages.append(GeneratedPage(src_uri, "", "", PLACEHOLDER))
        return False

    # ------------------------------------------------------------------ helpers

    def source(self, kind: str, entity_id: str) -> str | None:
        document = self.c.documents.get((kind, entity_id))
        return document.display if document else None

    def _emit(
        self,
        src_uri: str,
        title: str,
        template: str,
        kind: str,
        *,
        entity: str | None = None,
        crumbs: Iterable[Crumb] = (),
        sources: Iterable[str | None] = (),
        tags: Iterable[str] = (),
        hide: Iterable[str] = (),
        **context: Any,
    ) -> None:
        crumbs = list(crumbs)
        sources = tuple(s for s in sources if s)
        here = Here(src_uri, self.options.directory_urls)
        if kind == "home":
            problems = list(self.options.problems)
        else:
            problems = [p for s in sources for p in self.problems_by_source.get(s, [])]
        body = "" if self._outline else render(template, here=here, c=self.c, b=self, title=title, crumbs=crumbs, problems=sorted(problems), **context)
        front: dict[str, Any] = {"title": escape(title)}
        tags = [escape(t) for t in dict.fromkeys(tags)]
        if tags:
            front["tags"] = tags
        if hide:
            front["hide"] = list(hide)
        meta = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        self.pages.append(GeneratedPage(src_uri, title, f"---\n{meta}---\n\n{body}", kind, entity, crumbs, sources))

    def use_media(self, path: str | None) -> bool:
        """Register a media file for copying; only files validation allows qualify (sources.media_target)."""
        target = media_target(Layout(self.c.root, brands_dir=self.c.brands_dir), path)
        if target is None or path is None:
            return False
        src_uri = urls.media(path)
        self.media.setdefault(src_uri, MediaFile(src_uri, target))
        return True

    # crumbs follow the matrix: 首页 › 品牌矩阵 › 创建活动 › 法院 › 品牌 › 项目

    def crumbs_court(self, court: Court, *, include_self: bool = True) -> list[Crumb]:
        crumbs = [Crumb("首页", urls.HOME), Crumb("品牌矩阵", urls.MATRIX)]
        campaign = next((self.c.campaigns[k] for k in court.campaigns if k in self.c.campaigns), None)
        if campaign:
            crumbs.append(Crumb(campaign.name, urls.campaign(campaign.id)))
        if include_self:
            crumbs.append(Crumb(court_title(court), urls.court(court.id)))
        return crumbs

    def crumbs_brand(self, brand: Brand) -> list[Crumb]:
        crumbs = self.crumbs_court(self.c.courts[brand.court])
        chain: list[Brand] = []
        current: Brand | None = brand
        while current is not None and current not in chain:
            chain.append(current)
            current = self.c.brands.get(current.parent) if current.parent else None
        return crumbs + [Crumb(b.name, urls.brand(b.id)) for b in reversed(chain)]

    def crumbs_section(self, title: str, src_uri: str) -> list[Crumb]:
        return [Crumb("首页", urls.HOME), Crumb(title, src_uri)]

    def chart(self, *args: Any, **kwargs: Any) -> Any:
        return trusted(charts.line_chart(*args, **kwargs))

    def bars(self, *args: Any, **kwargs: Any) -> Any:
        return trusted(charts.bar_chart(*args, **kwargs))

    def metric_table(self, entity: str, yearly: dict[int, dict[str, float]]) -> MetricTable:
        figures = self.c.registry.figures(yearly)
        years = sorted(figures)
        rows = []
        for key, metric in self.c.registry.by_key.items():
            cells = [figures[y].get(key) for y in years]
            present = [f for f in cells if f is not None]
            if not present:
                continue
            points = [(f.year, f.value) for f in present]
            derived = [f.year for f in present if f.derived]
            rows.append(MetricRow(metric.label, metric.unit, key, cells, self.chart(metric, points, derived=derived)))
        return MetricTable(entity, years, rows)

    def organisation_rows(self, court: Court) -> tuple[list[int], list[tuple[str, list[int | None]]]]:
        years = sorted(court.organisation)
        rows = []
        for name, info in Organisation.model_fields.items():
            values = [getattr(court.organisation[y], name) for y in years]
            if any(v is not None for v in values):
                rows.append((info.title or name, values))
        return years, rows

    def brand_tree(self, court_id: str) -> list[tuple[Brand, int]]:
        return brand_tree(self.c, court_id)

    def ordered_courts(self) -> list[tuple[Court, int]]:
        return ordered_courts(self.c)

    def headline(self, court: Court) -> tuple[int | None, list[Figure], list[tuple[str, int]]]:
        """Latest year's court figures and organisation counts for the home page."""
        figures = self.c.figures(court)
        year = max(figures) if figures else None
        shown = list(figures[year].values())[:4] if year else []
        org: list[tuple[str, int]] = []
        if court.organisation:
            latest = court.organisation[max(court.organisation)]
            for name in ("branches", "party_groups", "members"):
                value = getattr(latest, name)
                if value is not None:
                    org.append((Organisation.model_fields[name].title or name, value))
        return year, shown, org

    def updates_of(self, *, court: str | None = None, brand: str | None = None, project: str | None = None) -> list[UpdateRecord]:
        """Updates of one court, brand or project (exactly one keyword), newest first."""
        key = ("court", court) if court else ("brand", brand) if brand else ("project", project)
        return self.update_index.get(key, [])

    def honors_of(self, *, court: str | None = None, brand: str | None = None, person: str | None = None) -> list[HonorRecord]:
        """Honors of one court, brand or person (exactly one keyword), newest and highest first."""
        key = ("court", court) if court else ("brand", brand) if brand else ("person", person)
        return self.honor_index.get(key, [])

    def project_owner(self, project_id: str | None) -> Project | None:
        found = self.project_index.get(project_id) if project_id else None
        return found[1] if found else None

    def campaign_cases(self, campaign_id: str) -> list[Case]:
        return [c for c in self.c.cases.values() if any(s.campaign == campaign_id for s in c.meta.selections)]

    def update_link(self, here: Here, update: UpdateRecord) -> tuple[str, str]:
        """Where an update belongs: (title, href) of its project, brand or court."""
        found = self.project_index.get(update.project) if update.project else None
        if found:
            return project_title(found[1]), here.project(found[1].id)
        if update.brand and update.brand in self.c.brands:
            return self.c.brands[update.brand].name, here.brand(update.brand)
        court = self.c.courts.get(update.court)
        return (court_title(court), here.court(court.id)) if court else ("", "")

    def honor_link(self, here: Here, honor: HonorRecord) -> str:
        if honor.person and honor.person in self.c.people:
            return here.person(honor.person)
        if honor.brand and honor.brand in self.c.brands:
            return here.brand(honor.brand)
        return here.court(honor.court)

    def carriers_of(self, court_id: str, brand_id: str | None) -> list[Carrier]:
        return [carrier for court, brand, carrier in self.c.carriers() if court.id == court_id and (brand.id if brand else None) == brand_id]

    def counts(self) -> dict[str, int]:
        return {
            "法院": len(self.c.courts),
            "子品牌": len(self.c.brands),
            "特色项目": sum(1 for _ in self.c.projects()),
            "载体": sum(1 for _ in self.c.carriers()),
            "先进典型": len(self.c.people),
            "创新案例": len(self.c.cases),
        }

    # ------------------------------------------------------------------ home and matrix

    def _page_home(self) -> None:
        courts = self.ordered_courts()
        in_campaign = {c.id for campaign in self.c.campaigns.values() for c in self.c.courts_in(campaign.id)}
        groups = [(campaign, [c for c, _ in courts if campaign.id in c.campaigns]) for campaign in self.c.campaigns.values()]
        others = [c for c, _ in courts if c.id not in in_campaign]
        self._emit(
            urls.HOME,
            "党建品牌矩阵",
            "home.md.j2",
            "home",
            hide=["navigation"],
            groups=[g for g in groups if g[1]],
            others=others,
            counts=self.counts(),
            latest=self.all_updates[:6],
            guide=self.options.guide,
            sources=[],
        )

    def _page_matrix(self) -> None:
        self._emit(urls.MATRIX, "品牌矩阵", "matrix.md.j2", "matrix", crumbs=self.crumbs_section("品牌矩阵", urls.MATRIX), courts=self.ordered_courts())

    def _page_campaign(self, campaign_id: str) -> None:
        campaign = self.c.campaigns[campaign_id]
        crumbs = [Crumb("首页", urls.HOME), Crumb("品牌矩阵", urls.MATRIX), Crumb(campaign.name, urls.campaign(campaign.id))]
        self._emit(
            urls.campaign(campaign.id),
            campaign.name,
            "campaign.md.j2",
            "campaign",
            entity=campaign.id,
            crumbs=crumbs,
            sources=[self.source("campaign", campaign.id)],
            campaign=campaign,
            courts=self.c.courts_in(campaign.id),
            cases=self.campaign_cases(campaign.id),
        )

    def _page_court(self, court: Court) -> None:
        logo = court.master_brand.logo if court.master_brand else None
        self._emit(
            urls.court(court.id),
            court.name,
            "court.md.j2",
            "court",
            entity=court.id,
            crumbs=self.crumbs_court(court),
            sources=[self.source("court", court.id)],
            court=court,
            logo_ok=self.use_media(logo.path if logo else None),
            formula=self.c.matrix_formula(court.id),
            tree=self.brand_tree(court.id),
            metrics=self.metric_table(f"court:{court.id}", court.metrics),
            organisation=self.organisation_rows(court),
            carriers=self.carriers_of(court.id, None),
            honors=self.honors_of(court=court.id),
            people=self.c.people_of_court(court.id),
            cases=self.c.cases_of_court(court.id),
            updates=self.updates_of(court=court.id),
            children=self.c.child_courts(court.id),
            parent=self.c.courts.get(court.parent) if court.parent else None,
            campaigns=[self.c.campaigns[k] for k in court.campaigns if k in self.c.campaigns],
        )

    def _page_brands(self) -> None:
        self._emit(urls.BRANDS, "支部品牌", "brands.md.j2", "brands", crumbs=self.crumbs_section("品牌矩阵", urls.MATRIX) + [Crumb("支部品牌", urls.BRANDS)], courts=self.ordered_courts())

    def _page_brand(self, brand: Brand) -> None:
        court = self.c.courts[brand.court]
        self._emit(
            urls.brand(brand.id),
            brand.name,
            "brand.md.j2",
            "brand",
            entity=brand.id,
            crumbs=self.crumbs_brand(brand),
            sources=[self.source("brand", brand.id)],
            tags=brand.themes,
            brand=brand,
            court=court,
            logo_ok=self.use_media(brand.logo.path if brand.logo else None),
            media=[m for m in brand.media if self.use_media(m.path)],
            parent=self.c.brands.get(brand.parent) if brand.parent else None,
            children=self.c.sub_brands(brand.id),
            metrics=self.metric_table(f"brand:{brand.id}", brand.metrics),
            honors=self.honors_of(brand=brand.id),
            people=self.c.people_of_brand(brand.id),
            cases=self.c.cases_of_brand(brand.id),
            updates=self.updates_of(brand=brand.id),
        )

    def _page_projects(self) -> None:
        self._emit(
            urls.PROJECTS,
            "特色项目",
            "projects.md.j2",
            "projects",
            crumbs=self.crumbs_section("品牌矩阵", urls.MATRIX) + [Crumb("特色项目", urls.PROJECTS)],
            courts=self.ordered_courts(),
        )

    def _page_project(self, brand: Brand, project: Project) -> None:
        crumbs = self.crumbs_brand(brand) + [Crumb(project_title(project), urls.project(project.id))]
        self._emit(
            urls.project(project.id),
            project_title(project),
            "project.md.j2",
            "project",
            entity=project.id,
            crumbs=crumbs,
            sources=[self.source("brand", brand.id)],
            tags=project.themes,
            brand=brand,
            court=self.c.courts[brand.court],
            project=project,
            siblings=[p for p in brand.projects if p.id != project.id],
            updates=self.updates_of(project=project.id),
            cases=self.c.cases_of_brand(brand.id),
        )

    def _page_carriers(self) -> None:
        self._emit(
            urls.CARRIERS,
            "载体",
            "carriers.md.j2",
            "carriers",
            crumbs=self.crumbs_section("品牌矩阵", urls.MATRIX) + [Crumb("载体", urls.CARRIERS)],
            courts=self.ordered_courts(),
        )

    def _page_carrier(self, court: Court, brand: Brand | None, carrier: Carrier) -> None:
        crumbs = self.crumbs_brand(brand) if brand else self.crumbs_court(court)
        crumbs.append(Crumb(carrier.name, urls.carrier(carrier.id)))
        self._emit(
            urls.carrier(carrier.id),
            carrier.name,
            "carrier.md.j2",
            "carrier",
            entity=carrier.id,
            crumbs=crumbs,
            sources=[self.source("brand", brand.id) if brand else self.source("court", court.id)],
            court=court,
            brand=brand,
            carrier=carrier,
        )

    # ------------------------------------------------------------------ comparison (比学赶超)

    def _page_compare_index(self) -> None:
        courts = [c for c, _ in self.ordered_courts() if self.c.brands_of(c.id)]
        self._emit(
            urls.COMPARE,
            "比学赶超",
            "compare_index.md.j2",
            "compare-index",
            crumbs=self.crumbs_section("品牌矩阵", urls.MATRIX) + [Crumb("比学赶超", urls.COMPARE)],
            courts=courts,
        )

    def _page_compare(self, court: Court) -> None:
        brands = [b for b, _ in self.brand_tree(court.id)]
        figures = {b.id: self.c.figures(b) for b in brands}
        years = sorted({y for f in figures.values() for y in f}, reverse=True)
        shared = [m for m in self.c.registry.by_key.values() if m.shared]
        boards = []
        for year in years:
            metrics = []
            for metric in shared:
                entries = [(b, figures[b.id].get(year, {}).get(metric.key)) for b in brands]
                present = [(b, f) for b, f in entries if f is not None]
                if not present:
                    continue
                ordered = sorted(present, key=lambda e: e[1].value, reverse=metric.direction == "higher")
                # Equal values share a place (1, 2, 2, 4): a tie is not a defeat.
                ranked = [(b, f, 1 + sum(1 for _, g in ordered if _better(g.value, f.value, metric.direction))) for b, f in ordered]
                chart = self.bars(metric, [(b.name, f.value) for b, f in ordered], title=f"{year} 年{metric.label}")
                metrics.append((metric, ranked, chart))
            if metrics:
                boards.append((year, metrics))
        activity = []
        for brand in brands:
            activity.append(
                (
                    brand,
                    {
                        "特色项目": len(brand.projects),
                        "载体": len(brand.carriers),
                        "动态": len(brand.updates),
                        "荣誉": len(self.honors_of(brand=brand.id)),
                        "先进典型": len(self.c.people_of_brand(brand.id)),
                        "创新案例": len(self.c.cases_of_brand(brand.id)),
                    },
                )
            )
        crumbs = self.crumbs_court(court) + [Crumb("比学赶超", urls.compare(court.id))]
        self._emit(
            urls.compare(court.id),
            f"{court_title(court)}比学赶超",
            "compare.md.j2",
            "compare",
            entity=court.id,
            crumbs=crumbs,
            sources=[self.source("brand", b.id) for b in brands],
            court=court,
            boards=boards,
            activity=activity,
        )

    # ------------------------------------------------------------------ cases, people, honors

    def _page_cases(self) -> None:
        self._emit(
            urls.CASES,
            "创新案例",
            "cases.md.j2",
            "cases",
            crumbs=self.crumbs_section("创新案例", urls.CASES),
            courts=[c for c, _ in self.ordered_courts() if self.c.cases_of_court(c.id)],
        )

    def _case_decoration(self, case: Case) -> CaseDecoration:
        brand = self.c.brands[case.meta.brand]
        court = self.c.courts[case.meta.court]
        crumbs = self.crumbs_brand(brand) + [Crumb(case.meta.title, case.src_uri)]
        here = Here(case.src_uri, self.options.directory_urls)
        source = self.source("case", case.id)
        problems = sorted(self.problems_by_source.get(source or "", []))
        context = {"here": here, "c": self.c, "b": self, "case": case, "brand": brand, "court": court, "crumbs": crumbs, "problems": problems}
        if self._outline:
            return CaseDecoration(case.meta.title, "", "", [*case.meta.themes, *case.meta.tags], crumbs)
        others = [c for c in self.c.cases_of_brand(brand.id) if c.id != case.id]
        return CaseDecoration(
            case.meta.title,
            render("case_header.html.j2", **context),
            render("case_footer.html.j2", others=others, **context),
            [*case.meta.themes, *case.meta.tags],
            crumbs,
        )

    def _page_people(self) -> None:
        self._emit(
            urls.PEOPLE,
            "先进典型",
            "people.md.j2",
            "people",
            crumbs=self.crumbs_section("先进典型", urls.PEOPLE),
            courts=[c for c, _ in self.ordered_courts() if self.c.people_of_court(c.id)],
        )

    def _page_person(self, person: Person) -> None:
        court = self.c.courts[person.court]
        brand = self.c.brands.get(person.brand) if person.brand else None
        crumbs = (self.crumbs_brand(brand) if brand else self.crumbs_court(court)) + [Crumb(person.name, urls.person(person.id))]
        self._emit(
            urls.person(person.id),
            person.name,
            "person.md.j2",
            "person",
            entity=person.id,
            crumbs=crumbs,
            sources=[self.source("person", person.id)],
            person=person,
            court=court,
            brand=brand,
            photo_ok=self.use_media(person.photo),
            honors=self.honors_of(person=person.id),
        )

    def _page_honors(self) -> None:
        by_year: dict[int, dict[str, list[HonorRecord]]] = {}
        for honor in self.all_honors:
            by_year.setdefault(honor.year, {"集体": [], "个人": []}).setdefault(honor.kind, []).append(honor)
        levels: dict[str, int] = defaultdict(int)
        for honor in self.all_honors:
            levels[honor.level] += 1
        self._emit(
            urls.HONORS,
            "荣誉墙",
            "honors.md.j2",
            "honors",
            crumbs=self.crumbs_section("荣誉墙", urls.HONORS),
            by_year=by_year,
            levels=dict(levels),
        )

    # ------------------------------------------------------------------ themes, years, updates

    def _page_themes(self) -> None:
        self._emit(urls.THEMES, "主题", "themes.md.j2", "themes", crumbs=self.crumbs_section("主题", urls.THEMES), themes=self.c.themes())

    def _page_years(self) -> None:
        summary = []
        for year in self.c.years():
            summary.append(
                (
                    year,
                    {
                        "动态": sum(1 for u in self.all_updates if u.date.startswith(str(year))),
                        "荣誉": sum(1 for h in self.all_honors if h.year == year),
                        "创新案例": sum(1 for c in self.c.cases.values() if c.meta.year == year),
                    },
                )
            )
        self._emit(urls.YEARS, "年度", "years.md.j2", "years", crumbs=self.crumbs_section("年度", urls.YEARS), summary=summary)

    def _page_year(self, year: int) -> None:
        rows = []  # (kind, entity, figures of that year)
        for court, _ in self.ordered_courts():
            row = self.c.figures(court).get(year)
            if row:
                rows.append(("court", court, row))
            for brand, _ in self.brand_tree(court.id):
                row = self.c.figures(brand).get(year)
                if row:
                    rows.append(("brand", brand, row))
        keys = [k for k in self.c.registry.by_key if any(k in r for _, _, r in rows)]
        organisation = [(court, court.organisation[year]) for court, _ in self.ordered_courts() if year in court.organisation]
        self._emit(
            urls.year(year),
            f"{year} 年",
            "year.md.j2",
            "year",
            entity=str(year),
            crumbs=self.crumbs_section("年度", urls.YEARS) + [Crumb(f"{year} 年", urls.year(year))],
            year=year,
            rows=rows,
            keys=keys,
            organisation=organisation,
            org_fields=[(name, info.title or name) for name, info in Organisation.model_fields.items()],
            honors=[h for h in self.all_honors if h.year == year],
            cases=sorted((c for c in self.c.cases.values() if c.meta.year == year), key=lambda c: c.id),
            updates=[u for u in self.all_updates if u.date.startswith(str(year))],
        )

    def _page_updates(self) -> None:
        by_month: dict[str, list[UpdateRecord]] = {}
        for update in self.all_updates:
            by_month.setdefault(update.date[:7], []).append(update)
        self._emit(urls.UPDATES, "最新动态", "updates.md.j2", "updates", crumbs=self.crumbs_section("最新动态", urls.UPDATES), by_month=by_month)
