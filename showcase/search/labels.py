"""What each hit is: `page_labels()` says which entity each page shows (品牌 / 项目 / 载体 / 案例 /
人物 / 法院 and its court) and how strongly a page of that kind should rank, and `label_index()`
puts that label on the hit as display-only chips. Also reading and writing the index files."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showcase.core.catalog import Catalog
from showcase.core.display import court_name
from showcase.core.model import Court
from showcase.site import urls

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


def court_label(court: Court | None) -> str | None:
    if court is None:
        return None
    return court_name(court)


def page_labels(catalog: Catalog) -> dict[str, PageLabel]:
    """src_uri of each entity's page → its label; pages not listed are overviews."""
    labels: dict[str, PageLabel] = {}
    for court in catalog.courts.values():
        alias = court.short_name if court.short_name and court.short_name != court.name else None
        labels[urls.court(court.id)] = PageLabel(KIND_LABELS["court"], None, ENTITY_BOOST, alias)
    for campaign in catalog.campaigns.values():
        labels[urls.campaign(campaign.id)] = PageLabel(KIND_LABELS["campaign"], None, ENTITY_BOOST)
    for brand in catalog.brands.values():
        labels[urls.brand(brand.id)] = PageLabel(
            KIND_LABELS["brand"], court_label(catalog.courts.get(brand.court)), ENTITY_BOOST
        )
    for brand, project in catalog.projects():
        labels[urls.project(project.id)] = PageLabel(
            KIND_LABELS["project"], court_label(catalog.courts.get(brand.court)), ENTITY_BOOST
        )
    for court, _brand, carrier in catalog.carriers():
        labels[urls.carrier(carrier.id)] = PageLabel(KIND_LABELS["carrier"], court_label(court), ENTITY_BOOST)
    for person in catalog.people.values():
        labels[urls.person(person.id)] = PageLabel(
            KIND_LABELS["person"], court_label(catalog.courts.get(person.court)), ENTITY_BOOST
        )
    for case in catalog.cases.values():
        labels[case.src_uri] = PageLabel(
            KIND_LABELS["case"], court_label(catalog.courts.get(case.meta.court)), CASE_BOOST
        )
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
