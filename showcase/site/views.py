"""What several page kinds show, computed once per page: metric tables with their charts, honours
and updates with the page they link to, brand cards with their logos, a court's headline.

Each view carries resolved links and media, so templates only lay them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from showcase.core.catalog import Catalog, HonorRecord, UpdateRecord
from showcase.core.display import court_name, project_title
from showcase.core.metrics import Figure, format_value
from showcase.core.model import Brand, Court, Organisation
from showcase.core.templating import trusted
from showcase.site import charts, urls
from showcase.site.media import Pictures
from showcase.site.nav import city_of
from showcase.site.urls import Here

# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class Tile:
    """One figure as a tile: 13,756 件 受理案件 (2023 年), with its 合理区间 status."""

    figure: Figure
    label: str
    number: str  # 13,756 / 87.26
    unit: str  # 件 / %
    status: str | None  # 在合理区间内 / 低于合理区间 / 高于合理区间; None without a range
    range_text: str  # 合理区间 80–100%, empty without a range

    @property
    def out_of_range(self) -> bool:
        return self.figure.out_of_range


def tile(figure: Figure) -> Tile:
    metric = figure.metric
    number = format_value(metric, figure.value).removesuffix(metric.unit).strip() if metric.unit else format_value(metric, figure.value)
    status = None
    if metric.range is not None:
        low, high = metric.range
        status = "低于合理区间" if figure.value < low else "高于合理区间" if figure.value > high else "在合理区间内"
    return Tile(figure, metric.label, number, metric.unit, status, charts.range_text(metric))


@dataclass(frozen=True)
class MetricRow:
    """One metric across years, for tables: cells by year, None where there is no value."""

    label: str
    unit: str
    key: str
    range: tuple[float, float] | None
    range_text: str
    cells: list[Figure | None]
    chart: Markup | None  # only with values in two years or more
    latest: Tile


@dataclass(frozen=True)
class MetricTable:
    """An entity's figures: with two years or more a table and a line chart per metric; with one
    year, tiles (a chart of one point says nothing)."""

    entity: str  # e.g. brand:xunzhou-fengqiao, for flags' data attributes
    years: list[int]
    rows: list[MetricRow]

    @property
    def trend(self) -> bool:
        return len(self.years) >= charts.MIN_POINTS

    @property
    def charted(self) -> list[MetricRow]:
        return [row for row in self.rows if row.chart is not None]

    @property
    def tiles(self) -> list[Tile]:
        return [row.latest for row in self.rows]


def metric_table(catalog: Catalog, entity: str, yearly: dict[int, dict[str, float]]) -> MetricTable:
    figures = catalog.registry.figures(yearly)
    years = sorted(figures)
    rows = []
    for key, metric in catalog.registry.by_key.items():
        cells = [figures[y].get(key) for y in years]
        present = [f for f in cells if f is not None]
        if not present:
            continue
        points = [(f.year, f.value) for f in present]
        derived = [f.year for f in present if f.derived]
        chart = trusted(charts.line_chart(metric, points, derived=derived)) if len(points) >= charts.MIN_POINTS else None
        rows.append(MetricRow(metric.label, metric.unit, key, metric.range, charts.range_text(metric), cells, chart, tile(present[-1])))
    return MetricTable(entity, years, rows)


def organisation_rows(court: Court) -> tuple[list[int], list[tuple[str, list[int | None]]]]:
    """三会一课 and party structure per year: (years, [(label, values by year)])."""
    years = sorted(court.organisation)
    rows = []
    for name, info in Organisation.model_fields.items():
        values = [getattr(court.organisation[y], name) for y in years]
        if any(v is not None for v in values):
            rows.append((info.title or name, values))
    return years, rows


# --------------------------------------------------------------------------- honours and updates


@dataclass(frozen=True)
class HonorView:
    year: int
    title: str
    level: str
    kind: str
    awarded_by: str | None
    holder: str
    href: str  # the page of the person, brand or court that holds it


def honor_views(catalog: Catalog, here: Here, honors: list[HonorRecord]) -> list[HonorView]:
    views = []
    for honor in honors:
        if honor.person and honor.person in catalog.people:
            href = here.to(urls.person(honor.person))
        elif honor.brand and honor.brand in catalog.brands:
            href = here.to(urls.brand(honor.brand))
        else:
            href = here.to(urls.court(honor.court))
        views.append(HonorView(honor.year, honor.title, honor.level, honor.kind, honor.awarded_by, honor.holder, href))
    return views


@dataclass(frozen=True)
class UpdateView:
    date: str
    title: str
    body: str | None
    owner: str  # the project, brand or court it is about
    owner_href: str


def update_views(catalog: Catalog, here: Here, updates: list[UpdateRecord]) -> list[UpdateView]:
    views = []
    for update in updates:
        found = catalog.find_project(update.project) if update.project else None
        if found:
            owner, href = project_title(found[1]), here.to(urls.project(found[1].id))
        elif update.brand and update.brand in catalog.brands:
            owner, href = catalog.brands[update.brand].name, here.to(urls.brand(update.brand))
        elif (court := catalog.courts.get(update.court)) is not None:
            owner, href = court_name(court), here.to(urls.court(court.id))
        else:
            owner, href = "", ""
        views.append(UpdateView(update.date, update.title, update.body, owner, href))
    return views


# --------------------------------------------------------------------------- brands and courts


@dataclass(frozen=True)
class BrandCard:
    brand: Brand
    depth: int
    logo: str  # the logo's link from this page; empty without a usable logo


def brand_cards(catalog: Catalog, here: Here, pictures: Pictures, court_id: str) -> list[BrandCard]:
    return [BrandCard(brand, depth, pictures.src(here, brand.logo.path if brand.logo else None)) for brand, depth in catalog.brand_tree(court_id)]


@dataclass(frozen=True)
class Headline:
    """A court's latest figures and party structure, for the home page's key-figure tiles."""

    year: int | None
    figures: list[Tile]
    organisation: list[tuple[str, int]]
    organisation_year: int | None


OVERVIEW_LIMIT = 200
"""An overview of the whole site (最新动态, a year's page) lists at most this many updates, cases,
honours or metric rows of each kind: a national site has tens of thousands (a year's page of
1,000 courts was 23 MB), and every one of them is on its court's, brand's or person's page. The
overview says how many it shows of how many."""


@dataclass(frozen=True)
class Shown:
    """The first `limit` items of an overview list, and how many there are in all."""

    items: list[Any]
    total: int

    @property
    def left_out(self) -> int:
        return self.total - len(self.items)


def first_of(items: Sequence[Any]) -> Shown:
    """At most OVERVIEW_LIMIT of `items` (in their order: newest or highest first)."""
    return Shown(list(items[:OVERVIEW_LIMIT]), len(items))


def too_many(count: int) -> bool:
    """More than an overview lists of one kind."""
    return count > OVERVIEW_LIMIT


COURT_SECTIONS_LIMIT = 12
"""An overview court by court (the home page's trees, 支部品牌, 特色项目, 载体, 先进典型, 创新案例,
a campaign's courts) shows each court's section for at most this many courts, about a city's.
Above it, the page is a directory of the courts by city saying how many entries each has, all of
which are on the court's page: at 1,000 courts these pages were 1.5 to 14 MB."""


@dataclass(frozen=True)
class Directory:
    cities: list[tuple[str, list[tuple[Court, int]]]]  # city → its courts and how many entries each has
    total: int  # entries of every court
    courts: int
    unit: str  # 个子品牌, 位先进典型 …


def directory_of(counts: Sequence[tuple[Court, int]], unit: str, *, every: bool = False) -> Directory | None:
    """The courts (those with an entry, or `every` court) by city, above COURT_SECTIONS_LIMIT;
    None at or below it: the page shows each court's section."""
    listed = [(court, n) for court, n in counts if n or every]
    if len(listed) <= COURT_SECTIONS_LIMIT:
        return None
    cities: dict[str, list[tuple[Court, int]]] = {}
    for court, n in listed:
        cities.setdefault(city_of(court.region), []).append((court, n))
    return Directory(list(cities.items()), sum(n for _, n in listed), len(listed), unit)


HEADLINE_FIGURES = 4


def headline(catalog: Catalog, court: Court) -> Headline:
    figures = catalog.figures(court)
    year = max(figures) if figures else None
    shown = [tile(f) for f in list(figures[year].values())[:HEADLINE_FIGURES]] if year else []
    org: list[tuple[str, int]] = []
    org_year = max(court.organisation) if court.organisation else None
    if org_year is not None:
        latest = court.organisation[org_year]
        for name in ("branches", "party_groups", "members"):
            value = getattr(latest, name)
            if value is not None:
                org.append((Organisation.model_fields[name].title or name, value))
    return Headline(year, shown, org, org_year)


# --------------------------------------------------------------------------- the matrix drawn


@dataclass(frozen=True)
class Node:
    """One box of the brand-matrix diagram: a link with a name, a line under it and a logo."""

    name: str
    href: str
    kind: str  # master | brand | project
    note: str = ""  # 第二党支部（民事审判部门）, 桂平法院 …
    logo: str = ""  # the logo's link from this page; empty without one
    children: tuple[Node, ...] = ()  # brands under a master brand, projects and sub-brands under a brand


@dataclass(frozen=True)
class Matrix:
    """A court's brand matrix as a tree: master brand → branch brands → projects."""

    court: Court
    root: Node  # the master brand (or the court, when it has none)
    formula: tuple[int, int, int]
    headline: Headline

    @property
    def empty(self) -> bool:
        return not self.root.children and self.court.master_brand is None


def _brand_node(catalog: Catalog, here: Here, pictures: Pictures, brand: Brand, seen: frozenset[str] = frozenset()) -> Node:
    seen = seen | {brand.id}  # a parent cycle (reported by the loader) must not recurse forever
    projects = tuple(Node(project_title(p), here.to(urls.project(p.id)), "project", p.kind) for p in brand.projects)
    subs = tuple(_brand_node(catalog, here, pictures, child, seen) for child in catalog.sub_brands(brand.id) if child.id not in seen)
    logo = pictures.src(here, brand.logo.path if brand.logo else None)
    return Node(brand.name, here.to(urls.brand(brand.id)), "brand", brand.branch, logo, projects + subs)


def matrix(catalog: Catalog, here: Here, pictures: Pictures, court: Court) -> Matrix:
    master = court.master_brand
    brands = tuple(_brand_node(catalog, here, pictures, brand) for brand in catalog.top_brands_of(court.id))
    logo = pictures.src(here, master.logo.path if master and master.logo else None)
    root = Node(master.name if master else court_name(court), here.to(urls.court(court.id)), "master", court.name if master else "", logo, brands)
    return Matrix(court, root, catalog.matrix_formula(court.id), headline(catalog, court))


@dataclass(frozen=True)
class CourtSummary:
    """A court as lists show it: its matrix formula (master brands + sub-brands + projects)."""

    court: Court
    depth: int
    formula: tuple[int, int, int]
    brands: int


def court_summaries(catalog: Catalog, courts: list[tuple[Court, int]]) -> list[CourtSummary]:
    return [CourtSummary(court, depth, catalog.matrix_formula(court.id), len(catalog.brands_of(court.id))) for court, depth in courts]
