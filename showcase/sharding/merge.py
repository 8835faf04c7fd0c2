"""The shards into one site: what one `mkdocs build` of the same data would have written.

    pages          each from the shard that rendered it (hard links: outputs never change in place)
    theme, media,  from the shards that have them; a file several shards have must be the same
    404.html
    search/        the whole site's split index: the pages' parts (computed in the shards) put
                   together in the site's page order — the same manifest, shards and documents
    tags.json      every shard's tagged pages, in the site's order
    sitemap.xml    the theme's template over every page, and its .gz, as MkDocs writes them
    leak check     a public site is searched for internal content as a single build is

The shards must come from one plan over the same inputs (the records say so: the same plan,
the same digest of configuration, code, navigation and file list, the same audience); anything
else stops the merge before a file is written. The site is put together in a staging folder
beside the destination and swapped into place only when complete, so a failed merge leaves the
destination as it was and nothing complete-looking behind.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import gzip
import heapq
import io
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import jinja2

from showcase import search
from showcase.audience import PUBLIC, find_leaks, load_for_audience, published_docs_text
from showcase.core.loader import Layout
from showcase.core.problems import format_report
from showcase.core.settings import SOURCE_DATE_EPOCH_ENV
from showcase.sharding.record import (
    DOCS,
    RECORD_DIR,
    PageRecord,
    RecordError,
    ShardRecord,
    link_or_copy,
    peak_rss,
    read_pages,
    read_record,
)

MERGED = ".showcase-merged.json"  # in a merged site: what it was made of (publish --site reads it)
MARKER = ".showcase-staging"
STAGING = ".merging-"
OLD = ".replaced-"
LEFT_OUT = (RECORD_DIR, "search", "tags.json", "sitemap.xml", "sitemap.xml.gz")  # of a shard's folder: not taken as is


class MergeError(Exception):
    """The shards could not be merged; the destination is untouched. Chinese, fit to show."""


@dataclass(frozen=True)
class Merged:
    out: Path
    shards: int
    pages: int
    search_pages: int
    seconds: float
    peak_rss: int
    audience: str


def merge_shards(
    folders: Sequence[Path], out: Path, *, root: Path | None = None, say: Callable[[str], None] = print
) -> Merged:
    """Merge the shard folders into `out` (replaced only on success). `root`: the project, for
    the leak check of a public site (the folder the command runs in otherwise)."""
    started = time.perf_counter()
    records = _records(folders)
    first = records[0][1]
    out = Path(os.path.abspath(out))
    _guard_out(out, [folder for folder, _ in records])
    staging = _begin(out)
    try:
        for relative, folder in _static_files(records).items():
            link_or_copy(folder / relative, staging / relative)
        search_pages = _pages_and_search(records, staging)
        if first.sitemap is not None:
            _write_sitemap(first, staging)
        if first.audience == PUBLIC:
            _check_leaks(staging, root or Path.cwd())
        (staging / MERGED).write_text(
            json.dumps(
                {
                    "tool": "showcase merge",
                    "audience": first.audience,
                    "shards": first.shard[1],
                    "plan": first.plan,
                    "site": first.site,
                    "pages": len(first.pages),
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        _settle(staging, out)
    except BaseException:
        _remove_marked(staging)
        raise
    return Merged(
        out, first.shard[1], len(first.pages), search_pages, time.perf_counter() - started, peak_rss(), first.audience
    )


# --------------------------------------------------------------------------- the records


def _records(folders: Sequence[Path]) -> list[tuple[Path, ShardRecord]]:
    if not folders:
        raise MergeError("没有给出分片目录 — merge 后面列出每个分片的输出目录")
    found: list[tuple[Path, ShardRecord]] = []
    for folder in folders:
        try:
            found.append((Path(folder).resolve(), read_record(Path(folder))))
        except RecordError as error:
            raise MergeError(str(error)) from None
    found.sort(key=lambda item: item[1].shard[0])
    first = found[0][1]
    count = first.shard[1]
    indices = [record.shard[0] for _, record in found]
    for folder, record in found:
        if record.shard[1] != count or record.plan != first.plan:
            raise MergeError(
                f"{folder}: 是另一次分片构建的结果（分片 {record.spec}，计划 {record.plan}；其他分片为 "
                f"{first.plan}）— 用同一份资料、同样的分片数重新构建全部分片"
            )
        if record.site != first.site or record.pages_digest() != first.pages_digest():
            raise MergeError(
                f"{folder}: 分片 {record.spec} 的输入（资料、配置、程序版本或导航）与分片 {first.spec} 不同 — "
                "所有分片须从同一份仓库内容构建"
            )
        if (record.audience, record.search, record.site_url, record.tags, record.sitemap) != (
            first.audience,
            first.search,
            first.site_url,
            first.tags,
            first.sitemap,
        ):
            raise MergeError(
                f"{folder}: 分片 {record.spec} 的受众或网站设置与分片 {first.spec} 不同 — 所有分片须用同样的设置构建"
            )
    duplicates = sorted({i for i in indices if indices.count(i) > 1})
    if duplicates:
        raise MergeError(f"分片 {'、'.join(f'{i}/{count}' for i in duplicates)} 给了不止一次 — 每个分片只给一个目录")
    missing = [i for i in range(1, count + 1) if i not in indices]
    if missing:
        raise MergeError(
            f"缺少分片 {'、'.join(f'{i}/{count}' for i in missing)}（共 {count} 个）— 先构建缺少的分片，再合并全部分片"
        )
    return found


def _guard_out(out: Path, folders: list[Path]) -> None:
    if out.exists() and not out.is_dir():
        raise MergeError(f"{out}: 是一个文件，不是目录 — 换一个输出目录")
    for folder in folders:
        if out == folder or out.is_relative_to(folder) or folder.is_relative_to(out):
            raise MergeError(f"{out}: 输出目录不能是分片目录，也不能包含或位于分片目录中 — 换一个输出目录")
    if out.is_dir() and any(not p.name.startswith(".") for p in out.iterdir()):
        if not ((out / "index.html").is_file() or (out / MERGED).is_file()):
            raise MergeError(
                f"{out}: 目录里已有文件，但不是网站（没有 index.html）— 为了不误删这些文件，已停止；"
                "换一个空目录或尚不存在的目录"
            )


# --------------------------------------------------------------------------- files


def _walk(folder: Path) -> set[str]:
    found: set[str] = set()
    for directory, subdirs, names in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        if relative == ".":
            subdirs[:] = [d for d in subdirs if d not in LEFT_OUT]
            names = [n for n in names if n not in LEFT_OUT]
        for name in names:
            found.add(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return found


def _static_files(records: list[tuple[Path, ShardRecord]]) -> dict[str, Path]:
    """Every file of the shards that is not a page (theme, media, 404.html …) → the shard folder
    it is taken from. A shard copies the media its own pages show; a file two shards have must be
    the same byte for byte."""
    pages = {dest for _, _, dest in records[0][1].pages}
    found: dict[str, tuple[Path, ShardRecord]] = {}
    for folder, record in records:
        for relative in sorted(_walk(folder) - pages):
            before = found.get(relative)
            if before is None:
                found[relative] = (folder, record)
            elif not filecmp.cmp(before[0] / relative, folder / relative, shallow=False):
                raise MergeError(
                    f"{folder}/{relative}: 与分片 {before[1].spec} 的同名文件内容不同 — "
                    "所有分片须从同一份仓库内容构建，重新构建这个分片"
                )
    return {relative: folder for relative, (folder, _) in sorted(found.items())}


def _ordered_pages(records: list[tuple[Path, ShardRecord]]) -> Iterator[tuple[int, Path, PageRecord]]:
    """Every shard's page records, merged into the site's page order (each stream is in it)."""
    position = {src: at for at, (src, _, _) in enumerate(records[0][1].pages)}

    def stream(folder: Path, record: ShardRecord) -> Iterator[tuple[int, Path, PageRecord]]:
        for page in read_pages(folder):
            at = position.get(page.src)
            if at is None:
                raise MergeError(
                    f"{folder}: 分片 {record.spec} 含有网站页面列表中没有的页面 {page.src} — 重新构建这个分片"
                )
            yield at, folder, page

    return heapq.merge(*(stream(folder, record) for folder, record in records), key=lambda item: item[0])


def _pages_and_search(records: list[tuple[Path, ShardRecord]], staging: Path) -> int:
    """Link each page's output; put the search parts together; tags.json. Returns search pages."""
    first = records[0][1]
    builder = search.SplitBuilder(first.search or {})
    docs_dir = staging / "search" / search.DOCS_DIR
    tags: list[dict[str, object]] = []
    expected = 0
    for at, folder, page in _ordered_pages(records):
        if at != expected:
            src = first.pages[expected][0] if at > expected else page.src
            raise MergeError(
                f"页面 {src} {'没有任何分片生成' if at > expected else '被不止一个分片生成'} — "
                "所有分片须来自同一个分片计划，重新构建全部分片"
            )
        expected += 1
        if page.dest is not None:
            link_or_copy(folder / page.dest, staging / page.dest)
        if page.tags is not None:
            tags.append(page.tags)
        if first.search is not None and page.docs is not None:
            number = builder.add_part(page.digest, page.entries, page.terms)
            link_or_copy(folder / RECORD_DIR / DOCS / page.docs, docs_dir / f"{number}.json")
    if expected != len(first.pages):
        raise MergeError(
            f"页面 {first.pages[expected][0]} 没有任何分片生成 — 所有分片须来自同一个分片计划，重新构建全部分片"
        )
    if first.tags:
        with open(staging / "tags.json", "w", encoding="utf-8") as out:
            json.dump({"mappings": tags}, out)  # as Material's tags plugin writes it
    if first.search is None:
        return 0
    manifest, shards = builder.finish()
    shard_dir = staging / "search" / search.SHARD_DIR
    shard_dir.mkdir(parents=True, exist_ok=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
    for number, shard in enumerate(shards):
        (shard_dir / f"{number}.json").write_text(search.compact(shard), encoding="utf-8")
    (staging / "search" / "search_index.json").write_text(search.compact(manifest), encoding="utf-8")
    return len(builder.digests)


def _build_datetime() -> dt.datetime:
    """MkDocs' build date: SOURCE_DATE_EPOCH when set (reproducible builds), else now, in UTC."""
    epoch = os.environ.get(SOURCE_DATE_EPOCH_ENV)
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)


