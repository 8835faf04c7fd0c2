"""What every command shares: exit codes, output, and finding the project."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from showcase.core.settings import CONFIG_FILE

Command = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]
"""What a command module's `register` receives: command(name, run, help) → its sub-parser."""

OK, DATA_ERROR, USAGE_ERROR = 0, 1, 2  # 成功 · 数据有误 · 用法或环境错误


def project_root(arg: str | None) -> Path:
    """--root, else the nearest folder up from here with mkdocs.yml and brands/ (like git)."""
    if arg:
        return Path(arg).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / "brands").is_dir():
            return folder
    return here


def say(text: str = "") -> None:
    print(text, flush=True)
