"""Audiences: the intranet (internal, everything) and the public website (public), and the
privacy lint that decides what may be published. The public API of the feature.

    load_for_audience(layout, audience)   load and validate, privacy lint included (privacy.py)
    for_audience(catalog, audience)       the catalog a build may show (publication.py)
    publishable(src_uri, public_cases)    whether a docs/ file may reach a public build
    find_leaks(site_dir, catalog)         the last check of a built public site (leaks.py)
"""

from __future__ import annotations

from showcase.audience import privacy
from showcase.audience.leaks import Leak, find_leaks, internal_texts, published_docs_text
from showcase.audience.publication import (
    CASES_PREFIX,
    RESULTS_PREFIX,
    excluded_files,
    excluded_src_uris,
    for_audience,
    media_paths,
    publishable,
)
from showcase.core import placeholders
from showcase.core.catalog import Catalog
from showcase.core.loader import Layout, load_catalog
from showcase.core.parsecache import ParseCache
from showcase.core.problems import Problem, ValidationFailed
from showcase.core.settings import INTERNAL, PUBLIC, resolve_audience


def load_for_audience(
    layout: Layout, audience: str | None = None, parsed: ParseCache | None = None
) -> tuple[Catalog, list[Problem]]:
    """Load everything and lint it for `audience` (internal | public; default: SHOWCASE_AUDIENCE,
    else internal). Privacy findings are errors for what a public build publishes and warnings on
    the intranet, and so are placeholders a template left unfilled (showcase/core/placeholders.py);
    a mistyped audience is an error and counts as public."""
    audience, audience_problems = resolve_audience(audience)
    catalog, problems = load_catalog(layout, parsed)
    if audience == PUBLIC:  # a template's 待填写 left in a file must not reach the public site
        problems = placeholders.strict(problems)
    found = privacy.scan(catalog, layout.brands, audience, lambda path: layout.display(path))
    return catalog, sorted(set(problems + audience_problems + found))


def load_valid_for_audience(layout: Layout, audience: str | None = None) -> Catalog:
    """Load, lint, and raise ValidationFailed when any error was found."""
    catalog, problems = load_for_audience(layout, audience)
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return catalog


__all__ = [
    "CASES_PREFIX",
    "INTERNAL",
    "PUBLIC",
    "RESULTS_PREFIX",
    "Leak",
    "excluded_files",
    "excluded_src_uris",
    "find_leaks",
    "for_audience",
    "internal_texts",
    "load_for_audience",
    "load_valid_for_audience",
    "media_paths",
    "privacy",
    "publishable",
    "published_docs_text",
]
