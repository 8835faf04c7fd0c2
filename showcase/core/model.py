"""The data contract: one pydantic model per entity, defined once.

Everything else derives from these classes: the validator checks files against them,
`schema.py` exports a JSON Schema for editors, and pages/packets read the loaded models.
Keys are English (see shared GLOSSARY.md); titles and descriptions are Chinese because
publicity staff read them in their editor's hover help.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema
from pydantic.fields import FieldInfo

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Visibility(StrEnum):
    public = "public"
    internal = "internal"


@dataclass(frozen=True)
class ValueKind:
    """What a value must be (date, year), marked on the type so repair and messages can tell a
    year from any other number once pydantic has moved the Annotated metadata into the field."""

    name: str


DATE_KIND, YEAR_KIND = ValueKind("date"), ValueKind("year")


def value_kind(info: FieldInfo | Any) -> str:
    """date | year | "" for a field (its metadata) or an annotation (Optional and Annotated looked into)."""
    pending: list[Any] = list(getattr(info, "metadata", [])) + (
        [info.annotation] if isinstance(info, FieldInfo) else [info]
    )
    while pending:
        current = pending.pop()
        if isinstance(current, ValueKind):
            return current.name
        if typing.get_origin(current) is Annotated:
            pending.extend(typing.get_args(current)[1:])
        elif typing.get_origin(current) in (typing.Union, types.UnionType):
            pending.extend(typing.get_args(current))
    return ""


def _partial_date(value: Any) -> str:
    """Accept 2023, 2023-12 or 2023-12-27 and keep it as written (ISO text)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and 1900 <= value <= 2100:
        return str(value)
    if isinstance(value, str):
        match = DATE_PATTERN.match(value.strip())
        if match:
            year, month, day = match.groups()
            try:
                dt.date(int(year), int(month or 1), int(day or 1))
            except ValueError:
                pass
            else:
                return value.strip()
    raise ValueError("date_format")


PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1900, "maximum": 2100},
            ],
            "description": "ISO 日期：2023-12-27、2023-12 或 2023",
        }
    ),
    DATE_KIND,
]
"""An ISO date, possibly partial: 2023-12-27, 2023-12 or 2023."""


def _not_boolean(value: Any) -> Any:
    """YAML reads yes/no/true as booleans, and pydantic would count them as 1 and 0."""
    if isinstance(value, bool):
        raise ValueError("boolean_number")
    return value


Count = Annotated[int, BeforeValidator(_not_boolean)]
Number = Annotated[float, BeforeValidator(_not_boolean)]

Year = Annotated[
    int, BeforeValidator(_not_boolean), Field(ge=1949, le=2100, description="年份，四位数字，如 2023"), YEAR_KIND
]
Id = Annotated[
    str, Field(pattern=ID_PATTERN, description="英文小写、数字和连字符组成的标识，用于网址，如 xunzhou-fengqiao")
]
Text = Annotated[str, Field(min_length=1)]


