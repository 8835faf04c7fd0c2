"""A failed build leaves no site behind, and an unknown SHOWCASE_AUDIENCE stops every entry point.

`mkdocs build` (and `properdocs build`, the MkDocs 1.6 fork that runs the same hooks) writes into
a staging folder beside site_dir; only a build that really succeeded replaces site_dir. The
builds here use the small fixture data (tests/fixtures/minimal) with the repository's site code.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_fixture, make_site_project

from showcase.adapter import output
from showcase.commands.main import main
from showcase.core.settings import RUNNERS, AudienceError, current_audience
from showcase.publishing.runner import runner_command

TOOLS = list(RUNNERS)
INTERNAL_LIAISON = "联络员赵内部书记"
# `project`: the repository's site code and hand-written pages with the minimal fixture's data.
pytestmark = pytest.mark.fixture_project("minimal", site=True)


def build(
    root: Path, *args: str, tool: str | None = None, audience: str | None = None, site: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SHOWCASE_AUDIENCE"}
    if audience is not None:
        env["SHOWCASE_AUDIENCE"] = audience
    command = runner_command(
        "build", "-f", str(root / "mkdocs.yml"), "-d", str(site or root / "site"), *args, runner=tool
    )
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env, timeout=300, check=False)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if output.STAGING in p.name or output.OLD in p.name)


def leak_into_the_footer(root: Path) -> None:
    """A field marked internal whose text an editor also typed into mkdocs.yml: a real leak."""
    brand = root / "brands/courts/demo/brands/demo-brand.yml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace("liaison: 党支部组织委员", f"liaison: {INTERNAL_LIAISON}")
        + "internal_fields: [liaison]\n",
        encoding="utf-8",
    )
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_description:", f"copyright: {INTERNAL_LIAISON}\nsite_description:", 1
        ),
        encoding="utf-8",
    )


# ---------------------------------------------------------------------------- failed builds


@pytest.mark.parametrize("tool", TOOLS)
def test_a_public_build_that_fails_the_leak_check_leaves_no_site(project: Path, tool: str) -> None:
    """Issue 11, item 10: exit 1, and no index.html anywhere in the destination."""
    leak_into_the_footer(project)
    result = build(project, "--strict", tool=tool, audience="public")
    assert result.returncode == 1, result.stdout + result.stderr
    assert INTERNAL_LIAISON in result.stderr and "Traceback" not in result.stderr
    assert not (project / "site").exists()
    assert not list(project.rglob("index.html")) and leftovers(project) == []
    assert build(project, "--strict", tool=tool, audience="internal").returncode == 0  # the intranet may show it
    assert INTERNAL_LIAISON in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(project: Path) -> None:
    assert build(project, "--strict").returncode == 0
    site = project / "site"
    before = tree(site)
    leak_into_the_footer(project)
    assert build(project, "--strict", audience="public").returncode == 1
    assert tree(site) == before and leftovers(project) == []


def test_the_issue_reproduction_builds_a_complete_public_site_without_the_internal_court(tmp_path: Path) -> None:
    """Item 10 as filed: one court of three marked internal. Nothing public names it, so the
    public build succeeds and leaves a complete site in which the court and its brands, people
    and cases have no page. (A build the leak check stops leaves none: the tests above.)"""
    root = make_site_project(tmp_path / "project", "site")
    court = root / "brands/courts/qingshan/court.yml"
    court.write_text(court.read_text(encoding="utf-8") + "visibility: internal\n", encoding="utf-8")
    result = build(root, "--strict", audience="public")
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    for page in (
        "",
        "courts/guiping/",
        "brands/xunzhou-fengqiao/",
        "cases/guiping/xunfa-lecture/",
        "people/tang-shengwei/",
    ):
        assert (site / page / "index.html").is_file(), page
    for page in (
        "courts/qingshan/",
        "brands/qingfeng-zhixing/",
        "brands/yizhan-weimin/",
        "cases/qingshan/wage-enforcement/",
        "people/sample-judge-zhang/",
    ):
        assert not (site / page).exists(), page
    assert "青山" not in (site / "courts" / "index.html").read_text(encoding="utf-8")
    assert leftovers(root) == []


def test_a_validation_error_leaves_the_previous_site(project: Path) -> None:
    assert build(project).returncode == 0
    before = tree(project / "site")
    brand = project / "brands/courts/demo/brands/demo-brand.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("stage: 示范", "stage: 很好"), encoding="utf-8")
    result = build(project)
    assert result.returncode == 1 and "demo-brand.yml:" in result.stderr
    assert tree(project / "site") == before and leftovers(project) == []


def test_a_strict_mode_warning_after_post_build_leaves_no_site(project: Path) -> None:
    """MkDocs counts strict-mode warnings after on_post_build: the swap must wait until then."""
    page = project / "docs/guide/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](no-such-page.md)\n", encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 1 and "strict mode" in result.stdout + result.stderr
    assert not (project / "site").exists() and leftovers(project) == []
    assert (
        build(project).returncode == 0 and (project / "site" / "index.html").is_file()
    )  # a warning only, without --strict


# ---------------------------------------------------------------------------- successful builds


def test_a_successful_build_replaces_the_site_and_keeps_hidden_entries(project: Path) -> None:
    site = project / "site"
    (site / "old-page").mkdir(parents=True)
    (site / "old-page" / "index.html").write_text("上一次构建的旧页面", encoding="utf-8")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (site / ".nojekyll").write_text("", encoding="utf-8")
    result = build(project, "--strict")
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert not (site / "old-page").exists()  # what MkDocs' clean removes is gone
    assert (site / ".git" / "HEAD").read_text(encoding="utf-8") == "ref: refs/heads/main\n"  # what it keeps is kept
    assert (site / ".nojekyll").exists() and not (site / output.MARKER).exists()
    assert leftovers(project) == []


def test_a_symlinked_site_dir_is_filled_in_place(project: Path, tmp_path: Path) -> None:
    real = tmp_path / "www" / "real-site"
    real.mkdir(parents=True)
    (project / "site").symlink_to(real)
    assert build(project).returncode == 0
    assert (project / "site").is_symlink() and (real / "index.html").is_file()


def test_a_site_dir_that_is_a_file_is_an_error(project: Path) -> None:
    (project / "site").write_text("不是目录", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1 and "是一个文件" in result.stderr and "Traceback" not in result.stderr
    assert (project / "site").read_text(encoding="utf-8") == "不是目录"


# ---------------------------------------------------------------------------- the staging folder itself


def test_staging_beside_then_swap(tmp_path: Path) -> None:
    final = tmp_path / "site"
    (final / ".git").mkdir(parents=True)
    (final / "stale.html").write_text("旧", encoding="utf-8")
    staging = Path(output.begin(final))
    assert staging.parent == tmp_path and (staging / output.MARKER).is_file()
    (staging / "index.html").write_text("新", encoding="utf-8")
    output.complete()
    assert output.settle() == final.resolve()
    assert sorted(p.name for p in final.iterdir()) == [".git", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_staging_inside_a_mount_point(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    final = tmp_path / "site"
    (final / ".keep").mkdir(parents=True)
    (final / "stale.html").write_text("旧", encoding="utf-8")
    monkeypatch.setattr(output.os.path, "ismount", lambda path: Path(path) == final)
    staging = Path(output.begin(final))
    assert staging.parent == final
    (staging / "index.html").write_text("新", encoding="utf-8")
    output.complete()
    output.settle()
    assert sorted(p.name for p in final.iterdir()) == [".keep", "index.html"]


def test_an_incomplete_build_is_discarded_at_shutdown(tmp_path: Path) -> None:
    final = tmp_path / "site"
    staging = Path(output.begin(final))
    (staging / "index.html").write_text("半成品", encoding="utf-8")
    assert output.settle() is None  # e.g. Ctrl+C: on_post_build never finished
    assert not final.exists() and not staging.exists()


def test_leftovers_of_killed_builds_are_removed_but_look_alikes_are_not(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # a pid that is gone
    killed = tmp_path / f".site{output.STAGING}{child.pid}"
    killed.mkdir()
    (killed / output.MARKER).write_text("", encoding="utf-8")
    (killed / "index.html").write_text("半成品", encoding="utf-8")
    look_alike = tmp_path / ".site.staging-1"  # no marker: someone else's
    look_alike.mkdir()
    (look_alike / "mine.txt").write_text("别删", encoding="utf-8")
    running = tmp_path / f".site{output.STAGING}{os.getppid()}"  # a build still running
    running.mkdir()
    (running / output.MARKER).write_text("", encoding="utf-8")
    Path(output.begin(tmp_path / "site"))
    output.discard()
    assert not killed.exists() and (look_alike / "mine.txt").is_file() and running.is_dir()


def test_serve_is_not_redirected(project: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from showcase.adapter import session

    site = project / "served"
    previous = session.state.command
    session.state.command = "serve"
    try:
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site)))
    finally:
        session.state.command = previous
    assert (site / "index.html").is_file() and leftovers(project) == []


# ---------------------------------------------------------------------------- unknown audience


@pytest.mark.parametrize("tool", TOOLS)
def test_an_unknown_audience_stops_the_build(project: Path, tool: str) -> None:
    result = build(project, "--strict", tool=tool, audience="pubic")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "SHOWCASE_AUDIENCE" in result.stderr and "“pubic”无效" in result.stderr
    assert "internal" in result.stderr and "public" in result.stderr
    assert not (project / "site").exists() and leftovers(project) == []


@pytest.mark.parametrize(
    ("value", "audience"),
    [("PUBLIC", "public"), (" public ", "public"), ("Internal", "internal"), ("", "internal"), ("  ", "internal")],
)
def test_the_allowed_values_may_be_written_loosely(value: str, audience: str) -> None:
    assert current_audience({"SHOWCASE_AUDIENCE": value}) == audience


@pytest.mark.parametrize("value", ["pubic", "公开", "ｐｕｂｌｉｃ", "public,internal", "1", "public\u200b", "none"])
def test_anything_else_is_refused_with_the_allowed_values(value: str) -> None:
    with pytest.raises(AudienceError) as error:
        current_audience({"SHOWCASE_AUDIENCE": value})
    assert (
        str(error.value).startswith("环境变量 SHOWCASE_AUDIENCE: ")
        and "internal" in str(error.value)
        and "public" in str(error.value)
    )


def test_serve_with_an_unknown_audience_shows_a_banner_and_builds_the_public_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from showcase.adapter import session

    monkeypatch.setenv("SHOWCASE_AUDIENCE", "pubic")
    site = project / "served"
    previous = (session.state.command, session.state.last_good)
    session.state.command = "serve"
    try:
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site)))
    finally:
        session.state.command, session.state.last_good = previous
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "SHOWCASE_AUDIENCE" in home and "pubic" in home
    assert not (site / "tracking").exists()  # the stricter reading: the public site


COMMANDS = [
    ["validate"],
    ["validate", "--public"],
    ["fix", "--dry-run"],
    ["new", "brand", "--court", "demo", "--id", "new-brand", "--name", "新品牌"],
    ["report", "--out", "{tmp}/report.csv"],
    ["publish", "{tmp}/www/site"],
    ["publish", "{tmp}/www/site", "--public"],
    ["publish", "{tmp}/www/site", "--rollback"],
    ["offline", "--out", "{tmp}/offline.zip"],
    ["offline", "--out", "{tmp}/offline.zip", "--audience", "public"],
    ["packet", "build", "packets/sample.yml", "--out", "{tmp}/packet"],
    ["packet", "check", "packets/sample.yml"],
    ["schema"],
    ["preview", "demo"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a[:2]) for a in COMMANDS])
def test_an_unknown_audience_stops_every_command(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("minimal", tmp_path / "project")
    before = tree(root)
    monkeypatch.setenv("SHOWCASE_AUDIENCE", "pubic")
    started = time.monotonic()
    code = main(["--root", str(root), *[part.replace("{tmp}", str(tmp_path)) for part in argv]])
    out = capsys.readouterr().out
    assert code == 2, out
    assert (
        out.startswith("环境变量 SHOWCASE_AUDIENCE: “pubic”无效，只能是 internal")
        and "public（公开版）" in out
        and "未执行任何操作" in out
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"] and tree(root) == before  # nothing written
    assert time.monotonic() - started < 5  # refused up front, nothing built
