"""`showcase.py fix`: repair the safe mechanical mistakes in place.

Only line-preserving repairs are made (encoding, BOM, tabs and full-width spaces in
indentation, full-width colons after keys, each decided from the YAML structure by
`repair.py`), so comments, key order and everything else the author wrote stay exactly as
they were. Only source files of the project are touched: YAML under brands/ and case
write-ups under docs/cases/. A symbolic link is kept and written through when it points at
such a file of the same project; the file keeps its mode (and, where allowed, its owner).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from showcase.core.model import MetricRegistry
from showcase.core.problems import Problem, display_path
from showcase.core.validate import validate_document
from showcase.core.yamlsource import FRONT_MATTER, decode, load_yaml_file, repair_lines

FIXABLE = {"bom", "gbk", "indent", "fullwidth-colon", "quoted-key", "value-format"}
YAML_SUFFIXES = {".yml", ".yaml"}
NOT_CASES = {"index.md", "readme.md"}  # pages of docs/cases/ the loader does not read as cases


@dataclass
class FileFix:
    path: Path  # as listed (a symbolic link stays one)
    target: Path  # the file written: `path` itself, or the file a link points at
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
        if self.target != self.path:
            text = f"--- {self.display} 是符号链接，改动写入它指向的文件（链接保留）\n" + text
        return text


# ---------------------------------------------------------------------------- which files


@dataclass(frozen=True)
class Sources:
    """Where the sources of one project are (the folder names of loader.Layout)."""

    root: Path
    brands: str = "brands"
    cases: tuple[str, str] = ("docs", "cases")

    def is_source(self, path: Path) -> bool:
        """A YAML file under brands/ or a case write-up under docs/cases/ (by name and place)."""
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return False
        if len(parts) > 1 and parts[0] == self.brands and path.suffix.lower() in YAML_SUFFIXES:
            return True
        return (
            len(parts) > 2 and parts[:2] == self.cases and path.suffix == ".md" and path.name.lower() not in NOT_CASES
        )


def located(argument: str | Path) -> Path:
    """An absolute path to the named file itself: folders resolved, a final link not followed."""
    path = Path(argument).absolute()
    return path.parent.resolve() / path.name


def refusal(path: Path, sources: Sources) -> str | None:
    """Why `fix` must not write this file (a Chinese message), or None when it may."""
    root = sources.root
    if root not in path.parents:
        return "不在本项目目录内，fix 只修改本项目的资料文件 — 请指定 brands/ 下的 YAML 文件或 docs/cases/ 下的案例文件"
    if not sources.is_source(path):
        return "不是资料文件，fix 只修改 brands/ 下的 YAML 文件和 docs/cases/ 下的案例文件 — 请检查文件名和位置"
    if not path.exists() and not path.is_symlink():
        return "文件不存在 — 请检查文件名"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):  # dangling, or a loop
            return "是无法打开的符号链接（指向的文件不存在，或链接绕成了圈），未修改 — 请修正或删除这个链接"
        if root not in target.parents:
            return f"是指向项目目录之外（{target}）的符号链接，未修改 — 请把文件本身放进项目，或删除这个链接"
        if not sources.is_source(target):
            return (
                f"是指向 {display_path(target, root)} 的符号链接，那不是资料文件，未修改 — 请让链接指向 brands/ 或 "
                "docs/cases/ 下的资料文件"
            )
        path = target
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        return "不是普通文件，未修改 — 请检查这个位置"
    if info.st_nlink > 1:  # replacing the file would leave its other names with the old text
        return "有多个硬链接，未修改 — 请先把它复制成一个独立的文件"
    if not os.access(path, os.W_OK):
        return "是只读文件，未修改 — 如需修正，请先取消只读属性"
    return None


def source_files(sources: Sources) -> list[Path]:
    """Every source file of the project, as the loader finds them (links are listed, not followed
    into folders)."""
    brands = sources.root / sources.brands
    cases = sources.root.joinpath(*sources.cases)
    found: Iterable[Path] = [
        *(brands.rglob("*") if brands.is_dir() else []),
        *(cases.rglob("*.md") if cases.is_dir() else []),
    ]
    return sorted(path for path in found if sources.is_source(path) and (path.is_file() or path.is_symlink()))


# ---------------------------------------------------------------------------- planning and writing


def plan_fix(path: Path, display: str, units: Mapping[str, str] | None = None) -> FileFix | None:
    """What fixing one file would change; None when its encoding cannot be recognised. `units`
    (metric key → unit, from brands/metrics.yml) lets `87.26%` be repaired where the unit is %."""
    target = path.resolve()
    raw = target.read_bytes()
    text, problems = decode(raw, display)
    if text is None:
        return None
    if path.suffix.lower() == ".md":
        match = FRONT_MATTER.match(text)
        if match and match.group(1):
            # The same text validate reads (load_front_matter): the YAML between the --- lines.
            meta, line_problems = repair_lines(match.group(1), display, units)
            line_problems = [Problem(p.path, p.line + 1, p.message, p.hint, p.code, p.severity) for p in line_problems]
            after = text[: match.start(1)] + meta + text[match.end(1) :]
        else:
            after, line_problems = text, []
    else:
        after, line_problems = repair_lines(text, display, units)
    changed_encoding = raw != text.encode("utf-8")
    return FileFix(path, target, display, text, after, problems + line_problems, changed_encoding)


def apply_fix(fix: FileFix) -> None:
    """Write through a temporary file next to the target, so an interrupted fix never truncates
    the source; the new file gets the old one's mode and, where the system allows, its owner."""
    target = fix.path.resolve()
    if target != fix.target:  # the link was changed since the plan: do not follow it blindly
        raise FileChangedError(f"{fix.display}: 文件在修正过程中被改动，未写入 — 请重新运行 fix")
    info = target.stat()
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".fixing", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(fix.after.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        with contextlib.suppress(OSError):  # only root may give a file away; the mode is kept anyway
            os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class FileChangedError(Exception):
    """The file to write is no longer the one planned."""


def metric_units(sources: Sources) -> dict[str, str]:
    """Metric key → unit from brands/metrics.yml as it stands (empty when it cannot be read)."""
    path = sources.root / sources.brands / "metrics.yml"
    if not path.is_file():
        return {}
    document, _ = load_yaml_file(path, display_path(path, sources.root))
    registry, _ = validate_document(document, MetricRegistry) if document is not None else (None, [])
    return {metric.key: metric.unit for metric in registry.metrics} if registry is not None else {}
