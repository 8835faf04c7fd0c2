"""Add one item to a list of an existing entry file, editing its text at the right place.

`new project`, `new carrier` and `new update` add to a brand's (or court's) file that people
wrote by hand: comments, key order, quoting and line breaks must stay exactly as they are, which a
YAML round trip (load, change, dump) cannot promise. So the item's lines are inserted into the
text: after the list's last item, in place of an empty `[]`, after an empty `key:`, or, when the
key is missing, as a new `key:` block where the data model puts it. Each candidate text is parsed
again and accepted only when it reads as the old data with exactly the new item appended; the
first that does is the result, else nothing is changed and the reason is given in Chinese.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from showcase.core.yamlsource import parse_yaml

try:  # the C parser is several times faster; fall back for Pythons built without libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

ITEM_INDENT = 2  # the editing guide's style: `carriers:` then `  - id: …`


class InsertError(ValueError):
    """The item cannot be added safely; the message is Chinese and fit to show as is."""


@dataclass(frozen=True)
class _Place:
    line: int  # insert before this line (0-based); len(lines) appends
    indent: int  # columns before each line of the item
    replace_line: str | None = None  # new text for the key's line (`carriers: []` → `carriers:`)
    key_line: int = -1
    header: str | None = None  # a `key:` line to write first (the key was missing)


def _last_line(node: yaml.Node) -> int:
    """The last line (0-based) with text of a node: the end of its last scalar or flow collection."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line if end.column > 0 else end.line - 1
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            children += [key, value]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    return max((_last_line(child) for child in children), default=node.start_mark.line)


def _back_over_blank(lines: list[str], line: int, floor: int) -> Iterator[int]:
    """`line`, then the same place moved up over blank lines (a block scalar's end mark lies past them)."""
    yield line
    while line - 1 > floor and not lines[line - 1].strip():
        line -= 1
        yield line


def _places(text: str, key: str, order: Sequence[str]) -> Iterator[_Place]:
    lines = text.split("\n")
    root = yaml.compose(text, Loader=_Loader)
    if not isinstance(root, yaml.MappingNode):
        raise InsertError("文件内容不是“键: 值”形式的映射")
    pairs = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)]
    found = next(((k, v) for k, v in pairs if k.value == key), None)
    if found is not None:
        key_node, value = found
        key_line = key_node.start_mark.line
        if isinstance(value, yaml.SequenceNode) and not value.flow_style:
            last = _last_line(value)
            for line in _back_over_blank(lines, last + 1, last):
                yield _Place(line, value.start_mark.column)
            return
        if isinstance(value, yaml.SequenceNode) and value.value:
            raise InsertError(
                f"“{key}”写成了 [ … ] 的一行形式，无法自动添加 — 请先改成每项一行、以“- ”开头的列表，或手动添加"
            )
        if isinstance(value, yaml.SequenceNode) or (
            isinstance(value, yaml.ScalarNode) and value.value == "" and value.tag.endswith(":null")
        ):
            key_text = lines[key_line]
            if isinstance(value, yaml.SequenceNode):  # `carriers: []` → `carriers:` (a comment after it stays)
                if value.start_mark.line != key_line or value.end_mark.line != key_line:
                    raise InsertError(f"“{key}”的写法无法自动添加 — 请手动添加")
                before, after = key_text[: value.start_mark.column], key_text[value.end_mark.column :]
                # the `[]` becomes spaces, so a comment after it stays in its column
                key_text = (
                    (before + " " * (value.end_mark.column - value.start_mark.column) + after)
                    if after.strip()
                    else before.rstrip()
                )
            yield _Place(
                key_line + 1, key_node.start_mark.column + ITEM_INDENT, replace_line=key_text, key_line=key_line
            )
            return
        raise InsertError(f"“{key}”现在不是列表 — 请先改正它（运行 validate 查看），再添加")
    # The key is missing: a new block after the nearest key that the model puts before it.
    position = order.index(key) if key in order else len(order)
    earlier = [(k, v) for k, v in pairs if k.value in order and order.index(k.value) < position]
    if earlier:
        last = max(_last_line(v) for _, v in earlier[-1:])
        for line in _back_over_blank(lines, last + 1, last):
            yield _Place(line, ITEM_INDENT, header=f"{key}:")
    later = [(k, v) for k, v in pairs if k.value in order and order.index(k.value) > position]
    if later:
        yield _Place(later[0][0].start_mark.line, ITEM_INDENT, header=f"{key}:")
    yield _Place(len(lines) - (1 if lines and lines[-1] == "" else 0), ITEM_INDENT, header=f"{key}:")


def _apply(text: str, place: _Place, item: str) -> str:
    lines = text.split("\n")
    block = [(" " * place.indent + row) if row.strip() else "" for row in item.rstrip("\n").split("\n")]
    if place.header is not None:
        block = [place.header, *block]
    if place.replace_line is not None:
        lines[place.key_line] = place.replace_line
    return "\n".join([*lines[: place.line], *block, *lines[place.line :]])


def append_item(text: str, key: str, item: str, order: Sequence[str], path: Path, display: str) -> str:
    """`text` with `item` (the YAML of one list item, beginning with `- `, unindented) appended to
    the list under the top-level `key`; `order` is the model's field order. Raises InsertError.
    A file saved with Windows line ends (CRLF) keeps them, the new lines included."""
    if "\r\n" in text:
        return append_item(text.replace("\r\n", "\n"), key, item, order, path, display).replace("\n", "\r\n")
    before, problems = parse_yaml(text, path, display)
    if before is None or problems or not isinstance(before.data, dict):
        raise InsertError("文件现在有错误，先运行 python scripts/showcase.py validate 改正它，再添加")
    added = yaml.load(item, Loader=_Loader)
    if not isinstance(added, list) or len(added) != 1:
        raise InsertError("模板没有生成一个列表项")  # our own templates: a programming error, said plainly
    expected: Any = copy.deepcopy(before.data)
    expected[key] = [*(expected.get(key) or []), added[0]]
    try:
        places = list(_places(text, key, order))
    except yaml.YAMLError as error:
        raise InsertError("文件现在有错误，先运行 python scripts/showcase.py validate 改正它，再添加") from error
    for place in places:
        candidate = _apply(text, place, item)
        after, problems = parse_yaml(candidate, path, display)
        if after is not None and not problems and after.data == expected:
            return candidate
    raise InsertError(f"无法确定在“{key}”的哪里插入而不改动其他内容 — 请手动添加（格式见编辑指南）")
