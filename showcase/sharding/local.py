"""`showcase.py build`: the site in shards on this machine, each in its own process, then merged.

    1. the data is read and validated once (errors stop here, as in any build) and left for the
       shards (prepared.py); the number of shards follows the size of the site
    2. each shard is `properdocs build --strict` with SHOWCASE_SHARD=I/N into its own folder under
       the work folder (default .showcase-build/), at most `jobs` at a time. A shard whose inputs
       key (inputs.py) is that of its last build is not started at all; in a shard that runs,
       the folder is the cache: unchanged pages are copied from its last build, not rendered
    3. the merge (merge.py) into the output folder (default site/), replaced only on success

A shard that fails stops the others and the build: the output folder is left as it was. The
same steps run on separate machines as `build --shard I/N --out DIR` and `merge DIR… --out SITE`
(see ci/ for pipelines); `build_one` is the first.
"""

from __future__ import annotations

import ctypes
import gc
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from showcase.assessment import scheme_files
from showcase.audience import load_for_audience
from showcase.core.loader import Layout
from showcase.core.parsecache import ParseCache
from showcase.core.problems import format_report
from showcase.core.settings import (
    AUDIENCE_ENV,
    CONFIG_FILE,
    PUBLIC,
    SHARD_ENV,
    SHARD_PREPARED_ENV,
    SOURCE_DATE_EPOCH_ENV,
    read_docs_dir,
    read_settings,
    whole_site_environment,
)
from showcase.publishing import runner_command
from showcase.sharding.inputs import InputKeys, read_inputs, write_inputs
from showcase.sharding.merge import Merged, MergeError, merge_shards
from showcase.sharding.plan import ShardSpec, default_count
from showcase.sharding.prepared import save_prepared
from showcase.sharding.record import RECORD_DIR, RecordError, peak_rss, read_pages, read_record

WORK = ".showcase-build"
PREPARED = "catalog.pickle"
PARSED = "parsed.pickle"  # the source files as parsed by the last build (core/parsecache.py)
LOG_TAIL = 30


class BuildFailed(Exception):
    """The sharded build stopped; nothing was published. Chinese, fit to show as is."""

    def __init__(self, message: str, data_error: bool = True) -> None:
        super().__init__(message)
        self.data_error = data_error


@dataclass
class ShardRun:
    spec: ShardSpec
    folder: Path
    log: Path
    seconds: float = 0.0
    returncode: int | None = None
    rendered: int = 0
    reused: int = 0
    peak_rss: int = 0
    unchanged: bool = False  # its inputs are those of its last build: not built again


@dataclass
class BuildResult:
    merged: Merged
    shards: list[ShardRun] = field(default_factory=list)
    prepare_seconds: float = 0.0  # reading and validating the data, the inputs keys, the prepared catalog
    seconds: float = 0.0
    merge_seconds: float = 0.0
    peak_rss: int = 0  # this process (reading the data, the merge)


def shard_folder(work: Path, index: int) -> Path:
    return work / f"shard-{index:02d}"


def estimated_pages(brands: Path, docs: Path) -> int:
    """About how many pages the site has, from its files alone (the plan counts them exactly):
    a court's, brand's or person's file makes about two pages, a Markdown file one."""
    return 2 * sum(1 for _ in brands.rglob("*.yml")) + sum(1 for _ in docs.rglob("*.md"))


