"""Read YAML written by people on Windows with a Chinese input method, keeping line numbers.

The usual mistakes (BOM, GBK, tabs, full-width colons and spaces) are detected line by line,
reported, and repaired in memory with the same line-preserving fixes `showcase.py fix` writes,
so one run reports them together with every later problem in the file. Parsing keeps a map
from each key path to its line, so schema errors can name the line they are about.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from showcase.core.problems import Problem
from showcase.core.repair import FULLWIDTH_KEY, repair_lines, start_of  # noqa: F401 - line-level repairs, decided from the YAML structure

try:  # The C parser is several times faster; fall back for Pythons built without libyaml.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

BOM = "\ufeff"
KeyPath = tuple[Any, ...]

# Limits, checked before anything is parsed, so a hostile file costs milliseconds, not gigabytes.
MAX_YAML_BYTES = 1_000_000  # an entry file; the largest real brand file is about 20 KB
MAX_CASE_BYTES = 2_000_000  # a case write-up: about 600,000 Chinese characters
MAX_DEPTH = 16  # mapping/list levels; the deepest real path is brand → metrics → year → key
# Only the plain YAML types; explicit tags (`!!python/object`, `!secret`, `!!binary`) are refused.
ALLOWED_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)

# Characters people cannot see: control characters and bidi overrides can make a name display as
# something else, so they are errors anywhere; zero-width characters (pasted from web pages and
# Word) are errors in names and ids, where they break search and links, and warnings in prose.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
INVISIBLE = re.compile(r"[\u00ad\u180e\u200b-\u200d\u2060\ufeff]")
NAME_KEYS = frozenset(
    {
        "id", "key", "name", "short_name", "title", "unit", "branch", "liaison", "secretary", "committee", "label",
        "court", "brand", "parent", "person", "project", "campaign", "organiser", "awarded_by", "authors",
        "themes", "tags", "region", "path", "photo", "attachments", "level", "kind", "stage", "status", "outcome",
    }
)  # fmt: skip


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


def read_source(path: Path, display: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """The bytes of a source file, or a problem: a folder where a file belongs, unreadable, too large."""
    try:
        if path.is_dir():
            return None, [
                Problem(
                    display,
                    0,
                    "这里应是一个文件，却是一个文件夹",
                    "把文件夹改名（去掉 .yml/.md 后缀）或移出这里",
                    "not-a-file",
                )
            ]
        size = path.stat().st_size
        if size > limit:
            return None, [
                Problem(
                    display,
                    0,
                    f"文件过大（{size / 1_000_000:.1f} MB），上限为 {limit / 1_000_000:.0f} MB",
                    "把内容拆分到多个条目；图片等资料放到 brands/media/，不要写进文件",
                    "too-large",
                )
            ]
        return path.read_bytes(), []
    except OSError as error:
        return None, [
            Problem(
                display,
                0,
                f"无法读取文件（{error.strerror or error}）",
                "检查文件是否存在、是否有读取权限",
                "unreadable",
            )
        ]


def decode(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text; a BOM or a GBK file is reported and read anyway."""
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            Problem(
                display,
                1,
                "文件开头带有 UTF-8 BOM 标记",
                "运行 python scripts/showcase.py fix，或在编辑器中另存为“UTF-8（无 BOM）”",
                "bom",
            )
        )
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        problems.append(
            Problem(
                display, line, "文件不是 UTF-8 编码，无法识别其编码", "请在编辑器中以“UTF-8”编码另存该文件", "encoding"
            )
        )
        return None, problems
    problems.append(
        Problem(
            display,
            line,
            "文件不是 UTF-8 编码，可能是 GBK 编码",
            "运行 python scripts/showcase.py fix 自动转换，或在编辑器中另存为“UTF-8”",
            "gbk",
        )
    )
    return text, problems


# --------------------------------------------------------------------------- parsing


