"""State that must outlive one MkDocs build during `mkdocs serve`.

MkDocs loads hook files afresh for every rebuild (and calls on_startup only once), so the
hook keeps what it needs here, in a normal module that is imported once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from showcase.core.catalog import Catalog
from showcase.core.metrics import Registry
from showcase.core.problems import Problem
from showcase.site.pages import Site
from showcase.tracking.findings import Thresholds


@dataclass
class State:
    command: str | None = None  # build | gh-deploy | serve; None when a test calls build() directly
    catalog: Catalog = field(default_factory=lambda: Catalog(Path("."), Registry([])))  # what the site shows
    full_catalog: Catalog = field(default_factory=lambda: Catalog(Path("."), Registry([])))  # before audience filtering
    audience: str = "internal"
    scoped: bool = False  # court-scoped preview (SHOWCASE_PREVIEW_COURT): one court's pages only
    last_good: Catalog | None = None  # serve mode: the last catalog loaded without errors
    problems: list[Problem] = field(default_factory=list)
    brands_dir: Path | None = None
    docs_prefix: str = "docs"  # docs_dir relative to the project root, as in problem paths
    site: Site | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)  # tracking dashboard (extra.showcase.tracking)
    token: str = ""  # per build: where the author's part of a hand-written page begins (site.sanitizer)


state = State()
