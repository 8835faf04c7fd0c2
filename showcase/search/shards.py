"""Search data in pieces, so that a reader downloads only what a query needs.

Material's search downloads one `search/search_index.json` and builds a lunr index over all of
it in the browser. With a hundred courts that file is ~50 MB and the first hit takes tens of
seconds. `split_index()` cuts the finished (labelled) index into:

    search/search_index.json   a manifest: Material's config and no documents; the page's script
                               passes only `config` and `docs` on to the search worker, so the
                               layout of the pieces travels in `config.shards`
    search/shards/<k>.json     every index term, bucketed by `shard_of()` its first character:
                               its document frequency (lunr's, for idf) and the pages it occurs
                               on, each with a rough weight (`page_weight()`)
    search/docs/<n>.json       page n's index entries (the page and its sections), exactly as
                               in Material's index, labels and chips included

Each page's part is computed from that page alone (`page_terms`), and the parts are put together
in page order (`SplitBuilder`): a sharded build computes the parts where the pages are rendered
and puts them together at the merge (showcase/sharding), with the same result as one build.
`config.shards.version` is a digest of the pages' documents, for the worker's cache.

The worker (showcase/search_worker.js) fetches the shards of the characters typed, cuts the
query into index words with them, ranks pages roughly by their postings, fetches the documents
of the best candidates and hands just those to Material's own worker, which ranks, highlights
and groups them as before. It gives lunr the document frequencies of the whole index, so those
pages rank among themselves as in the full index (their scores can differ from it only by a
factor common to every hit of the query: lunr divides by the length of the expanded query).

Terms are what Material's browser tokenizer makes of a document (`tokens()`): the text between
HTML tags, cut at the search separator, lower-cased. The offline copy (file://, no fetch) keeps
the single index; showcase/adapter/search.py decides.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showcase.search.labels import CHIP_MARK  # label chips nobody can type, left out of the shards

SHARD_DIR, DOCS_DIR = "shards", "docs"
FIELD_BOOSTS = {"title": 1e3, "text": 1.0, "tags": 1e6}
"""Material's lunr fields and their boosts (integrations/search/_/index.ts)."""
K1 = 1.2  # lunr's BM25 term-frequency saturation; Material sets b = 0 (no length normalisation)
ARTICLE_FACTOR, SECTION_FACTOR = 5.0, 2.0
"""Material multiplies a hit's score by 1 + boost², boost = 1 for a page's own entry (0 for a
section) + the share of query terms it matched: 5 and 2 when all of them match."""
WEIGHT_STEPS = 4
"""Weights are stored as round(WEIGHT_STEPS · log2 weight): small integers, ±9 % — enough to
choose which pages to download, since lunr ranks the downloaded ones exactly."""
POSTING_LIMIT = 2000
"""A term on more pages than this (法院, 2024, 10 on a national site) lists only the pages it
weighs most on: the worker downloads at most a few dozen pages per query and ranks by the rare
terms first, and lunr then counts the term in every page it gets. Its document frequency stays
that of the whole index (idf). At 1,000 courts the digits' shard was 1.7 MB without the limit."""
TARGET_SHARD_BYTES = 32_000
"""About how big a shard should be before compression; the shard count is a power of two."""
MIN_SHARDS, MAX_SHARDS = 8, 1024
HASH_MULTIPLIER = 0x9E3779B1
"""Fibonacci hashing of the first code point; search_worker.js computes the same."""


@dataclass(frozen=True)
class Split:
    manifest: dict[str, Any]
    shards: list[dict[str, Any]]  # index = shard number
    pages: list[list[dict[str, Any]]]  # index = page number: that page's index entries

    @property
    def count(self) -> int:
        return len(self.shards)


# ---------------------------------------------------------------------------- terms


def shard_of(term: str, count: int) -> int:
    """The shard holding `term`: a hash of its first character. `count` is a power of two."""
    bits = count.bit_length() - 1
    if bits == 0:
        return 0
    return ((ord(term[0]) * HASH_MULTIPLIER) & 0xFFFFFFFF) >> (32 - bits)


ANGLE = re.compile(r"[<>]")


def text_blocks(value: str) -> Iterator[str]:
    """The text between HTML tags, as Material's extract() finds it (a port, quirks included:
    it walks the string and only < and > change anything, so this jumps from one to the next)."""
    start = 0
    for match in ANGLE.finditer(value):
        at = match.start()
        if match.group() == "<":
            if at > start:
                yield value[start:at]
                start = at
        else:
            start = at + 1
    if len(value) > start:
        yield value[start:]


