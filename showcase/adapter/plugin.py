"""The MkDocs adapter: what the site build does at each MkDocs event, in event order.

Each function is one event and reads as a list of steps; the steps are in this package
(loading, files, pages, search, output), the work in the engine-independent features.
hooks/showcase_hooks.py, named in mkdocs.yml, only calls these; nothing else imports MkDocs.

MkDocs event order (mkdocs/commands/build.py, the same in ProperDocs 1.6):
    on_startup → on_config → on_pre_build → (clean site_dir) → on_files → on_nav →
    (sharded builds: on_nav and on_env choose which pages are rendered, showcase/adapter/shard.py)
    per page: on_page_markdown → on_page_content → on_page_context → on_post_page →
    on_post_template (404.html, sitemap.xml) → on_post_build → (strict check) → on_shutdown;
    on_build_error on any exception inside the build; on_serve once for `serve`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from showcase.adapter import files as site_files
from showcase.adapter import loading, output, pages, search, shard, theme
from showcase.adapter.guard import guarded
from showcase.adapter.session import state
from showcase.audience import PUBLIC, find_leaks
from showcase.core.templating import bytecode_cache

log = logging.getLogger("mkdocs.hooks.showcase")


def startup(command: str) -> None:
    """Remember whether this is `serve` (errors become banners) or `build`."""
    state.command = command


@guarded
def config(config: MkDocsConfig) -> MkDocsConfig:
    loading.load(config, state)  # settings, audience, the validated catalog
    theme.dress(config, state)  # the owner in header and footer, our theme overrides
    site_files.link_dashboard_stylesheet(config, state)
    search.configure(config, state)  # jieba words, search styles, the offline switches
    if state.command == "build":  # not serve (its own temporary folder), not gh-deploy (reads site_dir after build)
        if state.shard_spec is not None:
            shard.begin(state.shard_spec, config.site_dir, state)  # before staging: the last build is the cache
        try:
            config.site_dir = output.begin(config.site_dir)
        except output.OutputError as error:
            raise PluginError(str(error)) from None
    return config


@guarded
def files(files: Files, config: MkDocsConfig) -> Files:
    site_files.publish_only_what_may_be_shown(files, config, state)
    guide = site_files.add_generated_pages(files, config, state)
    site_files.sanitize_svg_files(files, config)
    dashboard = site_files.add_dashboard(files, config, state)
    search.add_worker(files, config)
    site_files.set_navigation(files, config, state, guide, dashboard)
    return files


@guarded
def nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    if state.shard is not None:
        shard.choose(files, nav, config, state)  # render, copy, read or leave out each page
    return nav


@guarded
def env(env: Environment, files: Files) -> Environment:
    env.bytecode_cache = env.bytecode_cache or bytecode_cache()  # the theme's templates, compiled once
    if state.shard is not None:
        shard.hold_back(files, state)  # pages read only for their titles and tags are not built
        shard.remember_sitemap(env, state)
    return env


@guarded
def page_markdown(markdown: str, page: Page) -> str:
    search.boost(page, state)
    return pages.decorate(markdown, page, state)


@guarded
def page_content(html: str, page: Page) -> str:
    return pages.sanitize(html, page, state)


@guarded
def post_page(output_html: str, page: Page) -> str:
    return pages.finish_page(output_html, page, state)


@guarded
def post_template(output_html: str, template_name: str) -> str:
    return pages.finish_template(output_html, template_name, state)


def serve(server: Any) -> Any:
    """Reload when anything under brands/ changes (MkDocs watches docs/ itself)."""
    if state.brands_dir is not None and state.brands_dir.is_dir():
        server.watch(str(state.brands_dir))
    return server


@guarded
def post_build(config: MkDocsConfig) -> None:
    if state.shard is not None:  # the merge splits the search index, writes the sitemap and checks for leaks
        shard.finish(config, state)
        output.complete()
        return
    search.finish_index(config, state)  # after Material's search plugin wrote the index
    if state.audience == PUBLIC:  # last: reads every file, the search shards included
        leaks = find_leaks(Path(config.site_dir), state.full_catalog)
        if leaks:
            raise PluginError("公开版网站中出现了内部内容，已停止发布：\n" + "\n".join(leak.format() for leak in leaks))
    output.complete()


def build_error() -> None:
    """A failed build: remove the staging folder; site_dir stays as it was."""
    output.discard()


def shutdown() -> None:
    """A complete build replaces site_dir (after MkDocs' strict-mode check)."""
    try:
        placed = output.settle()
    except output.OutputError as error:
        raise PluginError(str(error)) from None
    if placed is not None:
        log.info(f"网站已生成：{placed}")
