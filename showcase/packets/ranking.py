"""Weighted totals, aggregation over reviewers, and ranks — pure functions on exact decimals.

Rules (printed in the packet's reviewing notes and on the result page, so they are the contract):

- A reviewer's weighted total for a case is Σ score ÷ the criterion's maximum × its weight,
  on a 100-point scale, rounded half up to two decimals (what the sheet's ROUND(…, 2) shows).
- With five or more reviewers, one highest and one lowest total are dropped (trimmed mean);
  with fewer, all totals are averaged. The final score is rounded half up to two decimals.
- Cases are ranked by final score; equal final scores share a rank (1, 2, 2, 4) and are
  reported as ties rather than broken by an invented rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from showcase.core.ranking import shared_ranks
from showcase.packets.spec import Criterion

CENT = Decimal("0.01")
TRIM_FROM = 5  # reviewers needed before the highest and lowest totals are dropped


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(scores: dict[str, Decimal], criteria: Sequence[Criterion]) -> Decimal:
    return round2(sum((scores[c.key] / c.high * c.weight for c in criteria), Decimal(0)))


@dataclass
class SheetScores:
    """One reviewer's complete, valid scores."""

    reviewer: str
    file: str
    scores: dict[str, dict[str, Decimal]]  # case id → criterion key → score
    comments: dict[str, str] = field(default_factory=dict)


@dataclass
class RankedCase:
    case_id: str
    number: int  # position in the packet
    totals: dict[str, Decimal]  # reviewer → weighted total
    dropped: list[str]  # reviewers whose totals were left out (highest, lowest)
    final: Decimal
    criterion_means: dict[str, Decimal]
    rank: int = 0
    tied: bool = False


@dataclass
class Ranking:
    method: str
    reviewers: list[str]
    rows: list[RankedCase]  # best first

    @property
    def ties(self) -> list[list[RankedCase]]:
        groups: dict[int, list[RankedCase]] = {}
        for row in self.rows:
            groups.setdefault(row.rank, []).append(row)
        return [group for group in groups.values() if len(group) > 1]


def method_text(reviewer_count: int) -> str:
    if reviewer_count >= TRIM_FROM:
        return f"{reviewer_count} 位评审人，去掉一个最高分和一个最低分后取平均"
    return f"{reviewer_count} 位评审人，取平均分"


def rank(case_ids: Sequence[str], criteria: Sequence[Criterion], sheets: Sequence[SheetScores]) -> Ranking:
    reviewers = [sheet.reviewer for sheet in sheets]
    trimmed = len(sheets) >= TRIM_FROM
    rows = []
    for number, case_id in enumerate(case_ids, start=1):
        totals = {sheet.reviewer: weighted_total(sheet.scores[case_id], criteria) for sheet in sheets}
        kept = dict(totals)
        dropped: list[str] = []
        if trimmed:
            # Stable choice among equal extremes: the first reviewer in sheet order is dropped.
            highest = max(kept, key=lambda name: kept[name])
            dropped.append(highest)
            del kept[highest]
            lowest = min(kept, key=lambda name: kept[name])
            dropped.append(lowest)
            del kept[lowest]
        final = round2(sum(kept.values(), Decimal(0)) / len(kept))
        means = {
            c.key: round2(sum((sheet.scores[case_id][c.key] for sheet in sheets), Decimal(0)) / len(sheets))
            for c in criteria
        }
        rows.append(RankedCase(case_id, number, totals, dropped, final, means))
    ranked = shared_ranks(rows, lambda row: row.final)  # rows are in case-number order: ties keep it
    for entry in ranked:
        entry.item.rank, entry.item.tied = entry.rank, entry.tied
    return Ranking(method_text(len(sheets)), reviewers, [entry.item for entry in ranked])
