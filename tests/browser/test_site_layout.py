"""The built sample in a real browser: 375 px phones and A4 print (Debian's /usr/bin/chromium)."""

from __future__ import annotations

from pathlib import Path

PHONE_PAGES = [
    "",
    "courts/",
    "courts/guiping/",
    "brands/xunzhou-fengqiao/",
    "projects/jintian-family-mediation/",
    "compare/guiping/",
    "honors/",
    "years/2023/",
    "updates/",
    "people/",
    "cases/guiping/xunzhou-fengqiao-tribunal/",
]


def test_no_horizontal_overflow_on_a_375px_phone(chromium: object, site_url: str) -> None:
    page = chromium.new_page(viewport={"width": 375, "height": 800})  # type: ignore[attr-defined]
    for path in PHONE_PAGES:
        page.goto(site_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"/{path} is {width}px wide"
    page.close()


def test_brand_prints_on_a4_without_navigation(chromium: object, site_url: str, tmp_path: Path) -> None:
    page = chromium.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "brands/xunzhou-fengqiao/")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.sc-crumbs']
           .map(s => document.querySelector(s)).filter(e => e && getComputedStyle(e).display !== 'none').length"""
    )
    assert hidden == 0
    pdf = page.pdf(format="A4", print_background=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert 1 <= pages <= 5, pages
    page.close()
