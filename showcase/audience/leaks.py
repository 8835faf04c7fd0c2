"""The last check of a built public site: no text that only internal content has may appear in any
output file (pages, search index, sitemap, feeds), and no internal page or media file may exist.
Media are recognised by content; text by normalised pieces (see `internal_texts`)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from showcase.audience.publication import excluded_files, excluded_src_uris, media_paths
from showcase.core.catalog import Catalog
from showcase.core.model import ENTITY_MODELS
from showcase.core.svgsafe import SvgError, sanitize_svg


def _literal_values() -> set[str]:
    """Choice values (stage 培育, kind 讲堂 …): shared vocabulary, never a secret."""
    found: set[str] = set()
    seen: set[type] = set()

    def walk(annotation: Any) -> None:
        if typing.get_origin(annotation) is typing.Literal:
            found.update(str(v) for v in typing.get_args(annotation))
            return
        for arg in typing.get_args(annotation):
            walk(arg)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in seen:
            seen.add(annotation)
            for info in annotation.model_fields.values():
                walk(info.annotation)

    for model in ENTITY_MODELS.values():
        walk(model)
    return found


# `evidence` (plan tasks) holds references to other records, whose own text is checked where it is written.
_SKIP_FIELDS = {"visibility", "internal_fields", "tags", "hide", "evidence"}
_NOT_TEXT = re.compile(r"[\d\s\-.:/%]*")  # numbers and dates


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in _SKIP_FIELDS:
                yield from _texts(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, str):
        yield value


def _catalog_texts(catalog: Catalog) -> set[str]:
    texts: set[str] = set()
    for entities in (catalog.campaigns, catalog.courts, catalog.brands, catalog.people):
        for entity in entities.values():
            texts.update(_texts(entity))
    for case in catalog.cases.values():
        texts.update(_texts(case.meta))
        texts.update(line.strip() for line in case.body.splitlines() if line.strip())
        texts.add(case.id)
    return texts


# Zero-width spaces too: the search index separates Chinese words with U+200B.
_NOISE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad*_`#>\[\]|]+")
_TAG = re.compile(r"<[^<>]*>")
_SEGMENT_BREAK = re.compile(r"[，。；：！？、,;:!?（）()“”\"'「」《》\n]+")
MIN_SEGMENT = 5  # shorter pieces of prose recur by chance (年度、党支部) and would raise false alarms
MIN_WHOLE = 3  # a whole short value (a name, an id) is distinctive enough on its own


def normalise(text: str) -> str:
    """Text as it survives rendering: entities decoded, tags, Markdown marks and spaces gone."""
    return _NOISE.sub("", _TAG.sub("", html.unescape(text)))


def internal_texts(catalog: Catalog, public_extra: Iterable[str] = ()) -> set[str]:
    """Normalised pieces of text that only internal content contains.

    `public_extra` is other published text (hand-written docs pages) whose words must not count
    as leaks. Whole short values (names, ids) and longer clauses of prose are both checked, so a
    page that quotes half an internal paragraph is caught too.
    """
    public_texts = _catalog_texts(catalog.public_only())
    public_blob = "\x00".join(normalise(t) for t in (*public_texts, *public_extra))
    choices = _literal_values()
    pieces: set[str] = set()
    for text in _catalog_texts(catalog) - public_texts:
        if text in choices or _NOT_TEXT.fullmatch(text):
            continue
        whole = normalise(text)
        if len(whole) >= MIN_WHOLE:
            pieces.add(whole)
        for part in _SEGMENT_BREAK.split(text):
            part = normalise(part)
            if len(part) >= MIN_SEGMENT and not _NOT_TEXT.fullmatch(part):
                pieces.add(part)
    return {piece for piece in pieces if piece not in public_blob}


# --------------------------------------------------------------------------- checking a built site


@dataclass(frozen=True)
class Leak:
    file: str  # below the site directory
    text: str  # what was found (internal text, or a file name)

    def format(self) -> str:
        shown = self.text if len(self.text) <= 40 else self.text[:40] + "…"
        return f"{self.file}: 公开版中出现了内部内容“{shown}”"


TEXT_SUFFIXES = {
    ".html",
    ".htm",
    ".json",
    ".xml",
    ".txt",
    ".js",
    ".csv",
    ".tsv",
    ".svg",
    ".md",
    ".rss",
    ".atom",
    ".yml",
    ".yaml",
}
BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".pdf",
    ".woff",
    ".woff2",
    ".ttf",
    ".eot",
    ".zip",
    ".gz",
}
# The theme's own code and styles: never content, and full of English words that ids may equal.
THEME_DIRS = ("assets/javascripts/", "assets/stylesheets/")
_LINK = re.compile(r"""(?:href|src|content)\s*=\s*["']([^"']*)["']""")
_XML_TEXT = re.compile(r">([^<>]+)<")
_ASCII = re.compile(r"[\x21-\x7e]+")


def _json_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


@dataclass
class _Output:
    """What one output file shows (visible text) and where it points (links, locations)."""

    text: str
    addresses: str


def _read_output(path: Path) -> _Output | None:
    """Readable text of one output file; JSON is decoded because the search index escapes CJK."""
    suffixes = path.suffixes
    raw = path.read_bytes()
    if suffixes and suffixes[-1] == ".gz":
        try:
            raw = gzip.decompress(raw)
        except OSError:
            return None
        suffixes = suffixes[:-1]
    suffix = suffixes[-1].lower() if suffixes else ""
    if suffix in BINARY_SUFFIXES:
        return None
    if suffix not in TEXT_SUFFIXES:
        # An unknown kind of file: read it as text unless it looks binary, so nothing goes unread.
        if b"\x00" in raw[:8192]:
            return None
    text = raw.decode("utf-8", errors="replace")
    if suffix == ".json":
        try:
            strings = list(_json_strings(json.loads(text)))
        except ValueError:
            strings = [text]
        return _Output(normalise("\n".join(strings)), "\n".join(strings))
    if suffix in (".xml", ".rss", ".atom"):
        return _Output(normalise(text), "\n".join(html.unescape(t) for t in _XML_TEXT.findall(text)))
    return _Output(normalise(text), "\n".join(html.unescape(link) for link in _LINK.findall(text)))


def find_leaks(site_dir: Path, catalog: Catalog, public_extra: Iterable[str] | None = None) -> list[Leak]:
    """Internal text, pages or media files present in a built public site.

    Text with Chinese in it is looked for in what pages show (search index and feeds included);
    ids and paths (plain ASCII) in what they link to — page addresses, links, sitemap entries —
    where an internal id betrays an internal page, and as whole words only. `public_extra` is other
    published text; by default the hand-written pages under <root>/docs (case write-ups excepted).
    """
    if public_extra is None:
        public_extra = published_docs_text(catalog.root / "docs", catalog)
    leaks: list[Leak] = []
    files = sorted(p for p in site_dir.rglob("*") if p.is_file())
    relative = {p: p.relative_to(site_dir).as_posix() for p in files}
    # Media are recognised by content, not by name: two courts may both have a master-logo.svg.
    internal_media = _digests(catalog.root, excluded_files(catalog))
    public_media = _digests(catalog.root, media_paths(catalog.public_only()))
    secret = {digest: path for digest, path in internal_media.items() if digest not in public_media}
    if secret:
        for path in files:
            digest = _digest(path)
            if digest in secret:
                leaks.append(Leak(relative[path], secret[digest]))
    for uri in sorted(excluded_src_uris(catalog)):
        page = site_dir / uri[: -len(".md")]
        if page.is_dir() or page.with_suffix(".html").is_file():
            leaks.append(Leak(page.relative_to(site_dir).as_posix(), uri))
    pieces = internal_texts(catalog, public_extra)
    if not pieces:
        return leaks
    texts: list[tuple[str, str]] = []
    addresses: list[tuple[str, str]] = [("（网站文件列表）", "\n".join(relative.values()))]
    for path in files:
        name = relative[path]
        if name.startswith(THEME_DIRS) or path.suffix == ".css":
            continue
        output = _read_output(path)
        if output is not None:
            texts.append((name, output.text))
            addresses.append((name, output.addresses))
    for piece in sorted(pieces):
        if _ASCII.fullmatch(piece):
            word = re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(piece)}(?![A-Za-z0-9_-])")
            hit = next((name for name, text in addresses if word.search(text)), None)
        else:
            hit = next((name for name, text in texts if piece in text), None)
        if hit is not None:
            leaks.append(Leak(hit, piece))
    return leaks


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _digests(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """Content digest → repository path, for the media files named (those that exist): of the
    file as it is and, for SVG, of the sanitized rewrite the site serves instead."""
    found: dict[str, str] = {}
    for name in sorted(paths):
        path = root / name
        digest = _digest(path)
        if digest is None:
            continue
        found.setdefault(digest, name)
        if path.suffix.lower() == ".svg":
            try:
                found.setdefault(hashlib.sha256(sanitize_svg(path.read_bytes())).hexdigest(), name)
            except (SvgError, OSError):
                pass  # an unusable SVG is never copied (the loader reports it)
    return found


def published_docs_text(docs_dir: Path, catalog: Catalog) -> list[str]:
    """Hand-written Markdown pages a public build publishes (case write-ups excluded)."""
    cases = {case.source.resolve() for case in catalog.cases.values()}
    texts = []
    for path in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else []:
        if path.resolve() not in cases:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts
