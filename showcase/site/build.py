"""Every generated page of the showcase, from a Catalog, without MkDocs: build the shared
context once, let each page kind make its pages (Pelican's generators), collect the media.

`build_site(catalog, options)` returns a `Site`: the generated pages (source path, title,
Markdown with front matter, kind, entity, breadcrumbs, sources), the media files to copy and the
header/footer for each case write-up. The MkDocs adapter only turns these into files.
"""

from __future__ import annotations

from showcase.core.catalog import Catalog
from showcase.site.context import SiteContext
from showcase.site.page import Site, SiteOptions
from showcase.site.pages import (
    assessment,
    brand,
    brands,
    campaign,
    carrier,
    carriers,
    cases,
    compare,
    court,
    home,
    honors,
    matrix,
    people,
    project,
    projects,
    themes,
    updates,
    years,
)


def build_site(catalog: Catalog, options: SiteOptions | None = None) -> Site:
    site = SiteContext.of(catalog, options or SiteOptions())
    all_updates, all_honors = catalog.updates(), catalog.honors()  # computed once: several kinds list them
    generated = [
        *home.pages(site, all_updates),
        *matrix.pages(site),
        *campaign.pages(site),
        *court.pages(site),
        *brands.pages(site),
        *brand.pages(site),
        *projects.pages(site),
        *project.pages(site),
        *carriers.pages(site),
        *carrier.pages(site),
        *compare.pages(site),
        *cases.pages(site),
        *people.pages(site),
        *honors.pages(site, all_honors),
        *themes.pages(site),
        *years.pages(site, all_updates, all_honors),
        *updates.pages(site, all_updates),
        *assessment.pages(site),  # internal builds only: none without assessments
    ]
    return Site(generated, site.pictures.media_files(), cases.decorations(site))
