"""What every page kind is given: the catalog, the options of this build, the pictures, and the
problems to show as banners (serve mode), found by the source file they are about."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from showcase.core.catalog import Catalog
from showcase.core.problems import Problem
from showcase.site.media import Pictures
from showcase.site.page import Crumb, Frame, GeneratedPage, SiteOptions, placeholder
from showcase.site.urls import Here


@dataclass
class SiteContext:
    catalog: Catalog
    options: SiteOptions
    pictures: Pictures
    problems_by_source: dict[str, list[Problem]] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: Catalog, options: SiteOptions) -> SiteContext:
        by_source: dict[str, list[Problem]] = defaultdict(list)
        for problem in options.problems:
            by_source[problem.path].append(problem)
        return cls(catalog, options, Pictures(catalog), dict(by_source))

    def here(self, src_uri: str) -> Here:
        return Here(src_uri, self.options.directory_urls)

    def source(self, kind: str, entity_id: str) -> str | None:
        """The display path of the file an entity comes from."""
        document = self.catalog.documents.get((kind, entity_id))
        return document.display if document else None

    def problems(self, sources: Iterable[str | None]) -> list[Problem]:
        """Banners for a page: the problems of the files it is made from."""
        return sorted(p for s in sources if s for p in self.problems_by_source.get(s, []))

    def frame(self, src_uri: str, title: str, crumbs: list[Crumb], sources: Iterable[str | None] = ()) -> Frame:
        """What every page shows: links from here, the title, breadcrumbs, banners of its files."""
        return Frame(self.here(src_uri), title, crumbs, self.problems(sources), self.outlined(src_uri))

    def left_out(self, src_uri: str) -> GeneratedPage | None:
        """A sharded build: the placeholder of a page this shard neither renders nor outlines
        (checked before anything of the page is computed); None for a page to make."""
        only, outline = self.options.only, self.options.outline
        if only is None or only(src_uri) or (outline is not None and outline(src_uri)):
            return None
        return placeholder(src_uri)

    def outlined(self, src_uri: str) -> bool:
        """A sharded build wants this page's front matter only (title and tags, no body)."""
        only = self.options.only
        return only is not None and not only(src_uri)
