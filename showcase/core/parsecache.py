"""Parsed source files kept between builds, by their bytes.

`showcase.py build` reads and validates every file of the site each time: at 100 courts, 4,400
files took two seconds to parse, though an edit changes one of them. With a cache, a file whose
bytes, name and metric units are those of the last build is not parsed again: its entry is what
`load_yaml_file` or `load_front_matter` returned for those exact bytes, made by this exact code
(a digest of showcase/core and the versions of Python and PyYAML). Anything else is parsed.

Entries are kept pickled, so a caller that changes what it got cannot change the cache; the file
is written whole (to a temporary name, then moved) with only the entries this build used. The
cache lives in the build's work folder beside the other files it keeps between builds.

Unpickling runs code, and a work folder can come from anywhere (a `.showcase-build/` committed
to the project by mistake or on purpose). So the file is signed with a key private to this user
(HMAC-SHA256; the key is kept with mode 0600 in the user's cache folder) and a file that does not
carry this user's signature is never unpickled: every file is parsed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import secrets
import sys
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from showcase.core.problems import Problem
from showcase.core.yamlsource import (
    MAX_CASE_BYTES,
    MAX_YAML_BYTES,
    YamlDocument,
    load_front_matter,
    load_yaml_file,
)

FORMAT = 2
KEY_FILE = "parse-cache.key"
SIGNATURE_BYTES = 32  # HMAC-SHA256, at the start of the file


def _key_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "showcase"


@cache
def signing_key() -> bytes | None:
    """This user's key for signing caches, made on first use; None where it cannot be kept
    privately (then there is no cache)."""
    path = _key_folder() / KEY_FILE
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(32))
        info = path.stat()
        if info.st_mode & 0o077 or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return None  # readable by others, or not this user's: not a secret
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


class _Signing:
    """A file being written, and the HMAC of what has been written (pickled in a stream: the
    cache of a national site is some 300 MB, not to be held twice in memory)."""

    def __init__(self, handle: BinaryIO, key: bytes) -> None:
        self.handle, self.mac = handle, hmac.new(key, digestmod=hashlib.sha256)

    def write(self, data: bytes) -> int:
        self.mac.update(data)
        return self.handle.write(data)


def _signed(handle: BinaryIO, key: bytes) -> bool:
    """Whether the rest of the file after its first 32 bytes carries this user's signature there."""
    signature = handle.read(SIGNATURE_BYTES)
    mac = hmac.new(key, digestmod=hashlib.sha256)
    while chunk := handle.read(1 << 20):
        mac.update(chunk)
    return len(signature) == SIGNATURE_BYTES and hmac.compare_digest(signature, mac.digest())


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
        key = signing_key()
        try:
            with open(path, "rb") as handle:
                if key is not None and _signed(handle, key):
                    handle.seek(SIGNATURE_BYTES)
                    version, entries = pickle.load(handle)  # signed by this user: written by `save`
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
        """Write the entries this build used, signed; a cache that cannot be written is only slower."""
        key = signing_key()
        if key is None:
            return
        aside = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(aside, "wb") as handle:
                handle.write(bytes(SIGNATURE_BYTES))  # its place, filled in below
                signing = _Signing(handle, key)
                pickle.dump((code_version(), self.used), signing, protocol=pickle.HIGHEST_PROTOCOL)
                handle.seek(0)
                handle.write(signing.mac.digest())
            os.replace(aside, self.path)
        except OSError:
            aside.unlink(missing_ok=True)
