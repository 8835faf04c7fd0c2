"""What a build is configured with, read in one place: `extra.showcase` in mkdocs.yml and the
environment variables the product reads.

`extra.showcase` is typed (unknown keys and wrong values are Chinese `mkdocs.yml:line` errors)
and read from the file itself, so the MkDocs adapter and the commands see the same settings.
The environment says which audience a build is for, whether it is the offline copy, and which
court a preview is limited to; nothing else in the package reads `os.environ`. (scripts/showcase.py,
outside the package, sets SHOWCASE_REEXEC for the run it starts with .venv's Python.)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import Field

from showcase.core.model import Entry, Id, Year
from showcase.core.problems import Problem, display_path
from showcase.core.validate import validate_document
from showcase.core.yamlsource import build_subtree

CONFIG_FILE = "mkdocs.yml"

# --------------------------------------------------------------------------- environment

AUDIENCE_ENV = "SHOWCASE_AUDIENCE"  # internal (default) | public
OFFLINE_ENV = "SHOWCASE_OFFLINE"  # 1: the copy opened from disk (set by `showcase.py offline`)
PREVIEW_COURT_ENV = "SHOWCASE_PREVIEW_COURT"  # `serve` of one court (set by `showcase.py preview`)
SOURCE_DATE_EPOCH_ENV = "SOURCE_DATE_EPOCH"  # reproducible packets: the build time, in seconds
RUNNER_ENV = "SHOWCASE_RUNNER"  # properdocs (default) | mkdocs: which engine child builds run
SHARD_ENV = "SHOWCASE_SHARD"  # I/N: this build renders only shard I of N (set by `showcase.py build`)
SHARD_PREPARED_ENV = "SHOWCASE_SHARD_PREPARED"  # the catalog `showcase.py build` read once for all its shards
SHARD_VARIABLES = (SHARD_ENV, SHARD_PREPARED_ENV)  # removed from the environment of builds that make a whole site
PROPERDOCS, MKDOCS = "properdocs", "mkdocs"
RUNNERS = (PROPERDOCS, MKDOCS)
INTERNAL, PUBLIC = "internal", "public"
AUDIENCES = (INTERNAL, PUBLIC)
ALLOWED_AUDIENCES = "internal（内网版，默认）或 public（公开版）"
UNSET_HINT = f"改为 public 构建公开版；删去 {AUDIENCE_ENV}（或设为 internal）构建内网版"


class AudienceError(ValueError):
    """An unknown audience name; the message is Chinese and fit to show as is."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())


def parse_audience(value: str, source: str = "受众", hint: str = "") -> str:
    text = value.strip().lower()
    if text not in AUDIENCES:
        raise AudienceError(Problem(source, 0, f"“{value}”无效，只能是 {ALLOWED_AUDIENCES}", hint, "audience"))
    return text


@dataclass(frozen=True)
class Environment:
    """The environment variables of this process, read once and checked."""

    audience: str = INTERNAL
    audience_problems: tuple[Problem, ...] = ()  # a mistyped audience: reported, read as public
    offline: bool = False
    preview_court: str | None = None
    source_date_epoch: str | None = None
    runner: str = PROPERDOCS
    runner_problems: tuple[Problem, ...] = ()  # a mistyped engine: reported, the default is used
    shard: str | None = None  # SHOWCASE_SHARD as given; showcase.sharding reads it (I/N)
    shard_prepared: str | None = None  # SHOWCASE_SHARD_PREPARED: a file written by `showcase.py build`

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What makes every command refuse to start."""
        return self.audience_problems + self.runner_problems


def environment(environ: Mapping[str, str] | None = None) -> Environment:
    """Every variable the product reads. A mistyped SHOWCASE_AUDIENCE counts as public, the stricter
    reading, and carries a problem: commands and builds refuse it, `serve` shows it as a banner."""
    env = os.environ if environ is None else environ
    raw = env.get(AUDIENCE_ENV, "")
    audience = INTERNAL
    problems: tuple[Problem, ...] = ()
    if raw.strip():
        try:
            audience = parse_audience(raw, f"环境变量 {AUDIENCE_ENV}", UNSET_HINT)
        except AudienceError as error:
            audience, problems = PUBLIC, (error.problem,)
    runner = PROPERDOCS
    runner_problems: tuple[Problem, ...] = ()
    chosen = env.get(RUNNER_ENV, "").strip()
    if chosen and chosen.lower() in RUNNERS:
        runner = chosen.lower()
    elif chosen:
        hint = "改正或删去这个环境变量"
        runner_problems = (
            Problem(f"环境变量 {RUNNER_ENV}", 0, f"“{chosen}”无效，只能是 properdocs（默认）或 mkdocs", hint, "runner"),
        )
    return Environment(
        audience=audience,
        audience_problems=problems,
        offline=env.get(OFFLINE_ENV, "").strip() == "1",
        preview_court=env.get(PREVIEW_COURT_ENV, "").strip() or None,
        source_date_epoch=env.get(SOURCE_DATE_EPOCH_ENV, "").strip() or None,
        runner=runner,
        runner_problems=runner_problems,
        shard=env.get(SHARD_ENV, "").strip() or None,
        shard_prepared=env.get(SHARD_PREPARED_ENV, "").strip() or None,
    )


def whole_site_environment(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child build that must make the whole site (publish, offline copy,
    preview): without the shard variables a CI job or a shell may have set."""
    env = dict(os.environ if environ is None else environ)
    for name in SHARD_VARIABLES:
        env.pop(name, None)
    return env


