"""The editing guide (docs/guide/) must stay true to the data contract.

- Every fenced block with the info string exactly `yaml` on an entity page is a complete example:
  it must parse and validate against that page's model, with no line-level mistakes.
  Partial snippets are written as ```yaml title="片段" (or as ```text) and are skipped.
- Every model reachable from the entity models has a field table, marked `<!-- fields: Model -->`,
  listing exactly its fields with the right 必填 column, so a new field cannot go undocumented.
- Together the examples use every field of every model at least once.
- Metric values in the examples use registered keys and agree with derived formulas.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from showcase.core.metrics import Registry, formula_inputs
from showcase.core.model import ENTITY_MODELS, Brand, Campaign, CaseMeta, Court, MetricRegistry, Person
from showcase.core.validate import unwrap_type, validate_document
from showcase.core.yamlsource import load_yaml_file, parse_yaml, repair_lines

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide"
PAGES: dict[str, type[BaseModel]] = {
    "campaign.md": Campaign,
    "court.md": Court,
    "brand.md": Brand,
    "person.md": Person,
    "metrics.md": MetricRegistry,
    "case.md": CaseMeta,
}
OWN_PAGES = ["index.md", *PAGES]  # packets.md belongs to another part of the project

FENCE = re.compile(
    r"^(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL
)
FIELD_TABLE = re.compile(r"^<!-- fields: (?P<model>\w+) -->[ \t]*\n(?P<table>(?:\|[^\n]*(?:\n|$))+)", re.MULTILINE)
REGISTRY_TABLE = re.compile(r"^<!-- registry -->[ \t]*\n(?P<table>(?:\|[^\n]*(?:\n|$))+)", re.MULTILINE)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")


def read(page: str) -> str:
    return (GUIDE / page).read_text(encoding="utf-8")


def yaml_examples(page: str) -> list[tuple[int, str]]:
    """(first line, text) of every block whose info string is exactly `yaml`."""
    text = read(page)
    found = []
    for match in FENCE.finditer(text):
        if match.group("info").strip() == "yaml":
            found.append((text[: match.start("body")].count("\n") + 1, match.group("body")))
    return found


def table_rows(table: str) -> list[list[str]]:
    """Body rows of a Markdown table (header and separator dropped), cells stripped."""
    lines = [line.strip() for line in table.strip().splitlines()]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models_in(arg)]


def all_models() -> list[type[BaseModel]]:
    """Entity models and every model nested in them (Project, Carrier, Selection …)."""
    seen: list[type[BaseModel]] = []
    queue = list(ENTITY_MODELS.values())
    while queue:
        model = queue.pop(0)
        if model in seen:
            continue
        seen.append(model)
        for info in model.model_fields.values():
            queue += _models_in(info.annotation)
    return seen


def used_fields(model: type[BaseModel], data: Any, found: set[tuple[str, str]]) -> None:
    """Record (model name, field) for every key the example data writes, recursively."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if key in model.model_fields:
            found.add((model.__name__, key))
            _used_value(model.model_fields[key].annotation, value, found)


