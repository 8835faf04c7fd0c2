"""Serve mode: keep showing what was last valid while an editor fixes a file.

When a file stops validating, the loader leaves its entity out, and its page would vanish
from under the person editing it. `carry_over` puts the last good version of such entities
back (only those whose own file has errors now), so the page stays, with the error banner.
"""

from __future__ import annotations

from typing import Any

from showcase.core.catalog import Catalog
from showcase.core.problems import Problem

_KINDS = (("campaign", "campaigns"), ("court", "courts"), ("brand", "brands"), ("person", "people"), ("case", "cases"))


def carry_over(current: Catalog, previous: Catalog | None, problems: list[Problem]) -> Catalog:
    """`current` plus the entities of `previous` whose source file now has errors and was dropped."""
    if previous is None:
        return current
    broken = {p.path for p in problems if p.severity == "error"}
    if not broken:
        return current
    for kind, attribute in _KINDS:
        now: dict[str, Any] = getattr(current, attribute)
        for entity_id, entity in getattr(previous, attribute).items():
            document = previous.documents.get((kind, entity_id))
            if entity_id not in now and document is not None and document.display in broken:
                now[entity_id] = entity
                current.documents[(kind, entity_id)] = document
    if not current.registry.by_key and previous.registry.by_key:
        current.registry = previous.registry  # metrics.yml broken: keep the last metric definitions
    return current.consistent()  # what was carried over may hang off something that is gone now