def current_audience(environ: Mapping[str, str] | None = None) -> str:
    """The audience of this build (default internal); raises AudienceError for a mistyped value."""
    found = environment(environ)
    if found.audience_problems:
        raise AudienceError(found.audience_problems[0])
    return found.audience


def resolve_audience(value: str | None = None, environ: Mapping[str, str] | None = None) -> tuple[str, list[Problem]]:
    """An audience given on the command line, else the environment's: (audience, problems)."""
    if value:
        try:
            return parse_audience(value), []
        except AudienceError as error:
            return PUBLIC, [error.problem]
    found = environment(environ)
    return found.audience, list(found.audience_problems)


# --------------------------------------------------------------------------- extra.showcase


class TrackingSettings(Entry):
    """`extra.showcase.tracking`: the thresholds of the tracking dashboard (跟踪问效)."""

    stale_days: int = Field(90, ge=1, title="动态久未更新的天数", description="最近一条动态距今超过这么多天：久未更新")
    untouched_days: int = Field(
        180, ge=1, title="资料久未改动的天数", description="品牌资料文件超过这么多天未改动：资料久未维护"
    )
    figures_year: Year | None = Field(None, title="检查指标的年份", description="检查哪一年的指标是否已填；默认为当年")
    at_risk_days: int = Field(
        30, ge=0, title="任务临近截止的天数", description="品牌方案中的任务距完成时限不到这么多天且未完成：临近截止"
    )

    def year(self, today: dt.date) -> int:
        return self.figures_year or today.year


class RepositorySettings(Entry):
    """Where a court's files can be edited in its git web UI (GitLab, GitHub, Gitea …)."""

    repo_url: str | None = Field(
        None,
        title="仓库地址",
        description="资料仓库的网址，如 https://git.court.example/party/showcase；不写则不显示“编辑此页”链接",
    )
    edit_uri: str | None = Field(
        None,
        title="编辑路径",
        description="接在仓库地址之后、文件路径之前，如 GitLab 的 -/edit/main/，GitHub 的 edit/main/",
    )
    tree_uri: str | None = Field(
        None, title="目录路径", description="汇总页链接到资料目录时用，如 GitLab 的 -/tree/main/，GitHub 的 tree/main/"
    )
    line_anchor: str | None = Field(
        None,
        title="行号锚点",
        description="接在文件网址之后，跳到条目所在的行，{line} 处填行号；默认 #L{line}，不支持时写空字符串",
    )
    liaison: str | None = Field(
        None,
        title="维护人",
        description="没有联络员的页面（首页、汇总页、法院和活动页）写明由谁维护，如 机关党委办公室",
    )


