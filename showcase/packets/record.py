"""Write a selection outcome into each case's front matter, touching nothing else.

The case files are edited by people: comments, key order, quoting and blank lines are theirs.
So the new entry is inserted as text — after the last line of the existing `selections:` list,
with the indentation that list already uses — instead of re-dumping the YAML. Every edited
file is parsed and validated again before anything is written, and the files are written only
when all of them pass, so a failed run leaves every case as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from showcase.core.catalog import Case
from showcase.core.model import CaseMeta, Selection
from showcase.core.problems import Problem, display_path
from showcase.core.validate import validate_document
from showcase.core.yamlsource import parse_yaml, repair_lines, split_front_matter

FIELD_ORDER = ("date", "level", "outcome", "campaign", "note")
FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class Edit:
    case: Case
    display: str
    before: str
    after: str
    line: int  # first inserted line, for the report


def _scalar(value: str) -> str:
    """Plain when YAML reads it back unchanged, else a JSON string (valid YAML, no surprises)."""
    try:
        loaded = yaml.safe_load(f"k: {value}")
    except yaml.YAMLError:
        loaded = None
    plain = isinstance(loaded, dict) and (
        loaded.get("k") == value or (isinstance(loaded.get("k"), dt.date) and str(loaded["k"]) == value)
    )
    if plain and value == value.strip() and "#" not in value and not value.startswith(("'", '"')):
        return value
    return json.dumps(value, ensure_ascii=False)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_filler(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def _entry_lines(entry: dict[str, str], dash: int, field: int, newline: str) -> list[str]:
    keys = [key for key in FIELD_ORDER if entry.get(key) is not None]
    lines = []
    for index, key in enumerate(keys):
        lead = " " * dash + "- " if index == 0 else " " * field
        lines.append(f"{lead}{key}: {_scalar(entry[key])}{newline}")
    return lines


def plan_edit(case: Case, entry: dict[str, str], root: Path) -> tuple[Edit | None, Problem | None]:
    """The edited text of one case file, or a problem saying why it cannot be edited safely."""
    display = display_path(case.source, root)
    raw = case.source.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError:
        return None, Problem(
            display,
            0,
            "文件不是 UTF-8 编码，不能自动写入评选结果",
            "先运行 python scripts/showcase.py fix 转换编码",
            "record-encoding",
        )
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if not lines or not FENCE.match(lines[0].rstrip("\r\n")):
        return None, Problem(display, 1, "缺少文件头（front matter）", "文件应以 --- 开头", "record-front-matter")
    close = next((i for i in range(1, len(lines)) if FENCE.match(lines[i].rstrip("\r\n"))), None)
    if close is None:
        return None, Problem(display, 1, "文件头没有结束的 ---", "在文件头末尾补上一行 ---", "record-front-matter")
    if any(_same(existing, entry) for existing in case.meta.selections):
        return None, None  # already recorded: running the same command twice changes nothing

    key_index = next((i for i in range(1, close) if re.match(r"^selections\s*:", lines[i])), None)
    if key_index is None:  # no history yet: a new key at the end of the front matter
        new = [f"selections:{newline}", *_entry_lines(entry, 2, 4, newline)]
        insert_at = close
    else:
        key_line = lines[key_index].rstrip("\r\n")
        value = key_line.split(":", 1)[1]
        value_part, _, comment = value.partition(" #")
        value_part = value_part.strip()
        if value_part in ("[]", "~", "null"):
            # An empty flow list becomes a block list; a comment on the line stays.
            lines[key_index] = "selections:" + (f"  #{comment}" if comment else "") + newline
        elif value_part:
            return None, Problem(
                display,
                key_index + 1,
                "selections 写成了单行列表，无法自动追加",
                "改写成每项一行的列表（以“- date:”开头），再运行本命令",
                "record-flow-list",
            )
        end = key_index
        dash, field = 2, 4
        found_item = False
        for i in range(key_index + 1, close):
            line = lines[i]
            if _is_filler(line):
                continue
            if _indent(line) > 0 or line.lstrip().startswith("- "):
                end = i
                item = re.match(r"^(\s*)-\s+(\S)", line)
                if item and not found_item:
                    found_item = True
                    dash = len(item.group(1))
                    field = item.start(2)
                continue
            break
        new = _entry_lines(entry, dash, field, newline)
        insert_at = end + 1
        if not lines[end].endswith(("\n", "\r")):
            lines[end] += newline
    after_lines = lines[:insert_at] + new + lines[insert_at:]
    after = ("\ufeff" if bom else "") + "".join(after_lines)
    problem = _check(after, case, entry, display)
    if problem:
        return None, problem
    return Edit(case, display, ("\ufeff" if bom else "") + text, after, insert_at + 1), None


def _same(existing: Selection, entry: dict[str, str]) -> bool:
    return (
        existing.date == entry["date"]
        and existing.level == entry["level"]
        and existing.outcome == entry["outcome"]
        and existing.campaign == entry.get("campaign")
    )


def _check(text: str, case: Case, entry: dict[str, str], display: str) -> Problem | None:
    """Parse and validate the edited front matter; the new entry must be the last selection."""
    meta_text, _, _ = split_front_matter(text.lstrip("\ufeff"))
    if meta_text is None:
        return Problem(display, 1, "写入后文件头无法识别", "请手动添加这条评选经历", "record-failed")
    repaired, _ = repair_lines(meta_text, display)
    document, problems = parse_yaml(repaired, case.source, display, first_line=2)
    if document is None or problems:
        return Problem(
            display,
            problems[0].line if problems else 1,
            "写入后文件头不再是合法的 YAML",
            "文件未修改；请手动添加这条评选经历",
            "record-failed",
        )
    meta, problems = validate_document(document, CaseMeta)
    if meta is None:
        first = problems[0]
        return Problem(
            display,
            first.line,
            f"写入后校验不通过：{first.message}",
            "文件未修改；请检查该文件后手动添加",
            "record-failed",
        )
    if (
        not meta.selections
        or not _same(meta.selections[-1], entry)
        or meta.model_dump(exclude={"selections"}) != case.meta.model_dump(exclude={"selections"})
    ):
        return Problem(display, 1, "写入位置判断有误", "文件未修改；请手动添加这条评选经历", "record-failed")
    return None


def write_edits(edits: list[Edit]) -> None:
    """Write every edited file atomically (temp file, then rename)."""
    for edit in edits:
        temporary = edit.case.source.with_name(f".{edit.case.source.name}.record-{os.getpid()}")
        temporary.write_bytes(edit.after.encode("utf-8"))
        os.replace(temporary, edit.case.source)
