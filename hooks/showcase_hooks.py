"""MkDocs hooks of the showcase: the event list. Each event calls the adapter in
showcase/adapter/plugin.py, which says what happens at that point of the build.

    on_startup        remember the command (serve shows errors as banners, build stops on them)
    on_config         settings, audience and the validated catalog; search words; staging folder
    on_files          what may be published; the generated pages, media, dashboard, navigation
    on_nav            a sharded build (SHOWCASE_SHARD): which pages this shard renders
    on_env            … and which it only reads for their titles and tags
    on_page_markdown  ranking boost; banners, case headers, the author's mark
    on_page_content   the author's HTML through the allow-list; lazy images
    on_post_page      our search worker, the theme's markup repairs, the security policy
    on_post_template  the same for the theme's own pages (404.html)
    on_serve          reload when brands/ changes
    on_post_build     the search index labelled and split; public builds: the leak check
    on_build_error    remove the staging folder
    on_shutdown       move the finished site into place

MkDocs re-imports this file on every rebuild during `serve`; state lives in showcase.adapter.session.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# The repository root holds the `showcase` package; mkdocs may run with another working dir.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from showcase.adapter import plugin


def on_startup(command: str, dirty: bool) -> None:
    plugin.startup(command)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return plugin.config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return plugin.files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return plugin.nav(nav, config, files)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return plugin.env(env, files)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return plugin.page_markdown(markdown, page)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return plugin.page_content(html, page)


@event_priority(-100)  # after every other change to the page: the policy's hashes must match the final text
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return plugin.post_page(output, page)


@event_priority(-100)
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return plugin.post_template(output_content, template_name)


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    return plugin.serve(server)


@event_priority(-100)  # after Material's search plugin has written the index (priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    plugin.post_build(config)


def on_build_error(error: Exception) -> None:
    plugin.build_error()


@event_priority(-100)
def on_shutdown() -> None:
    plugin.shutdown()
