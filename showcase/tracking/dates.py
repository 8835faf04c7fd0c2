"""When a brand's files last changed: git history, else the files' modification times."""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

GIT = "git"
SOURCE_GIT, SOURCE_UNCOMMITTED, SOURCE_MTIME = "git", "未提交的修改", "文件修改时间"


@dataclass
class ChangeDates:
    """Last change date per file, and how it was found."""

    dates: dict[Path, dt.date] = field(default_factory=dict)
    sources: dict[Path, str] = field(default_factory=dict)
    note: str = ""  # said on the dashboard when the dates are not from git history

    def of(self, paths: Iterable[Path]) -> tuple[dt.date | None, str]:
        """The latest change among `paths`, with its source."""
        best: tuple[dt.date, str] | None = None
        for path in paths:
            key = path.resolve()
            if key not in self.dates:
                self._mtime(key)
            if key in self.dates and (best is None or self.dates[key] > best[0]):
                best = (self.dates[key], self.sources[key])
        return best if best else (None, "")

    def _mtime(self, path: Path, source: str = SOURCE_MTIME) -> None:
        try:
            self.dates[path] = dt.datetime.fromtimestamp(path.stat().st_mtime).date()
        except OSError:
            return
        self.sources[path] = source


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        result = subprocess.run(
            [GIT, "-c", "core.quotePath=false", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=120,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def change_dates(root: Path, folders: Iterable[Path]) -> ChangeDates:
    """Last commit date of every file below `folders`, from one `git log` pass.

    Files with uncommitted changes, files git does not know, and every file when `root` is not
    in a git repository, fall back to the file's modification time — and the note says so.
    """
    dates = ChangeDates()
    root = root.resolve()
    head = _git(["rev-parse", "--show-toplevel", "--is-shallow-repository"], root)
    if head is None:
        dates.note = "项目不在 git 仓库中（或未安装 git），改动日期按文件修改时间计算，仅供参考。"
        return dates
    top_line, _, shallow = head.strip().partition("\n")
    top = Path(top_line).resolve()
    specs = [
        folder.resolve().relative_to(top).as_posix()
        for folder in folders
        if folder.exists() and folder.resolve().is_relative_to(top)
    ]
    if not specs:
        return dates
    log = _git(["log", "--format=%x1e%cI", "--name-only", "--", *specs], top)
    if log is None:  # e.g. a repository without commits yet
        dates.note = "git 仓库中还没有提交记录，改动日期按文件修改时间计算。"
        return dates
    current: dt.date | None = None
    for line in log.split("\n"):  # not splitlines(): it would split at the \x1e marker too
        if line.startswith("\x1e"):
            current = dt.datetime.fromisoformat(line[1:].strip()).date()
        elif line.strip() and current is not None:
            path = (top / line.strip()).resolve()
            if path not in dates.dates:  # newest commit first: the first date seen is the last change
                dates.dates[path] = current
                dates.sources[path] = SOURCE_GIT
    status = _git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *specs], top) or ""
    entries = status.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        if entry[0] in "RC":  # a rename carries its old path as the next entry
            index += 1
        dates._mtime((top / entry[3:]).resolve(), SOURCE_UNCOMMITTED)
    if shallow.strip() == "true":
        dates.note = "当前是浅克隆（shallow clone），较早的提交不在本地，改动日期可能偏晚。"
    return dates
