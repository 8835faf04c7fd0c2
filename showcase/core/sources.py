"""The gate: which files may exist under brands/ and docs/, and which media paths are allowed.

Every source file is accounted for before anything is read. Under brands/ each file has one
documented place (an entry, the metric registry, media); under docs/cases/ only case write-ups
`<法院>/<案例标识>.md` exist. Anything else there — a stray file, a folder where a file belongs, a
folder in an unknown place — and any symbolic link under brands/ or docs/ is a Chinese error, so
nothing is silently read from outside the repository, skipped, or published by accident.

Media (logos, photos, pictures, attachments) must be files of an image type (attachments may also
be PDF) below brands/media/; `media_problem` is the one rule, used by validation and by the site.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from showcase.core.model import ID_PATTERN
from showcase.core.problems import Problem, display_path
from showcase.core.schemes import (
    ASSESSMENT_DIR,
    ASSESSMENT_SCHEME,
    ASSESSMENT_SCORES,
)  # 量化考核 files, read by showcase/assessment

YAML_SUFFIXES = (".yml", ".yaml")
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")
DOCUMENT_SUFFIXES = (".pdf",)
MEDIA_SUFFIXES = IMAGE_SUFFIXES + DOCUMENT_SUFFIXES
PRIVACY_ALLOW_FILE = "privacy-allow.yml"
MEDIA_DIR = "media"
# Files the operating system or an editor leaves behind: not content, never read or published.
JUNK = re.compile(r"^(\..*|~\$.*|.*~|thumbs\.db|desktop\.ini)$", re.IGNORECASE)
_ID = re.compile(ID_PATTERN)
RESERVED_CASE_NAMES = ("index.md", "readme.md")  # MkDocs would make them the folder's page

ENTRY_HINT = (
    "品牌放在 brands/courts/<法院>/brands/，人物放在 brands/courts/<法院>/people/，图片放在 brands/media/<法院>/，"
    "考核方案放在 brands/assessment/<年份>.yml，参见编辑指南"
)
CASE_HINT = (
    "案例写成 docs/cases/<法院标识>/<案例标识>.md（标识只用小写英文字母、数字和连字符）；图片放到 brands/media/<法院>/"
)
LINK_HINT = "把真正的文件（而不是快捷方式或符号链接）放到这里"


@dataclass(frozen=True)
class Layout:
    """Where sources live, relative to the project root."""

    root: Path
    brands_dir: str = "brands"
    docs_dir: str = "docs"
    cases_dir: str = "cases"  # below docs_dir
    court: str | None = None  # preview scope: load only this court's files (and the shared ones)

    @property
    def brands(self) -> Path:
        return self.root / self.brands_dir

    @property
    def docs(self) -> Path:
        return self.root / self.docs_dir

    @property
    def cases(self) -> Path:
        return self.docs / self.cases_dir

    @property
    def media(self) -> Path:
        return self.brands / MEDIA_DIR

    def display(self, path: Path) -> str:
        """A path as messages show it: relative to the project root, with forward slashes."""
        return display_path(path, self.root)

    def kind_of(self, path: Path) -> str | None:
        """Which entity a YAML file under brands/ holds, from its place in the tree."""
        parts = path.relative_to(self.brands).parts
        if path.suffix.lower() not in YAML_SUFFIXES:
            return None
        if len(parts) == 1 and path.stem == "metrics":
            return "metrics"
        if len(parts) == 1 and path.name == PRIVACY_ALLOW_FILE:
            return "privacy-allow"
        if len(parts) == 2 and parts[0] == "campaigns":
            return "campaign"
        if len(parts) == 2 and parts[0] == ASSESSMENT_DIR and ASSESSMENT_SCHEME.match(path.stem):
            return "assessment"
        if len(parts) == 2 and parts[0] == ASSESSMENT_DIR and ASSESSMENT_SCORES.match(path.stem):
            return "assessment-scores"
        if len(parts) == 3 and parts[0] == "courts" and path.stem == "court":
            return "court"
        if len(parts) == 4 and parts[0] == "courts" and parts[2] == "brands":
            return "brand"
        if len(parts) == 4 and parts[0] == "courts" and parts[2] == "people":
            return "person"
        return None


@dataclass
class Inventory:
    """Every source file by kind, and a problem for everything that has no place."""

    entries: dict[str, list[Path]] = field(default_factory=dict)  # kind → YAML files
    cases: list[Path] = field(default_factory=list)
    media: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, kind: str) -> list[Path]:
        return self.entries.get(kind, [])


def _walk(top: Path) -> Iterator[tuple[Path, list[str], list[str]]]:
    """os.walk without following links, sorted, so messages come out in a stable order."""
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs.sort()
        yield Path(folder), dirs, sorted(files)


def _brands_folder_known(parts: tuple[str, ...]) -> bool:
    """Folders under brands/ that may exist (media may have any sub-folders)."""
    if not parts:
        return True
    if parts[0] == MEDIA_DIR:
        return True
    if parts in (("campaigns",), ("courts",), (ASSESSMENT_DIR,)):
        return True
    if parts[0] == "courts" and len(parts) == 2:
        return True
    return parts[0] == "courts" and len(parts) == 3 and parts[2] in ("brands", "people")


def inventory(
    layout: Layout, display: Callable[[Path], str], in_scope: Callable[[Path], bool] = lambda _: True
) -> Inventory:
    """Classify every file under brands/ and docs/ (see the module docstring)."""
    found = Inventory()
    if layout.brands.is_dir():
        _inventory_brands(layout, display, in_scope, found)
    if layout.docs.is_dir():
        _inventory_docs(layout, display, found)
    return found


def _link_problem(display: str) -> Problem:
    return Problem(display, 0, "这里是一个符号链接（快捷方式），不会被读取", LINK_HINT, "symlink")


def _inventory_brands(
    layout: Layout, display: Callable[[Path], str], in_scope: Callable[[Path], bool], found: Inventory
) -> None:
    for folder, dirs, files in _walk(layout.brands):
        parts = folder.relative_to(layout.brands).parts
        for name in list(dirs):
            path = folder / name
            if JUNK.match(name):
                dirs.remove(name)
            elif path.is_symlink():
                found.problems.append(_link_problem(display(path)))
                dirs.remove(name)
            elif not in_scope(path):
                dirs.remove(name)
            elif not _brands_folder_known((*parts, name)):
                dirs.remove(name)
                message = (
                    "这里应是一个文件，却是一个文件夹"
                    if name.lower().endswith(YAML_SUFFIXES)
                    else "无法识别这个文件夹，其中的文件不会被读取"
                )
                found.problems.append(Problem(display(path), 0, message, ENTRY_HINT, "unknown-folder"))
        for name in files:
            path = folder / name
            if JUNK.match(name):
                continue
            if path.is_symlink():
                found.problems.append(_link_problem(display(path)))
                continue
            if parts and parts[0] == MEDIA_DIR:
                if path.suffix.lower() in MEDIA_SUFFIXES:
                    found.media.append(path)
                else:
                    found.problems.append(
                        Problem(
                            display(path),
                            0,
                            "brands/media/ 下只能放图片和 PDF",
                            "图片用 SVG、PNG、JPG、GIF 或 WebP，附件用 PDF；其他文件请移出 brands/",
                            "media-type",
                        )
                    )
                continue
            if not in_scope(path):
                continue
            kind = layout.kind_of(path)
            if kind is None:
                found.problems.append(
                    Problem(display(path), 0, "无法识别这个文件的位置，它不会被读取", ENTRY_HINT, "unknown-file")
                )
            else:
                found.entries.setdefault(kind, []).append(path)


def _inventory_docs(layout: Layout, display: Callable[[Path], str], found: Inventory) -> None:
    cases = layout.cases
    for folder, dirs, files in _walk(layout.docs):
        inside_cases = folder == cases or cases in folder.parents
        depth = len(folder.relative_to(cases).parts) if inside_cases else -1
        for name in list(dirs):
            path = folder / name
            if path.is_symlink():
                found.problems.append(_link_problem(display(path)))
                dirs.remove(name)
            elif inside_cases and JUNK.match(name):
                dirs.remove(name)
            elif inside_cases and (depth >= 1 or not _ID.fullmatch(name)):
                dirs.remove(name)
                what = (
                    "这里应是一个文件，却是一个文件夹"
                    if name.lower().endswith(".md")
                    else "docs/cases/ 下只能有以法院标识命名的文件夹"
                )
                found.problems.append(Problem(display(path), 0, what, CASE_HINT, "unknown-folder"))
        for name in files:
            path = folder / name
            if path.is_symlink():
                found.problems.append(_link_problem(display(path)))
            elif not inside_cases or JUNK.match(name):
                continue
            elif (
                depth == 1
                and name.endswith(".md")
                and _ID.fullmatch(name[: -len(".md")])
                and name not in RESERVED_CASE_NAMES
            ):
                found.cases.append(path)
            else:
                found.problems.append(
                    Problem(display(path), 0, "docs/cases/ 下只能放案例文件", CASE_HINT, "unknown-file")
                )


# --------------------------------------------------------------------------- media paths


def media_problem(layout: Layout, value: str, *, documents: bool = False) -> tuple[str, str, str] | None:
    """(message, hint, code) when `value` may not be used as a picture (or, with `documents`, an
    attachment); None when it names an existing file of an allowed type below brands/media/."""
    allowed = MEDIA_SUFFIXES if documents else IMAGE_SUFFIXES
    types = "SVG、PNG、JPG、GIF、WebP 图片" + ("或 PDF" if documents else "")
    if "\\" in value:
        fixed = value.replace("\\", "/")
        return f"文件路径“{value}”用了反斜杠“\\”", f"路径一律用正斜杠“/”分隔，改为 {fixed}", "media-backslash"
    prefix = f"{layout.brands_dir}/{MEDIA_DIR}/"
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or not value.startswith(prefix):
        return (
            f"文件路径“{value}”不在 {prefix} 下",
            f"图片和附件只能放在 {prefix}<法院>/ 下，路径从仓库根目录算起，如 {prefix}guiping/logo.svg",
            "media-outside",
        )
    if pure.suffix.lower() not in allowed:
        return f"文件“{value}”的类型不能用在这里", f"只能用 {types}", "media-type"
    target = layout.root / value
    media_root = layout.media.resolve()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        resolved = None
    if resolved is None or any(
        p.is_symlink() for p in (target, *target.parents) if p != layout.root and layout.root in p.parents
    ):
        return f"文件路径“{value}”经过了符号链接", LINK_HINT, "media-outside"
    if not resolved.is_relative_to(media_root):
        return f"文件路径“{value}”不在 {prefix} 下", f"图片和附件只能放在 {prefix}<法院>/ 下", "media-outside"
    if not resolved.is_file():
        return f"找不到文件“{value}”", "检查路径和文件名（区分大小写），路径从仓库根目录算起", "media-missing"
    return None


def media_target(layout: Layout, value: str | None, *, documents: bool = False) -> Path | None:
    """The file a media path names, when `media_problem` allows it."""
    if not value or media_problem(layout, value, documents=documents) is not None:
        return None
    return (layout.root / value).resolve()


# `![说明](..\\..\\media\\x.png)` or `<img src="..\\x.png">` in a case write-up: a path typed as Windows shows it.
_BODY_LINK = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]*)|<img\b[^>\n]*?\bsrc\s*=\s*[\"']([^\"'\n]*)", re.IGNORECASE)


def body_link_problems(body: str, display: str, first_line: int) -> list[Problem]:
    """Pictures of a case write-up whose path uses backslashes: at their line, with the path fixed."""
    problems = []
    for match in _BODY_LINK.finditer(body):
        path = match.group(1) or match.group(2) or ""
        if "\\" in path:
            line = body[: match.start()].count("\n") + first_line
            fixed = path.replace("\\", "/")
            problems.append(
                Problem(
                    display,
                    line,
                    f"图片路径“{path}”用了反斜杠“\\”",
                    f"路径一律用正斜杠“/”分隔，改为 {fixed}",
                    "media-backslash",
                )
            )
    return problems
