"""Nothing an author writes runs in the reader's browser (issue 11, items 4 and 5).

tests/fixtures/hostile adds to the minimal project a case write-up with one payload per line
(raw <script>, event handlers, attribute lists, javascript:/data:/vbscript: links in every
spelling, iframes, forms, mXSS shapes …), a hand-written page whose title and front matter try
to break out of the theme's markup, and an SVG logo with script, handlers and external
references. Every payload calls alert(/its name/.source); the tests hover, click and toggle
what a reader could, and record every dialog.

The same interactions on the author's Markdown rendered without the site's sanitizer (a
control) must trigger the payloads, so "nothing ran" means the site stopped them, not that
the test failed to set them off.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
from conftest import FIXTURES, make_site_project
from pymdownx.slugs import slugify

from bench.search_probe import serve
from showcase.core.svgsafe import sanitize_svg
from tests.browser.chromium_support import LAPTOP, search

CASE = FIXTURES / "hostile" / "docs" / "cases" / "demo" / "hostile-case.md"
SVG = FIXTURES / "hostile" / "brands" / "media" / "hostile.svg"
CASE_URL = "cases/demo/hostile-case/"
PAYLOAD = re.compile(r"alert\(/([\w-]+)/\.source\)|alert\('([\w-]+)'\)")

# What a reader can do to each payload's visible text: hover it, click it (links, buttons,
# the heading), open and close <details>. Texts marked False are not expected on the page:
# the element carrying them is one the site removes (an inline SVG's <text>).
INTERACT = {
    "悬停段落保留": True,
    "属性点击链接": True,
    "内联脚本链接": True,
    "尖括号脚本链接": True,
    "引用式脚本链接": True,
    "数据链接": True,
    "VB 链接": True,
    "实体编码链接": True,
    "十进制实体链接": True,
    "前导空格链接": True,
    "中间制表符链接": True,
    "大小写混写链接": True,
    "表单按钮": True,
    "第二个按钮": True,
    "自定义元素文字保留": True,
    "块内 Markdown 文字保留": True,
    "块内脚本链接": True,
    "标题属性": True,
    "折叠标题": True,
    "图形链接": False,
}
SURVIVING_TEXT = [
    "正文第一段保留",
    "折叠正文保留",
    "行内图形之后的文字保留",
    "样式块文字保留",
    "冒充主题的链接",
    "标题编号",
    "标题图片",
    "表格中",
    "提示框正文保留",
    "正文最后一段保留",
    *[text for text, shown in INTERACT.items() if shown],
]
# Payloads Chromium refuses by itself even unsanitized (a javascript: meta refresh), ones that
# need the theme (the table of contents, front matter), an mXSS shape Chromium's parser does
# not fall for, and the text of a code block: not expected to fire in the control. The data:
# and vbscript: links do not call alert (Chromium refuses both anyway); the test checks that
# no link on the page keeps such an address.
NOT_IN_CONTROL = {"meta-refresh", "math-mxss", "toc-id-breakout", "front-matter-tag", "code"}


def payloads() -> set[str]:
    return {a or b for a, b in PAYLOAD.findall(CASE.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The minimal project plus tests/fixtures/hostile, built with --strict as a user builds it, served."""
    root = make_site_project(tmp_path_factory.mktemp("hostile") / "project", "minimal", "hostile", guide=False)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(root / "mkdocs.yml"),
        "-d",
        str(root / "site"),
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("SHOWCASE_AUDIENCE", "SHOWCASE_OFFLINE")}
    built = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300, env=env, check=False)
    assert built.returncode == 0, built.stdout + built.stderr
    with serve(root / "site") as url:
        yield url


def watch(page: Any, base: str) -> tuple[list[str], list[str]]:
    """(dialog messages, requests to other hosts) of `page` from now on; other hosts are refused."""
    fired: list[str] = []
    foreign: list[str] = []

    def dialog(d: Any) -> None:
        fired.append(d.message)
        d.dismiss()

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith((base, "data:", "about:", "blob:")):
            r.continue_()
        else:
            foreign.append(url)
            r.abort()

    page.on("dialog", dialog)
    page.route("**/*", route)
    return fired, foreign


def interact(page: Any, start: str) -> list[str]:
    """Hover and click every payload's text, open and close <details>, hover the table of
    contents; returns the texts that were not there to interact with."""
    page.wait_for_timeout(400)  # load-time payloads: onerror, onload, ontoggle, autofocus, iframes
    # In the control the author's full-screen overlay and <base> would swallow every click.
    page.evaluate("document.querySelectorAll('[style*=fixed], base').forEach(e => e.remove())")
    scope = page.locator("article") if page.locator("article").count() else page.locator("body")
    missing = []
    for text in INTERACT:
        target = scope.get_by_text(text, exact=False).first
        try:
            target.hover(timeout=1500)
            target.click(timeout=1500, no_wait_after=True)
            page.wait_for_timeout(100)
        except Exception:  # Playwright's timeout: the text is not on the page
            missing.append(text)
        if page.url.split("#")[0] != start:
            page.go_back()
    for link in page.locator(".md-sidebar--secondary a.md-nav__link").all():
        link.hover(timeout=1500)
    page.mouse.move(5, 5)
    page.wait_for_timeout(400)
    return missing


