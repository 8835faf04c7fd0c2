"""Load `brands/` and the case write-ups into a validated Catalog, reporting every problem.

File layout (one entity per file, grouped by court):

    brands/metrics.yml                           metric registry
    brands/campaigns/<id>.yml                    campaigns
    brands/courts/<court>/court.yml              court with its master brand
    brands/courts/<court>/brands/<id>.yml        branch sub-brands
    brands/courts/<court>/people/<id>.yml        model individuals
    docs/cases/<court>/<slug>.md                 case write-ups (front matter + Markdown)
    brands/privacy-allow.yml                     allow-list of the privacy lint (read by privacy.py)
    brands/assessment/<year>.yml, <year>-scores.yml   assessment scheme and scores (showcase/assessment)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from showcase.core.catalog import Case, Catalog
from showcase.core.metrics import FormulaError, Registry, formula_inputs
from showcase.core.model import (
    CASE_SELECTION,
    TASK_DONE,
    Brand,
    Campaign,
    CaseMeta,
    Court,
    MetricRegistry,
    Person,
    internal_field_choices,
)
from showcase.core.parsecache import ParseCache
from showcase.core.placeholders import CODE as PLACEHOLDER_CODE
from showcase.core.placeholders import body_placeholders, read_placeholders, without_placeholders
from showcase.core.plans import EvidenceError, resolve_evidence
from showcase.core.problems import Problem, ValidationFailed, display_path
from showcase.core.sources import YAML_SUFFIXES, Layout, body_link_problems, inventory, media_problem
from showcase.core.svgsafe import svg_problem
from showcase.core.validate import field_label, suggest, validate_document
from showcase.core.yamlsource import YamlDocument, load_front_matter, load_yaml_file

__all__ = ["YAML_SUFFIXES", "Layout", "Loader", "load_catalog", "load_valid_catalog"]

CASE_COURT = re.compile(r"^court:[ \t]*(\S+)[ \t]*$", re.MULTILINE)


LISTED = 12  # names shown in a hint before it says how many more there are
REFERENCE_LISTS = {
    "指标": "brands/metrics.yml",
    "法院": "brands/courts/ 下的文件夹",
    "品牌创建活动": "brands/campaigns/",
}


def listing(names: list[str], *, where: str = "") -> str:
    """Names for a hint: all of them, or the first LISTED and how many more (and where to look)."""
    if len(names) <= LISTED:
        return "、".join(names)
    rest = f"等，共 {len(names)} 个"
    return "、".join(names[:LISTED]) + rest + (f"，完整列表见 {where}" if where else "")


MODELS: dict[str, type[BaseModel]] = {
    "metrics": MetricRegistry,
    "campaign": Campaign,
    "court": Court,
    "brand": Brand,
    "person": Person,
}


class Loader:
    def __init__(self, layout: Layout, parsed: ParseCache | None = None) -> None:
        self.layout = layout
        # Through the files an earlier build parsed (`showcase.py build`), by their bytes, if given.
        self._yaml_file = parsed.yaml_file if parsed is not None else load_yaml_file
        self._front_matter = parsed.front_matter if parsed is not None else load_front_matter
        self.problems: list[Problem] = []
        self.registry = Registry([])
        self.catalog = Catalog(layout.root, self.registry, brands_dir=layout.brands_dir)
        self._documents: dict[Path, YamlDocument] = {}
        # Ids of entities whose file has errors: references to them are not reported again.
        self.broken: dict[str, set[str]] = {kind: set() for kind in MODELS}

    # ------------------------------------------------------------------ reading

    def display(self, path: Path) -> str:
        return display_path(path, self.layout.root)

    def load(self) -> Catalog:
        brands_dir = self.layout.brands
        if not brands_dir.is_dir():
            self.problems.append(
                Problem(
                    self.display(brands_dir),
                    0,
                    "找不到品牌资料目录",
                    "在项目根目录下建立 brands/ 目录，或用 --root 指定项目位置",
                    "no-brands",
                )
            )
            return self.catalog
        self.sources = inventory(self.layout, self.display, self._in_scope)
        self.problems += self.sources.problems
        by_kind = {kind: self.sources.of(kind) for kind in MODELS}
        for folder in self._court_folders():
            if self._in_scope(brands_dir / "courts" / folder) and not any(
                (brands_dir / "courts" / folder / f"court{suffix}").is_file() for suffix in YAML_SUFFIXES
            ):
                court_file = self.display(brands_dir / "courts" / folder / "court.yml")
                self.problems.append(
                    Problem(
                        court_file,
                        0,
                        f"法院文件夹 courts/{folder}/ 中缺少 court.yml",
                        "从其他法院复制 court.yml 并改写；若这个法院已撤下，请把整个文件夹移走",
                        "no-court-file",
                    )
                )
                self.broken["court"].add(folder)
        if not by_kind["metrics"]:
            self.problems.append(
                Problem(
                    self.display(brands_dir / "metrics.yml"),
                    0,
                    "缺少指标登记表 metrics.yml",
                    "从示例项目复制 brands/metrics.yml",
                    "no-metrics",
                )
            )
        for path in by_kind["metrics"]:
            registry = self._read(path, "metrics")
            if registry is not None:
                self.registry = Registry(registry.metrics)
                self.catalog.registry = self.registry
                self._check_registry(registry, self._documents[path])
        for kind, target in (
            ("campaign", self.catalog.campaigns),
            ("court", self.catalog.courts),
            ("brand", self.catalog.brands),
            ("person", self.catalog.people),
        ):
            for path in by_kind[kind]:
                entity = self._read(path, kind)
                if entity is None:
                    continue
                if entity.id in target:
                    first = self.catalog.documents[(kind, entity.id)].display
                    self.problems.append(
                        Problem(
                            self.display(path),
                            self._documents[path].line(("id",)),
                            f"标识“{entity.id}”重复（{first} 已使用）",
                            "每个条目的 id 必须唯一，请改用另一个标识",
                            "duplicate-id",
                        )
                    )
                    continue
                target[entity.id] = entity
                self.catalog.documents[(kind, entity.id)] = self._documents[path]
        self._load_cases()
        self._check_references()
        self._check_plans()
        if self.layout.court is not None and self.layout.court not in self.catalog.courts:
            known = self._court_folders()
            guess = suggest(self.layout.court, known)
            hint = (
                f"是否想写“{guess}”？" if guess else "现有的法院：" + listing(known, where="brands/courts/ 下的文件夹")
            )
            self.problems.append(
                Problem(
                    self.display(brands_dir / "courts"),
                    0,
                    f"预览范围中的法院“{self.layout.court}”不存在",
                    hint,
                    "unknown-scope",
                )
            )
        return self.catalog

    def _in_scope(self, path: Path) -> bool:
        """Court-scoped preview: another court's folder is not read at all."""
        if self.layout.court is None:
            return True
        parts = path.relative_to(self.layout.brands).parts
        return not (len(parts) >= 2 and parts[0] == "courts" and parts[1] != self.layout.court)

    def _court_folders(self) -> list[str]:
        folder = self.layout.brands / "courts"
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def _courts_outside_scope(self) -> list[str]:
        """Court-scoped preview: the other courts' folders, so a reference to one (a superior
        court as `parent`) is not reported as unknown just because it was not read."""
        if self.layout.court is None:
            return []
        return [name for name in self._court_folders() if name != self.layout.court]

    def _case_in_scope(self, path: Path) -> bool:
        """Court-scoped preview: a case whose front matter names another court is skipped unread.
        A file without a readable `court:` line is loaded, so its errors still show."""
        if self.layout.court is None:
            return True
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="replace")
        match = CASE_COURT.search(head)
        return match is None or match.group(1).strip("'\"") == self.layout.court

    def _read(self, path: Path, kind: str) -> Any:
        document, problems = self._yaml_file(path, self.display(path), self.registry.units())
        self.problems += problems
        model = None
        if document is not None:
            document, problems = read_placeholders(document, MODELS[kind], field_label)
            self.problems += problems
            self._documents[path] = document
            model, problems = validate_document(document, MODELS[kind])
            self.problems += problems
        if model is None and kind in self.broken:
            # Whatever the file says its id is, and the id its name gives: references to either
            # are not reported again (the file's own errors say what is wrong).
            data = document.data if document is not None else None
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.broken[kind].add(data["id"])
            self.broken[kind].add(path.parent.name if kind == "court" else path.stem)
        return model

    def _load_cases(self) -> None:
        cases_dir = self.layout.cases
        for path in self.sources.cases:
            if not self._case_in_scope(path):
                continue
            display = self.display(path)
            document, body, body_line, problems = self._front_matter(path, display)
            self.problems += problems
            if document is None:
                continue
            document, problems = read_placeholders(document, CaseMeta, field_label)
            self.problems += (
                problems + body_placeholders(body, display, body_line) + body_link_problems(body, display, body_line)
            )
            meta, problems = validate_document(document, CaseMeta)
            self.problems += problems
            if meta is None:
                continue
            case_id = path.relative_to(cases_dir).with_suffix("").as_posix()
            self.catalog.cases[case_id] = Case(case_id, meta, path.relative_to(self.layout.docs).as_posix(), body, path)
            self.catalog.documents[("case", case_id)] = document

    # ------------------------------------------------------------------ cross-checks

    def _problem(self, document: YamlDocument, path: tuple[Any, ...], message: str, hint: str, code: str) -> None:
        self.problems.append(Problem(document.display, document.line(path), message, hint, code))

    def _reference(
        self, document: YamlDocument, path: tuple[Any, ...], value: str | None, known: Iterable[str], what: str
    ) -> None:
        if value is None:
            return
        ids = known if isinstance(known, dict) else dict.fromkeys(known)  # ordered, and found at once
        if value in ids:
            return
        known = list(ids)
        guess = suggest(value, known)
        hint = (
            f"是否想写“{guess}”？"
            if guess
            else (
                f"现有的{what}：{listing(known, where=REFERENCE_LISTS.get(what, ''))}"
                if known
                else f"请先建立这个{what}"
            )
        )
        self._problem(document, path, f"引用了不存在的{what}“{value}”", hint, "unknown-reference")

    def _media(
        self, document: YamlDocument, path: tuple[Any, ...], value: str | None, *, documents: bool = False
    ) -> None:
        """Pictures and attachments: files of an allowed type below brands/media/ (sources.media_problem)."""
        if not value:
            return
        found = media_problem(self.layout, value, documents=documents)
        if found is not None:
            self._problem(document, path, *found)
        elif value.lower().endswith(".svg") and (reason := svg_problem(self.layout.root / value)):
            self._problem(
                document,
                path,
                f"SVG 文件“{value}”不能使用：{reason}",
                "用绘图软件重新导出为普通 SVG（UTF-8 编码，不含脚本和实体声明），或改用 PNG",
                "media-svg",
            )

    def _check_internal_fields(self, document: YamlDocument, entity: BaseModel) -> None:
        """`internal_fields` must name fields of this kind of entry that may be hidden."""
        choices = internal_field_choices(type(entity))
        for i, name in enumerate(getattr(entity, "internal_fields", [])):
            if name in choices:
                continue
            if name in type(entity).model_fields:
                message = f"字段“{name}”不能设为仅内网显示"
                hint = (
                    "标识、名称和归属字段在公开版中必须保留；整个条目不公开请写 visibility: internal。"
                    f"可设为内网的字段：{'、'.join(choices)}"
                )
            else:
                guess = suggest(name, choices)
                message = f"internal_fields 中的“{name}”不是这类条目的字段"
                hint = f"是否想写“{guess}”？" if guess else f"可设为内网的字段：{'、'.join(choices)}"
            self._problem(document, ("internal_fields", i), message, hint, "internal-field")

    def _check_registry(self, registry: MetricRegistry, document: YamlDocument) -> None:
        keys = [m.key for m in registry.metrics]
        for index, metric in enumerate(registry.metrics):
            if keys.count(metric.key) > 1 and keys.index(metric.key) != index:
                self._problem(
                    document,
                    ("metrics", index, "key"),
                    f"指标键“{metric.key}”重复",
                    "每个指标只登记一次",
                    "duplicate-id",
                )
            if metric.range and metric.range[0] > metric.range[1]:
                self._problem(
                    document, ("metrics", index, "range"), "合理区间的下限大于上限", "写成 [下限, 上限]", "bad-range"
                )
            if metric.formula:
                try:
                    inputs = formula_inputs(metric.formula)
                except FormulaError as error:
                    self._problem(
                        document,
                        ("metrics", index, "formula"),
                        f"公式“{metric.formula}”无法计算（{error}）",
                        "只能使用指标键、数字和 + - * / 括号",
                        "bad-formula",
                    )
                    continue
                for name in inputs:
                    self._reference(document, ("metrics", index, "formula"), name, keys, "指标")

    def _check_values(self, document: YamlDocument, path: tuple[Any, ...], yearly: dict[int, dict[str, float]]) -> None:
        for year, values in yearly.items():
            for key in values:
                if key not in self.registry:
                    self._reference(document, path + (year, key), key, self.registry.keys(), "指标")
            for metric, typed, computed in self.registry.disagreements(values):
                inputs = "、".join(self.registry[name].label for name in formula_inputs(metric.formula or ""))
                self._problem(
                    document,
                    path + (year, metric.key),
                    f"{year} 年“{metric.label}”写的是 {typed:g}，但按 {inputs} 计算应为 {computed:.{metric.decimals}f}",
                    f"核对原始数据；公式：{metric.formula}",
                    "derived-mismatch",
                )

    def _check_references(self) -> None:
        c = self.catalog
        # dicts: in file order for the hints, and a lookup each (a national site has 10,000 brands)
        court_ids = dict.fromkeys([*c.courts, *self.broken["court"], *self._courts_outside_scope()])
        brand_ids = dict.fromkeys([*c.brands, *self.broken["brand"]])
        campaign_ids = dict.fromkeys([*c.campaigns, *self.broken["campaign"]])
        person_ids = dict.fromkeys([*c.people, *self.broken["person"]])
        for kind, entities in (("court", c.courts), ("brand", c.brands), ("person", c.people)):
            for entity in entities.values():
                self._check_internal_fields(c.documents[(kind, entity.id)], entity)
        for case in c.cases.values():
            self._check_internal_fields(c.documents[("case", case.id)], case.meta)
        for court in c.courts.values():
            doc = c.documents[("court", court.id)]
            folder = doc.path.parent.name
            if folder != court.id:
                self._problem(
                    doc,
                    ("id",),
                    f"法院标识“{court.id}”与所在目录“{folder}”不一致",
                    f"把 id 改为 {folder}，或把目录改名为 {court.id}",
                    "folder-mismatch",
                )
            self._reference(doc, ("parent",), court.parent, court_ids, "法院")
            for i, campaign in enumerate(court.campaigns):
                self._reference(doc, ("campaigns", i), campaign, campaign_ids, "品牌创建活动")
                found = c.campaigns.get(campaign)
                if found is not None and found.kind == CASE_SELECTION:
                    # A selection is joined by cases, not courts; listed here it would file the court under
                    # it in the matrix.
                    hint = (
                        "campaigns 只列本院参加的品牌创建活动；案例参加评选，写在案例文件的 selections 中（campaign: "
                        f"{campaign}）"
                    )
                    self._problem(
                        doc, ("campaigns", i), f"“{campaign}”是案例评选，不是品牌创建活动", hint, "campaign-kind"
                    )
            if court.master_brand and court.master_brand.logo:
                self._media(doc, ("master_brand", "logo", "path"), court.master_brand.logo.path)
            for i, honor in enumerate(court.honors):
                self._reference(doc, ("honors", i, "person"), honor.person, person_ids, "人物")
            self._check_values(doc, ("metrics",), court.metrics)
        projects_seen: dict[str, str] = {}
        carriers_seen: dict[str, str] = {}
        for court in c.courts.values():
            for carrier in court.carriers:
                carriers_seen.setdefault(carrier.id, court.id)
        for brand in c.brands.values():
            doc = c.documents[("brand", brand.id)]
            self._reference(doc, ("court",), brand.court, court_ids, "法院")
            court_folder = doc.path.parent.parent.name
            if brand.court in c.courts and court_folder != brand.court:
                self._problem(
                    doc,
                    ("court",),
                    f"品牌写的所属法院是“{brand.court}”，但文件放在 courts/{court_folder}/ 下",
                    f"把文件移到 brands/courts/{brand.court}/brands/，或改正 court",
                    "folder-mismatch",
                )
            if brand.parent is not None:  # not itself
                others = brand_ids if brand.parent != brand.id else [b for b in brand_ids if b != brand.id]
                self._reference(doc, ("parent",), brand.parent, others, "品牌")
            if brand.logo:
                self._media(doc, ("logo", "path"), brand.logo.path)
            for i, media in enumerate(brand.media):
                self._media(doc, ("media", i, "path"), media.path)
            for i, honor in enumerate(brand.honors):
                self._reference(doc, ("honors", i, "person"), honor.person, person_ids, "人物")
            project_ids = [p.id for p in brand.projects]
            for i, project in enumerate(brand.projects):
                if project.id in projects_seen:
                    self._problem(
                        doc,
                        ("projects", i, "id"),
                        f"项目标识“{project.id}”重复（品牌 {projects_seen[project.id]} 已使用）",
                        "项目标识在全站必须唯一",
                        "duplicate-id",
                    )
                projects_seen.setdefault(project.id, brand.id)
            for i, carrier in enumerate(brand.carriers):
                if carrier.id in carriers_seen:
                    self._problem(
                        doc,
                        ("carriers", i, "id"),
                        f"载体标识“{carrier.id}”重复（{carriers_seen[carrier.id]} 已使用）",
                        "载体标识在全站必须唯一",
                        "duplicate-id",
                    )
                carriers_seen.setdefault(carrier.id, brand.id)
            for i, update in enumerate(brand.updates):
                self._reference(doc, ("updates", i, "project"), update.project, project_ids, "项目")
            self._check_values(doc, ("metrics",), brand.metrics)
        for brand in c.brands.values():  # parent chains must end at the master brand
            seen, current = {brand.id}, brand.parent
            while current in c.brands:
                if current in seen:
                    self._problem(
                        c.documents[("brand", brand.id)],
                        ("parent",),
                        "上级品牌形成了循环",
                        "parent 只能指向更上一级的品牌，留空表示隶属机关总品牌",
                        "cycle",
                    )
                    break
                seen.add(current)
                current = c.brands[current].parent
        for person in c.people.values():
            doc = c.documents[("person", person.id)]
            self._reference(doc, ("court",), person.court, court_ids, "法院")
            self._reference(doc, ("brand",), person.brand, brand_ids, "品牌")
            self._media(doc, ("photo",), person.photo)
        for case in c.cases.values():
            doc = c.documents[("case", case.id)]
            folder = case.source.parent.name
            if case.meta.court in c.courts and folder != case.meta.court:
                self._problem(
                    doc,
                    ("court",),
                    f"案例写的所属法院是“{case.meta.court}”，但文件放在 docs/cases/{folder}/ 下",
                    f"把文件移到 docs/cases/{case.meta.court}/，或改正 court",
                    "folder-mismatch",
                )
            self._reference(doc, ("court",), case.meta.court, court_ids, "法院")
            self._reference(doc, ("brand",), case.meta.brand, brand_ids, "品牌")
            case_brand = c.brands.get(case.meta.brand)
            if (
                case_brand
                and case.meta.court in c.courts
                and case_brand.court in c.courts
                and case_brand.court != case.meta.court
            ):
                self._problem(
                    doc,
                    ("court",),
                    f"案例的法院“{case.meta.court}”与品牌“{case_brand.name}”所属法院“{case_brand.court}”不一致",
                    "改正 court 或 brand",
                    "relation-mismatch",
                )
            for i, selection in enumerate(case.meta.selections):
                self._reference(doc, ("selections", i, "campaign"), selection.campaign, campaign_ids, "品牌创建活动")
            for i, attachment in enumerate(case.meta.attachments):
                self._media(doc, ("attachments", i), attachment, documents=True)

    def _check_plans(self) -> None:
        """Brand plans: one per year, tasks of known projects, done tasks dated and proven by
        evidence that points at an existing record (showcase/core/plans.py)."""
        c = self.catalog
        for brand in c.brands.values():
            doc = c.documents[("brand", brand.id)]
            years: dict[int, int] = {}
            project_ids = [p.id for p in brand.projects]
            for i, plan in enumerate(brand.plans):
                if plan.year in years:
                    self._problem(
                        doc,
                        ("plans", i, "year"),
                        f"{plan.year} 年的品牌方案写了两份（第 {years[plan.year] + 1} 份已是 {plan.year} 年）",
                        "每年只写一份方案，把两份的目标和任务合并",
                        "duplicate-plan",
                    )
                years.setdefault(plan.year, i)
                for j, task in enumerate(plan.tasks):
                    here = ("plans", i, "tasks", j)
                    self._reference(doc, (*here, "project"), task.project, project_ids, "项目")
                    if task.status == TASK_DONE and not task.evidence:
                        self._problem(
                            doc,
                            (*here, "status"),
                            f"任务“{task.title}”标为已完成，但没有写证据",
                            (
                                "在 evidence 下列出能证明完成的记录，如 - "
                                "update:2023-04-18（见编辑指南“品牌方案与量化考核”一页）"
                            ),
                            "task-no-evidence",
                        )
                    if task.status == TASK_DONE and task.done is None:
                        self._problem(
                            doc,
                            (*here, "status"),
                            f"任务“{task.title}”标为已完成，但没有写完成日期",
                            "补上 done: 完成的日期，如 done: 2023-06-30",
                            "task-no-date",
                        )
                    if task.status != TASK_DONE and task.done is not None:
                        self._problem(
                            doc,
                            (*here, "done"),
                            f"任务“{task.title}”写了完成日期，但状态是“{task.status}”",
                            "任务已完成就把 status 改为 已完成；还没完成就删去 done",
                            "task-status",
                        )
                    for k, ref in enumerate(task.evidence):
                        try:
                            resolve_evidence(c, brand, ref)
                        except EvidenceError as error:
                            self._problem(doc, (*here, "evidence", k), error.message, error.hint, "unknown-evidence")


def load_catalog(layout: Layout, parsed: ParseCache | None = None) -> tuple[Catalog, list[Problem]]:
    """Load everything; the catalog holds what was valid (and consistent), problems hold the rest.
    The privacy lint, which depends on the audience, is the audience feature's
    (`showcase.audience.load_for_audience`)."""
    loader = Loader(layout, parsed)
    catalog = loader.load().consistent()  # entries whose court or brand is missing are reported, then left out
    unfilled = {p.path for p in loader.problems if p.code == PLACEHOLDER_CODE}
    catalog = without_placeholders(catalog, unfilled)  # what the template left unfilled is never shown as data
    return catalog, sorted(set(loader.problems))


def load_valid_catalog(layout: Layout) -> Catalog:
    """Load and raise ValidationFailed when any error was found."""
    catalog, problems = load_catalog(layout)
    if any(p.severity == "error" for p in problems):
        raise ValidationFailed(problems)
    return catalog
