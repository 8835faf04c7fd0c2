"""Ranks with ties shared (standard competition ranking: 1, 2, 2, 4), the one rule for every
leaderboard — the assessment, the packet results and the comparison page.

Equal scores share a rank and the next rank skips (a tie is not a defeat, and no invented rule
breaks it); among equals the input order is kept, so a listing stays stable from run to run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Ranked(Generic[T]):
    item: T
    rank: int
    tied: bool  # another item has the same rank


def shared_ranks(items: Iterable[T], score: Callable[[T], Any], *, higher_is_better: bool = True) -> list[Ranked[T]]:
    """`items` best first with their ranks; items whose scores are equal share a rank."""
    listed = list(items)
    ordered = sorted(listed, key=score, reverse=higher_is_better)  # sorted() is stable, also reversed
    ranks: list[int] = []
    for index, item in enumerate(ordered):
        ranks.append(ranks[-1] if index and score(item) == score(ordered[index - 1]) else index + 1)
    counts: dict[int, int] = {}
    for rank in ranks:
        counts[rank] = counts.get(rank, 0) + 1
    return [Ranked(item, rank, counts[rank] > 1) for item, rank in zip(ordered, ranks, strict=True)]