def test_the_fixture_and_this_test_agree_on_the_payloads() -> None:
    names = payloads()
    assert len(names) >= 35, names
    assert NOT_IN_CONTROL <= names | {"front-matter-tag"}
    assert all(text in CASE.read_text(encoding="utf-8") for text in [*INTERACT, *SURVIVING_TEXT])


def test_without_the_sanitizer_the_payloads_run(chromium: Any, hostile_site: str) -> None:
    """The control: the write-up's body as plain Python-Markdown renders it, with the site's
    extensions and no sanitizer, served from the same origin without a policy."""
    body = CASE.read_text(encoding="utf-8").split("---", 2)[2]
    extensions = [
        "attr_list",
        "md_in_html",
        "tables",
        "toc",
        "admonition",
        "pymdownx.highlight",
        "pymdownx.superfences",
    ]
    raw = markdown.Markdown(
        extensions=extensions, extension_configs={"toc": {"slugify": slugify(case="lower")}}
    ).convert(body)
    context = chromium.new_context(viewport=LAPTOP, locale="zh-CN", service_workers="block")
    page = context.new_page()
    fired, foreign = watch(page, hostile_site)
    control = hostile_site + "cases/control.html"
    page.route(
        control,
        lambda r: r.fulfill(
            body="<!doctype html><meta charset=utf-8><title>对照</title><body>" + raw, content_type="text/html"
        ),
    )
    page.goto(control)
    interact(page, control)
    context.close()
    assert set(fired) == payloads() - NOT_IN_CONTROL, sorted(set(fired) ^ (payloads() - NOT_IN_CONTROL))
    assert foreign, "对照页应当向 evil.example 发出请求"


def test_no_payload_of_the_case_write_up_runs_and_its_text_survives(open_page: Any, hostile_site: str) -> None:
    page = open_page(allow=hostile_site)
    fired, _ = watch(page, hostile_site)
    page.goto(hostile_site + CASE_URL)
    missing = interact(page, hostile_site + CASE_URL)
    assert fired == [], f"案例正文中的脚本运行了：{fired}"
    assert missing == [text for text, shown in INTERACT.items() if not shown]
    article = page.locator("article").text_content()  # the <details> may be closed by now
    for text in SURVIVING_TEXT:
        assert text in article, text
    # Our decoration is intact: the header card, the title, the back links.
    assert page.locator("article h1").first.inner_text() == "带恶意内容的案例"
    assert page.locator("article .sc-case-card .sc-facts").count() == 1
    assert page.locator("article nav.sc-backlinks a").first.inner_text().startswith("← 返回品牌")
    assert page.locator("article table th").evaluate_all("ths => ths.map(th => getComputedStyle(th).textAlign)") == [
        "left",
        "center",
        "right",
    ]
    assert page.locator("article .admonition.note .admonition-title").inner_text() == "提示框标题"
    assert page.locator("article .highlight code span").count() > 3
    # Nothing the author wrote shadows the theme: one element per theme id, the search box works.
    assert page.evaluate(
        "['__config', '__search', '__drawer'].map(id => document.querySelectorAll('#' + id).length)"
    ) == [1, 1, 1]
    assert not [url for url in page.requests if "evil.example" in url]
    schemes = page.locator("article a[href], article [src]").evaluate_all(
        "els => [...new Set(els.map(e => new URL(e.href || e.src).protocol))]"
    )
    assert set(schemes) <= {"http:", "https:", "mailto:"}, schemes
    assert page.errors == []
    assert search(page, "恶意内容"), "搜索不到这篇案例"


def test_a_hand_written_page_cannot_break_out_of_its_title_or_front_matter(open_page: Any, hostile_site: str) -> None:
    page = open_page(allow=hostile_site)
    fired, _ = watch(page, hostile_site)
    page.goto(hostile_site + "guide/")
    page.wait_for_timeout(400)
    assert fired == []
    assert page.title() == "指南</title><script>alert(/title-breakout/.source)</script> - 党建品牌矩阵展示"
    assert page.locator("meta[name=author]").count() == 0
    assert "script" not in (page.locator("meta[name=description]").get_attribute("content") or "")
    assert "手写页面正文保留" in page.locator("article").inner_text()


