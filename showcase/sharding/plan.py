"""Which shard renders which page: courts kept whole, in region order, balanced by page count.

A shard plan is computed from the page list and the catalog alone, so every shard — on this
machine or on another CI runner — computes the same plan from the same inputs and renders only
its own part. A court's pages (the court, its brands, projects, carriers, people, comparison and
case write-ups) stay together in one shard, courts of one region next to each other; the pages
of no court (home, overviews, years, the guide …) all go to the first shard: they show every
court, so that shard runs again after any edit, and keeping them together leaves the other shards
depending on their own courts only (see inputs.py); then the courts are cut into consecutive
runs so that every shard holds about the same number of pages.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from showcase.core.catalog import Catalog
from showcase.site import urls

SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
MAX_SHARDS = 256
PAGES_PER_SHARD = 6000
LOOSE_WEIGHT = 0.1
"""The pages of no court count in the plan as this many pages per page of the site: the year,
update, theme and case overviews and the dashboard grow with the country (at 1,000 courts the
largest is 23 MB of HTML) and the first shard, which renders them, also reads every tagged page
for the tags listing. Measured at 100 and 1,000 courts the first shard took about a tenth of a
page per page of the site longer, and at 1,000 courts needed about 800 MB more, so it gets
fewer courts."""
"""Default shard size of `build`. Measured at 1,000 courts (56,000 pages): a shard needs about
510 MB however small (catalog, navigation, a file for every page) plus 0.1 MB per page it renders,
and repeats about 15 s of work however small; 6,000 pages keep it near 1.1 GB."""


class ShardError(ValueError):
    """A shard given wrongly; the message is Chinese and fit to show as is."""


@dataclass(frozen=True, order=True)
class ShardSpec:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_spec(text: str, source: str = "--shard") -> ShardSpec:
    """`I/N`, 1 ≤ I ≤ N ≤ MAX_SHARDS, e.g. 2/8."""
    match = SPEC.match(text or "")
    if not match:
        raise ShardError(f"{source}: “{text}”不是分片编号 — 写成 I/N，如 2/8 表示共 8 个分片中的第 2 个")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= count <= MAX_SHARDS:
        raise ShardError(f"{source}: 分片总数 {count} 无效 — 应在 1 到 {MAX_SHARDS} 之间")
    if not 1 <= index <= count:
        raise ShardError(f"{source}: 分片编号 {index} 超出范围 — 共 {count} 个分片时应在 1 到 {count} 之间")
    return ShardSpec(index, count)


@dataclass(frozen=True)
class Plan:
    count: int
    shard_of: dict[str, int]  # src_uri → shard (1-based)
    digest: str  # the same for every shard of one plan; the merge checks it

    def pages_of(self, index: int) -> list[str]:
        return [src for src, shard in self.shard_of.items() if shard == index]

    def loads(self) -> list[int]:
        """Pages per shard, shard 1 first."""
        counts = [0] * self.count
        for shard in self.shard_of.values():
            counts[shard - 1] += 1
        return counts


def court_pages(catalog: Catalog) -> dict[str, str]:
    """src_uri → court id, for every page that shows one court's data: the court and its
    comparison, its brands, projects, carriers, people and case write-ups."""
    found: dict[str, str] = {}
    for court in catalog.courts.values():
        found[urls.court(court.id)] = court.id
        found[urls.compare(court.id)] = court.id
    for brand in catalog.brands.values():
        found[urls.brand(brand.id)] = brand.court
    for brand, project in catalog.projects():
        found[urls.project(project.id)] = brand.court
    for court, _brand, carrier in catalog.carriers():
        found[urls.carrier(carrier.id)] = court.id
    for person in catalog.people.values():
        found[urls.person(person.id)] = person.court
    for case in catalog.cases.values():
        found[case.src_uri] = case.meta.court
    return found


def court_order(catalog: Catalog) -> list[str]:
    """Courts by region, then id: neighbours share a shard."""
    return [court.id for court in sorted(catalog.courts.values(), key=lambda c: (c.region or "", c.id))]


def plan_shards(
    pages: Sequence[str],
    court_of: Mapping[str, str],
    order: Sequence[str],
    count: int,
    loose_weight: float = LOOSE_WEIGHT,
) -> Plan:
    """Assign every page of `pages` (src_uris, in the build's order) to one of `count` shards;
    the first shard's pages of no court weigh `loose_weight` × len(pages) on top of their count."""
    if count < 1:
        raise ShardError(f"分片总数 {count} 无效")
    by_court: dict[str, list[str]] = {}
    loose: list[str] = []
    for src in pages:
        court = court_of.get(src)
        if court is None:
            loose.append(src)
        else:
            by_court.setdefault(court, []).append(src)
    courts = [c for c in order if c in by_court] + sorted(c for c in by_court if c not in set(order))
    shard_of: dict[str, int] = {}
    loads = [0.0] * count  # in pages, the first shard's overviews weighted
    for src in loose:  # pages of no court: together in the first shard
        shard_of[src] = 1
        loads[0] += 1
    if loose and count > 1:
        loads[0] += loose_weight * len(pages)
    # Courts in order, cut where the running total crosses each shard's share: each court goes
    # to the shard its midpoint falls in, so no shard is off by more than half a court or so.
    share = (len(pages) + (loads[0] - len(loose))) / count
    bounds, total = [], 0.0
    for load in loads:
        total += max(share - load, 0.0)
        bounds.append(total)
    scale = sum(len(by_court[c]) for c in courts) / total if total else 0.0
    running, shard = 0, 0
    for court in courts:
        size = len(by_court[court])
        middle = (running + size / 2) / scale if scale else 0.0
        while shard < count - 1 and middle > bounds[shard]:
            shard += 1
        for src in by_court[court]:
            shard_of[src] = shard + 1
        running += size
    digest = hashlib.sha256("\n".join(f"{src}\t{shard_of[src]}" for src in pages).encode("utf-8")).hexdigest()[:16]
    return Plan(count, {src: shard_of[src] for src in pages}, f"{count}-{digest}")


def default_count(pages: int, jobs: int) -> int:
    """How many shards `build` makes of a site of `pages` pages when not told."""
    return max(1, min(MAX_SHARDS, max(jobs, math.ceil(pages / PAGES_PER_SHARD))))
