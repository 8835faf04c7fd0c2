"""`fix` repairs only what is unambiguously wrong, and only the project's own source files.

Each case breaks (or writes validly) one file of a small project the way an editor would, then
runs `validate` and `fix` as a user does. Values, list items, quoted and block scalars and
continuation lines must come out byte-identical; real mistakes must come out as the data the
author meant; `validate` must call fixable exactly what `fix` fixes.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from conftest import Cli, line_in, replace
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from showcase.core.repair import FULLWIDTH_KEY, repair_lines
from showcase.core.yamlsource import load_front_matter, load_yaml_file, split_front_matter

BRAND = "brands/courts/demo/brands/demo-brand.yml"
COURT = "brands/courts/demo/court.yml"
PERSON = "brands/courts/demo/people/demo-person.yml"
CASE = "docs/cases/demo/demo-case.md"


def data_of(path: Path, display: str) -> object:
    """The data validate reads from a file (after its in-memory repairs)."""
    if path.suffix == ".md":
        document, _, _, problems = load_front_matter(path, display)
    else:
        document, problems = load_yaml_file(path, display)
    assert document is not None, problems
    return document.data


# ---------------------------------------------------------------------------- left alone

CARRIER = (
    "carriers:\n  - id: demo-carrier\n    name: 示例讲堂\n    kind: 讲堂\n    description: 测试用载体。\n    "
    "rules:\n{rules}\nupdates:"
)

UNTOUCHED = [
    (
        "list-item-of-scalars",
        BRAND,
        "themes: [党建+审判]",
        "themes:\n  - PDCA：计划执行检查处理\n  - 四有：活动有计划\n  - 2023：年度主题",
    ),
    (
        "carrier-rules",
        BRAND,
        "updates:",
        CARRIER.format(rules="      - PDCA：计划执行检查处理\n      - Note：节假日除外"),
    ),
    (
        "double-quoted",
        BRAND,
        "concept: 测试用品牌内涵。",
        'concept: "测试用品牌内涵。\n  Note：节假日除外\n  stage：示范"',
    ),
    ("single-quoted", BRAND, "concept: 测试用品牌内涵。", "concept: '测试用品牌内涵。\n  Note：节假日除外'"),
    ("quoted-one-line", BRAND, "concept: 测试用品牌内涵。", 'concept: "Note：节假日除外"'),
    (
        "continuation",
        BRAND,
        "concept: 测试用品牌内涵。",
        "concept: 联系方式如下\n  TEL：0775-1234567\n  FAX：0775-7654321",
    ),
    ("continuation-of-list-item", BRAND, "themes: [党建+审判]", "themes:\n  - 联系方式如下\n    TEL：0775-1234567"),
    (
        "block-literal",
        BRAND,
        "concept: 测试用品牌内涵。",
        (
            "concept: |\n  理念：党建引领。\n  note：不是键。\n  \tTab 开头的一行\n  "
            "\u3000\u3000全角空格开头的一行\n  path：x.svg"
        ),
    ),
    ("block-folded", BRAND, "concept: 测试用品牌内涵。", "concept: >-\n  name：桂平\n\n  \t- year：2023"),
    (
        "block-in-list",
        BRAND,
        "    summary: 测试用项目。",
        "    summary: |\n      TEL：0775-1234567\n      \tunit: 不是键",
    ),
    ("value-with-colon", BRAND, "name: 党旗引领·示例枫桥", "name: 党旗引领：示例枫桥"),
    ("comment", BRAND, "stage: 示范", "# stage：示范 是注释\nstage: 示范  # note：注释"),
    ("tab-in-flow", BRAND, "themes: [党建+审判]", "themes: [党建+审判,\n\t党建+为民]"),
    ("case-authors", CASE, "authors: [示例法院机关党委办公室]", "authors:\n  - Note：示例法院机关党委办公室"),
    ("case-body", CASE, "测试正文。", "测试正文。\nstage：示范\n\tname：桂平"),
]


@pytest.mark.parametrize("name, relative, old, new", UNTOUCHED, ids=[u[0] for u in UNTOUCHED])
def test_fix_leaves_valid_text_byte_identical(
    project: Path, cli: Cli, name: str, relative: str, old: str, new: str
) -> None:
    replace(project, relative, old, new)
    path = project / relative
    before, data = path.read_bytes(), data_of(path, relative)
    code, out = cli("--root", str(project), "validate")
    assert code == 0, out  # and so no full-width-colon or indentation report either
    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    assert "没有需要自动修正的问题" in out
    assert path.read_bytes() == before
    assert data_of(path, relative) == data


# ---------------------------------------------------------------------------- repaired

FIXED = [
    ("top-level-key", BRAND, "name: 党旗引领·示例枫桥", "name：党旗引领·示例枫桥", "fullwidth-colon"),
    ("first-line", PERSON, "id: demo-person", "id：demo-person", "fullwidth-colon"),
    ("last-line", PERSON, "story: 测试用事迹。", "story：测试用事迹。", "fullwidth-colon"),
    ("colon-and-space", BRAND, "stage: 示范", "stage： 示范", "fullwidth-colon"),
    ("space-before-colon", BRAND, "stage: 示范", "stage ：示范", "fullwidth-colon"),
    ("full-width-space-after", BRAND, "stage: 示范", "stage：\u3000示范", "fullwidth-colon"),
    ("list-of-mappings", BRAND, "  - date: 2023-12-27", "  - date：2023-12-27", "fullwidth-colon"),
    ("inside-list-item", BRAND, "    title: 测试动态", "    title：测试动态", "fullwidth-colon"),
    (
        "nested-logo-path",
        COURT,
        "    path: brands/media/logo.svg",
        "    path：brands/media/logo.svg",
        "fullwidth-colon",
    ),
    ("key-of-a-mapping", COURT, "  logo:\n", "  logo：\n", "fullwidth-colon"),
    ("year-key", COURT, "  2023:\n", "  2023：\n", "fullwidth-colon"),
    ("metric", COURT, "    cases_closed: 12004", "    cases_closed：12004", "fullwidth-colon"),
    (
        "quoted-value",
        BRAND,
        "branch: '人民法庭: 党支部'",
        "branch：'人民法庭: 党支部'",
        "fullwidth-colon",
    ),  # read as the key “branch：'人民法庭”
    ("case-front-matter", CASE, "  innovation: 创新。", "  innovation：创新。", "fullwidth-colon"),
    ("case-selection", CASE, "  - date: 2023-11", "  - date：2023-11", "fullwidth-colon"),
    ("crlf", BRAND, "stage: 示范", "stage：示范", "fullwidth-colon"),
    ("tab-two-levels", BRAND, "    unit: 示例法庭", "\t\tunit: 示例法庭", "indent"),
    ("tab-one-stop", BRAND, "    unit: 示例法庭", "\tunit: 示例法庭", "indent"),
    ("full-width-spaces", BRAND, "    unit: 示例法庭", "\u3000\u3000unit: 示例法庭", "indent"),
    ("tab-and-colon", BRAND, "    unit: 示例法庭", "\t\tunit：示例法庭", "fullwidth-colon"),
]


@pytest.mark.parametrize("name, relative, old, new, code_name", FIXED, ids=[f[0] for f in FIXED])
def test_fix_repairs_real_mistakes_to_the_meant_data(
    project: Path, cli: Cli, name: str, relative: str, old: str, new: str, code_name: str
) -> None:
    path = project / relative
    if name == "crlf":
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    if name == "quoted-value":
        replace(project, relative, "branch: 人民法庭党支部", old)
    meant = data_of(path, relative)
    replace(project, relative, old, new)
    broken = path.read_text(encoding="utf-8")
    code, out = cli("--root", str(project), "validate")
    assert code == 1, out
    needle = new.strip().splitlines()[0].strip()
    rows = [r for r in out.splitlines() if r.startswith(f"{relative}:{line_in(broken, needle)}: ")]
    assert rows and all("fix" in row for row in rows), out
    assert any(("全角冒号" if code_name == "fullwidth-colon" else "缩进") in row for row in rows), out

    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    assert "修正后校验通过" in out and "（修改后）" in out  # the change is shown as a diff
    assert data_of(path, relative) == meant
    assert path.read_text(encoding="utf-8").count("\n") == broken.count("\n")  # no line moved
    code, out = cli("--root", str(project), "validate")
    assert code == 0, out


def test_fix_repairs_a_key_the_model_expects_where_the_yaml_is_valid(project: Path, cli: Cli) -> None:
    """`logo:\\n  path：x.svg` parses (logo is the text “path：x.svg”), but a logo is a mapping with a `path`."""
    replace(
        project,
        COURT,
        "    path: brands/media/logo.svg\n    explanation: 测试用标识。\n",
        "    path：brands/media/logo.svg\n",
    )
    code, out = cli("--root", str(project), "fix")
    assert code == 1, out
    assert "    path: brands/media/logo.svg\n" in (project / COURT).read_text(encoding="utf-8")
    assert "explanation" in out  # what is still wrong is reported, not hidden
    document = data_of(project / COURT, COURT)
    assert document["master_brand"]["logo"] == {"path": "brands/media/logo.svg"}  # type: ignore[index]


def test_fix_repairs_a_file_typed_in_full_width_mode(project: Path, cli: Cli) -> None:
    path = project / PERSON
    meant = data_of(path, PERSON)
    path.write_text(re.sub(r"^(\w+): ", r"\1：", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    code, out = cli("--root", str(project), "validate")
    assert code == 1 and out.count("全角冒号") == 5, out
    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    assert data_of(path, PERSON) == meant


def test_fix_repairs_a_file_indented_with_tabs(project: Path, cli: Cli) -> None:
    path = project / BRAND
    meant = data_of(path, BRAND)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^((?:  )+)", lambda m: "\t" * (len(m.group(1)) // 2), text, flags=re.M), encoding="utf-8")
    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    assert path.read_text(encoding="utf-8") == text
    assert data_of(path, BRAND) == meant


def test_a_repair_that_decides_another_is_followed_by_it_in_the_same_run() -> None:
    """Re-indenting line 2 under `logo:` makes line 3's full-width colon a key's: one run of fix
    does both, so a second run finds nothing more to change."""
    text = "logo:\n\u3000\u3000path: p\n  path：x.svg\n\u3000\u3000path: p"
    repaired, problems = repair_lines(text, BRAND)
    assert repaired == "logo:\n  path: p\n  path: x.svg\n\u3000\u3000path: p"
    assert [(p.line, p.code) for p in problems] == [(2, "indent"), (3, "fullwidth-colon"), (4, "indent-unknown")]
    assert repair_lines(repaired, BRAND)[0] == repaired


def test_a_tab_before_a_quoted_key_is_undone_like_one_before_a_plain_key() -> None:
    """A metric named `on` is written `'on':` (YAML 1.1 would read it as true); a tab before it is
    repaired from the model like any key."""
    text = "id: a\nmetrics:\n  2019:\n\t'on': 0.5\n\tclosure_rate: 0.9\n"
    repaired, problems = repair_lines(text, BRAND)
    assert yaml.safe_load(repaired) == {"id": "a", "metrics": {2019: {"on": 0.5, "closure_rate": 0.9}}}
    assert [(p.line, p.code) for p in problems] == [(4, "indent"), (5, "indent")]


@pytest.mark.parametrize(
    "text",
    [
        "a:\n  b:\n    x: 1\n\tc: 2\n",  # the tab could be one level or two: both read as valid YAML
        "concept: |\n  第一行\n\t第二行\n",  # a tab that would end or continue a block scalar
        "concept: 第一段\n\u3000\u3000第二段\n",  # a paragraph indent: the line would become a continuation
        "a: x\n\ty\n",  # a continuation line
        "themes:\n  -\tPDCA：计划\n",  # a tab after the dash
        "id: x\n bad: 1\nname：桂平\n",  # an unrelated error first: nothing is guessed past it
    ],
)
def test_ambiguous_indentation_and_broken_files_are_left_to_the_author(text: str) -> None:
    repaired, problems = repair_lines(text, BRAND)
    assert repaired == text
    # What no rule can decide is said at its own line (not at the parser's next stop), and left alone.
    lines = text.split("\n")
    assert all(p.code == "indent-unknown" and lines[p.line - 1][:1] in ("\t", "\u3000") for p in problems), problems


def test_case_body_and_front_matter_lines_match_validate(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)  # file names are read from where the user is, like any command
    path = project / CASE
    replace(project, CASE, "  practicality: 实践。", "  practicality：实践。")
    replace(project, CASE, "测试正文。", "测试正文。\n\nstage：示范（正文里的文字）")
    broken = path.read_text(encoding="utf-8")
    code, out = cli("--root", str(project), "validate")
    assert f"{CASE}:{line_in(broken, 'practicality')}: 键名“practicality”后面用了全角冒号" in out
    code, out = cli("--root", str(project), "fix", CASE)
    assert code == 0, out
    after = path.read_text(encoding="utf-8")
    assert after == broken.replace("practicality：实践。", "practicality: 实践。")
    assert "stage：示范（正文里的文字）" in after


# ---------------------------------------------------------------------------- validate and fix agree

MIXED = """\
id: demo-brand
name: 党旗引领·示例枫桥
court: demo
branch: 人民法庭党支部
liaison: 党支部组织委员
stage：示范
concept: |
  理念：党建引领。
  note：不是键。
