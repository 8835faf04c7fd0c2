"""A sharded build (SHOWCASE_SHARD=I/N, see showcase/sharding): the whole navigation, only this
shard's pages, and a record for the merge.

MkDocs renders every page it has a file for, and every page it renders shows the navigation, so a
shard keeps every page as a file (the navigation and the links between pages need them all) and
stops MkDocs from reading or building the pages that are not its own:

    on_config      the shard, and the record of this folder's last build (its unchanged pages)
    on_files       the plan: the site's page list (placeholders, nothing generated), this shard's
                   part; the pages of other shards are generated as placeholders only, and so
                   are own pages of a court whose inputs key (sharding/inputs.py, given by
                   `build`) is the one they were last built from; the shard that renders the
                   tags listing outlines every other page (title and tags), except those of a
                   court whose inputs key is the one their outline was last read with
    on_nav         each own page's content key: changed ones are rendered (an own page not
                   generated is generated now), unchanged ones copied from the last build;
                   every other page is excluded, except those whose text
                   other pages show — the tags listing, pages the navigation names by their own
                   title — which MkDocs reads; the shard that renders the tags listing gives
                   Material's tags plugin every tagged page, in the site's order (outlines kept
                   from the last build are outlined now if what all pages share changed)
    on_env         those are excluded too, now that their titles and tags are read
    on_post_build  the record: per page its key, output file, tags and search part, and the
                   outlines read; Material's index, tags.json and the sitemap go (the merge
                   makes them for the whole site)
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter

from showcase import search, tracking
from showcase.adapter.pages import edit_link_of
from showcase.adapter.session import State
from showcase.audience import PUBLIC
from showcase.sharding import (
    DOCS,
    RECORD_DIR,
    PageRecord,
    RecordError,
    ShardRecord,
    ShardSpec,
    ShardState,
    code_digest,
    court_order,
    court_pages,
    digest_of,
    key_of,
    link_or_copy,
    peak_rss,
    plan_shards,
    read_outlines,
    read_pages,
    read_record,
    write_record,
)
from showcase.site import GeneratedPage, SiteOptions, build_site, urls
from showcase.site.sanitizer import clean_meta

log = logging.getLogger("mkdocs.hooks.showcase.shard")
LISTING = re.compile(r"<!--\s*material/tags")
LEFT_TO_MERGE = ("search/search_index.json", "tags.json", "sitemap.xml", "sitemap.xml.gz")


def begin(spec: ShardSpec, final_dir: str, state: State) -> None:
    """on_config: this build is shard `spec`; the record of the folder's last build, if complete."""
    folder = Path(final_dir)
    shard = ShardState(spec, folder)
    try:
        shard.previous_site = read_record(folder).site
        shard.previous = {page.src: page for page in read_pages(folder)}
    except (RecordError, OSError, ValueError, TypeError):
        shard.previous, shard.previous_site = {}, ""
    shard.court_keys = dict(state.court_keys or {})
    state.shard = shard
    log.info(f"分片构建 {spec}：只生成本分片的页面（上次构建留下 {len(shard.previous)} 个可比对的页面）")


# --------------------------------------------------------------------------- on_files


def site_options(options: SiteOptions, files: Files, state: State) -> SiteOptions:
    """The plan, from the site's page list; the options that generate this shard's pages only."""
    shard = state.shard
    assert shard is not None
    placeholders = build_site(state.catalog, replace(options, only=lambda _src: False)).pages
    documentation = files.documentation_pages()  # a list of every file's page: made once
    docs = [f.src_uri for f in documentation]
    known = set(docs)
    pages = docs + [p.src_uri for p in placeholders if p.src_uri not in known]
    if state.audience != PUBLIC:
        pages.append(tracking.DASHBOARD_SRC)
    shard.court_of = court_pages(state.catalog)
    shard.plan = plan_shards(pages, shard.court_of, court_order(state.catalog), shard.spec.count)
    shard.own = set(shard.plan.pages_of(shard.spec.index))
    shard.unread = {src for src in shard.own if _court_as_built(shard, src)}
    shard.listing = {urls.THEMES} | {
        f.src_uri for f in documentation if not f.src_uri.startswith("cases/") and _has_listing(f)
    }
    outline = bool(shard.own & shard.listing)  # the tags listing needs every tagged page's title and tags
    log.info(f"分片 {shard.spec}：{len(shard.own)} / {len(pages)} 个页面（计划 {shard.plan.digest}）")
    wanted = (shard.own - shard.unread) | shard.listing
    if outline and shard.final_dir is not None:
        shard.previous_outlines = read_outlines(shard.final_dir)
        shard.cached_outlines = {
            src
            for src, (court, _meta) in shard.previous_outlines.items()
            if src not in wanted and court == _court_key(shard, src)
        }
        log.info(f"分片 {shard.spec}：标签页沿用上次读到的 {len(shard.cached_outlines)} 个页面的标题和标签")
    shard.options = replace(
        options,
        only=wanted.__contains__,
        outline=(lambda src: src not in shard.cached_outlines) if outline else None,
    )
    return shard.options


