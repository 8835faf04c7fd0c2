"""`showcase.py publish DEST`: build and switch DEST to the new version atomically; `--rollback`."""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core.settings import AUDIENCE_ENV, PUBLIC, AudienceError, current_audience
from showcase.publishing.publish import KEEP, PublishError, previous_version, publish, rollback


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
        version = publish(
            project_root(args.root),
            dest,
            audience=audience,
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
