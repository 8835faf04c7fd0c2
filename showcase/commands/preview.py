"""`showcase.py preview <法院>`: `serve` limited to one court, for a province-size site."""

from __future__ import annotations

import argparse
import subprocess

from showcase.audience import load_for_audience
from showcase.commands.common import USAGE_ERROR, Command, project_root, say
from showcase.core.loader import Layout
from showcase.core.problems import format_report
from showcase.core.settings import CONFIG_FILE, PREVIEW_COURT_ENV, whole_site_environment
from showcase.publishing.runner import runner_command


def register(command: Command) -> None:
    sub = command("preview", run, "只预览一个法院（省级等大型站点改动后约一秒刷新）：properdocs serve 的按法院版本")
    sub.add_argument("court", metavar="法院标识", help="如 guiping")
    sub.add_argument("-a", "--address", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")


def run(args: argparse.Namespace) -> int:
    """`properdocs serve` limited to one court: on a province-size site a saved file shows in a second
    instead of after a full rebuild. The environment variable works the same on every shell."""
    root = project_root(args.root)
    catalog, problems = load_for_audience(Layout(root, court=args.court))
    if args.court not in catalog.courts:  # the loader says so, with the courts there are
        say(format_report([p for p in problems if p.code == "unknown-scope"]))
        return USAGE_ERROR
    say(f"按法院预览 {catalog.courts[args.court].name}：保存资料文件后浏览器自动刷新，按 Ctrl+C 结束。")
    command = runner_command("serve", "-f", str(root / CONFIG_FILE), "-a", args.address)
    return subprocess.call(command, cwd=root, env=dict(whole_site_environment(), **{PREVIEW_COURT_ENV: args.court}))
