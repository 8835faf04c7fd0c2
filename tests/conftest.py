"""What the tests share: fixture projects, site builds and the command line, each defined once.

Tests of behaviour use the projects in tests/fixtures/ and assert values written there:

- `minimal`: one court, brand, person, campaign and case — the smallest valid project;
- `site`: three courts, six brands, four cases and a packet spec — enough for the site, search,
  tracking, packet and browser tests (a trimmed copy of the sample, frozen for the tests);
- `privacy`, `packets/project`, `hostile`: what their tests need (see each test module).

Only the tests in tests/test_sample.py (and tests named `test_…sample…`) read the repository's
own `brands/` and `docs/cases/`, and they assert only what holds for any valid sample, so that a
liaison's data edit cannot turn CI red.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from bench import commands as bench_commands
from showcase.commands.main import main
from showcase.publishing.runner import runner_command

# Property-based tests: a bounded run in the suite, a long one with `make fuzz` (HYPOTHESIS_PROFILE=long).
# The suite's examples are the same on every run (a result can be reproduced and a landing does not
# depend on luck); `make fuzz` draws new ones each time, which is where new mistakes are found.
_FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=150, derandomize=True, **_FUZZ)
settings.register_profile("long", max_examples=3000, derandomize=False, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
# The site code a build runs; the copy is self-contained, so the hook imports the copied package.
SITE_CODE = ("mkdocs.yml", "hooks", "showcase")
# A project's data: what a fixture project provides in place of the sample.
DATA_PARTS = ("brands", "docs/cases", "packets")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fixture_project(name, site=False): the fixture project the `project` fixture copies"
    )


# ---------------------------------------------------------------------------- projects


def fixture_path(data: str | Path) -> Path:
    """A fixture project by name (`minimal`, `packets/project` …) or an explicit folder."""
    path = data if isinstance(data, Path) else FIXTURES / data
    assert path.is_dir(), f"no fixture project {data}"
    return path


def copy_fixture(data: str | Path, target: Path) -> Path:
    """A fresh copy of a fixture project (data only: no site code)."""
    shutil.copytree(fixture_path(data), target)
    return target


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, ignore=_IGNORE, dirs_exist_ok=True)
    elif source.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def copy_sample(target: Path) -> Path:
    """The repository as a build reads it — its site code and pages with the live sample data.
    For tests of the sample only."""
    target.mkdir(parents=True, exist_ok=True)
    for part in (*SITE_CODE, "brands", "docs", "packets"):
        _copy(REPO / part, target / part)
    return target


def make_site_project(target: Path, data: str | Path, *overlays: str | Path, guide: bool = True) -> Path:
    """A buildable project: the repository's site code and hand-written pages (docs/assets, and
    docs/guide unless `guide` is false) with a fixture's data, then each overlay copied on top."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_CODE:
        _copy(REPO / part, target / part)
    for page in sorted((REPO / "docs").iterdir()):
        if page.name != "cases" and (guide or page.name != "guide"):
            _copy(page, target / "docs" / page.name)
    source = fixture_path(data)
    for part in DATA_PARTS:
        _copy(source / part, target / part)
    for overlay in overlays:
        shutil.copytree(fixture_path(overlay), target, dirs_exist_ok=True)
    return target


@pytest.fixture
def project(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A fresh copy of tests/fixtures/minimal, or of the fixture project a module or test names
    with `@pytest.mark.fixture_project("privacy")`; with `site=True` it is also buildable."""
    marker = request.node.get_closest_marker("fixture_project")
    name = marker.args[0] if marker else "minimal"
    if marker and marker.kwargs.get("site"):
        return make_site_project(tmp_path / "project", name)
    return copy_fixture(name, tmp_path / "project")


@pytest.fixture
def internal_marked(tmp_path: Path) -> Path:
    """The privacy fixture without its personal data: valid for a public build, full of internal marks."""
    root = copy_fixture("privacy", tmp_path / "marked")
    case = root / "docs/cases/demo/demo-case.md"
    head, _, _ = case.read_text(encoding="utf-8").partition("## 背景")
    case.write_text(
        head.replace("联系邮箱 xiaoming@example.com", "测试摘要。") + "## 背景\n\n公开正文。\n", encoding="utf-8"
    )
    return root


# ---------------------------------------------------------------------------- builds


@dataclass
class Built:
    root: Path  # the project copy
    site: Path  # its build output
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_build(root: Path, *args: str, env: dict[str, str] | None = None, site: Path | None = None) -> Built:
    """`properdocs build` (or SHOWCASE_RUNNER's choice) in a subprocess, as a user runs it (exit code,
    messages, no shared state), into `site` (default: root/site)."""
    site = site or root / "site"
    command = runner_command("build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *args)
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300
    )
    return Built(root, site, result.returncode, result.stdout, result.stderr, time.monotonic() - started)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """tests/fixtures/site built once per session with --strict: what the site tests look at."""
    root = make_site_project(tmp_path_factory.mktemp("fixture-site") / "project", "site")
    built = run_build(root, "--strict", env={"SHOWCASE_AUDIENCE": "internal"})
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The live sample built once per session with --strict (tests of the sample only)."""
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    built = run_build(root, "--strict", env={"SHOWCASE_AUDIENCE": "internal"})
    assert built.returncode == 0, built.output
    return built


# ---------------------------------------------------------------------------- the command line


@dataclass
class Cli:
    """`python scripts/showcase.py …` in-process: the exit code and everything it printed."""

    capsys: pytest.CaptureFixture[str]

    def __call__(self, *argv: str | Path) -> tuple[int, str]:
        code = main([str(arg) for arg in argv], extra=[bench_commands.register])  # as scripts/showcase.py runs it
        captured = self.capsys.readouterr()
        return code, captured.out + captured.err

    def validate(self, root: Path, *args: str) -> tuple[int, str]:
        return self("--root", root, "validate", *args)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


# ---------------------------------------------------------------------------- editing files


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a project file, as an editor would; the text must be there."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {relative}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")


def line_in(text: str, needle: str) -> int:
    """The number of the first line holding `needle` (CR, LF and CRLF all end a line)."""
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found")


def line_of(root: Path, relative: str, needle: str) -> int:
    """The line of a project file holding `needle`, however the file was mangled."""
    try:
        return line_in((root / relative).read_text(encoding="utf-8", errors="replace"), needle)
    except AssertionError:
        raise AssertionError(f"{needle!r} not in {relative}") from None