themes:
  - PDCA：计划执行检查处理
  - Note：节假日除外
committee: ["张某：书记",
  "李某：委员"]
secretary: 联系方式
  TEL：0775-1234567
projects:
  - id：demo-project
    unit: 示例法庭
    name: "温情调解
      Note：节假日除外"
    summary: 测试用项目。
"""


def test_validate_calls_fixable_exactly_what_fix_fixes(project: Path, cli: Cli) -> None:
    path = project / BRAND
    path.write_text(MIXED, encoding="utf-8")
    code, out = cli("--root", str(project), "validate")
    reported = sorted(
        int(row.split(":")[1])
        for row in out.splitlines()
        if row.startswith(BRAND) and ("全角冒号" in row or "缩进" in row)
    )
    assert reported == [6, 18], out
    code, out = cli("--root", str(project), "fix")
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [n for n, (a, b) in enumerate(zip(MIXED.splitlines(), after, strict=True), start=1) if a != b]
    assert changed == reported
    assert code == 0, out


# ---------------------------------------------------------------------------- which files


def test_fix_keeps_a_symlink_and_fixes_its_target(project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    link = project / PERSON
    target = project / "brands" / "shared" / "person.yml"
    target.parent.mkdir()
    shutil.move(link, target)
    link.symlink_to(os.path.relpath(target, link.parent))
    replace(project, PERSON, "story: 测试用事迹。", "story：测试用事迹。")
    code, out = cli("--root", str(project), "fix", PERSON)
    assert code == 1, out  # the loader does not read brands/shared/ - but the fix was made
    assert link.is_symlink() and link.resolve() == target
    assert "story: 测试用事迹。" in target.read_text(encoding="utf-8")
    assert "符号链接" in out


def test_fix_refuses_a_symlink_out_of_the_project(project: Path, cli: Cli, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("id: x\nname：不属于本项目\n", encoding="utf-8")
    before = outside.read_bytes()
    link = project / "brands" / "courts" / "demo" / "people" / "link.yml"
    link.symlink_to(outside)
    code, out = cli("--root", str(project), "fix", str(link))
    assert code == 2 and "项目目录之外" in out, out
    code, out = cli("--root", str(project), "fix")
    assert code == 1 and "brands/courts/demo/people/link.yml: 是指向项目目录之外" in out, out
    assert outside.read_bytes() == before and link.is_symlink()


def test_fix_refuses_a_symlink_to_a_file_that_is_not_a_source(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    other = project / "settings.yml"
    other.write_text("name：不是资料\n", encoding="utf-8")
    before = other.read_bytes()
    (project / "brands" / "courts" / "demo" / "people" / "link.yml").symlink_to(other)
    code, out = cli("--root", str(project), "fix", "brands/courts/demo/people/link.yml")
    assert code == 2, out
    assert "不是资料文件" in out and other.read_bytes() == before


@pytest.mark.parametrize("kind", ["dangling", "loop", "hard-link"])
def test_fix_refuses_links_it_cannot_keep(project: Path, cli: Cli, kind: str) -> None:
    people = project / "brands" / "courts" / "demo" / "people"
    replace(project, PERSON, "story: 测试用事迹。", "story：测试用事迹。")
    if kind == "dangling":
        (people / "link.yml").symlink_to("nowhere.yml")
    elif kind == "loop":
        (people / "link.yml").symlink_to("link.yml")
    else:
        os.link(project / PERSON, people / "link.yml")
    before = (project / PERSON).read_bytes()
    code, out = cli("--root", str(project), "fix", str(people / "link.yml"))
    assert code == 2, out
    assert ("硬链接" if kind == "hard-link" else "无法打开的符号链接") in out and "出错了" not in out
    assert (project / PERSON).read_bytes() == before


def test_fix_keeps_mode_and_owner(project: Path, cli: Cli) -> None:
    path = project / BRAND
    replace(project, BRAND, "stage: 示范", "stage：示范")
    path.chmod(0o640)
    if os.geteuid() == 0:  # only root can give a file to someone else
        os.chown(path, 4242, 4343)
    owner = (path.stat().st_uid, path.stat().st_gid)
    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    info = path.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640
    assert (info.st_uid, info.st_gid) == owner
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temporary left behind


@pytest.mark.parametrize("where", ["absolute", "relative", "through-a-folder-link"])
def test_fix_refuses_files_outside_the_project(
    project: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    outside = tmp_path / "outside" / "brands" / "x.yml"
    outside.parent.mkdir(parents=True)
    outside.write_text("id: x\nname：外部文件\n", encoding="utf-8")
    before = outside.read_bytes()
    replace(project, BRAND, "stage: 示范", "stage：示范")  # named too: nothing is fixed when one name is refused
    monkeypatch.chdir(project)
    if where == "absolute":
        argument = str(outside)
    elif where == "relative":
        argument = os.path.relpath(outside, project)
    else:
        (project / "brands" / "elsewhere").symlink_to(outside.parent)
        argument = "brands/elsewhere/x.yml"
    code, out = cli("--root", str(project), "fix", BRAND, argument)
    assert code == 2, out
    assert "不在本项目目录内" in out and "Traceback" not in out
    assert outside.read_bytes() == before
    assert "stage：示范" in (project / BRAND).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "relative",
    [
        "notes.yml",
        "brands/media/logo.svg",
        "docs/cases/demo/README.md",
        "docs/guide.md",
        "brands",
        "brands/courts/demo/nothing.yml",
    ],
)
def test_fix_refuses_paths_that_are_not_sources(project: Path, cli: Cli, relative: str) -> None:
    path = project / relative
    if not path.exists() and relative != "brands/courts/demo/nothing.yml":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\nname：x\n---\n", encoding="utf-8")
    before = path.read_bytes() if path.is_file() else None
    code, out = cli("--root", str(project), "fix", str(path))
    assert code == 2, out
    assert ("不是资料文件" in out) or ("文件不存在" in out), out
    assert (path.read_bytes() if path.is_file() else None) == before


def test_fix_leaves_an_undecodable_file_untouched(project: Path, cli: Cli) -> None:
    path = project / PERSON
    raw = b"id: demo-person\nname\xff\xfe\x81: \x80\x80\n"
    path.write_bytes(raw)
    code, out = cli("--root", str(project), "fix")
    assert "无法识别文件编码，未修改" in out
    assert code == 1 and path.read_bytes() == raw


def test_fix_dry_run_writes_nothing(project: Path, cli: Cli) -> None:
    replace(project, BRAND, "stage: 示范", "stage：示范")
    replace(project, CASE, "  innovation: 创新。", "  innovation：创新。")
    (project / BRAND).write_bytes(b"\xef\xbb\xbf" + (project / BRAND).read_bytes())
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    code, out = cli("--root", str(project), "fix", "--dry-run")
    assert code == 0 and "将修正 2 个文件" in out, out
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == files


def test_fix_skips_a_folder_named_like_a_case(project: Path, cli: Cli) -> None:
    (project / "docs" / "cases" / "demo" / "dir.md").mkdir()
    replace(project, BRAND, "stage: 示范", "stage：示范")
    code, out = cli("--root", str(project), "fix", "--dry-run")  # validating afterwards is the loader's part
    assert code == 0 and "将修正 1 个文件" in out, out


# ---------------------------------------------------------------------------- properties

WORDS = st.sampled_from(
    [
        "PDCA：计划执行检查处理",
        "Note：节假日除外",
        "TEL：0775-1234567",
        "path：x.svg",
        "name：桂平",
        "year：2023",
        "2023：年度",
        "a: b",
        "#1",
        "- x",
        "「引号」",
        "'单'",
        '"双"',
        "\u3000首行缩进",
        "\t制表",
    ]
)
TEXT = st.lists(
    WORDS | st.text(alphabet="党建引领枫桥调解abcXYZ019：:，。-#'\" \u3000", min_size=1, max_size=12),
    min_size=1,
    max_size=5,
).map(" ".join)
LINE = TEXT.map(lambda s: s.replace("\n", " "))
IDS = st.from_regex(r"\A[a-z][a-z0-9-]{0,8}\Z")


def _optional(**fields: st.SearchStrategy[object]) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({}, optional=fields)


def brands(text: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, object]]:
    """Brand-shaped documents: the model's keys and nesting, random words as values."""
    project = st.fixed_dictionaries(
        {"id": IDS, "unit": text}, optional={"name": text, "summary": text, "themes": st.lists(text, max_size=3)}
    )
    honor = st.fixed_dictionaries(
        {"year": st.integers(1990, 2030)}, optional={"title": text, "level": st.sampled_from(["院", "市"])}
    )
    carrier = st.fixed_dictionaries(
        {"id": IDS}, optional={"name": text, "description": text, "rules": st.lists(text, max_size=3)}
    )
    return st.fixed_dictionaries(
        {"id": IDS},
        optional={
            "name": text,
            "concept": text,
            "stage": st.sampled_from(["培育", "示范"]),
            "themes": st.lists(text, max_size=4),
            "committee": st.lists(text, max_size=3),
            "logo": _optional(path=text, explanation=text),
            "projects": st.lists(project, max_size=3),
            "honors": st.lists(honor, max_size=3),
            "carriers": st.lists(carrier, max_size=2),
            "metrics": st.dictionaries(
                st.integers(2019, 2024),
                st.dictionaries(st.from_regex(r"\A[a-z][a-z_]{0,8}\Z"), st.floats(0, 1e6, allow_nan=False)),
                max_size=2,
            ),
        },
    )


