"""The benchmark commands, `showcase.py corpus` and `showcase.py bench`: registered by
scripts/showcase.py beside the product's own commands, so the product never imports its tools."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench import lighthouse
from bench.bench import REPO, BenchError, all_met, measure, measure_sharded, report, sharded_report, sharded_verdicts
from bench.corpus import generate
from showcase.commands.common import OK, USAGE_ERROR, Command, project_root, say


def register(command: Command) -> None:
    corpus = command("corpus", run_corpus, "生成确定性的合成数据（N 个法院），用于性能基准测试")
    corpus.add_argument("courts", type=int, metavar="N", help="法院数量（每院约 10 个品牌、30 篇案例）")
    corpus.add_argument("out", metavar="OUT", help="输出目录（须在仓库之外，已存在的会被清空）")
    sub = command("bench", run_bench, "性能基准：合成数据上本项目构建与纯 MkDocs 对照、校验与裸解析、搜索与按法院预览")
    sub.add_argument("--sizes", default="10,100", help="法院数，逗号分隔（默认 10,100）")
    sub.add_argument("--runs", type=int, default=3, help="每项重复次数，取中位数（默认 3）")
    sub.add_argument(
        "--workdir", default="/tmp/showcase-bench", help="合成数据与构建输出的目录（默认 /tmp/showcase-bench）"
    )
    sub.add_argument("--no-browser", action="store_true", help="不测浏览器中的搜索与预览")
    sub.add_argument(
        "--sharded",
        action="store_true",
        help=(
            "分片构建（build --jobs 2）与纯 MkDocs 下限对照：各规模的用时、各进程内存、每页字节，"
            "最小规模改动一个品牌后的重建，最大规模的搜索"
        ),
    )
    sub.add_argument(
        "--floor-sizes",
        help=(
            "与 --sharded 同用：只在这些规模测纯 MkDocs 下限（默认全部；最小规模总要测）。"
            "大规模的下限不是任何目标的对照，也不运行本项目的代码"
        ),
    )
    light = command(
        "lighthouse", run_lighthouse, "Lighthouse（手机设置）给网站打分：首页、品牌页、案例页；--all 每类页面各一页"
    )
    light.add_argument("--site", help="已生成的网站目录（默认先生成示例网站）")
    light.add_argument("--all", action="store_true", help="每类页面各测一页")
    light.add_argument("--reports", help="保存 Lighthouse 的 JSON 报告的目录")
    light.add_argument(
        "--runs", type=int, default=3, help="每页测几次，取性能分的中位数（默认 3；机器繁忙时单次会低几分）"
    )


def run_corpus(args: argparse.Namespace) -> int:
    out = Path(args.out).resolve()
    root = project_root(args.root)
    if out == root or root in out.parents:
        say(f"{out}: 合成数据必须写在仓库之外 — 换一个目录，如 /tmp/corpus")
        return USAGE_ERROR
    try:
        counts = generate(args.courts, out, root)
    except FileExistsError as error:
        say(f"{error} — 换一个空目录")
        return USAGE_ERROR
    say(f"已在 {out} 生成合成数据：" + "、".join(f"{name} {count}" for name, count in counts.items()))
    return OK


def run_bench(args: argparse.Namespace) -> int:
    try:
        sizes = sorted({int(n) for n in args.sizes.split(",")})
    except ValueError:
        say(f"--sizes {args.sizes}: 应为逗号分隔的整数，如 10,100")
        return USAGE_ERROR
    workdir = Path(args.workdir).resolve()
    if workdir == REPO or REPO in workdir.parents:
        say(f"{workdir}: 基准目录须在仓库之外")
        return USAGE_ERROR
    workdir.mkdir(parents=True, exist_ok=True)
    if args.sharded:
        try:
            floors = {int(n) for n in args.floor_sizes.split(",")} if args.floor_sizes else set(sizes)
        except ValueError:
            say(f"--floor-sizes {args.floor_sizes}: 应为逗号分隔的整数，如 100")
            return USAGE_ERROR
        return _run_sharded(sizes, workdir, browser=not args.no_browser, floors=floors | {sizes[0]})
    try:
        results = [measure(n, workdir, max(args.runs, 1), say, browser=not args.no_browser) for n in sizes]
    except BenchError as error:
        say(f"基准测试中断：{error}")
        return USAGE_ERROR
    say("")
    say(report(results))
    return OK if all_met(results) else 1


def _run_sharded(sizes: list[int], workdir: Path, browser: bool, floors: set[int]) -> int:
    try:
        results = [
            measure_sharded(n, workdir, say, edit=n == sizes[0], browser=browser and n == sizes[-1], floor=n in floors)
            for n in sizes
        ]
    except BenchError as error:
        say(f"基准测试中断：{error}")
        return USAGE_ERROR
    say("")
    say(sharded_report(results))
    return OK if all(line.startswith("✓") for line in sharded_verdicts(results)) else 1


def run_lighthouse(args: argparse.Namespace) -> int:
    pages = lighthouse.EVERY_KIND if args.all else lighthouse.PAGES
    try:
        if args.site:
            site = Path(args.site).resolve()
            results = lighthouse.audit(site, pages, Path(args.reports) if args.reports else None, args.runs)
        else:
            with tempfile.TemporaryDirectory(prefix="showcase-lighthouse-") as folder:
                say("生成示例网站……")
                lighthouse.build_sample(Path(folder) / "site")
                results = lighthouse.audit(
                    Path(folder) / "site", pages, Path(args.reports) if args.reports else None, args.runs
                )
    except lighthouse.LighthouseError as error:
        say(str(error))
        return USAGE_ERROR
    targets = f"目标：性能 ≥ 97，无障碍 100，最佳做法 100（Lighthouse 手机设置，每页 {args.runs} 次取中位数）"
    say(targets)
    for name, scores in results.items():
        mark = "" if scores.meets() else "  未达标：" + "；".join(scores.failing[:4])
        say(f"  {name:<14} {scores.line()}{mark}")
    return OK if all(s.meets() for s in results.values()) else 1
