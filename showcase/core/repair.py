"""Repair the two YAML mistakes a Chinese input method makes, deciding from the YAML structure.

The mistakes: a full-width colon after a key (`name：桂平`), and tabs or full-width spaces
(U+3000) in indentation. A line pattern only proposes candidates; the parser decides:

- A full-width colon is repaired where the text as written cannot be parsed there and the
  repair makes the parser read that spot as the key (the error disappears or moves to a later
  line), unless the data model says no mapping belongs there; or where the text parses but the
  model expects a mapping at that place and the key is one of its fields (`logo:\\n  path：x.svg`;
  `name：'a: b'`, read as the key “name：'a”, in a mapping that has a field `name`).
  So values, list items of scalars, quoted and block scalars and continuation lines of
  multi-line scalars are never changed: no repair there can make the spot read as a key.
- Indentation is replaced only on lines where, after the repair, a token starts at the new
  indentation (or that are blank or comment lines outside every scalar), or where a tab stands
  in a block scalar's required indentation; never where whitespace is content (quoted scalars,
  continuation lines, a block scalar past its indentation, a full-width paragraph indent). One
  width per tab and per full-width space is chosen for the whole file, and only when every
  width that reads best gives the same structure (and data).

Every repair keeps each line where it was. Files without a candidate line cost one regex
search. `showcase.py fix` writes exactly what `repair_lines` returns, so what validate calls
fixable is what fix fixes.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol

import yaml
from pydantic import BaseModel

from showcase.core import values
from showcase.core.model import (
    DATE_PATTERN,
    Brand,
    Campaign,
    CaseMeta,
    Court,
    MetricRegistry,
    Person,
    PrivacyAllow,
    value_kind,
)
from showcase.core.problems import Problem
from showcase.core.schemes import ASSESSMENT_DIR, ASSESSMENT_SCHEME, ASSESSMENT_SCORES, Scheme, ScoreSheet

try:  # the C parser is several times faster; fall back for Pythons built without libyaml
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# A key, then a full-width colon: `name：桂平`, `- year：2023`, `2023：` (years key metrics).
# Keys are English, so a list item such as `- 四有：活动有计划` is prose and never a candidate.
KEY = r"(?:[A-Za-z_][A-Za-z0-9_-]*|\d{4})"
FULLWIDTH_KEY = re.compile(rf"^(?P<lead>[ \t\u3000]*(?:-[ \t]+)*)(?P<key>{KEY})[ \t]*：[ \t\u3000]?")
LEADING_SPACE = re.compile(r"^[ \t\u3000]+")
ABSORBED = re.compile(rf"^[ \t\u3000]*(?:-(?:[ \t]|$)|{KEY}[ \t]*[:：](?:[ \t]|$))")  # a line that looks like structure
# A key in the quotes a Chinese input method types: `“stage”: 培育`, `- ‘id’：x`.
QUOTED_KEY = re.compile(rf"^(?P<lead>[ \t\u3000]*(?:-[ \t]+)*)[“‘「『](?P<key>{KEY})[”’」』][ \t]*[:：][ \t\u3000]?")
# A value that may be a date or number typed another way (values.py decides): 2021年3月5日, 2023.3,
# 10期, 1,200, 87.26%, full-width digits. The whole value is short and begins with a digit, so prose
# that merely mentions 2023年 is never a candidate (and costs its file no parse).
_ODD_VALUE = (
    r"(?:^|[:：]|-)[ \t]+[+-]?[\d０-９][\d０-９,，./ "
    r"\t年月日号期件次人名个场项篇份条户家起批堂课节天位度%％]{0,20}(?:[ \t]+#.*)?$"
)
_ODD_PART = re.compile(
    r"\d[ \t]*[年月日号期件次人名个场项篇份条户家起批堂课节天位%％]|\d,\d{3}|^\d{4}[./]\d{1,2}(?:[./]\d{1,2})?$|[０-９]"
)
VALUE_CANDIDATE = re.compile(_ODD_VALUE)


def _odd_value(line: str) -> bool:
    """A line whose value is a short date or number written in a way the contract does not read."""
    match = VALUE_CANDIDATE.search(line)
    if match is None:
        return False
    value = re.sub(r"[ \t]+#.*$", "", match.group()).lstrip(":：- \t")
    return bool(_ODD_PART.search(value))


# Tabs and full-width spaces in indentation, full-width colons and quotes after keys: the structural candidates.
STRUCTURE = re.compile(
    rf"^(?:[ ]*[\t\u3000]|[ \t\u3000]*(?:-[ \t]+)*{KEY}[ \t]*：|[ \t\u3000]*(?:-[ \t]+)*[“‘「『]{KEY}[”’」』])",
    re.MULTILINE,
)
# One search over the whole file decides whether the structural work is needed at all.
CANDIDATE = re.compile(
    rf"^(?:[ ]*[\t\u3000]"  # indentation with a tab or a full-width space
    rf"|[ \t\u3000]*(?:-[ \t]+)*{KEY}[ \t]*："  # a key with a full-width colon
    rf"|[ \t\u3000]*(?:-[ \t]+)*[“‘「『]{KEY}[”’」』]"  # a key in Chinese quotes
    rf"|.*{_ODD_VALUE})",
    re.MULTILINE,
)
YAML_SPACE = " \t\r"  # what YAML counts as blank; U+3000 is text to it (str.strip would drop it)
FLOW_BRACKETS = re.compile(r"[\[\]{}]")
METRIC_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
# Line breaks YAML counts besides \n (and \r\n): with one of them the parser's line numbers and
# the file's lines differ, so no repair can be placed safely.
OTHER_BREAKS = re.compile("\r(?!\n)|[\x85\u2028\u2029]")

MAX_REPAIR_CHARS = 1_000_000  # larger files are left to the parser's own error message
WORK_BUDGET = 4_000_000  # characters parsed per file and round while searching for repairs
MAX_FLOW_DEPTH = 100  # libyaml slows down with the square of `[`/`{` nesting; no source nests so deep
MAX_NESTED_REPAIRS = 200  # scalars of several lines inside each other, repaired in one go
MAX_REPAIR_ROUNDS = 3  # the repairs again on their own result (one repair can decide another)
TAB_WIDTHS = (2, 4, 8)  # an editor's tab: one level of the guide's 2-space indent, or a tab stop
IDEOGRAPHIC_WIDTHS = (2, 1)  # U+3000 looks two columns wide but is one keystroke

FIXABLE_HINT_COLON = "改成半角冒号加空格“: ”；运行 python scripts/showcase.py fix 可自动修正"
FIXABLE_HINT_INDENT = "YAML 只能用半角空格缩进（每级 2 个）；运行 python scripts/showcase.py fix 可自动替换"


# --------------------------------------------------------------------------- what the model expects


class Position(Protocol):
    """A place in the text, as yaml's Python and C parsers mark it (0-based)."""

    line: int
    column: int


