"""Views for the internal build: plan progress (品牌方案 and its checklist) on brand and project
pages, and a brand's assessment results across the years (grade, rank, movement, trend chart).

A public build has neither: its catalog holds no plans (Catalog.public_only drops them) and the
adapter gives it no assessments, so these views come out empty and the templates show nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

from showcase.assessment import Assessment, BrandResult, Link, grade_text, rank_text, total_text
from showcase.core.catalog import Catalog
from showcase.core.display import project_title
from showcase.core.model import TASK_DONE, Brand, Metric, Task
from showcase.core.plans import EvidenceError, at_risk, on_time, overdue, resolve_evidence
from showcase.core.templating import trusted
from showcase.site import charts, urls
from showcase.site.urls import Here

# --------------------------------------------------------------------------- links to records


def record_href(here: Here, page: tuple[str, str]) -> str:
    """The link to the page that shows a record (core.plans.Evidence.page, assessment.Link.page)."""
    kind, key = page
    target = {
        "brand": urls.brand,
        "court": urls.court,
        "project": urls.project,
        "carrier": urls.carrier,
        "person": urls.person,
        "media": urls.media,
    }.get(kind)
    return here.to(target(key) if target else key)  # a case is addressed by its src_uri


@dataclass(frozen=True)
class LinkView:
    label: str
    href: str


def link_views(here: Here, links: list[Link]) -> list[LinkView]:
    seen: dict[tuple[str, str], LinkView] = {}
    for link in links:
        seen.setdefault((link.label, record_href(here, link.page)), LinkView(link.label, record_href(here, link.page)))
    return list(seen.values())


# --------------------------------------------------------------------------- plan progress


@dataclass(frozen=True)
class TaskView:
    title: str
    owner: str
    due: str
    status: str
    done: str | None
    state: str  # what the reader should notice: 按期完成 / 晚于时限完成 / 逾期 / 临近截止 / 已延期 / the status
    tone: str  # ok | late | bad | warn | plain (a CSS modifier)
    project: LinkView | None
    evidence: list[LinkView]
    note: str | None


@dataclass(frozen=True)
class PlanView:
    year: int
    goals: list[str]
    tasks: list[TaskView]
    done: int
    overdue: int
    at_risk: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.tasks)) if self.tasks else 0


def _task_view(catalog: Catalog, here: Here, brand: Brand, task: Task, today: dt.date, within_days: int, *, link_project: bool = True) -> TaskView:
    if task.status == TASK_DONE:
        state, tone = ("按期完成", "ok") if on_time(task) else ("晚于时限完成", "late")
    elif overdue(task, today):
        state, tone = "逾期", "bad"
    elif at_risk(task, today, within_days):
        state, tone = ("已延期", "warn") if task.status == "延期" else ("临近截止", "warn")
    else:
        state, tone = task.status, "plain"
    project = next((p for p in brand.projects if p.id == task.project), None)
    evidence = []
    for ref in task.evidence:
        try:
            found = resolve_evidence(catalog, brand, ref)
        except EvidenceError:
            continue  # reported by the loader; serve mode shows the banner
        evidence.append(LinkView(found.label, record_href(here, found.page)))
    project_link = LinkView(project_title(project), here.to(urls.project(project.id))) if project and link_project else None
    return TaskView(task.title, task.owner, task.due, task.status, task.done, state, tone, project_link, evidence, task.note)


def plan_views(catalog: Catalog, here: Here, brand: Brand, today: dt.date, within_days: int, project: str | None = None) -> list[PlanView]:
    """The brand's plans, newest first; with `project`, only the tasks of that project."""
    views = []
    for plan in sorted(brand.plans, key=lambda p: -p.year):
        tasks = [t for t in plan.tasks if project is None or t.project == project]
        if project is not None and not tasks:
            continue
        shown = [_task_view(catalog, here, brand, t, today, within_days, link_project=project is None) for t in tasks]
        views.append(
            PlanView(
                plan.year,
                plan.goals if project is None else [],
                shown,
                done=sum(1 for t in tasks if t.status == TASK_DONE),
                overdue=sum(1 for v in shown if v.tone == "bad"),
                at_risk=sum(1 for v in shown if v.tone == "warn"),
            )
        )
    return views


# --------------------------------------------------------------------------- a brand's assessment results

SHARE = Metric(key="assessment_share", label="得分率", unit="%", decimals=1, shared=False)


@dataclass(frozen=True)
class ResultRow:
    year: int
    title: str
    total: str
    grade: str
    rank_court: str
    rank_all: str
    movement: str
    movement_text: str
    href: str  # the brand's breakdown on that year's assessment page


@dataclass(frozen=True)
class BrandAssessment:
    rows: list[ResultRow]  # newest first
    chart: Markup | None  # 得分率 across the years, when there are two or more


def share(result: BrandResult, assessment: Assessment) -> float:
    """Total as a share of the scheme's total: schemes change, shares stay comparable."""
    return float(result.total) / float(assessment.loaded.scheme.total) * 100


def brand_assessment(here: Here, assessments: dict[int, Assessment], brand_id: str) -> BrandAssessment:
    rows = []
    points = []
    for year in sorted(assessments, reverse=True):
        found = assessments[year]
        result = found.result(brand_id)
        if result is None:
            continue
        rows.append(
            ResultRow(
                year,
                found.title,
                total_text(result),
                grade_text(result),
                rank_text(result.rank_court),
                rank_text(result.rank_all, result.tied),
                result.movement,
                result.movement_text if result.previous is not None else "—",
                here.to(urls.assessment(year), urls.assessment_anchor(brand_id)),
            )
        )
        if result.complete:
            points.append((year, share(result, found)))
    chart = trusted(charts.line_chart(SHARE, sorted(points), title="历年量化考核得分率")) if len(points) >= 2 else None
    return BrandAssessment(rows, chart)
