"""Placeholders: the one form a template writes for a value only the author knows, and what it means.

A placeholder is a text that starts with 待填写, alone or followed by a colon and what to write:
`待填写`, `待填写：创建时间，如 2024-03`. Every `new …` template writes one wherever it cannot know
the value (dates, themes, the first update, the prose), and nothing else starts with 待填写.

What happens to one left in a file:
- `validate` reports each, at its line: a warning for the intranet build, an error for a public
  build (`validate --public`, SHOWCASE_AUDIENCE=public) and for `validate --strict`; always an
  error in the name of an entry (a page cannot be titled with nothing);
- the site never shows it (the display rule): it is read as "not given". An optional field is
  left out; a required text of an entry is left empty, so the page leaves that line out, as it
  does for a field hidden from the public build; a list item that is still a placeholder, or
  whose required field still is (an update without its real date or title), is left out whole.
Where the field cannot hold text at all (a date, a year, a number, a choice), the value is taken
away before the schema sees it, so one placeholder gives one message, not a format error as well;
only a required field of the entry itself keeps it, and its schema error says it is a placeholder.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from showcase.core.catalog import Case, Catalog
from showcase.core.problems import Problem
from showcase.core.yamlsource import KeyPath, YamlDocument

PLACEHOLDER = "待填写"
CODE = "placeholder"
NAMES = frozenset({"name", "title"})  # the required name of an entry (a case's title): never a placeholder
_FORM = re.compile(rf"^\s*{PLACEHOLDER}(?:\s*[：:].*)?$", re.DOTALL)
# A line of a case write-up that is only a placeholder (what the case template writes under each heading).
_BODY_LINE = re.compile(rf"^[ \t]*{PLACEHOLDER}(?:[ \t]*[：:][^\n]*)?[ \t]*$", re.MULTILINE)


def placeholder(what: str = "", example: str = "") -> str:
    """The placeholder text for a value: 待填写：<what>，如 <example>."""
    text = PLACEHOLDER
    if what:
        text += f"：{what}"
    if example:
        text += f"，如 {example}"
    return text


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and bool(_FORM.match(value))


def strict(problems: list[Problem], *, every_warning: bool = False) -> list[Problem]:
    """Placeholder warnings (or, with `every_warning`, all warnings) as errors: what a public
    build and `validate --strict` ask for."""
    return [
        replace(p, severity="error") if p.severity != "error" and (every_warning or p.code == CODE) else p
        for p in problems
    ]


# --------------------------------------------------------------------------- reading a document


def _models(annotation: Any) -> list[Any]:
    """The types an annotation allows, without Annotated wrappers and None."""
    found, pending = [], [annotation]
    while pending:
        current = pending.pop()
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            pending.append(typing.get_args(current)[0])
        elif origin in (typing.Union, types.UnionType):
            pending.extend(typing.get_args(current))
        elif current is not type(None):
            found.append(current)
    return found


_ACCEPTS: dict[int, tuple[Any, bool]] = {}


def _annotation(info: Any) -> Any:
    """A field's type with its metadata: a date is a `str` to pydantic until its validator is back."""
    return info.rebuild_annotation() if info.metadata else info.annotation


def _accepts_text(annotation: Any) -> bool:
    """Whether a value of this type may be a placeholder text (a str field, not a date or a choice)."""
    cached = _ACCEPTS.get(id(annotation))
    if cached is None or cached[0] is not annotation:
        try:
            TypeAdapter(annotation).validate_python(placeholder("x"))
            accepts = True
        except (ValidationError, TypeError, ValueError):
            accepts = False
        cached = _ACCEPTS[id(annotation)] = (annotation, accepts)
    return cached[1]