def dump(data: object, indent: int, width: int, style: str | None = None) -> str:
    return yaml.safe_dump(
        data,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        indent=indent,
        width=width,
        default_style=style,
    )


# The profile from conftest.py: a bounded run in the suite, a long one with `make fuzz`.
PROPERTY = settings()


@PROPERTY
@given(
    brands(TEXT),
    st.sampled_from([2, 4]),
    st.sampled_from([12, 40, 10_000]),
    st.sampled_from([None, '"', "'", "|"]),
    st.sampled_from([BRAND, "brands/privacy-allow.yml", CASE]),
)
def test_property_valid_documents_are_left_alone(
    data: dict[str, object], indent: int, width: int, style: str | None, display: str
) -> None:
    """Random valid YAML (wrapped lines, every quoting style, `key：` text in values and items) is never changed."""
    text = dump(data, indent, width, style)
    assert repair_lines(text, display) == (text, [])


YAML_BLANK = " \t\r"
KEY_LINE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+|\d{4}):(?P<after> |$)")


@PROPERTY
@given(brands(LINE), st.sampled_from([2, 4]), st.data())
def test_property_a_full_width_colon_after_a_known_key_is_undone(
    data: dict[str, object], indent: int, draw: st.DataObject
) -> None:
    """Make one key's colon full-width, as an input method does: fix restores the parsed data."""
    text = dump(data, indent, 10_000)
    lines = text.split("\n")
    keyed = [n for n, line in enumerate(lines) if KEY_LINE.match(line)]
    assume(keyed)
    number = draw.draw(st.sampled_from(keyed))
    spacing = draw.draw(st.sampled_from(["：", "： ", "：\u3000"]))
    match = KEY_LINE.match(lines[number])
    assert match
    # One space after the full-width colon is its separator, as after `:`; a value that itself
    # starts with U+3000 right after `：` cannot be told apart from it.
    assume(not (spacing == "：" and lines[number][match.end() :].startswith("\u3000")))
    lines[number] = (
        match.group("lead")
        + match.group("key")
        + (spacing if match.group("after") else "：")
        + lines[number][match.end() :]
    )
    broken = "\n".join(lines)
    repaired, problems = repair_lines(broken, BRAND)
    assert yaml.safe_load(repaired) == data
    assert [(p.line, p.code) for p in problems] == [(number + 1, "fullwidth-colon")]
    assert repair_lines(repaired, BRAND) == (repaired, [])  # a second run finds nothing more


