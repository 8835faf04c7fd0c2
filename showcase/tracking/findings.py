"""跟踪问效: is each brand alive and working? The party office's dashboard, and its CSV.

Per brand: when its files last changed (git history), how long since its last dated update,
what content is missing (case, carrier, figures for the year), which figures lie outside their
reasonable range, and how far its cases got in selections (推荐 / 入选 / 获评). Per court:
branches without a brand (organisation[year].branches against brands) and brands without a case.

Thresholds come from mkdocs.yml, `extra: showcase: tracking:`. "Today" is a parameter so tests
and reports can be reproduced. The dashboard is internal: public builds never show it.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import datetime as dt
import io
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from showcase.core.catalog import Catalog
from showcase.core.model import Brand, Court
from showcase.core.spreadsheet import safe_cell
from showcase.core.validate import suggest

OUTCOMES = ("推荐", "入选", "获评")  # selection outcomes, in the order a case moves through them
NOT_SUBMITTED = "未参评"
RETIRED_STAGE = "撤销"  # a revoked brand is listed but never flagged
TEMPLATES = Path(__file__).parent / "templates"


class TrackingConfigError(ValueError):
    """Bad thresholds in mkdocs.yml; the message is Chinese and names the setting."""


# --------------------------------------------------------------------------- thresholds


@dataclass(frozen=True)
class Thresholds:
    stale_days: int = 90  # 最近一条动态距今超过这么多天：久未更新
    untouched_days: int = 180  # 品牌资料文件超过这么多天未改动：资料久未维护
    figures_year: int | None = None  # 检查哪一年的指标是否已填；默认为当年

    def year(self, today: dt.date) -> int:
        return self.figures_year or today.year


THRESHOLD_LABELS = {
    "stale_days": "动态久未更新的天数",
    "untouched_days": "资料久未改动的天数",
    "figures_year": "检查指标的年份",
}


def thresholds_from_config(config: Any) -> Thresholds:
    """Thresholds from the `extra.showcase.tracking` mapping of mkdocs.yml (None: defaults)."""
    if config is None:
        return Thresholds()
    where = "mkdocs.yml 的 extra.showcase.tracking"
    if not isinstance(config, dict):
        raise TrackingConfigError(f"{where} 应为“键: 值”形式，如 stale_days: 90")
    known = [f.name for f in fields(Thresholds)]
    values: dict[str, Any] = {}
    for key, value in config.items():
        if key not in known:
            guess = suggest(str(key), known)
            raise TrackingConfigError(f"{where} 中有未知设置“{key}”" + (f"，是否想写“{guess}”？" if guess else f"；可用设置：{'、'.join(known)}"))
        if value is None and key == "figures_year":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < (1949 if key == "figures_year" else 1):
            raise TrackingConfigError(f"{where} 中的 {key}（{THRESHOLD_LABELS[key]}）应为正整数，现为“{value}”")
        values[key] = value
    return Thresholds(**values)


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV or !!python/name tags; thresholds never need them."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_thresholds(root: Path) -> Thresholds:
    """Thresholds from the project's mkdocs.yml; defaults when it has none."""
    path = root / "mkdocs.yml"
    if not path.is_file():
        return Thresholds()
    try:
        config = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_LenientLoader) or {}
    except yaml.YAMLError as error:
        raise TrackingConfigError(f"mkdocs.yml 无法解析：{error}") from None
    extra = config.get("extra") if isinstance(config, dict) else None
    showcase = extra.get("showcase") if isinstance(extra, dict) else None
    return thresholds_from_config(showcase.get("tracking") if isinstance(showcase, dict) else None)


# --------------------------------------------------------------------------- when files last changed

GIT = "git"
SOURCE_GIT, SOURCE_UNCOMMITTED, SOURCE_MTIME = "git", "未提交的修改", "文件修改时间"