def _write_sitemap(record: ShardRecord, staging: Path) -> None:
    """sitemap.xml from the theme's template over every page, and sitemap.xml.gz, as MkDocs does."""
    date = _build_datetime().strftime("%Y-%m-%d")
    base = record.site_url
    if base and not base.endswith("/"):
        base += "/"
    pages = []
    for _src, url, _dest in record.pages:
        canonical = urljoin(base, url) if base else None
        page = SimpleNamespace(
            is_link=False,
            canonical_url=canonical,
            abs_url=urlsplit(canonical).path if canonical else None,
            update_date=date,
        )
        pages.append(SimpleNamespace(page=page))
    text = jinja2.Environment(auto_reload=False).from_string(record.sitemap or "").render(pages=pages)
    if not text.strip():
        return
    path = staging / "sitemap.xml"
    path.write_bytes(text.encode("utf-8"))
    stamp = int(dt.datetime.fromisoformat(date).replace(tzinfo=dt.UTC).timestamp())
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, filename=f"{path}.gz", mode="wb", mtime=stamp) as gz:
        gz.write(text.encode("utf-8"))
    (staging / "sitemap.xml.gz").write_bytes(buffer.getvalue())


def _check_leaks(site: Path, root: Path) -> None:
    """A public site: the check every public build makes, over the merged site."""
    layout = Layout(root)
    catalog, problems = load_for_audience(layout, PUBLIC)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise MergeError(f"资料校验未通过（公开版），未合并：\n{format_report(problems)}")
    leaks = find_leaks(site, catalog, published_docs_text(root / layout.docs_dir, catalog))
    if leaks:
        listed = "\n".join(leak.format() for leak in leaks[:20])
        more = f"\n……另有 {len(leaks) - 20} 处" if len(leaks) > 20 else ""
        raise MergeError(f"公开版网站中出现了内部内容，已停止，输出目录未改动：\n{listed}{more}")


