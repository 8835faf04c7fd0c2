"""Parsed source files kept between builds, by their bytes.

`showcase.py build` reads and validates every file of the site each time: at 100 courts, 4,400
files took two seconds to parse, though an edit changes one of them. With a cache, a file whose
bytes, name and metric units are those of the last build is not parsed again: its entry is what
`load_yaml_file` or `load_front_matter` returned for those exact bytes, made by this exact code
(a digest of showcase/core and the versions of Python and PyYAML). Anything else is parsed.

Entries are kept pickled, so a caller that changes what it got cannot change the cache; the file
is written whole (to a temporary name, then moved) with only the entries this build used. The
cache lives in the build's work folder beside the other files it keeps between builds.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from showcase.core.problems import Problem
from showcase.core.yamlsource import (
    MAX_CASE_BYTES,
    MAX_YAML_BYTES,
    YamlDocument,
    load_front_matter,
    load_yaml_file,
)

FORMAT = 1


@cache
def code_version() -> str:
    """What parsing depends on besides the bytes: this package's core and the parser."""
    hasher = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{yaml.__version__}".encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


class ParseCache:
    """Read from `path` when it was written by this code; `save()` writes what this build used."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.kept: dict[tuple[Any, ...], bytes] = {}
        self.used: dict[tuple[Any, ...], bytes] = {}
        self.hits = self.misses = 0
        try:
            with open(path, "rb") as handle:
                version, entries = pickle.load(handle)
            if version == code_version() and isinstance(entries, dict):
                self.kept = entries
        except Exception:  # no cache, or one this code cannot read: every file is parsed
            self.kept = {}

    def yaml_file(
        self, path: Path, display: str, units: Mapping[str, str] | None = None
    ) -> tuple[YamlDocument | None, list[Problem]]:
        key = ("yaml", display, tuple(sorted((units or {}).items())))
        return self._through(key, path, MAX_YAML_BYTES, lambda: load_yaml_file(path, display, units))

    def front_matter(self, path: Path, display: str) -> tuple[YamlDocument | None, str, int, list[Problem]]:
        return self._through(("case", display), path, MAX_CASE_BYTES, lambda: load_front_matter(path, display))

    def _through(self, key: tuple[Any, ...], path: Path, limit: int, parse: Callable[[], Any]) -> Any:
        try:
            if path.stat().st_size > limit:
                return parse()  # it says the file is too large, without reading it
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return parse()  # it says why the file cannot be read
        key = (*key, str(path), digest)
        kept = self.kept.get(key)
        if kept is not None:
            self.hits += 1
            self.used[key] = kept
            return pickle.loads(kept)
        self.misses += 1
        result = parse()
        try:
            unchanged = hashlib.sha256(path.read_bytes()).hexdigest() == digest
        except OSError:
            unchanged = False
        if unchanged:  # not an edit saved while it was parsed: those bytes are not these results
            self.used[key] = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        return result

    def save(self) -> None:
        """Write the entries this build used; a cache that cannot be written is only slower."""
        aside = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(aside, "wb") as handle:
                pickle.dump((code_version(), self.used), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(aside, self.path)
        except OSError:
            aside.unlink(missing_ok=True)
