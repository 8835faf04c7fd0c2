"""Every generated page passes html-validate's standard rules (the HTML standard, no style rules)."""

from __future__ import annotations

from typing import Any

import site_checks as check


def test_every_page_is_valid_html(fixture_site: Any) -> None:
    pages = list(check.html_files(fixture_site.site))
    assert len(pages) > 50
    errors = check.html_errors(fixture_site.site)
    assert errors == [], "\n".join(errors[:40])
