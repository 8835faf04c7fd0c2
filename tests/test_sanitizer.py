"""The HTML allow-list (showcase/site/sanitizer.py), SVG sanitizing (showcase/svgsafe.py) and the
Content-Security-Policy (showcase/site/csp.py), without a browser; tests/browser/test_browser_hostile.py
shows in Chromium that nothing runs."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
from conftest import FIXTURES, REPO
from pymdownx.slugs import slugify

from showcase.core.loader import Layout, load_catalog
from showcase.core.svgsafe import MAX_BYTES, SvgError, sanitize_svg, svg_problem
from showcase.packets.pdf import url_fetcher
from showcase.site import csp
from showcase.site.sanitizer import (
    ALLOWED,
    clean,
    clean_marked,
    clean_meta,
    clean_toc,
    guide_table,
    mark,
    new_token,
    safe_id,
    title_from_heading,
)

MINIMAL = FIXTURES / "minimal"
HOSTILE_SVG = Path(__file__).parent / "fixtures" / "hostile" / "brands" / "media" / "hostile.svg"


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions mkdocs.yml enables (checked against the file)."""
    names = ["attr_list", "md_in_html", "tables", "toc", "admonition", "pymdownx.highlight", "pymdownx.superfences"]
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    section = config.split("markdown_extensions:", 1)[1].split("\n\n", 1)[0]
    assert re.findall(r"^  - ([\w.]+)", section, re.MULTILINE) == names, (
        "mkdocs.yml 的 markdown_extensions 变了：请同步本测试"
    )
    # mkdocs.yml gives toc the pymdownx slugify, which keeps Chinese headings as ids.
    return markdown.Markdown(extensions=names, extension_configs={"toc": {"slugify": slugify(case="lower")}})


def rendered(source: str) -> str:
    return clean(site_markdown().convert(source))


class _Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, name, value or "") for name, value in attrs]


def attributes(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) as a browser would read them, entities decoded."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.found


# --------------------------------------------------------------------------- what an author may not do

