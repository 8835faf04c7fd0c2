"""The print-ready PDF: Jinja2 templates rendered by WeasyPrint.

Rendered in two passes so the page numbers are right by construction: the case sections first
(numbered from — 1 —, as official compilations number their content), then the cover, table
of contents and reviewing notes with the page of every case filled in from the first pass.
The front pages are padded to an even count so page 1 of the content is a right-hand page
when printed double-sided, which is what GB/T 9704's odd-right/even-left numbering assumes.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint.urls import URLFetcher, URLFetcherResponse

from showcase.core.display import phrases
from showcase.core.svgsafe import sanitize_svg
from showcase.packets import layout
from showcase.packets.content import SCORING_RULE, PacketContent, tidy
from showcase.packets.spec import plain

TEMPLATES = Path(__file__).parent / "templates"
FONTS = {role.name: role for role in layout.ROLES}


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(L=layout, fonts=FONTS, plain=plain, scoring_rule=SCORING_RULE)
    env.filters["tidy"] = tidy
    env.filters["phrases"] = phrase_spans
    return env


def phrase_spans(text: str) -> Markup:
    """Titles and contents entries break between words, never inside one (法庭上， not 法庭/上，):
    each phrase is an unbreakable span; lines break between spans."""
    return Markup("").join(Markup('<span class="w">{}</span>').format(part) for part in phrases(text))


class RepositoryFetcher(URLFetcher):
    """Only files inside the repository (and data: URIs) may be read while rendering; SVG files
    are read as their sanitized rewrite (showcase/core/svgsafe.py), like the website serves them.

    WeasyPrint 68+ takes a URLFetcher subclass with its own `fetch` (plain functions and
    default_url_fetcher are gone in 70); a refused URL raises, and WeasyPrint leaves it out."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme == "file" and not path.is_relative_to(self.root):
            raise ValueError(f"拒绝读取仓库以外的资源：{url}")
        if parts.scheme == "file" and path.suffix.lower() == ".svg":
            return URLFetcherResponse(url, sanitize_svg(path.read_bytes()), {"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)


def url_fetcher(root: Path) -> RepositoryFetcher:
    return RepositoryFetcher(root)


def _timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class PdfResult:
    pages: int  # physical pages, cover included
    front_pages: int  # cover, contents and notes, unnumbered
    case_pages: dict[str, int]  # case anchor → printed page number


def render_pdf(content: PacketContent, target: Path) -> PdfResult:
    """Write the PDF and say where each case landed."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # CSS the engine ignores is not the user's concern
    env = environment()
    fetcher = url_fetcher(content.root)
    base_url = content.root.resolve().as_uri() + "/"
    common = {"packet": content, "created": _timestamp(content.build_time), "fonts": content.fonts}

    body_html = env.get_template("body.html.j2").render(numbered=True, **common)
    body = weasyprint.HTML(string=body_html, base_url=base_url, url_fetcher=fetcher).render()
    pages = {
        anchor: number
        for number, page in enumerate(body.pages, start=1)
        for anchor in page.anchors
        if anchor.startswith("case-")
    }

    def front(blank_page: bool) -> Any:
        html = env.get_template("front.html.j2").render(numbered=False, pages=pages, blank_page=blank_page, **common)
        return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render()

    cover = front(False)
    if len(cover.pages) % 2:
        cover = front(True)
    document = cover.copy(cover.pages + body.pages)
    document.write_pdf(target)
    return PdfResult(len(document.pages), len(cover.pages), pages)
