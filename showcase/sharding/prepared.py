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

FORMAT = 1


@dataclass
class Prepared:
    format: int
    root: str
    brands_dir: str
    docs_dir: str
    audience: str
    catalog: Catalog  # before audience filtering, slimmed
    problems: list[Problem]


def slim(catalog: Catalog, keep_lines: bool = False) -> Catalog:
    """Drop what a build never reads once the data is validated (in place). `keep_lines`: the
    line of every key stays, for pages that cite `path:line` (量化考核 evidence)."""
    for document in catalog.documents.values():
        document.data = None
        if not keep_lines:
            document.lines = {}
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
    keep_lines: bool = False,
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    aside = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    with open(aside, "wb") as out:
        pickle.dump(
            Prepared(FORMAT, str(root.resolve()), brands_dir, docs_dir, audience, slim(catalog, keep_lines), problems),
            out,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    os.replace(aside, path)


def load_prepared(
    path: str | Path, root: Path, brands_dir: str, docs_dir: str, audience: str
) -> tuple[Catalog, list[Problem]] | None:
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
    return prepared.catalog, prepared.problems
