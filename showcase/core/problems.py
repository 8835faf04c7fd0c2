"""Problems found in source files, reported as `path:line: 说明 — 修改建议`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""
    code: str = field(default="", compare=False)
    severity: str = field(default="error", compare=False)  # error | warning

    def format(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{location}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        if self.severity == "warning":
            text = "[警告] " + text
        return text


class ValidationFailed(Exception):
    """Raised when source files have errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(format_report(problems))


def display_path(path: Path, root: Path) -> str:
    """Paths in messages are relative to the project root, with forward slashes."""
    try:  # the cheap way first: paths found by walking the root are already below it
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def format_report(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    lines = [p.format() for p in sorted(problems)]
    summary = f"共发现 {len(errors)} 个错误"
    if warnings:
        summary += f"、{len(warnings)} 个警告"
    lines.append(summary + "。")
    return "\n".join(lines)