def _court_key(shard: ShardState, src: str) -> str | None:
    """The inputs key of the court whose page `src` is; None for a page of no court, or unknown."""
    court = shard.court_of.get(src)
    return shard.court_keys.get(court) if court is not None else None


def _court_as_built(shard: ShardState, src: str) -> bool:
    """A page of one court whose inputs are those its last build was made from."""
    key, before = _court_key(shard, src), shard.previous.get(src)
    return key is not None and before is not None and before.court == key


def placeholder_dashboard(state: State) -> bool:
    """The dashboard is costly (git history, every brand's findings): only its own shard makes it."""
    return state.shard is not None and not state.shard.owns(tracking.DASHBOARD_SRC)


def _has_listing(file: File) -> bool:
    try:
        return bool(LISTING.search(file.content_string))
    except (OSError, ValueError):
        return False


# --------------------------------------------------------------------------- on_nav


def choose(files: Files, nav: Navigation, config: MkDocsConfig, state: State) -> None:
    """Which pages this build renders, copies, reads or leaves out; see the module docstring."""
    shard = state.shard
    assert shard is not None
    pages = files.documentation_pages()
    shard.pages = [[f.src_uri, _page_url(f), f.dest_uri] for f in pages]
    in_nav = {page.file.src_uri for page in nav.pages}
    untitled = [
        f for f in pages if f.src_uri in in_nav and f.page is not None and f.page.title is None and f.name != "index"
    ]
    named_by_page = {f.src_uri for f in untitled}
    shard.site = _site_digest(config, state, untitled)
    tags_digest = ""
    if shard.own & shard.listing:
        if shard.cached_outlines and shard.previous_site != shard.site:
            _outline_now(files, shard.cached_outlines, state)  # kept outlines, made before a shared change
            shard.cached_outlines = set()
        tags_digest = _give_tags_plugin_every_page(pages, config, state)
    # An own page left ungenerated is copied when nothing all pages share changed either; else it
    # is generated now and compared like any other.
    late = {src for src in shard.unread if shard.previous_site != shard.site or not _kept(shard, src)}
    if late:
        _generate_now(files, late, state)
    for file in pages:
        src = file.src_uri
        if src in shard.unread and src not in late:
            shard.keys[src] = shard.previous[src].key
            shard.reuse.add(src)
        elif src in shard.own:
            key = shard.keys[src] = _key(file, state, tags_digest if src in shard.listing else "")
            if _reusable(shard, src, key):
                shard.reuse.add(src)
            else:
                shard.render.add(src)
    for file in pages:
        if file.src_uri in shard.render:
            continue
        if file.src_uri in shard.listing or file.src_uri in named_by_page or file.src_uri in shard.held:
            shard.held.add(file.src_uri)  # read (titles, tags, the listing), never built
        else:
            file.inclusion = InclusionLevel.EXCLUDED
    log.info(f"分片 {shard.spec}：生成 {len(shard.render)} 个页面，沿用上次的 {len(shard.reuse)} 个")


def _generate_now(files: Files, late: set[str], state: State) -> None:
    """Own pages left ungenerated (their court's inputs unchanged) when what all pages share
    changed all the same (the code, the settings, the navigation): generated now, before MkDocs
    reads any page."""
    assert state.shard is not None and state.site is not None
    log.info(f"分片 {state.shard.spec}：{len(late)} 个页面所属法院的资料未变，但全站共用的输入变了，重新生成后比对")
    fresh = _make_again(files, late, state, outline=False)
    state.site.pages = [fresh.get(page.src_uri, page) for page in state.site.pages]  # kinds and sources: edit links


def _outline_now(files: Files, srcs: set[str], state: State) -> None:
    """Pages whose outline was kept from the last build (their court's inputs unchanged) when
    what all pages share changed all the same: outlined now, before the tags plugin reads them."""
    assert state.shard is not None
    log.info(f"分片 {state.shard.spec}：全站共用的输入变了，重新读取 {len(srcs)} 个页面的标题和标签")
    _make_again(files, srcs, state, outline=True)