class _Reader:
    """One document's placeholders: a problem for each, and the data the schema should see."""

    def __init__(self, document: YamlDocument, model: type[BaseModel], label: Any) -> None:
        self.document = document
        self.model = model
        self.label = label  # (model, loc) → the field's name for messages (validate.field_label)
        self.problems: list[Problem] = []
        self.lines = dict(document.lines)

    def report(self, path: KeyPath, value: str, hint: str, severity: str = "warning") -> None:
        where = self.label(self.model, path) if path else "该项"
        self.problems.append(
            Problem(
                self.document.display,
                self.document.line(path),
                f"{where}还是模板里的占位文字“{value}”",
                hint,
                CODE,
                severity,
            )
        )

    def mapping(self, data: dict[Any, Any], model: type[BaseModel], path: KeyPath, root: bool) -> bool:
        """Walk a mapping of `model`; False when it cannot be shown (a required field is a placeholder).
        `root`: the entry itself or a part of it that is no list item (master_brand, criteria), whose
        required texts are emptied for display; a list item with one is left out whole."""
        complete = True
        for key in list(data):
            info = model.model_fields.get(key) if isinstance(key, str) else None
            if info is None:
                continue
            value = data[key]
            annotation = _annotation(info)
            if is_placeholder(value):
                if _accepts_text(annotation):
                    if info.is_required() and root and key in NAMES:
                        # A name titles the page and every link to it: it cannot be left out.
                        self.report(path + (key,), value, "名称是页面的标题和链接文字，不能留作占位：请填写", "error")
                    elif info.is_required() and not root:
                        complete = False
                        self.report(path + (key,), value, "请填写；这一项填写完之前不会显示在网站上")
                    else:
                        self.report(
                            path + (key,),
                            value,
                            "请填写；填写前网站上不显示这一项"
                            if info.is_required()
                            else "请填写，或删去这一行（选填）",
                        )
                elif not info.is_required():
                    del data[key]
                    self.report(path + (key,), value, "请填写，或删去这一行（选填）")
                elif not root:
                    complete = False
                    self.report(path + (key,), value, "请填写；这一项填写完之前不会显示在网站上")
                # a required field of the entry that cannot hold text: its schema error says it all
            else:
                self.value(value, annotation, path + (key,))
        return complete

    def value(self, value: Any, annotation: Any, path: KeyPath) -> None:
        kinds = _models(annotation)
        model = next((k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)), None)
        if isinstance(value, dict) and model is not None:
            self.mapping(value, model, path, root=True)
            return
        if isinstance(value, dict):
            dict_type = next((k for k in kinds if typing.get_origin(k) is dict), None)
            if dict_type is not None:
                inner = typing.get_args(dict_type)[1]
                for key in list(value):
                    if is_placeholder(value[key]) and not _accepts_text(inner):
                        self.report(path + (key,), value[key], "请填写，或删去这一行")
                        del value[key]
                    else:
                        self.value(value[key], inner, path + (key,))
            return
        if isinstance(value, list):
            list_type = next((k for k in kinds if typing.get_origin(k) is list), None)
            if list_type is None:
                return
            inner = typing.get_args(list_type)[0]
            inner_model = next((k for k in _models(inner) if isinstance(k, type) and issubclass(k, BaseModel)), None)
            for index in reversed(range(len(value))):
                item = value[index]
                if is_placeholder(item):
                    self.report(path + (index,), item, "请填写，或删去这一项")
                    if not _accepts_text(inner):
                        self._remove(value, path, index)
                elif isinstance(item, dict) and inner_model is not None:
                    if not self.mapping(item, inner_model, path + (index,), root=False) and any(
                        is_placeholder(item.get(name)) and not _accepts_text(_annotation(info))
                        for name, info in inner_model.model_fields.items()
                    ):
                        self._remove(value, path, index)  # e.g. an update whose date is still a placeholder
                else:
                    self.value(item, inner, path + (index,))

    def _remove(self, items: list[Any], path: KeyPath, index: int) -> None:
        """Take item `index` out of the list at `path`, moving the lines of the later items up, so a
        later item's errors are still reported at its own line."""
        del items[index]
        depth = len(path)
        moved: dict[KeyPath, int] = {}
        for key, line in self.lines.items():
            if len(key) > depth and key[:depth] == path and isinstance(key[depth], int):
                if key[depth] == index:
                    continue
                if key[depth] > index:
                    key = (*path, key[depth] - 1, *key[depth + 1 :])
            moved[key] = line
        self.lines = moved