HOSTILE = [
    ("<script>alert(1)</script>正文", ["<script", "alert"], ["正文"]),
    ('<img src="x.png" onerror="alert(1)">', ["onerror"], ['src="x.png"']),
    (
        '<details ontoggle="alert(1)" open><summary>标题</summary>内容</details>',
        ["ontoggle"],
        ["<details", "<summary>标题</summary>", "内容"],
    ),
    ('<iframe src="javascript:alert(1)"></iframe>后文', ["iframe", "javascript"], ["后文"]),
    ('<form action="javascript:alert(1)"><button>提交</button></form>', ["<form", "<button", "javascript"], ["提交"]),
    ('段落\n{: onmouseover="alert(1)" }', ["onmouseover"], ["<p>段落</p>"]),
    ('[链接](#){: onclick="alert(1)" }', ["onclick"], ['<a href="#">链接</a>']),
    ("[链接](javascript:alert(1))", ["javascript", "href"], ["链接"]),
    ("[链接][x]\n\n[x]: javascript:alert(1)", ["javascript", "href"], ["链接"]),
    ("[链接](<javascript:alert(1)>)", ["javascript", "href"], ["链接"]),
    ("[链接](data:text/html;base64,PHNjcmlwdD4=)", ["data:", "href"], ["链接"]),
    ('[链接](vbscript:msgbox("x"))', ["vbscript", "href"], ["链接"]),
    ('<a href="jav&#x61;script:alert(1)">链接</a>', ["script", "href"], ["链接"]),
    (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">链接</a>',
        ["alert", "href"],
        ["链接"],
    ),
    ('<a href="  javascript:alert(1)">链接</a>', ["javascript", "href"], ["链接"]),
    ('<a href="java&#9;script:alert(1)">链接</a>', ["script", "href"], ["链接"]),
    ('<a href="JaVaScRiPt:alert(1)">链接</a>', ["alert", "href"], ["链接"]),
    ('<svg onload="alert(1)"><circle r="1"/></svg>之后', ["svg", "onload"], ["之后"]),
    ('![图](x.png){: onerror="alert(1)" }', ["onerror"], ['alt="图"', 'src="x.png"']),
    ("![图](data:image/svg+xml,<svg onload=alert(1)>)", ["data:", "onload"], ['alt="图"']),
    ("![图](https://evil.example/p.png)", ["evil"], ['alt="图"']),
    ("![图](//evil.example/p.png)", ["evil"], ['alt="图"']),
    ("![图](/etc/passwd)", ["passwd"], ['alt="图"']),
    ('<object data="x.swf"></object><embed src="x.swf">后文', ["object", "embed", "swf"], ["后文"]),
    ("<style>body{background:url(//evil.example/x)}</style>后文", ["style", "evil"], ["后文"]),
    ('<div style="background:url(//evil.example/x)">块</div>', ["style", "evil"], ["<div>块</div>"]),
    (
        '<p title="</noscript><img src=x onerror=alert(1)>">x</p>',
        ["<img"],
        ['title="&lt;/noscript&gt;'],
    ),  # text in an attribute stays text
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>', ["onerror"], []),
    (
        '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">后文',
        ["evil", "<base", "<meta"],
        ["后文"],
    ),
    (
        '<a href="x" target="_blank" name="cookie" id="__search">链接</a>',
        ["target", "name=", "id="],
        ['<a href="x">链接</a>'],
    ),
    (
        '<input autofocus onfocus="alert(1)"><video src="x" onerror="alert(1)"></video>后文',
        ["input", "video", "onfocus", "onerror"],
        ["后文"],
    ),
    ('<x-custom onclick="alert(1)">文字</x-custom>', ["x-custom", "onclick"], ["文字"]),
    (
        '<div markdown="1" onclick="alert(1)">\n\n[块内](javascript:alert(1))\n\n</div>',
        ["onclick", "javascript"],
        ["块内"],
    ),
    ('<p class="md-header sc-banner ok">冒充</p>', ["md-header", "sc-banner"], ['<p class="ok">冒充</p>']),
    ('## 标题 {: onclick="alert(1)" }', ["onclick"], ["<h2", "标题"]),
    ("## __config", ['id="__config"'], ['id="h__config"']),
    ("## 标题 {: id='x\" onmouseover=\"alert(1)' }", ['"x"', "onmouseover="], ["<h2 id="]),
    ('<math><mi xlink:href="javascript:alert(1)">数学</mi></math>', ["javascript", "xlink"], []),
    ("<!-- <img src=x onerror=alert(1)> -->后文", ["onerror", "<!--"], ["后文"]),
]


@pytest.mark.parametrize(("source", "absent", "present"), HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_hostile_markdown_loses_what_could_run_and_keeps_its_text(
    source: str, absent: list[str], present: list[str]
) -> None:
    html = rendered(source)
    for text in absent:
        assert text.lower() not in html.lower(), html
    for text in present:
        assert text in html, html
    for tag, name, value in attributes(html):
        assert (not name.startswith("on") and name not in ("style", "srcdoc", "action", "formaction")) or (
            name == "style" and tag in ("th", "td")
        ), (tag, name)
        if name in ("href", "src"):
            assert re.match(r"^(https?:|mailto:|#|[^:]*$)", value.strip(), re.IGNORECASE), (tag, name, value)


def test_legitimate_markdown_comes_through_unchanged() -> None:
    """The editing guide uses headings, tables with alignment, highlighted code, admonitions,
    lists and links: sanitizing it changes nothing but the HTML comments and empty lines."""
    source = (REPO / "docs" / "guide" / "case.md").read_text(encoding="utf-8")
    source += (
        "\n\n![标识](../../brands/media/guiping/master-logo.svg){: width=120 }\n\n<details "
        "open><summary>展开</summary>\n\n详情\n\n</details>\n\n"
    )
    source += (
        "| 左 | 中 | 右 |\n|:---|:---:|---:|\n| 1 | 2 | 3 |\n\n[外链](https://www.gov.cn/) "
        '[邮件](mailto:dangban@example.org) [锚点](#背景)\n\n```python title="x.py" '
        'hl_lines="1"\nprint("你好")\n```\n'
    )
    before = site_markdown().convert(source)

    def normal(html: str) -> str:
        html = re.sub(r"<!--.*?-->", "", html, flags=re.DOTALL).replace(' style="text-align: ', ' style="text-align:')
        html = (
            re.sub(r'style="text-align:(\w+);"', r'style="text-align:\1"', html)
            .replace(" />", ">")
            .replace('open=""', "open")
        )
        return re.sub(r"\s+", " ", html).strip()

    assert normal(clean(before)) == normal(before)
    assert (
        'class="admonition tip"' in before
        and '<span class="hll">' in before
        and 'style="text-align: center;"' in before
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("背景", "背景"),
        ("评选标准-criteria", "评选标准-criteria"),
        ("__config", "h__config"),
        ("_x", "h_x"),
        ('x" onmouseover="a', "x--onmouseover--a"),
        ("a b<c>", "a-b-c-"),
        ('"', None),
        ("", None),
    ],
)
def test_heading_ids_are_safe_in_the_themes_markup(value: str, expected: str | None) -> None:
    assert safe_id(value) == expected


