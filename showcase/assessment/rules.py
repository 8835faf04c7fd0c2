"""What each rule gives one brand: a `Point` with its score, how it was worked out, the rule's
line in the scheme and the `path:line` of every record it read. A value the data lacks makes the
point MISSING — never a zero; a count of nothing that exists (no updates this year) is a real 0.

Rules (the scheme names one per indicator; points are exact decimals rounded half up to 0.01):

    metric   target: higher-is-better metrics get points × min(1, value / target), lower-is-better
             full points up to the target and points × target / value above it;
             in_range: full points inside the registry's 合理区间, none outside
    count    target: points × min(1, n / target); each: min(points, n × each)
    tasks    points × (tasks done on time ÷ tasks due by the closing date) of the year's plan
    cases    per case, its best selection of the year: levels[level] × outcomes[outcome]
             (an outcome not listed counts 0, no `outcomes` counts 1); summed, at most points
    honors   per honour of the year (the brand's and its people's): levels[level]; at most points
    out_of_range   each figure of the year outside its range deducts `each`; at most points
    overdue_tasks  each task of the year's plan due by the closing date and not done by then deducts `each`
    manual   the score in the scores file, with its reason
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from showcase.assessment.scheme import (
    CASE_OUTCOMES,
    COUNT_KINDS,
    COUNT_UNITS,
    DEDUCTION,
    Indicator,
    LoadedScheme,
    Placed,
    decimal,
)
from showcase.core.catalog import Catalog
from showcase.core.display import clip
from showcase.core.metrics import Figure, format_value, formula_inputs
from showcase.core.model import Brand, Task
from showcase.core.plans import (
    Evidence,
    EvidenceError,
    done_by,
    last_day,
    on_time,
    open_at_close,
    plan_of,
    resolve_evidence,
)

SCORED, MISSING, NOT_APPLICABLE = "得分", "缺数据", "不适用"
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def points_text(value: Decimal) -> str:
    """A computed score: always two decimals, 8.00."""
    return f"{round2(value)}"


def number_text(value: float | Decimal) -> str:
    """A number the scheme states, as written: 10, 0.5, 2.5 (not 10.0)."""
    text = f"{Decimal(str(value)).normalize():f}"
    return text


@dataclass(frozen=True)
class Link:
    """A page of the site that shows a record a point was computed from."""

    label: str
    page: tuple[str, str]  # (brand|court|project|carrier|case|person|media, key), as core.plans.Evidence.page


@dataclass
class Point:
    placed: Placed
    rule_source: str  # path:line of the indicator's rule in the scheme
    rule_text: str  # the rule in words
    status: str  # SCORED | MISSING | NOT_APPLICABLE
    score: Decimal | None  # points earned; for a deduction, the points taken off (positive)
    working: str  # how the score was reached, or what is missing
    sources: list[str] = field(default_factory=list)  # path:line of every record read
    links: list[Link] = field(default_factory=list)

    @property
    def indicator(self) -> Indicator:
        return self.placed.indicator

    @property
    def signed(self) -> Decimal:
        """What the point adds to the total (a deduction subtracts)."""
        if self.score is None:
            return Decimal(0)
        return -self.score if self.placed.section == DEDUCTION else self.score


class _Context:
    """One brand in one scheme: where its records are written, and the figures of the year."""

    def __init__(self, catalog: Catalog, loaded: LoadedScheme, brand: Brand) -> None:
        self.c, self.loaded, self.brand, self.year = catalog, loaded, brand, loaded.year
        self.as_of = loaded.as_of
        self.figures: dict[str, Figure] = catalog.figures(brand).get(self.year, {})

    def at(self, kind: str, key: str, path: tuple[object, ...]) -> str:
        document = self.c.documents.get((kind, key))
        return f"{document.display}:{document.line(path)}" if document else ""

    def brand_at(self, *path: object) -> str:
        return self.at("brand", self.brand.id, path)

    def brand_link(self, label: str = "品牌页") -> Link:
        return Link(label, ("brand", self.brand.id))

    def figure_sources(self, figure: Figure) -> list[str]:
        if figure.derived and figure.metric.formula:
            return [self.brand_at("metrics", self.year, key) for key in formula_inputs(figure.metric.formula)]
        return [self.brand_at("metrics", self.year, figure.metric.key)]

    def plan_tasks(self) -> tuple[int, list[tuple[int, Task]]] | None:
        found = plan_of(self.brand, self.year)
        return (found[0], list(enumerate(found[1].tasks))) if found else None

    def task_at(self, plan: int, task: int) -> str:
        return self.brand_at("plans", plan, "tasks", task)

    def evidence_links(self, task: Task) -> list[Link]:
        links = []
        for ref in task.evidence:
            try:
                found: Evidence = resolve_evidence(self.c, self.brand, ref)
            except EvidenceError:
                continue  # the loader reports it
            links.append(Link(found.label, found.page))
        return links


def _scale(points: Decimal, ratio: Decimal) -> Decimal:
    return round2(points * min(Decimal(1), max(Decimal(0), ratio)))


def evaluate(catalog: Catalog, loaded: LoadedScheme, brand: Brand, placed: Placed) -> Point:
    """The point one indicator gives one brand."""
    indicator = placed.indicator
    rule_source = loaded.at((*placed.path, "rule"))
    text = rule_text(indicator, loaded, catalog)
    score = loaded.scores.get((brand.id, indicator.id))
    if score is not None and score[0].not_applicable:
        return Point(placed, rule_source, text, NOT_APPLICABLE, None, f"不适用：{score[0].reason}", [score[1]])
    context = _Context(catalog, loaded, brand)
    rule = indicator.rule.type
    compute = {
        "metric": _metric,
        "count": _count,
        "tasks": _tasks,
        "cases": _cases,
        "honors": _honors,
        "out_of_range": _out_of_range,
        "overdue_tasks": _overdue,
        "manual": _manual,
    }[rule]
    status, value, working, sources, links = compute(context, indicator)
    return Point(placed, rule_source, text, status, value, working, [s for s in sources if s], links)


Result = tuple[str, Decimal | None, str, list[str], list[Link]]


def _metric(x: _Context, indicator: Indicator) -> Result:
    rule = indicator.rule
    metric = x.c.registry[rule.metric or ""]
    points = decimal(indicator.points)
    figure = x.figures.get(metric.key)
    if figure is None:
        where = (
            x.brand_at("metrics", x.year)
            if x.year in x.brand.metrics
            else x.brand_at("metrics")
            if x.brand.metrics
            else x.brand_at("id")
        )
        return MISSING, None, f"{x.year} 年没有填写{metric.label}", [where], [x.brand_link("年度指标（品牌页）")]
    value = decimal(figure.value)
    shown = figure.text + ("（计算值）" if figure.derived else "")
    if rule.in_range and metric.range:
        low, high = metric.range
        inside = decimal(low) <= value <= decimal(high)
        score = points if inside else Decimal(0)
        working = (
            f"{x.year} 年{metric.label} {shown}，{'在' if inside else '不在'}合理区间 {low:g}–{high:g}{metric.unit} "
            f"内 → {points_text(score)} 分"
        )
    else:
        target = decimal(rule.target or 1)
        if metric.direction == "higher":
            ratio = value / target
        else:
            ratio = Decimal(1) if value <= target else target / value
        score = _scale(points, ratio)
        working = (
            f"{x.year} 年{metric.label} {shown}，目标 {format_value(metric, float(target))} → {points_text(score)} 分"
        )
    return SCORED, score, working, x.figure_sources(figure), [x.brand_link("年度指标（品牌页）")]


def _counted(x: _Context, kind: str) -> tuple[int | None, str, list[str], list[Link]]:
    """(count or None when the data is missing, description, sources, links)."""
    label = COUNT_KINDS[kind]
    if kind == "updates":
        found = [(i, u) for i, u in enumerate(x.brand.updates) if u.date.startswith(str(x.year))]
        sources = [x.brand_at("updates", i) for i, _ in found] or [
            x.brand_at("updates") if x.brand.updates else x.brand_at("id")
        ]
        links = [
            Link(f"动态 {u.date} {u.title}", ("project", u.project) if u.project else ("brand", x.brand.id))
            for _, u in found
        ]
        return len(found), f"{x.year} 年动态 {len(found)} 条", sources, links
    if kind == "carrier_sessions":
        held = [(i, c) for i, c in enumerate(x.brand.carriers) if c.sessions_held is not None]
        if not held:
            where = x.brand_at("carriers") if x.brand.carriers else x.brand_at("id")
            return None, "本品牌的载体都没有填写已举办期数（sessions_held）", [where], [x.brand_link()]
        total = sum(c.sessions_held or 0 for _, c in held)
        parts = "、".join(f"{c.name} {c.sessions_held} 期" for _, c in held)
        return (
            total,
            f"载体已举办 {total} 期（{parts}）",
            [x.brand_at("carriers", i, "sessions_held") for i, _ in held],
            [Link(c.name, ("carrier", c.id)) for _, c in held],
        )
    plan = x.plan_tasks()
    if plan is None:
        return (
            None,
            f"没有 {x.year} 年的品牌方案",
            [x.brand_at("plans") if x.brand.plans else x.brand_at("id")],
            [x.brand_link()],
        )
    index, tasks = plan
    if kind == "tasks_done":
        chosen = [(j, t) for j, t in tasks if done_by(t, x.as_of)]
    else:
        chosen = [(j, t) for j, t in tasks if done_by(t, x.as_of) and on_time(t)]
    sources = [x.task_at(index, j) for j, _ in chosen] or [x.brand_at("plans", index)]
    links = [link for _, t in chosen for link in x.evidence_links(t)] or [x.brand_link()]
    return len(chosen), f"{label} {len(chosen)} 项（共 {len(tasks)} 项，截至 {x.as_of.isoformat()}）", sources, links


def _count(x: _Context, indicator: Indicator) -> Result:
    rule = indicator.rule
    kind = rule.of or ""
    points = decimal(indicator.points)
    count, description, sources, links = _counted(x, kind)
    if count is None:
        return MISSING, None, description, sources, links
    if rule.each is not None:
        score = min(points, round2(decimal(count) * decimal(rule.each)))
        working = f"{description}，每{COUNT_UNITS[kind]} {number_text(rule.each)} 分 → {points_text(score)} 分"
    else:
        score = _scale(points, decimal(count) / decimal(rule.target or 1))
        working = f"{description}，目标 {number_text(rule.target or 0)} {COUNT_UNITS[kind]} → {points_text(score)} 分"
    return SCORED, score, working, sources, links


def _no_plan(x: _Context, consequence: str = "") -> Result:
    """Missing, not zero: the brand has no plan for the year; the source is where one would go."""
    where = x.brand_at("plans") if x.brand.plans else x.brand_at("id")
    return MISSING, None, f"没有 {x.year} 年的品牌方案{consequence}", [where], [x.brand_link()]


def _tasks(x: _Context, indicator: Indicator) -> Result:
    points = decimal(indicator.points)
    plan = x.plan_tasks()
    if plan is None:
        return _no_plan(x)
    index, tasks = plan
    due = [(j, t) for j, t in tasks if last_day(t.due) <= x.as_of]
    if not due:
        return (
            MISSING,
            None,
            f"{x.year} 年方案中没有截至 {x.as_of.isoformat()} 到期的任务",
            [x.brand_at("plans", index)],
            [x.brand_link()],
        )
    timely = [(j, t) for j, t in due if done_by(t, x.as_of) and on_time(t)]
    score = _scale(points, decimal(len(timely)) / decimal(len(due)))
    late = [t.title for j, t in due if (j, t) not in timely]
    working = f"到期任务 {len(due)} 项，按期完成 {len(timely)} 项 → {points_text(score)} 分"
    if late:
        working += f"（未按期：{'、'.join(late)}）"
    links = [link for _, t in timely for link in x.evidence_links(t)] or [x.brand_link()]
    return SCORED, score, working, [x.task_at(index, j) for j, _ in due], links


def _cases(x: _Context, indicator: Indicator) -> Result:
    rule = indicator.rule
    points = decimal(indicator.points)
    total = Decimal(0)
    parts: list[str] = []
    sources: list[str] = []
    links: list[Link] = []
    for case in x.c.cases_of_brand(x.brand.id):
        best: tuple[Decimal, int, str] | None = None
        for k, selection in enumerate(case.meta.selections):
            if not selection.date.startswith(str(x.year)):
                continue
            factor = decimal(rule.outcomes[selection.outcome]) if rule.outcomes else Decimal(1)
            if rule.outcomes and selection.outcome not in rule.outcomes:
                factor = Decimal(0)
            value = decimal(rule.levels.get(selection.level, 0)) * factor
            if best is None or value > best[0]:
                best = (value, k, f"{selection.level}级{selection.outcome}")
        if best is None:
            continue
        total += best[0]
        parts.append(f"《{clip(case.meta.title, 16)}》{best[2]} {points_text(best[0])} 分")
        sources.append(x.at("case", case.id, ("selections", best[1])))
        links.append(Link(f"案例《{case.meta.title}》", ("case", case.src_uri)))
    score = min(points, round2(total))
    if not parts:
        return SCORED, Decimal(0), f"{x.year} 年没有案例参加评选 → 0 分", [x.brand_at("id")], [x.brand_link()]
    capped = f"，封顶 {points_text(points)}" if round2(total) > points else ""
    return SCORED, score, "；".join(parts) + f"{capped} → {points_text(score)} 分", sources, links


def _honors(x: _Context, indicator: Indicator) -> Result:
    rule = indicator.rule
    points = decimal(indicator.points)
    total = Decimal(0)
    parts: list[str] = []
    sources: list[str] = []
    links: list[Link] = []
    for i, honor in enumerate(x.brand.honors):
        if honor.year == x.year:
            value = decimal(rule.levels.get(honor.level, 0))
            total += value
            parts.append(f"{honor.title}（{honor.level}级）{points_text(value)} 分")
            sources.append(x.brand_at("honors", i))
            links.append(Link(honor.title, ("brand", x.brand.id)))
    for person in x.c.people_of_brand(x.brand.id):
        for i, personal in enumerate(person.honors):
            if personal.year == x.year:
                value = decimal(rule.levels.get(personal.level, 0))
                total += value
                parts.append(f"{person.name} {personal.title}（{personal.level}级）{points_text(value)} 分")
                sources.append(x.at("person", person.id, ("honors", i)))
                links.append(Link(f"{person.name}：{personal.title}", ("person", person.id)))
    score = min(points, round2(total))
    if not parts:
        return (
            SCORED,
            Decimal(0),
            f"{x.year} 年本品牌及其先进典型没有荣誉 → 0 分",
            [x.brand_at("honors") if x.brand.honors else x.brand_at("id")],
            [x.brand_link()],
        )
    capped = f"，封顶 {points_text(points)}" if round2(total) > points else ""
    return SCORED, score, "；".join(parts) + f"{capped} → {points_text(score)} 分", sources, links


def _out_of_range(x: _Context, indicator: Indicator) -> Result:
    points = decimal(indicator.points)
    if not x.figures:
        where = x.brand_at("metrics") if x.brand.metrics else x.brand_at("id")
        return MISSING, None, f"{x.year} 年没有填写任何指标，无法判断是否越界", [where], [x.brand_link()]
    outside = [f for f in x.figures.values() if f.out_of_range and f.metric.range]
    each = decimal(indicator.rule.each or 0)
    score = min(points, round2(each * len(outside)))
    if not outside:
        return (
            SCORED,
            Decimal(0),
            f"{x.year} 年 {len(x.figures)} 项指标都在合理区间内 → 扣 0 分",
            [x.brand_at("metrics", x.year)],
            [x.brand_link()],
        )
    named = "、".join(
        f"{f.metric.label} {f.text}（合理区间 {f.metric.range[0]:g}–{f.metric.range[1]:g}）"
        for f in outside
        if f.metric.range
    )
    sources = [s for f in outside for s in x.figure_sources(f)]
    return SCORED, score, f"{named} → 扣 {points_text(score)} 分", sources, [x.brand_link("年度指标（品牌页）")]


def _overdue(x: _Context, indicator: Indicator) -> Result:
    points = decimal(indicator.points)
    plan = x.plan_tasks()
    if plan is None:
        return _no_plan(x, "，无法判断任务是否逾期")
    index, tasks = plan
    late = [(j, t) for j, t in tasks if open_at_close(t, x.as_of)]
    each = decimal(indicator.rule.each or 0)
    score = min(points, round2(each * len(late)))
    if not late:
        return (
            SCORED,
            Decimal(0),
            f"截至 {x.as_of.isoformat()} 没有逾期任务 → 扣 0 分",
            [x.brand_at("plans", index)],
            [x.brand_link()],
        )
    named = "、".join(f"“{t.title}”（时限 {t.due}，{t.status}）" for _, t in late)
    return (
        SCORED,
        score,
        f"截至 {x.as_of.isoformat()} 逾期 {len(late)} 项：{named} → 扣 {points_text(score)} 分",
        [x.task_at(index, j) for j, _ in late],
        [x.brand_link()],
    )


def _manual(x: _Context, indicator: Indicator) -> Result:
    found = x.loaded.scores.get((x.brand.id, indicator.id))
    if found is None:
        document = x.loaded.scores_document
        where = f"{document.display}:{document.line(('scores',))}" if document else x.loaded.at(("year",))
        return MISSING, None, "评分表中还没有这一项的评分", [where], []
    score, where = found
    value = decimal(score.score or 0)
    by = f"（{score.by}）" if score.by else ""
    return SCORED, value, f"人工评分{by} {points_text(value)} 分：{score.reason}", [where], []


# --------------------------------------------------------------------------- rules in words


def rule_text(indicator: Indicator, loaded: LoadedScheme, catalog: Catalog) -> str:
    """The rule of an indicator as the party office would say it."""
    rule = indicator.rule
    points = number_text(indicator.points)
    if rule.type == "metric":
        metric = catalog.registry[rule.metric or ""]
        if rule.in_range and metric.range:
            return (
                f"{metric.label}在合理区间 {metric.range[0]:g}–{metric.range[1]:g}{metric.unit} 内得 {points} 分，"
                "否则不得分"
            )
        target = format_value(metric, float(rule.target or 0))
        if metric.direction == "higher":
            return f"{metric.label}达到 {target}得 {points} 分，不足按比例计分"
        return f"{metric.label}不高于 {target}得 {points} 分，高出按比例计分"
    if rule.type == "count":
        label = COUNT_KINDS[rule.of or ""]
        unit = COUNT_UNITS[rule.of or ""]
        if rule.each is not None:
            return f"{label}每{unit}得 {number_text(rule.each)} 分，最高 {points} 分"
        return f"{label}达到 {number_text(rule.target or 0)} {unit}得 {points} 分，不足按比例计分"
    if rule.type == "tasks":
        return f"{loaded.year} 年方案中到期任务的按期完成率 × {points} 分（截至 {loaded.as_of.isoformat()}）"
    if rule.type in ("cases", "honors"):
        levels = "、".join(f"{level}级 {number_text(value)} 分" for level, value in rule.levels.items())
        if rule.type == "honors":
            return f"本年度荣誉（含本支部先进典型）：{levels}，最高 {points} 分"
        outcomes = "、".join(f"{o}×{number_text(rule.outcomes[o])}" for o in CASE_OUTCOMES if o in rule.outcomes)
        factor = f"，按结果乘以 {outcomes}" if outcomes else ""
        return f"本年度案例评选：{levels}{factor}，每篇取最高一次，最高 {points} 分"
    if rule.type == "out_of_range":
        return f"每项指标超出合理区间扣 {number_text(rule.each or 0)} 分，最多扣 {points} 分"
    if rule.type == "overdue_tasks":
        return f"截至 {loaded.as_of.isoformat()} 每项逾期任务扣 {number_text(rule.each or 0)} 分，最多扣 {points} 分"
    return f"人工评分：由评分表给出分数和理由，最高 {points} 分"