@dataclass
class ChangeDates:
    """Last change date per file, and how it was found."""

    dates: dict[Path, dt.date] = field(default_factory=dict)
    sources: dict[Path, str] = field(default_factory=dict)
    note: str = ""  # said on the dashboard when the dates are not from git history

    def of(self, paths: Iterable[Path]) -> tuple[dt.date | None, str]:
        """The latest change among `paths`, with its source."""
        best: tuple[dt.date, str] | None = None
        for path in paths:
            key = path.resolve()
            if key not in self.dates:
                self._mtime(key)
            if key in self.dates and (best is None or self.dates[key] > best[0]):
                best = (self.dates[key], self.sources[key])
        return best if best else (None, "")

    def _mtime(self, path: Path, source: str = SOURCE_MTIME) -> None:
        try:
            self.dates[path] = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
        except OSError:
            return
        self.sources[path] = source


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        result = subprocess.run([GIT, "-c", "core.quotePath=false", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def change_dates(root: Path, folders: Iterable[Path]) -> ChangeDates:
    """Last commit date of every file below `folders`, from one `git log` pass.

    Files with uncommitted changes, files git does not know, and every file when `root` is not
    in a git repository, fall back to the file's modification time — and the note says so.
    """
    dates = ChangeDates()
    root = root.resolve()
    head = _git(["rev-parse", "--show-toplevel", "--is-shallow-repository"], root)
    if head is None:
        dates.note = "项目不在 git 仓库中（或未安装 git），改动日期按文件修改时间计算，仅供参考。"
        return dates
    top_line, _, shallow = head.strip().partition("\n")
    top = Path(top_line).resolve()
    specs = [folder.resolve().relative_to(top).as_posix() for folder in folders if folder.exists() and folder.resolve().is_relative_to(top)]
    if not specs:
        return dates
    log = _git(["log", "--format=%x1e%cI", "--name-only", "--", *specs], top)
    if log is None:  # e.g. a repository without commits yet
        dates.note = "git 仓库中还没有提交记录，改动日期按文件修改时间计算。"
        return dates
    current: dt.date | None = None
    for line in log.split("\n"):  # not splitlines(): it would split at the \x1e marker too
        if line.startswith("\x1e"):
            current = dt.datetime.fromisoformat(line[1:].strip()).date()
        elif line.strip() and current is not None:
            path = (top / line.strip()).resolve()
            if path not in dates.dates:  # newest commit first: the first date seen is the last change
                dates.dates[path] = current
                dates.sources[path] = SOURCE_GIT
    status = _git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *specs], top) or ""
    entries = status.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":  # a rename carries its old path as the next entry
            index += 1
        dates._mtime((top / entry[3:]).resolve(), SOURCE_UNCOMMITTED)
    if shallow.strip() == "true":
        dates.note = "当前是浅克隆（shallow clone），较早的提交不在本地，改动日期可能偏晚。"
    return dates


# --------------------------------------------------------------------------- findings


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
        return f"{self.branches_with_brand}/{self.branches}" if self.branches is not None else f"{self.branches_with_brand}/？"


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


def brand_files(catalog: Catalog, brand: Brand) -> list[Path]:
    """The files that make up a brand's content: its YAML and its case write-ups."""
    files = [catalog.documents[("brand", brand.id)].path] if ("brand", brand.id) in catalog.documents else []
    return files + [case.source for case in catalog.cases_of_brand(brand.id)]


def findings(catalog: Catalog, git_root: Path | None, thresholds: Thresholds, today: dt.date, dates: ChangeDates | None = None) -> tuple[list[BrandRow], list[CourtRow]]:
    """One row per brand and per court, sorted by court and name.

    `git_root` is where to look for git history (usually the project root); None skips git and
    uses file modification times. Pass `dates` to reuse change dates already computed.
    """
    if dates is None:
        folders = [catalog.root / "brands", catalog.root / "docs"]
        dates = change_dates(git_root, folders) if git_root is not None else ChangeDates(note="未读取 git 历史，改动日期按文件修改时间计算。")
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
        brand_rows.append(
            BrandRow(
                court_id=brand.court,
                court_name=(court.short_name or court.name) if court else brand.court,
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
            )
        )
    brand_rows.sort(key=lambda r: (r.court_id, r.brand_id))
    court_rows = [_court_row(catalog, court, brand_rows) for court in sorted(catalog.courts.values(), key=lambda c: c.id)]
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
        court_name=court.short_name or court.name,
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


# --------------------------------------------------------------------------- CSV