def start_of(event: yaml.Event) -> Position:
    """Where a parser event starts. The parser marks every event it emits; only an event built
    by hand lacks a mark (hence the stubs' None), which is a programming error."""
    if event.start_mark is None:
        raise ValueError(f"{type(event).__name__} without a start mark")
    return event.start_mark


def end_of(event: yaml.Event) -> Position:
    """Where a parser event ends; see start_of."""
    if event.end_mark is None:
        raise ValueError(f"{type(event).__name__} without an end mark")
    return event.end_mark


def model_for(display: str) -> type[BaseModel] | None:
    """The model a source file holds, from its place in the project (None: not known)."""
    parts = PurePosixPath(display.replace("\\", "/")).parts
    if not parts:
        return None
    name = parts[-1]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".md":
        return CaseMeta if "cases" in parts[:-1] else None
    if suffix not in (".yml", ".yaml"):
        return None
    stem = name[: -len(suffix)]
    if len(parts) >= 2 and parts[-2] == "campaigns":
        return Campaign
    if len(parts) >= 3 and parts[-3] == "courts" and stem == "court":
        return Court
    if len(parts) >= 4 and parts[-4] == "courts" and parts[-2] == "brands":
        return Brand
    if len(parts) >= 4 and parts[-4] == "courts" and parts[-2] == "people":
        return Person
    if stem == "metrics" and (len(parts) == 1 or parts[-2] == "brands"):
        return MetricRegistry
    if stem == "privacy-allow" and (len(parts) == 1 or parts[-2] == "brands"):
        return PrivacyAllow
    if len(parts) >= 2 and parts[-2] == ASSESSMENT_DIR and ASSESSMENT_SCHEME.match(stem):
        return Scheme
    if len(parts) >= 2 and parts[-2] == ASSESSMENT_DIR and ASSESSMENT_SCORES.match(stem):
        return ScoreSheet
    return None


def _concrete(annotation: Any) -> list[Any]:
    """The types an annotation allows, without Annotated, Optional and None (empty: unknown)."""
    found: list[Any] = []
    pending = [annotation]
    while pending:
        current = pending.pop()
        if current is None or current is type(None) or current is Any:
            continue
        origin = typing.get_origin(current)
        if origin is typing.Annotated:
            pending.append(typing.get_args(current)[0])
        elif origin in (typing.Union, types.UnionType):
            pending.extend(typing.get_args(current))
        else:
            found.append(current)
    return found


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


_CHILDREN: dict[tuple[int, Any], Any] = {}


def _child(annotation: Any, key: Any) -> Any:
    """What the model expects below `annotation` at `key` (a field name, dict key or index)."""
    if annotation is None:
        return None
    # Annotations live as long as the model classes, so their id is a stable cache key.
    cache_key = (id(annotation), key)
    found = _CHILDREN.get(cache_key, _CHILDREN)
    if found is _CHILDREN:
        if len(_CHILDREN) > 20_000:  # keys come from files: keep the cache bounded
            _CHILDREN.clear()
        found = _CHILDREN[cache_key] = _child_uncached(annotation, key)
    return found


def _child_uncached(annotation: Any, key: Any) -> Any:
    for kind in _concrete(annotation):
        if _is_model(kind):
            info = kind.model_fields.get(key) if isinstance(key, str) else None
            if info is not None:  # with its metadata: a date or a year is a str or int to pydantic
                return info.rebuild_annotation() if info.metadata else info.annotation
        else:
            origin, args = typing.get_origin(kind), typing.get_args(kind)
            if origin in (list, tuple, set, frozenset) and args:
                return args[0]
            if origin is dict and len(args) == 2:
                return args[1]
    return None


def expects_mapping(annotation: Any) -> bool | None:
    """Whether the model wants a mapping here (None: the model does not say)."""
    kinds = _concrete(annotation)
    if not kinds:
        return None
    return any(_is_model(kind) or typing.get_origin(kind) is dict for kind in kinds)


def knows_key(annotation: Any, key: str) -> bool:
    """Whether `key` is a field (or a well-formed dict key) of the mapping expected here."""
    for kind in _concrete(annotation):
        if _is_model(kind) and key in kind.model_fields:
            return True
        if typing.get_origin(kind) is dict:
            key_kinds = _concrete(typing.get_args(kind)[0])
            if int in key_kinds and key.isdigit():
                return True
            if str in key_kinds and METRIC_KEY.match(key):
                return True
    return False


# --------------------------------------------------------------------------- reading the structure


@dataclass(frozen=True)
class _Error:
    line: int  # 0-based, like libyaml's marks
    column: int
    context_line: int | None  # where a simple key the scanner gave up on started
    node_line: int | None  # where the last node the parser began before the error starts


@dataclass(frozen=True)
class _Scalar:
    role: str  # key | value | item | root
    value: str
    plain: bool
    last_line: int
    expected: Any  # the model's annotation for this node (for a key: for its mapping)
    key: Any = None  # for a value: the key it belongs to (a metric's key names its unit)
    end_column: int = 0
    duplicate: bool = False  # a key its mapping already has
    owner: Any = None  # for a value: the annotation of the mapping it is in (names the field)


