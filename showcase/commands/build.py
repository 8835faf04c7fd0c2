"""`showcase.py build`: the site in shards, in parallel processes, merged into one site (see
showcase/sharding); `build --shard I/N --out DIR` builds one shard, for a CI matrix."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core.settings import AUDIENCE_ENV, PUBLIC, AudienceError, current_audience
from showcase.sharding import ShardError, parse_spec
from showcase.sharding.local import WORK, BuildFailed, build_one, build_sharded


def register(command: Command) -> None:
    sub = command(
        "build", run, "分片构建网站：各分片在各自的进程中并行构建，再合并为一个网站（与一次完整构建的结果相同）"
    )
    sub.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="K", help="同时构建的分片数（默认：处理器核数）"
    )
    sub.add_argument("--shards", type=int, metavar="N", help="分片总数（默认按网站大小，每片约 3000 页，至少 K 片）")
    sub.add_argument(
        "--out", metavar="DIR", help="合并后网站的输出目录（默认 site/）；与 --shard 同用时为这个分片的输出目录"
    )
    sub.add_argument("--work", metavar="DIR", help=f"各分片的目录，也是下次构建的缓存（默认 {WORK}/）")
    sub.add_argument(
        "--shard", metavar="I/N", help="只构建第 I 个分片（共 N 个），供 CI 在多台机器上分别构建，之后用 merge 合并"
    )
    sub.add_argument("--public", action="store_true", help=f"构建公开版（也可设环境变量 {AUDIENCE_ENV}=public）")
    sub.add_argument("--no-strict", action="store_true", help="不使用严格模式（警告不算失败）")


def run(args: argparse.Namespace) -> int:
    root = project_root(args.root)
    try:
        audience = PUBLIC if args.public else current_audience()
    except AudienceError as error:
        say(str(error))
        return USAGE_ERROR
    if args.jobs < 1 or (args.shards is not None and args.shards < 1):
        say("--jobs 与 --shards 须为正整数")
        return USAGE_ERROR
    if args.shard:
        try:
            spec = parse_spec(args.shard)
        except ShardError as error:
            say(str(error))
            return USAGE_ERROR
        if not args.out:
            say("--shard 须与 --out 同用：指定这个分片的输出目录，如 --out shards/2")
            return USAGE_ERROR
        code = build_one(root, spec, Path(args.out), audience=audience, strict=not args.no_strict)
        if code == 0:
            say(f"分片 {spec} 已构建到 {args.out}；全部分片构建后运行 merge 合并")
        return DATA_ERROR if code else OK
    out = Path(args.out).resolve() if args.out else root / "site"
    try:
        result = build_sharded(
            root,
            out,
            jobs=args.jobs,
            audience=audience,
            shards=args.shards,
            work=Path(args.work) if args.work else None,
            strict=not args.no_strict,
            say=say,
        )
    except BuildFailed as error:
        say(str(error))
        return DATA_ERROR if error.data_error else USAGE_ERROR
    merged = result.merged
    peaks = max([run.peak_rss for run in result.shards] + [result.peak_rss])
    phases = (
        f"读取 {result.prepare_seconds:.1f} 秒、分片 "
        f"{result.seconds - result.prepare_seconds - result.merge_seconds:.1f} 秒、合并 {result.merge_seconds:.1f} 秒"
    )
    say(
        f"网站已生成：{merged.out}（{merged.pages} 页，{merged.shards} 个分片，用时 {result.seconds:.1f} 秒："
        f"{phases}；单个进程内存峰值 {peaks / 1024**2:.0f} MB）"
    )
    return OK
