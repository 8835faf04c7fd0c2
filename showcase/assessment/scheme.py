"""Reading and checking the assessment scheme (量化考核方案, brands/assessment/<年份>.yml) and the
party office's scores (brands/assessment/<年份>-scores.yml), whose data contract is
showcase/core/schemes.py; every problem is a Chinese `path:line: 说明 — 修改建议`.

A scheme has dimensions (维度) of indicators (指标) that add up to its total, an optional bonus
section (加分项) and deduction section (扣分项), each with a cap, and grades by threshold. Every
indicator names one rule; computed rules read the catalog (showcase/assessment/rules.py),
`manual` rules take the score entered in the scores file, which always carries a reason.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from showcase.core.catalog import Catalog
from showcase.core.model import Brand
from showcase.core.plans import last_day
from showcase.core.problems import Problem
from showcase.core.schemes import (
    ASSESSMENT_DIR,
    BASE,
    BONUS,
    CASE_LEVELS,
    CASE_OUTCOMES,
    COUNT_KINDS,
    COUNT_UNITS,
    DEDUCTION,
    GRADE_NAMES,
    HONOR_LEVELS,
    RULE_PARAMETERS,
    RULE_TYPES,
    SECTION_NAMES,
    SECTION_RULES,
    Dimension,
    Extra,
    Grade,
    Indicator,
    Rule,
    Scheme,
    Score,
    ScoreSheet,
)
from showcase.core.sources import Layout
from showcase.core.validate import suggest, validate_document
from showcase.core.yamlsource import YamlDocument, load_yaml_file

__all__ = [  # the contract, re-exported for the feature's modules
    "BASE",
    "BONUS",
    "CASE_LEVELS",
    "CASE_OUTCOMES",
    "COUNT_KINDS",
    "COUNT_UNITS",
    "DEDUCTION",
    "HONOR_LEVELS",
    "RULE_TYPES",
    "Dimension",
    "Extra",
    "Grade",
    "Indicator",
    "LoadedScheme",
    "Placed",
    "Rule",
    "Scheme",
    "Score",
    "ScoreSheet",
    "assessed_brands",
    "check_scheme",
    "check_scores",
    "decimal",
    "load_schemes",
]

# --------------------------------------------------------------------------- loaded files


@dataclass
class Placed:
    """An indicator in its place: which section, which dimension, and its key path in the file."""

    indicator: Indicator
    section: str  # base | bonus | deduction
    group: str  # dimension name, 加分项 or 扣分项
    path: tuple[Any, ...]  # key path of the indicator in the scheme file


@dataclass
class LoadedScheme:
    scheme: Scheme
    document: YamlDocument
    scores: dict[tuple[str, str], tuple[Score, str]] = field(
        default_factory=dict
    )  # (brand, indicator) → score, path:line
    scores_document: YamlDocument | None = None

    @property
    def year(self) -> int:
        return self.scheme.year

    @property
    def display(self) -> str:
        return self.document.display

    def at(self, path: tuple[Any, ...]) -> str:
        return f"{self.document.display}:{self.document.line(path)}"

    def entries(self) -> list[Placed]:
        found = [
            Placed(ind, BASE, dim.name, ("dimensions", d, "indicators", i))
            for d, dim in enumerate(self.scheme.dimensions)
            for i, ind in enumerate(dim.indicators)
        ]
        for section, key, extra in (
            (BONUS, "bonus", self.scheme.bonus),
            (DEDUCTION, "deductions", self.scheme.deductions),
        ):
            if extra is not None:
                found += [
                    Placed(ind, section, SECTION_NAMES[section], (key, "indicators", i))
                    for i, ind in enumerate(extra.indicators)
                ]
        return found

    def cap(self, section: str) -> Decimal | None:
        extra = self.scheme.bonus if section == BONUS else self.scheme.deductions if section == DEDUCTION else None
        if extra is None:
            return None
        return (
            decimal(extra.cap)
            if extra.cap is not None
            else sum((decimal(i.points) for i in extra.indicators), Decimal(0))
        )

    @property
    def as_of(self) -> dt.date:
        return last_day(self.scheme.as_of) if self.scheme.as_of else last_day(str(self.scheme.year))


def decimal(value: float | int) -> Decimal:
    """Points are exact decimals: 2.5 typed is 2.5, not 2.4999…"""
    return Decimal(str(value))


# --------------------------------------------------------------------------- reading and checking


def scheme_files(layout: Layout) -> tuple[list[Path], list[Path]]:
    """(scheme files, score files) under brands/assessment/, as the file gate classifies them."""
    folder = layout.brands / ASSESSMENT_DIR
    if not folder.is_dir():
        return [], []
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.is_symlink())
    return [p for p in files if layout.kind_of(p) == "assessment"], [
        p for p in files if layout.kind_of(p) == "assessment-scores"
    ]


def load_schemes(layout: Layout, catalog: Catalog) -> tuple[dict[int, LoadedScheme], list[Problem]]:
    """Every scheme with its scores, checked; a scheme with errors is left out (its problems say why)."""
    schemes: dict[int, LoadedScheme] = {}
    problems: list[Problem] = []
    scheme_paths, score_paths = scheme_files(layout)
    for path in scheme_paths:
        document, found = load_yaml_file(path, layout.display(path))
        problems += found
        if document is None:
            continue
        scheme, found = validate_document(document, Scheme)
        problems += found
        if scheme is None:
            continue
        found = check_scheme(scheme, document, catalog, int(path.stem), partial=layout.court is not None)
        problems += found
        if any(p.severity == "error" for p in found):
            continue
        if scheme.year in schemes:
            problems.append(
                Problem(
                    document.display,
                    document.line(("year",)),
                    f"{scheme.year} 年已有考核方案 {schemes[scheme.year].display}",
                    "每年只写一个方案文件",
                    "duplicate-scheme",
                )
            )
            continue
        schemes[scheme.year] = LoadedScheme(scheme, document)
    for path in score_paths:
        display = layout.display(path)
        year = int(path.stem[:4])
        document, found = load_yaml_file(path, display)
        problems += found
        if document is None:
            continue
        sheet, found = validate_document(document, ScoreSheet)
        problems += found
        if sheet is None:
            continue
        loaded = schemes.get(year)
        if loaded is None:
            known = (layout.brands / ASSESSMENT_DIR / f"{year}.yml").exists()
            message = (
                f"{year} 年的考核方案有错误，评分表暂不检查"
                if known
                else f"有 {year} 年的评分表，却没有 {year} 年的考核方案"
            )
            hint = "先改正方案文件中的错误" if known else f"建立 brands/assessment/{year}.yml，或改正评分表的文件名"
            problems.append(
                Problem(display, document.first_line if known else 0, message, hint, "scores-without-scheme")
            )
            continue
        found = check_scores(sheet, document, loaded, catalog, year, partial=layout.court is not None)
        problems += found
        if not any(p.severity == "error" for p in found):
            loaded.scores_document = document
            loaded.scores = {
                (s.brand, s.indicator): (s, f"{display}:{document.line(('scores', i))}")
                for i, s in enumerate(sheet.scores)
            }
    return schemes, sorted(set(problems))


def _number(value: float | Decimal) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def check_scheme(
    scheme: Scheme, document: YamlDocument, catalog: Catalog, file_year: int, *, partial: bool = False
) -> list[Problem]:
    """Points add up, rules name known metrics, record kinds and levels, grades are in order.
    `partial`: a court-scoped preview, which has not read the other courts (they are not unknown)."""
    problems: list[Problem] = []

    def problem(path: tuple[Any, ...], message: str, hint: str, code: str) -> None:
        problems.append(Problem(document.display, document.line(path), message, hint, code))

    if scheme.year != file_year:
        problem(
            ("year",),
            f"方案写的年度是 {scheme.year}，文件名却是 {file_year}.yml",
            f"把 year 改为 {file_year}，或把文件改名为 {scheme.year}.yml",
            "scheme-year",
        )
    for i, court in enumerate(scheme.courts):
        if court not in catalog.courts and not partial:
            guess = suggest(court, catalog.courts)
            problem(
                ("courts", i),
                f"参加考核的法院“{court}”不存在",
                f"是否想写“{guess}”？" if guess else f"现有的法院：{'、'.join(list(catalog.courts)[:12])}",
                "unknown-reference",
            )
    if scheme.as_of and last_day(scheme.as_of).year < scheme.year:
        problem(
            ("as_of",),
            f"考核截止日期 {scheme.as_of} 早于 {scheme.year} 年",
            f"写 {scheme.year} 年内或之后的日期，如 {scheme.year}-12-31；不写即为 {scheme.year}-12-31",
            "scheme-as-of",
        )
    dimension_sum = sum((decimal(d.points) for d in scheme.dimensions), Decimal(0))
    if dimension_sum != decimal(scheme.total):
        parts = " + ".join(_number(d.points) for d in scheme.dimensions)
        problem(
            ("total",),
            f"各维度分值合计 {_number(dimension_sum)}（{parts}），与总分 {_number(scheme.total)} 不符",
            "调整各维度的 points，使它们之和等于 total",
            "points-sum",
        )
    names: dict[str, int] = {}
    for d, dimension in enumerate(scheme.dimensions):
        if dimension.name in names:
            problem(
                ("dimensions", d, "name"),
                f"维度“{dimension.name}”写了两次",
                "合并这两个维度，或改用不同的名称",
                "duplicate-dimension",
            )
        names.setdefault(dimension.name, d)
        indicator_sum = sum((decimal(i.points) for i in dimension.indicators), Decimal(0))
        if indicator_sum != decimal(dimension.points):
            parts = " + ".join(_number(i.points) for i in dimension.indicators)
            message = (
                f"维度“{dimension.name}”的指标分值合计 {_number(indicator_sum)}（{parts}），与维度分值 "
                f"{_number(dimension.points)} 不符"
            )
            problem(
                ("dimensions", d, "points"), message, "调整各指标的 points，使它们之和等于维度的 points", "points-sum"
            )
    seen: dict[str, str] = {}
    loaded = LoadedScheme(scheme, document)
    for entry in loaded.entries():
        indicator = entry.indicator
        if indicator.id in seen:
            problem(
                (*entry.path, "id"),
                f"指标标识“{indicator.id}”重复（{seen[indicator.id]}已使用）",
                "每个指标的 id 在方案中必须唯一，评分表靠它指明打分的指标",
                "duplicate-id",
            )
        seen.setdefault(indicator.id, f"“{indicator.name}”")
        problems += _check_rule(indicator, entry, document, catalog)
    for section, key in ((BONUS, "bonus"), (DEDUCTION, "deductions")):
        extra = scheme.bonus if section == BONUS else scheme.deductions
        if extra is not None and extra.cap is not None:
            largest = sum((decimal(i.points) for i in extra.indicators), Decimal(0))
            if decimal(extra.cap) > largest:
                problem(
                    (key, "cap"),
                    f"{SECTION_NAMES[section]}的上限 {_number(extra.cap)} 大于各项分值之和 {_number(largest)}",
                    "上限不应超过各项分值之和；不写 cap 即为各项之和",
                    "points-cap",
                )
    problems += _check_grades(scheme, document)
    return problems


def _check_rule(indicator: Indicator, entry: Placed, document: YamlDocument, catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    rule = indicator.rule
    where = (*entry.path, "rule")

    def problem(path: tuple[Any, ...], message: str, hint: str, code: str = "bad-rule") -> None:
        problems.append(
            Problem(document.display, document.line((*where, *path)), f"指标“{indicator.name}”：{message}", hint, code)
        )

    allowed = SECTION_RULES[entry.section]
    if rule.type not in allowed:
        where_ok = [SECTION_NAMES[s] for s, types in SECTION_RULES.items() if rule.type in types]
        problem(
            ("type",),
            f"{SECTION_NAMES[entry.section]}中不能用 {rule.type} 规则（{RULE_TYPES[rule.type]}）",
            f"{rule.type} 只能用在{'、'.join(where_ok)}；{SECTION_NAMES[entry.section]}可用 {'、'.join(allowed)}",
        )
    wanted = RULE_PARAMETERS[rule.type]
    for name in ("metric", "target", "in_range", "of", "each", "levels", "outcomes"):
        value = getattr(rule, name)
        if name not in wanted and value not in (None, {}):
            problem(
                (name,),
                f"{rule.type} 规则不用“{name}”",
                f"{rule.type} 规则可写的参数：{'、'.join(wanted) or '无'}；删去 {name}",
                "rule-parameter",
            )
    if rule.type == "metric":
        registry = catalog.registry
        if not rule.metric:
            problem(
                (),
                "metric 规则缺少 metric（指标键）",
                f"写上指标登记表中的指标键，如 metric: {next(iter(registry.keys()), 'closure_rate')}",
            )
        elif rule.metric not in registry:
            guess = suggest(rule.metric, registry.keys())
            problem(
                ("metric",),
                f"指标“{rule.metric}”没有在指标登记表中登记",
                f"是否想写“{guess}”？" if guess else f"现有的指标：{'、'.join(registry.keys()[:12])}",
                "unknown-reference",
            )
        if (rule.target is None) == (rule.in_range is None or rule.in_range is False):
            problem(
                (),
                "metric 规则要写 target（目标值）或 in_range: true（按合理区间）中的一个",
                "如 target: 85 或 in_range: true",
            )
        if rule.in_range and rule.metric and rule.metric in registry and registry[rule.metric].range is None:
            problem(
                ("in_range",),
                f"指标“{registry[rule.metric].label}”在指标登记表中没有合理区间",
                "在 brands/metrics.yml 中为它写 range，或改用 target",
            )
    elif rule.type == "count":
        if not rule.of:
            problem(
                (), "count 规则缺少 of（计数对象）", f"可选：{'、'.join(f'{k}（{v}）' for k, v in COUNT_KINDS.items())}"
            )
        elif rule.of not in COUNT_KINDS:
            guess = suggest(rule.of, COUNT_KINDS)
            problem(
                ("of",),
                f"计数对象“{rule.of}”无效",
                f"是否想写“{guess}”？" if guess else f"可选：{'、'.join(COUNT_KINDS)}",
                "unknown-kind",
            )
        if (rule.target is None) == (rule.each is None):
            problem(
                (), "count 规则要写 target（达到即满分）或 each（每项得几分）中的一个", "如 target: 12 或 each: 0.5"
            )
    elif rule.type in ("cases", "honors"):
        known = CASE_LEVELS if rule.type == "cases" else HONOR_LEVELS
        if not rule.levels:
            problem(
                (),
                f"{rule.type} 规则缺少 levels（各级别分值）",
                f"如 levels: {{{known[0]}: 1, {known[1]}: 2}}；可用的级别：{'、'.join(known)}",
            )
        for level in rule.levels:
            if level not in known:
                guess = suggest(level, known)
                problem(
                    ("levels", level),
                    f"级别“{level}”无效",
                    f"是否想写“{guess}”？" if guess else f"可用的级别：{'、'.join(known)}",
                    "unknown-level",
                )
        for outcome in rule.outcomes:
            if outcome not in CASE_OUTCOMES:
                guess = suggest(outcome, CASE_OUTCOMES)
                problem(
                    ("outcomes", outcome),
                    f"评选结果“{outcome}”无效",
                    f"是否想写“{guess}”？" if guess else f"可用的结果：{'、'.join(CASE_OUTCOMES)}",
                    "unknown-level",
                )
        for name, table in (("levels", rule.levels), ("outcomes", rule.outcomes)):
            for key, value in table.items():
                if value < 0:
                    problem((name, key), f"“{key}”的分值 {_number(value)} 是负数", "分值写 0 或正数；扣分请用扣分项")
    elif rule.type in ("out_of_range", "overdue_tasks") and rule.each is None:
        problem((), f"{rule.type} 规则缺少 each（每一项扣几分）", "如 each: 1")
    return problems


def _check_grades(scheme: Scheme, document: YamlDocument) -> list[Problem]:
    problems: list[Problem] = []
    names = [g.name for g in scheme.grades]
    for i, grade in enumerate(scheme.grades):
        if names.index(grade.name) != i:
            problems.append(
                Problem(
                    document.display,
                    document.line(("grades", i, "name")),
                    f"等级“{grade.name}”写了两次",
                    "每个等级只写一次",
                    "grades",
                )
            )
    order = [GRADE_NAMES.index(n) for n in names]
    mins = [decimal(g.min) for g in scheme.grades]
    if order != sorted(order) or any(a <= b for a, b in itertools.pairwise(mins)):
        problems.append(
            Problem(
                document.display,
                document.line(("grades",)),
                "等级要从高到低排列，最低分逐级降低",
                "按 优秀、良好、一般、较差 的顺序写，如 90、80、60、0",
                "grades",
            )
        )
    if mins and mins[-1] != 0:
        problems.append(
            Problem(
                document.display,
                document.line(("grades", len(mins) - 1, "min")),
                f"最低一档“{names[-1]}”的最低分是 {_number(mins[-1])}，低于它的总分将没有等级",
                "最低一档写 min: 0",
                "grades",
            )
        )
    for i, grade in enumerate(scheme.grades):
        if decimal(grade.min) > decimal(scheme.total):
            problems.append(
                Problem(
                    document.display,
                    document.line(("grades", i, "min")),
                    f"等级“{grade.name}”的最低分 {_number(grade.min)} 高于总分 {_number(scheme.total)}",
                    "门槛应在 0 到总分之间",
                    "grades",
                )
            )
    return problems


def check_scores(
    sheet: ScoreSheet,
    document: YamlDocument,
    loaded: LoadedScheme,
    catalog: Catalog,
    file_year: int,
    *,
    partial: bool = False,
) -> list[Problem]:
    """Manual scores name a brand in the scheme and one of its indicators, lie within its points,
    and carry a reason; `not_applicable` may be said of any indicator, with its reason."""
    problems: list[Problem] = []

    def problem(path: tuple[Any, ...], message: str, hint: str, code: str) -> None:
        problems.append(Problem(document.display, document.line(path), message, hint, code))

    if sheet.year != file_year:
        problem(
            ("year",),
            f"评分表写的年度是 {sheet.year}，文件名却是 {file_year}-scores.yml",
            f"把 year 改为 {file_year}",
            "scheme-year",
        )
    indicators = {e.indicator.id: e.indicator for e in loaded.entries()}
    assessed = {b.id for b in assessed_brands(catalog, loaded.scheme)}
    seen: dict[tuple[str, str], int] = {}
    for i, score in enumerate(sheet.scores):
        here = ("scores", i)
        if score.brand not in catalog.brands and partial:
            pass  # a court-scoped preview: the brand may belong to a court it did not read
        elif score.brand not in catalog.brands:
            guess = suggest(score.brand, catalog.brands)
            problem(
                (*here, "brand"),
                f"品牌“{score.brand}”不存在",
                f"是否想写“{guess}”？" if guess else "写品牌文件的 id",
                "unknown-reference",
            )
        elif score.brand not in assessed:
            problem(
                (*here, "brand"),
                f"品牌“{catalog.brands[score.brand].name}”不在 {loaded.year} 年的考核范围内",
                "考核范围由方案的 courts 决定；已撤销的品牌不参加考核",
                "scores-scope",
            )
        indicator = indicators.get(score.indicator)
        if indicator is None:
            guess = suggest(score.indicator, indicators)
            problem(
                (*here, "indicator"),
                f"方案中没有指标“{score.indicator}”",
                f"是否想写“{guess}”？" if guess else f"方案中的指标：{'、'.join(indicators)}",
                "unknown-reference",
            )
        key = (score.brand, score.indicator)
        if key in seen:
            problem(
                here,
                f"品牌“{score.brand}”的指标“{score.indicator}”打了两次分（第 {seen[key] + 1} 项已打过）",
                "每个品牌的每一项只保留一条评分",
                "duplicate-score",
            )
        seen.setdefault(key, i)
        if score.not_applicable:
            if score.score is not None:
                problem(
                    (*here, "score"),
                    "写了 not_applicable: true（不适用），又写了分数",
                    "不适用就删去 score；要打分就删去 not_applicable",
                    "score-not-applicable",
                )
            continue
        if indicator is None:
            continue
        if indicator.rule.type != "manual":
            hint = "只有 rule 为 manual 的指标才在评分表中打分；这一项对该品牌不适用时写 not_applicable: true 和理由"
            problem(
                (*here, "indicator"),
                f"指标“{indicator.name}”按 {indicator.rule.type} 规则自动计算，不能在评分表中打分",
                hint,
                "score-not-manual",
            )
        elif score.score is None:
            problem(
                here,
                f"品牌“{score.brand}”的“{indicator.name}”缺少分数 score",
                f"写上 0 到 {_number(indicator.points)} 之间的分数；不适用时写 not_applicable: true",
                "score-missing",
            )
        elif decimal(score.score) > decimal(indicator.points):
            problem(
                (*here, "score"),
                f"“{indicator.name}”的得分 {_number(score.score)} 超过了它的分值 {_number(indicator.points)}",
                f"分数应在 0 到 {_number(indicator.points)} 之间",
                "score-range",
            )
    return problems


def assessed_brands(catalog: Catalog, scheme: Scheme) -> list[Brand]:
    """Brands a scheme assesses: those of its courts (all courts when none are named), not revoked."""
    courts = scheme.courts or list(catalog.courts)
    return [b for court in courts for b in catalog.brands_of(court) if b.stage != "撤销"]