def _make_again(files: Files, srcs: set[str], state: State, *, outline: bool) -> dict[str, GeneratedPage]:
    """Pages `srcs` generated (or only outlined) after on_files: their files' Markdown and their
    case decorations replaced; returns them by src_uri."""
    assert state.shard is not None and state.shard.options is not None and state.site is not None
    wanted = srcs.__contains__
    if outline:
        options = replace(state.shard.options, only=lambda _src: False, outline=wanted)
    else:
        options = replace(state.shard.options, only=wanted, outline=None)
    made = build_site(state.catalog, options)
    fresh = {page.src_uri: page for page in made.pages if page.src_uri in srcs}
    for src, page in fresh.items():
        file = files.get_file_from_path(src)
        if file is not None and file.generated_by:
            file.content_string = page.markdown
    state.site.cases.update({src: decoration for src, decoration in made.cases.items() if src in srcs})
    return fresh


def _page_url(file: File) -> str:
    """The URL a page goes by (Page.url): the home page's is empty, as in the search index."""
    return "" if file.url in (".", "./") else file.url


def _site_digest(config: MkDocsConfig, state: State, untitled: list[File]) -> str:
    """Everything every page's output depends on, besides the page itself."""
    config_file = Path(config.config_file_path)
    return digest_of(
        {
            "config": hashlib.sha256(config_file.read_bytes()).hexdigest(),
            "resolved": json.dumps(
                [config.site_url, config.use_directory_urls, config.extra, config.theme.get("features")],
                sort_keys=True,
                default=lambda o: type(o).__name__,
            ),
            "code": code_digest(config_file.parent),  # the package, the hooks, Python and package versions
            "engine": "properdocs" if "properdocs" in sys.modules else "mkdocs",
            "audience": state.audience,
            "nav": json.dumps(config.nav, ensure_ascii=False, default=str),
            "pages": state.shard.pages if state.shard else [],  # media: only those of its own pages
            "words": sorted(search.dictionary(state.catalog)),
            "untitled": {f.src_uri: _source_bytes(f).decode("utf-8", "replace") for f in untitled},
            "listing": sorted(state.shard.listing) if state.shard else [],
        }
    )


def _source_bytes(file: File) -> bytes:
    if file.generated_by or not file.abs_src_path:
        return file.content_bytes
    return Path(file.abs_src_path).read_bytes()


def _key(file: File, state: State, tags_digest: str) -> str:
    """A page's content key: the site digest and everything of the page itself."""
    assert state.shard is not None
    parts: list[str | bytes] = [
        _source_bytes(file),
        repr(state.labels.get(file.src_uri)),
        tags_digest,
        repr(edit_link_of(file, state)),  # its line moves when lines above it are added or removed
    ]
    decoration = state.site.cases.get(file.src_uri) if state.site else None
    if decoration is not None:
        parts += [decoration.title, decoration.header, decoration.footer, "\n".join(decoration.tags)]
    return key_of(state.shard.site, file.src_uri, *parts)


def _reusable(shard: ShardState, src: str, key: str) -> bool:
    """The page's key is that of its last build, whose output is still there to copy."""
    before = shard.previous.get(src)
    return before is not None and before.key == key and _kept(shard, src)


def _kept(shard: ShardState, src: str) -> bool:
    """The last build's output of the page is still there to copy."""
    before = shard.previous.get(src)
    if before is None or shard.final_dir is None:
        return False
    if before.dest is not None and not (shard.final_dir / before.dest).is_file():
        return False
    return before.docs is None or (shard.final_dir / RECORD_DIR / DOCS / before.docs).is_file()


def _give_tags_plugin_every_page(pages: Sequence[File], config: MkDocsConfig, state: State) -> str:
    """The shard rendering a tags listing: Material's tags plugin learns every tagged page of the
    site, in the site's order, as it would reading each; returns a digest of them all. Pages
    this build reads anyway are read again later, taking their own places."""
    plugin = next((p for p in config.plugins.values() if type(p).__module__.startswith("material.plugins.tags")), None)
    mappings = getattr(plugin, "mappings", None)
    if plugin is None or mappings is None or not hasattr(mappings, "add"):
        return ""
    shard = state.shard
    assert shard is not None
    seen: list[Any] = []
    for file in pages:
        src = file.src_uri
        if src in shard.cached_outlines:
            meta = copy.deepcopy(shard.previous_outlines[src][1] or {})
        else:
            meta = _meta_of(file, state)
        if court := _court_key(shard, src):
            shard.outlines[src] = [court, copy.deepcopy(meta) if meta.get("tags") else None]
        if not meta.get("tags"):
            continue
        page = file.page if file.page is not None else Page(None, file, config)
        page.meta = meta
        if page.markdown is None:
            page.markdown = ""  # as read: the title comes from the front matter unless the nav names it
        mappings.add(page, "")
        seen.append([file.url, page.title, meta.get("tags")])
    return digest_of(seen)