def build_sharded(
    root: Path,
    out: Path,
    *,
    jobs: int,
    audience: str,
    shards: int | None = None,
    work: Path | None = None,
    strict: bool = True,
    say: Callable[[str], None] = print,
) -> BuildResult:
    started = time.perf_counter()
    root = root.resolve()
    work = (work or root / WORK).resolve()
    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise BuildFailed(
            f"{config_file}: 找不到网站配置文件 — 在项目目录中运行，或用 --root 指定项目目录", data_error=False
        )
    settings, problems = read_settings(config_file, root)
    if problems:
        raise BuildFailed("网站没有生成：\n" + format_report(problems))
    docs_dir = read_docs_dir(config_file)
    if work == root or (root / docs_dir).resolve() in (work, *work.parents):
        raise BuildFailed(
            f"{work}: 分片目录不能是项目目录，也不能在 {docs_dir}/ 里 — 用 --work 指定别处", data_error=False
        )
    count = shards or default_count(estimated_pages(root / settings.brands_dir, root / docs_dir), jobs)
    # The data is read once for all shards: validated here, left for them, and the inputs key of
    # every shard computed from it (inputs.py), so that unchanged shards are not built again.
    say("读取并校验资料……")
    layout = Layout(root, brands_dir=settings.brands_dir, docs_dir=docs_dir)
    parsed = ParseCache(work / PARSED)
    catalog, found = load_for_audience(layout, audience, parsed)
    parsed.save()
    del parsed  # the pickled files: a national site's are some 300 MB
    if any(p.severity == "error" for p in found):
        raise BuildFailed("资料校验未通过，网站没有生成：\n" + format_report(found))
    prepared = work / PREPARED
    assessed = audience != PUBLIC and bool(
        scheme_files(layout)[0]
    )  # 量化考核: pages cite path:line, ranks compare every brand
    runs = [
        ShardRun(ShardSpec(i, count), shard_folder(work, i), work / f"shard-{i:02d}.log") for i in range(1, count + 1)
    ]
    keys = InputKeys(root, settings.brands_dir, docs_dir, catalog, audience, _build_variables(strict))
    _unchanged_shards(runs, keys, assessed)
    court_keys = None if assessed else keys.by_court()  # 量化考核: a court's pages show every brand's ranks
    save_prepared(prepared, root, settings.brands_dir, docs_dir, audience, catalog, found, court_keys)
    del catalog
    gc.collect()
    prepare_seconds = time.perf_counter() - started
    unchanged = [run for run in runs if run.unchanged]
    say(
        f"分 {count} 个分片构建，同时 {min(jobs, count)} 个（目录 {work}）"
        + (f"，{len(unchanged)} 个分片的输入未变，不再构建" if unchanged else "")
        + "……"
    )
    env = whole_site_environment()
    env[AUDIENCE_ENV] = audience
    env[SHARD_PREPARED_ENV] = str(prepared)
    for run in runs:
        if not run.unchanged:
            write_inputs(run.folder, None)  # until this build of the shard succeeds
    try:
        _run_all([run for run in runs if not run.unchanged], root, env, jobs, strict, say)
    finally:
        prepared.unlink(missing_ok=True)
    for run in runs:
        if run.unchanged:
            _read_figures(run)
            run.rendered, run.reused, run.peak_rss = 0, run.rendered + run.reused, 0  # no process ran
        elif not assessed:
            write_inputs(run.folder, _inputs_of(run.folder, keys))
    _forget_extra_shards(work, count)
    say("合并分片……")
    merging = time.perf_counter()
    try:
        merged = merge_shards([run.folder for run in runs], out, root=root, say=say)
    except (MergeError, RecordError) as error:
        raise BuildFailed(f"合并失败，输出目录未改动：{error}") from None
    done = time.perf_counter()
    return BuildResult(
        merged,
        runs,
        prepare_seconds=prepare_seconds,
        seconds=done - started,
        merge_seconds=done - merging,
        peak_rss=peak_rss(),
    )


def _build_variables(strict: bool) -> dict[str, str]:
    """What of the environment and the command line changes pages besides the files."""
    env = whole_site_environment()
    variables = {
        name: value for name, value in env.items() if name.startswith("SHOWCASE_") or name == SOURCE_DATE_EPOCH_ENV
    }
    return {**variables, "strict": str(strict)}


def _inputs_of(folder: Path, keys: InputKeys) -> str | None:
    """The inputs key of the shard built in `folder`, from the pages it holds (None: it always runs)."""
    try:
        read_record(folder)
        return keys.of_pages(page.src for page in read_pages(folder))
    except (RecordError, OSError, ValueError, TypeError):
        return None


