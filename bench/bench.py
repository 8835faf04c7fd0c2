"""`showcase.py bench`: how the showcase build scales, measured against the floor of its own stack.

For each corpus size N (synthetic courts from `showcase.corpus`), in one run and on the same data:

    (a) our full build          `properdocs build` of the corpus project, with both hooks
    (b) the plain-MkDocs floor  MkDocs + Material, no hooks, on Markdown files holding the very
                                pages (a) renders: same page count, text and navigation grouping
    (c) validation alone        `load_catalog`, the work `showcase.py validate` does
    (d) the bare parse          PyYAML's C loader on the same YAML files and case front matter

Each is a child process, measured from outside: wall time and peak RSS (from `os.wait4`), plus
output bytes and bytes per page for the builds. (a) and (b) alternate so both see the same
machine; the median of `runs` is reported. Then the search as a browser sees it (bytes of
search data fetched before the first hit, gzip-compressed as an intranet server sends it, and
milliseconds to that hit in headless Chromium), and the court-scoped preview: how long after
a brand file is saved `properdocs serve` shows the changed page. Both builds use the runner
of showcase.publishing.runner (SHOWCASE_RUNNER=mkdocs times MkDocs instead).

Nothing here is imported by the site build; the figures are printed, not asserted by tests.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from bench import corpus
from bench.search_probe import CHROMIUM, CHROMIUM_ARGS, probe
from showcase.core.loader import Layout, load_valid_catalog
from showcase.core.settings import PREVIEW_COURT_ENV
from showcase.publishing.runner import runner_command, runner_main_code
from showcase.sharding import read_record
from showcase.site import SiteOptions, build_site
from showcase.site.nav import NavNode, build_nav, mkdocs_nav
from showcase.tracking import DASHBOARD_SRC, STYLESHEET_SRC, Thresholds, dashboard_page, stylesheet

REPO = Path(__file__).resolve().parent.parent

# Targets of issue 4, checked at the largest N.
BUILD_RATIO_MAX = 1.25  # (a) / (b)
VALIDATION_RATIO_MAX = 3.0  # (c) / (d)
BYTES_PER_PAGE_GROWTH_MAX = 1.3  # bytes/page at the largest N / at the smallest
PEAK_RSS_MAX = 1.5 * 1024**3
SEARCH_BYTES_MAX = 1.5 * 1024**2
SEARCH_MS_MAX = 500
PREVIEW_S_MAX = 3.0


@dataclass
class Run:
    wall: float  # seconds
    peak_rss: int  # bytes
    output: str = ""


@dataclass
class SiteFigures:
    runs: list[Run]
    bytes: int
    pages: int

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def peak_rss(self) -> int:
        return int(statistics.median(r.peak_rss for r in self.runs))

    @property
    def bytes_per_page(self) -> float:
        return self.bytes / max(self.pages, 1)


@dataclass
class WorkFigures:
    runs: list[Run]
    work: list[float]  # seconds spent on the work itself, as the child measured it

    @property
    def wall(self) -> float:
        return statistics.median(r.wall for r in self.runs)

    @property
    def seconds(self) -> float:
        return statistics.median(self.work)

    @property
    def peak_rss(self) -> int:
        return int(statistics.median(r.peak_rss for r in self.runs))


@dataclass
class SearchFigures:
    query: str
    expected: str | None  # URL path of the page that must come first; None: not judged
    first: str | None
    cold_ms: float | None  # typing → first hit, on a page just loaded
    warm_ms: float | None  # the same on a page that has searched before
    gzip_bytes: int
    raw_bytes: int

    @property
    def correct(self) -> bool:
        return self.first == self.expected


@dataclass
class Figures:
    courts: int
    ours: SiteFigures
    floor: SiteFigures
    validation: WorkFigures
    parse: WorkFigures
    linted: WorkFigures
    search: list[SearchFigures] = field(default_factory=list)
    floor_search: list[SearchFigures] = field(default_factory=list)
    preview_s: float | None = None
    preview_start_s: float | None = None


# ---------------------------------------------------------------------------- measuring


# Peak RSS is read by the child itself at exit (VmHWM of its own address space). The parent's
# rusage (ru_maxrss from wait4) is no good: Linux carries the forking parent's peak over into the
# child across exec, so every small child would "use" as much memory as the bench itself. The
# file's variable has no SHOWCASE_ prefix: `build` takes every SHOWCASE_ variable as an input of
# the pages, so a new file name on every run would make every shard run again.
PEAK_ENV = "BENCH_PEAK_FILE"
PEAK_PREAMBLE = f"""
import atexit, os
def _report_peak():
    with open("/proc/self/status") as status, open(os.environ["{PEAK_ENV}"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_report_peak)
"""


def measured(code: str, args: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run Python `code` with `args` in a child to completion: its wall time, peak RSS and output."""
    with tempfile.NamedTemporaryFile("r", prefix="bench-peak-", delete=False) as peak_file:
        peak_path = Path(peak_file.name)
    child_env = dict(env if env is not None else os.environ, **{PEAK_ENV: str(peak_path)})
    command = [sys.executable, "-c", PEAK_PREAMBLE + code, *args]
    start = time.perf_counter()
    try:
        result = subprocess.run(
            command, cwd=cwd, env=child_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False
        )
        wall = time.perf_counter() - start
        peak_kib = peak_path.read_text().strip()
    finally:
        peak_path.unlink(missing_ok=True)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(args)} 失败（退出码 {result.returncode}）：\n{result.stdout[-3000:]}")
    return Run(wall, int(peak_kib or 0) * 1024, result.stdout)