# --------------------------------------------------------------------------- staging (as showcase/adapter/output.py)


def _begin(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f".{out.name}{STAGING}*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            _remove_marked(leftover)
    staging = out.parent / f".{out.name}{STAGING}{os.getpid()}"
    _remove_marked(staging)
    try:
        staging.mkdir()
        (staging / MARKER).write_text(
            f"showcase merge in progress (pid {os.getpid()}); removed when it ends\n", encoding="utf-8"
        )
    except OSError as error:
        raise MergeError(f"{staging}: 无法创建临时目录（{error.strerror}）— 检查 {out.parent} 的写权限") from None
    return staging


def _settle(staging: Path, out: Path) -> None:
    (staging / MARKER).unlink()
    if not out.exists():
        os.rename(staging, out)
        return
    old = out.parent / f".{out.name}{OLD}{os.getpid()}"
    os.rename(out, old)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(old, out)
        raise
    for entry in old.iterdir():  # hidden entries of the old site (.git, .nojekyll) stay, as MkDocs keeps them
        if entry.name.startswith(".") and entry.name != MERGED and not (out / entry.name).exists():
            os.rename(entry, out / entry.name)
    (old / MARKER).write_text("previous site, being deleted\n", encoding="utf-8")
    shutil.rmtree(old, ignore_errors=True)


def _remove_marked(folder: Path) -> None:
    if folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file():
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
