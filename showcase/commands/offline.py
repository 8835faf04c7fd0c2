"""`showcase.py offline`: the site as a zip that works from disk, search included."""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.publishing.offline import DEFAULT_OUT, FOLDER, OfflineError, make_offline_copy


def register(command: Command) -> None:
    sub = command("offline", run, "生成离线版网站压缩包：解压后双击 index.html 即可浏览和搜索，无需服务器和网络")
    sub.add_argument("--out", metavar="FILE.zip", help=f"输出文件（默认：{DEFAULT_OUT.as_posix()}）")
    sub.add_argument(
        "--audience", choices=("internal", "public"), help="internal 内网完整版（默认）；public 去掉标为内部的内容"
    )


def run(args: argparse.Namespace) -> int:
    root = project_root(args.root)
    out = Path(args.out).resolve() if args.out else root / DEFAULT_OUT
    if out.suffix.lower() != ".zip":
        say(f"{out}: 输出文件须以 .zip 结尾")
        return USAGE_ERROR
    say("正在生成离线版网站……")
    try:
        copy = make_offline_copy(root, out, audience=args.audience)
    except OfflineError as error:
        say(str(error))
        return DATA_ERROR
    say(f"已生成离线版：{copy.path}（{copy.files} 个文件，{copy.size / 1024 / 1024:.1f} MB）")
    say(f"解压后打开 {FOLDER}/index.html 即可使用。")
    return OK
