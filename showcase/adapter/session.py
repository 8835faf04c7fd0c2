"""State that must outlive one MkDocs build during `mkdocs serve`, and what one build knows.

MkDocs loads hook files afresh for every rebuild (and calls on_startup only once), so what the
adapter needs lives here, in a normal module that is imported once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from showcase.assessment import Assessment
from showcase.core.catalog import Catalog
from showcase.core.metrics import Registry
from showcase.core.problems import Problem
from showcase.core.settings import INTERNAL, ProjectSettings
from showcase.editing import EditLink, Locator
from showcase.search import PageLabel
from showcase.sharding import ShardSpec, ShardState
from showcase.site import Identity, Site


def _empty() -> Catalog:
    return Catalog(Path("."), Registry([]))


@dataclass
class State:
    command: str | None = None  # build | gh-deploy | serve; None when a test calls build() directly
    settings: ProjectSettings = field(default_factory=ProjectSettings)  # extra.showcase in mkdocs.yml
    catalog: Catalog = field(default_factory=_empty)  # what the site shows
    full_catalog: Catalog = field(default_factory=_empty)  # before audience filtering
    audience: str = INTERNAL
    offline: bool = False  # the copy opened from disk (SHOWCASE_OFFLINE=1)
    scoped: bool = False  # court-scoped preview (SHOWCASE_PREVIEW_COURT): one court's pages only
    last_good: Catalog | None = None  # serve mode: the last catalog loaded without errors
    problems: list[Problem] = field(default_factory=list)
    brands_dir: Path | None = None
    docs_prefix: str = "docs"  # docs_dir relative to the project root, as in problem paths
    site: Site | None = None
    identity: Identity | None = None  # the site's owner, for the footer and printed pages
    token: str = ""  # per build: where the author's part of a hand-written page begins (site.sanitizer)
    labels: dict[str, PageLabel] = field(default_factory=dict)  # search: what each page is, by src_uri
    urls: dict[str, str] = field(default_factory=dict)  # search: src_uri → page URL, as the index names it
    edit_links: dict[str, EditLink] = field(default_factory=dict)  # “编辑此页”: src_uri → source, maintainer, link
    locator: Locator | None = None  # finds those sources: made once per build
    assessments: dict[int, Assessment] = field(default_factory=dict)  # 量化考核 by year; internal builds only
    shard_spec: ShardSpec | None = None  # SHOWCASE_SHARD, read with the other settings
    shard: ShardState | None = None  # a sharded build (SHOWCASE_SHARD): showcase/adapter/shard.py
    court_keys: dict[str, str] | None = None  # its courts' inputs keys, from `build` (sharding/inputs.py)


state = State()
