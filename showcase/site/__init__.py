"""The site: every generated page of the brand matrix, its navigation, charts and the HTML
rules for what authors write. The public API of the feature; nothing here imports MkDocs
(showcase/adapter/ wires it to MkDocs events).
"""

from showcase.site import urls
from showcase.site.charts import bar_chart, chart_summary, line_chart
from showcase.site.nav import NavNode, build_nav, mkdocs_nav
from showcase.site.build import build_site
from showcase.site.page import PLACEHOLDER, CaseDecoration, GeneratedPage, MediaFile, Site, SiteOptions
from showcase.site.pages.assessment import nav as assessment_nav
from showcase.site.render import render

__all__ = [
    "CaseDecoration",
    "GeneratedPage",
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
    "render",
    "urls",
]