@dataclass
class _Reading:
    error: _Error | None
    scalars: dict[tuple[int, int], _Scalar]  # only those starting on a candidate line
    events: list[yaml.Event]

    @functools.cached_property
    def fingerprint(self) -> tuple[Any, ...]:
        """The structure read, without positions: equal for two indentations of one document."""
        return (*(_fingerprint_of(event) for event in self.events), self.error.line if self.error else None)

    @property
    def rank(self) -> tuple[int, int]:
        """Smaller is better: parses, or parses further."""
        return (0, 0) if self.error is None else (1, -self.error.line)


@dataclass
class _Tokens:
    starts: set[tuple[int, int]]
    scalars: list[tuple[int, int]]  # where each scalar token starts, in order
    spans: list[tuple[int, int, int, str]]  # multi-line scalars: (first line, last line, end column, style)
    limit: int  # lines from here on were not scanned (a scanner error)

    def container(self, line: int) -> tuple[int, int, int, str] | None:
        """The scalar begun on an earlier line that this line is text of, if any."""
        for span in self.spans:
            first, last, column, _ = span
            if first < line < last or (line == last and first < line and column > 0):
                return span
        return None

    def inside_scalar(self, line: int, plain_only: bool = False) -> bool:
        span = self.container(line)
        return span is not None and (not span[3] or not plain_only)


class _Exhausted(Exception):
    """The work budget for one file is spent: leave the file as written."""


@dataclass
class _Frame:
    mapping: bool
    expected: Any
    expect_key: bool = True
    key: Any = None
    keys: set[Any] = field(default_factory=set)


def _annotate(
    events: list[yaml.Event], model: type[BaseModel] | None, wanted: set[int]
) -> dict[tuple[int, int], _Scalar]:
    """The scalars of the first document that start on a `wanted` line, with their role and
    what the model expects there. An explicit stack, so deep nesting cannot exhaust Python's
    recursion limit."""
    scalars: dict[tuple[int, int], _Scalar] = {}
    stack: list[_Frame] = []
    started = False
    for event in events:
        kind = type(event)
        if (
            kind is yaml.ScalarEvent
            or kind is yaml.MappingStartEvent
            or kind is yaml.SequenceStartEvent
            or kind is yaml.AliasEvent
        ):
            owner_key: Any = None
            owner: Any = None
            duplicate = False
            if not stack:
                role, expected = "root", model
            else:
                top = stack[-1]
                if top.mapping and top.expect_key:
                    top.expect_key = False
                    top.key = event.value if isinstance(event, yaml.ScalarEvent) else None
                    role, expected = "key", top.expected
                    duplicate = top.key is not None and top.key in top.keys
                    top.keys.add(top.key)
                elif top.mapping:
                    top.expect_key = True
                    role, expected, owner_key, owner = "value", _child(top.expected, top.key), top.key, top.expected
                else:
                    role, expected = "item", _child(top.expected, 0)
            if isinstance(event, yaml.ScalarEvent):
                start = start_of(event)
                if start.line in wanted:
                    end = end_of(event)
                    scalars[(start.line, start.column)] = _Scalar(
                        role, event.value, not event.style, end.line, expected, owner_key, end.column, duplicate, owner
                    )
            elif kind is not yaml.AliasEvent:
                stack.append(_Frame(kind is yaml.MappingStartEvent, None if role == "key" else expected))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            if stack:
                stack.pop()
        elif kind is yaml.DocumentStartEvent:
            if started:
                break
            started = True
    return scalars


def _fingerprint_of(event: yaml.Event) -> tuple[Any, ...]:
    return (type(event).__name__, getattr(event, "value", None), getattr(event, "style", None) or None)


