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
(showcase/search_shards.py); `worker_script()` is the browser side of both.

Nothing here imports MkDocs; hooks/search_hooks.py wires it to the build.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showcase.core.catalog import Catalog
from showcase.core.model import Court
from showcase.site import urls

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+")
"""Han characters, as Material's segmenter sees them (it cuts runs of \\p{script=Han})."""

MIN_WORD, MAX_WORD = 2, 12
"""Shorter runs are single characters jieba handles anyway; longer ones are sentences, not names."""

DOMAIN_TERMS: tuple[str, ...] = (
    # Court and party-building vocabulary staff search for, which jieba's general dictionary cuts.
    "诉源治理",
    "枫桥经验",
    "枫桥式",
    "一支部一品牌",
    "一庭一品一策",
    "三会一课",
    "主题党日",
    "双报到",
    "人民法庭",
    "党建品牌",
    "品牌矩阵",
    "机关总品牌",
    "先进典型",
    "比学赶超",
    "跟踪问效",
    "诉讼服务",
    "诉服",
    "一站式",
    "诉前调解",
    "家事纠纷",
    "营商环境",
    "判后答疑",
    "清廉机关",
    "模范机关",
    "党建创新案例",
    "审执结",
    "结案率",
)

# What each kind of page is called in a hit, and how strongly it ranks. The entity's own page
# must come first when its name is typed: a case, a list or the home page that mentions the
# name has it in a heading or in running text too, so entity pages get twice the weight of a
# case and four times that of an overview. Values are Material's per-page `search.boost`.
KIND_LABELS = {
    "brand": "品牌",
    "project": "项目",
    "carrier": "载体",
    "person": "人物",
    "case": "案例",
    "court": "法院",
    "campaign": "创建活动",
}
ENTITY_BOOST, CASE_BOOST, OVERVIEW_BOOST = 2.0, 1.0, 0.5

CHIP_MARK = "\u2060"
"""WORD JOINER, invisible, put before each chip's text in the index. Material indexes a hit's
chips (its `tags` field) with a weight of a million; no one types U+2060, so no query can
match a chip and the chips only show what a hit is, without changing the ranking."""


ZWSP = "\u200b"


@dataclass(frozen=True)
class PageLabel:
    kind: str  # 品牌 / 项目 / …
    court: str | None  # court short name, e.g. 桂平法院
    boost: float
    alias: str | None = None  # another name the page is searched by: a court's short name

    @property
    def chips(self) -> list[str]:
        return [text for text in (self.kind, self.court) if text]


# ---------------------------------------------------------------------------- dictionary


def han_runs(text: str | None) -> list[str]:
    return HAN_RUN.findall(text or "")


def name_words(name: str | None) -> list[str]:
    """The words a name contributes: its Han runs, e.g. 党旗引领·浔州枫桥 → 党旗引领, 浔州枫桥."""
    return [run for run in han_runs(name) if MIN_WORD <= len(run) <= MAX_WORD]


def title_key_words(title: str) -> list[str]:
    """A case title's key phrase: the part before the dash, e.g. 浔法讲堂——用一方讲台… → 浔法讲堂."""
    head = re.split(r"—+|--+|：|:", title, maxsplit=1)[0]
    return name_words(head)


def court_label(court: Court | None) -> str | None:
    if court is None:
        return None
    return court.short_name or court.name


def dictionary(catalog: Catalog) -> dict[str, str]:
    """Every word to add to jieba → where it comes from (品牌, 项目, …), in a stable order."""
    words: dict[str, str] = {}

    def add(source: str, *texts: str | None) -> None:
        for text in texts:
            for word in name_words(text):
                words.setdefault(word, source)

    for court in catalog.courts.values():
        add("法院", court.name, court.short_name)
        if court.master_brand:
            add("机关总品牌", court.master_brand.name)
    for campaign in catalog.campaigns.values():
        for quoted in re.findall(r"[“\"]([^”\"]+)[”\"]", campaign.name):
            add("创建活动", quoted)
    for brand in catalog.brands.values():
        add("品牌", brand.name)
        add("党支部", brand.branch)
    for _brand, project in catalog.projects():
        add("项目", project.name, project.unit)
    for _court, _brand, carrier in catalog.carriers():
        add("载体", carrier.name)
    for person in catalog.people.values():
        add("人物", person.name)
    for case in catalog.cases.values():
        for word in title_key_words(case.meta.title):
            words.setdefault(word, "案例")
    for theme in catalog.themes():
        add("主题", theme)
    for term in DOMAIN_TERMS:
        words.setdefault(term, "术语")
    return words


def user_dict_text(words: Mapping[str, str]) -> str:
    """The words as a jieba user dictionary (`词 词频 词性` per line), to read or to load."""
    return "".join(f"{word} {word_frequency(word)} nz\n" for word in words)


