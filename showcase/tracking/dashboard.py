"""The tracking dashboard page (internal builds only): findings rendered for the party office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from showcase.core.catalog import Catalog
from showcase.core.templating import environment, trusted
from showcase.tracking.dates import change_dates
from showcase.tracking.findings import NOT_SUBMITTED, OUTCOMES, BrandRow, CourtRow, Thresholds, findings, summarise

TEMPLATES = Path(__file__).parent / "templates"

DASHBOARD_SRC = "tracking/index.md"  # where the hook should place the page (internal builds only)


def dashboard_markdown(
    brand_rows: list[BrandRow],
    court_rows: list[CourtRow],
    *,
    thresholds: Thresholds,
    today: dt.date,
    note: str = "",
    brand_link: Callable[[str], str | None] | None = None,
) -> str:
    """The dashboard page (Markdown with one raw-HTML block; sorting and filtering inlined, no CDN)."""
    template = environment(TEMPLATES).get_template("dashboard.md.j2")
    return template.render(
        summary=summarise(brand_rows, court_rows, thresholds, today),
        brands=brand_rows,
        courts=court_rows,
        thresholds=thresholds,
        year=thresholds.year(today),
        today=today,
        note=note,
        link=brand_link or (lambda _id: None),
        outcomes=OUTCOMES,
        not_submitted=NOT_SUBMITTED,
        script=_inline("dashboard.js"),
    )


STYLESHEET_SRC = "assets/tracking.css"  # the hook links it in internal builds (a <style> in <body> is invalid HTML)


def stylesheet() -> str:
    return (TEMPLATES / "dashboard.css").read_text(encoding="utf-8")


def _inline(name: str) -> Markup:
    """A vendored asset to inline; blank lines would end Markdown's raw HTML block early."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    return trusted("\n".join(line for line in text.splitlines() if line.strip()))


def dashboard_page(
    catalog: Catalog,
    thresholds: Thresholds,
    *,
    today: dt.date | None = None,
    git_root: Path | None = None,
    brand_link: Callable[[str], str | None] | None = None,
) -> str:
    """Everything the site hook needs: findings for the full (internal) catalog, rendered."""
    today = today or dt.date.today()
    root = git_root if git_root is not None else catalog.root
    dates = change_dates(root, [catalog.root / "brands", catalog.root / "docs"])
    brand_rows, court_rows = findings(catalog, root, thresholds, today, dates)
    return dashboard_markdown(
        brand_rows, court_rows, thresholds=thresholds, today=today, note=dates.note, brand_link=brand_link
    )