class Entry(BaseModel):
    """Base for every record: unknown keys are errors, so typos never vanish silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, use_enum_values=True, allow_inf_nan=False)


# Fields that name an entity or place it in the site: a public page cannot do without them,
# so they can never be marked internal (the whole entity can, via `visibility`).
# A case's required `title` is its name; a person's optional `title` (职务) may be hidden.
ALWAYS_PUBLIC_FIELDS = frozenset(
    {"id", "name", "court", "brand", "parent", "year", "visibility", "internal_fields", "tags", "hide"}
)


def _clearable(annotation: Any) -> bool:
    """Whether a required field has an empty value a page can show as “not given”."""
    return (
        annotation is str
        or typing.get_origin(annotation) in (list, dict)
        or (typing.get_origin(annotation) is Annotated and typing.get_args(annotation)[0] is str)
    )


def internal_field_choices(model: type[BaseModel]) -> list[str]:
    """Fields of `model` that `internal_fields` may name."""
    return [
        name
        for name, info in model.model_fields.items()
        if name not in ALWAYS_PUBLIC_FIELDS
        and not (name == "title" and info.is_required())
        and (not info.is_required() or _clearable(info.annotation))
    ]


def cleared_value(model: type[BaseModel], name: str) -> Any:
    """What an internal field holds in a public build: its default, or an empty value."""
    info = model.model_fields[name]
    if not info.is_required():
        return info.get_default(call_default_factory=True)
    origin = typing.get_origin(info.annotation)
    return [] if origin is list else {} if origin is dict else ""


def _internal_fields_schema(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """List the allowed names in the JSON Schema so editors complete them."""
    prop = schema.get("properties", {}).get("internal_fields")
    if prop is not None:
        prop["items"] = {"enum": internal_field_choices(model), "type": "string"}


class Restrictable(Entry):
    """An entity whose individual fields can be marked internal (`internal_fields`)."""

    model_config = ConfigDict(json_schema_extra=_internal_fields_schema)


INTERNAL_FIELDS_DESCRIPTION = "这些字段只在内网版显示，公开版中留空，如 [secretary, committee]"


class Media(Entry):
    path: str = Field(title="文件路径", description="相对仓库根目录的路径，如 brands/media/guiping/logo.svg")
    caption: str | None = Field(None, title="说明")
    visibility: Visibility = Field(Visibility.public, title="可见范围")


class Logo(Entry):
    path: str = Field(title="标识图片", description="相对仓库根目录的图片路径（SVG/PNG/JPG）")
    explanation: str = Field(title="标识释义", description="品牌标识的设计含义")


class Honor(Entry):
    year: Year = Field(title="年份")
    title: Text = Field(title="荣誉名称")
    awarded_by: str | None = Field(None, title="授予单位")
    level: Literal["国家", "自治区", "省", "市", "县", "院"] = Field(
        title="级别", description="国家/自治区/省/市/县/院"
    )
    kind: Literal["集体", "个人"] = Field("集体", title="集体或个人")
    person: Id | None = Field(None, title="获奖人物标识", description="个人荣誉时填先进典型的标识")
    visibility: Visibility = Field(Visibility.public, title="可见范围")


class Update(Entry):
    date: PartialDate = Field(title="日期", description="ISO 日期，如 2023-12-27 或 2023-12")
    title: Text = Field(title="标题")
    body: str | None = Field(None, title="内容")
    project: Id | None = Field(None, title="所属项目标识")
    visibility: Visibility = Field(Visibility.public, title="可见范围")


class Carrier(Entry):
    id: Id = Field(title="载体标识")
    name: Text = Field(title="载体名称", description="如 浔法讲堂")
    kind: Literal["讲堂", "主题党日", "例会", "培养", "宣讲", "志愿服务", "其他"] = Field(title="载体类型")
    frequency: str | None = Field(None, title="频次", description="如 每月一次")
    sessions_held: Count | None = Field(None, ge=0, title="已举办期数")
    description: Text = Field(title="说明")
    rules: list[str] = Field(default_factory=list, title="规范要求", description="如 主题党日“四有”要求")
    visibility: Visibility = Field(Visibility.public, title="可见范围")


class Project(Entry):
    id: Id = Field(title="项目标识")
    unit: Text = Field(title="承办单位", description="如 金田法庭")
    name: Text = Field(title="项目名称", description="如 温情调解 和美家事")
    kind: Literal["一庭一品一策", "党建特色项目"] = Field(
        "党建特色项目",
        title="项目类型",
        description="一庭一品一策：人民法庭的特色项目；党建特色项目：其他部门的党建+项目",
    )
    summary: Text = Field(title="简介")
    status: Literal["培育", "运行", "暂停", "结束"] = Field("运行", title="状态")
    founded: PartialDate | None = Field(None, title="创建时间")
    themes: list[str] = Field(default_factory=list, title="主题")
    visibility: Visibility = Field(Visibility.public, title="可见范围")


TASK_STATUSES = ("未开始", "进行中", "已完成", "延期")
TASK_DONE = "已完成"


def _evidence_text(value: Any) -> Any:
    """An evidence reference is text `类型:标识`; `- update: 2023-04-18` (a one-key mapping, the
    natural way to type it in YAML) means the same and is read as `update:2023-04-18`."""
    if isinstance(value, dict) and len(value) == 1:
        kind, key = next(iter(value.items()))
        if isinstance(key, (dt.date, dt.datetime)):
            key = key.isoformat()[:10]
        return f"{kind}:{key}"
    if isinstance(value, (dt.date, dt.datetime)):  # `- 2023-04-18`: a date without its kind, explained by the loader
        return value.isoformat()[:10]
    return value.strip() if isinstance(value, str) else value


EvidenceRef = Annotated[
    str,
    BeforeValidator(_evidence_text),
    Field(
        min_length=1,
        description="证据：已有记录的引用，写成“类型:标识”。update:2023-04-18（本品牌或本院当天的动态；同一天有几条时在日期后空一格写标题）、"
        "case:guiping/jintian-family-mediation（本院的案例）、media:brands/media/guiping/x.svg（本品牌的图片资料）、"
        "carrier:xunfa-lecture 或 carrier:xunfa-lecture#8（本品牌或本院的载体，# 后为第几期）",
    ),
]
"""A stable reference to an existing record; resolved by showcase/core/plans.py."""


class Task(Entry):
    """One item of a brand plan's checklist (清单式管理)."""

    title: Text = Field(title="任务")
    owner: Text = Field(title="责任岗位", description="写岗位而不是姓名，如 支部书记、组织委员、金田法庭庭长")
    due: PartialDate = Field(title="完成时限", description="ISO 日期，如 2023-06-30；只写到月（2023-06）表示当月底")
    status: Literal["未开始", "进行中", "已完成", "延期"] = Field(
        title="状态", description="未开始 / 进行中 / 已完成 / 延期"
    )
    done: PartialDate | None = Field(None, title="完成日期", description="状态为 已完成 时必填")
    project: Id | None = Field(
        None, title="所属项目标识", description="属于本品牌某个特色项目时填写，项目页会显示它的进度"
    )
    evidence: list[EvidenceRef] = Field(default_factory=list, title="证据", description="已完成的任务至少写一条")
    note: str | None = Field(None, title="备注")