def _meta_of(file: File, state: State) -> dict[str, Any]:
    """A page's front matter (its title and tags) as the build would see it. A hand-written page
    with tags is read by MkDocs as well (its title may be its first heading)."""
    decoration = state.site.cases.get(file.src_uri) if state.site else None
    if decoration is not None:  # a case write-up: the hook sets its title and tags (pages.decorate)
        return {"title": escape(decoration.title), "tags": [escape(t) for t in dict.fromkeys(decoration.tags)]}
    if file.generated_by:
        text = file.content_string
        if "\ntags:" not in text.split("\n---", 1)[0]:
            return {}
        return front_matter.get_data(text)[1]
    try:
        found = front_matter.get_data(file.content_string)[1]
    except (OSError, ValueError):
        return {}
    clean_meta(found)  # as pages.decorate does
    if found.get("tags") and state.shard is not None:
        state.shard.held.add(file.src_uri)
    return found


# --------------------------------------------------------------------------- on_env


def hold_back(files: Files, state: State) -> None:
    """The pages read for their titles and tags are not built."""
    assert state.shard is not None
    for file in files.documentation_pages():
        if file.src_uri in state.shard.held:
            file.inclusion = InclusionLevel.EXCLUDED


def remember_sitemap(env: Any, state: State) -> None:
    """The theme's sitemap template: the merge renders it for every page of the site."""
    assert state.shard is not None
    try:
        state.shard.sitemap = env.loader.get_source(env, "sitemap.xml")[0]
    except TemplateNotFound:  # a theme without a sitemap: the merge writes none
        state.shard.sitemap = None


# --------------------------------------------------------------------------- on_post_build


def finish(config: MkDocsConfig, state: State) -> None:
    """The record of this shard (see showcase/sharding/record.py); the merge does the rest."""
    shard = state.shard
    assert shard is not None
    site = Path(config.site_dir)
    index_path = site / "search" / "search_index.json"
    groups: dict[str, list[dict[str, Any]]] = {}
    search_config: dict[str, Any] | None = None
    if index_path.is_file():
        by_url = {state.urls[src]: label for src, label in state.labels.items() if src in state.urls}
        index = search.label_index(search.read_index(index_path), by_url)
        search_config = dict(index.get("config", {}))
        groups = {search.page_of(entries[0]["location"]): entries for entries in search.grouped(index.get("docs", []))}
    separator = search.js_separator((search_config or {}).get("separator", r"[\s\-]+"))
    tags_path = site / "tags.json"
    tags_export = tags_path.is_file()
    tags_by_url = (
        {m["item"]["url"]: m for m in json.loads(tags_path.read_text(encoding="utf-8")).get("mappings", [])}
        if tags_path.is_file()
        else {}
    )
    docs_dir = site / RECORD_DIR / DOCS
    docs_dir.mkdir(parents=True, exist_ok=True)
    records: list[PageRecord] = []
    for src, url, dest in shard.pages:
        if src in shard.render:
            record = PageRecord(src, shard.keys[src], dest if (site / dest).is_file() else None, tags_by_url.get(url))
            record.court = _court_key(shard, src) or ""
            entries = groups.get(url)
            if entries:
                part = search.page_terms(entries, separator)
                record.docs, record.digest, record.entries = f"{part.digest}.json", part.digest, part.entries
                record.terms = [list(t) for t in part.terms]
                (docs_dir / record.docs).write_text(part.docs, encoding="utf-8")
            records.append(record)
        elif src in shard.reuse:
            record = shard.previous[src]
            record.court = _court_key(shard, src) or ""  # its output is what the court's inputs make now
            assert shard.final_dir is not None
            if record.dest is not None:
                link_or_copy(shard.final_dir / record.dest, site / record.dest)
            if record.docs is not None:
                link_or_copy(shard.final_dir / RECORD_DIR / DOCS / record.docs, docs_dir / record.docs)
            records.append(record)
    for name in LEFT_TO_MERGE:
        (site / name).unlink(missing_ok=True)
    if (site / "search").is_dir() and not any((site / "search").iterdir()):
        shutil.rmtree(site / "search")
    write_record(
        site,
        ShardRecord(
            shard=(shard.spec.index, shard.spec.count),
            plan=shard.plan.digest if shard.plan else "",
            site=shard.site,
            audience=state.audience,
            pages=shard.pages,
            search=search_config,
            site_url=config.site_url,
            sitemap=shard.sitemap,
            tags=tags_export,
            rendered=len(shard.render),
            reused=len(shard.reuse),
            peak_rss=peak_rss(),
        ),
        records,
        shard.outlines,
    )
    log.info(
        f"分片 {shard.spec} 完成：生成 {len(shard.render)} 个页面，沿用 {len(shard.reuse)} 个；运行 merge 合成网站"
    )
