"""What every generated page is made of, and how one is rendered.

A page kind (showcase/site/pages/) builds a context — a dataclass naming everything its one
template shows — and `render_page` turns it into a `GeneratedPage`: Markdown with front matter
for MkDocs, whose text from YAML sits in raw HTML escaped by Jinja.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from html import escape
from pathlib import Path
from typing import Any

import yaml

from showcase.assessment import Assessment
from showcase.core.problems import Problem
from showcase.site.render import render
from showcase.site.urls import Here

PLACEHOLDER = "placeholder"  # the kind of a page `SiteOptions.only` left out: its src_uri, nothing else


@dataclass(frozen=True)
class Crumb:
    title: str
    src_uri: str


@dataclass
class GeneratedPage:
    src_uri: str
    title: str  # plain text; escaped when written to front matter
    markdown: str  # the complete page source, front matter included
    kind: str
    entity: str | None = None
    breadcrumbs: list[Crumb] = field(default_factory=list)
    sources: tuple[str, ...] = ()  # display paths of the files the page is made from


@dataclass(frozen=True)
class MediaFile:
    src_uri: str  # where it is served, e.g. media/guiping/logo.svg
    source: Path  # the validated file inside the repository


@dataclass(frozen=True)
class CaseDecoration:
    """What the site adds around a case write-up that lives in docs/cases."""

    title: str
    header: str  # HTML block placed before the author's Markdown
    footer: str  # HTML block placed after it
    tags: list[str]
    breadcrumbs: list[Crumb]


@dataclass
class SiteOptions:
    directory_urls: bool = True
    problems: list[Problem] = field(default_factory=list)  # shown as banners (serve mode)
    existing: frozenset[str] = frozenset()  # src_uris of hand-written docs pages
    guide: list[str] = field(default_factory=list)  # src_uris of the hand-written editing guide
    # 量化考核 by year, and the day plan progress is judged on: internal builds only (the adapter
    # leaves `assessments` empty for a public build, whose catalog holds no plans either).
    assessments: dict[int, Assessment] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    at_risk_days: int = 30  # extra.showcase.tracking.at_risk_days
    only: Callable[[str], bool] | None = None
    """A sharded build (showcase/sharding) generates only the pages whose src_uri this accepts; the
    others come back as placeholders (kind PLACEHOLDER, no Markdown), so that every page of the
    site is still known, and their context is never computed. None: every page."""
    outline: Callable[[str], bool] | None = None
    """Of the pages `only` leaves out, those wanted in outline: front matter (title, tags) and no
    body, e.g. every tagged page for the shard that renders the tags listing. Case decorations of
    outlined cases carry title and tags only."""


@dataclass
class Site:
    pages: list[GeneratedPage]
    media: list[MediaFile]
    cases: dict[str, CaseDecoration]  # by case src_uri

    def page(self, src_uri: str) -> GeneratedPage | None:
        return next((p for p in self.pages if p.src_uri == src_uri), None)


@dataclass(frozen=True)
class Frame:
    """What every page template gets: links from here, its title, breadcrumbs and banners."""

    here: Here
    title: str
    crumbs: list[Crumb]
    problems: list[Problem]
    outline: bool = False  # a sharded build wants only the front matter (SiteOptions.outline)


@dataclass(frozen=True)
class PageContext:
    """A page kind subclasses this with the fields its template shows."""

    frame: Frame

    def values(self) -> dict[str, Any]:
        """The template's names: the frame's (here, title, crumbs, problems) and one per field."""
        names = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "frame"}
        return {f.name: getattr(self.frame, f.name) for f in fields(self.frame) if f.name != "outline"} | names


def placeholder(src_uri: str) -> GeneratedPage:
    """A page a sharded build leaves to another shard: known by its place, nothing computed."""
    return GeneratedPage(src_uri, "", "", PLACEHOLDER)


def render_page(
    context: PageContext,
    template: str,
    kind: str,
    *,
    entity: str | None = None,
    sources: Iterable[str | None] = (),
    tags: Iterable[str] = (),
    hide: Iterable[str] = (),
) -> GeneratedPage:
    """The page's Markdown: front matter (title, tags, hide; escaped) and the rendered template."""
    frame = context.frame
    body = "" if frame.outline else render(template, **context.values())
    front: dict[str, Any] = {"title": escape(frame.title)}
    escaped_tags = [escape(t) for t in dict.fromkeys(tags)]
    if escaped_tags:
        front["tags"] = escaped_tags
    if hide:
        front["hide"] = list(hide)
    meta = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return GeneratedPage(frame.here.src_uri, frame.title, f"---\n{meta}---\n\n{body}", kind, entity, list(frame.crumbs), tuple(s for s in sources if s))
