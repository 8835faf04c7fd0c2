"""`showcase.py new`: scaffold a brand, person or case from a commented template.

The file is rendered in memory, checked against the contract, and only then written (through
a temporary file), so a failed `new` leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from pydantic import BaseModel

from showcase.core.catalog import Catalog
from showcase.core.loader import Layout
from showcase.core.model import ID_PATTERN, Brand, CaseMeta, Person
from showcase.core.problems import Problem, display_path
from showcase.core.validate import suggest, validate_document
from showcase.core.yamlsource import parse_yaml, split_front_matter

TEMPLATES = Path(__file__).parent / "templates"
KINDS: dict[str, type[BaseModel]] = {"brand": Brand, "person": Person, "case": CaseMeta}


@dataclass
class Scaffold:
    path: Path
    text: str


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    # A JSON string is a valid YAML double-quoted scalar: quotes, colons and # stay literal.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    return env


def target_path(layout: Layout, kind: str, court: str, ident: str) -> Path:
    if kind == "brand":
        return layout.brands / "courts" / court / "brands" / f"{ident}.yml"
    if kind == "person":
        return layout.brands / "courts" / court / "people" / f"{ident}.yml"
    return layout.cases / court / f"{ident}.md"


def render(kind: str, values: dict[str, object]) -> str:
    template = _environment().get_template({"brand": "brand.yml", "person": "person.yml", "case": "case.md"}[kind])
    defaults: dict[str, object] = {"founded": dt.date.today().strftime("%Y-%m"), "year": dt.date.today().year}
    return template.render({**defaults, **values})


def plan(
    layout: Layout, catalog: Catalog, kind: str, values: dict[str, object]
) -> tuple[Scaffold | None, list[Problem]]:
    """Render and check a new file; nothing is written here."""
    court, ident = str(values["court"]), str(values["id"])
    for name in ("id", "court", "brand"):  # these become file names: refuse anything but a plain id
        if values.get(name) and not re.fullmatch(ID_PATTERN, str(values[name])):
            hint = "标识只能用小写英文字母、数字和连字符，如 xunzhou-fengqiao"
            return None, [Problem(f"--{name}", 0, f"标识“{values[name]}”写法不正确", hint, "bad-id")]
    path = target_path(layout, kind, court, ident)
    display = display_path(path, layout.root)
    problems: list[Problem] = []
    if court not in catalog.courts:
        guess = suggest(court, catalog.courts)
        problems.append(
            Problem(
                display,
                0,
                f"法院“{court}”不存在",
                f"是否想写“{guess}”？" if guess else f"现有法院：{'、'.join(catalog.courts)}",
                "unknown-reference",
            )
        )
    brand = values.get("brand")
    if brand and brand not in catalog.brands:
        guess = suggest(str(brand), catalog.brands)
        problems.append(
            Problem(
                display,
                0,
                f"品牌“{brand}”不存在",
                f"是否想写“{guess}”？" if guess else "先用 new brand 建立品牌",
                "unknown-reference",
            )
        )
    if path.exists():
        problems.append(Problem(display, 0, "文件已存在，不会覆盖", "换一个标识，或直接编辑现有文件", "exists"))
    text = render(kind, values)
    source = split_front_matter(text)[0] if kind == "case" else text
    document, parse_problems = parse_yaml(source or "", path, display, first_line=2 if kind == "case" else 1)
    problems += parse_problems
    if document is not None:
        problems += validate_document(document, KINDS[kind])[1]
    return (None if problems else Scaffold(path, text)), problems


def write(scaffold: Scaffold) -> None:
    scaffold.path.parent.mkdir(parents=True, exist_ok=True)
    temporary = scaffold.path.with_name(scaffold.path.name + ".new")
    temporary.write_text(scaffold.text, encoding="utf-8")
    temporary.replace(scaffold.path)
