"""What a shard's build knows while it runs (held by the MkDocs adapter's session state)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from showcase.sharding.plan import Plan, ShardSpec
from showcase.sharding.record import Outlines, PageRecord
from showcase.site import SiteOptions


@dataclass
class ShardState:
    spec: ShardSpec
    final_dir: Path | None = None  # the shard's output folder (the build writes beside it first)
    previous: dict[str, PageRecord] = field(default_factory=dict)  # its last complete build, by src_uri
    previous_site: str = ""  # that build's digest of what all pages share
    plan: Plan | None = None
    own: set[str] = field(default_factory=set)  # this shard's pages
    listing: set[str] = field(default_factory=set)  # pages holding a tags listing (every shard reads them)
    site: str = ""  # digest of what all pages share
    keys: dict[str, str] = field(default_factory=dict)  # own page → content key
    render: set[str] = field(default_factory=set)  # own pages rendered in this build
    reuse: set[str] = field(default_factory=set)  # own pages copied from the last build
    held: set[str] = field(default_factory=set)  # read for their title or tags, not built
    pages: list[list[str]] = field(default_factory=list)  # every page: [src_uri, url, dest_uri]
    sitemap: str | None = None  # the theme's sitemap template, for the merge
    court_keys: dict[str, str] = field(default_factory=dict)  # court → inputs key (a `build` on this machine)
    court_of: dict[str, str] = field(default_factory=dict)  # page of one court → the court
    unread: set[str] = field(default_factory=set)  # own pages not generated: their court is as last built
    options: SiteOptions | None = None  # what generated this shard's pages (again for unread ones)
    previous_outlines: Outlines = field(default_factory=dict)  # the tags listing's shard: as last read
    outlines: Outlines = field(default_factory=dict)  # … and as read in this build
    cached_outlines: set[str] = field(default_factory=set)  # pages not outlined: their court is as last read

    def owns(self, src_uri: str) -> bool:
        return src_uri in self.own
