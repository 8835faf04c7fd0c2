"""A new user's first day (issue 15): the one command, templates for everything, placeholders that
are caught and never shown, messages that name the fix, and `fix` doing more, safely.

Every test starts from tests/fixtures/minimal and does what a publicity officer does: runs a
command, edits text, runs validate or fix again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Cli, copy_fixture, line_of, replace

from showcase.commands.main import main
from showcase.core.catalog import Case
from showcase.core.model import CaseMeta
from showcase.editing.scaffold import CASE_SECTIONS

BRAND = "brands/courts/demo/brands/demo-brand.yml"
COURT = "brands/courts/demo/court.yml"
CASE = "docs/cases/demo/demo-case.md"
PLACEHOLDER = "待填写"


def rows_at(out: str, relative: str, line: int) -> list[str]:
    return [
        row
        for row in out.splitlines()
        if row.startswith(f"{relative}:{line}: ") or row.startswith(f"[警告] {relative}:{line}: ")
    ]


# ---------------------------------------------------------------------------- 1. the one command


def _script_project(tmp_path: Path, venv: Path | None) -> Path:
    """A project with its own copy of scripts/showcase.py (which looks for .venv next to itself)."""
    root = copy_fixture("minimal", tmp_path / "project")
    for part in ("scripts", "showcase", "bench"):
        shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("__pycache__"))
    if venv is not None:
        (root / ".venv").symlink_to(venv, target_is_directory=True)
    return root


def test_without_an_environment_the_script_says_what_to_run(tmp_path: Path) -> None:
    """The system Python without the requirements (here: site-packages switched off with -S)."""
    root = _script_project(tmp_path, venv=None)
    result = subprocess.run(
        [sys.executable, "-S", "scripts/showcase.py", "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out and "ModuleNotFoundError" not in out
    assert "运行环境还没有装好" in out and "make setup" in out
    assert r".venv\Scripts\pip install -r requirements.txt" in out and "py -3.11 -m venv .venv" in out
    assert "python scripts/showcase.py validate" in out  # the same command, to run again afterwards


def test_with_a_venv_the_script_runs_itself_there(tmp_path: Path) -> None:
    """Started with another Python (the base interpreter, without the requirements), it reruns
    itself with the project's .venv and the command works."""
    root = _script_project(tmp_path, venv=Path(sys.prefix))
    base = Path(getattr(sys, "_base_executable", sys.executable))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SHOWCASE_REEXEC")}
    result = subprocess.run(
        [str(base), "scripts/showcase.py", "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "校验通过" in result.stdout


def test_every_hint_spells_the_command_one_way() -> None:
    """README, the guide and every hint in the code: `python scripts/showcase.py …` (no .venv/bin/python …)."""
    texts = [
        REPO / "README.md",
        *(REPO / "docs" / "guide").glob("*.md"),
        *(REPO / "showcase").rglob("*.py"),
        *(REPO / "showcase").rglob("*.j2"),
        *(REPO / "showcase").rglob("*.yml"),
    ]
    wrong = re.compile(r"(?:\.venv[/\\](?:bin|Scripts)[/\\]python|python3)\s+scripts[/\\]showcase\.py")
    found = [
        f"{path.relative_to(REPO)}: {match.group()}"
        for path in texts
        for match in wrong.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["new", "--help"],
        ["new", "brand", "--help"],
        ["new", "court", "--help"],
        ["fix", "--help"],
        ["validate", "--help"],
        ["assess", "--help"],
        ["packet", "build", "--help"],
    ],
)
def test_help_is_chinese(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert out.startswith("用法：python scripts/showcase.py") and "\n选项:\n" in out
    assert "usage:" not in out and "options:" not in out and "positional arguments" not in out


# ---------------------------------------------------------------------------- 2. placeholders


def test_an_untouched_brand_template_is_caught_not_passed(project: Path, cli: Cli) -> None:
    code, out = cli(
        "--root", project, "new", "brand", "--court", "demo", "--id", "new-brand", "--name", "党旗引领·新品牌"
    )
    assert code == 0, out
    text = (project / "brands/courts/demo/brands/new-brand.yml").read_text(encoding="utf-8")
    # Nothing invented: no date of today, no theme, no update “… 品牌创建启动”.
    assert "品牌创建启动" not in text and "党建+审判\n" not in text.replace("如 党建+审判", "")
    assert re.search(r"^founded: 待填写", text, re.M) and re.search(r"^\s+- date: 待填写", text, re.M)
    code, out = cli("--root", project, "validate")
    assert code == 0, out  # the intranet build may go on …
    assert out.count("[警告]") >= 6 and "还是模板里的占位文字" in out
    assert (
        "brands/courts/demo/brands/new-brand.yml:"
        + str(line_of(project, "brands/courts/demo/brands/new-brand.yml", "founded:"))
        in out
    )
    code, strict = cli("--root", project, "validate", "--strict")
    assert code == 1 and "[警告]" not in strict.split("共发现")[0], strict  # … but not a strict check
    code, public = cli("--root", project, "validate", "--public")
    assert code == 1 and "还是模板里的占位文字" in public  # … nor a public build


def test_placeholders_are_never_shown_as_data(project: Path, cli: Cli) -> None:
    """The loaded catalog (what the site shows) holds no placeholder, and the unfinished first
    update is left out (it would have been on the home page's 最新动态)."""
    from showcase.core.loader import Layout, load_catalog

    for argv in (
        ["new", "brand", "--court", "demo", "--id", "new-brand", "--name", "党旗引领·新品牌"],
        ["new", "person", "--court", "demo", "--id", "new-person", "--name", "张某某", "--brand", "new-brand"],
        ["new", "case", "--court", "demo", "--id", "new-case", "--brand", "new-brand", "--title", "新案例"],
        ["new", "project", "--brand", "new-brand", "--id", "new-project", "--unit", "某法庭", "--name", "新项目"],
        ["new", "carrier", "--brand", "new-brand", "--id", "new-carrier", "--name", "新讲堂", "--kind", "讲堂"],
    ):
        assert cli("--root", project, *argv)[0] == 0
    catalog, _ = load_catalog(Layout(project))
    brand, person, case = catalog.brands["new-brand"], catalog.people["new-person"], catalog.cases["demo/new-case"]
    everything = repr([brand.model_dump(), person.model_dump(), case.meta.model_dump(), case.body])
    assert PLACEHOLDER not in everything
    assert (
        brand.updates == []
        and brand.projects == []
        and brand.carriers == []
        and brand.founded is None
        and brand.themes == []
    )
    assert brand.concept == "" and person.story == "" and case.meta.authors == []
    assert [u.title for u in catalog.updates()] == ["测试动态"]  # only the fixture's real one
    assert all(f"## {heading}" in case.body for heading, _ in CASE_SECTIONS)  # headings stay, placeholder text goes


# ---------------------------------------------------------------------------- 3. scaffolds


FILLED = {  # placeholder → what the user writes instead (an empty string: the line is deleted)
    "待填写：一段简介（选填）": "平南县人民法院机关党委。",
    "待填写：总品牌内涵": "以党建引领审判执行。",
    "待填写：创建时间，如 2023": "2023",
    "待填写：党支部名称，如 人民法庭党支部": "人民法庭党支部",
    "待填写：支部书记（选填）": "李某某",
    "待填写：联络员": "党支部组织委员",
    "待填写：创建时间，如 2024-03": "2024-03",
    "待填写：品牌内涵": "把党支部建在法庭上。",
    "待填写：主题，如 党建+审判": "党建+审判",
    "待填写：日期，如 2024-03-15": "2024-03-15",
    "待填写：第一条动态的标题": "品牌正式命名",
    "待填写：职务（选填）": "四级高级法官",
    "待填写：事迹": "扎根基层审判一线。",
    "待填写：作者或部门，如 某某法院机关党委办公室": "平南法院机关党委办公室",
    "待填写：一两句话的摘要": "枫桥经验在法庭落地。",
    "待填写：本案例的创新之处": "创新。",
    "待填写：在实际工作中如何落地": "实践。",
    "待填写：其他法院照着做的步骤": "操作。",
    "待填写：可推广、可借鉴的价值": "示范。",
    "待填写：项目简介": "家事纠纷柔性化解。",
    "待填写：主题，如 党建+调解": "党建+调解",
    "待填写：频次，如 每月一次": "每月一次",
    "待填写：载体说明：做什么、怎么做": "每月一期，支部书记主讲。",
    "待填写：内容（选填）": "首期讲授调解技巧。",
    "待填写：活动的目的和主要要求": "培育可复制推广的党建品牌。",
    **{f"待填写：{what}": f"{heading}的内容。" for heading, what in CASE_SECTIONS},
}


def fill(path: Path) -> None:
    """Replace every placeholder as a user would, by editing the text."""
    text = path.read_text(encoding="utf-8")
    for old, new in FILLED.items():
        text = text.replace(old, new)
    left = [
        line for line in text.splitlines() if PLACEHOLDER in line and not line.lstrip().startswith("#")
    ]  # the header comments explain them
    assert not left, left
    path.write_text(text, encoding="utf-8")


SCAFFOLDS = [
    (
        [
            "new",
            "court",
            "--id",
            "pingnan",
            "--name",
            "平南县人民法院",
            "--short-name",
            "平南法院",
            "--level",
            "基层",
            "--region",
            "广西贵港市平南县",
            "--master-brand",
            "党旗引领·平南",
        ]
        + ["--campaign", "demo-campaign"],
        "brands/courts/pingnan/court.yml",
    ),
    (
        [
            "new",
            "campaign",
            "--id",
            "new-selection",
            "--name",
            "全区案例评选",
            "--kind",
            "案例评选",
            "--organiser",
            "示例高级人民法院",
            "--years",
            "2023",
            "2024",
        ],
        "brands/campaigns/new-selection.yml",
    ),
    (
        ["new", "brand", "--court", "pingnan", "--id", "pingnan-fengqiao", "--name", "党旗引领·平南枫桥"],
        "brands/courts/pingnan/brands/pingnan-fengqiao.yml",
    ),
    (
        ["new", "person", "--court", "pingnan", "--id", "li-mou", "--name", "李某", "--brand", "pingnan-fengqiao"],
        "brands/courts/pingnan/people/li-mou.yml",
    ),
    (
        [
            "new",
            "case",
            "--court",
            "pingnan",
            "--id",
            "pingnan-case",
            "--brand",
            "pingnan-fengqiao",
            "--title",
            "枫桥调解",
            "--year",
            "2024",
        ],
        "docs/cases/pingnan/pingnan-case.md",
    ),
    (
        [
            "new",
            "project",
            "--brand",
            "pingnan-fengqiao",
            "--id",
            "siwang-family",
            "--unit",
            "思旺法庭",
            "--name",
            "和美家事",
        ],
        "brands/courts/pingnan/brands/pingnan-fengqiao.yml",
    ),
    (
        [
            "new",
            "carrier",
            "--brand",
            "pingnan-fengqiao",
            "--id",
            "pingnan-lecture",
            "--name",
            "平南讲堂",
            "--kind",
            "讲堂",
        ],
        "brands/courts/pingnan/brands/pingnan-fengqiao.yml",
    ),
    (
        ["new", "carrier", "--court", "pingnan", "--id", "pingnan-day", "--name", "主题党日", "--kind", "主题党日"],
        "brands/courts/pingnan/court.yml",
    ),
    (
        [
            "new",
            "update",
            "--brand",
            "pingnan-fengqiao",
            "--date",
            "2024年3月15日",
            "--title",
            "平南讲堂开讲",
            "--project",
            "siwang-family",
        ],
        "brands/courts/pingnan/brands/pingnan-fengqiao.yml",
    ),
]


def test_every_kind_is_scaffolded_and_valid_once_filled(project: Path, cli: Cli) -> None:
    for argv, created in SCAFFOLDS:
        code, out = cli("--root", project, *argv)
        assert code == 0, (argv, out)
        assert (project / created).is_file()
        code, out = cli("--root", project, "validate")
        assert code == 0, (argv, out)
    for folder in (
        "brands/courts/pingnan/brands",
        "brands/courts/pingnan/people",
        "brands/media/pingnan",
        "docs/cases/pingnan",
    ):
        assert (project / folder).is_dir(), folder
    for created in {created for _, created in SCAFFOLDS}:
        fill(project / created)
    code, out = cli("--root", project, "validate", "--strict")
    assert code == 0, out
    assert "校验通过：2 个法院、2 个品牌、2 个项目、2 位先进典型、2 篇案例" in out
    brand = yaml.safe_load((project / "brands/courts/pingnan/brands/pingnan-fengqiao.yml").read_text(encoding="utf-8"))
    assert [u["date"].isoformat() if hasattr(u["date"], "isoformat") else u["date"] for u in brand["updates"]] == [
        "2024-03-15",
        "2024-03-15",
    ]  # the CLI date converted


def test_the_case_template_has_every_heading_the_guide_asks_for(project: Path, cli: Cli) -> None:
    guide = (REPO / "docs/guide/case.md").read_text(encoding="utf-8")
    asked = re.findall(r"^## (\S+)$", guide.split("## 正文怎么写", 1)[1].split("写作时请注意", 1)[0], re.M)
    assert asked == [heading for heading, _ in CASE_SECTIONS] == ["背景", "做法", "成效", "启示"]
    assert (
        cli(
            "--root", project, "new", "case", "--court", "demo", "--id", "c2", "--brand", "demo-brand", "--title", "题"
        )[0]
        == 0
    )
    body = (project / "docs/cases/demo/c2.md").read_text(encoding="utf-8").split("---", 2)[2]
    assert re.findall(r"^## (\S+)$", body, re.M) == asked


def test_additions_keep_the_file_as_written(project: Path, cli: Cli) -> None:
    """A brand file with comments, a flow list and blank lines: new lines are added, none changed."""
    path = project / BRAND
    path.write_text(
        path.read_text(encoding="utf-8").replace("themes: [党建+审判]", "themes: [党建+审判]   # 主题\n\n# 下面是项目"),
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8").splitlines()
    for argv in (
        ["new", "project", "--brand", "demo-brand", "--id", "p2", "--unit", "某法庭", "--name", "某项目"],
        [
            "new",
            "carrier",
            "--brand",
            "demo-brand",
            "--id",
            "c2",
            "--name",
            "某讲堂",
            "--kind",
            "讲堂",
        ],  # no carriers key yet
        ["new", "update", "--brand", "demo-brand", "--date", "2024-01", "--title", "某动态"],
    ):
        code, out = cli("--root", project, *argv)
        assert code == 0, out
    after = path.read_text(encoding="utf-8").splitlines()
    kept = iter(after)
    assert all(any(line == other for other in kept) for line in before), "every old line is still there, in order"
    data = yaml.safe_load("\n".join(after))
    assert [p["id"] for p in data["projects"]] == ["demo-project", "p2"]
    assert [c["id"] for c in data["carriers"]] == ["c2"]
    assert [u["title"] for u in data["updates"]] == ["测试动态", "某动态"]
    assert list(data)[-3:] == ["projects", "carriers", "updates"]  # carriers where the model puts it


def test_additions_refuse_duplicates_and_broken_files(project: Path, cli: Cli) -> None:
    before = (project / BRAND).read_bytes()
    code, out = cli(
        "--root",
        project,
        "new",
        "project",
        "--brand",
        "demo-brand",
        "--id",
        "demo-project",
        "--unit",
        "某",
        "--name",
        "某",
    )
    assert code == 1 and "已被" in out and "全站必须唯一" in out
    replace(project, BRAND, "stage: 示范", "stage: 示范\n  bad: [")
    broken = (project / BRAND).read_bytes()
    code, out = cli("--root", project, "new", "update", "--brand", "demo-brand", "--title", "某")
    assert code == 1 and "现在有错误" in out, out
    assert (project / BRAND).read_bytes() == broken != before


def test_a_case_selection_is_not_a_campaign_a_court_joins(project: Path, cli: Cli) -> None:
    assert (
        cli(
            "--root",
            project,
            "new",
            "campaign",
            "--id",
            "cases-2024",
            "--name",
            "案例评选",
            "--kind",
            "案例评选",
            "--organiser",
            "某院",
            "--years",
            "2024",
        )[0]
        == 0
    )
    replace(project, COURT, "campaigns: [demo-campaign]", "campaigns: [demo-campaign, cases-2024]")
    code, out = cli("--root", project, "validate")
    assert code == 1
    assert (
        rows_at(out, COURT, line_of(project, COURT, "campaigns:"))
        and "“cases-2024”是案例评选，不是品牌创建活动" in out
        and "selections" in out
    )
    code, out = cli(
        "--root",
        project,
        "new",
        "court",
        "--id",
        "x",
        "--name",
        "某院",
        "--level",
        "基层",
        "--region",
        "某地",
        "--campaign",
        "cases-2024",
    )
    assert code == 1 and "是案例评选" in out and not (project / "brands/courts/x").exists()
    code, out = cli(
        "--root", project, "new", "court", "--id", "y", "--name", "某院", "--level", "基层", "--region", "某地"
    )
    assert code == 0 and "demo-campaign（示例品牌创建活动）" in out and "案例评选不写在这里" in out
    assert "cases-2024" in (project / "brands/courts/y/court.yml").read_text(
        encoding="utf-8"
    )  # named as one not to list


# ---------------------------------------------------------------------------- 5. messages


def test_messages_lead_to_the_fix(project: Path, cli: Cli) -> None:
    """Each mistake of the issue: one message, at its own line, naming the user's value converted."""
    replace(project, BRAND, "founded: 2023-03-01", "founded: 2021年3月5日")
    replace(project, BRAND, "stage: 示范", "“stage”: 培育")
    replace(project, CASE, "year: 2023", "year: 2022年")
    replace(project, COURT, "path: brands/media/logo.svg", 'path: "brands\\media\\logo.svg"')
    code, out = cli("--root", project, "validate")
    assert code == 1
    rows = out.splitlines()
    assert rows_at(out, BRAND, line_of(project, BRAND, "founded:")) == [
        (
            f"{BRAND}:8: “founded”（创建时间）的日期写成了“2021年3月5日” — 日期写成 2021-03-05；运行 python "
            "scripts/showcase.py fix 可自动修正"
        )
    ]
    quoted = rows_at(out, BRAND, line_of(project, BRAND, "“stage”"))
    assert len(quoted) == 1 and "两边多了中文引号" in quoted[0] and "stage: " in quoted[0]
    assert not [row for row in rows if "缺少必填字段" in row or "未知字段" in row]
    assert "年份只写四位数字 2022" in rows_at(out, CASE, line_of(project, CASE, "year:"))[0]
    assert "改为 brands/media/logo.svg" in rows_at(out, COURT, line_of(project, COURT, "path:"))[0]
    assert "ISO" not in out and "13756" not in out


def _more_metrics(root: Path) -> None:
    extra = "".join(f"  - key: extra_{n:02d}\n    label: 指标{n}\n    unit: 次\n" for n in range(12))
    (root / "brands/metrics.yml").write_text(
        (root / "brands/metrics.yml").read_text(encoding="utf-8") + extra, encoding="utf-8"
    )
    replace(root, COURT, "cases_closed: 12004", "zzzz: 12004")


def _unclosed(root: Path) -> None:
    replace(root, CASE, "---\n\n## 背景", "\n## 背景")


def _edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    return lambda root: replace(root, relative, old, new)


# Each message of the issue: the mistake, the one row validate prints now (at the mistake's own
# line) and what the old message said that must not come back.
MESSAGES = {
    "date": (
        _edit(BRAND, "founded: 2023-03-01", "founded: 2021年3月5日"),
        (
            f"{BRAND}:8: “founded”（创建时间）的日期写成了“2021年3月5日” — 日期写成 2021-03-05；运行 python "
            "scripts/showcase.py fix 可自动修正"
        ),
        ["ISO"],
    ),
    "quoted-key": (
        _edit(BRAND, "stage: 示范", "“stage”: 培育"),
        (
            f"{BRAND}:7: 键名“stage”两边多了中文引号 — 删去引号，写成 stage: …；运行 python scripts/showcase.py fix "
            "可自动修正"
        ),
        ["缺少必填字段", "未知字段"],
    ),
    "full-width-indent": (
        _edit(BRAND, "    unit: 示例法庭", "\u3000unit: 示例法庭"),
        (
            f"{BRAND}:13: 缩进中使用了全角空格 — YAML 只能用半角空格缩进（每级 2 个）；运行 python "
            "scripts/showcase.py fix 可自动替换"
        ),
        ["列表", "多余的"],
    ),
    "metrics-cut": (
        _more_metrics,
        f"{COURT}:16: 引用了不存在的指标“zzzz” — 现有的指标：cases_accepted、cases_closed、closure_rate、"
        + "、".join(f"extra_{n:02d}" for n in range(9))
        + "等，共 15 个，完整列表见 brands/metrics.yml",
        [],
    ),
    "year-with-unit": (
        _edit(CASE, "year: 2023", "year: 2022年"),
        (
            f"{CASE}:5: “year”（年份）的年份写成了“2022年” — 年份只写四位数字 2022；运行 python scripts/showcase.py "
            "fix 可自动修正"
        ),
        ["13756"],
    ),
    "empty-title": (
        _edit(CASE, "title: 测试案例", "title:"),
        f"{CASE}:2: “title”（案例标题）没有填写 — 在冒号后面写上内容",
        ["None"],
    ),
    "unclosed-front-matter": (
        _unclosed,
        (
            f"{CASE}:1: 文件头没有结束：第 1 行的 --- 之后找不到结束的 --- — 在第 19 行正文开始之前单独写一行 "
            "---（三个半角减号）"
        ),
        ["缺少文件头"],
    ),
    "backslash-path": (
        _edit(COURT, "path: brands/media/logo.svg", 'path: "brands\\media\\logo.svg"'),
        f"{COURT}:11: 双引号里的反斜杠“\\”被当作了转义符 — 路径一律用正斜杠“/”，改为 brands/media/logo.svg",
        ["大小写", "unknown escape"],
    ),
    "backslash-picture": (
        _edit(CASE, "测试正文。", "测试正文。\n\n![标识](..\\..\\..\\brands\\media\\logo.svg)"),
        (
            f"{CASE}:24: 图片路径“..\\..\\..\\brands\\media\\logo.svg”用了反斜杠“\\” — 路径一律用正斜杠“/”分隔，改为 "
            "../../../brands/media/logo.svg"
        ),
        ["大小写"],
    ),
}


@pytest.mark.parametrize("mistake", MESSAGES)
def test_each_mistake_of_the_issue_gets_one_message_naming_the_fix(project: Path, cli: Cli, mistake: str) -> None:
    make, row, old = MESSAGES[mistake]
    make(project)
    code, out = cli.validate(project)
    assert code == 1
    assert [r for r in out.splitlines() if r.startswith(("brands/", "docs/"))] == [row], out
    assert not [word for word in old if word in out], out


def test_an_indentation_no_rule_decides_is_said_at_its_line(project: Path, cli: Cli) -> None:
    """A tab that could be one level or two: the message is at that line, not the parser's next stop."""
    replace(project, COURT, "    closure_rate: 87.26", "\tclosure_rate: 87.26")
    code, out = cli("--root", project, "validate")
    number = line_of(project, COURT, "closure_rate")
    row = rows_at(out, COURT, number)
    assert code == 1 and row and "缩进" in row[0], out
    assert len([r for r in out.splitlines() if r.startswith(COURT)]) == 1


# ---------------------------------------------------------------------------- 4. fix


def fix(cli: Cli, root: Path) -> tuple[int, str]:
    return cli("--root", root, "fix")


@pytest.mark.parametrize(
    ("relative", "old", "typed", "written"),
    [
        (BRAND, "founded: 2023-03-01", "founded: 2021年3月5日", "founded: 2021-03-05"),
        (BRAND, "founded: 2023-03-01", "founded: 2023.3", "founded: 2023-03"),
        (BRAND, "founded: 2023-03-01", "founded: 2023.10", "founded: 2023-10"),
        (BRAND, "  - date: 2023-12-27", "  - date: 2023/12/27", "  - date: 2023-12-27"),
        (COURT, "cases_accepted: 13756", "cases_accepted: 13,756件", "cases_accepted: 13756"),
        (COURT, "cases_closed: 12004", "cases_closed: １２００４", "cases_closed: 12004"),
        (COURT, "closure_rate: 87.26", "closure_rate: 87.26%", "closure_rate: 87.26"),
        (CASE, "year: 2023", "year: 2023年", "year: 2023"),
        (BRAND, "stage: 示范", "“stage”: 示范", "stage: 示范"),
        (BRAND, "stage: 示范", "‘stage’：示范", "stage: 示范"),
        (BRAND, "    unit: 示例法庭", "\u3000unit: 示例法庭", "    unit: 示例法庭"),  # one full-width space for four
        (
            COURT,
            "    closure_rate: 87.26",
            "\u3000closure_rate: 87.26",
            "    closure_rate: 87.26",
        ),  # the last of its mapping
    ],
)
def test_fix_repairs_what_is_unambiguous_and_shows_it(
    project: Path, cli: Cli, relative: str, old: str, typed: str, written: str
) -> None:
    original = (project / relative).read_text(encoding="utf-8")
    replace(project, relative, old, typed)
    code, out = fix(cli, project)
    assert code == 0, out
    diff = out.splitlines()
    assert any(row.startswith("-") and row[1:].strip() == typed.strip() for row in diff), out  # shown as a diff
    assert any(row.startswith("+") and row[1:].strip() == written.strip() for row in diff), out
    assert (project / relative).read_text(encoding="utf-8") == original.replace(old, written, 1)


def test_fix_repairs_units_in_a_carrier(project: Path, cli: Cli) -> None:
    assert (
        cli(
            "--root",
            project,
            "new",
            "carrier",
            "--brand",
            "demo-brand",
            "--id",
            "c1",
            "--name",
            "讲堂",
            "--kind",
            "讲堂",
        )[0]
        == 0
    )
    path = project / BRAND
    path.write_text(
        re.sub(
            r"^    # sessions_held: 0.*$",
            "    sessions_held: 10期   # 截至年底",
            path.read_text(encoding="utf-8"),
            flags=re.M,
        ),
        encoding="utf-8",
    )
    code, out = fix(cli, project)
    assert code == 0, out
    assert "-    sessions_held: 10期   # 截至年底" in out and "+    sessions_held: 10   # 截至年底" in out
    assert "    sessions_held: 10   # 截至年底\n" in path.read_text(encoding="utf-8")  # the comment stays


@pytest.mark.parametrize(
    ("relative", "old", "typed", "said"),
    [
        (COURT, "cases_accepted: 13756", "cases_accepted: 13756多", "约数"),  # approximate
        (COURT, "cases_accepted: 13756", "cases_accepted: 1.3万", "写成 13000"),  # a multiplier: named, not applied
        (COURT, "cases_accepted: 13756", "cases_accepted: 87%", "百分比"),  # % where the unit is 件
        (BRAND, "founded: 2023-03-01", 'founded: "2021年3月5日"', "写成 2021-03-05"),  # quoted: the author's text
        (BRAND, "founded: 2023-03-01", "founded: 21.3.5", "三种写法"),  # a two-digit year
        (COURT, "cases_accepted: 13756", "cases_accepted: 1,37,56", "数字"),  # not thousands
    ],
)
def test_fix_leaves_what_could_mean_two_things(
    project: Path, cli: Cli, relative: str, old: str, typed: str, said: str
) -> None:
    replace(project, relative, old, typed)
    before = (project / relative).read_bytes()
    code, out = fix(cli, project)
    assert code == 1, out
    assert (project / relative).read_bytes() == before
    row = rows_at(out, relative, line_of(project, relative, typed.split(":")[0].strip()))
    assert row and said in row[0], out


# ---------------------------------------------------------------------------- 6. the case badge


def _case(selections: list[dict[str, str]]) -> Case:
    meta = CaseMeta.model_validate(
        {
            "title": "t",
            "brand": "b",
            "court": "c",
            "year": 2022,
            "authors": ["a"],
            "summary": "s",
            "criteria": dict.fromkeys(("innovation", "practicality", "operability", "exemplarity"), "x"),
            "selections": selections,
        }
    )
    return Case("c/x", meta, "cases/c/x.md", "", Path("x.md"))


def test_the_badge_shows_the_highest_level_and_outcome_whatever_the_order() -> None:
    two = [{"date": "2022", "level": "院", "outcome": "推荐"}, {"date": "2022", "level": "市", "outcome": "入选"}]
    assert _case(two).status == _case(list(reversed(two))).status == "市级入选"
    same_level = [
        {"date": "2023-05", "level": "区", "outcome": "获评"},
        {"date": "2023-05", "level": "区", "outcome": "推荐"},
    ]
    assert _case(same_level).status == _case(list(reversed(same_level))).status == "区级获评"
    later_but_lower = [
        {"date": "2023", "level": "区", "outcome": "入选"},
        {"date": "2024", "level": "院", "outcome": "推荐"},
    ]
    assert _case(later_but_lower).status == "区级入选"
    assert _case([]).status == ""


def test_an_addition_keeps_windows_line_ends(project: Path, cli: Cli) -> None:
    path = project / BRAND
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    code, out = cli(
        "--root", project, "new", "update", "--brand", "demo-brand", "--date", "2024-01", "--title", "某动态"
    )
    assert code == 0, out
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert "某动态" in after.decode("utf-8")


def test_a_name_is_never_a_placeholder(project: Path, cli: Cli) -> None:
    """A page cannot be titled with nothing: a placeholder name is an error even on the intranet."""
    replace(project, BRAND, "name: 党旗引领·示例枫桥", "name: 待填写：品牌名称")
    code, out = cli("--root", project, "validate")
    assert code == 1 and "“name”（子品牌名称）还是模板里的占位文字" in out and "[警告]" not in out
