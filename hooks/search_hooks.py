"""MkDocs hooks for search, the offline copy and accessibility; the logic lives in
showcase/search.py and showcase/conformance.py, the browser side in docs/assets/.

    on_config         teach jieba every name in brands/ (before Material's search plugin segments
                      any page); add the contrast/search stylesheets and the a11y script;
                      offline build: no directory URLs, iframe-worker shim for file://
    on_files          add our search worker beside Material's (it fixes Chinese query splitting)
    on_page_markdown  rank entity pages above pages that merely mention them (search.boost)
    on_post_page      point the page's search config at our worker; repair the theme markup
    on_post_template  the HTML validator and axe reject (also on 404.html)
    on_post_build     label hits (品牌 / 项目 / … and court); for the served site split the index
                      into a manifest, term shards and page documents (showcase/search_shards.py)
                      so a reader downloads only what a query needs; the offline build keeps the
                      one index and also writes it as search/search_index.js for file:// pages

Listed after hooks/showcase_hooks.py in mkdocs.yml, so the catalog that hook loaded (already
filtered for the audience) is reused; this file loads it itself only when run alone.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from showcase.adapter.guard import guarded
from showcase.core.catalog import Catalog
from showcase.core.loader import Layout, load_valid_catalog
from showcase.publishing.offline import OFFLINE_ENV  # set to 1 by `showcase.py offline`: the copy opened from disk
from showcase.search import labels as search
from showcase.search import shards as search_shards
from showcase.site.conformance import repair_theme_markup

log = logging.getLogger("mkdocs.hooks.search")

SHIM = "assets/search/iframe-worker.js"
STYLESHEETS = ("assets/accessibility.css", "assets/search/search.css")
SCRIPTS = ("assets/accessibility.js",)


@dataclass
class State:
    labels: dict[str, search.PageLabel] = field(default_factory=dict)  # by src_uri
    urls: dict[str, str] = field(default_factory=dict)  # src_uri → page URL, as the index names it
    offline: bool = False


state = State()


@guarded
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global state
    state = State(offline=os.environ.get(OFFLINE_ENV) == "1")
    catalog = _catalog(config)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    words = search.dictionary(catalog)
    search.add_to_jieba(words)
    log.debug(f"jieba 词典加入 {len(words)} 个名称")
    state.labels = search.page_labels(catalog)
    for stylesheet in STYLESHEETS:  # contrast fixes and hit chips; after the theme's own CSS
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    for script in SCRIPTS:
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
    if state.offline:
        # Pages opened from disk need links to files (x/index.html), not folders.
        config.use_directory_urls = False
        polyfills = config.extra.setdefault("polyfills", [])
        if SHIM not in polyfills:
            polyfills.append(SHIM)
    return config


@guarded
def on_files(files: Files, config: MkDocsConfig) -> Files:
    material = search.find_material_worker(config.theme.dirs)
    files.append(File.generated(config, f"{search.WORKER_DIR}/{search.WORKER_NAME}", content=search.worker_script(material)))
    return files


@guarded
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    state.urls[page.file.src_uri] = page.url
    options = page.meta.setdefault("search", {})
    if isinstance(options, dict):
        options.setdefault("boost", search.boost_for(page.file.src_uri, state.labels))
    return markdown


@guarded
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return repair_theme_markup(search.use_our_worker(output))


@guarded
def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return repair_theme_markup(search.use_our_worker(output_content))  # 404.html


@guarded
@event_priority(-50)  # after Material's search plugin has written the index (priority 0)
def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    by_url = {state.urls[src]: label for src, label in state.labels.items() if src in state.urls}
    index = search.label_index(search.read_index(path), by_url)
    if state.offline:
        # Opened from disk: the browser may not fetch files, so Material loads the whole index with
        # a <script> tag and the worker gets all documents at once — no shards here.
        path.write_text(search.index_json(index), encoding="utf-8")
        path.with_name("search_index.js").write_text(search.index_script(index), encoding="utf-8")
        return
    split = search_shards.split_index(index)
    search_shards.write_split(split, path.parent)
    log.debug(f"搜索数据拆成 {split.count} 个分片、{len(split.pages)} 个页面文件")


def _catalog(config: MkDocsConfig) -> Catalog:
    try:
        from showcase.adapter import session

        if session.state.catalog.courts:
            return session.state.catalog
    except ImportError:
        pass
    root = Path(config.config_file_path).resolve().parent
    return load_valid_catalog(Layout(root))
