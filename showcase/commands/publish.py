"""`showcase.py publish DEST`: build and switch DEST to the new version atomically; `--rollback`."""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core.settings import AUDIENCE_ENV, PUBLIC, AudienceError, current_audience
from showcase.publishing.publish import KEEP, PublishError, previous_version, publish, rollback, sharded_build_command


def register(command: Command) -> None:
    sub = command("publish", run, "构建网站并原子地替换发布目录（保留上一版本，可回退）")
    sub.add_argument(
        "dest",
        metavar="DEST",
        help="发布目录，如 /var/www/showcase：首次发布时须不存在或为空，之后是 publish 维护的、指向版本目录的符号链接",
    )
    sub.add_argument(
        "--public",
        action="store_true",
        help=f"构建公开版：不含任何标为 internal 的内容（也可设环境变量 {AUDIENCE_ENV}=public）",
    )
    sub.add_argument("--rollback", action="store_true", help="不构建，切回上一个版本")
    sub.add_argument("--keep", type=int, default=KEEP, metavar="N", help=f"保留的版本数（至少 2，默认 {KEEP}）")
    sub.add_argument("--no-strict", action="store_true", help="构建时不使用 mkdocs 的严格模式")
    sub.add_argument("--allow-audience-change", action="store_true", help="允许用内网版替换公开版（或反之）")
    sub.add_argument(
        "--jobs",
        "-j",
        type=int,
        metavar="K",
        help="分片构建（showcase.py build）：同时构建 K 个分片；只重新生成改动过的页面",
    )
    sub.add_argument("--site", metavar="SITE", help="不构建，发布 merge 合并好的网站目录（如 CI 合并作业的产物）")


def run(args: argparse.Namespace) -> int:
    dest = Path(args.dest)
    try:
        if args.rollback:
            target, replaced = rollback(dest, allow_audience_change=args.allow_audience_change)
            say(
                f"已回退：{dest} → {target.name}（{target.label}）"
                + (f"；原版本 {replaced.name} 保留，可再次 --rollback 恢复" if replaced else "")
            )
            return OK
        audience = PUBLIC if args.public else current_audience()
        if args.jobs is not None and args.jobs < 1:
            say("--jobs 须为正整数")
            return USAGE_ERROR
        if args.jobs is not None and args.site:
            say("--jobs 与 --site 不能同用：--site 发布已合并的网站，不再构建")
            return USAGE_ERROR
        root = project_root(args.root)
        version = publish(
            root,
            dest,
            audience=audience,
            build_command=sharded_build_command(root, args.jobs, not args.no_strict) if args.jobs else None,
            merged_site=Path(args.site).resolve() if args.site else None,
            keep=args.keep,
            strict=not args.no_strict,
            allow_audience_change=args.allow_audience_change,
            say=say,
        )
    except AudienceError as error:
        say(str(error))
        return USAGE_ERROR
    except PublishError as error:
        say(str(error))
        return DATA_ERROR
    previous = previous_version(dest)
    say(
        f"已发布{version.label}：{dest} → {version.name}"
        + (f"（上一版 {previous.name}，可用 --rollback 回退）" if previous else "")
    )
    return OK
