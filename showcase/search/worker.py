"""The browser side: our search worker, placed beside Material's, fixes Chinese query splitting
and reads the shards (see worker.js); `use_our_worker()` points each page's search config at it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

WORKER_DIR = "assets/javascripts/workers"
WORKER_NAME = "showcase-search.js"
"""Our worker sits beside Material's: under file:// the iframe-worker shim makes Material look
for its lunr language files relative to the worker's URL (`…/assets/javascripts/lunr`)."""
WORKER_SOURCE = Path(__file__).with_name("worker.js")
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


def find_material_worker(theme_dirs: Iterable[str | Path]) -> str:
    """File name of Material's search worker (it carries a content hash), from the theme folders."""
    for folder in theme_dirs:
        found = sorted((Path(folder) / WORKER_DIR).glob("search.*.min.js"))
        if found:
            return found[0].name
    raise FileNotFoundError("找不到 Material 主题的搜索脚本 assets/javascripts/workers/search.*.min.js")


SEARCH_DIR_FROM_WORKER = "../" * len(WORKER_DIR.split("/")) + "search/"
"""Where the worker finds the shards and page documents of the served site (search_shards.py)."""


def worker_script(material_worker: str) -> str:
    """Our worker: it rewrites Chinese queries, loads the search data in pieces when the site is
    served, and leaves ranking, highlighting and grouping to Material's worker."""
    source = WORKER_SOURCE.read_text(encoding="utf-8")
    return source.replace("__MATERIAL_WORKER__", material_worker).replace("__SEARCH_DIR__", SEARCH_DIR_FROM_WORKER)


def use_our_worker(html: str) -> str:
    """Point the page's Material config (`"search": "…/workers/search.<hash>.min.js"`) at our worker."""
    start = html.find('id="__config"')
    if start < 0:
        return html
    end = html.find("</script>", start)
    config = MATERIAL_WORKER.sub(f"{WORKER_DIR}/{WORKER_NAME}", html[start:end])
    return html[:start] + config + html[end:]
