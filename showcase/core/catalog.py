"""The loaded showcase: every entity by id, plus the relations derived from one-sided links.

Files name their parent only (a brand names its court, a person names a brand); the reverse
lists — a court's brands, a brand's people and cases — are computed here, never typed twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from showcase.core.display import court_name, honor_key
from showcase.core.metrics import Figure, Registry
from showcase.core.model import (
    ALWAYS_PUBLIC_FIELDS,
    Brand,
    Campaign,
    Carrier,
    CaseMeta,
    Court,
    Person,
    Project,
    cleared_value,
)
from showcase.core.yamlsource import YamlDocument


@dataclass
class Case:
    """A case write-up: Markdown under docs/cases with validated front matter."""

    id: str  # path below docs/cases without .md, e.g. guiping/fengqiao-tribunal
    meta: CaseMeta
    src_uri: str  # path below docs/, as MkDocs names it
    body: str
    source: Path

    @property
    def status(self) -> str:
        """Latest selection outcome, e.g. 区级入选; empty when never submitted."""
        if not self.meta.selections:
            return ""
        last = max(self.meta.selections, key=lambda s: s.date)
        return f"{last.level}级{last.outcome}"


@dataclass
class HonorRecord:
    """An honor from any source, flattened for the honor wall."""

    year: int
    title: str
    level: str
    kind: str  # 集体 | 个人
    awarded_by: str | None
    holder: str  # who received it, for display
    court: str
    brand: str | None = None
    person: str | None = None


@dataclass
class UpdateRecord:
    date: str
    title: str
    body: str | None
    court: str
    brand: str | None = None
    project: str | None = None


@dataclass(frozen=True)
class _Owners:
    updates: dict[tuple[str, str | None], list[UpdateRecord]]
    honors: dict[tuple[str, str | None], list[HonorRecord]]


@dataclass
class Catalog:
    root: Path
    registry: Registry
    campaigns: dict[str, Campaign] = field(default_factory=dict)
    courts: dict[str, Court] = field(default_factory=dict)
    brands: dict[str, Brand] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    documents: dict[tuple[str, str], YamlDocument] = field(default_factory=dict)
    brands_dir: str = "brands"  # below root; media paths start with it
    _groups: dict[str, tuple[dict[str, Any], int, dict[Any, list[Any]]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _owner_index: tuple[tuple[int, int, int], _Owners] | None = field(default=None, repr=False, compare=False)
    _project_index: tuple[tuple[int, int], dict[str, tuple[Brand, Project]]] | None = field(
        default=None, repr=False, compare=False
    )

    # ------------------------------------------------------------------ relations

    def _grouped(self, name: str, entries: dict[str, Any], key: Callable[[Any], Any]) -> dict[Any, list[Any]]:
        """Entries grouped by `key`, computed once: a page per brand asking for its brand's cases
        would otherwise scan every case, which is quadratic on a province-size site. The catalog
        only grows while it loads, so the size of the dict tells whether a grouping is current."""
        cached = self._groups.get(name)
        if cached is None or cached[0] is not entries or cached[1] != len(entries):
            groups: dict[Any, list[Any]] = {}
            for entry in entries.values():
                groups.setdefault(key(entry), []).append(entry)
            cached = self._groups[name] = (entries, len(entries), groups)
        return cached[2]

    def brands_of(self, court_id: str) -> list[Brand]:
        return list(self._grouped("brands_of", self.brands, lambda b: b.court).get(court_id, []))

    def sub_brands(self, brand_id: str) -> list[Brand]:
        return list(self._grouped("sub_brands", self.brands, lambda b: b.parent).get(brand_id, []))

    def top_brands_of(self, court_id: str) -> list[Brand]:
        """Brands directly under the court's master brand."""
        return [b for b in self.brands_of(court_id) if b.parent is None]

    def child_courts(self, court_id: str | None) -> list[Court]:
        return [c for c in self.courts.values() if c.parent == court_id]

    def root_courts(self) -> list[Court]:
        return [c for c in self.courts.values() if c.parent is None or c.parent not in self.courts]

    def courts_in(self, campaign_id: str) -> list[Court]:
        return [c for c in self.courts.values() if campaign_id in c.campaigns]

    def people_of_brand(self, brand_id: str) -> list[Person]:
        return list(self._grouped("people_of_brand", self.people, lambda p: p.brand).get(brand_id, []))

    def people_of_court(self, court_id: str) -> list[Person]:
        return list(self._grouped("people_of_court", self.people, lambda p: p.court).get(court_id, []))

    def cases_of_brand(self, brand_id: str) -> list[Case]:
        cases = self._grouped("cases_of_brand", self.cases, lambda c: c.meta.brand).get(brand_id, [])
        return sorted(cases, key=lambda c: (-c.meta.year, c.id))

    def cases_of_court(self, court_id: str) -> list[Case]:
        cases = self._grouped("cases_of_court", self.cases, lambda c: c.meta.court).get(court_id, [])
        return sorted(cases, key=lambda c: (-c.meta.year, c.id))

    def projects(self) -> Iterator[tuple[Brand, Project]]:
        for brand in self.brands.values():
            for project in brand.projects:
                yield brand, project

    def carriers(self) -> Iterator[tuple[Court, Brand | None, Carrier]]:
        for court in self.courts.values():
            for carrier in court.carriers:
                yield court, None, carrier
        for brand in self.brands.values():
            for carrier in brand.carriers:
                yield self.courts[brand.court], brand, carrier

    def find_project(self, project_id: str) -> tuple[Brand, Project] | None:
        key = (id(self.brands), len(self.brands))  # the catalog only grows while it loads
        if self._project_index is None or self._project_index[0] != key:
            self._project_index = (key, {p.id: (b, p) for b, p in self.projects()})
        return self._project_index[1].get(project_id)

    def find_carrier(self, carrier_id: str) -> tuple[Court, Brand | None, Carrier] | None:
        return next((entry for entry in self.carriers() if entry[2].id == carrier_id), None)

    def themes(self) -> dict[str, list[Any]]:
        """Theme → brands, projects and cases that carry it."""
        index: dict[str, list[Any]] = {}
        for brand in self.brands.values():
            for theme in brand.themes:
                index.setdefault(theme, []).append(brand)
        for _brand, project in self.projects():
            for theme in project.themes:
                index.setdefault(theme, []).append(project)
        for case in self.cases.values():
            for theme in case.meta.themes:
                index.setdefault(theme, []).append(case)
        return dict(sorted(index.items()))

    def honors(self) -> list[HonorRecord]:
        records: list[HonorRecord] = []
        for court in self.courts.values():
            for h in court.honors:
                records.append(
                    HonorRecord(
                        h.year, h.title, h.level, h.kind, h.awarded_by, court_name(court), court.id, person=h.person
                    )
                )
        for brand in self.brands.values():
            for h in brand.honors:
                holder = self.people[h.person].name if h.person in self.people else brand.branch
                records.append(
                    HonorRecord(h.year, h.title, h.level, h.kind, h.awarded_by, holder, brand.court, brand.id, h.person)
                )
        for person in self.people.values():
            for personal in person.honors:
                records.append(
                    HonorRecord(
                        personal.year,
                        personal.title,
                        personal.level,
                        "个人",
                        personal.awarded_by,
                        person.name,
                        person.court,
                        person.brand,
                        person.id,
                    )
                )
        return sorted(records, key=lambda r: honor_key(r.level, r.year, r.title))

    def updates(self) -> list[UpdateRecord]:
        records = [UpdateRecord(u.date, u.title, u.body, c.id) for c in self.courts.values() for u in c.updates]
        records += [
            UpdateRecord(u.date, u.title, u.body, b.court, b.id, u.project)
            for b in self.brands.values()
            for u in b.updates
        ]
        return sorted(records, key=lambda r: r.date, reverse=True)

    def years(self) -> list[int]:
        found: set[int] = set()
        for court in self.courts.values():
            found.update(court.metrics)
            found.update(court.organisation)
        for brand in self.brands.values():
            found.update(brand.metrics)
        found.update(c.meta.year for c in self.cases.values())
        found.update(h.year for h in self.honors())
        found.update(int(u.date[:4]) for u in self.updates())
        return sorted(found, reverse=True)

    # ------------------------------------------------------------------ trees

    def ordered_courts(self) -> list[tuple[Court, int]]:
        """Courts in hierarchy order (higher courts first, children below), with their depth."""
        result: dict[str, tuple[Court, int]] = {}

        def walk(court: Court, depth: int) -> None:
            if court.id not in result:
                result[court.id] = (court, depth)
                for child in self.child_courts(court.id):
                    walk(child, depth + 1)

        for court in self.root_courts():
            walk(court, 0)
        for court in self.courts.values():  # courts caught in a parent cycle
            walk(court, 0)
        return list(result.values())

    def brand_tree(self, court_id: str) -> list[tuple[Brand, int]]:
        """Brands of a court, depth-first below their parent brands, with their depth."""
        result: dict[str, tuple[Brand, int]] = {}

        def walk(brand: Brand, depth: int) -> None:
            if brand.id not in result:
                result[brand.id] = (brand, depth)
                for child in self.sub_brands(brand.id):
                    walk(child, depth + 1)

        for brand in self.top_brands_of(court_id):
            walk(brand, 0)
        for brand in self.brands_of(court_id):  # brands caught in a parent cycle
            walk(brand, 0)
        return list(result.values())

    def brand_chain(self, brand: Brand) -> list[Brand]:
        """The brand and its parent brands, the top one first (cycles cut)."""
        chain: list[Brand] = []
        current: Brand | None = brand
        while current is not None and current not in chain:
            chain.append(current)
            current = self.brands.get(current.parent) if current.parent else None
        return list(reversed(chain))

    # ------------------------------------------------------------------ records by owner

    def updates_of(
        self, *, court: str | None = None, brand: str | None = None, project: str | None = None
    ) -> list[UpdateRecord]:
        """Updates of one court, brand or project (exactly one keyword), newest first."""
        key = ("court", court) if court else ("brand", brand) if brand else ("project", project)
        return list(self._owners().updates.get(key, []))

    def honors_of(
        self, *, court: str | None = None, brand: str | None = None, person: str | None = None
    ) -> list[HonorRecord]:
        """Honors of one court, brand or person (exactly one keyword), highest level first, then newest."""
        key = ("court", court) if court else ("brand", brand) if brand else ("person", person)
        return list(self._owners().honors.get(key, []))

    def carriers_of(self, court_id: str, brand_id: str | None) -> list[Carrier]:
        """A court's own carriers (brand_id None) or one brand's."""
        if brand_id is None:
            court = self.courts.get(court_id)
            return list(court.carriers) if court else []
        brand = self.brands.get(brand_id)
        return list(brand.carriers) if brand and brand.court == court_id else []

    def cases_in_campaign(self, campaign_id: str) -> list[Case]:
        """Cases submitted to a campaign's selections."""
        return [c for c in self.cases.values() if any(s.campaign == campaign_id for s in c.meta.selections)]

    def _owners(self) -> _Owners:
        """Updates and honors indexed by who they belong to, computed once per catalog state."""
        state = (len(self.courts), len(self.brands), len(self.people))
        if self._owner_index is None or self._owner_index[0] != state:
            updates: dict[tuple[str, str | None], list[UpdateRecord]] = {}
            for update in self.updates():
                for key in (("court", update.court), ("brand", update.brand), ("project", update.project)):
                    if key[1]:
                        updates.setdefault(key, []).append(update)
            honors: dict[tuple[str, str | None], list[HonorRecord]] = {}
            for honor in self.honors():
                for key in (("court", honor.court), ("brand", honor.brand), ("person", honor.person)):
                    if key[1]:
                        honors.setdefault(key, []).append(honor)
            self._owner_index = (state, _Owners(updates, honors))
        return self._owner_index[1]

    def figures(self, entity: Court | Brand) -> dict[int, dict[str, Figure]]:
        return self.registry.figures(entity.metrics)

    def matrix_formula(self, court_id: str) -> tuple[int, int, int]:
        """(master brands, sub-brands, tribunal projects 一庭一品一策), e.g. 1 + 6 + 3."""
        court = self.courts[court_id]
        brands = self.brands_of(court_id)
        tribunal_projects = sum(1 for b in brands for p in b.projects if p.kind == "一庭一品一策")
        return (1 if court.master_brand else 0, len(brands), tribunal_projects)

    def consistent(self) -> Catalog:
        """A copy without entries whose court or brand is missing, and without links to missing
        parents: what the loader returns when files have errors, and what serve mode shows while
        they are being fixed. Pages can then follow every link without checking it first."""
        courts = self.courts
        brands = {k: b for k, b in self.brands.items() if b.court in courts}
        brands = {
            k: (b if b.parent is None or b.parent in brands else b.model_copy(update={"parent": None}))
            for k, b in brands.items()
        }
        people = {k: p for k, p in self.people.items() if p.court in courts}
        people = {
            k: (p if p.brand is None or p.brand in brands else p.model_copy(update={"brand": None}))
            for k, p in people.items()
        }
        cases = {k: c for k, c in self.cases.items() if c.meta.court in courts and c.meta.brand in brands}
        return Catalog(
            self.root,
            self.registry,
            dict(self.campaigns),
            dict(courts),
            brands,
            people,
            cases,
            self.documents,
            self.brands_dir,
        )

    # ------------------------------------------------------------------ audiences

    def public_only(self) -> Catalog:
        """A copy without anything marked internal, for public builds.

        Left out: entities with `visibility: internal`, list items so marked (carriers, projects,
        honors, updates, media …), and the fields named in `internal_fields` (emptied). What hangs
        off something left out goes too — a court's brands and people, a brand's sub-brands and
        cases, updates about an internal project — and links to it are cut, so no public page
        names or links to anything internal.
        """
        keep = _public
        courts = {k: v for k, v in self.courts.items() if keep(v)}
        campaigns = {k: v for k, v in self.campaigns.items() if keep(v)}

        def brand_public(brand: Brand) -> bool:
            seen: set[str] = set()
            current: Brand | None = brand
            while current is not None and current.id not in seen:
                if not keep(current) or current.court not in courts:
                    return False
                seen.add(current.id)
                if current.parent is None:
                    return True
                current = self.brands.get(current.parent)
            return current is not None  # a cycle or a missing parent: the loader reports it

        brands = {k: v for k, v in self.brands.items() if brand_public(v)}
        people = {k: v for k, v in self.people.items() if keep(v) and v.court in courts}
        cases = {
            k: c for k, c in self.cases.items() if keep(c.meta) and c.meta.brand in brands and c.meta.court in courts
        }

        def person_link(value: str | None) -> str | None:
            return value if value in people else None

        def public_court(court: Court) -> Court:
            court = _strip(court)
            return court.model_copy(
                update={
                    "parent": court.parent if court.parent in courts else None,
                    "campaigns": [c for c in court.campaigns if c in campaigns],
                    "honors": [h.model_copy(update={"person": person_link(h.person)}) for h in court.honors],
                }
            )

        def public_brand(brand: Brand) -> Brand:
            brand = _strip(brand)
            projects = {p.id for p in brand.projects}
            return brand.model_copy(
                update={
                    "honors": [h.model_copy(update={"person": person_link(h.person)}) for h in brand.honors],
                    # an update about an internal project tells of that project: leave it out as well
                    "updates": [u for u in brand.updates if u.project is None or u.project in projects],
                }
            )

        def public_person(person: Person) -> Person:
            person = _strip(person)
            return person.model_copy(update={"brand": person.brand if person.brand in brands else None})

        def public_case(case: Case) -> Case:
            meta = _strip(case.meta)
            selections = [
                s.model_copy(update={"campaign": s.campaign if s.campaign in campaigns else None})
                for s in meta.selections
            ]
            return replace(case, meta=meta.model_copy(update={"selections": selections}))

        kept: dict[str, Mapping[str, object]] = {
            "campaign": campaigns,
            "court": courts,
            "brand": brands,
            "person": people,
            "case": cases,
        }
        return Catalog(
            root=self.root,
            registry=self.registry,
            campaigns={k: _strip(v) for k, v in campaigns.items()},
            courts={k: public_court(v) for k, v in courts.items()},
            brands={k: public_brand(v) for k, v in brands.items()},
            people={k: public_person(v) for k, v in people.items()},
            cases={k: public_case(c) for k, c in cases.items()},
            documents={key: doc for key, doc in self.documents.items() if key[0] not in kept or key[1] in kept[key[0]]},
            brands_dir=self.brands_dir,
        )


def _public(entry: BaseModel | None) -> bool:
    return entry is not None and getattr(entry, "visibility", "public") != "internal"


def _strip(entry: Any) -> Any:
    """Drop internal items from every nested list of the entry and empty its internal fields."""
    if not isinstance(entry, BaseModel):
        return entry
    model = type(entry)
    changes = {}
    for name in model.model_fields:
        value = getattr(entry, name)
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            changes[name] = [_strip(item) for item in value if _public(item)]
        elif isinstance(value, BaseModel):
            changes[name] = _strip(value)
    for name in getattr(entry, "internal_fields", []):
        if name in model.model_fields and name not in ALWAYS_PUBLIC_FIELDS:
            changes[name] = cleared_value(model, name)
    if getattr(entry, "internal_fields", None):
        changes["internal_fields"] = []
    return entry.model_copy(update=changes) if changes else entry