def _unchanged_shards(runs: list[ShardRun], keys: InputKeys, assessed: bool) -> None:
    """The shards whose inputs are those of their last build: they are not built again."""
    if assessed:
        return
    for run in runs:
        stored = read_inputs(run.folder)
        if stored is None:
            continue
        try:
            same_shard = tuple(read_record(run.folder).shard) == (run.spec.index, run.spec.count)
        except (RecordError, OSError, ValueError, TypeError):
            continue
        run.unchanged = same_shard and _inputs_of(run.folder, keys) == stored


def _command(run: ShardRun, root: Path, strict: bool) -> list[str]:
    command = runner_command("build", "--config-file", str(root / CONFIG_FILE), "--site-dir", str(run.folder))
    return command + (["--strict"] if strict else [])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: a shard gets SIGKILL when the build dies, so no shard is left writing."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_all(
    runs: list[ShardRun], root: Path, env: dict[str, str], jobs: int, strict: bool, say: Callable[[str], None]
) -> None:
    waiting = list(runs)
    running: dict[int, tuple[ShardRun, subprocess.Popen[bytes], float]] = {}
    failed: ShardRun | None = None
    try:
        while waiting or running:
            while waiting and len(running) < max(jobs, 1) and failed is None:
                run = waiting.pop(0)
                run.folder.parent.mkdir(parents=True, exist_ok=True)
                with open(run.log, "wb") as log:
                    process = subprocess.Popen(
                        _command(run, root, strict),
                        cwd=root,
                        env={**env, SHARD_ENV: str(run.spec)},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                    )
                running[process.pid] = (run, process, time.perf_counter())
            if failed is not None and not running:
                break
            time.sleep(0.05)
            for pid, (run, process, began) in list(running.items()):
                code = process.poll()
                if code is None:
                    continue
                del running[pid]
                run.returncode, run.seconds = code, time.perf_counter() - began
                if code != 0:
                    failed = failed or run
                    for _other, other, _ in running.values():
                        other.terminate()
                    continue
                _read_figures(run)
                say(f"  分片 {run.spec}：{run.seconds:.1f} 秒，生成 {run.rendered} 页，沿用 {run.reused} 页")
    finally:
        for _run, process, _ in running.values():
            process.kill()
            process.wait()
    if failed is not None:
        tail = "\n".join(failed.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-LOG_TAIL:])
        raise BuildFailed(
            f"分片 {failed.spec} 构建失败（退出码 {failed.returncode}），其余分片已停止，网站没有生成，"
            f"输出目录未改动。完整记录：{failed.log}\n最后几行：\n{tail}"
        )


def _read_figures(run: ShardRun) -> None:
    try:
        record = read_record(run.folder)
    except RecordError:
        return
    run.rendered, run.reused, run.peak_rss = record.rendered, record.reused, record.peak_rss


def _forget_extra_shards(work: Path, count: int) -> None:
    """Folders of shards beyond `count` (an earlier build with more shards) are never merged: gone."""
    for folder in work.glob("shard-*"):
        number = folder.name.removeprefix("shard-")
        if folder.is_dir() and number.isdigit() and int(number) > count and (folder / RECORD_DIR).is_dir():
            shutil.rmtree(folder, ignore_errors=True)  # ours: it carries a shard record
            write_inputs(folder, None)


def build_one(root: Path, spec: ShardSpec, out: Path, *, audience: str, strict: bool = True) -> int:
    """One shard into `out` (a CI job of a matrix): the build's output on this terminal; exit code."""
    env = whole_site_environment()
    env[AUDIENCE_ENV] = audience
    env[SHARD_ENV] = str(spec)
    command = runner_command("build", "--config-file", str(root / CONFIG_FILE), "--site-dir", str(out.resolve()))
    return subprocess.call(command + (["--strict"] if strict else []), cwd=root, env=env)
