"""Fixtures that build showcase sites in temporary folders (shared by tests/test_site*.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from showcase.publishing.runner import runner_command

# Property-based tests: a bounded run in CI, a long one with `make fuzz` (HYPOTHESIS_PROFILE=long).
_FUZZ = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow], "derandomize": False}
settings.register_profile("ci", max_examples=150, **_FUZZ)
settings.register_profile("long", max_examples=3000, **_FUZZ)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

REPO = Path(__file__).resolve().parent.parent
# What a site build needs; the copy is self-contained, so the hook imports the copied package.
PROJECT_PARTS = ("mkdocs.yml", "hooks", "brands", "docs", "showcase")


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


def copy_project(target: Path) -> Path:
    """Copy the parts of the repository a build reads into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


def run_build(root: Path, *args: str, env: dict[str, str] | None = None) -> Built:
    """`properdocs build` (or SHOWCASE_RUNNER's choice) in a subprocess, as a user runs it (exit code,
    messages, no shared state)."""
    site = root / "site"
    command = runner_command("build", "-f", str(root / "mkdocs.yml"), "-d", str(site), *args)
    started = time.monotonic()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300)
    return Built(root, site, result.returncode, result.stdout, result.stderr, time.monotonic() - started)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample data built once per session with --strict."""
    root = copy_project(tmp_path_factory.mktemp("sample"))
    built = run_build(root, "--strict")
    assert built.returncode == 0, built.output
    return built


@pytest.fixture
def project_copy(tmp_path: Path) -> Callable[[], Path]:
    """A fresh copy of the repository's site sources to modify before building."""

    def make() -> Path:
        return copy_project(tmp_path / "project")

    return make
