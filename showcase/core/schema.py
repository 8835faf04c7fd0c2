"""Export JSON Schemas from the pydantic models, for editors and independent validators.

The files under schema/ are generated (`showcase.py schema`) and committed so that VS Code's
YAML extension can use them straight from a checkout; a test keeps them in step with the model.
"""

from __future__ import annotations

import json
from pathlib import Path

from showcase.core.model import ENTITY_MODELS

SCHEMA_DIR = "schema"

TITLES = {
    "campaign": "品牌创建活动",
    "court": "法院及机关总品牌",
    "brand": "支部子品牌",
    "person": "先进典型",
    "metrics": "指标登记表",
    "case": "案例文件头",
}


def schema_for(kind: str) -> dict:
    schema = ENTITY_MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = TITLES[kind]
    return schema


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export(root: Path) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for kind in ENTITY_MODELS:
        path = folder / f"{kind}.schema.json"
        path.write_text(render(kind), encoding="utf-8")
        written.append(path)
    return written
