"""`showcase.py merge DIR… --out SITE`: shard folders (built by `build --shard I/N`, perhaps on
different machines) into one site, with the search index, sitemap and leak check of the whole."""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.sharding import RecordError
from showcase.sharding.merge import MergeError, merge_shards


def register(command: Command) -> None:
    sub = command(
        "merge", run, "把各分片的输出目录合并为一个网站（搜索数据、站点地图在合并时生成，公开版在合并时做泄密检查）"
    )
    sub.add_argument(
        "shards",
        nargs="+",
        metavar="DIR",
        help="每个分片的输出目录（build --shard I/N --out DIR 的 DIR），全部分片都要给出",
    )
    sub.add_argument("--out", required=True, metavar="SITE", help="合并后网站的目录（成功后才替换；失败时保持原样）")


def run(args: argparse.Namespace) -> int:
    folders = [Path(folder) for folder in args.shards]
    missing = [str(folder) for folder in folders if not folder.is_dir()]
    if missing:
        say(f"{'、'.join(missing)}: 不是目录 — 给出每个分片的输出目录")
        return USAGE_ERROR
    try:
        merged = merge_shards(folders, Path(args.out), root=project_root(args.root), say=say)
    except (MergeError, RecordError) as error:
        say(f"合并失败，输出目录未改动：{error}")
        return DATA_ERROR
    say(f"网站已合并：{merged.out}（{merged.pages} 页，{merged.shards} 个分片，{merged.seconds:.1f} 秒）")
    return OK
