"""Hostile and careless input: every mistake is a Chinese `path:line` message and exit 1.

Each case starts from the small valid project in tests/fixtures/minimal, breaks it the way a
careless or hostile editor would, and runs `showcase.py validate` in-process. Whatever the input,
there is no traceback and no "出错了" (the CLI's last-resort message for a bug), the exit code is
1 (or 0 where the input is harmless and must be accepted), and the message names the file — and
the line, where the mistake has one — in Chinese. A few representative cases also go through
`mkdocs build`, which must stop the same way and leave no site behind.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Cli, line_of, make_site_project, replace, run_build

from showcase.publishing.runner import runner_command

BRAND = "brands/courts/demo/brands/demo-brand.yml"
COURT = "brands/courts/demo/court.yml"
PERSON = "brands/courts/demo/people/demo-person.yml"
CAMPAIGN = "brands/campaigns/demo-campaign.yml"
METRICS = "brands/metrics.yml"
CASE = "docs/cases/demo/demo-case.md"
HAN = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------- breaking a project


def append(relative: str, text: str) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        with (root / relative).open("a", encoding="utf-8", newline="") as handle:
            handle.write(text)

    return breaks


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: replace(root, relative, old, new)


def write(relative: str, content: str | bytes) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")

    return breaks


def mkdir(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).mkdir(parents=True)


def symlink(relative: str, target: str) -> Callable[[Path], None]:
    def breaks(root: Path) -> None:
        link = root / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target if target.startswith("/") else root / target, link)

    return breaks


def remove(relative: str) -> Callable[[Path], None]:
    return lambda root: (root / relative).unlink()


def case_file(front: str, body: str = "\n## 背景\n\n正文。\n") -> str:
    return f"---\n{front}---\n{body}"


VALID_CASE_FRONT = """title: 另一篇案例
brand: demo-brand
court: demo
year: 2023
authors: [示例法院]
summary: 摘要。
criteria:
  innovation: 创新。
  practicality: 实践。
  operability: 操作。
  exemplarity: 示范。