BRAND_COLUMNS: list[tuple[str, Callable[[BrandRow], Any]]] = [
    ("法院", lambda r: r.court_name),
    ("品牌标识", lambda r: r.brand_id),
    ("品牌", lambda r: r.brand_name),
    ("党支部", lambda r: r.branch),
    ("阶段", lambda r: r.stage),
    ("可见范围", lambda r: "内部" if r.visibility == "internal" else "公开"),
    ("联络员", lambda r: r.liaison),
    ("资料最近改动", lambda r: r.last_change.isoformat() if r.last_change else ""),
    ("改动距今天数", lambda r: r.days_since_change),
    ("改动日期来源", lambda r: r.change_source),
    ("最近动态", lambda r: r.last_update),
    ("动态距今天数", lambda r: r.days_since_update),
    ("案例数", lambda r: r.cases),
    ("推荐", lambda r: r.pipeline["推荐"]),
    ("入选", lambda r: r.pipeline["入选"]),
    ("获评", lambda r: r.pipeline["获评"]),
    ("未参评", lambda r: r.pipeline[NOT_SUBMITTED]),
    ("载体数", lambda r: r.carriers),
    ("项目数", lambda r: r.projects),
    ("缺少内容", lambda r: "；".join(r.missing)),
    ("指标越界", lambda r: "；".join(r.out_of_range)),
    ("需关注事项", lambda r: "；".join(r.issues)),
]

COURT_COLUMNS: list[tuple[str, Callable[[CourtRow], Any]]] = [
    ("法院标识", lambda r: r.court_id),
    ("法院", lambda r: r.court_name),
    ("层级", lambda r: r.level),
    ("组织数据年份", lambda r: r.organisation_year),
    ("党支部数", lambda r: r.branches),
    ("已创建品牌的支部数", lambda r: r.branches_with_brand),
    ("未创建品牌的支部数", lambda r: r.branches_without_brand),
    ("品牌覆盖", lambda r: r.coverage),
    ("品牌数", lambda r: r.brands),
    ("无案例的品牌", lambda r: "、".join(r.brands_without_case)),
    ("需关注的品牌数", lambda r: r.attention_brands),
    ("指标越界", lambda r: "；".join(r.out_of_range)),
    ("需关注事项", lambda r: "；".join(r.issues)),
]


def to_csv(rows: list[BrandRow] | list[CourtRow]) -> str:
    """The table as CSV text (brand rows or court rows); write it with encoding utf-8-sig for Excel.

    Names and liaisons are typed by editors: text that a spreadsheet would run as a formula
    gets a leading apostrophe (showcase/spreadsheet.py); counts stay numbers.
    """
    columns: list[tuple[str, Callable[[Any], Any]]] = COURT_COLUMNS if rows and isinstance(rows[0], CourtRow) else BRAND_COLUMNS  # type: ignore[assignment]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF: what Excel writes and expects
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow(["" if (value := get(row)) is None else safe_cell(value) for _, get in columns])
    return out.getvalue()


# --------------------------------------------------------------------------- dashboard page

DASHBOARD_SRC = "tracking/index.md"  # where the hook should place the page (internal builds only)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,  # brand names and liaisons come from edited files
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def dashboard_markdown(
    brand_rows: list[BrandRow],
    court_rows: list[CourtRow],
    *,
    thresholds: Thresholds,
    today: dt.date,
    note: str = "",
    brand_link: Callable[[str], str | None] | None = None,
) -> str:
    """The dashboard page (Markdown with one raw-HTML block; sorting and filtering inlined, no CDN)."""
    env = _environment()
    template = env.get_template("dashboard.md.j2")
    return template.render(
        summary=summarise(brand_rows, court_rows, thresholds, today),
        brands=brand_rows,
        courts=court_rows,
        thresholds=thresholds,
        year=thresholds.year(today),
        today=today,
        note=note,
        link=brand_link or (lambda _id: None),
        outcomes=OUTCOMES,
        not_submitted=NOT_SUBMITTED,
        script=_inline("dashboard.js"),
    )


STYLESHEET_SRC = "assets/tracking.css"  # the hook links it in internal builds (a <style> in <body> is invalid HTML)


def stylesheet() -> str:
    return (TEMPLATES / "dashboard.css").read_text(encoding="utf-8")


def _inline(name: str) -> Markup:
    """A vendored asset to inline; blank lines would end Markdown's raw HTML block early."""
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    return Markup("\n".join(line for line in text.splitlines() if line.strip()))


