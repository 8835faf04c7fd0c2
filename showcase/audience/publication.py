"""What a public build leaves out, besides what `Catalog.public_only()` removes from the data:
the source pages under docs/ it may not render and the media files only internal content uses."""

from __future__ import annotations

from showcase.core.catalog import Catalog
from showcase.core.settings import PUBLIC, parse_audience


def for_audience(catalog: Catalog, audience: str) -> Catalog:
    """The catalog a build for `audience` may show."""
    return catalog.public_only() if parse_audience(audience) == PUBLIC else catalog


# --------------------------------------------------------------------------- what a public build leaves out


def excluded_src_uris(catalog: Catalog) -> set[str]:
    """Source pages under docs/ (case write-ups) a public build must not render."""
    public = catalog.public_only()
    return {case.src_uri for case_id, case in catalog.cases.items() if case_id not in public.cases}


CASES_PREFIX = "cases/"  # below docs/: case write-ups, published one by one as the catalog says
RESULTS_PREFIX = "packets/"  # below docs/: reviewers' scores and rankings, intranet only


def publishable(src_uri: str, public_cases: set[str]) -> bool:
    """Whether a file from docs/ may reach a public build. An allow-list: a case write-up only when
    the public catalog holds it (so a file that slipped past validation is never published), never
    review results; hand-written pages and assets (editing guide, styles) are public."""
    if src_uri.startswith(CASES_PREFIX):
        return src_uri in public_cases
    return not src_uri.startswith(RESULTS_PREFIX)


def media_paths(catalog: Catalog) -> set[str]:
    """Every repository file the catalog refers to: logos, media, photos, attachments."""
    paths: set[str] = set()
    for court in catalog.courts.values():
        if court.master_brand and court.master_brand.logo:
            paths.add(court.master_brand.logo.path)
    for brand in catalog.brands.values():
        if brand.logo:
            paths.add(brand.logo.path)
        paths.update(m.path for m in brand.media)
    paths.update(p.photo for p in catalog.people.values() if p.photo)
    for case in catalog.cases.values():
        paths.update(case.meta.attachments)
    return paths


def excluded_files(catalog: Catalog) -> set[str]:
    """Repository paths of files only internal content refers to; a public build must not copy them."""
    return media_paths(catalog) - media_paths(catalog.public_only())