def test_the_table_of_contents_follows_the_sanitized_ids_and_stays_text() -> None:
    inner = SimpleNamespace(id="__search", title="<b>粗</b>", children=[])
    outer = SimpleNamespace(
        id='x" onmouseover="alert(1)', title="a &lt; b<img src=x onerror=alert(1)>", children=[inner]
    )
    clean_toc([outer])
    assert outer.id == "x--onmouseover--alert-1-" and outer.title == "a &lt; b"
    assert inner.id == "h__search" and inner.title == "粗"


def test_our_header_survives_byte_for_byte_and_the_footer_is_added_after_the_authors_part() -> None:
    token = new_token()
    header = (
        '<nav class="sc-crumbs" data-search-exclude><a href="../">首页</a></nav>\n<h1>标题</h1>\n<div '
        'class="sc-card" style="--depth: 1"><p>卡片</p></div>'
    )
    footer = '<nav class="sc-backlinks" aria-label="相关页面"><a href="../../">全部案例</a></nav>'
    source = mark("正文\n\n<div onclick=x>块</div>\n\n```\n未闭合的代码块", token, header)
    html = site_markdown().convert(source)
    page, marked = clean_marked(html, token, footer)
    assert marked
    assert page.startswith(html[: html.index(f"<p>{token}</p>")]) and header.split("\n")[0] in page
    assert 'style="--depth: 1"' in page and "data-search-exclude" in page  # ours: left alone
    assert "onclick" not in page and token not in page
    assert page.endswith(footer)


def test_an_author_cannot_forge_the_token_or_reach_before_it() -> None:
    token = new_token()
    assert token != new_token() and len(token) > 30
    html = site_markdown().convert(mark(f"<p>{token}</p><script>alert(1)</script>", token, "<p>我们的</p>"))
    page, _ = clean_marked(html, token)
    assert "<script" not in page  # the author's copy of the token comes after ours: still sanitized


def test_a_page_without_header_is_sanitized_whole_and_keeps_its_heading_title() -> None:
    assert mark("# 标题\n\n正文", new_token()) == "# 标题\n\n正文"  # MkDocs takes the page title from the first heading
    page, marked = clean_marked("<h1>标题</h1><script>alert(1)</script>", new_token())
    assert (page, marked) == ("<h1>标题</h1>", False)


def test_front_matter_of_a_hand_written_page_is_escaped_or_dropped() -> None:
    meta = {
        "title": "</title><script>alert(1)</script>",
        "description": '"><script>alert(1)</script>',
        "author": "x",
        "tags": ["<b>t</b>"],
        "hide": ["toc"],
        "search": {"boost": 2},
    }
    assert clean_meta(meta) == ["description", "author"]
    assert meta == {
        "title": "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "tags": ["&lt;b&gt;t&lt;/b&gt;"],
        "hide": ["toc"],
        "search": {"boost": 2},
    }
    # MkDocs hands over the first heading's text escaped; the theme unescapes it inside <title>.
    assert title_from_heading("指南&lt;/title&gt;&lt;script&gt;") == "指南&lt;/title&gt;&lt;script&gt;"


