"""Display rules, defined once: how an entity is named wherever it is shown (pages, search hits,
the tracking dashboard, packets, reports, score sheets)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

import jieba
from markupsafe import Markup

from showcase.core.model import Court, Project

# Folded YAML (`>-`) joins lines with a space, which is noise between Chinese characters.
_CJK = "\u2018-\u201f\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_SPACE = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


def court_name(court: Court) -> str:
    """The name a court goes by in lists and links: its short name (桂平法院), else the full one."""
    return court.short_name or court.name


def project_title(project: Project) -> str:
    """A tribunal project as the seeds write it: 金田法庭【温情调解 和美家事】."""
    return f"{project.unit}【{project.name}】"


def oneline(value: str | None) -> str:
    """Collapse text to one line (no blank line may end an HTML block early), minus CJK gaps."""
    return _CJK_SPACE.sub("", " ".join((value or "").split()))


def clip(value: str | None, length: int) -> str:
    """Shorten to `length` characters with an ellipsis; Chinese has no words to break at."""
    text = oneline(value)
    return text if len(text) <= length else text[: length - 1].rstrip("，、；： ") + "…"


# --------------------------------------------------------------------------- names on screen

# Where a brand or project name may break across lines: after the middle dot of 党旗引领·浔州枫桥,
# before and after the 【】 part of 金田法庭【温情调解 和美家事】, and at the space between the two
# phrases inside 【】. Everywhere else a name stays whole.
_NAME_BREAK = re.compile(r"(?<=[·・•])|(?=【)|(?<=】)|(?<= )")


def name_parts(name: str) -> list[str]:
    """A name cut where it may break: 党旗引领·|浔州枫桥, 金田法庭|【温情调解 和美家事】."""
    return [part for part in _NAME_BREAK.split(name) if part]


def name(value: str | None) -> Markup:
    """A name as HTML: kept whole except at its break points (<wbr>); the text itself is escaped."""
    parts = name_parts(" ".join((value or "").split()))  # the space in 温情调解 和美家事 is part of the name
    # Each part is unbreakable (white-space: nowrap): a line can break neither inside 浔州枫桥 nor
    # before the “·”, which CJK line breaking would otherwise allow.
    spans = (Markup('<span class="sc-name__part">{}</span>').format(part) for part in parts)
    return Markup('<span class="sc-name">') + Markup("<wbr>").join(spans) + Markup("</span>")


# Closing punctuation never starts a line and opening punctuation never ends one (GB/T 15834):
# glued to their neighbour when text is cut into phrases below.
CLOSING = "，。、；：？！）》」』】〕〉”’…—·%"
OPENING = "（《「『【〔〈“‘"


def glue_punctuation(words: list[str]) -> list[str]:
    """Phrases with every closing mark joined to the phrase before it and every opening mark to
    the phrase after it, so a line break between phrases never strands a mark."""
    glued: list[str] = []
    carry = ""
    for word in words:
        if not word:
            continue
        if glued and not carry and all(char in CLOSING for char in word):
            glued[-1] += word
        elif all(char in OPENING for char in word):
            carry += word
        else:
            glued.append(carry + word)
            carry = ""
    if carry:
        if glued:
            glued[-1] += carry
        else:
            glued.append(carry)
    return glued


# --------------------------------------------------------------------------- honours

HONOR_LEVELS = ("国家", "自治区", "省", "市", "县", "院")
"""Honour levels from the highest: 国家 › 自治区/省 (the same rank) › 市 › 县 › 院."""
_LEVEL_RANK = {"国家": 0, "自治区": 1, "省": 1, "市": 2, "县": 3, "院": 4}


def level_rank(level: str) -> int:
    """0 for 国家, 1 for 自治区 and 省 … 4 for 院; unknown levels last."""
    return _LEVEL_RANK.get(level, len(HONOR_LEVELS))


def honor_key(level: str, year: int, title: str) -> tuple[int, int, str]:
    """The one order of honours everywhere: highest level first, then newest, then by title."""
    return (level_rank(level), -year, title)


class _Honour(Protocol):
    @property
    def level(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def title(self) -> str: ...


H = TypeVar("H", bound=_Honour)


def order_honors(honors: Iterable[H]) -> list[H]:
    """Any honours (records, a person's list) in the one order: by level, then newest."""
    return sorted(honors, key=lambda h: honor_key(h.level, h.year, h.title))


def by_level(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Counts per level (e.g. for 4 国家级 · 1 自治区级 · 2 县级), highest level first."""
    return sorted(counts.items(), key=lambda item: (level_rank(item[0]), item[0]))


# --------------------------------------------------------------------------- titles in print

_HAN = re.compile(r"[\u3400-\u9fff]")


def phrases(text: str) -> list[str]:
    """Text cut into words (jieba, with every name it has been taught as one word) and punctuation
    glued to them, for titles and contents lines that must break between words, never inside one:
    法庭上，|打造|“枫桥式”|人民法庭 rather than 法庭/上， or 打/造."""
    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's concern
    line = " ".join(text.split())  # a space inside a title is meant (温情调解 和美家事): kept
    words = [word for word in jieba.cut(line, HMM=True) if word]
    glued = _attach_single(glue_punctuation(words))
    return glued if "".join(glued) == line else [line]


def _attach_single(words: list[str]) -> list[str]:
    """A one-character word (的, 在, 上 …) goes with the word before it, or with the next one after
    punctuation: 法庭上， stays together, 把党支部 too."""
    out: list[str] = []
    carry = ""
    for word in words:
        if word.isspace():  # a space is a break opportunity of its own
            out.append(carry + word)
            carry = ""
        elif (
            len(_HAN.findall(word)) <= 1 and not carry and out and not out[-1].isspace() and out[-1][-1] not in CLOSING
        ):
            out[-1] += word
        elif len(_HAN.findall(word)) <= 1 and _HAN.search(word):
            carry += word
        else:
            out.append(carry + word)
            carry = ""
    if carry:
        if out:
            out[-1] += carry
        else:
            out.append(carry)
    return out


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))
