"""Search in the MkDocs build: Chinese words for jieba, our worker beside Material's, ranking
boosts, labelled hits, and the index split into shards for the served site.

The logic is in showcase/search/; here it is wired to the build: which stylesheets and scripts
the theme loads, which files are added, and what happens to Material's index after it is written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from showcase import search
from showcase.adapter.session import State

log = logging.getLogger("mkdocs.hooks.showcase.search")

SHIM = "assets/search/iframe-worker.js"  # the offline copy: Web Workers from file:// pages
STYLESHEETS = ("assets/accessibility.css", "assets/search/search.css")
SCRIPTS = ("assets/accessibility.js",)


def configure(config: MkDocsConfig, state: State) -> None:
    """Teach jieba every name (before Material's search plugin segments any page); add the
    contrast and search stylesheets and the a11y script; the offline copy: file links, no shards."""
    logging.getLogger("jieba").setLevel(logging.WARNING)
    words = search.dictionary(state.catalog)
    search.add_to_jieba(words)
    log.debug(f"jieba 词典加入 {len(words)} 个名称")
    state.labels = search.page_labels(state.catalog)
    for stylesheet in STYLESHEETS:  # after the theme's own CSS
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    for script in SCRIPTS:
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
    if state.offline:
        config.use_directory_urls = False  # pages opened from disk need links to files, not folders
        polyfills = config.extra.setdefault("polyfills", [])
        if SHIM not in polyfills:
            polyfills.append(SHIM)


def add_worker(files: Files, config: MkDocsConfig) -> None:
    """Our worker beside Material's: it fixes Chinese query splitting and reads the shards."""
    material = search.find_material_worker(config.theme.dirs)
    files.append(
        File.generated(config, f"{search.WORKER_DIR}/{search.WORKER_NAME}", content=search.worker_script(material))
    )


def boost(page: Page, state: State) -> None:
    """Entity pages rank above pages that merely mention them (Material's `search.boost`)."""
    state.urls[page.file.src_uri] = page.url
    options = page.meta.setdefault("search", {})
    if isinstance(options, dict):
        options.setdefault("boost", search.boost_for(page.file.src_uri, state.labels))


def finish_index(config: MkDocsConfig, state: State) -> None:
    """After Material wrote search_index.json: label the hits (品牌 / 项目 / … and court); the served
    site gets a manifest, term shards and page documents, so a reader downloads only what a query
    needs; the offline copy keeps one index, also as search_index.js for file:// pages."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    by_url = {state.urls[src]: label for src, label in state.labels.items() if src in state.urls}
    index = search.label_index(search.read_index(path), by_url)
    if state.offline:
        path.write_text(search.index_json(index), encoding="utf-8")
        path.with_name("search_index.js").write_text(search.index_script(index), encoding="utf-8")
        return
    split = search.split_index(index)
    search.write_split(split, path.parent)
    log.debug(f"搜索数据拆成 {split.count} 个分片、{len(split.pages)} 个页面文件")
