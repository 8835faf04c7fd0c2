"""MkDocs hooks: wire MkDocs events to the engine-independent showcase.site package.

Reads like a table of contents; everything substantial lives in showcase/site/:

    on_startup        remember whether this is `serve` (errors become banners) or `build`
    on_config         read SHOWCASE_AUDIENCE (a typo stops `build`, is a banner in `serve`);
                      load and validate brands/ and docs/cases; `build` stops on errors,
                      `serve` keeps the last good version of entities whose file broke;
                      `serve` with SHOWCASE_PREVIEW_COURT=<法院标识> loads one court only;
                      `build` writes into a staging folder beside site_dir (showcase/site/output.py)
    on_files          add the generated pages and media files (File.generated, nothing written;
                      SVG files as their sanitized rewrite) and the navigation that follows the
                      brand matrix
    on_page_markdown  case write-ups: header card, back links, tags and a safe title; every
                      hand-written page: mark where the author's Markdown starts
    on_page_content   sanitize the author's HTML (showcase/site/sanitizer.py), lazy-load images
    on_post_page      built site: a Content-Security-Policy <meta> (showcase/site/csp.py), last of all
    on_post_template  the same for 404.html
    on_serve          reload when anything under brands/ changes
    on_post_build     last of all: public builds fail if any internal text, page or file got
                      out; then the output is complete
    on_build_error    a failed build: remove the staging folder, site_dir stays as it was
    on_shutdown       a complete build replaces site_dir (after MkDocs' strict-mode check)

MkDocs re-imports this file on every rebuild during `serve`, so state that must survive a
rebuild (the command) lives in showcase.site.session, an ordinary module.
"""

from __future__ import annotations

import logging
import os
import sys
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# The repository root holds the `showcase` package; mkdocs may run with another working dir.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from showcase.adapter import output, session
from showcase.adapter.guard import guarded
from showcase.audience.public import PUBLIC, RESULTS_PREFIX, find_leaks, for_audience, publishable, resolve_audience
from showcase.core.loader import PREVIEW_COURT_ENV, Layout, load_catalog
from showcase.core.problems import format_report
from showcase.core.svgsafe import SvgError, sanitize_svg
from showcase.publishing.offline import OFFLINE_ENV
from showcase.site.csp import add_policy
from showcase.site.html import lazy_images
from showcase.site.live import carry_over
from showcase.site.nav import NavNode, build_nav, mkdocs_nav
from showcase.site.pages import SiteOptions, build_site
from showcase.site.render import render
from showcase.site.sanitizer import clean_marked, clean_meta, clean_toc, mark, new_token, title_from_heading
from showcase.site.urls import brand as brand_url
from showcase.site.urls import relative
from showcase.tracking import findings as tracking

log = logging.getLogger("mkdocs.hooks.showcase")
OWN_SCRIPT_PAGES = frozenset({tracking.DASHBOARD_SRC})  # generated pages whose content carries our own inline script


def on_startup(command: str, dirty: bool) -> None:
    session.state.command = command


@guarded
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    options: dict[str, Any] = dict(config.extra.get("showcase") or {})
    root = Path(config.config_file_path).resolve().parent
    docs_dir = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    layout = Layout(root, brands_dir=options.get("brands_dir", "brands"), docs_dir=docs_dir, court=_preview_court())
    audience, audience_problems = resolve_audience()  # SHOWCASE_AUDIENCE=public builds the public website
    if audience_problems and session.state.command != "serve":
        raise PluginError("网站没有生成：\n" + format_report(audience_problems))
    catalog, problems = load_catalog(layout, audience)
    problems = sorted(problems + audience_problems)  # serve: a banner on the home page, built as public
    state = session.state
    errors = [p for p in problems if p.severity == "error"]
    if errors and session.state.command != "serve":
        # PluginError is a BuildError: MkDocs prints the message and exits 1 without a traceback.
        raise PluginError("资料校验未通过，网站没有生成：\n" + format_report(problems))
    if errors:
        catalog = carry_over(catalog, state.last_good, problems)
        log.error("资料有错误，出错的页面会显示提示，改正并保存后自动刷新：\n" + format_report(problems))
    elif problems:
        # Warnings (e.g. privacy hints on the intranet build) are advice, not build failures.
        log.info("资料校验提示：\n" + format_report(problems))
    if not errors:
        state.last_good = catalog
    try:
        state.thresholds = tracking.thresholds_from_config(options.get("tracking"))
    except tracking.TrackingConfigError as error:
        raise PluginError(f"mkdocs.yml 中 extra.showcase.tracking 设置有误：{error}") from None
    if audience != PUBLIC and tracking.STYLESHEET_SRC not in config.extra_css:
        config.extra_css.append(tracking.STYLESHEET_SRC)
    state.full_catalog, state.audience, state.scoped = catalog, audience, layout.court is not None
    state.token = new_token()  # marks where the author's part of a page begins (see on_page_markdown)
    state.catalog, state.problems, state.brands_dir, state.docs_prefix = for_audience(catalog, audience), problems, layout.brands, docs_dir
    if state.command == "build":  # not serve (its own temporary folder), not gh-deploy (reads site_dir after build)
        try:
            config.site_dir = output.begin(config.site_dir)
        except output.OutputError as error:
            raise PluginError(str(error)) from None
    return config


