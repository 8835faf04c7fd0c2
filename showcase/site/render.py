"""Jinja2 rendering of page templates (showcase/site/templates), autoescape always on.

Templates produce Markdown *source* for MkDocs, but every piece of text that comes from
YAML sits inside raw HTML blocks (which Python-Markdown passes through verbatim) and is
HTML-escaped by Jinja, so `<script>` arrives as `&lt;script&gt;` and `{{ 7*7 }}` stays
literal text: the values are data, never template source, and Markdown never sees them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # for every extension: .md.j2 templates hold HTML blocks too
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["oneline"] = oneline
    env.filters["clip"] = clip
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


# Folded YAML (`>-`) joins lines with a space, which is noise between Chinese characters.
_CJK = "\u2018-\u201f\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def oneline(value: str | None) -> str:
    """Collapse text to one line (no blank line may end an HTML block early), minus CJK gaps."""
    return _CJK_SPACE.sub("", " ".join((value or "").split()))


def clip(value: str | None, length: int) -> str:
    """Shorten to `length` characters with an ellipsis; Chinese has no words to break at."""
    text = oneline(value)
    return text if len(text) <= length else text[: length - 1].rstrip("，、；： ") + "…"


def trusted(markup: str) -> Markup:
    """Mark HTML produced by our own code (charts) as safe; never call this on YAML text."""
    return Markup(markup)
