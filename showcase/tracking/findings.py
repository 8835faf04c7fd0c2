"""跟踪问效: is each brand alive and working? One row per brand and per court.

Per brand: when its files last changed (git history), how long since its last dated update,
what content is missing (case, carrier, figures for the year), which figures lie outside their
reasonable range, how far its cases got in selections (推荐 / 入选 / 获评), and which tasks of its
plans (品牌方案) are overdue or at risk (showcase/core/plans.py). Per court:
branches without a brand (organisation[year].branches against brands) and brands without a case.

Thresholds are `extra.showcase.tracking` in mkdocs.yml (showcase/core/settings.py). "Today" is
a parameter so tests and reports can be reproduced.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from showcase.core.catalog import Catalog
from showcase.core.display import court_name
from showcase.core.model import Brand, Court
from showcase.core.plans import at_risk, overdue
from showcase.core.settings import TrackingSettings as Thresholds
from showcase.tracking.dates import ChangeDates, change_dates

OUTCOMES = ("推荐", "入选", "获评")  # selection outcomes, in the order a case moves through them
NOT_SUBMITTED = "未参评"
RETIRED_STAGE = "撤销"  # a revoked brand is listed but never flagged


@dataclass
class BrandRow:
    court_id: str
    court_name: str
    brand_id: str
    brand_name: str
    branch: str
    stage: str
    liaison: str
    visibility: str
    last_change: dt.date | None
    change_source: str
    days_since_change: int | None
    last_update: str  # as written, e.g. 2023-11
    days_since_update: int | None
    cases: int
    pipeline: dict[str, int]  # 推荐 / 入选 / 获评 / 未参评 → number of cases at that stage
    carriers: int
    projects: int
    missing: list[str]
    out_of_range: list[str]
    issues: list[str]  # everything that needs the party office's attention, in words
    overdue_tasks: list[str] = field(default_factory=list)  # plan tasks past their due date, not done
    at_risk_tasks: list[str] = field(default_factory=list)  # postponed, or due within at_risk_days

    @property
    def attention(self) -> bool:
        return bool(self.issues)


@dataclass
class CourtRow:
    court_id: str
    court_name: str
    level: str
    visibility: str
    organisation_year: int | None
    branches: int | None
    branches_with_brand: int
    branches_without_brand: int | None
    brands: int
    brands_without_case: list[str]
    attention_brands: int
    out_of_range: list[str]
    issues: list[str]

    @property
    def attention(self) -> bool:
        return bool(self.issues)

    @property
    def coverage(self) -> str:
        return (
            f"{self.branches_with_brand}/{self.branches}"
            if self.branches is not None
            else f"{self.branches_with_brand}/？"
        )


def period_end(text: str, today: dt.date) -> dt.date:
    """The last day a partial date can mean (2023-11 → 2023-11-30), never after today."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return min(dt.date(year, month, day), today)


def _out_of_range(catalog: Catalog, entity: Court | Brand) -> list[str]:
    found = []
    for year, row in catalog.figures(entity).items():
        for figure in row.values():
            if figure.out_of_range and figure.metric.range:
                low, high = figure.metric.range
                unit = figure.metric.unit
                found.append(f"{year} 年{figure.metric.label} {figure.text}（合理区间 {low:g}–{high:g}{unit}）")
    return found


def _pipeline(catalog: Catalog, brand_id: str) -> dict[str, int]:
    counts = dict.fromkeys((*OUTCOMES, NOT_SUBMITTED), 0)
    for case in catalog.cases_of_brand(brand_id):
        reached = [OUTCOMES.index(s.outcome) for s in case.meta.selections if s.outcome in OUTCOMES]
        counts[OUTCOMES[max(reached)] if reached else NOT_SUBMITTED] += 1
    return counts


def _tasks(brand: Brand, today: dt.date, within_days: int) -> tuple[list[str], list[str]]:
    """(overdue, at risk) tasks of every plan of the brand, in words."""
    late, risky = [], []
    for plan in brand.plans:
        for task in plan.tasks:
            if overdue(task, today):
                late.append(f"{task.title}（时限 {task.due}，{task.status}）")
            elif at_risk(task, today, within_days):
                risky.append(f"{task.title}（时限 {task.due}，{task.status}）")
    return late, risky


def brand_files(catalog: Catalog, brand: Brand) -> list[Path]:
    """The files that make up a brand's content: its YAML and its case write-ups."""
    files = [catalog.documents[("brand", brand.id)].path] if ("brand", brand.id) in catalog.documents else []
    return files + [case.source for case in catalog.cases_of_brand(brand.id)]