def word_frequency(word: str) -> int:
    """High enough that jieba keeps the word whole next to any neighbour, not so high that it
    swallows characters: jieba picks the segmentation with the best product of frequencies,
    and a name must beat its own halves (浔州 + 枫桥) as well as half + neighbour (的浔)."""
    return 20000 * len(word)


def add_to_jieba(words: Iterable[str]) -> int:
    """Teach jieba (a process-wide singleton) the words; returns how many were added."""
    import jieba

    count = 0
    for word in words:
        jieba.add_word(word, freq=word_frequency(word), tag="nz")
        count += 1
    return count


def split_words(words: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Words jieba still cuts apart after `add_to_jieba`, with how it cuts them (should be none)."""
    import jieba

    broken = []
    for word in words:
        pieces = list(jieba.cut(word))
        if pieces != [word]:
            broken.append((word, pieces))
    return broken


# ---------------------------------------------------------------------------- labels


def page_labels(catalog: Catalog) -> dict[str, PageLabel]:
    """src_uri of each entity's page → its label; pages not listed are overviews."""
    labels: dict[str, PageLabel] = {}
    for court in catalog.courts.values():
        alias = court.short_name if court.short_name and court.short_name != court.name else None
        labels[urls.court(court.id)] = PageLabel(KIND_LABELS["court"], None, ENTITY_BOOST, alias)
    for campaign in catalog.campaigns.values():
        labels[urls.campaign(campaign.id)] = PageLabel(KIND_LABELS["campaign"], None, ENTITY_BOOST)
    for brand in catalog.brands.values():
        labels[urls.brand(brand.id)] = PageLabel(KIND_LABELS["brand"], court_label(catalog.courts.get(brand.court)), ENTITY_BOOST)
    for brand, project in catalog.projects():
        labels[urls.project(project.id)] = PageLabel(KIND_LABELS["project"], court_label(catalog.courts.get(brand.court)), ENTITY_BOOST)
    for court, _brand, carrier in catalog.carriers():
        labels[urls.carrier(carrier.id)] = PageLabel(KIND_LABELS["carrier"], court_label(court), ENTITY_BOOST)
    for person in catalog.people.values():
        labels[urls.person(person.id)] = PageLabel(KIND_LABELS["person"], court_label(catalog.courts.get(person.court)), ENTITY_BOOST)
    for case in catalog.cases.values():
        labels[case.src_uri] = PageLabel(KIND_LABELS["case"], court_label(catalog.courts.get(case.meta.court)), CASE_BOOST)
    return labels


def boost_for(src_uri: str, labels: Mapping[str, PageLabel]) -> float:
    label = labels.get(src_uri)
    return label.boost if label else OVERVIEW_BOOST


def label_index(index: dict[str, Any], labels_by_url: Mapping[str, PageLabel]) -> dict[str, Any]:
    """Put each page's label chips on its hit (the first entry of the page; its sections are
    shown under it). Theme tags a page already has stay after the chips. A page with an alias
    gets it in its hit's title, e.g. 桂平市人民法院（桂平法院）: staff type the short name, and
    the court's page should come first for it, not every page that mentions the court."""
    seen: set[str] = set()
    for entry in index.get("docs", []):
        location = entry.get("location", "")
        page = location.split("#", 1)[0]
        if "#" in location or page in seen:
            continue
        seen.add(page)
        label = labels_by_url.get(page)
        if label is None:
            continue
        theirs = [tag for tag in entry.get("tags", []) if not tag.startswith(CHIP_MARK)]
        entry["tags"] = [CHIP_MARK + chip for chip in label.chips] + theirs
        title = entry.get("title", "")
        if label.alias and label.alias not in title.replace(ZWSP, ""):
            # Material separates words with U+200B; the alias is a dictionary word, so one token.
            entry["title"] = f"{title}{ZWSP}（{ZWSP}{label.alias}{ZWSP}）"
    return index


def chips_of(entry: Mapping[str, Any]) -> list[str]:
    """The label chips of an index entry, without the invisible mark."""
    return [tag[len(CHIP_MARK) :] for tag in entry.get("tags", []) if tag.startswith(CHIP_MARK)]


# ---------------------------------------------------------------------------- index files


def read_index(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def index_json(index: Mapping[str, Any]) -> str:
    """Compact, like Material writes it; non-ASCII kept as is (UTF-8 is half the size of \\u escapes)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def index_script(index: Mapping[str, Any]) -> str:
    """The index as a script for file:// pages, where Material loads `search_index.js` with a
    <script> tag (fetch is blocked there) and reads the global `__index`."""
    return f"var __index = {index_json(index)};\n"


# ---------------------------------------------------------------------------- query side

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