@pytest.mark.parametrize("path", ["media/hostile.svg", "guide/drawing.svg"])
def test_a_hostile_svg_opened_by_its_url_runs_and_loads_nothing(chromium: Any, hostile_site: str, path: str) -> None:
    context = chromium.new_context(viewport=LAPTOP, service_workers="block")
    page = context.new_page()
    fired, foreign = watch(page, hostile_site)
    page.route(hostile_site + "raw.svg", lambda r: r.fulfill(body=SVG.read_bytes(), content_type="image/svg+xml"))
    for url in (hostile_site + "raw.svg", hostile_site + path):  # the control first: the file as the author made it
        fired.clear()
        foreign.clear()
        page.goto(url)
        page.mouse.move(60, 60)
        page.mouse.click(60, 60)
        page.mouse.click(60, 110)
        page.wait_for_timeout(300)
        if url.endswith("raw.svg"):
            assert {"svg-onload", "svg-script"} <= set(fired) and foreign, (fired, foreign)
        else:
            assert fired == [] and foreign == [], (fired, foreign)
            assert page.locator("css=text").first.text_content() == "图形文字"  # the drawing is still there
    context.close()


def test_the_hostile_logo_on_the_brand_page_is_the_sanitized_file(open_page: Any, hostile_site: str) -> None:
    page = open_page(allow=hostile_site)
    fired, _ = watch(page, hostile_site)
    page.goto(hostile_site + "brands/demo-brand/")
    logo = page.locator("img.sc-logo").first
    assert logo.evaluate("img => img.complete && img.naturalWidth") == 120
    served = page.request.get(hostile_site + "media/hostile.svg").text()
    assert "script" not in served and "onload" not in served and "<circle" in served
    assert fired == []


def test_the_policy_stops_a_script_that_got_past_the_sanitizer(open_page: Any, hostile_site: str) -> None:
    """Defence in depth: the served page with a script and a handler planted in its content
    (as if the sanitizer had a hole) runs neither, while the theme's own scripts still work."""
    page = open_page(allow=hostile_site)
    fired, _ = watch(page, hostile_site)
    html = page.request.get(hostile_site + CASE_URL).text()
    plant = (
        '<script>alert("planted-script")</script><img src="missing.png" onerror="alert(1)"><a '
        'href="javascript:alert(2)">植入链接</a>'
    )
    planted = html.replace("正文第一段保留。", "正文第一段保留。" + plant, 1)
    assert planted != html
    violations = (
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => "
        "window.__violations.push(e.violatedDirective))"
    )
    page.add_init_script(violations)
    page.route(hostile_site + "planted/", lambda r: r.fulfill(body=planted, content_type="text/html; charset=utf-8"))
    page.goto(hostile_site + "planted/")
    page.get_by_text("植入链接").click(no_wait_after=True)
    page.wait_for_timeout(400)
    assert fired == []
    assert page.evaluate("window.__violations.length") >= 3
    assert page.evaluate("typeof document$") == "object"  # Material's bundle ran


def test_the_site_works_under_its_policy(open_page: Any, site_url: str) -> None:
    """Search, navigation and the tracking dashboard's own script, with no policy violation."""
    page = open_page()
    page.add_init_script(
        "window.__violations = []; document.addEventListener('securitypolicyviolation', e => "
        "window.__violations.push(e.violatedDirective + ' ' + e.blockedURI))"
    )
    messages: list[str] = []
    page.on(
        "console",
        lambda m: (
            messages.append(m.text)
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text
            else None
        ),
    )
    for path in ("", "brands/xunzhou-fengqiao/", "cases/guiping/xunfa-lecture/", "guide/case/", "tracking/"):
        page.goto(site_url + path)
        page.wait_for_timeout(300)
        assert page.locator("meta[http-equiv=Content-Security-Policy]").count() == 1, path
        assert page.evaluate("window.__violations") == [], path
    assert page.locator(".sc-tracking[data-ready]").count() >= 1  # the dashboard's inline script ran
    page.goto(site_url)
    hits = search(page, "浔州枫桥")
    assert hits and hits[0].path(site_url) == "brands/xunzhou-fengqiao/"
    page.locator(".md-search-result__list > li a").first.click()
    page.wait_for_url("**/brands/xunzhou-fengqiao/**")
    assert page.locator("h1").first.inner_text().strip() == "党旗引领·浔州枫桥"
    assert page.evaluate("window.__violations") == [] and messages == [] and page.errors == []


def test_the_offline_copy_serves_the_sanitized_svg_and_carries_no_policy(offline_copy: Path) -> None:
    """The offline zip is the same build, so it copies the same rewritten SVG files; its pages
    have no policy, since file:// pages have an opaque origin (see showcase/site/csp.py)."""
    media = FIXTURES / "site" / "brands" / "media"
    logos = sorted(media.rglob("*.svg"))
    assert len(logos) == 10
    for logo in logos:
        copied = offline_copy / "media" / logo.relative_to(media)
        assert copied.read_bytes() == sanitize_svg(logo.read_bytes()), copied
    assert "Content-Security-Policy" not in (offline_copy / "index.html").read_text(encoding="utf-8")


def test_the_served_build_has_a_policy_on_every_page(fixture_site: Any) -> None:
    pages = sorted(fixture_site.site.rglob("*.html"))
    assert len(pages) > 50
    assert [p for p in pages if p.read_text(encoding="utf-8").count('http-equiv="Content-Security-Policy"') != 1] == []
