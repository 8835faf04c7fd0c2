"""The site's URL scheme: English paths built from ids, one function per entity kind.

Every page is addressed by its MkDocs-style source path (`brands/<id>/index.md`); `page_url`
turns that into the served URL and `relative` into a link between two pages, for both
`use_directory_urls` settings, so generated HTML links work without MkDocs rewriting them.
"""

from __future__ import annotations

import posixpath
from functools import cache

HOME = "index.md"
MATRIX = "courts/index.md"
BRANDS = "brands/index.md"
PROJECTS = "projects/index.md"
CARRIERS = "carriers/index.md"
CAMPAIGNS = "campaigns/index.md"
PEOPLE = "people/index.md"
CASES = "cases/index.md"
HONORS = "honors/index.md"
THEMES = "themes/index.md"
YEARS = "years/index.md"
UPDATES = "updates/index.md"
COMPARE = "compare/index.md"
ASSESSMENT = "assessment/index.md"  # 量化考核: internal builds only


def court(court_id: str) -> str:
    return f"courts/{court_id}/index.md"


def brand(brand_id: str) -> str:
    return f"brands/{brand_id}/index.md"


def project(project_id: str) -> str:
    return f"projects/{project_id}/index.md"


def carrier(carrier_id: str) -> str:
    return f"carriers/{carrier_id}/index.md"


def person(person_id: str) -> str:
    return f"people/{person_id}/index.md"


def campaign(campaign_id: str) -> str:
    return f"campaigns/{campaign_id}/index.md"


def year(value: int) -> str:
    return f"years/{value}/index.md"


def compare(court_id: str) -> str:
    return f"compare/{court_id}/index.md"


def assessment(value: int) -> str:
    return f"assessment/{value}/index.md"


def assessment_anchor(brand_id: str) -> str:
    """Where a brand's breakdown starts on a year's assessment page."""
    return f"brand-{brand_id}"


def media(path: str) -> str:
    """Site path of a repository media file: brands/media/x/y.svg → media/x/y.svg."""
    parts = path.replace("\\", "/").split("/")
    if parts and parts[0] == "brands":
        parts = parts[1:]
    if parts and parts[0] == "media":
        parts = parts[1:]
    return "media/" + "/".join(parts)


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """Served URL of a page (relative to the site root), as MkDocs computes it."""
    if not src_uri.endswith(".md"):
        return src_uri  # static file: served as is
    stem = src_uri[:-3]
    if posixpath.basename(stem) in ("index", "README"):
        folder = posixpath.dirname(stem)
        if directory_urls:
            return folder + "/" if folder else ""
        return (folder + "/" if folder else "") + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


@cache
def relative(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """Link from the page `from_src` to the page or file `to_src`, relative like MkDocs writes it.
    Cached and computed on strings: a province-size site asks for a hundred thousand links."""
    here = page_url(from_src, directory_urls)
    there = page_url(to_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    base_parts = [p for p in base.split("/") if p]
    target_parts = [p for p in there.split("/") if p]
    common = 0
    while common < min(len(base_parts), len(target_parts)) and base_parts[common] == target_parts[common]:
        common += 1
    link = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    if (there.endswith("/") or not there) and not link.endswith("/"):
        link += "/"
    return link + (f"#{anchor}" if anchor else "")


class Here:
    """Links from the page being rendered: `here.to(urls.brand(brand_id))` in a template."""

    def __init__(self, src_uri: str, directory_urls: bool) -> None:
        self.src_uri = src_uri
        self.directory_urls = directory_urls

    def to(self, target: str, anchor: str = "") -> str:
        return relative(self.src_uri, target, self.directory_urls, anchor)
