"""Read YAML written by people on Windows with a Chinese input method, keeping line numbers.

The usual mistakes (BOM, GBK, tabs, full-width colons and spaces) are detected line by line,
reported, and repaired in memory with the same line-preserving fixes `showcase.py fix` writes,
so one run reports them together with every later problem in the file. Parsing keeps a map
from each key path to its line, so schema errors can name the line they are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem
from .repair import FULLWIDTH_KEY, repair_lines  # noqa: F401 - line-level repairs, decided from the YAML structure

try:  # The C parser is several times faster; fall back for Pythons built without libyaml.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

BOM = "\ufeff"
KeyPath = tuple[Any, ...]


@dataclass
class YamlDocument:
    """A parsed YAML document with the line of every key path (1-based)."""

    path: Path
    display: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    first_line: int = 1

    def line(self, path: KeyPath) -> int:
        """Line of the nearest enclosing node that has a recorded line."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), self.first_line)


# --------------------------------------------------------------------------- reading bytes


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text; a BOM or a GBK file is reported and read anyway."""
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(Problem(display, 1, "文件开头带有 UTF-8 BOM 标记", "运行 python scripts/showcase.py fix，或在编辑器中另存为“UTF-8（无 BOM）”", "bom"))
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        problems.append(Problem(display, line, "文件不是 UTF-8 编码，无法识别其编码", "请在编辑器中以“UTF-8”编码另存该文件", "encoding"))
        return None, problems
    problems.append(Problem(display, line, "文件不是 UTF-8 编码，可能是 GBK 编码", "运行 python scripts/showcase.py fix 自动转换，或在编辑器中另存为“UTF-8”", "gbk"))
    return text, problems


# --------------------------------------------------------------------------- parsing


SYNTAX_HINTS = [
    ("mapping values are not allowed", "这一行出现了多余的“: ”", "若值里含有冒号，请给整个值加引号；也请检查上一行的缩进"),
    ("could not find expected ':'", "缺少冒号，或缩进不一致", "每个键后面写“: ”，同一层的键缩进相同"),
    ("did not find expected key", "缩进不一致或多了一个“- ”", "检查本行与上一行的缩进是否对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的每一项都以相同缩进的“- ”开头"),
    ("found character '\\t'", "使用了制表符（Tab）", "改用半角空格缩进"),
    ("found unexpected end of stream", "引号或括号没有闭合", "检查引号 \" ' 与括号是否成对"),
    ("found undefined tag", "使用了不支持的标签“!”", "删去以 ! 开头的标签"),
    ("expected <block end>", "缩进不一致", "检查本行与上一行的缩进是否对齐"),
    ("while scanning a quoted scalar", "引号没有闭合", "检查引号是否成对；中文引号“”无需转义"),
]


def _syntax_problem(error: yaml.MarkedYAMLError, display: str, first_line: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = (mark.line + first_line) if mark else first_line
    text = f"{error.context or ''} {error.problem or ''}"
    for needle, message, hint in SYNTAX_HINTS:
        if needle in text:
            return Problem(display, line, f"YAML 语法错误：{message}", hint, "syntax")
    return Problem(display, line, f"YAML 语法错误（{(error.problem or '').strip()}）", "检查本行及上一行的缩进、冒号和引号", "syntax")


def _anchor_problems(text: str, display: str, first_line: int) -> list[Problem]:
    """Anchors and aliases can expand without bound (billion laughs); refuse them."""
    if "&" not in text and "*" not in text:
        return []
    problems = []
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            problems.append(
                Problem(
                    display,
                    event.start_mark.line + first_line,
                    "不允许使用 YAML 锚点“&”或别名“*”",
                    "把内容直接写出来；若值以 & 或 * 开头，请给它加引号",
                    "alias",
                )
            )
    return problems


class _Builder:
    """Turns a composed node tree into plain Python data plus a path → line map."""

    def __init__(self, display: str, first_line: int) -> None:
        self.display = display
        self.first_line = first_line
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.lines.setdefault(path, node.start_mark.line + self.first_line)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + self.first_line
                key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, (str, int, float, bool)):
                    self.problems.append(Problem(self.display, line, "键名必须是文字或数字", "检查本行的写法", "key-type"))
                    continue
                if key in result:
                    first = self.lines.get(path + (key,), line)
                    self.problems.append(Problem(self.display, line, f"键“{key}”重复出现（第 {first} 行已写过）", "合并两处内容，只保留一个", "duplicate-key"))
                    continue
                self.lines[path + (key,)] = line
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.scalars.construct_object(node)
        except yaml.constructor.ConstructorError:
            # e.g. an impossible timestamp such as 2023-02-30: keep the text, the schema will judge it
            return node.value


def parse_yaml(text: str, path: Path, display: str, first_line: int = 1) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse already-repaired text. Returns None when the YAML cannot be parsed at all."""
    try:
        problems = _anchor_problems(text, display, first_line)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, display, first_line)]
    except yaml.YAMLError as error:
        return None, [Problem(display, first_line, f"YAML 无法解析（{error}）", "检查文件内容", "syntax")]
    if problems:
        return None, problems
    builder = _Builder(display, first_line)
    data = builder.build(node, ()) if node is not None else None
    return YamlDocument(path, display, data, builder.lines, first_line), builder.problems


def load_yaml_file(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read, repair in memory and parse one YAML file, returning every problem found."""
    text, problems = decode(path.read_bytes(), display)
    if text is None:
        return None, problems
    text, line_problems = repair_lines(text, display)
    document, parse_problems = parse_yaml(text, path, display)
    return document, problems + line_problems + parse_problems


# --------------------------------------------------------------------------- Markdown front matter

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text, body, line where the body starts)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end() :], match.group(0).count("\n") + 1


def load_front_matter(path: Path, display: str) -> tuple[YamlDocument | None, str, list[Problem]]:
    """Parse the front matter of a Markdown file; the YAML starts on line 2."""
    text, problems = decode(path.read_bytes(), display)
    if text is None:
        return None, "", problems
    meta, body, _ = split_front_matter(text)
    if meta is None:
        problems.append(Problem(display, 1, "缺少文件头（front matter）", "在文件开头加上以 --- 开始和结束的 YAML 文件头，参见编辑指南", "front-matter"))
        return None, body, problems
    meta, line_problems = repair_lines(meta, display)
    for index, problem in enumerate(line_problems):  # shift: front matter starts on line 2
        line_problems[index] = Problem(problem.path, problem.line + 1, problem.message, problem.hint, problem.code)
    document, parse_problems = parse_yaml(meta, path, display, first_line=2)
    return document, body, problems + line_problems + parse_problems
