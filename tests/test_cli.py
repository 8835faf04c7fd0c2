"""`fix`, `new`, `schema`, `corpus` and the catalog of a fixture project, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, Cli

from showcase.commands.main import main
from showcase.core import schema
from showcase.core.loader import Layout, load_valid_catalog
from showcase.publishing.runner import runner_command

SITE = FIXTURES / "site"
BRAND = "brands/courts/demo/brands/demo-brand.yml"


# ---------------------------------------------------------------------------- the catalog


def test_the_catalog_holds_the_courts_matrix() -> None:
    catalog = load_valid_catalog(Layout(SITE))
    assert catalog.matrix_formula("guiping") == (
        1,
        4,
        3,
    )  # the master brand, four branch brands, three tribunal projects
    assert catalog.matrix_formula("guigang") == (0, 0, 0)
    assert (
        catalog.courts["guiping"].master_brand is not None
        and catalog.courts["guiping"].master_brand.name == "党旗引领·法耀浔州"
    )
    figures = catalog.figures(catalog.courts["guiping"])[2023]
    assert figures["closure_rate"].value == pytest.approx(87.26)
    assert {c.name for court, _brand, c in catalog.carriers() if court.id == "guiping"} >= {
        "浔法讲堂",
        "主题党日",
        "每周例会",
    }
    assert (len(catalog.courts), len(catalog.brands), len(catalog.cases)) == (3, 6, 4)


# ---------------------------------------------------------------------------- the schema


@pytest.mark.parametrize("kind", ["campaign", "court", "brand", "person", "metrics"])
def test_independent_json_schema_validator_accepts_valid_files(kind: str) -> None:
    globs = {
        "campaign": "brands/campaigns/*.yml",
        "court": "brands/courts/*/court.yml",
        "brand": "brands/courts/*/brands/*.yml",
        "person": "brands/courts/*/people/*.yml",
        "metrics": "brands/metrics.yml",
    }
    files = sorted(str(p) for fixture in ("minimal", "site") for p in (FIXTURES / fixture).glob(globs[kind]))
    assert len(files) >= 2
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--schemafile", str(REPO / "schema" / f"{kind}.schema.json"), *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_independent_validator_rejects_a_broken_brand(tmp_path: Path) -> None:
    broken = tmp_path / "brand.yml"
    broken.write_text(
        (FIXTURES / "minimal" / BRAND).read_text(encoding="utf-8").replace("stage: 示范", "stage: 优秀"),
        encoding="utf-8",
    )
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--schemafile", str(REPO / "schema" / "brand.schema.json"), str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0


def test_committed_schema_matches_the_model() -> None:
    for kind in schema.TITLES:
        committed = (REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert committed == schema.render(kind), (
            f"schema/{kind}.schema.json is stale: run python scripts/showcase.py schema"
        )
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert "./schema/brand.schema.json" in settings["yaml.schemas"]


# ---------------------------------------------------------------------------- fix


def test_fix_repairs_mechanical_mistakes_and_keeps_comments(project: Path, cli: Cli) -> None:
    path = project / BRAND
    original = path.read_text(encoding="utf-8")
    broken = original.replace("stage: 示范", "stage：示范").replace("    unit: 示例法庭", "\t\tunit: 示例法庭")
    path.write_bytes(b"\xef\xbb\xbf" + broken.encode("gbk"))
    code, out = cli("--root", str(project), "validate")
    assert code == 1

    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    assert "-stage：示范" in out and "+stage: 示范" in out  # the diff is shown
    assert "编码改为 UTF-8" in out
    assert "修正后校验通过" in out
    fixed = path.read_bytes()
    assert not fixed.startswith(b"\xef\xbb\xbf")
    text = fixed.decode("utf-8")
    assert "# 测试用支部品牌" in text  # comments kept
    assert text.splitlines()[0] == original.splitlines()[0]
    assert [line.split(":")[0].strip() for line in text.splitlines()] == [
        line.split(":")[0].strip() for line in original.splitlines()
    ]  # key order
    code, out = cli("--root", str(project), "validate")
    assert code == 0, out


def test_fix_dry_run_changes_nothing(project: Path, cli: Cli) -> None:
    path = project / BRAND
    path.write_text(path.read_text(encoding="utf-8").replace("stage: 示范", "stage：示范"), encoding="utf-8")
    before = path.read_bytes()
    code, out = cli("--root", str(project), "fix", "--dry-run")
    assert code == 0
    assert "+stage: 示范" in out
    assert path.read_bytes() == before


def test_fix_leaves_prose_with_fullwidth_colons_alone(project: Path, cli: Cli) -> None:
    path = project / BRAND
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "concept: 测试用品牌内涵。", "concept: |\n  理念：党建引领。\n  note：不是键。\n"
        ),
        encoding="utf-8",
    )
    code, out = cli("--root", str(project), "fix")
    assert code == 0, out
    assert "note：不是键" in path.read_text(encoding="utf-8")


def test_fix_reports_what_it_cannot_repair(project: Path, cli: Cli) -> None:
    path = project / BRAND
    path.write_text(path.read_text(encoding="utf-8").replace("stage: 示范", "stage：优秀"), encoding="utf-8")
    code, out = cli("--root", str(project), "fix")
    assert code == 1
    assert "以下问题需要手动修改" in out and "优秀" in out


# ---------------------------------------------------------------------------- new


@pytest.mark.parametrize(
    "argv, created",
    [
        (
            ["new", "brand", "--court", "demo", "--id", "new-brand", "--name", "党旗引领·新品牌: 测试 #1"],
            "brands/courts/demo/brands/new-brand.yml",
        ),
        (
            ["new", "person", "--court", "demo", "--id", "new-person", "--name", "张某某", "--brand", "demo-brand"],
            "brands/courts/demo/people/new-person.yml",
        ),
        (
            [
                "new",
                "case",
                "--court",
                "demo",
                "--id",
                "new-case",
                "--brand",
                "demo-brand",
                "--title",
                "新案例：“枫桥”经验",
            ],
            "docs/cases/demo/new-case.md",
        ),
    ],
)
def test_new_scaffolds_a_valid_commented_file(project: Path, cli: Cli, argv: list[str], created: str) -> None:
    code, out = cli("--root", str(project), *argv)
    assert code == 0, out
    text = (project / created).read_text(encoding="utf-8")
    assert "#" in text  # commented template
    code, out = cli("--root", str(project), "validate")
    assert code == 0, out


def test_new_refuses_unknown_court_and_writes_nothing(project: Path, cli: Cli) -> None:
    code, out = cli("--root", str(project), "new", "brand", "--court", "dmeo", "--id", "x", "--name", "某品牌")
    assert code == 1
    assert "法院“dmeo”不存在" in out and "demo" in out
    assert not list(project.rglob("x.yml")) and not list(project.rglob("*.new"))


def test_new_refuses_path_tricks(project: Path, cli: Cli) -> None:
    code, out = cli("--root", str(project), "new", "person", "--court", "demo", "--id", "../../evil", "--name", "某")
    assert code == 1
    assert "写法不正确" in out
    assert not (project.parent / "evil.yml").exists()


def test_new_does_not_overwrite(project: Path, cli: Cli) -> None:
    before = (project / BRAND).read_bytes()
    code, out = cli("--root", str(project), "new", "brand", "--court", "demo", "--id", "demo-brand", "--name", "重名")
    assert code == 1 and "已存在" in out
    assert (project / BRAND).read_bytes() == before


def test_usage_errors_are_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["nosuchcommand"])
    assert exit_info.value.code == 2
    assert "用法错误" in capsys.readouterr().err


def test_a_command_starts_without_loading_the_other_commands() -> None:
    """Every start of `build` or `validate` would otherwise pay for the PDF engine `packet` needs
    (more than a second); the help still lists every command, and `packet` still has its engine."""
    code = (
        "import sys; from showcase.commands.main import main; code = main(sys.argv[1:]); "
        "print('weasyprint' in sys.modules, 'showcase.commands.packet' in sys.modules); sys.exit(code)"
    )

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=REPO, timeout=120
        )

    validated = run("--root", str(SITE), "validate")
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.strip().splitlines()[-1] == "False False"
    helped = run("--help")
    assert helped.returncode == 0 and all(name in helped.stdout for name in ("validate", "packet", "assess", "merge"))
    packet = run("packet", "--help")
    assert packet.returncode == 0 and "评审材料包" in packet.stdout


def test_preview_of_an_unknown_court_lists_the_courts_instead_of_serving(cli: Cli) -> None:
    code, out = cli("--root", SITE, "preview", "guipng")
    assert code == 2
    assert "预览范围中的法院“guipng”不存在" in out and "guiping" in out


def test_corpus_is_a_valid_project_that_builds_with_our_hooks(tmp_path: Path, cli: Cli) -> None:
    """The benchmark corpus: valid under the contract, deterministic, and a project `mkdocs build -f` accepts."""
    code, out = cli("corpus", "2", str(tmp_path / "a"))
    assert code == 0, out
    cli("corpus", "2", str(tmp_path / "b"))
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    code, out = cli("--root", str(tmp_path / "a"), "validate")
    assert code == 0, out
    assert "2 个法院、20 个品牌" in out and "60 篇案例" in out
    built = subprocess.run(
        runner_command("build", "-q", "-f", str(tmp_path / "a" / "mkdocs.yml")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "a" / "site" / "brands" / "court-001-brand-09" / "index.html").is_file()
    assert cli("corpus", "2", str(tmp_path / "a" / "brands"))[0] == 2  # never wipes a folder it did not make
