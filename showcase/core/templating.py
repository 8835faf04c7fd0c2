"""The one Jinja2 environment factory, for the site's pages, the tracking dashboard, packets and
review results: autoescape always on, undefined names are errors, and the display rules of
showcase/core/display.py are filters everywhere. Values from YAML are data, never template
source, so `<script>` arrives as `&lt;script&gt;` and `{{ 7*7 }}` stays literal text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from showcase.core import display

FILTERS: dict[str, Callable[..., Any]] = {
    "oneline": display.oneline,
    "clip": display.clip,
    "court_name": display.court_name,
    "project_title": display.project_title,
    "name": display.name,
    "order_honors": display.order_honors,
}


class _BestEffortCache(jinja2.FileSystemBytecodeCache):
    """A cache that cannot be read or written (a full or cleaned temporary directory) only
    means the template is compiled again."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


@cache
def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between builds (every shard of a build compiles the same ones):
    Jinja's per-user cache folder in the temporary directory, private to this user and keyed by
    each template's source. None where Jinja finds that folder unsafe: templates compile each time."""
    try:
        return _BestEffortCache()
    except (OSError, RuntimeError):
        return None


def _new(folder: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        bytecode_cache=bytecode_cache(),
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,  # for every extension: .md.j2 templates hold HTML blocks too
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


_cached = cache(_new)


def environment(
    folder: Path, *, filters: Mapping[str, Callable[..., Any]] | None = None, globals: Mapping[str, Any] | None = None
) -> jinja2.Environment:
    """The environment for the templates in `folder`, made once; with extra filters or globals (a
    feature's own), a fresh one, so a cached environment and its compiled templates never change."""
    if not filters and not globals:
        return _cached(folder.resolve())
    env = _new(folder.resolve())
    env.filters.update(filters or {})
    env.globals.update(globals or {})
    return env


def trusted(markup: str) -> Markup:
    """Mark HTML produced by our own code (charts, inlined assets) as safe; never YAML text."""
    return Markup(markup)