class BenchError(RuntimeError):
    pass


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes of all files, number of HTML pages) under folder."""
    total = pages = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            pages += path.suffix == ".html"
    return total, pages


def build(project: Path, site: Path) -> Run:
    if site.exists():
        shutil.rmtree(site)
    env = {k: v for k, v in os.environ.items() if k not in ("SHOWCASE_AUDIENCE", "SHOWCASE_OFFLINE", PREVIEW_COURT_ENV)}
    return measured(
        runner_main_code(), ["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project, env
    )


# (c) is the data contract: schema, cross-references, derived metrics (`Loader.load`). The
# privacy lint `showcase.py validate` adds is timed separately (LINTED) and shown beside it.
VALIDATE = """
import sys, time
from pathlib import Path
from showcase.core.loader import Layout, Loader
start = time.perf_counter()
loader = Loader(Layout(Path(sys.argv[1])))
loader.load()
errors = [p for p in loader.problems if p.severity == "error"]
assert not errors, errors[:3]
print(time.perf_counter() - start)
"""

LINTED = """
import sys, time
from pathlib import Path
from showcase.core.loader import Layout, load_catalog
start = time.perf_counter()
catalog, problems = load_catalog(Layout(Path(sys.argv[1])))
assert not [p for p in problems if p.severity == "error"]
print(time.perf_counter() - start)
"""

PARSE = """
import sys, time
from pathlib import Path
import yaml
start = time.perf_counter()
root = Path(sys.argv[1])
for path in sorted((root / "brands").rglob("*.yml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CLoader)
for path in sorted((root / "docs" / "cases").rglob("*.md")):
    text = path.read_text(encoding="utf-8")
    yaml.load(text.split("---", 2)[1], Loader=yaml.CLoader)
print(time.perf_counter() - start)
"""


def work(script: str, project: Path) -> tuple[Run, float]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    run = measured(script, [str(project)], REPO, env)
    return run, float(run.output.strip().splitlines()[-1])


# ---------------------------------------------------------------------------- the floor


def write_floor(project: Path, out: Path) -> int:
    """A plain MkDocs + Material project with the pages our build renders from `project`, as
    Markdown: the generated pages, the case write-ups with their header and footer, the tracking
    dashboard, the same nav, assets and media. Returns the number of Markdown pages."""

    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    shutil.copytree(project / "docs" / "assets", docs / "assets")
    catalog = load_valid_catalog(Layout(project))
    site = build_site(catalog, SiteOptions())
    count = 0

    def page(src_uri: str, text: str) -> None:
        nonlocal count
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        count += 1

    for generated in site.pages:
        page(generated.src_uri, generated.markdown)
    for case in catalog.cases.values():
        decoration = site.cases[case.src_uri]
        front = yaml.safe_dump(
            {"title": decoration.title, "tags": list(dict.fromkeys(decoration.tags))}, allow_unicode=True
        )
        page(case.src_uri, f"---\n{front}---\n\n{decoration.header}\n\n{case.body}\n\n{decoration.footer}\n")
    page(DASHBOARD_SRC, dashboard_page(catalog, Thresholds(), git_root=project))
    (docs / STYLESHEET_SRC).write_text(stylesheet(), encoding="utf-8")
    for media in site.media:
        target = docs / media.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(media.source, target)
    nav = mkdocs_nav(build_nav(catalog, extra_tabs=[NavNode("跟踪问效", DASHBOARD_SRC)]))
    config = yaml.safe_load(FLOOR_CONFIG)
    config["nav"] = nav
    config["extra_css"] = ["assets/showcase.css", STYLESHEET_SRC]
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


# Our mkdocs.yml without hooks: the theme, plugins and Markdown extensions the pages need.
FLOOR_CONFIG = r"""
site_name: 党建品牌矩阵展示（纯 MkDocs 对照）
docs_dir: docs
use_directory_urls: true
theme:
  name: material
  language: zh
  font: false
  features:
    [navigation.tabs, navigation.sections, navigation.indexes, navigation.prune, navigation.top,
     search.highlight, content.tooltips]
  palette: {primary: red, accent: red}
plugins:
  - search:
      lang: zh
      separator: '[\s\u200b\-]+'
  - tags
markdown_extensions: [attr_list, md_in_html, tables, toc, admonition, pymdownx.highlight, pymdownx.superfences]
validation:
  nav: {omitted_files: info, not_found: warn}
  links: {not_found: info, anchors: info, unrecognized_links: info}
"""


# ---------------------------------------------------------------------------- search and preview


def corpus_queries(courts: int) -> list[tuple[str, str]]:
    """Queries a reader of the corpus would type → the page that must come first. Each names one
    entity only (carrier names repeat across courts of a region, so none is asked for here)."""
    last = courts - 1
    region = corpus.city(last)
    return [
        (f"{region}先进{courts}-2", f"people/court-{last:03d}-person-1/"),
        (f"{region}第{courts}基层人民法院", f"courts/court-{last:03d}/"),
        (f"{region}{courts}院", f"courts/court-{last:03d}/"),
    ]


# The floor's baseline: one query Material's own search answers (its lunr finds nothing for the
# digits in the corpus names, a bug our worker works around), so only its bytes and times count.
FLOOR_QUERIES = [("主题党日", None)]


def measure_search(site: Path, queries: Sequence[tuple[str, str | None]]) -> list[SearchFigures]:

    results = probe(site, [q for q, _ in queries])
    figures = []
    for (query, expected), result in zip(queries, results, strict=True):
        figures.append(
            SearchFigures(
                query, expected, result.first_path, result.cold_ms, result.warm_ms, result.gzip_bytes, result.raw_bytes
            )
        )
    return figures


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(project: Path, court: str) -> Iterator[tuple[str, float]]:
    """`properdocs serve` of one court of the project; yields its URL and how long it took to start."""
    port = free_port()
    env = dict(os.environ, **{PREVIEW_COURT_ENV: court})
    start = time.perf_counter()
    server = subprocess.Popen(
        runner_command("serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"),
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_until(lambda: _fetch(url) is not None, 600)
        yield url, time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(30)


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_until(ready: Callable[[], bool], timeout: float, step: float = 0.05) -> None:
    deadline = time.perf_counter() + timeout
    while not ready():
        if time.perf_counter() > deadline:
            raise BenchError(f"等待超过 {timeout:.0f} 秒")
        time.sleep(step)


def measure_preview(project: Path, courts: int) -> tuple[float, float]:
    """(seconds to start the court-scoped preview, seconds from saving a brand file to the
    changed text showing in the browser page that was open on it, reloaded by livereload)."""

    court = f"court-{courts // 2:03d}"
    brand_id = f"{court}-brand-00"
    source = project / "brands" / "courts" / court / "brands" / f"{brand_id}.yml"
    original = source.read_text(encoding="utf-8")
    marker = f"预览基准{time.time_ns() % 10**9}"
    try:
        with serving(project, court) as (url, started), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"{url}brands/{brand_id}/")
            page.wait_for_load_state("load")
            time.sleep(1.0)  # let livereload connect, as it has long before anyone saves
            data = yaml.safe_load(original)
            saved = time.perf_counter()
            source.write_text(original.replace(data["concept"], data["concept"] + marker, 1), encoding="utf-8")
            page.wait_for_function(
                f"() => document.body && document.body.innerText.includes({marker!r})", timeout=60_000
            )
            shown = time.perf_counter() - saved
            browser.close()
        return started, shown
    finally:
        source.write_text(original, encoding="utf-8")


# ---------------------------------------------------------------------------- the run


def prepare(courts: int, workdir: Path, floor: bool = True) -> tuple[Path, Path]:
    project = workdir / f"corpus-{courts}"
    corpus.generate(courts, project, REPO)
    floor_project = workdir / f"floor-{courts}"
    if floor:
        write_floor(project, floor_project)
    return project, floor_project


def measure(courts: int, workdir: Path, runs: int, say: Callable[[str], None], browser: bool = True) -> Figures:
    say(f"N={courts}：生成合成数据与纯 MkDocs 对照项目…")
    project, floor = prepare(courts, workdir)
    ours_runs, floor_runs = [], []
    for i in range(runs):
        ours_runs.append(build(project, workdir / f"site-{courts}"))
        floor_runs.append(build(floor, workdir / f"floor-site-{courts}"))
        say(f"  第 {i + 1} 轮：本项目 {ours_runs[-1].wall:.1f} s，纯 MkDocs {floor_runs[-1].wall:.1f} s")
    validation_runs, parse_runs, linted_runs = [], [], []
    for _ in range(runs):
        validation_runs.append(work(VALIDATE, project))
        parse_runs.append(work(PARSE, project))
        linted_runs.append(work(LINTED, project))
    figures = Figures(
        courts,
        SiteFigures(ours_runs, *tree_size(workdir / f"site-{courts}")),
        SiteFigures(floor_runs, *tree_size(workdir / f"floor-site-{courts}")),
        WorkFigures([r for r, _ in validation_runs], [s for _, s in validation_runs]),
        WorkFigures([r for r, _ in parse_runs], [s for _, s in parse_runs]),
        WorkFigures([r for r, _ in linted_runs], [s for _, s in linted_runs]),
    )
    if browser:
        say("  浏览器中搜索…")
        queries = corpus_queries(courts)
        figures.search = measure_search(workdir / f"site-{courts}", queries)
        figures.floor_search = measure_search(workdir / f"floor-site-{courts}", FLOOR_QUERIES)
        say("  按法院预览：保存品牌文件到页面更新…")
        figures.preview_start_s, figures.preview_s = measure_preview(project, courts)
    return figures


# ---------------------------------------------------------------------------- the report


def mb(value: float) -> str:
    return f"{value / 1024**2:,.1f} MB"


def kb(value: float) -> str:
    return f"{value / 1024:,.1f} KB"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


def search_cell(figures: list[SearchFigures], what: str) -> str:
    if not figures:
        return "—"
    if what == "bytes":
        return kb(max(f.gzip_bytes for f in figures))
    if what == "raw":
        return kb(max(f.raw_bytes for f in figures))
    if what in ("ms", "warm"):
        times = [f.cold_ms if what == "ms" else f.warm_ms for f in figures]
        return f"{max(t for t in times if t is not None):,.0f} ms" if all(t is not None for t in times) else "无结果"
    judged = [f for f in figures if f.expected is not None]
    return f"{sum(f.correct for f in judged)}/{len(judged)}" if judged else "—"


def rows(f: Figures) -> list[tuple[str, str, float | None]]:
    """(label, shown value, number used for growth) for one N."""
    return [
        ("页面数（本项目 / 对照）", f"{f.ours.pages:,} / {f.floor.pages:,}", f.ours.pages),
        ("(a) 本项目完整构建", f"{f.ours.wall:.1f} s", f.ours.wall),
        ("(b) 纯 MkDocs + Material 下限", f"{f.floor.wall:.1f} s", f.floor.wall),
        ("a/b（目标 ≤ 1.25×）", ratio(f.ours.wall, f.floor.wall), f.ours.wall / f.floor.wall),
        (
            "(c) 仅校验数据契约（工作时间 / 进程）",
            f"{f.validation.seconds:.2f} s / {f.validation.wall:.2f} s",
            f.validation.seconds,
        ),
        ("(d) PyYAML C 解析（工作时间 / 进程）", f"{f.parse.seconds:.2f} s / {f.parse.wall:.2f} s", f.parse.seconds),
        (
            "c/d 工作时间（目标 ≤ 3×）",
            ratio(f.validation.seconds, f.parse.seconds),
            f.validation.seconds / f.parse.seconds,
        ),
        (
            "validate 命令（校验 + 隐私检查）/ (d)",
            f"{f.linted.seconds:.2f} s，{ratio(f.linted.seconds, f.parse.seconds)}",
            f.linted.seconds,
        ),
        ("峰值内存 (a) / (b)（目标 ≤ 1.5 GB）", f"{mb(f.ours.peak_rss)} / {mb(f.floor.peak_rss)}", f.ours.peak_rss),
        ("峰值内存 (c) / (d)", f"{mb(f.validation.peak_rss)} / {mb(f.parse.peak_rss)}", f.validation.peak_rss),
        ("输出 (a) / (b)", f"{mb(f.ours.bytes)} / {mb(f.floor.bytes)}", f.ours.bytes),
        ("每页字节 (a) / (b)", f"{kb(f.ours.bytes_per_page)} / {kb(f.floor.bytes_per_page)}", f.ours.bytes_per_page),
        (
            "首个结果前的搜索数据 gzip (a) / (b)（目标 ≤ 1.5 MB）",
            f"{search_cell(f.search, 'bytes')} / {search_cell(f.floor_search, 'bytes')}",
            None,
        ),
        (
            "首个结果前的搜索数据未压缩 (a) / (b)",
            f"{search_cell(f.search, 'raw')} / {search_cell(f.floor_search, 'raw')}",
            None,
        ),
        (
            "首个结果用时，冷启动 (a) / (b)（目标 ≤ 500 ms）",
            f"{search_cell(f.search, 'ms')} / {search_cell(f.floor_search, 'ms')}",
            None,
        ),
        ("再次搜索用时 (a) / (b)", f"{search_cell(f.search, 'warm')} / {search_cell(f.floor_search, 'warm')}", None),
        ("首条命中正确 (a) / (b)", f"{search_cell(f.search, 'ok')} / {search_cell(f.floor_search, 'ok')}", None),
        ("按法院预览：启动", f"{f.preview_start_s:.1f} s" if f.preview_start_s is not None else "—", None),
        ("按法院预览：保存到页面更新（目标 ≤ 3 s）", f"{f.preview_s:.2f} s" if f.preview_s is not None else "—", None),
    ]


def report(results: list[Figures]) -> str:
    table = [rows(f) for f in results]
    header = ["指标"] + [f"N={f.courts}" for f in results] + (["增长"] if len(results) > 1 else [])
    lines = [header]
    for i, (label, *_rest) in enumerate(table[0]):
        line = [label] + [t[i][1] for t in table]
        if len(results) > 1:
            first, last = table[0][i][2], table[-1][i][2]
            line.append(f"{last / first:.2f}×" if first and last is not None else "")
        lines.append(line)
    widths = [max(_width(line[c]) for line in lines) for c in range(len(header))]
    text = "\n".join(
        "  ".join(cell + " " * (widths[c] - _width(cell)) for c, cell in enumerate(line)).rstrip() for line in lines
    )
    return text + "\n\n" + "\n".join(verdicts(results))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def verdicts(results: list[Figures]) -> list[str]:
    big, small = results[-1], results[0]
    checks = [
        (f"N={big.courts} 构建 ≤ {BUILD_RATIO_MAX}× 纯 MkDocs", big.ours.wall / big.floor.wall <= BUILD_RATIO_MAX),
        (
            f"N={big.courts} 校验 ≤ {VALIDATION_RATIO_MAX:g}× 裸解析",
            big.validation.seconds / big.parse.seconds <= VALIDATION_RATIO_MAX,
        ),
        (
            f"每页字节 N={big.courts} ≤ {BYTES_PER_PAGE_GROWTH_MAX}× N={small.courts}",
            big.ours.bytes_per_page <= BYTES_PER_PAGE_GROWTH_MAX * small.ours.bytes_per_page,
        ),
        (f"N={big.courts} 峰值内存 ≤ 1.5 GB", big.ours.peak_rss <= PEAK_RSS_MAX),
    ]
    if big.search:
        checks += [
            ("首个结果前搜索数据 ≤ 1.5 MB", all(f.gzip_bytes <= SEARCH_BYTES_MAX for f in big.search)),
            ("首个结果 ≤ 500 ms", all(f.cold_ms is not None and f.cold_ms <= SEARCH_MS_MAX for f in big.search)),
            ("示例查询首条命中正确", all(f.correct for f in big.search)),
        ]
    if big.preview_s is not None:
        checks.append((f"预览 ≤ {PREVIEW_S_MAX:g} s", big.preview_s <= PREVIEW_S_MAX))
    return [f"{'✓' if ok else '✗'} {label}" for label, ok in checks]


def all_met(results: list[Figures]) -> bool:
    return all(line.startswith("✓") for line in verdicts(results))


# ---------------------------------------------------------------------------- sharded builds (issue 16)

# Targets of issue 16.
SHARDED_FLOOR_RATIO_MAX = 0.65  # sharded build with --jobs 2 / the floor, at the smallest N
SHARDED_WALL_GROWTH_MAX = 12.0  # sharded wall at the largest N / at the smallest
EDIT_REBUILD_S_MAX = 15.0  # one brand edited at the smallest N: rebuilt and merged
SHARD_JOBS = 2
SCRIPT = REPO / "scripts" / "showcase.py"


@dataclass
class ShardedFigures:
    courts: int
    floor: SiteFigures | None  # None: not measured at this size (--floor-sizes)
    wall: float  # `showcase.py build --jobs 2`, fresh work folder: reading, shards, merge
    shards: int
    peak_rss: list[int]  # of every process: the build command (reading, the merge), then each shard
    bytes: int
    pages: int
    edit_s: float | None = None  # one brand edited, rebuilt and merged (smallest N)
    edit_built: int | None = None  # shards that ran again for the edit
    search: list[SearchFigures] = field(default_factory=list)

    @property
    def bytes_per_page(self) -> float:
        return self.bytes / max(self.pages, 1)


def sharded_build(project: Path, out: Path, work_dir: Path) -> tuple[Run, list[int], int]:
    """`showcase.py build --jobs 2` as a user runs it: wall, peak RSS of the command and of every
    shard (each shard records its own), and how many shards ran (the others were unchanged)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SHOWCASE_AUDIENCE", "SHOWCASE_OFFLINE", "SHOWCASE_SHARD", PREVIEW_COURT_ENV)
    }
    code = (
        f"import runpy, sys; sys.argv = [{str(SCRIPT)!r}] + sys.argv[1:]; runpy.run_path({str(SCRIPT)!r}, "
        "run_name='__main__')"
    )
    args = ["--root", str(project), "build", "--jobs", str(SHARD_JOBS), "--out", str(out), "--work", str(work_dir)]
    run = measured(code, args, project, env)
    peaks, built = [run.peak_rss], 0
    for folder in sorted(work_dir.glob("shard-*")):
        if folder.is_dir():
            record = read_record(folder)
            peaks.append(record.peak_rss)
    built = sum(1 for line in run.output.splitlines() if line.strip().startswith("分片 ") and "秒，生成" in line)
    return run, peaks, built


def edit_brand(project: Path, courts: int) -> None:
    """What a publicity officer does: one sentence added to one brand's concept."""
    court = f"court-{courts // 2:03d}"
    source = project / "brands" / "courts" / court / "brands" / f"{court}-brand-01.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text.replace(data["concept"], data["concept"] + f"增量构建基准{time.time_ns() % 10**9}。", 1), encoding="utf-8"
    )


