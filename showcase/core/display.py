"""Display rules, defined once: how an entity is named wherever it is shown (pages, search hits,
the tracking dashboard, packets, reports, score sheets)."""

from __future__ import annotations

import re

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
