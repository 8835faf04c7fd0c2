"""`showcase.py new`: scaffold every kind of entry from a commented template.

New files: a court (with its folders), a campaign, a brand, a person, a case. Additions to an
existing file (insert.py keeps everything else of it as written): a project or carrier, an update.
Every value a template cannot know is a placeholder (showcase/core/placeholders.py), so an
untouched template validates with warnings, never passes as finished, and shows nothing invented.

Each result is rendered in memory, read back and checked against the contract and the catalog,
and only then written (through a temporary file), so a failed `new` leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup
from pydantic import BaseModel

from showcase.core.catalog import Catalog
from showcase.core.loader import Layout
from showcase.core.model import BRAND_CAMPAIGN, CASE_SELECTION, ID_PATTERN, Brand, Campaign, CaseMeta, Court, Person
from showcase.core.placeholders import placeholder, read_placeholders
from showcase.core.problems import Problem, display_path
from showcase.core.sources import MEDIA_DIR
from showcase.core.templating import environment
from showcase.core.validate import field_label, suggest, validate_document
from showcase.core.yamlsource import parse_yaml, split_front_matter
from showcase.editing.insert import InsertError, append_item

TEMPLATES = Path(__file__).parent / "templates"
FILE_KINDS: dict[str, type[BaseModel]] = {
    "court": Court,
    "campaign": Campaign,
    "brand": Brand,
    "person": Person,
    "case": CaseMeta,
}
ITEM_KINDS = {"project": "projects", "carrier": "carriers", "update": "updates"}  # → the list they go in
# The four parts of a case write-up, in order (docs/guide/case.md “正文怎么写”), with what each says.
CASE_SECTIONS = (
    ("背景", "为什么要做：面临什么问题、有什么需求"),
    ("做法", "具体怎么做：分几条写，每条开头用加粗的小标题"),
    ("成效", "带来了什么变化：尽量用数字和事例说话"),
    ("启示", "有哪些可以借鉴的经验，还有哪些不足和下一步打算"),
)
KEEP = ".gitkeep"  # empty folders are not kept by git; the loader and MkDocs skip dot files


@dataclass
class Scaffold:
    path: Path
    text: str
    folders: list[Path] = field(default_factory=list)  # made too (a court's brands/, people/, media and cases)
    added_to: bool = False  # an existing file that gets an item, not a new file
    notes: list[str] = field(default_factory=list)  # what to tell the user besides “written”


def _yaml_scalar(value: object) -> Markup:
    """A value as YAML: plain where YAML reads it back unchanged, else a JSON string (a valid
    double-quoted YAML scalar: quotes, colons and # stay literal)."""
    text = str(value)
    try:
        loaded = yaml.safe_load(f"k: {text}")
        read = loaded.get("k") if isinstance(loaded, dict) else None
        same = read == text or (isinstance(read, dt.date) and read.isoformat() == text)  # a date stays a date
        plain = "\n" not in text and text == text.strip() and same and " #" not in text
    except yaml.YAMLError:
        plain = False
    return Markup(text if plain else json.dumps(text, ensure_ascii=False))


COMMENT_COLUMN = 33  # where the templates' end-of-line comments start
_TRAILING_COMMENT = re.compile(r"^(?P<code>[^#\"']*?\S)[ \t]{2,}(?P<comment>#[ \t].*)$")


def _aligned(text: str) -> str:
    """End-of-line comments back in one column after the values were filled in (lines with quotes
    or a # in the value are left as they are: there the comment cannot be told apart safely)."""
    lines = []
    for line in text.split("\n"):
        match = _TRAILING_COMMENT.match(line)
        if match:
            code = match.group("code")
            gap = max(COMMENT_COLUMN - _width(code), 2)
            line = f"{code}{' ' * gap}{match.group('comment')}"
        lines.append(line)
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a text takes in an editor: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def render(template: str, values: dict[str, object]) -> str:
    env = environment(
        TEMPLATES, filters={"yaml": _yaml_scalar}, globals={"todo": placeholder, "sections": CASE_SECTIONS}
    )
    return _aligned(env.get_template(template).render(values))


def target_path(layout: Layout, kind: str, values: dict[str, Any]) -> Path:
    court, ident = str(values.get("court") or ""), str(values.get("id") or "")
    if kind == "court":
        return layout.brands / "courts" / ident / "court.yml"
    if kind == "campaign":
        return layout.brands / "campaigns" / f"{ident}.yml"
    if kind == "brand":
        return layout.brands / "courts" / court / "brands" / f"{ident}.yml"
    if kind == "person":
        return layout.brands / "courts" / court / "people" / f"{ident}.yml"
    return layout.cases / court / f"{ident}.md"


class _Checks:
    def __init__(self, layout: Layout, catalog: Catalog, display: str) -> None:
        self.layout, self.catalog, self.display = layout, catalog, display
        self.problems: list[Problem] = []

    def add(self, message: str, hint: str, code: str = "scaffold") -> None:
        self.problems.append(Problem(self.display, 0, message, hint, code))

    def known(self, value: Any, choices: dict[str, Any], what: str, create: str) -> None:
        if value and value not in choices:
            guess = suggest(str(value), choices)
            self.add(
                f"{what}“{value}”不存在",
                f"是否想写“{guess}”？" if guess else (f"现有的{what}：{'、'.join(choices)}" if choices else create),
                "unknown-reference",
            )


def _bad_ids(values: dict[str, Any]) -> list[Problem]:
    """These become file names and URLs: refuse anything but a plain id before any path is made."""
    for name in ("id", "court", "brand", "parent", "project"):
        if values.get(name) and not re.fullmatch(ID_PATTERN, str(values[name])):
            return [
                Problem(
                    f"--{name}",
                    0,
                    f"标识“{values[name]}”写法不正确",
                    "标识只能用小写英文字母、数字和连字符，如 xunzhou-fengqiao",
                    "bad-id",
                )
            ]
    for name in ("campaign",):
        for value in values.get(name) or []:
            if not re.fullmatch(ID_PATTERN, str(value)):
                return [
                    Problem(
                        f"--{name}",
                        0,
                        f"标识“{value}”写法不正确",
                        "标识只能用小写英文字母、数字和连字符，如 fayao-bagui",
                        "bad-id",
                    )
                ]
    return []


def _checked(text: str, path: Path, display: str, model: type[BaseModel], front_matter: bool) -> list[Problem]:
    """The problems of a rendered file, as validate reads it (placeholders are warnings, not errors)."""
    source = split_front_matter(text)[0] if front_matter else text
    document, problems = parse_yaml(source or "", path, display, first_line=2 if front_matter else 1)
    if document is None:
        return problems
    document, _ = read_placeholders(document, model, field_label)
    return problems + validate_document(document, model)[1]


def plan(layout: Layout, catalog: Catalog, kind: str, values: dict[str, Any]) -> tuple[Scaffold | None, list[Problem]]:
    """Render and check a new file or an addition; nothing is written here."""
    refused = _bad_ids(values)
    if refused:
        return None, refused
    if kind in ITEM_KINDS:
        return _plan_item(layout, catalog, kind, values)
    path = target_path(layout, kind, values)
    display = display_path(path, layout.root)
    checks = _Checks(layout, catalog, display)
    notes: list[str] = []
    folders: list[Path] = []
    if kind in ("brand", "person", "case"):
        checks.known(values.get("court"), catalog.courts, "法院", "先用 new court 建立法院")
    if kind in ("person", "case"):
        checks.known(values.get("brand"), catalog.brands, "品牌", "先用 new brand 建立品牌")
        brand = catalog.brands.get(values.get("brand") or "")
        if brand is not None and brand.court != values.get("court"):
            checks.add(
                f"品牌“{brand.id}”属于法院“{brand.court}”，不是“{values.get('court')}”",
                f"把 --court 改为 {brand.court}，或换一个品牌",
            )
    if kind == "brand":
        checks.known(
            values.get("parent"),
            {k: b for k, b in catalog.brands.items() if b.court == values.get("court")},
            "品牌",
            "上级品牌须是本院的品牌",
        )
    if kind == "court":
        checks.known(
            values.get("parent"), catalog.courts, "法院", "先为上级法院建立 court.yml（只需 id、name、level、region）"
        )
        if values.get("id") in catalog.courts or path.parent.exists():
            checks.add(
                f"法院“{values.get('id')}”已存在（brands/courts/{values.get('id')}/）",
                "换一个标识，或直接编辑现有的 court.yml",
                "exists",
            )
        brand_campaigns = {k: c for k, c in catalog.campaigns.items() if c.kind == BRAND_CAMPAIGN}
        for campaign in values.get("campaign") or []:
            if catalog.campaigns.get(campaign) is not None and catalog.campaigns[campaign].kind == CASE_SELECTION:
                checks.add(
                    f"“{campaign}”是案例评选，不是品牌创建活动",
                    "--campaign 只写本院参加的品牌创建活动；案例参加评选，写在案例文件的 selections 中",
                    "campaign-kind",
                )
            else:
                checks.known(campaign, brand_campaigns, "品牌创建活动", "先用 new campaign 建立活动")
        values = {
            **values,
            "brand_campaigns": brand_campaigns,
            "selections": {k: c for k, c in catalog.campaigns.items() if c.kind == CASE_SELECTION},
        }
        court_id = str(values["id"])
        folders = [path.parent / "brands", path.parent / "people", layout.media / court_id, layout.cases / court_id]
        notes.append(_campaign_note(brand_campaigns, values.get("campaign") or []))
    if kind == "campaign" and (values.get("id") in catalog.campaigns or path.exists()):
        checks.add(f"活动“{values.get('id')}”已存在", "换一个标识，或直接编辑现有的文件", "exists")
    if path.exists() and kind != "court":
        checks.add("文件已存在，不会覆盖", "换一个标识，或直接编辑现有文件", "exists")
    if checks.problems:
        return None, checks.problems
    text = render({"case": "case.md"}.get(kind, f"{kind}.yml"), values)
    problems = _checked(text, path, display, FILE_KINDS[kind], front_matter=kind == "case")
    if problems:
        return None, problems
    return Scaffold(path, text, folders, notes=notes), []


def _campaign_note(brand_campaigns: dict[str, Campaign], chosen: list[str]) -> str:
    """What to tell someone adding a court about `campaigns` (the guide says the same)."""
    if chosen:
        return (
            f"已把本院列入：{'、'.join(chosen)}。campaigns 只列本院参加的品牌创建活动；案例评选不写在这里，写在案例的 "
            "selections 中。"
        )
    if brand_campaigns:
        listing = "、".join(f"{k}（{c.name}）" for k, c in brand_campaigns.items())
        return (
            f"本院参加上级品牌创建活动时，把活动标识写进 court.yml 的 campaigns。现有的品牌创建活动：{listing}。"
            "案例评选不写在这里，写在案例的 selections 中。"
        )
    return (
        "还没有品牌创建活动；上级部署后用 new campaign 建立，再把标识写进 court.yml 的 campaigns。案例评选不写在这里。"
    )


def _plan_item(
    layout: Layout, catalog: Catalog, kind: str, values: dict[str, Any]
) -> tuple[Scaffold | None, list[Problem]]:
    """A project, carrier or update added to a brand's file (a carrier or update: or the court's)."""
    brand_id, court_id = values.get("brand"), values.get("court")
    owner_kind = "brand" if brand_id else "court"
    owner = catalog.brands.get(brand_id or "") if brand_id else catalog.courts.get(court_id or "")
    path = _owner_path(layout, catalog, owner_kind, str(brand_id or court_id or ""), court_id)
    display = display_path(path, layout.root) if path else str(brand_id or court_id or "")
    checks = _Checks(layout, catalog, display)
    if brand_id:
        checks.known(brand_id, catalog.brands, "品牌", "先用 new brand 建立品牌")
    elif court_id:
        checks.known(court_id, catalog.courts, "法院", "先用 new court 建立法院")
    else:
        checks.add(
            "没有指定加到哪里",
            "用 --brand 指定品牌（项目、载体、动态）；机关层面的载体和动态用 --court 指定法院",
            "usage",
        )
    if owner is None:
        written = (
            sorted(layout.brands.glob(f"courts/*/brands/{brand_id}.yml"))
            if brand_id
            else [layout.brands / "courts" / str(court_id) / "court.yml"]
        )
        if written and written[0].is_file():  # the file is there but does not load: say that, not “does not exist”
            checks.problems = [
                Problem(
                    display_path(written[0], layout.root),
                    0,
                    "这个文件现在有错误，无法添加",
                    "先运行 python scripts/showcase.py validate 改正它，再添加",
                    "broken-owner",
                )
            ]
    if checks.problems or owner is None or path is None:
        return None, checks.problems
    # Ids as written (an unfinished project, left out of the site, still holds its id).
    if kind in ("project", "carrier") and (holder := _holder_of(catalog, ITEM_KINDS[kind], str(values.get("id")))):
        what = "项目" if kind == "project" else "载体"
        checks.add(
            f"{what}标识“{values.get('id')}”已被 {holder} 使用", f"{what}标识在全站必须唯一，换一个标识", "duplicate-id"
        )
    if kind == "update" and values.get("project"):
        projects = _items(catalog.documents.get((owner_kind, str(brand_id or court_id))), "projects")
        checks.known(
            values.get("project"), {str(item.get("id")): item for item in projects}, "项目", "先用 new project 建立项目"
        )
    if checks.problems:
        return None, checks.problems
    refused = _refusal(path)
    if refused:
        return None, [Problem(display, 0, refused, "", "refused")]
    model: type[BaseModel] = Brand if owner_kind == "brand" else Court
    item = render(f"{kind}.yml", values)
    try:
        text = append_item(
            path.read_bytes().decode("utf-8"), ITEM_KINDS[kind], item, list(model.model_fields), path, display
        )
    except InsertError as error:
        return None, [Problem(display, 0, str(error), "", "insert")]
    except (OSError, UnicodeDecodeError):
        return None, [
            Problem(
                display, 0, "无法以 UTF-8 读取这个文件", "先运行 python scripts/showcase.py fix，再添加", "unreadable"
            )
        ]
    problems = _checked(text, path, display, model, front_matter=False)
    if problems:  # the file is not written: say what is wrong with what was asked for, not a line of it
        return None, [Problem(display, 0, f"要添加的内容有误：{p.message}", p.hint, p.code) for p in problems]
    return Scaffold(path, text, added_to=True), []


def _refusal(path: Path) -> str | None:
    """Why an existing file must not be rewritten (the rules of `fix`): a link, read-only, hard-linked."""
    if path.is_symlink():
        return "是符号链接（快捷方式），不会改写 — 请直接编辑它指向的文件"
    if not path.is_file():
        return "不是普通文件 — 请检查这个位置"
    if path.stat().st_nlink > 1:
        return "有多个硬链接，不会改写 — 请先把它复制成一个独立的文件"
    if not os.access(path, os.W_OK):
        return "是只读文件，不会改写 — 如需添加，请先取消只读属性"
    return None


def _items(document: Any, key: str) -> list[dict[str, Any]]:
    data = getattr(document, "data", None)
    items = data.get(key) if isinstance(data, dict) else None
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _holder_of(catalog: Catalog, key: str, ident: str) -> str | None:
    """Which file already has a project or carrier with this id (ids are unique site-wide)."""
    for (kind, entity), document in catalog.documents.items():
        if kind in ("brand", "court") and any(item.get("id") == ident for item in _items(document, key)):
            return f"{'品牌' if kind == 'brand' else '法院'}“{entity}”"
    return None


def _owner_path(layout: Layout, catalog: Catalog, kind: str, ident: str, court: str | None) -> Path | None:
    document = catalog.documents.get((kind, ident))
    if document is not None:
        return document.path
    if kind == "court":
        return layout.brands / "courts" / ident / "court.yml"
    return layout.brands / "courts" / (court or "") / "brands" / f"{ident}.yml" if court else None


def write(scaffold: Scaffold) -> None:
    """Write the file through a temporary one (an addition replaces the old text in one step) and
    make the folders a court needs, each with a .gitkeep so git keeps it while it is empty."""
    scaffold.path.parent.mkdir(parents=True, exist_ok=True)
    for folder in scaffold.folders:
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / KEEP
        if not any(folder.iterdir()):
            marker.write_text("", encoding="utf-8")
    temporary = scaffold.path.with_name(scaffold.path.name + ".new")
    temporary.write_text(scaffold.text, encoding="utf-8", newline="\n")
    if scaffold.added_to and scaffold.path.exists():
        temporary.chmod(scaffold.path.stat().st_mode & 0o7777)
    temporary.replace(scaffold.path)


def media_folder(layout: Layout, court: str) -> str:
    return f"{layout.brands_dir}/{MEDIA_DIR}/{court}/"