def tokens(value: str | Sequence[str] | None, separator: re.Pattern[str]) -> list[str]:
    """The lunr terms of a field, as Material's tokenizer makes them (a tag list: each tag)."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value)
    found: list[str] = []
    for item in values:
        for block in text_blocks(item):
            # Material cuts, then lower-cases each piece; lower-casing first is the same (no letter
            # turns into whitespace, a hyphen or U+200B) and much faster.
            found.extend(filter(None, separator.split(block.lower())))
    return found


def js_separator(pattern: str) -> re.Pattern[str]:
    """Material's separator is a JavaScript regular expression; the ones MkDocs uses read the same in Python."""
    return re.compile(pattern)


# ---------------------------------------------------------------------------- weights


def saturated(frequency: int) -> float:
    """lunr's BM25 term-frequency factor with b = 0."""
    return (K1 + 1) * frequency / (K1 + frequency)


def idf(frequency: int, entries: int) -> float:
    """lunr.idf: `frequency` counts each field of each entry that holds the term."""
    return math.log(1 + abs((entries - frequency + 0.5) / (frequency + 0.5)))


def quantize(weight: float) -> int:
    return max(0, round(WEIGHT_STEPS * math.log2(weight))) if weight > 0 else 0


def page_weight(steps: int) -> float:
    return 2 ** (steps / WEIGHT_STEPS)


# ---------------------------------------------------------------------------- split


def page_of(location: str) -> str:
    return location.split("#", 1)[0]


@dataclass(frozen=True)
class PageTerms:
    """One page's part of the split index: what a build computes for a page it rendered. The
    parts of every page, put together in page order by `SplitBuilder`, are the split index; a
    sharded build computes them in each shard and puts them together at the merge."""

    docs: str  # the page's index entries as written to search/docs/<n>.json
    entries: int  # how many (the page and its sections)
    terms: list[tuple[str, int, int, bool]]  # term, lunr frequency on this page, weight steps, in a title or text

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.docs.encode("utf-8")).hexdigest()


def page_terms(entries: Sequence[Mapping[str, Any]], separator: re.Pattern[str]) -> PageTerms:
    """The terms of one page's entries (its own entry first, then its sections): per term how many
    of its entries' fields hold it (lunr's document frequency counts entries × fields) and the
    weight of the page's best entry for it."""
    frequency: Counter[str] = Counter()
    best: dict[str, float] = {}
    in_text: set[str] = set()
    for position, entry in enumerate(entries):
        # Material: the first entry of a page is the page itself, the others its sections
        factor = (ARTICLE_FACTOR if position == 0 else SECTION_FACTOR) * float(entry.get("boost", 1) or 1)
        scores: defaultdict[str, float] = defaultdict(float)  # BM25 weights, not counts
        for field, boost in FIELD_BOOSTS.items():
            counts = Counter(tokens(entry.get(field), separator))
            frequency.update(counts.keys())
            if field != "tags":
                in_text.update(counts.keys())
            for term, count in counts.items():
                scores[term] += saturated(count) * boost
        for term, score in scores.items():
            if not term.startswith(CHIP_MARK):
                best[term] = max(best.get(term, 0.0), score * factor)
    terms = [(term, frequency[term], quantize(weight), term in in_text) for term, weight in best.items()]
    return PageTerms(compact(list(entries)), len(entries), terms)


def grouped(docs: Iterable[Mapping[str, Any]]) -> list[list[dict[str, Any]]]:
    """Index entries by page, pages in order of their first entry."""
    pages: dict[str, list[dict[str, Any]]] = {}
    for entry in docs:
        pages.setdefault(page_of(entry.get("location", "")), []).append(dict(entry))
    return list(pages.values())


