"""“编辑此页”: where each page of the site comes from, who maintains it, and the link to edit it.

Every page names its source (the file, and the line of its entry where that is one item of a
file, such as a project in its brand's file) and the person who keeps it up to date: the brand's
liaison for a brand's pages, else the maintainer set in `extra.showcase.edit` (per court or for the
site). With `extra.showcase.edit.repo_url` set, it also links to the file in the court's git web
UI, built like Material's repo_url + edit_uri, with `#L<line>` where the UI supports it; the page's
`edit_url` (Material's edit button) is the same link. Summary pages, made from many files, link to
the folder the data lives in.

Public builds show none of this unless `extra.showcase.edit.public` is true: an intranet git
address and staff names do not belong on the public site. The offline copy keeps it (it is the
intranet site on a disk; the link works wherever the git server can be reached).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from showcase.core.catalog import Catalog
from showcase.core.settings import EditSettings
from showcase.core.templating import environment
from showcase.core.yamlsource import YamlDocument

TEMPLATES = Path(__file__).parent / "templates"
SINGLE_ENTRY_KINDS = ("brand", "person", "court", "campaign")
LIST_ITEM_KINDS = {"project": "projects", "carrier": "carriers"}


@dataclass(frozen=True)
class EditLink:
    source: str  # the file (or folder) the page is made from, as messages name it
    line: int | None  # where its entry starts, when the page is one entry of a file
    url: str | None  # the file in the court's git web UI; None without a repo_url
    liaison: str | None  # who maintains the page
    folder: bool = False  # a summary page: `source` is the folder its data is in


def _item_line(document: YamlDocument | None, key: str, ident: str) -> int | None:
    """The line of the list item of `key` whose id is `ident`, as the file has it."""
    if document is None or not isinstance(document.data, dict):
        return None
    items = document.data.get(key)
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and item.get("id") == ident:
            return document.line((key, index))
    return None


class Locator:
    """Finds the source, line, court and maintainer of each page of one build."""

    def __init__(self, catalog: Catalog, settings: EditSettings, docs_dir: str) -> None:
        self.catalog = catalog
        self.settings = settings
        self.docs_dir = docs_dir
        self.case_by_src = {case.src_uri: case for case in catalog.cases.values()}

    def generated(self, kind: str, entity: str | None, sources: Iterable[str]) -> EditLink:
        """A page the site generates from brands/ (kind and entity as the site names them)."""
        c = self.catalog
        if entity and kind in SINGLE_ENTRY_KINDS and (document := c.documents.get((kind, entity))):
            court_id: str | None = None
            brand_id: str | None = None
            if kind == "brand" and entity in c.brands:
                court_id, brand_id = c.brands[entity].court, entity
            elif kind == "person" and entity in c.people:
                court_id, brand_id = c.people[entity].court, c.people[entity].brand
            elif kind == "court":
                court_id = entity
            return self._link(document.display, document.line(()), court_id, self._brand_liaison(brand_id))
        if entity and kind == "project" and (found := c.find_project(entity)):
            owner = found[0]
            document = c.documents.get(("brand", owner.id))
            if document is not None:
                return self._link(
                    document.display,
                    _item_line(document, "projects", entity),
                    owner.court,
                    self._brand_liaison(owner.id),
                )
        if entity and kind == "carrier" and (carrier := c.find_carrier(entity)):
            court, holder, _ = carrier
            document = c.documents.get(("brand", holder.id) if holder else ("court", court.id))
            if document is not None:
                return self._link(
                    document.display,
                    _item_line(document, "carriers", entity),
                    court.id,
                    self._brand_liaison(holder.id if holder else None),
                )
        if entity and kind == "compare" and entity in c.courts:
            return self._link(f"{c.brands_dir}/courts/{entity}/brands", None, entity, None, folder=True)
        listed = [source for source in sources if source]
        if len(listed) == 1:
            return self._link(listed[0], None, None, None)
        return self._link(c.brands_dir, None, None, None, folder=True)

    def written(self, src_uri: str) -> EditLink:
        """A page written in docs/: a case write-up (its brand's liaison) or a page of the guide."""
        case = self.case_by_src.get(src_uri)
        if case is not None:
            document = self.catalog.documents.get(("case", case.id))
            source = document.display if document else f"{self.docs_dir}/{src_uri}"
            return self._link(source, None, case.meta.court, self._brand_liaison(case.meta.brand))
        return self._link(f"{self.docs_dir}/{src_uri}", None, None, None)

    def _brand_liaison(self, brand_id: str | None) -> str | None:
        brand = self.catalog.brands.get(brand_id or "")
        return brand.liaison if brand is not None and brand.liaison else None

    def _link(
        self, source: str, line: int | None, court: str | None, liaison: str | None, *, folder: bool = False
    ) -> EditLink:
        where = self.settings.for_court(court)
        maintainer = liaison or where.liaison
        if not where.repo_url:
            return EditLink(source, line, None, maintainer, folder)
        middle = (where.tree_uri if folder else where.edit_uri) or ""
        prefix = middle.strip("/") + "/" if middle.strip("/") else ""
        url = f"{where.repo_url.rstrip('/')}/{prefix}{quote(source, safe='/')}"
        if line and where.line_anchor and not folder:
            url += where.line_anchor.replace("{line}", str(line))
        return EditLink(source, line, url, maintainer, folder)


def footer(link: EditLink) -> str:
    """The line under a page: its source, its maintainer and the edit link. Marked so the search
    index leaves it out (every page would otherwise match 编辑此页 and its maintainer's name)."""
    # A plain str: `str + Markup` would escape the page it is added to.
    return str(environment(TEMPLATES).get_template("edit_footer.html.j2").render(link=link)).strip()
