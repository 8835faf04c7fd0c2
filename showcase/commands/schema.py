"""`showcase.py schema`: export schema/*.schema.json from the data contract, for editors."""

from __future__ import annotations

import argparse

from showcase.commands.common import OK, Command, project_root, say
from showcase.core.schema import export


def register(command: Command) -> None:
    command("schema", run, "由数据模型重新导出 schema/*.schema.json（供编辑器自动补全）")


def run(args: argparse.Namespace) -> int:
    for path in export(project_root(args.root)):
        say(f"已写出 {path.name}")
    return OK