def _used_value(annotation: Any, value: Any, found: set[tuple[str, str]]) -> None:
    annotation = unwrap_type(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        used_fields(annotation, value, found)
        return
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and args and isinstance(value, list):
        for item in value:
            _used_value(args[0], item, found)
    elif origin is dict and len(args) == 2 and isinstance(value, dict):
        for item in value.values():
            _used_value(args[1], item, found)


def parsed_examples(page: str) -> list[Any]:
    """Validate every example of a page; return their parsed data."""
    model = PAGES[page]
    examples = yaml_examples(page)
    assert examples, f"docs/guide/{page} has no ```yaml example"
    data = []
    for first_line, text in examples:
        display = f"docs/guide/{page}"
        assert "\t" not in text, f"{display}:{first_line}: Tab in example"
        assert not text.lstrip().startswith("---"), f"{display}:{first_line}: example must not include the --- lines"
        repaired, line_problems = repair_lines(text, display)
        assert not line_problems, "\n".join(p.format() for p in line_problems)
        document, problems = parse_yaml(repaired, GUIDE / page, display, first_line=first_line)
        assert document is not None and not problems, "\n".join(p.format() for p in problems)
        valid, problems = validate_document(document, model)
        assert valid is not None and not problems, f"{model.__name__} example in {display} is invalid:\n" + "\n".join(
            p.format() for p in problems
        )
        data.append(document.data)
    return data


@pytest.fixture(scope="module")
def sample_registry() -> Registry:
    """The sample's brands/metrics.yml: the guide quotes its keys, labels and units."""
    document, problems = load_yaml_file(ROOT / "brands" / "metrics.yml", "brands/metrics.yml")
    assert document is not None and not problems
    metrics, problems = validate_document(document, MetricRegistry)
    assert metrics is not None, problems
    return Registry(metrics.metrics)


# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize("page", list(PAGES))
def test_examples_validate(page: str) -> None:
    parsed_examples(page)


def test_examples_use_every_field() -> None:
    found: set[tuple[str, str]] = set()
    for page, model in PAGES.items():
        for data in parsed_examples(page):
            used_fields(model, data, found)
    missing = [
        f"{model.__name__}.{name}"
        for model in all_models()
        for name in model.model_fields
        if (model.__name__, name) not in found
    ]
    assert not missing, f"fields no guide example shows: {', '.join(missing)}"


@pytest.mark.parametrize("page", ["court.md", "brand.md"])
def test_example_metrics_are_registered_in_the_sample_and_consistent(page: str, sample_registry: Registry) -> None:
    for data in parsed_examples(page):
        for year, values in (data.get("metrics") or {}).items():
            unknown = [key for key in values if key not in sample_registry]
            assert not unknown, f"{page} {year}: unregistered metric keys {unknown}"
            wrong = sample_registry.disagreements(values)
            assert not wrong, f"{page} {year}: derived values disagree with formulas: {wrong}"


def test_metrics_example_is_self_consistent() -> None:
    for data in parsed_examples("metrics.md"):
        metrics = MetricRegistry.model_validate(data).metrics
        keys = [metric.key for metric in metrics]
        assert len(keys) == len(set(keys)), "duplicate metric keys in metrics.md example"
        for metric in metrics:
            if metric.range:
                assert metric.range[0] <= metric.range[1], metric.key
            if metric.formula:
                assert set(formula_inputs(metric.formula)) <= set(keys), metric.formula


# --------------------------------------------------------------------------- field tables


def field_tables() -> dict[str, list[tuple[str, list[list[str]]]]]:
    """Model name → [(page, rows)] for every marked field table in the guide."""
    tables: dict[str, list[tuple[str, list[list[str]]]]] = {}
    for page in OWN_PAGES:
        for match in FIELD_TABLE.finditer(read(page)):
            tables.setdefault(match.group("model"), []).append((page, table_rows(match.group("table"))))
    return tables


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    tables = field_tables().get(model.__name__)
    assert tables, f"no field table <!-- fields: {model.__name__} --> in docs/guide/"
    for page, rows in tables:
        documented: dict[str, str] = {}
        for row in rows:
            assert len(row) == 4, f"{page}: {model.__name__} table row needs 4 cells (字段, 中文名, 必填, 说明): {row}"
            key = re.fullmatch(r"`(\w+)`", row[0])
            assert key, f"{page}: first cell must be a `key`: {row[0]}"
            assert row[2] in ("是", "否"), f"{page}: 必填 must be 是 or 否: {row}"
            assert row[1], f"{page}: {key.group(1)} has no 中文名"
            documented[key.group(1)] = row[2]
        fields = model.model_fields
        assert set(documented) == set(fields), (
            f"{page}: {model.__name__} table is out of date; undocumented: "
            f"{sorted(set(fields) - set(documented))}, no longer in the model: "
            f"{sorted(set(documented) - set(fields))}"
        )
        wrong = [name for name, info in fields.items() if (documented[name] == "是") != info.is_required()]
        assert not wrong, f"{page}: {model.__name__} 必填 column wrong for {wrong}"


def test_no_table_for_unknown_models() -> None:
    names = {model.__name__ for model in all_models()}
    assert set(field_tables()) <= names


def test_registry_table_matches_the_sample_metrics_file(sample_registry: Registry) -> None:
    """metrics.md says its table is taken from brands/metrics.yml: every row must still be there."""
    match = REGISTRY_TABLE.search(read("metrics.md"))
    assert match, "metrics.md lost its <!-- registry --> table"
    for key_cell, label, unit in table_rows(match.group("table")):
        key = key_cell.strip("`")
        assert key in sample_registry, f"metrics.md lists {key}, which brands/metrics.yml does not register"
        assert label.startswith(sample_registry[key].label), f"{key}: label {label!r} vs {sample_registry[key].label!r}"
        assert unit == sample_registry[key].unit, f"{key}: unit {unit!r} vs {sample_registry[key].unit!r}"


# --------------------------------------------------------------------------- page hygiene


@pytest.mark.parametrize("page", OWN_PAGES)
def test_links_stay_inside_the_guide(page: str) -> None:
    for match in LINK.finditer(read(page)):
        target = match.group("target").split("#")[0]
        if not target or re.match(r"^[a-z]+://", target):
            continue
        assert (GUIDE / target).resolve().is_file(), f"{page}: link to missing page {target}"


@pytest.mark.parametrize("page", OWN_PAGES)
def test_no_template_braces(page: str) -> None:
    text = read(page)
    assert "{{" not in text and "}}" not in text, f"{page} contains template braces"