def measure_sharded(
    courts: int, workdir: Path, say: Callable[[str], None], *, edit: bool, browser: bool, floor: bool = True
) -> ShardedFigures:
    """The rows of one size. `floor=False` leaves out the plain-MkDocs floor, which no target at
    that size compares with (and which does not run our code: a figure from an earlier run holds)."""
    say(f"N={courts}：生成合成数据" + ("与纯 MkDocs 对照项目…" if floor else "（不测纯 MkDocs 下限）…"))
    project, floor_project = prepare(courts, workdir, floor)
    out, work_dir = workdir / f"sharded-site-{courts}", workdir / f"sharded-work-{courts}"
    for folder in (out, work_dir):
        if folder.exists():
            shutil.rmtree(folder)
    run, peaks, built = sharded_build(project, out, work_dir)
    size, pages = tree_size(out)
    say(
        f"  分片构建（--jobs {SHARD_JOBS}，{built} 个分片）{run.wall:.1f} s，各进程峰值内存 "
        + "、".join(mb(p) for p in peaks)
    )
    floor_figures = None
    if floor:
        floor_run = build(floor_project, workdir / f"floor-site-{courts}")
        say(f"  纯 MkDocs 下限 {floor_run.wall:.1f} s，峰值内存 {mb(floor_run.peak_rss)}")
        floor_figures = SiteFigures([floor_run], *tree_size(workdir / f"floor-site-{courts}"))
    figures = ShardedFigures(
        courts,
        floor_figures,
        run.wall,
        built,
        peaks,
        size,
        pages,
    )
    if edit:
        edit_brand(project, courts)
        again, _, figures.edit_built = sharded_build(project, out, work_dir)
        figures.edit_s = again.wall
        say(f"  改动一个品牌后重建并合并 {again.wall:.1f} s（重建 {figures.edit_built} 个分片）")
    if browser:
        say("  浏览器中搜索…")
        figures.search = measure_search(out, corpus_queries(courts))
    return figures