@guarded
def on_files(files: Files, config: MkDocsConfig) -> Files:
    state = session.state
    if state.audience == PUBLIC:  # only what the public catalog holds: see audience.publishable
        public_cases = {case.src_uri for case in state.catalog.cases.values()}
        for file in [f for f in files if f.generated_by is None and not publishable(f.src_uri, public_cases) and _from_docs(f, config)]:
            files.remove(file)
    if state.scoped:  # court-scoped preview: other courts' case write-ups are not built
        shown = {case.src_uri for case in state.catalog.cases.values()}
        for file in [f for f in files.documentation_pages() if f.src_uri.startswith("cases/") and f.src_uri not in shown]:
            files.remove(file)
    existing = frozenset(f.src_uri for f in files.documentation_pages())
    guide = [f.src_uri for f in sorted(files.documentation_pages(), key=_guide_order) if f.src_uri.startswith("guide/")]
    site = build_site(state.catalog, SiteOptions(config.use_directory_urls, state.problems, existing, guide))
    for page in site.pages:
        if page.src_uri in existing:
            log.info(f"docs/{page.src_uri} 已存在，使用手写页面，不再生成")
            continue
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    for media in site.media:
        if files.get_file_from_path(media.src_uri) is None and (copied := _media_file(config, media.src_uri, media.source)):
            files.append(copied)
    docs_dir = Path(config.docs_dir).resolve()
    for file in [f for f in files if f.src_uri.lower().endswith(".svg") and not f.generated_by and f.abs_src_path]:
        if Path(file.abs_src_path).resolve().is_relative_to(docs_dir):  # not the theme's own files
            files.remove(file)
            if copied := _media_file(config, file.src_uri, Path(file.abs_src_path)):
                files.append(copied)
    extra_tabs: list[NavNode] = []
    results = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri.startswith(RESULTS_PREFIX))
    if results:
        extra_tabs.append(NavNode("评审结果", None, [NavNode("", src) for src in results]))
    if state.audience != PUBLIC:  # the tracking dashboard is for the party office only
        root = Path(config.config_file_path).resolve().parent
        directory_urls = config.use_directory_urls
        dashboard = tracking.dashboard_page(
            state.full_catalog,
            state.thresholds,
            git_root=root,
            brand_link=lambda brand_id: relative(tracking.DASHBOARD_SRC, brand_url(brand_id), directory_urls),
        )
        files.append(File.generated(config, tracking.DASHBOARD_SRC, content=dashboard))
        files.append(File.generated(config, tracking.STYLESHEET_SRC, content=tracking.stylesheet()))
        extra_tabs.append(NavNode("跟踪问效", tracking.DASHBOARD_SRC))
    state.site = site
    config.nav = mkdocs_nav(build_nav(state.catalog, guide=guide, extra_tabs=extra_tabs))
    return files


