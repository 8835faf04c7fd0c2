"""Chinese search: the public API of the feature.

    dictionary.py   every name in brands/ as one word for jieba, so 浔州枫桥 is not cut in halves
    labels.py       what each hit is (品牌 / 项目 / … and its court), how it ranks; index files
    shards.py       the served site's index in pieces a reader downloads per query
    worker.py       the browser side (worker.js), placed beside Material's worker

Nothing here imports MkDocs; showcase/adapter/search.py wires it to the build.
"""

from showcase.search.dictionary import (
    add_to_jieba,
    dictionary,
    name_words,
    remembering_cut,
    split_words,
    title_key_words,
    user_dict_text,
)
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
    "remembering_cut",
    "split_index",
    "split_words",
    "title_key_words",
    "use_our_worker",
    "user_dict_text",
    "whole_index",
    "worker_script",
    "write_split",
]