def test_the_editing_guide_lists_exactly_the_allow_list() -> None:
    text = (REPO / "docs" / "guide" / "case.md").read_text(encoding="utf-8")
    marker = text.index("<!-- sanitizer: allowed")
    listed = text[text.index("\n", marker) + 1 :]
    assert listed.startswith(guide_table()), (
        "docs/guide/case.md 中允许的标签表与 showcase/site/sanitizer.py 的 ALLOWED 不一致：用 guide_table() 重新生成"
    )
    for tag in ALLOWED.tags:
        assert f"`{tag}`" in listed
    for scheme in ALLOWED.url_schemes:
        assert f"`{scheme}:`" in listed


# --------------------------------------------------------------------------- SVG


def svg_shape(data: bytes) -> list[tuple[str, dict[str, str], str]]:
    """Every element of an SVG with its attributes and text: what a drawing is made of."""
    from xml.etree import ElementTree as ET

    return [(e.tag, dict(e.attrib), (e.text or "").strip()) for e in ET.fromstring(data).iter()]


def test_ordinary_logos_keep_every_element_attribute_and_text() -> None:
    """The site fixture's ten drawings (logos, a map, an illustration, as drawing programs and
    people write them) come through the sanitizer unchanged."""
    logos = sorted((FIXTURES / "site" / "brands" / "media").rglob("*.svg"))
    assert len(logos) == 10
    for logo in logos:
        assert svg_shape(sanitize_svg(logo.read_bytes())) == svg_shape(logo.read_bytes()), logo


def test_a_hostile_svg_keeps_its_drawing_and_loses_everything_active() -> None:
    clean_svg = sanitize_svg(HOSTILE_SVG.read_bytes()).decode("utf-8")
    for gone in (
        "script",
        "onload",
        "onclick",
        "onmouseover",
        "javascript",
        "foreignObject",
        "iframe",
        "evil.example",
        "<set",
        "<animate",
        "<a ",
        "@import",
        "data:",
        "xml-stylesheet",
        "DOCTYPE",
    ):
        assert gone.lower() not in clean_svg.lower(), gone
    for kept in ('<rect id="box"', "<circle", "图形文字", "<title>恶意标识</title>"):
        assert kept in clean_svg


@pytest.mark.parametrize(
    ("svg", "kept", "gone"),
    [
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/><use href="other.svg#a"/></svg>',
            ['<use href="#a"/>'],
            ["other.svg"],
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use '
                'xlink:href="#a"/><use xlink:href="  javascript:alert(1)"/></svg>'
            ),
            ['xlink:href="#a"'],
            ["javascript"],
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(#g)" stroke="url( '
                "'https://evil.example/p' )\"/></svg>"
            ),
            ['fill="url(#g)"'],
            ["evil", "stroke"],
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><style>.a{fill:url(#g)}</style><style>.b{background:u\\72l(https://evil.example/)}</style></svg>',
            [".a{fill:url(#g)}"],
            ["evil"],
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://evil.example/x.css";</style><rect '
                'style="fill:red"/></svg>'
            ),
            ['style="fill:red"'],
            ["import"],
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg"><rect '
                "style=\"background-image:image-set('https://evil.example/x.png' 1x)\"/></svg>"
            ),
            ["<rect/>"],
            ["evil"],
        ),
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg"><feImage href="https://evil.example/x.png"/><image '
                'href="#ok"/></svg>'
            ),
            ['<image href="#ok"/>'],
            ["feImage", "evil"],
        ),
        (
            '<svg><circle r="1" onload="alert(1)"/></svg>',
            ['<svg xmlns="http://www.w3.org/2000/svg"', '<circle r="1"/>'],
            ["onload"],
        ),  # no namespace: written as SVG
        (
            (
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:i="http://ns.adobe.com/x"><i:pgf>zzz</i:pgf><g '
                'i:extra="1"/></svg>'
            ),
            ["<g/>"],
            ["zzz", "extra"],
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><text>a &lt;script&gt; &amp; b</text></svg>',
            ["a &lt;script&gt; &amp; b"],
            ["<script"],
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"><text>t</text></a><text>u</text></svg>',
            ["<text>u</text>"],
            ["<a", ">t<"],
        ),
    ],
)
def test_svg_allow_list(svg: str, kept: list[str], gone: list[str]) -> None:
    result = sanitize_svg(svg.encode("utf-8")).decode("utf-8")
    for text in kept:
        assert text in result, result
    for text in gone:
        assert text not in result, result


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            (
                b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c '
                b'"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg><text>&c;</text></svg>'
            ),
            "实体声明",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
            "实体声明",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "不是合格的 XML"),
        (b"", "不是合格的 XML"),
        (b"\x89PNG\r\n\x1a\n", "不是合格的 XML"),
        (
            '<?xml version="1.0" encoding="GBK"?><svg xmlns="http://www.w3.org/2000/svg"><text>中文</text></svg>'.encode(
                "gbk"
            ),
            "UTF-8",
        ),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', "不是 SVG"),
        (b"<svg>" + b"<g>" * 3000 + b"</g>" * 3000 + b"</svg>", "嵌套层级过深"),
        (b"<svg>" + b" " * (MAX_BYTES + 1) + b"</svg>", "过大"),
    ],
)
def test_unusable_svg_is_refused_with_a_chinese_reason(data: bytes, message: str) -> None:
    with pytest.raises(SvgError, match=message):
        sanitize_svg(data)