@guarded
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = session.state
    if page.file.generated_by:  # our generated pages: YAML text is already escaped by Jinja
        banner = _banner_for(page, config)
        return banner + markdown if banner else markdown
    decoration = state.site.cases.get(page.file.src_uri) if state.site else None
    if decoration is None:
        # Front matter is written raw into the theme's markup: only escaped title, tags, hide, search.
        dropped = clean_meta(page.meta)
        if dropped:
            log.info(f"docs/{page.file.src_uri}：文件头中的 {'、'.join(dropped)} 网站不使用，已忽略")
        return mark(markdown, state.token, _banner_for(page, config))
    # Front matter is author text rendered raw by the theme: hand it over escaped.
    page.meta["title"] = escape(decoration.title)
    page.meta["tags"] = [escape(tag) for tag in dict.fromkeys(decoration.tags)]
    return mark(markdown, state.token, decoration.header)


@guarded
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state = session.state
    if not page.file.generated_by:  # written by an author: only the allow-list survives
        decoration = state.site.cases.get(page.file.src_uri) if state.site else None
        html, marked = clean_marked(html, state.token, decoration.footer if decoration else "")
        if decoration and not marked:
            log.warning(f"docs/{page.file.src_uri}：页面结构异常，已按作者内容整体清理")
        clean_toc(page.toc)  # the theme writes heading ids and titles unescaped into its sidebar
        if "title" not in page.meta and page.title:
            page.meta["title"] = title_from_heading(page.title)
    return lazy_images(html)


@event_priority(-100)  # after every other hook has changed the page: the hashes must match the final text
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if not _wants_policy():
        return output
    return add_policy(output, page.content, trust_content=page.file.src_uri in OWN_SCRIPT_PAGES)


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    if not _wants_policy() or not template_name.endswith(".html"):
        return output_content
    return add_policy(output_content)  # 404.html: the theme's page, no author content


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    brands_dir = session.state.brands_dir
    if brands_dir is not None and brands_dir.is_dir():
        server.watch(str(brands_dir))
    return server


@guarded
@event_priority(-100)  # last: after Material's search index (0) and hooks/search_hooks.py's shards (-50)
def on_post_build(config: MkDocsConfig) -> None:
    state = session.state
    if state.audience == PUBLIC:
        leaks = find_leaks(Path(config.site_dir), state.full_catalog)
        if leaks:
            raise PluginError("公开版网站中出现了内部内容，已停止发布：\n" + "\n".join(leak.format() for leak in leaks))
    output.complete()


def on_build_error(error: Exception) -> None:
    output.discard()


@event_priority(-100)
def on_shutdown() -> None:
    try:
        placed = output.settle()
    except output.OutputError as error:
        raise PluginError(str(error)) from None
    if placed is not None:
        log.info(f"网站已生成：{placed}")


# --------------------------------------------------------------------------- helpers


def _preview_court() -> str | None:
    """The court a preview is limited to. Only `serve` honours it: a published site is never partial."""
    court = os.environ.get(PREVIEW_COURT_ENV, "").strip() or None
    if court and session.state.command != "serve":
        log.warning(f"{PREVIEW_COURT_ENV}={court} 只用于 mkdocs serve 预览，构建时忽略，生成完整网站")
        return None
    if court:
        log.info(f"按法院预览：只载入法院“{court}”的资料与案例（{PREVIEW_COURT_ENV}）")
    return court


def _banner_for(page: Page, config: MkDocsConfig) -> str:
    """Serve mode: a hand-written page (e.g. a case that failed validation) gets its errors on top."""
    problems = session.state.problems
    if not problems:
        return ""
    display = f"{session.state.docs_prefix}/{page.file.src_uri}"
    mine = [p for p in problems if p.path == display]
    return render("banner.html.j2", problems=sorted(mine)) + "\n\n" if mine else ""


def _from_docs(file: File, config: MkDocsConfig) -> bool:
    """A file of docs_dir, not of the theme (whose assets are never content)."""
    return bool(file.abs_src_path) and Path(file.abs_src_path).resolve().is_relative_to(Path(config.docs_dir).resolve())


def _wants_policy() -> bool:
    """A Content-Security-Policy for the site a web server serves; not for the offline copy
    (file:// pages, see showcase/site/csp.py) nor for `mkdocs serve`, whose reload script is
    injected inline with a new timestamp on every request, so no hash could allow it."""
    return os.environ.get(OFFLINE_ENV) != "1" and session.state.command != "serve"


def _media_file(config: MkDocsConfig, src_uri: str, source: Path) -> File | None:
    """A file for the site; an SVG as its sanitized rewrite (showcase/svgsafe.py), never as is."""
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
