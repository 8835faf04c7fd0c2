"""The data contract of 量化考核 files, defined once like every other file's (core/model.py): the
yearly scheme (brands/assessment/<年份>.yml) and the party office's scores
(brands/assessment/<年份>-scores.yml), with the vocabulary their rules may use.

The feature that reads them (showcase/assessment) checks what a model cannot: points that add
up, rules naming known metrics, kinds and levels, scores within their indicator's points. Here
too are the models `fix` needs to repair these files as it repairs the others (core/repair.py).
"""

from __future__ import annotations

import re
import typing
from typing import Literal

from pydantic import Field

from showcase.core.model import Entry, Honor, Id, Number, PartialDate, Selection, Text, Year

# Where the files live, below brands/: <年份>.yml is a scheme, <年份>-scores.yml its scores.
ASSESSMENT_DIR = "assessment"
ASSESSMENT_SCHEME = re.compile(r"^\d{4}$")
ASSESSMENT_SCORES = re.compile(r"^\d{4}-scores$")

BASE, BONUS, DEDUCTION = "base", "bonus", "deduction"
RULE_TYPES: dict[str, str] = {
    "metric": "指标对照目标值或合理区间",
    "count": "计数（动态、载体期数、完成的任务）",
    "tasks": "方案任务按期完成率",
    "cases": "案例评选（按级别和结果）",
    "honors": "荣誉（按级别）",
    "out_of_range": "指标超出合理区间",
    "overdue_tasks": "方案任务逾期",
    "manual": "人工评分（述职评议等，分数填在评分表中）",
}
SECTION_NAMES = {BASE: "维度", BONUS: "加分项", DEDUCTION: "扣分项"}
# Which rules a section may use: honours only add (加分项), out-of-range figures and overdue tasks only deduct (扣分项).
SECTION_RULES: dict[str, tuple[str, ...]] = {
    BASE: ("metric", "count", "tasks", "cases", "manual"),
    BONUS: ("honors", "cases", "count", "manual"),
    DEDUCTION: ("out_of_range", "overdue_tasks", "manual"),
}
COUNT_KINDS: dict[str, str] = {
    "updates": "本年度动态",
    "carrier_sessions": "本品牌载体已举办期数（累计）",
    "tasks_done": "本年度方案中完成的任务",
    "tasks_done_on_time": "本年度方案中按期完成的任务",
}
COUNT_UNITS = {"updates": "条", "carrier_sessions": "期", "tasks_done": "项", "tasks_done_on_time": "项"}
CASE_LEVELS: tuple[str, ...] = typing.get_args(Selection.model_fields["level"].annotation)
CASE_OUTCOMES: tuple[str, ...] = typing.get_args(Selection.model_fields["outcome"].annotation)
HONOR_LEVELS: tuple[str, ...] = typing.get_args(Honor.model_fields["level"].annotation)
GRADE_NAMES = ("优秀", "良好", "一般", "较差")
# Which parameters each rule type reads; any other one written is a mistake worth reporting.
RULE_PARAMETERS: dict[str, tuple[str, ...]] = {
    "metric": ("metric", "target", "in_range"),
    "count": ("of", "target", "each"),
    "tasks": (),
    "cases": ("levels", "outcomes"),
    "honors": ("levels",),
    "out_of_range": ("each",),
    "overdue_tasks": ("each",),
    "manual": (),
}


class Rule(Entry):
    type: Literal["metric", "count", "tasks", "cases", "honors", "out_of_range", "overdue_tasks", "manual"] = Field(
        title="规则类型", description="、".join(f"{k}：{v}" for k, v in RULE_TYPES.items())
    )
    metric: str | None = Field(None, title="指标键", description="metric 规则：指标登记表中的指标键，如 closure_rate")
    target: Number | None = Field(
        None, gt=0, title="目标值", description="metric、count 规则：达到即得满分，不足按比例计分"
    )
    in_range: bool | None = Field(
        None, title="按合理区间", description="metric 规则：true 表示在指标登记表的合理区间内得满分，否则不得分"
    )
    of: str | None = Field(
        None, title="计数对象", description="count 规则：" + "、".join(f"{k}（{v}）" for k, v in COUNT_KINDS.items())
    )
    each: Number | None = Field(
        None, gt=0, title="每项分值", description="count：每一项得几分；out_of_range、overdue_tasks：每一项扣几分"
    )
    levels: dict[str, Number] = Field(
        default_factory=dict, title="各级别分值", description="cases：院/市/区/全国；honors：国家/自治区/省/市/县/院"
    )
    outcomes: dict[str, Number] = Field(
        default_factory=dict,
        title="评选结果系数",
        description="cases 规则：推荐/入选/获评 各乘以几，如 推荐: 0.5；不写则都按 1 计",
    )


class Indicator(Entry):
    id: Id = Field(title="指标标识", description="评分表用它指明给哪一项打分，如 secretary-report")
    name: Text = Field(title="指标名称")
    points: Number = Field(gt=0, title="分值")
    rule: Rule = Field(title="计分规则")
    standard: str | None = Field(None, title="评分标准", description="写给被考核支部看的说明，显示在考核页上")


class Dimension(Entry):
    name: Text = Field(
        title="维度名称", description="如 思想政治建设、组织建设、作风建设、党风廉政建设、党建与业务融合"
    )
    points: Number = Field(gt=0, title="维度分值", description="本维度各指标分值之和")
    indicators: list[Indicator] = Field(min_length=1, title="指标")


class Extra(Entry):
    cap: Number | None = Field(None, gt=0, title="上限", description="加分（或扣分）最多多少分；不写则为各项分值之和")
    indicators: list[Indicator] = Field(min_length=1, title="指标")


class Grade(Entry):
    name: Literal["优秀", "良好", "一般", "较差"] = Field(title="等级")
    min: Number = Field(ge=0, title="最低分", description="总分不低于这个分数即为该等级")


class Scheme(Entry):
    year: Year = Field(title="考核年度", description="与文件名一致，如 2023.yml 写 2023")
    title: Text = Field(title="方案名称")
    rationale: Text = Field(title="方案说明", description="为什么这样设维度、分值和规则；显示在考核页上")
    courts: list[Id] = Field(default_factory=list, title="参加考核的法院", description="法院标识；不写则为全部法院")
    total: Number = Field(gt=0, title="总分", description="各维度分值之和，如 100")
    as_of: PartialDate | None = Field(
        None, title="考核截止日期", description="判断任务是否逾期、按期完成的日期；不写则为当年 12 月 31 日"
    )
    grades: list[Grade] = Field(min_length=1, title="等级", description="从高到低：优秀、良好、一般、较差，各写最低分")
    dimensions: list[Dimension] = Field(min_length=1, title="考核维度")
    bonus: Extra | None = Field(None, title="加分项")
    deductions: Extra | None = Field(None, title="扣分项")


class Score(Entry):
    brand: Id = Field(title="品牌标识")
    indicator: Id = Field(title="指标标识", description="方案中 manual 指标的标识")
    score: Number | None = Field(None, ge=0, title="得分", description="不超过该指标的分值")
    not_applicable: bool = Field(
        False, title="不适用", description="true 表示这一项对该品牌不适用，不计分，总分按得分率折算"
    )
    reason: Text = Field(title="理由", description="打分依据，如 述职评议的结果；不适用时写明原因")
    by: str | None = Field(None, title="评分单位", description="如 机关党委")


class ScoreSheet(Entry):
    year: Year = Field(title="考核年度")
    scores: list[Score] = Field(default_factory=list, title="评分")