class Plan(Entry):
    """A brand plan (品牌方案) for one year: goals and the checklist of tasks. Internal by nature:
    it is the party office's working document, so a public build never shows it (see `visibility`)."""

    year: Year = Field(title="年度")
    goals: list[Text] = Field(min_length=1, title="年度目标")
    tasks: list[Task] = Field(default_factory=list, title="任务清单")

    @property
    def visibility(self) -> str:
        # Not a field (an editor cannot make a plan public): Catalog.public_only() drops list items
        # whose visibility is internal, and the leak check then treats plan text as internal.
        return Visibility.internal.value


YearlyValues = dict[Year, dict[str, Number]]


class Organisation(Entry):
    branches: Count | None = Field(None, ge=0, title="党支部数")
    party_groups: Count | None = Field(None, ge=0, title="党小组数")
    members: Count | None = Field(None, ge=0, title="在职党员数")
    member_meetings: Count | None = Field(None, ge=0, title="支部党员大会次数")
    committee_meetings: Count | None = Field(None, ge=0, title="支部委员会次数")
    group_meetings: Count | None = Field(None, ge=0, title="党小组会次数")
    party_lessons: Count | None = Field(None, ge=0, title="党课次数")
    themed_party_days: Count | None = Field(None, ge=0, title="主题党日次数")


class MasterBrand(Entry):
    name: Text = Field(title="机关总品牌名称", description="如 党旗引领·法耀浔州")
    concept: Text = Field(title="品牌内涵")
    founded: PartialDate | None = Field(None, title="创建时间")
    logo: Logo | None = Field(None, title="品牌标识及释义")


CampaignKind = Literal["品牌创建", "案例评选"]
BRAND_CAMPAIGN: CampaignKind = "品牌创建"
CASE_SELECTION: CampaignKind = "案例评选"
CAMPAIGN_KINDS: tuple[CampaignKind, ...] = (BRAND_CAMPAIGN, CASE_SELECTION)


