"""`showcase.py fix`: repair the safe mechanical mistakes in place.

Only line-preserving repairs are made (encoding, BOM, tabs and full-width spaces in
indentation, full-width colons after keys), so comments, key order and everything else the
author wrote stay exactly as they were.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .yamlsource import FRONT_MATTER, decode, repair_lines

FIXABLE = {"bom", "gbk", "indent", "fullwidth-colon"}


@dataclass
class FileFix:
    path: Path
    display: str
    before: str
    after: str
    problems: list[Problem]
    changed_encoding: bool

    @property
    def changed(self) -> bool:
        return self.changed_encoding or self.before != self.after

    def diff(self) -> str:
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"{self.display}（修改前）",
            tofile=f"{self.display}（修改后）",
        )
        text = "".join(lines)
        if self.changed_encoding:
            text = f"--- {self.display}: 编码改为 UTF-8（无 BOM）\n" + text
        return text


def plan_fix(path: Path, display: str) -> FileFix | None:
    """What fixing one file would change; None when its encoding cannot be recognised."""
    raw = path.read_bytes()
    text, problems = decode(raw, display)
    if text is None:
        return None
    if path.suffix.lower() == ".md":
        match = FRONT_MATTER.match(text)
        if match:
            meta, line_problems = repair_lines(match.group(0), display)
            after = meta + text[match.end() :]
        else:
            after, line_problems = text, []
    else:
        after, line_problems = repair_lines(text, display)
    changed_encoding = raw != text.encode("utf-8")
    return FileFix(path, display, text, after, problems + line_problems, changed_encoding)


def apply_fix(fix: FileFix) -> None:
    """Write through a temporary file so an interrupted fix never truncates the source."""
    temporary = fix.path.with_name(fix.path.name + ".fixing")
    temporary.write_bytes(fix.after.encode("utf-8"))
    temporary.replace(fix.path)
