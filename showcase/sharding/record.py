"""What a shard leaves beside its pages, for the merge and for its own next build.

A shard's output folder is the site_dir of its build: its own pages, the theme's assets, the
media, 404.html — and `.showcase-shard/`, written last, when the build has succeeded:

    .showcase-shard/shard.json    which shard of which plan, built from which inputs (a digest
                                  of everything every page depends on), every page of the site
                                  in build order, Material's search settings
    .showcase-shard/pages.jsonl   one line per page of this shard, in build order: its content
                                  key, output file, tags mapping and search part (terms)
    .showcase-shard/docs/<k>.json the page's search documents, ready to serve
    .showcase-shard/outlines.json the shard rendering the tags listing: the front matter of
                                  every page of one court as read, with that court's inputs key,
                                  so its next build reads again only the pages of changed courts

The folder moves into place with the rest of the build (showcase/adapter/output.py), so a
failed build leaves no record; the merge takes nothing from a folder without one. The content
key of a page is what its output depends on, so the next build of the folder copies every
page whose key is unchanged instead of rendering it again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

RECORD_DIR = ".showcase-shard"
RECORD = "shard.json"
PAGES = "pages.jsonl"
DOCS = "docs"
OUTLINES = "outlines.json"
FORMAT = 1
TOOL = "showcase shard"


class RecordError(ValueError):
    """A shard folder that cannot be merged; the message is Chinese and fit to show as is."""


@dataclass
class PageRecord:
    src: str
    key: str  # content key: the page's output is a function of it
    dest: str | None  # output file below the shard's folder; None when the page wrote nothing
    tags: dict[str, Any] | None = None  # the page's entry in Material's tags.json
    docs: str | None = None  # file below .showcase-shard/docs; None: no search entries
    digest: str = ""  # of the search documents
    entries: int = 0
    terms: list[list[Any]] = field(default_factory=list)  # [term, frequency, steps, in title/text]
    court: str = ""  # a page of one court: that court's inputs key when it was made (inputs.py)


@dataclass
class ShardRecord:
    shard: tuple[int, int]  # index (1-based), count
    plan: str  # plan digest: the same for every shard of one build
    site: str  # digest of every input all pages share: config, code, navigation, file list …
    audience: str
    pages: list[list[str]]  # every page of the site in build order: [src_uri, url, dest_uri]
    search: dict[str, Any] | None  # Material's search config (lang, separator, pipeline, fields)
    site_url: str | None
    sitemap: str | None  # the theme's sitemap.xml template, None when the theme has none
    tags: bool  # Material's tags plugin exported tags.json
    rendered: int = 0
    reused: int = 0
    peak_rss: int = 0  # bytes, the build process's VmHWM
    format: int = FORMAT
    tool: str = TOOL

    @property
    def spec(self) -> str:
        return f"{self.shard[0]}/{self.shard[1]}"

    def pages_digest(self) -> str:
        return digest_of(self.pages)


def digest_of(value: Any) -> str:
    return hashlib.sha256(
        json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    ).hexdigest()


def key_of(site: str, src: str, *parts: str | bytes) -> str:
    """The content key of one page: the shared inputs and the page's own."""
    hasher = hashlib.sha256(site.encode("ascii"))
    hasher.update(src.encode("utf-8"))
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


# src_uri → [the court's inputs key, the page's front matter as read (None: no tags)]
Outlines = dict[str, list[Any]]


def write_record(
    folder: Path, record: ShardRecord, pages: Iterable[PageRecord], outlines: Outlines | None = None
) -> None:
    """pages.jsonl (and outlines.json) first, shard.json last: a folder with shard.json is complete."""
    target = folder / RECORD_DIR
    target.mkdir(parents=True, exist_ok=True)
    with open(target / PAGES, "w", encoding="utf-8") as out:
        for page in pages:  # vars(), not asdict(): asdict copies every term list, seconds for a shard
            out.write(json.dumps(vars(page), ensure_ascii=False, separators=(",", ":")) + "\n")
    if outlines:
        text = json.dumps(outlines, ensure_ascii=False, separators=(",", ":"))
        (target / OUTLINES).write_text(text, encoding="utf-8")
    data = asdict(record)
    aside = target / f"{RECORD}.tmp-{os.getpid()}"
    aside.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(aside, target / RECORD)


def read_record(folder: Path) -> ShardRecord:
    path = folder / RECORD_DIR / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RecordError(
            f"{folder}: 不是完整的分片输出（没有 {RECORD_DIR}/{RECORD}，构建未完成或失败）— 重新构建这个分片"
        ) from None
    except (OSError, ValueError) as error:
        raise RecordError(f"{path}: 分片记录无法读取（{error}）— 重新构建这个分片") from None
    if not isinstance(data, dict) or data.get("tool") != TOOL or data.get("format") != FORMAT:
        raise RecordError(f"{path}: 分片记录的格式不是本程序这一版写的 — 用同一版本重新构建全部分片")
    try:
        data["shard"] = tuple(data["shard"])
        return ShardRecord(**data)
    except (TypeError, KeyError) as error:
        raise RecordError(f"{path}: 分片记录不完整（{error}）— 重新构建这个分片") from None


def read_outlines(folder: Path) -> Outlines:
    """The outlines the folder's last build left; none when it left none or they cannot be read."""
    try:
        found = json.loads((folder / RECORD_DIR / OUTLINES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(found, dict):
        return {}
    return {
        src: entry
        for src, entry in found.items()
        if isinstance(entry, list)
        and len(entry) == 2
        and isinstance(entry[0], str)
        and isinstance(entry[1], dict | None)
    }


def read_pages(folder: Path) -> Iterator[PageRecord]:
    with open(folder / RECORD_DIR / PAGES, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield PageRecord(**json.loads(line))


def peak_rss() -> int:
    """This process's peak resident memory (VmHWM), in bytes; 0 where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def link_or_copy(source: Path, target: Path) -> None:
    """A hard link (outputs are written once and never changed in place), else a copy. The folder
    is made only when missing (a merge links tens of thousands of files)."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        if not source.exists():
            raise
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
    except OSError:
        shutil.copy2(source, target)