class Campaign(Entry):
    id: Id = Field(title="活动标识")
    name: Text = Field(title="活动名称", description="如 全区法院“党旗引领·法耀八桂”党建品牌创建活动")
    kind: CampaignKind = Field(
        BRAND_CAMPAIGN,
        title="活动类型",
        description=(
            "品牌创建：各法院参加的品牌创建活动，由法院的 campaigns 列出；案例评选：评选案例的活动，只由案例的 "
            "selections 引用"
        ),
    )
    organiser: Text = Field(title="主办单位")
    years: list[Year] = Field(min_length=1, title="开展年份")
    description: Text = Field(title="说明")
    visibility: Visibility = Field(Visibility.public, title="可见范围")


class Court(Restrictable):
    id: Id = Field(title="法院标识")
    name: Text = Field(title="法院名称")
    short_name: str | None = Field(None, title="简称", description="如 桂平法院")
    level: Literal["基层", "中级", "高级"] = Field(title="法院层级")
    region: Text = Field(title="所在地区")
    parent: Id | None = Field(None, title="上级法院标识")
    master_brand: MasterBrand | None = Field(None, title="机关总品牌")
    organisation: dict[Year, Organisation] = Field(default_factory=dict, title="年度组织数据", description="以年份为键")
    metrics: YearlyValues = Field(default_factory=dict, title="年度指标", description="以年份为键，值为 指标键: 数值")
    campaigns: list[Id] = Field(default_factory=list, title="参加的品牌创建活动")
    carriers: list[Carrier] = Field(default_factory=list, title="机关层面载体")
    honors: list[Honor] = Field(default_factory=list, title="集体荣誉")
    updates: list[Update] = Field(default_factory=list, title="动态")
    description: str | None = Field(None, title="简介")
    address: str | None = Field(None, title="地址", description="页脚和打印页脚显示，如 某某市某某路 1 号")
    visibility: Visibility = Field(Visibility.public, title="可见范围")
    internal_fields: list[str] = Field(
        default_factory=list, title="仅内网显示的字段", description=INTERNAL_FIELDS_DESCRIPTION
    )


class Brand(Restrictable):
    id: Id = Field(title="品牌标识")
    name: Text = Field(title="子品牌名称", description="如 党旗引领·浔州枫桥")
    court: Id = Field(title="所属法院标识")
    branch: Text = Field(title="党支部", description="如 人民法庭党支部")
    parent: Id | None = Field(None, title="上级品牌标识", description="留空表示隶属本院机关总品牌")
    secretary: str | None = Field(None, title="支部书记")
    committee: list[str] = Field(default_factory=list, title="支委成员")
    liaison: Text = Field(title="联络员", description="负责维护本条目的同志，出错时提示由其修改")
    stage: Literal["培育", "成熟", "示范", "撤销"] = Field(title="品牌阶段")
    founded: PartialDate | None = Field(None, title="创建时间")
    logo: Logo | None = Field(None, title="品牌标识及释义")
    concept: Text = Field(title="品牌内涵")
    themes: list[str] = Field(default_factory=list, title="主题", description="如 党建+审判、党建+为民")
    projects: list[Project] = Field(default_factory=list, title="一庭一品一策项目")
    carriers: list[Carrier] = Field(default_factory=list, title="载体")
    metrics: YearlyValues = Field(default_factory=dict, title="年度指标")
    honors: list[Honor] = Field(default_factory=list, title="荣誉")
    updates: list[Update] = Field(default_factory=list, title="项目实时更新")
    media: list[Media] = Field(default_factory=list, title="图片资料")
    plans: list[Plan] = Field(
        default_factory=list, title="品牌方案", description="每年一份：年度目标与任务清单；只在内网版显示"
    )
    visibility: Visibility = Field(Visibility.public, title="可见范围")
    internal_fields: list[str] = Field(
        default_factory=list, title="仅内网显示的字段", description=INTERNAL_FIELDS_DESCRIPTION
    )


class PersonHonor(Entry):
    year: Year = Field(title="年份")
    title: Text = Field(title="荣誉名称")
    awarded_by: str | None = Field(None, title="授予单位")
    level: Literal["国家", "自治区", "省", "市", "县", "院"] = Field(title="级别")


