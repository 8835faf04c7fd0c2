"""The packet spec: which cases a selection's reviewers receive and how they score them.

`packets/<name>.yml` is validated like the files under brands/: the same YAML reader (so every
problem has a line number), the same Chinese messages, unknown keys with did-you-mean, then
cross-checks against the loaded catalog (campaign, case ids, courts, themes, metric keys).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from showcase.core.catalog import Case, Catalog
from showcase.core.model import Campaign, Criteria, Entry, Id, PartialDate, Text, Year
from showcase.core.problems import Problem, display_path
from showcase.core.validate import suggest, validate_document
from showcase.core.yamlsource import YamlDocument, load_yaml_file

SPEC_DIR = "packets"
CRITERION_KEYS: tuple[str, ...] = tuple(Criteria.model_fields)  # innovation, practicality, operability, exemplarity
SORT_KEYS = ("court", "brand", "year", "title", "id")
# Reviewer names become file names of their score sheets, so characters Windows forbids are refused.
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _as_list(value: Any) -> Any:
    """Accept `years: 2023` as well as `years: [2023]`: people write one value without brackets."""
    return [value] if isinstance(value, (str, int)) else value


OneOrMany = BeforeValidator(_as_list)


class CriterionRule(Entry):
    weight: float = Field(gt=0, le=100, title="权重", description="百分比；各项权重合计 100")
    range: tuple[float, float] = Field((0, 10), title="分值范围", description="[最低分, 最高分]，默认 [0, 10]")
    guide: str | None = Field(None, title="评分要点", description="印在评审说明和评分表的填表说明里")


class CriteriaRules(Entry):
    """Which of the four criteria are scored; the order here is the order on every sheet."""

    innovation: CriterionRule | None = Field(None, title="创新性")
    practicality: CriterionRule | None = Field(None, title="实践性")
    operability: CriterionRule | None = Field(None, title="操作性")
    exemplarity: CriterionRule | None = Field(None, title="示范性")


class SelectionFilter(Entry):
    level: Literal["院", "市", "区", "全国"] | None = Field(None, title="评选级别")
    outcome: Literal["推荐", "入选", "获评"] | None = Field(None, title="结果")
    campaign: Id | None = Field(None, title="评选活动标识")
    latest: bool = Field(False, title="只看最近一次", description="true：只比较案例最近一次的评选经历（即当前状态）")


class CaseFilter(Entry):
    years: Annotated[list[Year], OneOrMany] = Field(default_factory=list, title="年份")
    courts: Annotated[list[Id], OneOrMany] = Field(default_factory=list, title="法院标识")
    brands: Annotated[list[Id], OneOrMany] = Field(default_factory=list, title="品牌标识")
    themes: Annotated[list[str], OneOrMany] = Field(
        default_factory=list, title="主题", description="含其中任一主题即可"
    )
    selection: SelectionFilter | None = Field(None, title="评选经历", description="案例的评选经历中有符合条件的一条")
    exclude: Annotated[list[str], OneOrMany] = Field(default_factory=list, title="排除的案例")


SortKey = Literal["listed", "court", "-court", "brand", "-brand", "year", "-year", "title", "-title", "id", "-id"]


class PacketSpec(Entry):
    """packets/<name>.yml"""

    title: Text = Field(title="材料包标题", description="印在封面，如 2024 年全区法院党建创新案例评选评审材料")
    campaign: Id = Field(title="评选活动标识", description="brands/campaigns/ 下的活动，如 innovation-cases")
    issuer: str | None = Field(None, title="印发单位", description="默认取评选活动的主办单位")
    date: PartialDate | None = Field(None, title="印发日期", description="印在封面；默认取生成日期")
    audience: Literal["internal", "public"] = Field(
        "internal", title="读者范围", description="internal：含内部资料；public：不含标为 internal 的内容"
    )
    criteria: CriteriaRules = Field(title="评选标准", description="各项的权重与分值范围")
    cases: list[str] = Field(
        default_factory=list, title="案例清单", description="案例标识（docs/cases/ 下的路径，不含 .md），按此顺序编排"
    )
    filter: CaseFilter | None = Field(None, title="筛选条件", description="不写 cases 时，按条件选出案例")
    order: Annotated[list[SortKey], OneOrMany] = Field(
        default_factory=list, title="排列顺序", description="listed（按清单）或 court、year、title 等，前加 - 表示倒序"
    )
    reviewers: list[Text] = Field(default_factory=list, title="评审人", description="每人生成一份评分表")
    charts: list[str] | None = Field(
        None, title="趋势图指标", description="品牌指标中画趋势图的指标键；默认为设有合理区间的指标"
    )
    notes: str | None = Field(None, title="评审说明", description="印在目录之后的说明文字")
    docx_fonts: Literal["office", "free"] = Field(
        "office", title="Word 文档字体", description="office：仿宋_GB2312 等公文字体；free：与 PDF 相同的开源字体"
    )


@dataclass(frozen=True)
class Criterion:
    """One scored criterion, resolved from the spec: label, weight and range as exact decimals."""

    key: str
    label: str
    weight: Decimal
    low: Decimal
    high: Decimal
    guide: str | None

    @property
    def range_text(self) -> str:
        return f"{plain(self.low)}–{plain(self.high)}"


def plain(number: Decimal | float) -> str:
    """10 rather than 10.0 or 1E+1: how people write a score."""
    value = Decimal(str(number))
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


@dataclass
class LoadedSpec:
    name: str  # file stem: names the output folder and the result page
    path: Path
    display: str
    document: YamlDocument
    spec: PacketSpec
    criteria: list[Criterion]
    cases: list[Case]
    sha256: str
    campaign: Campaign | None = None

    @property
    def campaign_name(self) -> str:
        return self.campaign.name if self.campaign else self.spec.campaign

    @property
    def issuer(self) -> str:
        return self.spec.issuer or (self.campaign.organiser if self.campaign else "")


def find_spec(argument: str, root: Path) -> Path:
    """`packets/sample.yml`, a path anywhere, or just `sample`."""
    given = Path(argument)
    if given.suffix.lower() in (".yml", ".yaml") or given.exists():
        return given if given.is_absolute() else (Path.cwd() / given)
    for suffix in (".yml", ".yaml"):
        candidate = root / SPEC_DIR / f"{argument}{suffix}"
        if candidate.is_file():
            return candidate
    return root / SPEC_DIR / f"{argument}.yml"


def normalise_case_id(value: str) -> str:
    """Accept the id as shown by `packet check`, or the file path people copy from their editor."""
    text = value.strip().replace("\\", "/")
    for prefix in ("./", "docs/cases/", "cases/"):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text[:-3] if text.endswith(".md") else text


def load_spec(path: Path, catalog: Catalog) -> tuple[LoadedSpec | None, list[Problem]]:
    """Parse, validate and resolve a spec; None when any error was found."""
    root = catalog.root
    display = display_path(path, root)
    if not path.is_file():
        known = sorted(p.stem for p in (root / SPEC_DIR).glob("*.y*ml")) if (root / SPEC_DIR).is_dir() else []
        guess = suggest(path.stem, known)
        hint = (
            f"是否想写“{guess}”？"
            if guess
            else (
                f"现有的材料包：{'、'.join(known)}" if known else "在 packets/ 下新建一个，参考 docs/guide/packets.md"
            )
        )
        return None, [Problem(display, 0, "找不到材料包配置文件", hint, "no-spec")]
    document, problems = load_yaml_file(path, display)
    if document is None:
        return None, problems
    spec, schema_problems = validate_document(document, PacketSpec)
    problems += schema_problems
    if spec is None:
        return None, problems
    checker = _Checker(document, catalog)
    criteria = checker.criteria(spec)
    cases = checker.cases(spec)
    checker.others(spec)
    problems += checker.problems
    if any(p.severity == "error" for p in problems):
        return None, problems
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return LoadedSpec(
        path.stem, path, display, document, spec, criteria, cases, digest, catalog.campaigns.get(spec.campaign)
    ), problems


class _Checker:
    """Cross-checks that need the catalog; each problem points at the line of the offending value."""

    def __init__(self, document: YamlDocument, catalog: Catalog) -> None:
        self.document = document
        self.catalog = catalog
        self.problems: list[Problem] = []

    def problem(self, path: tuple[Any, ...], message: str, hint: str, code: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.document.display, self.document.line(path), message, hint, code, severity))

    def reference(self, path: tuple[Any, ...], value: str, known: list[str], what: str) -> bool:
        if value in known:
            return True
        guess = suggest(value, known)
        hint = (
            f"是否想写“{guess}”？"
            if guess
            else (f"现有的{what}：{'、'.join(known[:12])}" if known else f"还没有任何{what}")
        )
        self.problem(path, f"引用了不存在的{what}“{value}”", hint, "unknown-reference")
        return False

    # ------------------------------------------------------------------ criteria

    def criteria(self, spec: PacketSpec) -> list[Criterion]:
        result: list[Criterion] = []
        for key in CRITERION_KEYS:
            rule: CriterionRule | None = getattr(spec.criteria, key)
            if rule is None:
                continue
            low, high = (Decimal(str(v)) for v in rule.range)
            if low < 0 or high <= low:
                self.problem(
                    ("criteria", key, "range"),
                    f"“{key}”的分值范围 [{plain(low)}, {plain(high)}] 无效",
                    "写成 [最低分, 最高分]，最低分不小于 0，最高分大于最低分，如 [0, 10]",
                    "bad-range",
                )
            label = Criteria.model_fields[key].title or key
            result.append(Criterion(key, label, Decimal(str(rule.weight)), low, high, rule.guide))
        if not result:
            self.problem(
                ("criteria",),
                "评选标准中没有任何一项",
                (
                    "至少写一项，如 innovation: {weight: 100, range: [0, 10]}；四项为 innovation、practicality、"
                    "operability、exemplarity"
                ),
                "no-criteria",
            )
            return result
        total = sum(c.weight for c in result)
        if total != 100:
            detail = " + ".join(f"{c.label} {plain(c.weight)}" for c in result)
            self.problem(
                ("criteria",), f"各项权重合计为 {plain(total)}，应为 100", f"权重按百分比填写：{detail}", "bad-weights"
            )
        return result

    # ------------------------------------------------------------------ cases

    def cases(self, spec: PacketSpec) -> list[Case]:
        catalog = self.catalog if spec.audience == "internal" else self.catalog.public_only()
        if spec.cases and spec.filter:
            self.problem(
                ("filter",),
                "cases（案例清单）与 filter（筛选条件）只能写一个",
                "明确列出案例时删去 filter；按条件筛选时删去 cases",
                "cases-and-filter",
            )
            return []
        if not spec.cases and spec.filter is None:
            self.problem(
                (),
                "没有指定案例",
                "用 cases 列出案例标识，或用 filter 写筛选条件，参见 docs/guide/packets.md",
                "no-cases",
            )
            return []
        if "listed" in spec.order and (len(spec.order) > 1 or not spec.cases):
            self.problem(
                ("order",),
                "“listed”（按清单顺序）只能单独使用，且只适用于 cases 清单",
                "按条件筛选时写 court、year、title 等排序键",
                "bad-order",
            )
        chosen = self._listed(spec, catalog) if spec.cases else self._filtered(spec, catalog)
        if not chosen and not self.problems:
            self.problem(
                ("filter",),
                "筛选条件没有选出任何案例",
                "放宽条件，或运行 python scripts/showcase.py packet check 查看",
                "no-match",
            )
        keys = [k for k in spec.order if k != "listed"] or ([] if spec.cases else ["court", "title"])
        for key in reversed(keys):  # stable sorts, last key first
            descending = key.startswith("-")
            chosen.sort(key=self._sort_value(key.lstrip("-")), reverse=descending)
        return chosen

    def _listed(self, spec: PacketSpec, catalog: Catalog) -> list[Case]:
        chosen: list[Case] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(spec.cases):
            case_id = normalise_case_id(raw)
            if case_id in seen:
                self.problem(
                    ("cases", index),
                    f"案例“{raw}”重复列出（第 {seen[case_id] + 1} 项已列出）",
                    "删去重复的一项",
                    "duplicate-case",
                )
                continue
            seen[case_id] = index
            if case_id not in catalog.cases:
                if spec.audience == "public" and case_id in self.catalog.cases:
                    self.problem(
                        ("cases", index),
                        f"案例“{raw}”标为内部资料，不能编入公开材料包",
                        "删去它，或把 audience 改为 internal",
                        "internal-case",
                    )
                else:
                    self.reference(("cases", index), case_id, sorted(catalog.cases), "案例")
                continue
            chosen.append(catalog.cases[case_id])
        return chosen

    def _filtered(self, spec: PacketSpec, catalog: Catalog) -> list[Case]:
        rule = spec.filter
        assert rule is not None
        ok = True
        for index, court in enumerate(rule.courts):
            ok &= self.reference(("filter", "courts", index), court, sorted(catalog.courts), "法院")
        for index, brand in enumerate(rule.brands):
            ok &= self.reference(("filter", "brands", index), brand, sorted(catalog.brands), "品牌")
        known_themes = sorted({t for c in catalog.cases.values() for t in c.meta.themes})
        for index, theme in enumerate(rule.themes):
            ok &= self.reference(("filter", "themes", index), theme, known_themes, "案例主题")
        if rule.selection and rule.selection.campaign:
            ok &= self.reference(
                ("filter", "selection", "campaign"), rule.selection.campaign, sorted(catalog.campaigns), "评选活动"
            )
        excluded = set()
        for index, raw in enumerate(rule.exclude):
            case_id = normalise_case_id(raw)
            ok &= self.reference(("filter", "exclude", index), case_id, sorted(catalog.cases), "案例")
            excluded.add(case_id)
        if not ok:
            return []
        return [case for case in catalog.cases.values() if case.id not in excluded and matches(case, rule)]

    def _sort_value(self, key: str) -> Any:
        catalog = self.catalog
        if key == "court":
            return lambda c: catalog.courts[c.meta.court].name if c.meta.court in catalog.courts else c.meta.court
        if key == "brand":
            return lambda c: catalog.brands[c.meta.brand].name if c.meta.brand in catalog.brands else c.meta.brand
        if key == "year":
            return lambda c: c.meta.year
        if key == "title":
            return lambda c: c.meta.title
        return lambda c: c.id

    # ------------------------------------------------------------------ the rest

    def others(self, spec: PacketSpec) -> None:
        self.reference(("campaign",), spec.campaign, sorted(self.catalog.campaigns), "评选活动")
        seen: dict[str, int] = {}
        for index, name in enumerate(spec.reviewers):
            clean = name.strip()
            if UNSAFE_NAME.search(clean) or clean in (".", ".."):
                self.problem(
                    ("reviewers", index),
                    f"评审人“{name}”含有不能用于文件名的字符",
                    '评分表以评审人姓名命名，请去掉 \\ / : * ? " < > | 等字符',
                    "bad-reviewer",
                )
            if clean in seen:
                self.problem(
                    ("reviewers", index),
                    f"评审人“{name}”重复（第 {seen[clean] + 1} 项已写过）",
                    "同名评审人请加以区分，如 张某（甲）",
                    "duplicate-reviewer",
                )
            seen.setdefault(clean, index)
        for index, key in enumerate(spec.charts or []):
            self.reference(("charts", index), key, self.catalog.registry.keys(), "指标")


def matches(case: Case, rule: CaseFilter) -> bool:
    meta = case.meta
    if rule.years and meta.year not in rule.years:
        return False
    if rule.courts and meta.court not in rule.courts:
        return False
    if rule.brands and meta.brand not in rule.brands:
        return False
    if rule.themes and not set(rule.themes) & set(meta.themes):
        return False
    if rule.selection:
        wanted = rule.selection
        history = meta.selections
        if wanted.latest and history:
            history = [max(history, key=lambda s: s.date)]

        def fits(entry: Any) -> bool:
            return (
                (wanted.level is None or entry.level == wanted.level)
                and (wanted.outcome is None or entry.outcome == wanted.outcome)
                and (wanted.campaign is None or entry.campaign == wanted.campaign)
            )

        if not any(fits(entry) for entry in history):
            return False
    return True
