"""Totals, subtotals, grades and ranks of one year's assessment, and the movement since the
previous one. The rules (documented in docs/guide/assessment.md, and the contract of the tests):

- A dimension's subtotal is the sum of its indicators' points.
- Base score = Σ subtotals. When indicators do not apply to a brand (`not_applicable` in the
  scores file, with a reason), base = Σ subtotals ÷ the points that apply × total (按得分率折算).
- Total = base + bonus (at most its cap) − deductions (at most their cap), rounded to 0.01.
- A brand with any point MISSING gets no grade and no rank: its total is shown as incomplete,
  with what is missing, and the others are ranked without it (missing is never a zero).
- Grades by the scheme's thresholds (the first whose minimum the total reaches).
- Ranks within the court and across every assessed court; equal totals share a rank.
- Movement: the rank across courts against the nearest earlier year's assessment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from showcase.assessment.rules import MISSING, NOT_APPLICABLE, SCORED, Point, evaluate, round2
from showcase.assessment.scheme import BASE, BONUS, DEDUCTION, LoadedScheme, assessed_brands, decimal
from showcase.core.catalog import Catalog
from showcase.core.display import court_name
from showcase.core.model import Brand, Court
from showcase.core.ranking import shared_ranks

UP, DOWN, SAME = "↑", "↓", "→"


@dataclass
class BrandResult:
    brand: Brand
    court: Court
    points: list[Point]
    subtotals: dict[str, Decimal]  # dimension name → points earned
    base: Decimal  # after conversion for indicators that do not apply
    bonus: Decimal
    deduction: Decimal  # positive: the points taken off
    total: Decimal
    applicable: Decimal  # base points that apply to this brand (the scheme's total when all do)
    grade: str | None = None
    rank_court: int | None = None
    rank_all: int | None = None
    tied: bool = False  # shares its rank across courts
    previous: BrandResult | None = None  # the same brand in the nearest earlier assessment

    @property
    def earned(self) -> Decimal:
        """Base points earned before conversion: the sum of the subtotals."""
        return sum(self.subtotals.values(), Decimal(0))

    @property
    def missing(self) -> list[Point]:
        return [p for p in self.points if p.status == MISSING]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def not_applicable(self) -> list[Point]:
        return [p for p in self.points if p.status == NOT_APPLICABLE]

    @property
    def court_title(self) -> str:
        return court_name(self.court)

    def largest(self, count: int = 3) -> list[Point]:
        """The points that added most to the total."""
        scored = [p for p in self.points if p.status == SCORED and p.signed > 0]
        return sorted(scored, key=lambda p: -p.signed)[:count]

    @property
    def movement(self) -> str:
        """↑ ↓ → against the previous year's rank across courts; empty when either has none."""
        if self.previous is None or self.previous.rank_all is None or self.rank_all is None:
            return ""
        if self.rank_all < self.previous.rank_all:
            return UP
        return DOWN if self.rank_all > self.previous.rank_all else SAME

    @property
    def movement_text(self) -> str:
        """The movement in words. Totals of different years are not compared: schemes change."""
        previous = self.previous
        if previous is None:
            return "上年未参加考核"
        if previous.rank_all is None:
            return "上年缺数据，未排名"
        if self.rank_all is None:
            return f"上年第 {previous.rank_all} 名，本年未排名"
        places = abs(previous.rank_all - self.rank_all)
        ranks = {UP: f"上升 {places} 位", DOWN: f"下降 {places} 位", SAME: "名次不变"}[self.movement]
        return f"{self.movement} {ranks}（上年第 {previous.rank_all} 名，{previous.total} 分）"


@dataclass
class Assessment:
    loaded: LoadedScheme
    results: list[BrandResult]  # ranked brands first (by rank), then the incomplete ones
    previous_year: int | None = None

    @property
    def year(self) -> int:
        return self.loaded.year

    @property
    def title(self) -> str:
        return self.loaded.scheme.title

    @property
    def dimensions(self) -> list[str]:
        return [d.name for d in self.loaded.scheme.dimensions]

    def result(self, brand_id: str) -> BrandResult | None:
        return next((r for r in self.results if r.brand.id == brand_id), None)


def _grade(loaded: LoadedScheme, total: Decimal) -> str | None:
    for grade in sorted(loaded.scheme.grades, key=lambda g: -decimal(g.min)):
        if total >= decimal(grade.min):
            return grade.name
    return None


def assess_brand(catalog: Catalog, loaded: LoadedScheme, brand: Brand) -> BrandResult:
    points = [evaluate(catalog, loaded, brand, placed) for placed in loaded.entries()]
    subtotals = {d.name: Decimal(0) for d in loaded.scheme.dimensions}
    applicable = decimal(loaded.scheme.total)
    sums = {BONUS: Decimal(0), DEDUCTION: Decimal(0)}
    for point in points:
        if point.placed.section == BASE:
            if point.status == NOT_APPLICABLE:
                applicable -= decimal(point.indicator.points)
            elif point.score is not None:
                subtotals[point.placed.group] += point.score
        elif point.score is not None:
            sums[point.placed.section] += point.score
    earned = sum(subtotals.values(), Decimal(0))
    total_points = decimal(loaded.scheme.total)
    base = round2(earned * total_points / applicable) if applicable and applicable != total_points else round2(earned)
    bonus = round2(min(sums[BONUS], loaded.cap(BONUS) or Decimal(0)))
    deduction = round2(min(sums[DEDUCTION], loaded.cap(DEDUCTION) or Decimal(0)))
    subtotals = {name: round2(value) for name, value in subtotals.items()}
    total = round2(base + bonus - deduction)
    result = BrandResult(
        brand, catalog.courts[brand.court], points, subtotals, base, bonus, deduction, total, applicable
    )
    if result.complete:
        result.grade = _grade(loaded, total)
    return result


def assess(catalog: Catalog, loaded: LoadedScheme) -> Assessment:
    """One year's assessment of every brand the scheme covers, ranked."""
    results = [assess_brand(catalog, loaded, brand) for brand in assessed_brands(catalog, loaded.scheme)]
    complete = [r for r in results if r.complete]
    ranked = shared_ranks(complete, lambda r: r.total)
    for entry in ranked:
        entry.item.rank_all, entry.item.tied = entry.rank, entry.tied
    for court_id in dict.fromkeys(r.court.id for r in complete):
        for entry in shared_ranks([r for r in complete if r.court.id == court_id], lambda r: r.total):
            entry.item.rank_court = entry.rank
    ordered = [e.item for e in ranked] + sorted(
        (r for r in results if not r.complete), key=lambda r: (r.court.id, r.brand.id)
    )
    return Assessment(loaded, ordered)


def assess_all(catalog: Catalog, schemes: dict[int, LoadedScheme]) -> dict[int, Assessment]:
    """Every year with a scheme, oldest first, each linked to the nearest earlier one."""
    found: dict[int, Assessment] = {}
    previous: Assessment | None = None
    for year in sorted(schemes):
        current = assess(catalog, schemes[year])
        if previous is not None:
            current.previous_year = previous.year
            for result in current.results:
                result.previous = previous.result(result.brand.id)
        found[year] = current
        previous = current
    return found


@dataclass
class Trend:
    """A brand across the years it was assessed, for its page."""

    brand_id: str
    rows: list[tuple[int, BrandResult]] = field(default_factory=list)  # oldest first


def trend(assessments: dict[int, Assessment], brand_id: str) -> Trend:
    found = Trend(brand_id)
    for year in sorted(assessments):
        result = assessments[year].result(brand_id)
        if result is not None:
            found.rows.append((year, result))
    return found
