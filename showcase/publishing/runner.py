"""Which site generator runs a build: ProperDocs by default, plain MkDocs on request.

ProperDocs (PyPI `properdocs`) is the maintained fork of MkDocs 1.6 and the documented runner
(`properdocs serve`, `properdocs build --strict`); it reads mkdocs.yml, runs our hooks and
Material. MkDocs 1.6.1 itself keeps working, and CI builds the sample with both and compares
them (tests/test_runners.py). Every place that starts a build in a child process — publish,
the offline copy, the court preview, the tests, the bench — asks here, so the choice is made
once: SHOWCASE_RUNNER=mkdocs switches all of them back to MkDocs.

How the two differ for our code: the `properdocs` command installs an import redirect first
(properdocs/replacement.py), after which `import mkdocs.x` yields `properdocs.x`, and it makes
the `mkdocs` logger a child of its own, so the hooks' `from mkdocs... import` lines and their
"mkdocs.hooks.*" loggers (warnings counted by --strict) work unchanged. The redirect exists
only in a process started as `properdocs`; nothing in showcase/ imports either engine.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from showcase.core.settings import MKDOCS, PROPERDOCS, RUNNERS, environment

DEFAULT_RUNNER = PROPERDOCS


class RunnerError(ValueError):
    """An unknown runner name; the message is Chinese and fit to show as is."""


def current_runner(environ: Mapping[str, str] | None = None) -> str:
    """The runner from SHOWCASE_RUNNER (default properdocs); raises RunnerError on a typo."""
    found = environment(environ)
    if found.runner_problems:
        raise RunnerError(found.runner_problems[0].format())
    return found.runner


def _chosen(runner: str | None) -> str:
    if runner is None:
        return current_runner()
    if runner not in RUNNERS:
        raise RunnerError(f"未知的构建工具“{runner}”，只能是 {PROPERDOCS} 或 {MKDOCS}")
    return runner


def runner_command(*args: str, runner: str | None = None) -> list[str]:
    """`python -m <runner> ARGS` with this interpreter, so the child uses the same virtualenv."""
    return [sys.executable, "-m", _chosen(runner), *args]


def runner_main_code(runner: str | None = None) -> str:
    """Python source that runs the runner's command line in this process, for callers that must
    wrap the build in code of their own (the bench measures peak memory from inside the child).
    argv[0] is set as the command would set it: both engines and Material look at it."""
    name = _chosen(runner)
    return f"import sys; from {name}.__main__ import cli; sys.argv[0] = {name!r}; cli()"
