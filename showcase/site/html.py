"""Small post-processing of rendered page HTML, shared by every page (generated or written)."""

from __future__ import annotations

import re

_IMG = re.compile(r"<img\b(?![^>]*\bloading=)", re.IGNORECASE)


def lazy_images(html: str) -> str:
    """Add loading="lazy" to every <img> that has no loading attribute (also in case write-ups)."""
    return _IMG.sub('<img loading="lazy"', html)