class EditSettings(RepositorySettings):
    """`extra.showcase.edit`: the “编辑此页” link and the maintainer line of every page, configured
    like Material's repo_url/edit_uri; `courts` gives a court its own repository or maintainer."""

    edit_uri: str | None = Field(
        "-/edit/main/",
        title="编辑路径",
        description=(
            "接在仓库地址之后、文件路径之前：GitLab 为 -/edit/main/，GitHub 为 edit/main/，Gitea 为 _edit/main/"
        ),
    )
    tree_uri: str | None = Field(
        "-/tree/main/",
        title="目录路径",
        description="汇总页链接到资料目录时用：GitLab 为 -/tree/main/，GitHub 为 tree/main/，Gitea 为 src/branch/main/",
    )
    line_anchor: str | None = Field(
        "#L{line}",
        title="行号锚点",
        description="跳到条目所在的行（GitLab、GitHub、Gitea 的文件页都认 #L12）；不支持时写空字符串",
    )
    public: bool = Field(
        False,
        title="公开版也显示",
        description="公开版默认不显示本行（内网仓库地址和维护人不宜公开）；写 true 则公开版也显示",
    )
    courts: dict[Id, RepositorySettings] = Field(
        default_factory=dict,
        title="各法院的仓库",
        description="法院标识 → 该院自己的 repo_url、edit_uri、liaison 等，未写的沿用上面的设置",
    )

    def for_court(self, court: str | None) -> RepositorySettings:
        """This court's settings, each unset value taken from the site-wide ones."""
        own = self.courts.get(court or "")
        if own is None:
            return self
        merged = {
            name: getattr(own, name) if getattr(own, name) is not None else getattr(self, name)
            for name in RepositorySettings.model_fields
        }
        return RepositorySettings(**merged)


class ProjectSettings(Entry):
    """`extra.showcase` in mkdocs.yml."""

    brands_dir: str = Field("brands", title="品牌资料目录", description="相对项目根目录")
    tracking: TrackingSettings = Field(default_factory=TrackingSettings, title="跟踪问效看板的阈值")
    edit: EditSettings = Field(default_factory=EditSettings, title="“编辑此页”链接与维护人")
    owner: Id | None = Field(
        None,
        title="网站所属单位",
        description=(
            "法院或品牌创建活动的标识，如 guiping；页头显示它的名称和机关总品牌标识，页脚写明由它维护。"
            "不写时取唯一的顶层法院"
        ),
    )
    contact: str | None = Field(None, title="联系方式", description="页脚显示的联系部门或电话，如 机关党委办公室")
    sample: bool = Field(
        False, title="演示样例", description="true：全站资料是演示样例，每页顶部显示一行提示；正式资料不写或写 false"
    )


class _Composer(yaml.SafeLoader):
    """Composes mkdocs.yml into nodes only: its `!!python/object` and `!ENV` tags are never run."""


def read_settings(config_file: Path, root: Path | None = None) -> tuple[ProjectSettings, list[Problem]]:
    """`extra.showcase` of a mkdocs.yml with a line for every problem; defaults when it has none,
    or when there is no mkdocs.yml at all (a project of data only, as the commands may be given)."""
    display = display_path(config_file, root or config_file.parent)
    if not config_file.exists():
        return ProjectSettings(), []
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ProjectSettings(), [
            Problem(display, 0, "无法读取网站配置文件", f"检查 {CONFIG_FILE} 是否存在、是否为 UTF-8 编码", "settings")
        ]
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return ProjectSettings(), [
            Problem(
                display,
                (mark.line + 1) if mark else 0,
                "网站配置文件有 YAML 语法错误",
                "检查本行及上一行的缩进、冒号和引号",
                "settings",
            )
        ]
    document, problems = build_subtree(node, ("extra", "showcase"), config_file, display)
    if document is None or problems:
        return ProjectSettings(), problems
    settings, problems = validate_document(document, ProjectSettings)
    return (settings or ProjectSettings()), [_in_extra(p) for p in problems]


def _in_extra(problem: Problem) -> Problem:
    """Messages say where the setting lives: extra.showcase in mkdocs.yml."""
    return Problem(
        problem.path,
        problem.line,
        f"extra.showcase 设置：{problem.message}",
        problem.hint,
        problem.code,
        problem.severity,
    )


def read_docs_dir(config_file: Path) -> str:
    """`docs_dir` of a mkdocs.yml (default docs), for commands that find the project's files
    without running MkDocs; the file is only composed, its tags never run."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=_Composer)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "docs"
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if (
                isinstance(key, yaml.ScalarNode)
                and key.value == "docs_dir"
                and isinstance(value, yaml.ScalarNode)
                and value.value.strip()
            ):
                return value.value.strip().strip("/")
    return "docs"