"""


@dataclass(frozen=True)
class Hostile:
    family: str
    name: str
    breaks: Callable[[Path], None]
    file: str  # where the message must point
    words: tuple[str, ...]  # in the message
    line: str | None = None  # text on the line the message names; None: a file-level message
    code: int = 1


def nested(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth + "\n"


HOSTILE: list[Hostile] = [
    # ---- dates
    Hostile(
        "date",
        "impossible day",
        edit(BRAND, "founded: 2023-03-01", "founded: 2023-02-30"),
        BRAND,
        ("2023-02-30", "日期"),
        "founded",
    ),
    Hostile(
        "date", "day 32", edit(BRAND, "date: 2023-12-27", "date: 2023-12-32"), BRAND, ("2023-12-32",), "2023-12-32"
    ),
    Hostile(
        "date", "month 13", edit(BRAND, "founded: 2023-03-01", "founded: 2023-13-01"), BRAND, ("2023-13-01",), "founded"
    ),
    Hostile("date", "month 00", edit(BRAND, "founded: 2023-03-01", "founded: 2023-00"), BRAND, ("2023-00",), "founded"),
    Hostile(
        "date",
        "Chinese month",
        edit(BRAND, "founded: 2023-03-01", "founded: 2023年3月"),
        BRAND,
        ("2023年3月",),
        "founded",
    ),
    Hostile(
        "date",
        "Chinese day",
        edit(BRAND, "date: 2023-12-27", "date: 2023年12月27日"),
        BRAND,
        ("2023年12月27日",),
        "2023年12月27日",
    ),
    Hostile("date", "dotted", edit(COURT, "founded: 2023-03", "founded: 2023.3"), COURT, ("2023.3",), "2023.3"),
    Hostile(
        "date", "slashes", edit(BRAND, "date: 2023-12-27", "date: 2023/12/27"), BRAND, ("2023/12/27",), "2023/12/27"
    ),
    Hostile(
        "date",
        "year zero",
        edit(BRAND, "founded: 2023-03-01", "founded: 0000-01-01"),
        BRAND,
        ("0000-01-01",),
        "founded",
    ),
    Hostile(
        "date",
        "five-digit year",
        edit(BRAND, "founded: 2023-03-01", "founded: 20230-03-01"),
        BRAND,
        ("20230-03-01",),
        "founded",
    ),
    Hostile("date", "empty date", edit(BRAND, "date: 2023-12-27", "date:"), BRAND, ("date",), "date:"),
    Hostile("date", "year with 年", edit(CASE, "year: 2023", "year: 2022年"), CASE, ("2022年",), "year:"),
    Hostile("date", "year 1800", edit(CASE, "year: 2023", "year: 1800"), CASE, ("1800",), "year:"),
    Hostile("date", "year as date", edit(CASE, "year: 2023", "year: 2023-01-01"), CASE, ("year",), "year:"),
    Hostile(
        "date",
        "selection date impossible",
        edit(CASE, "date: 2023-11", "date: 2023-11-31"),
        CASE,
        ("2023-11-31",),
        "2023-11-31",
    ),
    Hostile(
        "date",
        "campaign year text",
        edit(CAMPAIGN, "years: [2023]", "years: [二〇二三]"),
        CAMPAIGN,
        ("二〇二三",),
        "years",
    ),
    # ---- numbers
    Hostile(
        "number",
        "percent text",
        edit(COURT, "closure_rate: 87.26", "closure_rate: 87.26%"),
        COURT,
        ("87.26%",),
        "closure_rate",
    ),
    Hostile(
        "number",
        "full-width percent",
        edit(COURT, "closure_rate: 87.26", "closure_rate: 87.26％"),
        COURT,
        ("87.26％",),
        "closure_rate",
    ),
    Hostile(
        "number",
        "thousands separator",
        edit(COURT, "cases_accepted: 13756", "cases_accepted: 13,756"),
        COURT,
        ("13,756",),
        "cases_accepted",
    ),
    Hostile(
        "number",
        "unit in value",
        edit(COURT, "cases_accepted: 13756", "cases_accepted: 13756件"),
        COURT,
        ("13756件",),
        "cases_accepted",
    ),
    Hostile(
        "number",
        "nan",
        edit(COURT, "cases_accepted: 13756", "cases_accepted: .nan"),
        COURT,
        ("nan", "数值"),
        "cases_accepted",
    ),
    Hostile(
        "number",
        "inf",
        edit(COURT, "cases_accepted: 13756", "cases_accepted: .inf"),
        COURT,
        ("inf", "数值"),
        "cases_accepted",
    ),
    Hostile(
        "number",
        "minus inf",
        edit(COURT, "closure_rate: 87.26", "closure_rate: -.inf"),
        COURT,
        ("inf",),
        "closure_rate",
    ),
    Hostile(
        "number",
        "nan as text",
        edit(COURT, "cases_accepted: 13756", 'cases_accepted: "NaN"'),
        COURT,
        ("NaN",),
        "cases_accepted",
    ),
    Hostile(
        "number",
        "overflowing float",
        edit(COURT, "cases_accepted: 13756", "cases_accepted: 1.0e999"),
        COURT,
        ("数值",),
        "cases_accepted",
    ),
    Hostile(
        "number",
        "negative count",
        append(COURT, "organisation:\n  2023:\n    members: -3\n"),
        COURT,
        ("-3",),
        "members",
    ),
    Hostile(
        "number",
        "boolean count",
        append(COURT, "organisation:\n  2023:\n    members: yes\n"),
        COURT,
        ("members",),
        "members",
    ),
    Hostile(
        "number",
        "Chinese numeral",
        append(COURT, "organisation:\n  2023:\n    members: 三十\n"),
        COURT,
        ("三十",),
        "members",
    ),
    Hostile("number", "huge decimals", edit(METRICS, "decimals: 2", "decimals: 99"), METRICS, ("99",), "decimals"),
    Hostile(
        "number", "inverted range", edit(METRICS, "range: [80, 100]", "range: [100, 80]"), METRICS, ("下限",), "range"
    ),
    Hostile(
        "number",
        "range of three",
        edit(METRICS, "range: [80, 100]", "range: [80, 90, 100]"),
        METRICS,
        ("range",),
        "range",
    ),
    Hostile(
        "number",
        "formula call",
        edit(METRICS, "formula: cases_closed / cases_accepted * 100", "formula: __import__('os').system('ls')"),
        METRICS,
        ("公式",),
        "formula",
    ),
    Hostile(
        "number",
        "formula power",
        edit(METRICS, "formula: cases_closed / cases_accepted * 100", "formula: 9 ** 9 ** 9"),
        METRICS,
        ("公式",),
        "formula",
    ),
    Hostile(
        "number",
        "derived disagrees",
        edit(COURT, "closure_rate: 87.26", "closure_rate: 97.26"),
        COURT,
        ("87.26",),
        "closure_rate",
    ),
    # ---- structure and size
    Hostile("structure", "500 nested brackets", append(BRAND, nested(500)), BRAND, ("嵌套",), "x: [[["),
    Hostile("structure", "100000 nested brackets", append(BRAND, nested(100_000)), BRAND, ("嵌套",), "x: [[["),
    Hostile(
        "structure",
        "nested braces",
        append(BRAND, "x: " + "{a: " * 200 + "1" + "}" * 200 + "\n"),
        BRAND,
        ("嵌套",),
        "x: {a:",
    ),
    Hostile(
        "structure",
        "deep indentation",
        append(BRAND, "".join(" " * i + f"k{i}:\n" for i in range(40))),
        BRAND,
        ("嵌套",),
        " k16:",
    ),
    Hostile("structure", "oversized file", append(BRAND, "# " + "填" * 400_000 + "\n"), BRAND, ("过大", "MB")),
    Hostile("structure", "oversized case", append(CASE, "正文" * 400_000 + "\n"), CASE, ("过大",)),
    Hostile("structure", "empty file", write(PERSON, ""), PERSON, ("键: 值",)),
    Hostile("structure", "only comments", write(PERSON, "# 还没写\n"), PERSON, ("键: 值",)),
    Hostile("structure", "top-level list", write(PERSON, "- id: demo-person\n- name: 示例人物\n"), PERSON, ("键: 值",)),
    Hostile("structure", "top-level scalar", write(PERSON, "示例人物\n"), PERSON, ("键: 值",)),
    Hostile("structure", "two documents", append(PERSON, "---\nid: other\n"), PERSON, ("YAML",)),
    Hostile("structure", "binary garbage", write(PERSON, bytes(range(256)) * 4), PERSON, ("编码",)),
    Hostile("structure", "NUL byte", write(PERSON, b"id: demo-person\nname: \x00\n"), PERSON, ("控制字符",), "name"),
    Hostile("structure", "UTF-16 file", write(PERSON, "id: demo-person\n".encode("utf-16")), PERSON, ("编码",)),
    Hostile(
        "structure", "unclosed quote", edit(PERSON, "story: 测试用事迹。", 'story: "测试用事迹。'), PERSON, ("引号",)
    ),
    Hostile(
        "structure", "unclosed bracket", edit(BRAND, "themes: [党建+审判]", "themes: [党建+审判"), BRAND, ("YAML",)
    ),
    Hostile(
        "structure",
        "list where mapping",
        edit(COURT, "metrics:\n  2023:", "metrics:\n  - 2023:"),
        COURT,
        ("metrics",),
        "metrics",
    ),
    Hostile(
        "structure",
        "mapping where list",
        edit(BRAND, "themes: [党建+审判]", "themes:\n  a: 党建+审判"),
        BRAND,
        ("列表",),
        "themes",
    ),
    Hostile(
        "structure",
        "CR-only line ends",
        lambda r: (r / PERSON).write_bytes((r / PERSON).read_bytes().replace(b"\n", b"\r") + b"bad: 1\r"),
        PERSON,
        ("bad",),
    ),
    # ---- keys
    Hostile("key", "duplicate key", append(PERSON, "name: 另一个名字\n"), PERSON, ("重复",), "另一个名字"),
    Hostile(
        "key",
        "year quoted and plain",
        append(BRAND, "metrics:\n  2023:\n    cases_accepted: 1\n  '2023':\n    cases_accepted: 2\n"),
        BRAND,
        ("重复", "同一个键"),
        "'2023'",
    ),
    Hostile(
        "key",
        "year full-width",
        append(BRAND, "metrics:\n  2023:\n    cases_accepted: 1\n  ２０２３:\n    cases_accepted: 2\n"),
        BRAND,
        ("重复",),
        "２０２３",
    ),
    Hostile(
        "key",
        "year with space",
        append(BRAND, "metrics:\n  2023:\n    cases_accepted: 1\n  ' 2023':\n    cases_accepted: 2\n"),
        BRAND,
        ("重复",),
        "' 2023'",
    ),
    Hostile("key", "unknown key", append(PERSON, "nmae: 示例\n"), PERSON, ("未知字段", "name"), "nmae"),
    Hostile("key", "Chinese key", append(PERSON, "姓名: 示例\n"), PERSON, ("未知字段",), "姓名"),
    Hostile("key", "list as key", append(PERSON, "[a, b]: 1\n"), PERSON, ("键名",), "[a, b]"),
    Hostile("key", "null key", append(PERSON, "~: 1\n"), PERSON, ("键名",), "~: 1"),
    Hostile("key", "missing required", edit(PERSON, "story: 测试用事迹。\n", ""), PERSON, ("story",)),
    Hostile("key", "empty required", edit(PERSON, "story: 测试用事迹。", "story: ''"), PERSON, ("story",), "story"),
    # ---- YAML tags and anchors
    Hostile(
        "tag",
        "python object",
        edit(PERSON, "story: 测试用事迹。", "story: !!python/object/apply:os.system [echo hi]"),
        PERSON,
        ("标签",),
        "story",
    ),
    Hostile(
        "tag",
        "python name",
        edit(PERSON, "story: 测试用事迹。", "story: !!python/name:os.system"),
        PERSON,
        ("标签",),
        "story",
    ),
    Hostile(
        "tag",
        "local tag",
        edit(PERSON, "story: 测试用事迹。", "story: !secret 测试"),
        PERSON,
        ("标签", "!secret"),
        "story",
    ),
    Hostile(
        "tag",
        "include tag",
        edit(PERSON, "story: 测试用事迹。", "story: !include /etc/passwd"),
        PERSON,
        ("标签",),
        "story",
    ),
    Hostile(
        "tag", "binary", edit(PERSON, "story: 测试用事迹。", "story: !!binary 5rWL6K+V"), PERSON, ("标签",), "story"
    ),
    Hostile("tag", "set", append(PERSON, "title: !!set {a, b}\n"), PERSON, ("标签",), "!!set"),
    Hostile("tag", "tagged key", append(PERSON, "!!python/str title: x\n"), PERSON, ("键名",), "title: x"),
    Hostile("tag", "anchor and alias", append(PERSON, "title: &t 庭长\nbranch: *t\n"), PERSON, ("锚点",), "&t"),
    Hostile(
        "tag",
        "billion laughs",
        append(PERSON, "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"),
        PERSON,
        ("锚点",),
        "&a",
    ),
    Hostile("tag", "merge key", append(PERSON, "base: &b {title: 庭长}\n<<: *b\n"), PERSON, ("锚点",), "&b"),
    # ---- characters people cannot see
    Hostile(
        "invisible",
        "RTL override in name",
        edit(BRAND, "name: 党旗引领·示例枫桥", "name: 党旗引领\u202e示例枫桥"),
        BRAND,
        ("U+202E",),
        "name:",
    ),
    Hostile(
        "invisible",
        "LTR isolate in title",
        edit(CASE, "title: 测试案例", "title: 测试\u2066案例"),
        CASE,
        ("U+2066",),
        "title:",
    ),
    Hostile(
        "invisible",
        "zero width in name",
        edit(BRAND, "name: 党旗引领·示例枫桥", "name: 党旗引领\u200b示例枫桥"),
        BRAND,
        ("U+200B",),
        "name:",
    ),
    Hostile(
        "invisible",
        "zero width joiner in person",
        edit(PERSON, "name: 示例人物", "name: 示例\u200d人物"),
        PERSON,
        ("U+200D",),
        "name:",
    ),
    Hostile(
        "invisible",
        "word joiner in unit",
        edit(BRAND, "unit: 示例法庭", "unit: 示例\u2060法庭"),
        BRAND,
        ("U+2060",),
        "unit:",
    ),
    Hostile(
        "invisible",
        "BOM in the middle of a name",
        edit(COURT, "short_name: 示例法院", "short_name: 示例\ufeff法院"),
        COURT,
        ("U+FEFF",),
        "short_name",
    ),
    Hostile(
        "invisible",
        "soft hyphen in court name",
        edit(COURT, "name: 示例县人民法院", "name: 示例县\u00ad人民法院"),
        COURT,
        ("U+00AD",),
        "name: 示例",
    ),
    Hostile(
        "invisible",
        "RLM in theme",
        edit(BRAND, "themes: [党建+审判]", "themes: [党建\u200f+审判]"),
        BRAND,
        ("U+200F",),
        "themes",
    ),
    Hostile(
        "invisible",
        "control character",
        edit(PERSON, "story: 测试用事迹。", "story: 测试\x07事迹。"),
        PERSON,
        ("控制字符",),
        "story",
    ),
    Hostile(
        "invisible",
        "NEL in name",
        edit(PERSON, "name: 示例人物", 'name: "示例\\x85人物"'),
        PERSON,
        ("U+0085",),
        "name:",
    ),
    Hostile("invisible", "RTL override in key", append(PERSON, "ti\u202etle: x\n"), PERSON, ("U+202E",), "tle: x"),
    # ---- files and folders in the wrong place
    Hostile(
        "file",
        "folder named like a brand file",
        mkdir("brands/courts/demo/brands/extra.yml"),
        "brands/courts/demo/brands/extra.yml",
        ("文件夹",),
    ),
    Hostile("file", "folder named like a case", mkdir("docs/cases/demo/dir.md"), "docs/cases/demo/dir.md", ("文件夹",)),
    Hostile(
        "file",
        "case in a sub-folder",
        write("docs/cases/demo/more/deep.md", case_file(VALID_CASE_FRONT)),
        "docs/cases/demo/more",
        ("文件夹",),
    ),
    Hostile(
        "file",
        "case .markdown",
        write("docs/cases/demo/f4.markdown", case_file(VALID_CASE_FRONT)),
        "docs/cases/demo/f4.markdown",
        ("只能放案例",),
    ),
    Hostile(
        "file",
        "case README",
        write("docs/cases/demo/README.md", case_file("visibility: internal\n")),
        "docs/cases/demo/README.md",
        ("只能放案例",),
    ),
    Hostile(
        "file",
        "case index",
        write("docs/cases/demo/index.md", case_file("visibility: internal\n")),
        "docs/cases/demo/index.md",
        ("只能放案例",),
    ),
    Hostile(
        "file", "cases index page", write("docs/cases/index.md", "# 案例\n"), "docs/cases/index.md", ("只能放案例",)
    ),
    Hostile(
        "file",
        "upper-case name",
        write("docs/cases/demo/Case.md", case_file(VALID_CASE_FRONT)),
        "docs/cases/demo/Case.md",
        ("只能放案例",),
    ),
    Hostile(
        "file",
        "Chinese file name",
        write("docs/cases/demo/案例.md", case_file(VALID_CASE_FRONT)),
        "docs/cases/demo/案例.md",
        ("只能放案例",),
    ),
    Hostile(
        "file",
        "image among cases",
        write("docs/cases/demo/photo.png", b"\x89PNG\r\n"),
        "docs/cases/demo/photo.png",
        ("只能放案例",),
    ),
    Hostile(
        "file",
        "case in the wrong court folder",
        write("docs/cases/other/moved.md", case_file(VALID_CASE_FRONT)),
        "docs/cases/other/moved.md",
        ("docs/cases/other/",),
        "court:",
    ),
    Hostile("file", "symlinked case folder", symlink("docs/cases/linked", "/etc"), "docs/cases/linked", ("符号链接",)),
    Hostile(
        "file", "symlinked case", symlink("docs/cases/demo/link.md", CASE), "docs/cases/demo/link.md", ("符号链接",)
    ),
    Hostile(
        "file",
        "symlinked brand",
        symlink("brands/courts/demo/brands/link.yml", BRAND),
        "brands/courts/demo/brands/link.yml",
        ("符号链接",),
    ),
    Hostile(
        "file",
        "symlink to passwd",
        symlink("brands/courts/demo/people/passwd.yml", "/etc/passwd"),
        "brands/courts/demo/people/passwd.yml",
        ("符号链接",),
    ),
    Hostile(
        "file", "symlinked media folder", symlink("brands/media/outside", "/etc"), "brands/media/outside", ("符号链接",)
    ),
    Hostile("file", "symlink in docs", symlink("docs/secret.md", "/etc/hostname"), "docs/secret.md", ("符号链接",)),
    Hostile(
        "file",
        "stray YAML",
        write("brands/courts/demo/notes.yml", "a: 1\n"),
        "brands/courts/demo/notes.yml",
        ("无法识别",),
    ),
    Hostile(
        "file",
        "stray folder",
        write("brands/courts/demo/old/demo-brand.yml", "a: 1\n"),
        "brands/courts/demo/old",
        ("无法识别",),
    ),
    Hostile(
        "file",
        "text file among media",
        write("brands/media/notes.txt", "备注"),
        "brands/media/notes.txt",
        ("图片和 PDF",),
    ),
    Hostile(
        "file",
        "court folder without court.yml",
        write("brands/courts/empty/brands/x.yml", "a: 1\n"),
        "brands/courts/empty/court.yml",
        ("court.yml",),
    ),
    Hostile("file", "deleted court.yml", remove(COURT), COURT, ("court.yml",)),
    # ---- references
    Hostile("reference", "unknown court", edit(BRAND, "court: demo", "court: nowhere"), BRAND, ("nowhere",), "court:"),
    Hostile(
        "reference",
        "unknown brand of person",
        edit(PERSON, "brand: demo-brand", "brand: nobrand"),
        PERSON,
        ("nobrand",),
        "brand:",
    ),
    Hostile(
        "reference",
        "unknown brand of case",
        edit(CASE, "brand: demo-brand", "brand: nobrand"),
        CASE,
        ("nobrand",),
        "brand:",
    ),
    Hostile(
        "reference",
        "unknown campaign",
        edit(COURT, "campaigns: [demo-campaign]", "campaigns: [nocampaign]"),
        COURT,
        ("nocampaign",),
        "campaigns",
    ),
    Hostile(
        "reference", "brand is its own parent", append(BRAND, "parent: demo-brand\n"), BRAND, ("parent",), "parent:"
    ),
    Hostile(
        "reference",
        "unknown project in update",
        edit(BRAND, "project: demo-project", "project: noproject"),
        BRAND,
        ("noproject",),
        "noproject",
    ),
    Hostile(
        "reference",
        "id with upper case",
        edit(PERSON, "id: demo-person", "id: Demo-Person"),
        PERSON,
        ("Demo-Person",),
        "id:",
    ),
    Hostile(
        "reference", "id with path", edit(PERSON, "id: demo-person", "id: ../../etc"), PERSON, ("../../etc",), "id:"
    ),
    Hostile("reference", "court id not its folder", edit(COURT, "id: demo", "id: other"), COURT, ("目录",), "id:"),
    # ---- media paths
    Hostile(
        "media",
        "outside the repository",
        edit(COURT, "brands/media/logo.svg", "../../etc/passwd"),
        COURT,
        ("brands/media/",),
        "passwd",
    ),
    Hostile(
        "media",
        "absolute path",
        edit(COURT, "brands/media/logo.svg", "/etc/passwd"),
        COURT,
        ("brands/media/",),
        "passwd",
    ),
    Hostile(
        "media",
        "another entry's YAML",
        edit(COURT, "brands/media/logo.svg", PERSON),
        COURT,
        ("brands/media/",),
        "demo-person.yml",
    ),
    Hostile(
        "media",
        "climbing out of media",
        edit(COURT, "brands/media/logo.svg", "brands/media/../courts/demo/court.yml"),
        COURT,
        ("brands/media/",),
        "court.yml",
    ),
    Hostile(
        "media",
        "backslashes",
        edit(COURT, "brands/media/logo.svg", "brands\\media\\logo.svg"),
        COURT,
        ("反斜杠", "brands/media/logo.svg"),
        "logo.svg",
    ),
    Hostile(
        "media",
        "HTML as a picture",
        lambda r: (
            write("brands/media/page.html", "<script>alert(1)</script>")(r),
            edit(COURT, "brands/media/logo.svg", "brands/media/page.html")(r),
        ),
        COURT,
        ("类型",),
        "page.html",
    ),
    Hostile(
        "media",
        "missing file",
        edit(COURT, "brands/media/logo.svg", "brands/media/nothere.svg"),
        COURT,
        ("找不到",),
        "nothere.svg",
    ),
    Hostile(
        "media",
        "wrong case",
        edit(COURT, "brands/media/logo.svg", "brands/media/LOGO.svg"),
        COURT,
        ("找不到",),
        "LOGO.svg",
    ),
    Hostile(
        "media",
        "PDF as a logo",
        lambda r: (
            write("brands/media/a.pdf", b"%PDF-1.4\n")(r),
            edit(COURT, "brands/media/logo.svg", "brands/media/a.pdf")(r),
        ),
        COURT,
        ("类型",),
        "a.pdf",
    ),
    Hostile(
        "media",
        "attachment outside",
        edit(CASE, "---\n\n", "attachments: [/etc/passwd]\n---\n\n"),
        CASE,
        ("brands/media/",),
        "attachments",
    ),
    # ---- case front matter
    Hostile("front matter", "no front matter", write(CASE, "## 背景\n\n正文。\n"), CASE, ("文件头",)),
    Hostile("front matter", "front matter is a list", write(CASE, case_file("- title: 测试\n")), CASE, ("键: 值",)),
    Hostile("front matter", "empty front matter", write(CASE, case_file("")), CASE, ("键: 值",)),
    Hostile(
        "front matter",
        "tag in front matter",
        write(
            CASE,
            case_file(VALID_CASE_FRONT.replace("title: 另一篇案例", "title: !!python/object/apply:os.system [ls]")),
        ),
        CASE,
        ("标签",),
        "title:",
    ),
    Hostile(
        "front matter",
        "nested brackets in front matter",
        write(CASE, case_file(VALID_CASE_FRONT + nested(2000))),
        CASE,
        ("嵌套",),
        "x: [[[",
    ),
    Hostile(
        "front matter",
        "unknown visibility",
        write(CASE, case_file(VALID_CASE_FRONT + "visibility: secret\n")),
        CASE,
        ("secret",),
        "visibility",
    ),
    # ---- harmless input that must be accepted as it is
    Hostile(
        "harmless",
        "zero width in prose is a warning",
        edit(BRAND, "concept: 测试用品牌内涵。", "concept: 测试用\u200b品牌内涵。"),
        BRAND,
        ("U+200B", "警告"),
        "concept",
        code=0,
    ),
    Hostile(
        "harmless",
        "Windows junk files",
        lambda r: (write("brands/media/Thumbs.db", b"\x00")(r), write("docs/cases/demo/.DS_Store", b"\x00")(r)),
        "",
        (),
        code=0,
    ),
    Hostile(
        "harmless",
        "CRLF line ends",
        lambda r: (r / PERSON).write_bytes((r / PERSON).read_bytes().replace(b"\n", b"\r\n")),
        "",
        (),
        code=0,
    ),
    Hostile(
        "harmless",
        "script in prose is text",
        edit(PERSON, "story: 测试用事迹。", "story: '<script>alert(1)</script>{{ 7*7 }}'"),
        "",
        (),
        code=0,
    ),
    Hostile(
        "harmless",
        "quoted date-like year key",
        edit(COURT, "  2023:\n    cases_accepted", "  '2023':\n    cases_accepted"),
        "",
        (),
        code=0,
    ),
]


def test_there_are_at_least_a_hundred_distinct_hostile_inputs() -> None:
    assert len({(case.family, case.name) for case in HOSTILE}) == len(HOSTILE) >= 100


@pytest.mark.parametrize("case", HOSTILE, ids=[f"{c.family}: {c.name}" for c in HOSTILE])
def test_hostile_input_gets_a_chinese_message_at_its_line(project: Path, cli: Cli, case: Hostile) -> None:
    case.breaks(project)
    code, out = cli.validate(project)
    assert "Traceback" not in out and "出错了" not in out, out
    assert code == case.code, out
    if not case.file:
        return
    # A file-level mistake may name a line (where the parser noticed it) or none.
    location = re.escape(case.file) + (
        r"(:\d+)?" if case.line is None else f":{line_of(project, case.file, case.line)}"
    )
    rows = [row for row in out.splitlines() if re.match(f"{location}: ", row.removeprefix("[警告] "))]
    assert rows, f"no message for {location} in:\n{out}"
    assert any(all(word in row for word in case.words) and HAN.search(row) and " — " in row for row in rows), out


# --------------------------------------------------------------------------- through mkdocs


BUILD_NAMES = {
    "impossible day", "100000 nested brackets", "python object", "unknown court", "folder named like a case",
    "symlinked case folder", "case README", "RTL override in name", "year quoted and plain", "deleted court.yml",
}  # fmt: skip
BUILD_CASES = [c for c in HOSTILE if c.name in BUILD_NAMES]


@pytest.mark.needs_hook
@pytest.mark.parametrize("case", BUILD_CASES, ids=[c.name for c in BUILD_CASES])
def test_mkdocs_build_stops_with_the_same_message_and_writes_no_site(tmp_path: Path, case: Hostile) -> None:
    root = make_site_project(tmp_path / "project", "minimal", guide=False)
    case.breaks(root)
    built = run_build(root, "--strict")
    assert built.returncode == 1, built.output
    assert "Traceback" not in built.output, built.output
    location = re.escape(case.file) + (r"(:\d+)?" if case.line is None else f":{line_of(root, case.file, case.line)}")
    assert re.search(f"^{location}: ", built.output, re.MULTILINE), built.output
    assert not (built.site / "index.html").exists()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


@pytest.mark.needs_hook
def test_serve_keeps_answering_with_a_banner_when_a_court_goes_missing(tmp_path: Path) -> None:
    """The issue's repro: `court: nowhere` in a brand, then a deleted court.yml. MkDocs' server
    "appears stuck" after a rebuild raises; ours keeps answering and shows the errors."""
    import subprocess
    import time

    root = make_site_project(tmp_path / "project", "minimal", guide=False)
    port = _free_port()
    command = runner_command("serve", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml"))
    server = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def wait_for(check: Callable[[int, str], bool], what: str) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, body = _fetch(f"http://127.0.0.1:{port}/")
            if check(status, body):
                return body
            time.sleep(0.5)
        server.kill()
        raise AssertionError(f"{what}: {server.communicate()[0][-3000:]}")

    try:
        wait_for(lambda status, body: status == 200 and "sc-banner" not in body, "the first build")
        edit(BRAND, "court: demo", "court: nowhere")(root)
        body = wait_for(lambda status, body: status == 200 and "sc-banner" in body, "a banner for the unknown court")
        assert "nowhere" in body
        remove(COURT)(root)
        body = wait_for(
            lambda status, body: status == 200 and "court.yml" in body, "a banner for the deleted court.yml"
        )
        assert _fetch(f"http://127.0.0.1:{port}/")[0] == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    assert "appear stuck" not in output, output
