"""The content-hash cache of whole shards: a shard whose inputs are unchanged is not built again.

A shard folder already copies its unchanged pages instead of rendering them (record.py), but its
build still starts MkDocs, reads the navigation of the whole site and generates its own pages to
compare them. `build` skips even that when it can tell from the inputs alone that nothing the
shard shows has changed. The inputs key of a shard is a digest of

    shared      the code (this package, the hooks, the engine's and theme's versions), mkdocs.yml,
                the audience and today's date (plan progress is judged on it), every file under
                brands/ and docs/ that belongs to no court (campaigns, metrics, the guide …), and
                what every page shows of every court: the names and places of courts, brands,
                projects, carriers, people and cases (navigation, breadcrumbs, links), and the
                search dictionary (names, branches, units, themes: how every page is cut into terms)
    per court   every file in the court's folder under brands/ (its data and media) and its case
                write-ups

A shard holding only courts' pages depends on the shared digest and its own courts. A shard
holding pages of no court (home, overviews, years, the tags listing, the dashboard — they show
every court) has no inputs key and always runs; so does every shard of an internal build with
量化考核, whose ranks compare every brand. An edit to one brand therefore builds the brand's shard,
the shard of the site-wide pages and the merge; the other shards are taken as they are.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import showcase
from showcase import search
from showcase.core.catalog import Catalog
from showcase.core.display import project_title
from showcase.sharding.plan import court_pages
from showcase.sharding.record import digest_of

INPUTS = "inputs.txt"  # beside the shard's folder: the inputs key of its last successful build
CODE_SUFFIXES = (".py", ".j2", ".js", ".css", ".yml", ".json", ".svg")
PACKAGES = (
    "mkdocs",
    "properdocs",
    "mkdocs-material",
    "jieba",
    "Markdown",
    "pymdown-extensions",
    "Jinja2",
    "MarkupSafe",
    "PyYAML",
    "pydantic",
)


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _tree(folder: Path, root: Path) -> Iterable[tuple[str, Path]]:
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path.relative_to(root).as_posix(), path


def code_digest(root: Path) -> str:
    """This package, the project's hooks and the versions of what renders the pages."""
    hasher = hashlib.sha256()
    package = Path(showcase.__file__).resolve().parent
    for name, path in [*_tree(package, package.parent), *_tree(root / "hooks", root)]:
        if path.suffix in CODE_SUFFIXES:
            hasher.update(f"{name}\0{_file_digest(path)}\n".encode())
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return digest_of({"code": hasher.hexdigest(), "python": sys.version, "versions": versions})


def _names(catalog: Catalog) -> list[list[str | None]]:
    """What pages of one court show of the others: names and places, not their contents."""
    rows: list[list[str | None]] = []
    for court in catalog.courts.values():
        master = court.master_brand.name if court.master_brand else None
        rows.append(["court", court.id, court.name, court.short_name, court.parent, court.region, court.level, master])
    for brand in catalog.brands.values():
        rows.append(["brand", brand.id, brand.name, brand.court, brand.parent])
    for brand, project in catalog.projects():
        rows.append(["project", project.id, project_title(project), brand.id])
    for court, maybe_brand, carrier in catalog.carriers():
        rows.append(["carrier", carrier.id, carrier.name, court.id, maybe_brand.id if maybe_brand else None])
    for person in catalog.people.values():
        rows.append(["person", person.id, person.name, person.court, person.brand])
    for case in catalog.cases.values():
        rows.append(["case", case.src_uri, case.meta.title, case.meta.court, case.meta.brand])
    return rows


class InputKeys:
    """The inputs key of any set of courts, from one reading of the project's files."""

    def __init__(
        self, root: Path, brands_dir: str, docs_dir: str, catalog: Catalog, audience: str, extra: Mapping[str, str]
    ) -> None:
        self.court_of_page = court_pages(catalog)
        folders: dict[str, str] = {}  # a court's folder below the root → the court
        for court in catalog.courts.values():
            document = catalog.documents.get(("court", court.id))
            if document is not None:
                folders[Path(document.display).parent.as_posix()] = court.id
        by_court: dict[str, list[str]] = {}
        shared: list[str] = []
        cases = {f"{docs_dir}/{case.src_uri}": case.meta.court for case in catalog.cases.values()}
        for name, path in [*_tree(root / brands_dir, root), *_tree(root / docs_dir, root)]:
            line = f"{name}\0{_file_digest(path)}"
            owner = cases.get(name) or next((folders[f] for f in _parents(name) if f in folders), None)
            (by_court.setdefault(owner, []) if owner else shared).append(line)
        self.courts = {
            court: hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest() for court, lines in by_court.items()
        }
        config = root / "mkdocs.yml"
        self.shared = digest_of(
            {
                "code": code_digest(root),
                "config": _file_digest(config) if config.is_file() else "",
                "audience": audience,
                "today": dt.date.today().isoformat(),
                "files": shared,
                "names": _names(catalog),
                "words": sorted(search.dictionary(catalog).items()),  # how every page's text is cut into search terms
                "extra": dict(extra),
            }
        )

    def of_court(self, court: str) -> str:
        """The inputs key of one court's pages: the shared inputs and the court's own files."""
        return digest_of({"shared": self.shared, "court": self.courts.get(court, "")})

    def by_court(self) -> dict[str, str]:
        """Every court's inputs key: a shard copies a page of a court whose key is unchanged
        from its last build without generating the page (adapter/shard.py)."""
        return {court: self.of_court(court) for court in sorted(set(self.court_of_page.values()))}

    def of_pages(self, pages: Iterable[str]) -> str | None:
        """The inputs key of a shard holding these pages; None when one of them is of no court."""
        courts: set[str] = set()
        for src in pages:
            court = self.court_of_page.get(src)
            if court is None:
                return None
            courts.add(court)
        return digest_of({"shared": self.shared, "courts": {c: self.courts.get(c, "") for c in sorted(courts)}})


def _parents(name: str) -> Iterable[str]:
    parts = name.split("/")
    for end in range(len(parts) - 1, 0, -1):
        yield "/".join(parts[:end])


def read_inputs(folder: Path) -> str | None:
    try:
        return (folder.parent / f"{folder.name}.{INPUTS}").read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


def write_inputs(folder: Path, key: str | None) -> None:
    path = folder.parent / f"{folder.name}.{INPUTS}"
    if key is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(key + "\n", encoding="ascii")