class _Session:
    """The repairs of one file: cached readings and a bounded amount of parsing."""

    def __init__(
        self,
        model: type[BaseModel] | None,
        colon_lines: list[int],
        indent_lines: list[int],
        quote_lines: list[int] | None = None,
        value_lines: list[int] | None = None,
        units: Mapping[str, str] | None = None,
    ) -> None:
        self.model = model
        self.colon_lines = colon_lines  # lines with `key：`
        self.indent_lines = indent_lines  # lines with a tab or U+3000 in their indentation
        self.quote_lines = quote_lines or []  # lines with `“key”:`
        self.value_lines = value_lines or []  # lines with a date or number typed another way
        self.units = units or {}  # metric key → unit (brands/metrics.yml), for `87.26%`
        self.wanted = {
            *colon_lines,
            *indent_lines,
            *self.quote_lines,
            *self.value_lines,
        }  # the only lines whose scalars are looked at
        self.readings: dict[str, _Reading] = {}
        self.tokens: dict[str, _Tokens] = {}
        self.budget = WORK_BUDGET
        self.widths: tuple[int, int] | None = None  # the only widths to re-indent by, when set

    def _spend(self, text: str) -> None:
        self.budget -= len(text) + 1
        if self.budget < 0:
            raise _Exhausted

    def read(self, lines: list[str]) -> _Reading:
        text = "\n".join(lines)
        cached = self.readings.get(text)
        if cached is not None:
            return cached
        self._spend(text)
        events: list[yaml.Event] = []
        error: _Error | None = None
        try:
            for event in yaml.parse(text, Loader=_Loader):
                events.append(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            simple_key = exc.context_mark is not None and "simple key" in (exc.context or "")
            last = next((start_of(event).line for event in reversed(events) if isinstance(event, yaml.NodeEvent)), None)
            error = _Error(
                mark.line if mark else 0,
                mark.column if mark else 0,
                exc.context_mark.line if simple_key and exc.context_mark else None,
                last,
            )
        except yaml.YAMLError:
            error = _Error(0, 0, None, None)
        reading = _Reading(error, _annotate(events, self.model, self.wanted), events)
        self.readings[text] = reading
        return reading

    def scan(self, lines: list[str]) -> _Tokens:
        text = "\n".join(lines)
        cached = self.tokens.get(text)
        if cached is not None:
            return cached
        self._spend(text)
        starts: set[tuple[int, int]] = set()
        scalars: list[tuple[int, int]] = []
        spans: list[tuple[int, int, int, str]] = []
        limit = len(lines)
        try:
            for token in yaml.scan(text, Loader=_Loader):
                start, end = token.start_mark, token.end_mark
                starts.add((start.line, start.column))
                if isinstance(token, yaml.ScalarToken):
                    scalars.append((start.line, start.column))
                    if end.line > start.line:
                        spans.append((start.line, end.line, end.column, token.style or ""))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            limit = mark.line if mark else 0
        except yaml.YAMLError:
            limit = 0
        result = _Tokens(starts, scalars, spans, limit)
        self.tokens[text] = result
        return result


# --------------------------------------------------------------------------- the repairs


def _colon_fixed(line: str, match: re.Match[str]) -> str:
    rest = line[match.end() :]
    return f"{match.group('lead')}{match.group('key')}:{' ' if rest.strip(YAML_SPACE) else ''}{rest}"


def _reads_as_key(reading: _Reading, line: int, match: re.Match[str], strict_model: bool) -> bool:
    """After a repair: the parser sees the key at that spot, and the model does not object."""
    scalar = reading.scalars.get((line, len(match.group("lead"))))
    if scalar is None or scalar.role != "key" or not scalar.plain or scalar.value != match.group("key"):
        return False
    if strict_model:  # a mapping where the model wants text (a list of rules, say) is not the fix
        return expects_mapping(scalar.expected) is not False
    return True


def _reads_as_known_key(reading: _Reading, line: int, match: re.Match[str]) -> bool:
    scalar = reading.scalars.get((line, len(match.group("lead"))))
    return (
        _reads_as_key(reading, line, match, strict_model=False)
        and scalar is not None
        and knows_key(scalar.expected, match.group("key"))
    )


def _starts_token(tokens: _Tokens, line: str, number: int) -> bool:
    return (number, len(line) - len(line.lstrip(" "))) in tokens.starts and not tokens.inside_scalar(number)


def _content_line(line: str) -> bool:
    stripped = line.strip(YAML_SPACE)
    return bool(stripped) and not stripped.startswith("#")


@dataclass
class _Outcome:
    lines: list[str]
    reading: _Reading
    colons: dict[int, str] = field(default_factory=dict)  # line -> key
    indented: set[int] = field(default_factory=set)
    quoted: dict[int, str] = field(default_factory=dict)  # line -> key that was in Chinese quotes
    values: dict[int, list[tuple[str, str, str, str]]] = field(
        default_factory=dict
    )  # line -> (field, typed, written, kind)
    widths: tuple[int, int] | None = None  # of a tab and of U+3000, when lines were re-indented by them


class _Repairer(_Session):
    def colons(self, lines: list[str]) -> _Outcome:
        """Full-width colons: first where the parser fails, then where the model wants a mapping."""
        lines, reading, fixed = self._where_it_fails(list(lines), self.read(lines), {})
        if reading.error is None and self.model is not None:
            lines, reading, fixed = self._where_the_model_wants_a_key(lines, reading, fixed)
        return _Outcome(lines, reading, fixed)

    def _where_the_model_wants_a_key(
        self, lines: list[str], reading: _Reading, fixed: dict[int, str], depth: int = 0
    ) -> tuple[list[str], _Reading, dict[int, str]]:
        """In a file that parses: a value, item or document that is `key：…` where the model wants a
        mapping with that key (`logo:\\n  path：x.svg`); or a key such as “name：'a” (from
        `name：'a: b'`) in a mapping that has a field `name`."""
        progress = True
        while progress:
            progress = False
            for number in self.colon_lines:
                match = FULLWIDTH_KEY.match(lines[number]) if number not in fixed else None
                scalar = reading.scalars.get((number, len(match.group("lead")))) if match else None
                if (
                    match is None
                    or scalar is None
                    or not scalar.plain
                    or not knows_key(scalar.expected, match.group("key"))
                ):
                    continue
                trial = [*lines[:number], _colon_fixed(lines[number], match), *lines[number + 1 :]]
                after_lines, after, after_fixed = self._where_it_fails(
                    trial, self.read(trial), {**fixed, number: match.group("key")}
                )
                if after.error is not None or not _reads_as_known_key(after, number, match):
                    continue
                continued = [n for n in range(number + 1, scalar.last_line + 1) if _content_line(lines[n])]
                if continued and depth >= MAX_NESTED_REPAIRS:
                    continue
                if continued:
                    # A scalar of several lines (`id：x` / `name：y` typed in full-width mode) was a
                    # mapping only if, repaired, no line of it is left continuing a plain value.
                    after_lines, after, after_fixed = self._where_the_model_wants_a_key(
                        after_lines, after, after_fixed, depth + 1
                    )
                    tokens = self.scan(after_lines)
                    # (a line of a block or quoted scalar begun by a repaired key is that value's text)
                    if any(tokens.inside_scalar(n, plain_only=True) for n in continued):
                        continue
                lines, reading, fixed = after_lines, after, after_fixed
                progress = True
                break
        return lines, reading, fixed

    def _where_it_fails(
        self, lines: list[str], reading: _Reading, fixed: dict[int, str]
    ) -> tuple[list[str], _Reading, dict[int, str]]:
        """Repair the colon at or just before each parse error while that moves the error on.

        Several colons may have to go together (`id：a` over `name：b` over `stage：c` reads as
        one scalar): repairs that each make their spot a key are tried one after the other until
        the error moves past where it was, and then only those still needed are kept."""
        fixed = dict(fixed)
        while reading.error is not None:
            origin = reading.error.line
            chain: dict[int, re.Match[str]] = {}
            current = lines
            attempt_error: _Error | None = reading.error
            while attempt_error is not None and attempt_error.line <= origin and len(chain) <= len(self.colon_lines):
                first = None  # the first repair that moves the error on, else the first that makes a key
                for attempt in self._attempts(current, attempt_error, fixed.keys() | chain.keys()):
                    first = first or attempt
                    if attempt[3].error is None or attempt[3].error.line > origin:
                        first = attempt
                        break
                if first is None:
                    break
                number, match, current, after = first
                chain[number] = match
                attempt_error = after.error
            if not chain or not (attempt_error is None or attempt_error.line > origin):
                break
            for number in list(chain)[:-1]:  # keep a repair only if the others do not do without it
                others = {n: m for n, m in chain.items() if n != number}
                trial = [_colon_fixed(text, others[n]) if n in others else text for n, text in enumerate(lines)]
                after = self.read(trial)
                if (after.error is None or after.error.line > origin) and all(
                    _reads_as_key(after, n, m, strict_model=True) for n, m in others.items()
                ):
                    chain = others
            current = [_colon_fixed(text, chain[n]) if n in chain else text for n, text in enumerate(lines)]
            after = self.read(current)
            if not all(_reads_as_key(after, n, m, strict_model=True) for n, m in chain.items()):
                break
            lines, reading = current, after
            fixed.update({n: m.group("key") for n, m in chain.items()})
        return lines, reading, fixed

    def _window(self, lines: list[str], error: _Error) -> Iterator[int]:
        """The lines where a colon may cause this error, likeliest first (computed as needed)."""
        yield error.line
        if error.context_line is not None:
            yield error.context_line
        above = next((n for n in range(min(error.line, len(lines)) - 1, -1, -1) if _content_line(lines[n])), None)
        if above is not None:
            yield above
        if error.node_line is not None:
            yield error.node_line
        # `themes：` over `- a` over `id: x` reads as one plain scalar up to the error: its first line
        begun = [line for line, column in self.scan(lines).scalars if (line, column) < (error.line, error.column)]
        yield from begun[-1:]

    def _attempts(
        self, lines: list[str], error: _Error, fixed: Container[int]
    ) -> Iterator[tuple[int, re.Match[str], list[str], _Reading]]:
        """Each colon repair near a parse error after which the parser reads that spot as a key
        (so the error, if any, is now past it)."""
        seen: set[int] = set()
        for number in self._window(lines, error):
            if number in seen or number >= len(lines) or number in fixed:
                continue
            seen.add(number)
            match = FULLWIDTH_KEY.match(lines[number])
            if not match:
                continue
            trial = [*lines[:number], _colon_fixed(lines[number], match), *lines[number + 1 :]]
            after = self.read(trial)
            if _reads_as_key(after, number, match, strict_model=True):
                yield number, match, trial, after

    def structural(self, outcome: _Outcome, number: int) -> bool:
        """Whether the repaired indentation of a line is structure, not scalar content.

        In a block scalar only a tab where YAML requires indentation (not past the column of the
        line that begins the block) is indentation; anything further in, and a full-width space
        anywhere (a paragraph indent), is the text's own."""
        if outcome.reading.error is not None and number >= outcome.reading.error.line:
            return False  # beyond the parse error nothing is known
        tokens = self.scan(outcome.lines)
        if number >= tokens.limit:
            return False
        span = tokens.container(number)
        if span is not None:
            if span[3] not in ("|", ">"):
                return False
            lead = LEADING_SPACE.match(self.original[number])
            opener = outcome.lines[span[0]]
            return (
                lead is not None
                and "\u3000" not in lead.group()
                and len(lead.group()) - len(lead.group().lstrip(" ")) <= len(opener) - len(opener.lstrip(" "))
            )
        line = outcome.lines[number]
        return not _content_line(line) or _starts_token(tokens, line, number)

    def indented(self, lines: list[str], candidates: list[int], widths: tuple[int, int]) -> _Outcome | None:
        """Replace the indentation of the candidate lines; drop the lines where it is content."""
        keep = set(candidates)
        for _ in range(4):
            trial = [_reindent(line, widths) if number in keep else line for number, line in enumerate(lines)]
            outcome = self.colons(trial)
            structural = {number for number in keep if self.structural(outcome, number)}
            if structural == keep:
                outcome.indented, outcome.widths = keep, widths
                return outcome if keep else None
            keep = structural
            if not keep:
                return None
        return None

    def repair(self, lines: list[str]) -> _Outcome:
        self.original = lines
        base = self.colons(lines)
        outcome = self._indentation(lines, base)
        outcome = self._fit_indentation(outcome)
        outcome = self._quoted_keys(outcome)
        return self._values(outcome)

    def _indentation(self, lines: list[str], base: _Outcome) -> _Outcome:
        """One width per tab and per full-width space for the whole file (see the module docstring)."""
        candidates = self.indent_lines
        if not candidates:
            return base
        has_tab = any("\t" in _indentation(lines[n]) for n in candidates)
        has_wide = any("\u3000" in _indentation(lines[n]) for n in candidates)
        options = [
            (tab, wide)
            for tab in (TAB_WIDTHS if has_tab else TAB_WIDTHS[:1])
            for wide in (IDEOGRAPHIC_WIDTHS if has_wide else IDEOGRAPHIC_WIDTHS[:1])
        ]
        if self.widths is not None:  # a later round: the widths the first one re-indented by
            options = [self.widths]
        better: list[_Outcome] = []
        for widths in options:
            outcome = self.indented(lines, candidates, widths)
            if outcome is None:
                continue
            if outcome.reading.rank < base.reading.rank or (
                base.reading.error is None and outcome.reading.error is None and self._wide_keys(base, outcome)
            ):
                better.append(outcome)
        # A width that makes a key of a field where the model has no such field (`closure_rate` moved
        # up to the years of `metrics`) is not the repair; the structure-driven step may find one.
        if self.model is not None:
            better = [outcome for outcome in better if self._keys_fit(outcome)]
        if not better:
            return base
        best = min(outcome.reading.rank for outcome in better)
        top = [outcome for outcome in better if outcome.reading.rank == best]
        if len({outcome.reading.fingerprint for outcome in top}) != 1:
            return base  # the widths that work disagree on the structure: not unambiguous
        # The same structure either way (`　 2023:` at column 2 or 3): the guide's even columns.
        return min(
            top,
            key=lambda outcome: sum(
                (len(outcome.lines[n]) - len(outcome.lines[n].lstrip(" "))) % 2 for n in outcome.indented
            ),
        )

    def _key_at(self, reading: _Reading, lines: list[str], number: int) -> _Scalar | None:
        """The first scalar of a line, after any `- ` (the key of `  - id: x`, or the item itself)."""
        line = lines[number]
        column = len(line) - len(line.lstrip(" "))
        while line[column : column + 2] in ("- ", "-\t") or line[column:].rstrip() == "-":
            column += 2
            column += len(line[column:]) - len(line[column:].lstrip(" \t"))
        return reading.scalars.get((number, column))

    def _keys_fit(self, outcome: _Outcome) -> bool:
        """Every repaired line that begins with a key names a field the model has at that place."""
        if self.model is None:
            return True
        for number in outcome.indented:
            scalar = self._key_at(outcome.reading, outcome.lines, number)
            if (
                scalar is not None
                and scalar.role == "key"
                and (not knows_key(scalar.expected, scalar.value) or scalar.duplicate)
            ):
                return False
            if scalar is not None and scalar.role == "item" and expects_mapping(scalar.expected):
                return False  # a line of text made an item of a list of entries (carriers, projects)
        return True

    def _fits(self, reading: _Reading, lines: list[str], number: int) -> bool:
        """After re-indenting line `number`: it parses up to there, and the line begins with a key
        the model has at that place (not one its mapping has already), or is an item of a list of
        texts where the model wants one."""
        if reading.error is not None and reading.error.line <= number:
            return False
        scalar = self._key_at(reading, lines, number)
        if scalar is None or scalar.duplicate or (scalar.role != "key" and not scalar.plain):
            return False  # a quoted key is still a key (`'on': 3`, quoted so YAML 1.1 keeps it text)
        if any(ABSORBED.match(lines[n]) for n in range(number + 1, scalar.last_line + 1)):
            return False  # the lines below, list items or keys as written, would become this value's text
        if scalar.role == "key":
            return knows_key(scalar.expected, scalar.value)
        return scalar.role == "item" and expects_mapping(scalar.expected) is False

    def _columns(self, lines: list[str], number: int) -> list[int]:
        """Where a line may be indented to: the columns of the content above it, up to the nearest
        line at the left margin (each level, and after each `- `), and one level deeper."""
        columns: set[int] = set()
        deeper: int | None = None
        for above in range(number - 1, -1, -1):
            line = lines[above]
            if not _content_line(line) or _bad_indent(line):
                continue
            column = len(line) - len(line.lstrip(" "))
            if deeper is None:
                deeper = column + 2
            columns.add(column)
            rest = line[column:]
            while rest.startswith(("- ", "-\t")):
                offset = len(rest) - len(rest[1:].lstrip(" \t"))
                column += offset
                rest = rest[offset:]
                columns.add(column)
            if deeper is not None and column + 2 > deeper and above == number - 1:
                deeper = column + 2
            if column == 0 and len(line) - len(line.lstrip(" ")) == 0:
                break
        if deeper is not None:
            columns.add(deeper)
        return sorted(columns)

    def _fit_indentation(self, outcome: _Outcome) -> _Outcome:
        """Lines whose tab or full-width indentation no one width repairs (a single U+3000 typed
        where four spaces belong): the column the structure needs, where exactly one column makes
        the line a key the model has there (or an item of a list of texts). Lines are done from the
        top, each on the result of those above it."""
        if self.model is None:
            return outcome
        left = [
            number
            for number in self.indent_lines
            if number not in outcome.indented and _bad_indent(outcome.lines[number])
        ]
        lines, reading, indented = list(outcome.lines), outcome.reading, set(outcome.indented)
        for number in left:
            if reading.error is not None and reading.error.line < number - 1:
                break  # an earlier mistake: nothing below it is known
            if self.scan(lines).inside_scalar(number):
                continue  # text of a multi-line value: its spaces are the author's
            if reading.error is None and not self._wide_key(reading, lines, number):
                continue  # the file reads as written (a tab inside brackets is a separator)
            rest = lines[number][LEADING_SPACE.match(lines[number]).end() :]  # type: ignore[union-attr]
            fits = []
            for column in self._columns(lines, number):
                trial = [*lines[:number], " " * column + rest, *lines[number + 1 :]]
                after = self.read(trial)
                if self._fits(after, trial, number):
                    fits.append((trial, after))
            if fits:  # a column after which the file reads further wins (the next line may depend on it)
                best = min(after.rank for _, after in fits)
                fits = [fit for fit in fits if fit[1].rank == best]
            if len(fits) > 1 and len({after.fingerprint for _, after in fits}) == 1:
                # The same structure at several columns (a list under its key at the key's column or
                # deeper): the column of the lines around it.
                fits = [min(fits, key=lambda fit: self._misalignment(fit[0], number))]
            if len(fits) == 1:
                lines, reading = fits[0]
                indented.add(number)
        if indented == outcome.indented:
            return outcome
        return _Outcome(lines, reading, outcome.colons, indented, outcome.quoted, outcome.values, outcome.widths)

    @staticmethod
    def _misalignment(lines: list[str], number: int) -> tuple[int, int]:
        """How far a line is from its neighbours' column (the next content line first), then odd columns."""
        column = len(lines[number]) - len(lines[number].lstrip(" "))
        around = [
            n
            for n in (*range(number + 1, len(lines)), *range(number - 1, -1, -1))
            if _content_line(lines[n]) and not _bad_indent(lines[n])
        ]
        nearest = around[0] if around else number
        return (abs(column - (len(lines[nearest]) - len(lines[nearest].lstrip(" ")))), column % 2)

    def _quoted_keys(self, outcome: _Outcome) -> _Outcome:
        """A key typed in Chinese quotes (`“stage”: 培育`): the quotes go where, without them, the
        spot reads as a field the model has there; anywhere else (prose, a list of texts) they stay."""
        if self.model is None or not self.quote_lines:
            return outcome
        lines, reading, quoted = list(outcome.lines), outcome.reading, dict(outcome.quoted)
        for number in self.quote_lines:
            match = QUOTED_KEY.match(lines[number])
            if match is None or (reading.error is not None and reading.error.line < number):
                continue
            rest = lines[number][match.end() :]
            trial_line = f"{match.group('lead')}{match.group('key')}:{' ' if rest.strip(YAML_SPACE) else ''}{rest}"
            trial = [*lines[:number], trial_line, *lines[number + 1 :]]
            after = self.read(trial)
            scalar = after.scalars.get((number, len(match.group("lead"))))
            if after.error is not None and after.error.line <= number:
                continue
            if (
                scalar is None
                or scalar.role != "key"
                or not scalar.plain
                or scalar.duplicate
                or not knows_key(scalar.expected, match.group("key"))
            ):
                continue
            lines, reading = trial, after
            quoted[number] = match.group("key")
        if not quoted:
            return outcome
        return _Outcome(lines, reading, outcome.colons, outcome.indented, quoted, outcome.values, outcome.widths)

    def _values(self, outcome: _Outcome) -> _Outcome:
        """Dates and numbers typed another way where the model wants a date, a year or a number
        (showcase/core/values.py decides what is unambiguous): a plain value on one line, replaced
        by exactly the text it means, when the file then reads the same with that value."""
        if self.model is None or not self.value_lines:
            return outcome
        lines, reading, values = list(outcome.lines), outcome.reading, dict(outcome.values)
        for number in self.value_lines:
            if reading.error is not None and reading.error.line <= number:
                break
            found = sorted(
                (column, scalar)
                for (line, column), scalar in reading.scalars.items()
                if line == number and scalar.role in ("value", "item") and scalar.plain and scalar.last_line == number
            )
            for column, scalar in reversed(found):  # from the right: earlier columns stay put
                converted = _converted(scalar, self.units)
                text = lines[number]
                if (
                    converted is None
                    or converted == scalar.value
                    or text[column : column + len(scalar.value)] != scalar.value
                ):
                    continue
                trial = [
                    *lines[:number],
                    text[:column] + converted + text[column + len(scalar.value) :],
                    *lines[number + 1 :],
                ]
                after = self.read(trial)
                again = after.scalars.get((number, column))
                if (
                    (after.error is not None and (reading.error is None or after.error.line <= reading.error.line))
                    or again is None
                    or again.value != converted
                    or not again.plain
                ):
                    continue
                lines, reading = trial, after
                kind = "percent" if scalar.value.rstrip().endswith(("%", "％")) else _kind_of(scalar.expected)
                values.setdefault(number, []).append((_field_name(scalar), scalar.value, converted, kind))
        if values == outcome.values:
            return outcome
        return _Outcome(lines, reading, outcome.colons, outcome.indented, outcome.quoted, values, outcome.widths)

    @staticmethod
    def _wide_key(reading: _Reading, lines: list[str], number: int) -> bool:
        """The parser made the line's full-width or tab indentation part of a key (“　　path”)."""
        line = lines[number]
        scalar = reading.scalars.get((number, len(line) - len(line.lstrip(" "))))
        return scalar is not None and scalar.role == "key" and scalar.value.startswith(("\u3000", "\t"))

    @staticmethod
    def _wide_keys(base: _Outcome, outcome: _Outcome) -> bool:
        """A file that parses as written: full-width spaces may only be repaired where the parser
        made them part of a key (`　　path: x` read as the key “　　path”)."""
        for number in outcome.indented:
            line = base.lines[number]
            scalar = base.reading.scalars.get((number, len(line) - len(line.lstrip(" "))))
            if scalar is None or scalar.role != "key" or not scalar.value.startswith(("\u3000", "\t")):
                return False
        return True


def _flow_depth(text: str) -> int:
    """How deep `[` and `{` nest, at most (brackets inside quotes count too: an upper bound)."""
    depth = deepest = 0
    for bracket in FLOW_BRACKETS.findall(text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _indentation(line: str) -> str:
    lead = LEADING_SPACE.match(line)
    return lead.group() if lead else ""


def _bad_indent(line: str) -> bool:
    lead = LEADING_SPACE.match(line)
    return lead is not None and ("\t" in lead.group() or "\u3000" in lead.group())


def _reindent(line: str, widths: tuple[int, int]) -> str:
    lead = LEADING_SPACE.match(line)
    if not lead:
        return line
    tab, wide = widths
    column = 0
    for char in lead.group():
        if char == "\t":
            column = (column // tab + 1) * tab
        else:
            column += wide if char == "\u3000" else 1
    return " " * column + line[lead.end() :]


def _field_name(scalar: _Scalar) -> str:
    """How a message names the field a value belongs to: “founded”（创建时间）, or the bare key."""
    if scalar.key is None:
        return "这一项"
    for kind in _concrete(scalar.owner):
        if _is_model(kind) and isinstance(scalar.key, str) and scalar.key in kind.model_fields:
            title = kind.model_fields[scalar.key].title
            return f"“{scalar.key}”（{title}）" if title else f"“{scalar.key}”"
    return f"“{scalar.key}”"


def _kind_of(annotation: Any) -> str:
    """What a value must be here: date, year, int, float, or "" (anything else)."""
    marked = value_kind(annotation)
    if marked:
        return marked
    kinds = _concrete(annotation)
    if bool in kinds or str in kinds:
        return ""
    return "int" if int in kinds else "float" if float in kinds else ""


def _converted(scalar: _Scalar, units: Mapping[str, str]) -> str | None:
    """The text a value means, in the form the model wants, or None (see values.py)."""
    kind = _kind_of(scalar.expected)
    text = scalar.value
    if kind == "date":
        return None if DATE_PATTERN.match(text) else values.iso_date(text)
    if kind == "year":
        return None if re.fullmatch(r"\d{4}", text) else values.year_number(text)
    if kind in ("int", "float"):
        unit = units.get(scalar.key) if isinstance(scalar.key, str) else None
        found = values.number(text, unit)
        if found is None or (kind == "int" and not re.fullmatch(r"[+-]?\d+", found)):
            return None
        return found
    return None


VALUE_HINTS = {
    "date": "日期写成 {new}；运行 python scripts/showcase.py fix 可自动修正",
    "year": "年份只写四位数字 {new}；运行 python scripts/showcase.py fix 可自动修正",
    "int": "只写数字 {new}（不加单位和千分位逗号）；运行 python scripts/showcase.py fix 可自动修正",
    "float": "只写数字 {new}（单位在指标登记表中定义）；运行 python scripts/showcase.py fix 可自动修正",
    "percent": "不写 %，只写数字 {new}（单位 % 已在指标登记表中定义）；运行 python scripts/showcase.py fix 可自动修正",
}


def _value_problem(display: str, number: int, key: str, typed: str, written: str, kind: str) -> Problem:
    what = {"date": "日期", "year": "年份", "percent": "百分比"}.get(kind, "数字")
    return Problem(
        display, number + 1, f"{key}的{what}写成了“{typed}”", VALUE_HINTS[kind].format(new=written), "value-format"
    )


def repair_lines(text: str, display: str, units: Mapping[str, str] | None = None) -> tuple[str, list[Problem]]:
    """Find and repair, without moving any line: full-width colons after keys, bad indentation,
    keys in Chinese quotes, and dates and numbers typed another way (`units`: metric key → unit,
    so `87.26%` is repaired only where the metric is a percentage).

    A repair can make another one decidable (a line re-indented under a key makes the colon of
    the next line unambiguous), so the repairs run again on their own result until nothing more
    changes: `fix` run twice writes what it wrote the first time."""
    first = _repair_once(text, display, units, None)
    if first is None:
        return text, []
    last, fixed = first, [p for p in first.problems if p.code != "indent-unknown"]
    for _ in range(MAX_REPAIR_ROUNDS - 1):
        if last.text == text:
            break
        text = last.text
        again = _repair_once(text, display, units, first.widths)  # one width per tab for the whole file
        if again is None:
            break  # out of budget: the last round's result stands
        last = again
        fixed += [p for p in again.problems if p.code != "indent-unknown" and p not in fixed]
    undecided = [p for p in last.problems if p.code == "indent-unknown"]  # of the last round: left as written
    return last.text, sorted(fixed + undecided, key=lambda p: p.line)


@dataclass
class _Round:
    text: str
    problems: list[Problem]
    widths: tuple[int, int] | None  # by which lines were re-indented, if any


def _repair_once(
    text: str, display: str, units: Mapping[str, str] | None, widths: tuple[int, int] | None
) -> _Round | None:
    """One round of every repair; None when it ran out of its parsing budget."""
    if (
        len(text) > MAX_REPAIR_CHARS
        or not CANDIDATE.search(text)
        or OTHER_BREAKS.search(text)
        or _flow_depth(text) > MAX_FLOW_DEPTH
    ):
        return _Round(text, [], None)
    lines = text.split("\n")
    if not STRUCTURE.search(text) and not any(_odd_value(line) for line in lines):
        return _Round(text, [], None)  # only plain numbers (`cases_accepted: 13756`) made it a candidate
    colon_lines = [number for number, line in enumerate(lines) if "：" in line and FULLWIDTH_KEY.match(line)]
    indent_lines = [
        number for number, line in enumerate(lines) if line[:1] in (" ", "\t", "\u3000") and _bad_indent(line)
    ]
    quote_lines = [number for number, line in enumerate(lines) if QUOTED_KEY.match(line)]
    value_lines = [number for number, line in enumerate(lines) if _odd_value(line)]
    repairer = _Repairer(model_for(display), colon_lines, indent_lines, quote_lines, value_lines, units)
    repairer.widths = widths
    try:
        outcome = repairer.repair(lines)
    except _Exhausted:
        return None
    problems: list[Problem] = []
    for number in sorted(outcome.indented | set(outcome.colons) | set(outcome.quoted) | set(outcome.values)):
        if number in outcome.indented:
            lead = LEADING_SPACE.match(lines[number])
            kind = "制表符（Tab）" if lead and "\t" in lead.group() else "全角空格"
            problems.append(Problem(display, number + 1, f"缩进中使用了{kind}", FIXABLE_HINT_INDENT, "indent"))
        if number in outcome.quoted:
            key = outcome.quoted[number]
            problems.append(
                Problem(
                    display,
                    number + 1,
                    f"键名“{key}”两边多了中文引号",
                    f"删去引号，写成 {key}: …；运行 python scripts/showcase.py fix 可自动修正",
                    "quoted-key",
                )
            )
        if number in outcome.colons:
            problems.append(
                Problem(
                    display,
                    number + 1,
                    f"键名“{outcome.colons[number]}”后面用了全角冒号“：”",
                    FIXABLE_HINT_COLON,
                    "fullwidth-colon",
                )
            )
        for key, typed, written, kind in outcome.values.get(number, []):
            problems.append(_value_problem(display, number, key, typed, written, kind))
    for number in indent_lines:  # what no rule could decide: say so at the line, not at the parser's next stop
        unread = (
            outcome.reading.error is not None and outcome.reading.error.line >= number
        )  # the file breaks here or below
        if (
            number in outcome.indented
            or not _bad_indent(outcome.lines[number])
            or not _content_line(outcome.lines[number])
        ):
            continue
        if (unread and not _inside_text(outcome, number)) or (
            not unread and _Repairer._wide_key(outcome.reading, outcome.lines, number)
        ):
            lead = LEADING_SPACE.match(lines[number])
            kind = "制表符（Tab）" if lead and "\t" in lead.group() else "全角空格"
            problems.append(
                Problem(
                    display,
                    number + 1,
                    f"缩进中使用了{kind}，无法确定应缩进几格",
                    "删掉这一行开头的空白，再用半角空格对齐到它所属的字段下方（每级 2 个）",
                    "indent-unknown",
                )
            )
    return _Round("\n".join(outcome.lines), problems, outcome.widths)


def _inside_text(outcome: _Outcome, number: int) -> bool:
    """Whether a line is text of a value begun above it (its leading spaces are the author's)."""
    for first, last, column, _style in _scan_spans("\n".join(outcome.lines)):
        if first < number < last or (number == last and first < number and column > 0):
            return True
    return False


def _scan_spans(text: str) -> list[tuple[int, int, int, str]]:
    spans = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, yaml.ScalarToken) and token.end_mark.line > token.start_mark.line:
                spans.append((token.start_mark.line, token.end_mark.line, token.end_mark.column, token.style or ""))
    except yaml.YAMLError:
        pass
    return spans
