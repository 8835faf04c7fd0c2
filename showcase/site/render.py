"""The site's templates (showcase/site/templates), rendered by the one Jinja factory.

Templates produce Markdown *source* for MkDocs, but every piece of text that comes from
YAML sits inside raw HTML blocks (which Python-Markdown passes through verbatim) and is
HTML-escaped by Jinja, so `<script>` arrives as `&lt;script&gt;` and `{{ 7*7 }}` stays
literal text: the values are data, never template source, and Markdown never sees them.
Templates build links as `here.to(urls.brand(brand.id))`: `urls` is the site's URL scheme.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from showcase.core.templating import environment
from showcase.site import urls

TEMPLATES = Path(__file__).parent / "templates"


@cache
def site_environment() -> jinja2.Environment:
    return environment(TEMPLATES, globals={"urls": urls})


def render(template: str, **context: Any) -> str:
    return site_environment().get_template(template).render(**context)