class Person(Restrictable):
    id: Id = Field(title="人物标识")
    name: Text = Field(title="姓名")
    court: Id = Field(title="所属法院标识")
    brand: Id | None = Field(None, title="所在支部的品牌标识")
    branch: str | None = Field(None, title="所在党支部")
    title: str | None = Field(None, title="职务")
    honors: list[PersonHonor] = Field(default_factory=list, title="荣誉")
    story: Text = Field(title="事迹")
    photo: str | None = Field(None, title="照片路径")
    visibility: Visibility = Field(Visibility.public, title="可见范围")
    internal_fields: list[str] = Field(
        default_factory=list, title="仅内网显示的字段", description=INTERNAL_FIELDS_DESCRIPTION
    )


class Metric(Entry):
    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")] = Field(
        title="指标键", description="英文小写和下划线，如 cases_accepted"
    )
    label: Text = Field(title="中文名称", description="如 受理案件数")
    unit: str = Field("", title="单位", description="如 件、%、次")
    range: tuple[Number, Number] | None = Field(None, title="合理区间", description="[下限, 上限]")
    direction: Literal["higher", "lower"] = Field("higher", title="方向", description="higher 越高越好；lower 越低越好")
    formula: str | None = Field(
        None, title="计算公式", description="派生指标的公式，如 cases_closed / cases_accepted * 100"
    )
    decimals: Count = Field(0, ge=0, le=4, title="小数位数")
    shared: bool = Field(True, title="是否参与比学赶超")


class MetricRegistry(Entry):
    metrics: list[Metric] = Field(title="指标登记表")


class Criteria(Entry):
    innovation: Text = Field(title="创新性")
    practicality: Text = Field(title="实践性")
    operability: Text = Field(title="操作性")
    exemplarity: Text = Field(title="示范性")


SelectionLevel = Literal["院", "市", "区", "全国"]
SelectionOutcome = Literal["推荐", "入选", "获评"]
SELECTION_LEVELS: tuple[str, ...] = typing.get_args(SelectionLevel)  # lowest first
SELECTION_OUTCOMES: tuple[str, ...] = typing.get_args(SelectionOutcome)  # 推荐 → 入选 → 获评


class Selection(Entry):
    date: PartialDate = Field(title="日期")
    level: SelectionLevel = Field(title="评选级别")
    outcome: SelectionOutcome = Field(title="结果")
    campaign: Id | None = Field(None, title="评选活动标识")
    note: str | None = Field(None, title="备注")


class CaseMeta(Restrictable):
    """Front matter of a case write-up (docs/cases/**.md)."""

    title: Text = Field(title="案例标题")
    brand: Id = Field(title="所属品牌标识")
    court: Id = Field(title="所属法院标识")
    year: Year = Field(title="年份")
    authors: list[str] = Field(min_length=1, title="作者")
    summary: Text = Field(title="摘要")
    themes: list[str] = Field(default_factory=list, title="主题")
    criteria: Criteria = Field(title="评选标准陈述")
    selections: list[Selection] = Field(default_factory=list, title="评选经历")
    attachments: list[str] = Field(default_factory=list, title="附件路径")
    visibility: Visibility = Field(Visibility.public, title="可见范围")
    internal_fields: list[str] = Field(
        default_factory=list, title="仅内网显示的字段", description=INTERNAL_FIELDS_DESCRIPTION
    )
    # Keys MkDocs or Material read from front matter; allowed so authors may set them.
    tags: list[str] = Field(default_factory=list, title="标签")
    hide: list[str] = Field(default_factory=list, title="隐藏页面元素")


class PrivacyAllow(Entry):
    """brands/privacy-allow.yml: what the privacy lint must let through."""

    names: list[Text] = Field(
        default_factory=list,
        title="可公开的姓名",
        description="公众人物、受表彰人员等；people/ 下先进典型的姓名自动放行",
    )
    strings: list[Text] = Field(
        default_factory=list, title="可公开的号码或文字", description="如诉讼服务热线、法院公开邮箱"
    )


ENTITY_MODELS: dict[str, type[Entry]] = {
    "campaign": Campaign,
    "court": Court,
    "brand": Brand,
    "person": Person,
    "metrics": MetricRegistry,
    "case": CaseMeta,
}