class SplitBuilder:
    """Puts the pages' parts together, in page order, into the manifest and the term shards.
    Postings are kept as arrays of (page number, steps): a national index has tens of millions."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        self.config = dict(config)
        self.frequency: Counter[str] = Counter()
        self.postings: dict[str, array[int]] = {}
        self.in_text: set[str] = set()
        self.digests: list[str] = []
        self.entries = 0

    def add(self, page: PageTerms) -> int:
        """Add the next page; returns its number (its file is search/docs/<number>.json)."""
        return self.add_part(page.digest, page.entries, page.terms)

    def add_part(self, digest: str, entries: int, terms: Iterable[Sequence[Any]]) -> int:
        """`add` for a page whose part was computed elsewhere (a shard): its documents' digest,
        number of entries and terms."""
        number = len(self.digests)
        self.digests.append(digest)
        self.entries += entries
        counts, postings, in_texts = self.frequency, self.postings, self.in_text
        for term, frequency, steps, in_text in terms:  # the merge's inner loop: kept lean
            counts[term] += frequency
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = array("L")
            posting.append(number)
            posting.append(steps)
            if in_text:
                in_texts.add(term)
        return number

    def _posting(self, term: str) -> list[int]:
        """[document frequency, page gap, weight steps, page gap, weight steps, …], pages ascending;
        at most POSTING_LIMIT pages, those the term weighs most on."""
        flat = [self.frequency[term]]
        previous = 0
        pairs = self.postings[term]
        kept: Iterable[int] = range(0, len(pairs), 2)
        if len(pairs) > 2 * POSTING_LIMIT:
            kept = sorted(sorted(kept, key=lambda at: (-pairs[at + 1], pairs[at]))[:POSTING_LIMIT])
        for at in kept:
            flat += [pairs[at] - previous, pairs[at + 1]]
            previous = pairs[at]
        return flat

    def finish(self) -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
        """The manifest, and the term shards in shard order (made one at a time)."""
        order = sorted(self.postings)
        count = shard_count(sum(len(term) * 3 + len(json.dumps(self._posting(term))) for term in order))
        config = dict(self.config)
        config["shards"] = {
            "version": hashlib.sha256("\n".join(self.digests).encode()).hexdigest()[:12],
            "count": count,
            "pages": len(self.digests),
            "entries": self.entries,
        }
        by_shard: list[list[str]] = [[] for _ in range(count)]
        for term in order:
            by_shard[shard_of(term, count)].append(term)

        def shards() -> Iterator[dict[str, Any]]:
            for terms in by_shard:
                yield {
                    "terms": {term: self._posting(term) for term in terms},
                    "tags_only": [term for term in terms if term not in self.in_text],
                }

        return {"config": config, "docs": []}, shards()


def split_index(index: Mapping[str, Any]) -> Split:
    """The manifest, shards and per-page documents of a (labelled) Material index."""
    config = dict(index.get("config", {}))
    separator = js_separator(config.get("separator", r"[\s\-]+"))
    pages = grouped(index.get("docs", []))
    builder = SplitBuilder(config)
    for entries in pages:
        builder.add(page_terms(entries, separator))
    manifest, shards = builder.finish()
    if "options" in index:
        manifest["options"] = index["options"]  # Material writes none: the page sends its own to the worker
    return Split(manifest, list(shards), pages)


def shard_count(total_bytes: int) -> int:
    count = MIN_SHARDS
    while count < MAX_SHARDS and total_bytes / count > TARGET_SHARD_BYTES:
        count *= 2
    return count


# ---------------------------------------------------------------------------- files


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_split(split: Split, search_dir: Path) -> None:
    """Write the manifest over `search_index.json` and the shards and documents beside it,
    removing those of an earlier build first (a smaller site would leave stale pages behind)."""
    for folder in (SHARD_DIR, DOCS_DIR):
        shutil.rmtree(search_dir / folder, ignore_errors=True)
        (search_dir / folder).mkdir(parents=True)
    for number, shard in enumerate(split.shards):
        (search_dir / SHARD_DIR / f"{number}.json").write_text(compact(shard), encoding="utf-8")
    for number, entries in enumerate(split.pages):
        (search_dir / DOCS_DIR / f"{number}.json").write_text(compact(entries), encoding="utf-8")
    (search_dir / "search_index.json").write_text(compact(split.manifest), encoding="utf-8")


def read_split(search_dir: Path) -> Split:
    """The pieces back from disk (for tests and checks)."""
    manifest = json.loads((search_dir / "search_index.json").read_text(encoding="utf-8"))
    layout = manifest["config"]["shards"]
    shards = [
        json.loads((search_dir / SHARD_DIR / f"{k}.json").read_text(encoding="utf-8")) for k in range(layout["count"])
    ]
    pages = [
        json.loads((search_dir / DOCS_DIR / f"{n}.json").read_text(encoding="utf-8")) for n in range(layout["pages"])
    ]
    return Split(manifest, shards, pages)


def whole_index(split: Split) -> dict[str, Any]:
    """The single index the pieces were cut from (what the offline copy ships)."""
    config = {key: value for key, value in split.manifest["config"].items() if key != "shards"}
    return {"config": config, "docs": [entry for entries in split.pages for entry in entries]}


def postings(split: Split, term: str) -> dict[int, int]:
    """Page number → weight steps of the pages holding exactly `term`; empty if no page does."""
    posting = split.shards[shard_of(term, split.count)]["terms"].get(term, [0])
    found, number = {}, 0
    for gap, steps in zip(posting[1::2], posting[2::2], strict=True):
        number += gap
        found[number] = steps
    return found


def pages_with(split: Split, term: str) -> dict[int, float]:
    """Page number → rough weight of every page holding a term that starts with `term` (as the
    worker reads the shards: Material adds * to every query term)."""
    found: dict[int, float] = {}
    for word in split.shards[shard_of(term, split.count)]["terms"]:
        if word.startswith(term):
            for number, steps in postings(split, word).items():
                found[number] = found.get(number, 0.0) + page_weight(steps)
    return found
