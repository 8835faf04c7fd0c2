"""Lighthouse with mobile settings (npm `lighthouse` 12.2.3, Debian's Chromium) on the brand page
of the built fixture site: accessibility 100, best practices 100, performance at least 97.

One page keeps the suite fast (about 15 s); `make lighthouse` scores every page kind. The site is
served with gzip, as an intranet web server with compression on serves it (bench/lighthouse.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import lighthouse


def test_the_brand_page_meets_the_lighthouse_targets_on_a_phone(fixture_site: Any, tmp_path: Path) -> None:
    found = lighthouse.audit(fixture_site.site, {"brand": lighthouse.PAGES["brand"]}, tmp_path)["brand"]
    assert found.accessibility == 1.0, found.failing
    assert found.best_practices == 1.0, found.failing
    assert found.performance >= lighthouse.TARGETS["performance"], (found.line(), found.failing)
