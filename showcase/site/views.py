"""What several page kinds show, computed once per page: metric tables with their charts, honours
and updates with the page they link to, brand cards with their logos, a court's headline.

Each view carries resolved links and media, so templates only lay them out.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from showcase.core.catalog import Catalog, HonorRecord, UpdateRecord
from showcase.core.display import court_name, project_title
from showcase.core.metrics import Figure
from showcase.core.model import Brand, Court, Organisation
from showcase.core.templating import trusted
from showcase.site import charts, urls
from showcase.site.media import Pictures
from showcase.site.urls import Here

# --------------------------------------------------------------------------- metrics


@dataclass(frozen=True)
class MetricRow:
    """One metric across years, for tables: cells by year, None where there is no value."""

    label: str
    unit: str
    key: str
    range: tuple[float, float] | None
    cells: list[Figure | None]
    chart: Markup


@dataclass(frozen=True)
class MetricTable:
    entity: str  # e.g. brand:xunzhou-fengqiao, for flags' data attributes
    years: list[int]
    rows: list[MetricRow]


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
        chart = trusted(charts.line_chart(metric, points, derived=derived))
        rows.append(MetricRow(metric.label, metric.unit, key, metric.range, cells, chart))
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
    """A court's latest figures and party structure, for the home page."""

    year: int | None
    figures: list[Figure]
    organisation: list[tuple[str, int]]


def headline(catalog: Catalog, court: Court) -> Headline:
    figures = catalog.figures(court)
    year = max(figures) if figures else None
    shown = list(figures[year].values())[:4] if year else []
    org: list[tuple[str, int]] = []
    if court.organisation:
        latest = court.organisation[max(court.organisation)]
        for name in ("branches", "party_groups", "members"):
            value = getattr(latest, name)
            if value is not None:
                org.append((Organisation.model_fields[name].title or name, value))
    return Headline(year, shown, org)


@dataclass(frozen=True)
class CourtSummary:
    """A court as lists show it: its matrix formula (master brands + sub-brands + projects)."""

    court: Court
    depth: int
    formula: tuple[int, int, int]
    brands: int


def court_summaries(catalog: Catalog, courts: list[tuple[Court, int]]) -> list[CourtSummary]:
    return [CourtSummary(court, depth, catalog.matrix_formula(court.id), len(catalog.brands_of(court.id))) for court, depth in courts]