def read_placeholders(document: YamlDocument, model: type[BaseModel], label: Any) -> tuple[YamlDocument, list[Problem]]:
    """Every placeholder of a parsed document, reported; and the document the schema should see
    (placeholders where the type cannot hold text are taken away, see the module docstring).
    `label(model, loc)` names a field for messages (showcase.core.validate.field_label)."""
    if not isinstance(document.data, dict) or PLACEHOLDER not in repr(document.data):
        return document, []  # most files: one repr (done in C) instead of a walk
    data = _copy(document.data)
    reader = _Reader(document, model, label)
    reader.document = YamlDocument(document.path, document.display, data, reader.lines, document.first_line)
    reader.mapping(data, model, (), root=True)
    result = YamlDocument(document.path, document.display, data, reader.lines, document.first_line)
    return result, sorted(reader.problems)


def body_placeholders(body: str, display: str, first_line: int) -> list[Problem]:
    """Lines of a case write-up that are still the template's placeholder text."""
    problems = []
    for match in _BODY_LINE.finditer(body):
        line = body[: match.start()].count("\n") + first_line
        text = match.group().strip()
        problems.append(
            Problem(
                display,
                line,
                f"正文还是模板里的占位文字“{text}”",
                "按标题写上内容；填写前网站上不显示这一段",
                CODE,
                "warning",
            )
        )
    return problems


def without_body_placeholders(body: str) -> str:
    """The write-up as the site shows it: placeholder lines left out (lines kept, so numbers stay)."""
    return _BODY_LINE.sub("", body)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


# --------------------------------------------------------------------------- the loaded catalog


def _cleared(entry: BaseModel) -> BaseModel:
    """An entry as the site shows it: placeholder texts emptied (optional ones to their default),
    placeholder items left out of lists of text, list items with a placeholder in a required field
    left out."""
    model = type(entry)
    changes: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = getattr(entry, name)
        if is_placeholder(value):
            changes[name] = info.get_default(call_default_factory=True) if not info.is_required() else ""
        elif isinstance(value, list) and value:
            kept = []
            for item in value:
                if is_placeholder(item):
                    continue
                if isinstance(item, BaseModel):
                    if any(
                        is_placeholder(getattr(item, field))
                        for field, spec in type(item).model_fields.items()
                        if spec.is_required()
                    ):
                        continue
                    item = _cleared(item)
                kept.append(item)
            if kept != value:
                changes[name] = kept
        elif isinstance(value, BaseModel):
            cleared = _cleared(value)
            if cleared is not value:
                changes[name] = cleared
    return entry.model_copy(update=changes) if changes else entry


def without_placeholders(catalog: Catalog, sources: set[str] | None = None) -> Catalog:
    """The catalog as the site shows it (see the module docstring). References were checked on
    the data as written, so a left-out project may still be named by an update (it then links to
    its brand, as for a project hidden from the public build). `sources`: the files that have
    placeholders (as problems name them); only their entries are looked at (None: all)."""

    def has(kind: str, key: str) -> bool:
        document = catalog.documents.get((kind, key))
        return sources is None or (document is not None and document.display in sources)

    def entry(kind: str, key: str, value: Any) -> Any:
        return _cleared(value) if has(kind, key) else value

    def case(key: str, value: Case) -> Case:
        if not has("case", key):
            return value
        meta = _cleared(value.meta)
        body = without_body_placeholders(value.body)
        return value if meta is value.meta and body == value.body else replace(value, meta=meta, body=body)  # type: ignore[arg-type]

    return Catalog(
        root=catalog.root,
        registry=catalog.registry,
        campaigns={key: entry("campaign", key, value) for key, value in catalog.campaigns.items()},
        courts={key: entry("court", key, value) for key, value in catalog.courts.items()},
        brands={key: entry("brand", key, value) for key, value in catalog.brands.items()},
        people={key: entry("person", key, value) for key, value in catalog.people.items()},
        cases={key: case(key, value) for key, value in catalog.cases.items()},
        documents=catalog.documents,
        brands_dir=catalog.brands_dir,
    )
