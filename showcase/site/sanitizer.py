"""The allow-list every author-written page passes after Markdown has rendered it.

Case write-ups (docs/cases/), ranking pages (docs/packets/) and the other hand-written pages
are Markdown with attribute lists and raw HTML switched on, so an author can type `<script>`,
`onerror=`, `{: onclick=… }` or a `javascript:` link. After rendering, that HTML goes through
nh3 (the Python binding of Ammonia, an html5ever-based sanitizer): only the tags, attributes
and URL schemes in ALLOWED survive. The same definition produces the table in the editing
guide (docs/guide/case.md), so the guide and the code cannot disagree.

Our own decorations (the case header card and footer, the serve-mode error banner) must
survive unchanged, so they never pass the sanitizer: `mark()` puts the header before a
paragraph holding a per-build random token and the author's Markdown after it; `clean_marked()`
keeps everything before the token as it is, sanitizes everything after it (the author's part
is always the end of the document) and appends the footer, which never went through Markdown.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field
from functools import cache
from html import escape
from typing import Any, Protocol

import nh3


@dataclass(frozen=True)
class AllowList:
    """Tags by group (the guide's rows), attributes per tag ("*": every allowed tag), URL schemes."""

    groups: tuple[tuple[str, tuple[str, ...]], ...]
    attributes: dict[str, tuple[str, ...]]
    url_schemes: tuple[str, ...]
    style_properties: tuple[str, ...]  # the only CSS left in a style attribute
    notes: dict[str, str] = field(default_factory=dict)  # attribute → Chinese explanation for the guide

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(tag for _, tags in self.groups for tag in tags)


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

ALLOWED = AllowList(
    groups=(
        ("标题", HEADINGS),
        ("段落与分隔", ("p", "br", "hr", "blockquote", "div")),
        ("文字样式", ("strong", "b", "em", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small", "abbr", "kbd", "q", "cite", "span")),
        ("代码", ("code", "pre")),
        ("列表", ("ul", "ol", "li", "dl", "dt", "dd")),
        ("表格", ("table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td")),
        ("链接与图片", ("a", "img", "figure", "figcaption")),
        ("折叠内容", ("details", "summary")),
    ),
    attributes={
        "*": ("class", "title", "lang"),
        "a": ("href",),
        "img": ("src", "alt", "width", "height"),
        **{h: ("id",) for h in HEADINGS},
        "ol": ("start", "type"),
        "li": ("value",),
        "th": ("style", "colspan", "rowspan", "scope"),
        "td": ("style", "colspan", "rowspan"),
        "col": ("span",),
        "colgroup": ("span",),
        "details": ("open",),
    },
    url_schemes=("http", "https", "mailto"),
    style_properties=("text-align",),
    notes={
        "class": "以 `md-` 或 `sc-` 开头的类名被去掉（网站主题和页面卡片自用）",
        "id": "只用于标题（目录自动生成，也可用 `{: #名称 }` 指定）；字母、汉字、数字、`-`、`_`、`.` 以外的字符换成 `-`，以 `_` 开头的前面加 `h`（`_` 开头的名称是网站主题自用的）",
        "href": "相对路径、`#锚点`，或以 {schemes} 开头的地址；其他协议（如 `javascript:`、`data:`、`vbscript:`）的链接只保留文字，地址被去掉",
        "src": "只能是相对路径（如 `../../../brands/media/guiping/x.png`）；网络地址、`data:` 和以 `/` 开头的路径被去掉",
        "style": "只保留表格的对齐方式 `text-align`（Markdown 表格的 `:---:` 写法生成）",
    },
)

RESERVED_CLASS = re.compile(r"^(md|sc)-", re.IGNORECASE)  # theme internals and our own cards
ANY_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
NOT_IN_ID = re.compile(r"[^\w.-]")  # \w is Unicode: CJK headings keep their ids


def safe_id(value: str) -> str | None:
    """A heading id that is safe in the theme's own markup, or None.

    The theme writes each heading id unescaped into its table of contents (`href="#…"`), so a
    quote in `{: id='x" onmouseover=…' }` would become an attribute there; and an id starting
    with `_` would shadow Material's own elements (__config, __search, __drawer, __nav_1 …).
    The same function renames the ids in the page and in its table of contents (clean_toc)."""
    cleaned = NOT_IN_ID.sub("-", value.strip())
    if not cleaned.strip("-"):
        return None
    return "h" + cleaned if cleaned.startswith("_") else cleaned


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Rules the allow-list cannot express; None drops the attribute. Runs after nh3's own checks."""
    if attribute == "class":
        kept = [name for name in value.split() if not RESERVED_CLASS.match(name)]
        return " ".join(kept) or None
    if attribute == "id":
        return safe_id(value)
    if attribute == "src":
        # Images come from the site itself; `//host/x` is another host, `/x` breaks the offline copy.
        stripped = value.strip()
        return None if stripped.startswith(("/", "\\")) or ANY_SCHEME.match(stripped) else value
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    tags = ALLOWED.tags
    attributes = {tag: set(names) for tag, names in ALLOWED.attributes.items()}
    return nh3.Cleaner(
        tags=set(tags),
        attributes=attributes,
        attribute_filter=_filter,
        url_schemes=set(ALLOWED.url_schemes),
        filter_style_properties=set(ALLOWED.style_properties),
        link_rel=None,  # no target= is allowed, so rel=noopener would only change every link
        strip_comments=True,
    )


def clean(html: str) -> str:
    """Sanitize an HTML fragment written by an author (after Markdown)."""
    return _cleaner().clean(html)


@cache
def _text_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(tags=set(), attributes={}, link_rel=None)


def clean_text(html: str) -> str:
    """HTML text without any tag, still escaped: for titles the theme writes unescaped."""
    return _text_cleaner().clean(html)


class TocItem(Protocol):  # mkdocs.structure.toc.AnchorLink, without importing MkDocs
    id: str
    title: str
    children: Any


def clean_toc(items: Iterable[TocItem]) -> None:
    """Make the page's table of contents agree with its sanitized headings (ids) and stay text."""
    for item in items:
        item.id = safe_id(item.id) or "h"
        item.title = clean_text(item.title)
        clean_toc(item.children)


PAGE_META = ("title", "tags", "hide", "search")  # what a hand-written page's front matter may set


def clean_meta(meta: MutableMapping[str, Any]) -> list[str]:
    """Front matter of a hand-written page, which the theme writes unescaped into the page.

    Keys other than PAGE_META (description, author, meta, icon, status …) are dropped and
    returned; title and tags are escaped."""
    dropped = [key for key in meta if key not in PAGE_META]
    for key in dropped:
        del meta[key]
    if "title" in meta:
        meta["title"] = escape(str(meta["title"]))
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [escape(str(tag)) for tag in meta["tags"]]
    elif "tags" in meta:
        del meta["tags"]
    return dropped


def title_from_heading(title: str) -> str:
    """The title MkDocs took from a page's first `# 标题` (escaped text), for its front matter.

    The theme strips tags from that title *and unescapes it* inside <title>, so `&lt;/title&gt;`
    would close the element there; a front-matter title is written as it is."""
    return clean_text(title)


# --------------------------------------------------------------------------- our decorations around the author's part


def new_token() -> str:
    """A per-build secret: an author cannot write it, so cannot move the border of the sanitized part."""
    return "scauthor" + secrets.token_hex(16)


def mark(markdown: str, token: str, header: str = "") -> str:
    """The page source for Markdown: our header, the token paragraph, then the author's text.

    Without a header the page is the author's alone and is left as it is: MkDocs takes the
    title of a page without one in its front matter from a leading `# 标题`, and a token
    paragraph in front of it would hide that heading."""
    return f"{header}\n\n{token}\n\n{markdown}\n" if header else markdown


def clean_marked(html: str, token: str, footer: str = "") -> tuple[str, bool]:
    """(page HTML, whether the token was found). Everything after the token is sanitized.

    The token paragraph sits between blank lines after our own raw HTML, so Markdown renders it
    as `<p>token</p>`. Without it (a page without header, or a header Markdown did not keep
    apart — which it always should) the whole page is sanitized: losing our decoration is
    better than trusting the author's HTML."""
    marker = f"<p>{token}</p>"
    at = html.find(marker)
    if at < 0:
        return clean(html.replace(token, "")) + ("\n" + footer if footer else ""), False
    ours, theirs = html[:at], html[at + len(marker) :]
    return ours + clean(theirs) + ("\n" + footer if footer else ""), True


# --------------------------------------------------------------------------- the guide's table


def guide_table() -> str:
    """The Markdown table of docs/guide/case.md (tests/test_sanitizer.py checks they agree)."""
    lines = ["| 内容 | 允许的标签 | 标签各自允许的属性 |", "|---|---|---|"]
    for label, tags in ALLOWED.groups:
        by_names: dict[tuple[str, ...], list[str]] = {}
        for tag in tags:
            if ALLOWED.attributes.get(tag):
                by_names.setdefault(ALLOWED.attributes[tag], []).append(tag)
        specific = ["、".join(f"`{t}`" for t in owners) + "：" + "、".join(f"`{n}`" for n in names) for names, owners in by_names.items()]
        lines.append(f"| {label} | {'、'.join(f'`{t}`' for t in tags)} | {'；'.join(specific) or '—'} |")
    lines.append(f"| 以上所有标签 | — | {'、'.join(f'`{a}`' for a in ALLOWED.attributes['*'])} |")
    lines += ["", "属性的限制：", ""]
    schemes = "、".join(f"`{scheme}:`" for scheme in ALLOWED.url_schemes)
    lines += [f"- `{name}`：{note.replace('{schemes}', schemes)}" for name, note in ALLOWED.notes.items()]
    return "\n".join(lines) + "\n"
