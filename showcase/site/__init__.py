"""The site: every generated page of the brand matrix, its navigation, charts and the HTML
rules for what authors write. The public API of the feature; nothing here imports MkDocs
(showcase/adapter/ wires it to MkDocs events).
"""

from pathlib import Path

from showcase.site import urls
from showcase.site.charts import bar_chart, chart_summary, line_chart
from showcase.site.identity import Identity, print_style, site_identity
from showcase.site.nav import NavNode, build_nav, mkdocs_nav
from showcase.site.build import build_site
from showcase.site.page import PLACEHOLDER, CaseDecoration, GeneratedPage, MediaFile, Site, SiteOptions
from showcase.site.pages.assessment import nav as assessment_nav
from showcase.site.render import render

THEME_DIR = Path(__file__).parent / "theme"
"""Theme overrides (header, footer, sample notice), put in front of Material's templates."""

__all__ = [
    "THEME_DIR",
    "CaseDecoration",
    "GeneratedPage",
    "Identity",
    "MediaFile",
    "PLACEHOLDER",
    "NavNode",
    "Site",
    "SiteOptions",
    "assessment_nav",
    "bar_chart",
    "build_nav",
    "build_site",
    "chart_summary",
    "line_chart",
    "mkdocs_nav",
    "print_style",
    "render",
    "site_identity",
    "urls",
]
