"""Chinese search: the word list jieba segments with, what each hit is, and the finished index.

Material's search plugin cuts every run of Han characters with jieba when it builds
`search/search_index.json`, and the browser matches what staff type against those words.
jieba does not know 浔州枫桥 or 浔法讲堂, so by default it cuts them into 浔州/枫桥 and
浔法/讲堂 and a query for the whole name ranks pages by its halves. `dictionary()` lists every
name in brands/ (courts, master brands, brands, projects, carriers, people), the key phrase of
every case title and a few domain terms, so that each name is one word in the index.

The rest is about presenting hits: `page_labels()` says which entity each page shows
(品牌 / 项目 / 载体 / 案例 / 人物 / 法院 and its court) and how strongly a page of that kind
should rank, and `label_index()` puts that label on the hit as display-only chips.

For the served site the finished index is then cut into pieces a reader downloads per query
(shards.py); `worker_script()` is the browser side of both.

Nothing here imports MkDocs; showcase/adapter/search.py wires it to the build.

    dictionary.py   names for jieba          labels.py   what each hit is, index files
    shards.py       the index in pieces      worker.py   the browser side (worker.js)
"""

from showcase.search.dictionary import add_to_jieba, dictionary, name_words, split_words, title_key_words, user_dict_text
from showcase.search.labels import (
    CHIP_MARK,
    ENTITY_BOOST,
    KIND_LABELS,
    OVERVIEW_BOOST,
    PageLabel,
    boost_for,
    chips_of,
    court_label,
    index_json,
    index_script,
    label_index,
    page_labels,
    read_index,
)
from showcase.search.shards import (
    DOCS_DIR,
    SHARD_DIR,
    PageTerms,
    Split,
    SplitBuilder,
    compact,
    grouped,
    js_separator,
    page_of,
    page_terms,
    read_split,
    split_index,
    whole_index,
    write_split,
)
from showcase.search.worker import WORKER_DIR, WORKER_NAME, find_material_worker, use_our_worker, worker_script

__all__ = [
    "CHIP_MARK",
    "DOCS_DIR",
    "ENTITY_BOOST",
    "KIND_LABELS",
    "OVERVIEW_BOOST",
    "SHARD_DIR",
    "WORKER_DIR",
    "WORKER_NAME",
    "PageLabel",
    "PageTerms",
    "Split",
    "SplitBuilder",
    "add_to_jieba",
    "boost_for",
    "chips_of",
    "compact",
    "court_label",
    "dictionary",
    "find_material_worker",
    "grouped",
    "index_json",
    "index_script",
    "js_separator",
    "label_index",
    "name_words",
    "page_labels",
    "page_of",
    "page_terms",
    "read_index",
    "read_split",
    "split_index",
    "split_words",
    "title_key_words",
    "use_our_worker",
    "user_dict_text",
    "whole_index",
    "worker_script",
    "write_split",
]