SYNTAX_HINTS = [
    (
        "mapping values are not allowed",
        "这一行出现了多余的“: ”",
        "若值里含有冒号，请给整个值加引号；也请检查上一行的缩进",
    ),
    ("could not find expected ':'", "缺少冒号，或缩进不一致", "每个键后面写“: ”，同一层的键缩进相同"),
    ("did not find expected key", "缩进不一致或多了一个“- ”", "检查本行与上一行的缩进是否对齐"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的每一项都以相同缩进的“- ”开头"),
    ("found character '\\t'", "使用了制表符（Tab）", "改用半角空格缩进"),
    (
        "tab character",
        "使用了制表符（Tab）",
        "改用半角空格缩进（每级 2 个）；运行 python scripts/showcase.py fix 可自动替换能确定的地方",
    ),
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
    return Problem(
        display,
        line,
        f"YAML 语法错误（{(error.problem or '').strip()}）",
        "检查本行及上一行的缩进、冒号和引号",
        "syntax",
    )


def _event_problems(text: str, display: str, first_line: int) -> list[Problem]:
    """Anchors and aliases (which can expand without bound: billion laughs) and nesting beyond
    MAX_DEPTH, found from the parser's event stream before any node tree is built: composing a
    deeply nested document recurses, and 100,000 nested `[` crash the C composer outright."""
    anchors = "&" in text or "*" in text
    # Only a document with many brackets or deep indentation can nest deeply: skip the rest.
    deep = text.count("[") + text.count("{") > MAX_DEPTH or re.search(rf"^ {{{2 * MAX_DEPTH},}}\S", text, re.MULTILINE)
    if not anchors and not deep:
        return []
    problems = []
    depth = 0

    def too_deep(line: int) -> Problem:
        return Problem(
            display,
            line,
            f"嵌套层级过深（超过 {MAX_DEPTH} 层）",
            "资料最多嵌套几层（如 metrics → 年份 → 指标）；检查是否多写了括号“[”“{”或缩进过多",
            "too-deep",
        )

    try:
        for event in yaml.parse(text, Loader=_Loader):
            line = start_of(event).line + first_line
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(
                    Problem(
                        display,
                        line,
                        "不允许使用 YAML 锚点“&”或别名“*”",
                        "把内容直接写出来；若值以 & 或 * 开头，请给它加引号",
                        "alias",
                    )
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(too_deep(line))
                    return problems
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # libyaml 0.2.6 (PyYAML 6.0.4) stops at 1,000 flow levels while scanning ahead for a key,
        # before the parser has handed us the event at level MAX_DEPTH + 1.
        if "maximum nesting depth" not in (error.problem or "") or error.problem_mark is None:
            raise
        problems.append(too_deep(error.problem_mark.line + first_line))
    return problems


def _key_identity(key: Any) -> Any:
    """Keys that mean the same to the data contract: 2023, '2023', ' 2023' and '２０２３' are one year."""
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    text = unicodedata.normalize("NFKC", str(key)).strip()
    return int(text) if text.isdigit() else text


def _invisible_problem(display: str, line: int, text: str, path: KeyPath) -> Problem | None:
    """Control, bidi-override and zero-width characters in a key or value (see CONTROL)."""
    found = CONTROL.search(text)
    severity = "error"
    if found is None:
        found = INVISIBLE.search(text)
        if found is None:
            return None
        names = [item for item in path if isinstance(item, str)]
        severity = "error" if not names or names[-1] in NAME_KEYS else "warning"
    char = found.group()
    label = unicodedata.name(char, "控制字符").title()
    return Problem(
        display,
        line,
        f"文字中含有看不见的字符 U+{ord(char):04X}（{label}）",
        "删去这个字符（常见于从网页、微信或 Word 复制的文字）：在编辑器中重新输入这一处",
        "invisible-char",
        severity,
    )


class _Builder:
    """Turns a composed node tree into plain Python data plus a path → line map.

    The tree is at most MAX_DEPTH deep (checked from the events first), so recursion is safe.
    """

    def __init__(self, display: str, first_line: int) -> None:
        self.display = display
        self.first_line = first_line
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        line = node.start_mark.line + self.first_line
        self.lines.setdefault(path, line)
        if node.tag not in ALLOWED_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problems.append(
                Problem(
                    self.display,
                    line,
                    f"不支持 YAML 标签“{tag}”",
                    "删去以 ! 开头的标签；若值本身以 ! 开头，请给整个值加引号",
                    "tag",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            seen: dict[Any, tuple[Any, str]] = {}  # identity → (key, as first typed)
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + self.first_line
                key = (
                    self.scalar(key_node, path)
                    if isinstance(key_node, yaml.ScalarNode) and key_node.tag in ALLOWED_TAGS
                    else None
                )
                if not isinstance(key, (str, int, float, bool)):
                    self.problems.append(
                        Problem(self.display, line, "键名必须是文字或数字", "检查本行的写法", "key-type")
                    )
                    continue
                identity = _key_identity(key)
                typed = self.spelling(key_node)
                if identity in seen:
                    earlier, earlier_typed = seen[identity]
                    first = self.lines.get(path + (earlier,), line)
                    same = "" if earlier_typed == typed else f"（{earlier_typed} 与 {typed} 写法不同，但是同一个键）"
                    self.problems.append(
                        Problem(
                            self.display,
                            line,
                            f"键“{key}”重复出现（第 {first} 行已写过）{same}",
                            "合并两处内容，只保留一个",
                            "duplicate-key",
                        )
                    )
                    continue
                seen[identity] = (key, typed)
                self.lines[path + (key,)] = line
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        try:
            value = self.scalars.construct_object(node)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError):
            # e.g. an impossible timestamp such as 2023-02-30: keep the text, the schema will judge it
            value = node.value
        if isinstance(value, str):
            problem = _invisible_problem(self.display, node.start_mark.line + self.first_line, value, path)
            if problem is not None:
                self.problems.append(problem)
        return value

    def spelling(self, node: yaml.Node) -> str:
        """A key as typed, quotes included: '2023' and 2023 look alike once parsed."""
        quote = {"'": "'", '"': '"'}.get(getattr(node, "style", None) or "", "")
        return f"{quote}{node.value}{quote}"


def parse_yaml(text: str, path: Path, display: str, first_line: int = 1) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse already-repaired text. Returns None when the YAML cannot be parsed at all."""
    try:
        problems = _event_problems(text, display, first_line)
        if problems:
            return None, problems
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, display, first_line)]
    except yaml.reader.ReaderError as error:
        # libyaml counts the position in UTF-8 bytes, the pure-Python reader in characters
        before = (
            text.encode("utf-8")[: error.position].decode("utf-8", "ignore")
            if _Loader is not yaml.SafeLoader
            else text[: error.position]
        )
        line = before.count("\n") + first_line
        char = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        return None, [
            Problem(
                display,
                line,
                f"文件中有不允许的控制字符 U+{char:04X}",
                "删去这个看不见的字符（常见于从网页或 Word 复制的文字）",
                "control-char",
            )
        ]
    except yaml.YAMLError as error:
        return None, [Problem(display, first_line, f"YAML 无法解析（{error}）", "检查文件内容", "syntax")]
    builder = _Builder(display, first_line)
    data = builder.build(node, ()) if node is not None else None
    return YamlDocument(path, display, data, builder.lines, first_line), builder.problems


def build_subtree(
    root: yaml.Node | None, keys: KeyPath, path: Path, display: str
) -> tuple[YamlDocument | None, list[Problem]]:
    """The part of an already composed document below `keys` (e.g. extra → showcase of mkdocs.yml),
    as data with its lines; an empty mapping when it is absent. Only that part is built, so tags
    elsewhere in the file (mkdocs.yml's `!!python/name`) are never looked at."""
    node = root
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            node = None
            break
        node = next(
            (value for name, value in node.value if isinstance(name, yaml.ScalarNode) and name.value == key), None
        )
    if node is None:
        return YamlDocument(path, display, {}), []
    builder = _Builder(display, 1)
    data = builder.build(node, ())
    return YamlDocument(path, display, data, builder.lines, node.start_mark.line + 1), builder.problems


def load_yaml_file(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read, repair in memory and parse one YAML file, returning every problem found."""
    raw, problems = read_source(path, display, MAX_YAML_BYTES)
    if raw is None:
        return None, problems
    text, more = decode(raw, display)
    problems += more
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
    raw, problems = read_source(path, display, MAX_CASE_BYTES)
    if raw is None:
        return None, "", problems
    text, more = decode(raw, display)
    problems += more
    if text is None:
        return None, "", problems
    meta, body, _ = split_front_matter(text)
    if meta is None:
        problems.append(
            Problem(
                display,
                1,
                "缺少文件头（front matter）",
                "在文件开头加上以 --- 开始和结束的 YAML 文件头，参见编辑指南",
                "front-matter",
            )
        )
        return None, body, problems
    meta, line_problems = repair_lines(meta, display)
    for index, problem in enumerate(line_problems):  # shift: front matter starts on line 2
        line_problems[index] = Problem(problem.path, problem.line + 1, problem.message, problem.hint, problem.code)
    document, parse_problems = parse_yaml(meta, path, display, first_line=2)
    return document, body, problems + line_problems + parse_problems