def summarise(brand_rows: list[BrandRow], court_rows: list[CourtRow], thresholds: Thresholds, today: dt.date) -> dict[str, int]:
    """The dashboard's headline numbers."""
    year = thresholds.year(today)
    return {
        "brands": len(brand_rows),
        "attention": sum(1 for r in brand_rows if r.attention),
        "stale": sum(1 for r in brand_rows if r.days_since_update is not None and r.days_since_update > thresholds.stale_days),
        "silent": sum(1 for r in brand_rows if not r.last_update),
        "untouched": sum(1 for r in brand_rows if r.days_since_change is not None and r.days_since_change > thresholds.untouched_days),
        "no_case": sum(1 for r in brand_rows if r.cases == 0),
        "no_carrier": sum(1 for r in brand_rows if r.carriers == 0),
        "no_figures": sum(1 for r in brand_rows if f"无{year}年指标" in r.missing),
        "out_of_range": sum(1 for r in brand_rows if r.out_of_range),
        "branches_without_brand": sum(r.branches_without_brand or 0 for r in court_rows),
        "brands_without_case": sum(len(r.brands_without_case) for r in court_rows),
    }


def dashboard_page(
    catalog: Catalog,
    thresholds: Thresholds,
    *,
    today: dt.date | None = None,
    git_root: Path | None = None,
    brand_link: Callable[[str], str | None] | None = None,
) -> str:
    """Everything the site hook needs: findings for the full (internal) catalog, rendered."""
    today = today or dt.date.today()
    root = git_root if git_root is not None else catalog.root
    dates = change_dates(root, [catalog.root / "brands", catalog.root / "docs"])
    brand_rows, court_rows = findings(catalog, root, thresholds, today, dates)
    return dashboard_markdown(brand_rows, court_rows, thresholds=thresholds, today=today, note=dates.note, brand_link=brand_link)


# --------------------------------------------------------------------------- command line


def cmd_report(args: argparse.Namespace) -> int:
    from showcase.commands.main import DATA_ERROR, OK, USAGE_ERROR, project_root, say
    from showcase.core.loader import Layout, load_catalog

    root = project_root(args.root)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        say(f"日期“{args.today}”格式不正确 — 写成 2024-03-31")
        return USAGE_ERROR
    try:
        thresholds = read_thresholds(root)
    except TrackingConfigError as error:
        say(str(error))
        return USAGE_ERROR
    # The dashboard is for the party office: always the full catalog, whatever SHOWCASE_AUDIENCE says.
    catalog, problems = load_catalog(Layout(root), "internal")
    errors = [p for p in problems if p.severity == "error"]
    if not catalog.brands and errors:
        say(f"资料有 {len(errors)} 个错误，无法生成报表 — 先运行 python scripts/showcase.py validate")
        return DATA_ERROR
    dates = change_dates(root, [root / "brands", root / "docs"])
    brand_rows, court_rows = findings(catalog, root, thresholds, today, dates)
    text = to_csv(court_rows if args.courts else brand_rows)
    notes = []
    if errors:
        notes.append(f"注意：资料有 {len(errors)} 个错误，出错的条目不在报表中（运行 validate 查看）。")
    if dates.note:
        notes.append(dates.note)
    if args.out:
        out = Path(args.out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8-sig", newline="")  # BOM: Excel on Windows reads it as UTF-8
        except OSError as error:
            say(f"{out}: 无法写入（{error.strerror}）")
            return USAGE_ERROR
        attention = sum(1 for r in brand_rows if r.attention)
        say(f"已写出 {out}：{len(brand_rows)} 个品牌（{attention} 个需关注），{len(court_rows)} 个法院。")
        for note in notes:
            say(note)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
        for note in notes:
            print(note, file=sys.stderr)
    return OK


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    report = command("report", cmd_report, "跟踪问效：输出各品牌（或各法院）的跟踪表，CSV 格式，可用 Excel 打开")
    report.add_argument("--out", metavar="FILE", help="写入文件（UTF-8 带 BOM，Excel 可直接打开）；不写则输出到屏幕")
    report.add_argument("--courts", action="store_true", help="输出法院表（品牌覆盖率、无案例的品牌），而不是品牌表")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天计算距今天数（默认今天）")
