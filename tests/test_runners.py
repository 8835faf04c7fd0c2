"""Which engine builds: ProperDocs by default, MkDocs on request, and both make the same site.

The test of the sample: `mkdocs build --strict` and `properdocs build --strict` make the same site.

ProperDocs is the documented runner and plain MkDocs 1.6.1 must keep working (showcase/publishing/runner.py),
so both build the sample from one project copy, side by side, for the intranet and the public
audience. The two sites must hold the same files, byte for byte, except for one listed difference:

* `<meta name="generator">` on every HTML page names the engine ("mkdocs-1.6.1, …" against
  "mkdocs-ProperDocs 1.6.7, …"; Material writes it from the engine's version string).

Nothing else is normalised: SOURCE_DATE_EPOCH fixes the build date in both, so the sitemap's
lastmod and the gzip header of sitemap.xml.gz agree without help.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_fixture, copy_sample

from showcase.commands.main import main
from showcase.core.loader import Layout, load_catalog
from showcase.core.settings import MKDOCS, OFFLINE_ENV, PREVIEW_COURT_ENV, PROPERDOCS, RUNNER_ENV, RUNNERS
from showcase.publishing.runner import RunnerError, current_runner, runner_command, runner_main_code

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
EXPECTED_GENERATOR = {
    MKDOCS: b"mkdocs-1.6.1, mkdocs-material-",
    PROPERDOCS: b"mkdocs-ProperDocs 1.6.7, mkdocs-material-",
}
LOG_PROBLEM = re.compile(r"^(WARNING|ERROR) +-", re.MULTILINE)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("runners"))


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_mkdocs_and_properdocs_build_the_same_sample(sample_project: Path, audience: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in (OFFLINE_ENV, PREVIEW_COURT_ENV, RUNNER_ENV)}
    env.update(SHOWCASE_AUDIENCE=audience, SOURCE_DATE_EPOCH="1710460800")
    sites = {runner: sample_project / f"site-{audience}-{runner}" for runner in RUNNERS}
    builds = {
        runner: subprocess.Popen(
            runner_command(
                "build", "--strict", "-f", str(sample_project / "mkdocs.yml"), "-d", str(site), runner=runner
            ),
            cwd=sample_project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for runner, site in sites.items()
    }
    for runner, build in builds.items():
        output = build.communicate(timeout=300)[0]
        assert build.returncode == 0, f"{runner} build --strict failed:\n{output}"
        assert not LOG_PROBLEM.search(output), f"{runner} logged a warning:\n{output}"

    built = {runner: files(site) for runner, site in sites.items()}
    mkdocs_site, properdocs_site = built[MKDOCS], built[PROPERDOCS]
    assert sorted(mkdocs_site) == sorted(properdocs_site), "the two runners wrote different files"
    catalog, _ = load_catalog(Layout(sample_project))
    assert {"index.html", *(f"brands/{brand}/index.html" for brand in catalog.brands)} <= set(
        mkdocs_site
    )  # a whole site, not an empty one

    differing = []
    for name, content in mkdocs_site.items():
        other = properdocs_site[name]
        if content == other:
            continue
        if name.endswith(".html"):
            for runner, page in ((MKDOCS, content), (PROPERDOCS, other)):
                tags = GENERATOR.findall(page)
                assert len(tags) == 1 and EXPECTED_GENERATOR[runner] in tags[0], f"{name} ({runner}): {tags}"
            if GENERATOR.sub(b"", content) == GENERATOR.sub(b"", other):
                continue
        differing.append(name)
    assert differing == [], f"beyond the generator tag, these files differ: {differing[:20]}"


# ---------------------------------------------------------------------------- choosing the runner


@pytest.mark.parametrize(
    ("value", "runner"),
    [("", PROPERDOCS), ("  ", PROPERDOCS), ("mkdocs", MKDOCS), (" MkDocs ", MKDOCS), ("PROPERDOCS", PROPERDOCS)],
)
def test_the_runner_is_properdocs_unless_mkdocs_is_asked_for(value: str, runner: str) -> None:
    assert current_runner({RUNNER_ENV: value}) == runner
    assert current_runner({}) == PROPERDOCS


def test_every_build_command_starts_the_chosen_runner_with_this_python(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RUNNER_ENV, raising=False)
    assert runner_command("build", "--strict") == [sys.executable, "-m", "properdocs", "build", "--strict"]
    monkeypatch.setenv(RUNNER_ENV, "mkdocs")
    assert runner_command("serve")[:3] == [sys.executable, "-m", "mkdocs"]
    assert runner_command("serve", runner=PROPERDOCS)[2] == "properdocs"  # an explicit choice wins
    assert "from mkdocs.__main__ import cli" in runner_main_code()
    with pytest.raises(RunnerError, match="properdocs 或 mkdocs"):
        runner_command("build", runner="zensical")


@pytest.mark.parametrize(
    "value", ["mkdoc", "properdoc", "python -c 'import os'", "mkdocs; rm -rf /", "zensical", "../mkdocs"]
)
@pytest.mark.parametrize(
    "argv",
    [["validate"], ["publish", "{tmp}/www"], ["offline", "--out", "{tmp}/x.zip"], ["preview", "demo"]],
    ids=["validate", "publish", "offline", "preview"],
)
def test_a_mistyped_runner_stops_every_command(
    argv: list[str], value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused up front in Chinese, exit 2, nothing built or written (the value is never run)."""
    root = copy_fixture("minimal", tmp_path / "project")
    monkeypatch.setenv(RUNNER_ENV, value)
    code = main(["--root", str(root), *[part.replace("{tmp}", str(tmp_path)) for part in argv]])
    out = capsys.readouterr().out
    assert code == 2, out
    assert (
        out.startswith(f"环境变量 SHOWCASE_RUNNER: “{value}”无效，只能是 properdocs（默认）或 mkdocs")
        and "未执行任何操作" in out
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]