def sharded_rows(f: ShardedFigures, smallest: ShardedFigures) -> list[tuple[str, str]]:
    return [
        ("页面数（分片合并 / 对照）", f"{f.pages:,} / {f.floor.pages:,}" if f.floor else f"{f.pages:,} / 未测"),
        (
            "纯 MkDocs + Material 下限",
            f"{f.floor.wall:.1f} s，峰值 {mb(f.floor.peak_rss)}" if f.floor else "未测（--floor-sizes）",
        ),
        (f"分片构建 --jobs {SHARD_JOBS}（读取 + 分片 + 合并）", f"{f.wall:.1f} s，{f.shards} 个分片"),
        (
            f"分片构建 / 下限（N={smallest.courts} 目标 ≤ {SHARDED_FLOOR_RATIO_MAX}×）",
            ratio(f.wall, f.floor.wall) if f.floor else "—",
        ),
        (
            f"分片构建 / N={smallest.courts} 的分片构建（目标 ≤ {SHARDED_WALL_GROWTH_MAX:g}×）",
            ratio(f.wall, smallest.wall),
        ),
        ("各进程峰值内存最大（目标 ≤ 1.5 GB）", f"{mb(max(f.peak_rss))}（命令 {mb(f.peak_rss[0])}）"),
        ("输出", mb(f.bytes)),
        (
            f"每页字节（目标 ≤ {BYTES_PER_PAGE_GROWTH_MAX}× N={smallest.courts}）",
            f"{kb(f.bytes_per_page)}，{ratio(f.bytes_per_page, smallest.bytes_per_page)}",
        ),
        (
            f"改动一个品牌：重建并合并（目标 ≤ {EDIT_REBUILD_S_MAX:g} s）",
            f"{f.edit_s:.1f} s，重建 {f.edit_built}/{f.shards} 个分片" if f.edit_s is not None else "—",
        ),
        ("首个结果前的搜索数据 gzip（目标 ≤ 1.5 MB）", search_cell(f.search, "bytes")),
        ("首个结果用时，冷启动（目标 ≤ 500 ms）", search_cell(f.search, "ms")),
        ("首条命中正确", search_cell(f.search, "ok")),
    ]