@PROPERTY
@given(brands(LINE), st.data())
def test_property_tab_indentation_is_undone(data: dict[str, object], draw: st.DataObject) -> None:
    """Indent with tabs (one per level, or one for every four spaces): fix restores the data."""
    text = dump(data, draw.draw(st.sampled_from([2, 4])), 10_000)
    spaces = draw.draw(st.sampled_from([2, 4]))
    broken = re.sub(rf"^((?:{' ' * spaces})+)", lambda m: "\t" * (len(m.group(1)) // spaces), text, flags=re.M)
    repaired, problems = repair_lines(broken, BRAND)
    if broken != text:
        assert (
            repaired == broken or yaml.safe_load(repaired) == data
        )  # left whole when the widths disagree, or repaired
        assert all(p.code == "indent" for p in problems)
    assert repair_lines(repaired, BRAND)[0] == repaired


@PROPERTY
@given(
    st.lists(
        st.sampled_from(
            [
                "id: x",
                "name：桂平",
                "  - year：2023",
                "    title: x",
                "\tunit: u",
                "\u3000\u3000path: p",
                "logo:",
                "  path：x.svg",
                "concept: |",
                "  note：不是键",
                "  'q：",
                '"a',
                "  TEL：0775",
                "- PDCA：计划",
                "[",
                "{a: 1",
                "#",
                "",
            ]
        ),
        max_size=12,
    ),
    st.sampled_from([BRAND, COURT, CASE, "x.yml"]),
)
def test_property_repairs_are_line_preserving_and_only_of_two_kinds(lines: list[str], display: str) -> None:
    """Arbitrary line soup: no exception, no line moved, and each change is a colon or an indentation."""
    text = "\n".join(lines)
    lines = text.split("\n")
    repaired, problems = repair_lines(text, display)
    after = repaired.split("\n")
    assert len(after) == len(lines)
    kinds = {p.line: p.code for p in problems}
    for number, (before, now) in enumerate(zip(lines, after, strict=True), start=1):
        if before != now and kinds.get(number) == "value-format":  # a date or number rewritten: the key stays
            assert now.split(":", 1)[0] == before.split(":", 1)[0]
            continue
        if before != now and kinds.get(number) == "quoted-key":  # only the quotes (and a full-width colon) go
            assert re.sub(r"[“”‘’「」『』]", "", before).replace("：", ": ", 1).split(":", 1)[0] == now.split(":", 1)[0]
            continue
        if before != now:
            assert now == now.lstrip(" \t\u3000").rjust(len(now)), "indentation is spaces only"
            body = before.lstrip(" \t\u3000")
            match = FULLWIDTH_KEY.match(body)
            rest = body[match.end() :] if match else ""
            colon = match and f"{match.group('lead')}{match.group('key')}:{' ' if rest.strip(YAML_BLANK) else ''}{rest}"
            assert now.lstrip(" ") in (body, colon)
    assert sorted({p.line for p in problems if p.code != "indent-unknown"}) == [
        n for n, (a, b) in enumerate(zip(lines, after, strict=True), start=1) if a != b
    ]
    assert all(
        lines[p.line - 1] == after[p.line - 1] for p in problems if p.code == "indent-unknown"
    )  # said, not changed
    again, left = repair_lines(repaired, display)
    assert again == repaired and all(p.code == "indent-unknown" for p in left)


@PROPERTY
@given(brands(LINE), st.sampled_from([2, 4]), st.data())
def test_property_several_full_width_colons_are_undone(
    data: dict[str, object], indent: int, draw: st.DataObject
) -> None:
    """Several keys typed with a full-width colon (an input method left in full-width mode)."""
    lines = dump(data, indent, 10_000).split("\n")
    keyed = [n for n, line in enumerate(lines) if KEY_LINE.match(line)]
    assume(keyed)
    chosen = draw.draw(st.lists(st.sampled_from(keyed), min_size=1, max_size=len(keyed), unique=True))
    for number in chosen:
        match = KEY_LINE.match(lines[number])
        assert match
        assume(not lines[number][match.end() :].startswith("\u3000"))
        lines[number] = match.group("lead") + match.group("key") + "：" + lines[number][match.end() :]
    repaired, problems = repair_lines("\n".join(lines), BRAND)
    assert yaml.safe_load(repaired) == data
    assert sorted(p.line for p in problems) == sorted(n + 1 for n in chosen)


# ---------------------------------------------------------------------------- the sample, mistyped

SAMPLE = Path(__file__).resolve().parent.parent
SAMPLE_FILES = sorted(
    p.relative_to(SAMPLE).as_posix()
    for p in [*(SAMPLE / "brands").rglob("*.yml"), *(SAMPLE / "docs" / "cases").rglob("*.md")]
    if p.name.lower() not in ("index.md", "readme.md")
)


def _source_text(relative: str) -> tuple[str, int]:
    """The YAML of a sample file and the line it starts on."""
    text = (SAMPLE / relative).read_text(encoding="utf-8")
    if relative.endswith(".md"):
        meta, _, _ = split_front_matter(text)
        assert meta is not None
        return meta, 2
    return text, 1


@pytest.mark.parametrize("mistake", ["full-width-mode", "tabs"])
@pytest.mark.parametrize("relative", SAMPLE_FILES)
def test_every_sample_file_mistyped_throughout_is_restored(relative: str, mistake: str) -> None:
    """The whole file typed with the input method in full-width mode, or indented with tabs."""
    text, _ = _source_text(relative)
    if mistake == "full-width-mode":
        broken = re.sub(
            r"^(\s*(?:- )?)([a-z_]+|\d{4}):( |$)", lambda m: m.group(1) + m.group(2) + "：", text, flags=re.M
        )
    else:
        broken = re.sub(r"^((?:  )+)(?=\S)", lambda m: "\t" * (len(m.group(1)) // 2), text, flags=re.M)
    repaired, problems = repair_lines(broken, relative)
    assert yaml.safe_load(repaired) == yaml.safe_load(text)
    assert len(problems) == sum(a != b for a, b in zip(text.split("\n"), broken.split("\n"), strict=True))
