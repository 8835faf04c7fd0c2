"""How every page kind looks in Debian's Chromium on a 375 px phone and a 1280 px laptop.

For each page: nothing wider than the screen; no table cell narrower than four characters (4em)
whose text has to wrap; no slanted Chinese; every chart label at least 11 px as drawn; the owner
of the site in the header; badges and breadcrumbs on one line; brand and project names broken
only at “·” and around 【】; no line that starts with closing punctuation; and axe finds nothing
serious. A full-page screenshot of every page kind at both widths goes to build/screenshots/
(git-ignored, kept by CI; SHOWCASE_SCREENSHOTS names another folder).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from showcase.core.loader import Layout, load_catalog
from tests.browser.chromium_support import LAPTOP, PHONE, REPO, describe, overflow, run_axe, serious

OWNER = "桂平市人民法院"  # extra.showcase.owner of the sample (mkdocs.yml)

# One page of every kind the site generates (showcase/site/pages/), the dashboard and the guide.
PAGE_KINDS = {
    "home": "",
    "matrix": "courts/",
    "campaign": "campaigns/fayao-bagui/",
    "court": "courts/guiping/",
    "court-plain": "courts/guigang/",
    "brands": "brands/",
    "brand": "brands/xunzhou-fengqiao/",
    "projects": "projects/",
    "project": "projects/jintian-family-mediation/",
    "carriers": "carriers/",
    "carrier": "carriers/xunfa-lecture/",
    "compare-index": "compare/",
    "compare": "compare/guiping/",
    "cases": "cases/",
    "case": "cases/guiping/xunzhou-fengqiao-tribunal/",
    "people": "people/",
    "person": "people/li-yanqiang/",
    "honors": "honors/",
    "themes": "themes/",
    "years": "years/",
    "year": "years/2023/",
    "updates": "updates/",
    "tracking": "tracking/",
    "guide": "guide/",
}
VIEWPORTS = {"375": PHONE, "1280": LAPTOP}

# Everything measured in the page at once; returns lists of what is wrong (empty: all is well).
LOOK = r"""() => {
  const HAN = /\p{sc=Han}/u
  const CLOSING = "，。、；：？！）》」』】〕〉”’"  // 点号 and closing marks (GB/T 15834); … and — may start a line
  const visible = e => {
    const r = e.getBoundingClientRect()
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden"
  }
  const classes = e =>
    e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""
  const where = e => `${e.tagName.toLowerCase()}${classes(e)}`
  const text = e => e.textContent.replace(/[\u200b\u2060]/g, "").trim()
  // Inside a box clipped to a pixel: the visually hidden header row of a table shown as cards.
  const hidden = e => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const r = a.getBoundingClientRect()
      if (r.width <= 1 && getComputedStyle(a).overflow === "hidden") return true
    }
    return false
  }
  const out = { cells: [], italic: [], svg: [], badges: [], crumbs: [], names: [], punctuation: [], owner: "" }

  // Table cells: none narrower than 4em holding more than three characters.
  for (const cell of document.querySelectorAll(".md-content td, .md-content th")) {
    if (!visible(cell) || !text(cell)) continue
    if (hidden(cell)) continue
    const size = parseFloat(getComputedStyle(cell).fontSize)
    const width = cell.getBoundingClientRect().width
    const range = document.createRange(); range.selectNodeContents(cell)
    const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top / 4)))
    if (width < 4 * size - 0.5 && lines.size > 1)
      out.cells.push(`${where(cell)} ${width.toFixed(0)}px，${lines.size} 行“${text(cell).slice(0, 12)}”`)
  }
  // Slanted Chinese anywhere on the page.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement
    if (!parent || !HAN.test(node.data) || !visible(parent)) continue
    if (getComputedStyle(parent).fontStyle !== "normal")
      out.italic.push(`${where(parent)} “${node.data.trim().slice(0, 12)}”`)
  }
  // Chart labels as drawn: the font size in user units times the chart's scale on screen.
  for (const label of document.querySelectorAll("svg text")) {
    if (!visible(label)) continue
    const drawn = parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM().a
    if (drawn < 11) out.svg.push(`${drawn.toFixed(1)}px “${label.textContent.slice(0, 12)}”`)
  }
  // Badges on one line.
  for (const badge of document.querySelectorAll(".sc-level, .sc-flag, .sc-honor__level, .sc-chip, .sc-track-tag")) {
    if (!visible(badge)) continue
    const rects = badge.getClientRects()
    const line = parseFloat(getComputedStyle(badge).lineHeight) || parseFloat(getComputedStyle(badge).fontSize) * 1.6
    if (rects.length > 1 || badge.getBoundingClientRect().height > line * 1.6)
      out.badges.push(`${where(badge)} “${text(badge)}”`)
  }
  // Breadcrumbs on one line.
  for (const crumbs of document.querySelectorAll(".sc-crumbs")) {
    const line = parseFloat(getComputedStyle(crumbs).lineHeight)
    if (visible(crumbs) && crumbs.getBoundingClientRect().height > line * 1.5) out.crumbs.push(text(crumbs))
  }
  // Per-character boxes of a text node: [char, rect] for each character that is drawn.
  const boxes = (node, all = false) => {
    const found = [], range = document.createRange()
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1)
      const rect = [...range.getClientRects()].find(r => r.width > 0)
      if (rect || all) found.push([node.data[i], rect])
    }
    return found
  }
  // Names break only after “·”, around 【】 or at a space (the <wbr> of core/display.py).
  for (const name of document.querySelectorAll(".md-content .sc-name, .md-header .sc-name")) {
    if (!visible(name)) continue
    const chars = []
    const inner = document.createTreeWalker(name, NodeFilter.SHOW_TEXT)
    for (let node = inner.nextNode(); node; node = inner.nextNode()) chars.push(...boxes(node, true))
    let last = -1
    for (let i = 0; i < chars.length; i++) {
      if (!chars[i][1]) continue
      if (last >= 0) {
        const a = chars[last][1], b = chars[i][1], between = chars.slice(last + 1, i).map(c => c[0]).join("")
        if (b.top > a.top + a.height / 2 && !"·・• 】".includes(chars[last][0]) && !"【 ".includes(chars[i][0])
            && !/\s/.test(between))
          out.names.push(`${text(name)}：${chars[last][0]}|${chars[i][0]}`)
      }
      last = i
    }
  }
  // No line of the content starts with closing punctuation.
  const content = document.querySelector(".md-content") || document.body
  const texts = document.createTreeWalker(content, NodeFilter.SHOW_TEXT)
  const block = e => {
    while (e && /^(inline|contents)/.test(getComputedStyle(e).display)) e = e.parentElement
    return e
  }
  let previous = null, flow = null
  for (let node = texts.nextNode(); node && out.punctuation.length < 5; node = texts.nextNode()) {
    if (!node.parentElement || !visible(node.parentElement) || !/\S/.test(node.data)) continue
    // Code is the program's literal text (a message quoting “: ” breaks at its own space): not checked.
    const code = !!node.parentElement.closest("code, pre")
    const container = block(node.parentElement)
    if (container !== flow) { previous = null; flow = container }  // a line of another block is not this one's
    for (const [char, rect] of boxes(node)) {
      if (/\s/.test(char)) continue
      if (!code && CLOSING.includes(char) && previous && rect.top > previous.top + previous.height / 2
          && Math.abs(rect.left - previous.left) > previous.width)
        out.punctuation.push(
          `“${char}” at the start of a line in ${where(node.parentElement)}: ${node.data.trim().slice(0, 16)}`)
      previous = rect
    }
  }
  const owner = document.querySelector(".md-header .sc-owner__name")
  out.owner = owner && visible(owner) ? text(owner) : ""
  return out
}"""


@pytest.fixture(scope="module")
def screenshots() -> Path:
    folder = Path(os.environ.get("SHOWCASE_SCREENSHOTS") or REPO / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def load(page: Any, url: str) -> None:
    """Open the page and scroll through it once, so lazy images are in place for the screenshot."""
    page.goto(url)
    page.evaluate(
        """async () => {
             for (let y = 0; y < document.body.scrollHeight; y += 600) {
               scrollTo(0, y)
               await new Promise(r => setTimeout(r, 20))
             }
             scrollTo(0, 0)
             // a lazy image in a hidden box (the phone's drawer) never loads: wait for the shown ones only
             const shown = [...document.images].filter(i => i.getClientRects().length > 0)
             const loaded = i => new Promise(r => { i.onload = i.onerror = r; setTimeout(r, 3000) })
             await Promise.all(shown.map(i => i.complete || loaded(i)))
             await new Promise(r => setTimeout(r, 450))  // the header's title swap (Material animates it) settles
           }"""
    )


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_every_page_kind_reads_well(open_page: Any, site_url: str, screenshots: Path, kind: str, width: str) -> None:
    page = open_page(VIEWPORTS[width])
    load(page, site_url + PAGE_KINDS[kind])
    page.screenshot(path=str(screenshots / f"{kind}-{width}.png"), full_page=True)
    scroll, viewport, wide = overflow(page)
    assert scroll <= viewport, f"/{PAGE_KINDS[kind]} 在 {width}px 宽时横向溢出：{scroll}px，{wide}"
    found = page.evaluate(LOOK)
    assert found["owner"] == OWNER, f"页头没有显示网站所属单位：{found['owner']!r}"
    for key, what in (
        ("cells", "表格单元格窄于 4 个字"),
        ("italic", "中文显示为斜体"),
        ("svg", "图表文字小于 11px"),
        ("badges", "徽标折行"),
        ("crumbs", "面包屑超过一行"),
        ("names", "名称在词中间断开"),
        ("punctuation", "行首出现点号或右括号"),
    ):
        assert found[key] == [], f"/{PAGE_KINDS[kind]} {width}px：{what}：{found[key][:5]}"
    problems = serious(run_axe(page))
    assert problems == [], f"/{PAGE_KINDS[kind]} 在 {width}px 宽时 axe 报告严重问题：\n{describe(problems)}"
    assert page.errors == []


def test_charts_keep_their_labels_at_least_12px(open_page: Any, site_url: str) -> None:
    """The line charts of a brand with two years of figures, at both widths: 12 px or more."""
    for viewport in VIEWPORTS.values():
        page = open_page(viewport)
        load(page, site_url + PAGE_KINDS["brand"])
        sizes = page.evaluate(
            "() => [...document.querySelectorAll('svg.sc-chart text')].map(t => "
            "parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"
        )
        assert sizes and min(sizes) >= 12, (viewport, min(sizes or [0]))


def test_a_single_year_shows_tiles_not_charts(open_page: Any, site_url: str) -> None:
    page = open_page(PHONE)
    load(page, site_url + PAGE_KINDS["court"])
    assert page.locator(".md-content svg.sc-chart").count() == 0
    tiles = page.locator(".md-content .sc-tiles .sc-tile")
    assert tiles.count() >= 10
    assert (
        "合理区间" in page.locator(".md-content .sc-tiles").first.inner_text()
        or "合理区间" in page.locator(".md-content").inner_text()
    )


def test_the_matrix_is_drawn_and_every_node_is_a_link(open_page: Any, site_url: str, fixture_site: Any) -> None:
    """campaign → master brand → branch brands (with logos) → projects, each box a link."""
    catalog, _ = load_catalog(Layout(fixture_site.root))
    masters = sum(1 for court in catalog.courts.values() if court.master_brand)
    projects = sum(len(brand.projects) for brand in catalog.brands.values())
    logos = sum(1 for brand in catalog.brands.values() if brand.logo)
    page = open_page(PHONE)
    load(page, site_url)
    boxes = page.locator(".md-content .sc-box")
    kinds = page.locator(".md-content .sc-box").evaluate_all(
        "boxes => boxes.map(b => [b.tagName, b.className.match(/sc-box--(\\w+)/)[1], !!b.getAttribute('href')])"
    )
    assert {kind for _, kind, _ in kinds} == {"campaign", "master", "brand", "project"}
    assert all(tag == "A" and linked for tag, _, linked in kinds)
    assert boxes.count() >= 1 + masters + len(catalog.brands) + projects  # a campaign, then every node of the matrix
    assert page.locator(".md-content .sc-box--brand img").count() == logos  # every brand's logo
    assert page.locator(".md-content ul.sc-tree__kids").count() >= 2  # a tree, not one flat list


def test_print_has_running_header_and_footer(chromium: Any, site_url: str, tmp_path: Path) -> None:
    """Chromium 131+ prints @page margin boxes: the owner and the title on top, the date below."""
    import subprocess

    page = chromium.new_page()
    page.goto(site_url + PAGE_KINDS["brand"])
    pdf = tmp_path / "brand.pdf"
    pdf.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
    page.close()
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip()]
        assert OWNER in lines[0] and "党旗引领·浔州枫桥" in lines[0], lines[0]
        assert "资料更新于" in lines[-1] and re.search(rf"第\s*{number}\s*页", lines[-1]), lines[-1]
    first = [line for line in pages[0].splitlines() if line.strip()]
    assert len(first) > 25, "page 1 is not half empty"
