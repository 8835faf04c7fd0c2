"""The site's files and navigation (on_files): what a build publishes, and the pages it generates.

Generated pages and media are `File.generated` (nothing is written into docs/); SVG files are
served as their sanitized rewrite, never as they are; a public build keeps a file from docs/ only
when the audience feature says it may (an allow-list); the navigation follows the brand matrix.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from showcase import tracking
from showcase.adapter import shard
from showcase.adapter.session import State
from showcase.audience import PUBLIC, RESULTS_PREFIX, publishable
from showcase.core.svgsafe import SvgError, sanitize_svg
from showcase.site import NavNode, SiteOptions, assessment_nav, build_nav, build_site, mkdocs_nav, urls

log = logging.getLogger("mkdocs.hooks.showcase")
CASES_PREFIX = "cases/"
GUIDE_PREFIX = "guide/"


def publish_only_what_may_be_shown(files: Files, config: MkDocsConfig, state: State) -> None:
    """Public builds: a docs/ file only if `publishable`; a court-scoped preview: its own cases only."""
    shown = {case.src_uri for case in state.catalog.cases.values()}
    if state.audience == PUBLIC:
        for file in [
            f for f in files if f.generated_by is None and _from_docs(f, config) and not publishable(f.src_uri, shown)
        ]:
            files.remove(file)
    if state.scoped:
        for file in [
            f for f in files.documentation_pages() if f.src_uri.startswith(CASES_PREFIX) and f.src_uri not in shown
        ]:
            files.remove(file)


def add_generated_pages(files: Files, config: MkDocsConfig, state: State) -> list[str]:
    """Every page of the brand matrix, and the media they show; returns the guide's pages."""
    existing = frozenset(f.src_uri for f in files.documentation_pages())
    guide = [
        f.src_uri for f in sorted(files.documentation_pages(), key=_guide_order) if f.src_uri.startswith(GUIDE_PREFIX)
    ]
    options = SiteOptions(
        config.use_directory_urls,
        state.problems,
        existing,
        guide,
        state.assessments,
        at_risk_days=state.settings.tracking.at_risk_days,
    )
    if state.shard is not None:
        options = shard.site_options(options, files, state)  # this shard's pages; the others as placeholders
    site = build_site(state.catalog, options)
    for page in site.pages:
        if page.src_uri in existing:
            log.info(f"docs/{page.src_uri} 已存在，使用手写页面，不再生成")
            continue
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    for media in site.media:
        if files.get_file_from_path(media.src_uri) is None and (
            copied := _media_file(config, media.src_uri, media.source)
        ):
            files.append(copied)
    state.site = site
    return guide


def sanitize_svg_files(files: Files, config: MkDocsConfig) -> None:
    """SVG files under docs/ (not the theme's own) are served as their sanitized rewrite too."""
    docs_dir = Path(config.docs_dir).resolve()
    for file, source in [
        (f, Path(f.abs_src_path))
        for f in files
        if f.src_uri.lower().endswith(".svg") and not f.generated_by and f.abs_src_path
    ]:
        if source.resolve().is_relative_to(docs_dir):
            files.remove(file)
            if copied := _media_file(config, file.src_uri, source):
                files.append(copied)


def add_dashboard(files: Files, config: MkDocsConfig, state: State) -> NavNode | None:
    """The tracking dashboard, for the party office only: never in a public build."""
    if state.audience == PUBLIC:
        return None
    if shard.placeholder_dashboard(state):
        files.append(File.generated(config, tracking.DASHBOARD_SRC, content=""))
        files.append(File.generated(config, tracking.STYLESHEET_SRC, content=tracking.stylesheet()))
        return NavNode("跟踪问效", tracking.DASHBOARD_SRC)
    root = Path(config.config_file_path).resolve().parent
    directory_urls = config.use_directory_urls
    dashboard = tracking.dashboard_page(
        state.full_catalog,
        state.settings.tracking,
        git_root=root,
        brand_link=lambda brand_id: urls.relative(tracking.DASHBOARD_SRC, urls.brand(brand_id), directory_urls),
    )
    files.append(File.generated(config, tracking.DASHBOARD_SRC, content=dashboard))
    files.append(File.generated(config, tracking.STYLESHEET_SRC, content=tracking.stylesheet()))
    return NavNode("跟踪问效", tracking.DASHBOARD_SRC)


def link_dashboard_stylesheet(config: MkDocsConfig, state: State) -> None:
    """Internal builds link the dashboard's stylesheet from <head> (a <style> in <body> is invalid)."""
    if state.audience != PUBLIC and tracking.STYLESHEET_SRC not in config.extra_css:
        config.extra_css.append(tracking.STYLESHEET_SRC)


def set_navigation(
    files: Files, config: MkDocsConfig, state: State, guide: list[str], dashboard: NavNode | None
) -> None:
    """The tabs: the brand matrix and its sections, review results, the dashboard, the guide."""
    extra_tabs: list[NavNode] = []
    results = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri.startswith(RESULTS_PREFIX))
    if results:
        extra_tabs.append(NavNode("评审结果", None, [NavNode("", src) for src in results]))
    if (assessed := assessment_nav(state.assessments)) is not None:  # none in a public build
        extra_tabs.append(assessed)
    if dashboard is not None:
        extra_tabs.append(dashboard)
    config.nav = mkdocs_nav(build_nav(state.catalog, guide=guide, extra_tabs=extra_tabs))


def _from_docs(file: File, config: MkDocsConfig) -> bool:
    """A file of docs_dir, not of the theme (whose assets are never content)."""
    if not file.abs_src_path:  # a generated file has no source
        return False
    return Path(file.abs_src_path).resolve().is_relative_to(Path(config.docs_dir).resolve())


def _media_file(config: MkDocsConfig, src_uri: str, source: Path) -> File | None:
    """A file for the site; an SVG as its sanitized rewrite (showcase/core/svgsafe.py), never as is."""
    if source.suffix.lower() != ".svg":
        return File.generated(config, src_uri, abs_src_path=str(source))
    try:
        return File.generated(config, src_uri, content=sanitize_svg(source.read_bytes()))
    except (SvgError, OSError) as error:
        # The loader reports it as an error (a build stops there); `serve` goes on without the file.
        log.error(f"{src_uri}：{error}，未复制到网站")
        return None


def _guide_order(file: File) -> tuple[int, str]:
    return (0 if file.name == "index" else 1, file.src_uri)
