"""Property-based fuzzing of everything an editor can type into brands/ and docs/cases/.

Whatever a file holds — a mutated copy of a valid entry, random YAML structure, random bytes —
loading never raises, every problem is a Chinese message with a line (unless it is about the
file as a whole), `validate` exits 1 exactly when it reports an error (else 0), and the site
that `mkdocs serve` would show from what is still valid builds without an exception.

CI runs a bounded number of examples (the "ci" profile in conftest.py); `make fuzz` runs the
"long" profile.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from showcase.audience import load_for_audience
from showcase.commands.main import main
from showcase.core.loader import Layout
from showcase.core.problems import format_report
from showcase.site import build_site
from showcase.site.nav import build_nav

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
SOURCES = [
    "brands/courts/demo/brands/demo-brand.yml",
    "brands/courts/demo/court.yml",
    "brands/courts/demo/people/demo-person.yml",
    "brands/campaigns/demo-campaign.yml",
    "brands/metrics.yml",
    "docs/cases/demo/demo-case.md",
]
# Problems about a file as a whole (it cannot be read, is in the wrong place …) have no line.
FILE_LEVEL = {
    "not-a-file",
    "too-large",
    "unreadable",
    "unknown-file",
    "unknown-folder",
    "symlink",
    "no-court-file",
    "no-metrics",
    "encoding",
}
HAN = re.compile(r"[\u4e00-\u9fff]")

# What careless and hostile editors type: YAML syntax, Chinese punctuation, invisible characters,
# tags, anchors, impossible dates, numbers with units, markup and path tricks.
SNIPPETS = [
    "：", ":", ": ", " ", "  ", "\t", "\u3000", "\n", "\r\n", "\r", "- ", "[", "]", "{", "}", ",", "&a ", "*a",
    "<<: *a",
    "!!python/object/apply:os.system [ls] ", "!secret ", "!!binary ", "'", '"', "“", "”", "#", "|", ">-", "%", "@", "`",
    "2023-02-30", "2023-13-01", "2023年3月", "2023.3", ".nan", ".inf", "1.0e999", "87.26%", "1,200", "10期", "yes", "~",
    "\u202e", "\u200b", "\u2066", "\x00", "\x07", "\x85", "\ufeff", "\ud7ff", "测试", "党旗引领·", "---\n", "...\n",
    "? ",
    "2023:", "'2023':", "<script>alert(1)</script>", "{{ 7*7 }}", "{% raw %}", "\\", "../../etc/passwd",
    "brands/media/x.svg",
    "[" * 300, "{a: " * 50, "id: x\n", "court: nowhere\n", "brand: nobrand\n", "visibility: internal\n",
]  # fmt: skip


def _restore(root: Path) -> None:
    for relative in SOURCES:
        shutil.copy(FIXTURE / relative, root / relative)


def _check(root: Path, relative: str) -> None:
    """The properties every input must satisfy (see the module docstring)."""
    catalog, problems = load_for_audience(Layout(root), "internal")
    report = format_report(problems)
    for problem in problems:
        assert HAN.search(problem.message), problem
        if problem.path == relative and problem.code not in FILE_LEVEL:
            assert problem.line >= 1, problem.format()
    site = build_site(catalog)  # what serve shows from the valid part: must never raise
    build_nav(catalog)
    assert site.pages, report


mutation = st.tuples(
    st.sampled_from(["insert", "delete", "replace", "duplicate", "swap"]),
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(SNIPPETS),
)


def mutate(text: str, steps: list[tuple[str, float, float, str]]) -> str:
    for op, where, other, snippet in steps:
        at = int(where * len(text))
        if op == "insert":
            text = text[:at] + snippet + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + 1 + int(other * 20) :]
        elif op == "replace":
            text = text[:at] + snippet + text[at + len(snippet) :]
        else:
            lines = text.split("\n")
            i, j = int(where * (len(lines) - 1)), int(other * (len(lines) - 1))
            if op == "duplicate":
                lines.insert(j, lines[i])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@given(relative=st.sampled_from(SOURCES), steps=st.lists(mutation, min_size=1, max_size=8))
def test_mutated_sources_never_crash_and_every_problem_has_a_line(
    project: Path, relative: str, steps: list[tuple[str, float, float, str]]
) -> None:
    _restore(project)
    original = (FIXTURE / relative).read_text(encoding="utf-8")
    (project / relative).write_text(mutate(original, steps), encoding="utf-8", newline="")
    _check(project, relative)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["2023-02-30", "2023", "demo", "demo-brand", "public", "internal", "培育", "国家", "brands/media/logo.svg"]
    ),
    st.dates().map(str),
)
FIELD_NAMES = [
    "id",
    "name",
    "court",
    "brand",
    "metrics",
    "projects",
    "updates",
    "honors",
    "carriers",
    "media",
    "logo",
    "path",
    "year",
    "date",
    "title",
    "visibility",
    "internal_fields",
    "stage",
    "2023",
    "range",
]
trees = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=25,
)


@given(relative=st.sampled_from(SOURCES[:5]), data=st.dictionaries(st.sampled_from(FIELD_NAMES), trees, max_size=8))
def test_random_yaml_structure_never_crashes(project: Path, relative: str, data: dict[str, object]) -> None:
    _restore(project)
    (project / relative).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _check(project, relative)


@given(relative=st.sampled_from(SOURCES), noise=st.binary(max_size=200), where=st.floats(0, 1))
def test_random_bytes_never_crash(project: Path, relative: str, noise: bytes, where: float) -> None:
    _restore(project)
    raw = (FIXTURE / relative).read_bytes()
    at = int(where * len(raw))
    (project / relative).write_bytes(raw[:at] + noise + raw[at:])
    _check(project, relative)


@given(steps=st.lists(mutation, min_size=1, max_size=4))
def test_validate_exits_one_exactly_when_it_reports_an_error(
    project: Path, steps: list[tuple[str, float, float, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    _restore(project)
    relative = SOURCES[0]
    (project / relative).write_text(mutate((FIXTURE / relative).read_text(encoding="utf-8"), steps), encoding="utf-8")
    code = main(["--root", str(project), "validate"])
    out = capsys.readouterr().out
    assert "出错了" not in out and "Traceback" not in out, out
    # The exit code says what the report says: 0 with 校验通过 and no error counted, 1 with errors counted.
    errors = re.search(r"^共发现 (\d+) 个错误", out, re.MULTILINE)
    if code == 0:
        assert out.rstrip().splitlines()[-1].startswith("校验通过：") and (errors is None or errors.group(1) == "0"), (
            out
        )
    else:
        assert code == 1 and errors is not None and int(errors.group(1)) >= 1 and "校验通过" not in out, out
        assert len([row for row in out.splitlines() if re.match(r"\S+?(:\d+)?: ", row)]) >= int(errors.group(1)), out