def sharded_report(results: list[ShardedFigures]) -> str:
    smallest = results[0]
    table = [sharded_rows(f, smallest) for f in results]
    lines = [["指标"] + [f"N={f.courts}" for f in results]]
    for i, (label, _) in enumerate(table[0]):
        lines.append([label] + [t[i][1] for t in table])
    widths = [max(_width(line[c]) for line in lines) for c in range(len(lines[0]))]
    text = "\n".join(
        "  ".join(cell + " " * (widths[c] - _width(cell)) for c, cell in enumerate(line)).rstrip() for line in lines
    )
    return text + "\n\n" + "\n".join(sharded_verdicts(results))


def sharded_verdicts(results: list[ShardedFigures]) -> list[str]:
    small, big = results[0], results[-1]
    checks = [
        (
            f"N={small.courts} 分片构建 ≤ {SHARDED_FLOOR_RATIO_MAX}× 下限",
            small.floor is not None and small.wall <= SHARDED_FLOOR_RATIO_MAX * small.floor.wall,
        )
    ]
    if small.edit_s is not None:
        checks.append(
            (
                f"N={small.courts} 改动一个品牌后重建并合并 ≤ {EDIT_REBUILD_S_MAX:g} s",
                small.edit_s <= EDIT_REBUILD_S_MAX,
            )
        )
    if big is not small:
        checks += [
            (f"N={big.courts} 每个进程峰值内存 ≤ 1.5 GB", max(big.peak_rss) <= PEAK_RSS_MAX),
            (
                f"N={big.courts} 总用时 ≤ {SHARDED_WALL_GROWTH_MAX:g}× N={small.courts}",
                big.wall <= SHARDED_WALL_GROWTH_MAX * small.wall,
            ),
            (
                f"每页字节 N={big.courts} ≤ {BYTES_PER_PAGE_GROWTH_MAX}× N={small.courts}",
                big.bytes_per_page <= BYTES_PER_PAGE_GROWTH_MAX * small.bytes_per_page,
            ),
        ]
    if big.search:
        checks += [
            (f"N={big.courts} 首个结果前搜索数据 ≤ 1.5 MB", all(f.gzip_bytes <= SEARCH_BYTES_MAX for f in big.search)),
            (
                f"N={big.courts} 首个结果 ≤ 500 ms",
                all(f.cold_ms is not None and f.cold_ms <= SEARCH_MS_MAX for f in big.search),
            ),
            (f"N={big.courts} 示例查询首条命中正确", all(f.correct for f in big.search)),
        ]
    return [f"{'✓' if ok else '✗'} {label}" for label, ok in checks]