def test_a_plain_doctype_as_drawing_programs_write_it_is_fine() -> None:
    doctype = b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
    data = (
        b'<?xml version="1.0" standalone="no"?>\n'
        + doctype
        + b'\n<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
    )
    assert b'<rect width="1" height="1"/>' in sanitize_svg(data)


def test_a_logo_that_cannot_be_read_is_a_validation_error_with_file_and_line(project: Path) -> None:
    root = project
    (root / "brands" / "media" / "logo.svg").write_bytes(
        b'<!DOCTYPE svg [<!ENTITY a "x">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    )
    _, problems = load_catalog(Layout(root))
    svg = [p for p in problems if p.code == "media-svg"]
    assert len(svg) == 1 and svg[0].severity == "error"
    court = (root / "brands/courts/demo/court.yml").read_text(encoding="utf-8").split("\n")
    assert (
        svg[0].path == "brands/courts/demo/court.yml"
        and court[svg[0].line - 1].strip() == "path: brands/media/logo.svg"
    )
    assert "实体声明" in svg[0].message and "PNG" in svg[0].hint
    assert (
        svg_problem(root / "brands" / "media" / "logo.svg") is not None
        and svg_problem(MINIMAL / "brands" / "media" / "logo.svg") is None
    )


def test_packets_read_svg_files_as_their_sanitized_rewrite(tmp_path: Path) -> None:
    shutil.copy(HOSTILE_SVG, tmp_path / "logo.svg")
    fetched = url_fetcher(tmp_path).fetch((tmp_path / "logo.svg").as_uri())
    body = fetched.read()
    assert fetched.headers.get_content_type() == "image/svg+xml" and b"script" not in body and b"<circle" in body
    with pytest.raises(ValueError, match="仓库以外"):
        url_fetcher(tmp_path / "inner").fetch((tmp_path / "logo.svg").as_uri())


# --------------------------------------------------------------------------- Content-Security-Policy

PAGE = """<!doctype html><html><head><meta charset="utf-8"><script>var theme=1</script><script src="a.js"></script>
<script id="__config" type="application/json">{"x":1}</script></head>
<body><article>{content}</article><script>var after=2</script></body></html>"""


def test_the_policy_allows_the_themes_inline_scripts_but_not_those_in_the_content() -> None:
    content = "<p>x</p><script>alert(1)</script>"
    page = csp.add_policy(PAGE.replace("{content}", content), content)
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy and page.index(policy.group(0)) == page.index('<meta charset="utf-8">') + len(
        '<meta charset="utf-8">'
    )
    allowed = set(re.findall(r"'sha256-[^']+'", policy.group(1)))
    assert allowed == {csp.script_hash("var theme=1"), csp.script_hash("var after=2")}
    assert csp.script_hash("alert(1)") not in allowed and csp.script_hash('{"x":1}') not in allowed
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"):
        assert directive in policy.group(1)
    assert "unsafe-inline" not in policy.group(1).split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors" not in policy.group(1)  # ignored in <meta>; a web server header's job


def test_a_page_we_generate_with_its_own_script_may_run_it() -> None:
    content = "<table></table><script>sortable()</script>"
    page = csp.add_policy(PAGE.replace("{content}", content), content, trust_content=True)
    assert csp.script_hash("sortable()") in page