def findings(
    catalog: Catalog, git_root: Path | None, thresholds: Thresholds, today: dt.date, dates: ChangeDates | None = None
) -> tuple[list[BrandRow], list[CourtRow]]:
    """One row per brand and per court, sorted by court and name.

    `git_root` is where to look for git history (usually the project root); None skips git and
    uses file modification times. Pass `dates` to reuse change dates already computed.
    """
    if dates is None:
        folders = [catalog.root / "brands", catalog.root / "docs"]
        dates = (
            change_dates(git_root, folders)
            if git_root is not None
            else ChangeDates(note="未读取 git 历史，改动日期按文件修改时间计算。")
        )
    year = thresholds.year(today)
    brand_rows: list[BrandRow] = []
    for brand in catalog.brands.values():
        court = catalog.courts.get(brand.court)
        last_change, source = dates.of(brand_files(catalog, brand))
        dated = [(period_end(u.date, today), u.date) for u in brand.updates]
        last_update = max(dated) if dated else None
        pipeline = _pipeline(catalog, brand.id)
        cases = sum(pipeline.values())
        missing = []
        if not cases:
            missing.append("无案例")
        if not brand.carriers:
            missing.append("无载体")
        if year not in brand.metrics:
            missing.append(f"无{year}年指标")
        out_of_range = _out_of_range(catalog, brand)
        late, risky = _tasks(brand, today, thresholds.at_risk_days)
        days_update = (today - last_update[0]).days if last_update else None
        days_change = (today - last_change).days if last_change else None
        issues: list[str] = []
        if brand.stage != RETIRED_STAGE:
            if last_update is None:
                issues.append("没有任何动态")
            elif days_update is not None and days_update > thresholds.stale_days:
                issues.append(f"{days_update} 天无动态")
            if days_change is not None and days_change > thresholds.untouched_days:
                issues.append(f"资料 {days_change} 天未改动")
            issues += missing
            if out_of_range:
                issues.append(f"{len(out_of_range)} 项指标超出合理区间")
            if late:
                issues.append(f"{len(late)} 项方案任务逾期")
            if risky:
                issues.append(f"{len(risky)} 项方案任务临近截止或已延期")
        brand_rows.append(
            BrandRow(
                court_id=brand.court,
                court_name=court_name(court) if court else brand.court,
                brand_id=brand.id,
                brand_name=brand.name,
                branch=brand.branch,
                stage=brand.stage,
                liaison=brand.liaison,
                visibility=str(brand.visibility),
                last_change=last_change,
                change_source=source,
                days_since_change=days_change,
                last_update=last_update[1] if last_update else "",
                days_since_update=days_update,
                cases=cases,
                pipeline=pipeline,
                carriers=len(brand.carriers),
                projects=len(brand.projects),
                missing=missing,
                out_of_range=out_of_range,
                issues=issues,
                overdue_tasks=late,
                at_risk_tasks=risky,
            )
        )
    brand_rows.sort(key=lambda r: (r.court_id, r.brand_id))
    court_rows = [
        _court_row(catalog, court, brand_rows) for court in sorted(catalog.courts.values(), key=lambda c: c.id)
    ]
    return brand_rows, court_rows


def _court_row(catalog: Catalog, court: Court, brand_rows: list[BrandRow]) -> CourtRow:
    rows = [r for r in brand_rows if r.court_id == court.id and r.stage != RETIRED_STAGE]
    with_branches = sorted(y for y, org in court.organisation.items() if org.branches is not None)
    org_year = with_branches[-1] if with_branches else None
    branches = court.organisation[org_year].branches if org_year is not None else None
    branches_with_brand = len({r.branch for r in rows})  # 一支部一品牌: count branches, not sub-brands
    without = max(branches - branches_with_brand, 0) if branches is not None else None
    without_case = [r.brand_name for r in rows if r.cases == 0]
    out_of_range = _out_of_range(catalog, court)
    issues = []
    if without:
        issues.append(f"{without} 个党支部尚未创建品牌")
    if branches is None and rows:
        issues.append("未填写党支部数，无法计算品牌覆盖率")
    if without_case:
        issues.append(f"{len(without_case)} 个品牌没有案例")
    if out_of_range:
        issues.append(f"{len(out_of_range)} 项指标超出合理区间")
    return CourtRow(
        court_id=court.id,
        court_name=court_name(court),
        level=court.level,
        visibility=str(court.visibility),
        organisation_year=org_year,
        branches=branches,
        branches_with_brand=branches_with_brand,
        branches_without_brand=without,
        brands=len(rows),
        brands_without_case=without_case,
        attention_brands=sum(1 for r in rows if r.attention),
        out_of_range=out_of_range,
        issues=issues,
    )


def summarise(
    brand_rows: list[BrandRow], court_rows: list[CourtRow], thresholds: Thresholds, today: dt.date
) -> dict[str, int]:
    """The dashboard's headline numbers."""
    year = thresholds.year(today)
    return {
        "brands": len(brand_rows),
        "attention": sum(1 for r in brand_rows if r.attention),
        "stale": sum(
            1 for r in brand_rows if r.days_since_update is not None and r.days_since_update > thresholds.stale_days
        ),
        "silent": sum(1 for r in brand_rows if not r.last_update),
        "untouched": sum(
            1 for r in brand_rows if r.days_since_change is not None and r.days_since_change > thresholds.untouched_days
        ),
        "no_case": sum(1 for r in brand_rows if r.cases == 0),
        "no_carrier": sum(1 for r in brand_rows if r.carriers == 0),
        "no_figures": sum(1 for r in brand_rows if f"无{year}年指标" in r.missing),
        "out_of_range": sum(1 for r in brand_rows if r.out_of_range),
        "overdue_tasks": sum(len(r.overdue_tasks) for r in brand_rows),
        "at_risk_tasks": sum(len(r.at_risk_tasks) for r in brand_rows),
        "branches_without_brand": sum(r.branches_without_brand or 0 for r in court_rows),
        "brands_without_case": sum(len(r.brands_without_case) for r in court_rows),
    }
