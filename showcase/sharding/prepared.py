"""The catalog read once for all shards of a local build.

`showcase.py build` validates the data itself (stopping with the usual report when anything is
wrong), then leaves the catalog in a file for its shard builds (SHOWCASE_SHARD_PREPARED), so
that each does not parse and validate every YAML file again. What only validation and the
privacy lint need — the YAML trees with their line numbers, the case texts (the build reads
the case files itself) — is left out: a national catalog shrinks to about half.

The file is a pickle, read only by the builds `build` starts with the path it wrote, and only
when it was made for the same project, layout and audience; otherwise the shard reads the data
itself.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from showcase.core.catalog import Catalog
from showcase.core.problems import Problem

FORMAT = 2


@dataclass
class Prepared:
    format: int
    root: str
    brands_dir: str
    docs_dir: str
    audience: str
    catalog: Catalog  # before audience filtering, slimmed
    problems: list[Problem]
    court_keys: dict[str, str] | None  # court → inputs key (inputs.py); None: no page is copied by it


def _ids_only(data: object) -> dict[str, list[dict[str, object]]] | None:
    """`projects: [{id: a, …}, …]` → `{projects: [{id: a}, …]}`: the list positions and ids, nothing else."""
    if not isinstance(data, dict):
        return None
    return {
        key: [{"id": item.get("id")} if isinstance(item, dict) else {} for item in value]
        for key, value in data.items()
        if isinstance(key, str) and isinstance(value, list)
    }


def slim(catalog: Catalog) -> Catalog:
    """Drop what a build never reads once the data is validated (in place). The line of every key
    stays: every page's edit line and the 量化考核 evidence cite `path:line`; of the values only
    the ids of top-level list items stay (a project's or carrier's edit line finds its item by id)."""
    for document in catalog.documents.values():
        document.data = _ids_only(document.data)
    for case in catalog.cases.values():
        case.body = ""
    return catalog


def save_prepared(
    path: Path,
    root: Path,
    brands_dir: str,
    docs_dir: str,
    audience: str,
    catalog: Catalog,
    problems: list[Problem],
    court_keys: dict[str, str] | None = None,
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(aside, "wb") as out:
        pickle.dump(
            Prepared(FORMAT, str(root.resolve()), brands_dir, docs_dir, audience, slim(catalog), problems, court_keys),
            out,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    os.replace(aside, path)


def load_prepared(path: str | Path, root: Path, brands_dir: str, docs_dir: str, audience: str) -> Prepared | None:
    """The prepared catalog, or None when the file is missing or was made for something else."""
    try:
        with open(path, "rb") as source:
            prepared = pickle.load(source)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(prepared, Prepared) or prepared.format != FORMAT:
        return None
    if (prepared.root, prepared.brands_dir, prepared.docs_dir, prepared.audience) != (
        str(root.resolve()),
        brands_dir,
        docs_dir,
        audience,
    ):
        return None
    return prepared
