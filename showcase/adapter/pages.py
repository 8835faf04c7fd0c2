"""Each page on its way through MkDocs (on_page_markdown … on_post_page).

Pages we generate carry YAML text already escaped by Jinja; they only get a banner in `serve`.
Pages from docs/ are written by authors: case write-ups get our header and footer, every such
page is marked where the author's Markdown starts and sanitized after rendering (only the
allow-list of showcase/site/sanitizer.py survives), and its front matter is escaped or dropped.
Served builds then get a Content-Security-Policy, the theme's markup repairs and our search worker.
"""

from __future__ import annotations

import logging
from html import escape, unescape

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from showcase import tracking
from showcase.adapter.session import State
from showcase.audience import PUBLIC
from showcase.core.placeholders import without_body_placeholders
from showcase.editing import EditLink, Locator, footer
from showcase.search import use_our_worker
from showcase.site import print_style, render
from showcase.site.conformance import repair_theme_markup
from showcase.site.csp import add_policy
from showcase.site.html import lazy_images
from showcase.site.sanitizer import clean_marked, clean_meta, clean_toc, mark, title_from_heading

log = logging.getLogger("mkdocs.hooks.showcase")
OWN_SCRIPT_PAGES = frozenset({tracking.DASHBOARD_SRC})  # generated pages whose content carries our own inline script


def decorate(markdown: str, page: Page, state: State) -> str:
    """Banners, case headers and the author's mark, before Markdown is rendered."""
    link = edit_link(page, state)
    if link is not None and link.url:
        page.edit_url = link.url  # Material's edit button (theme feature content.action.edit)
    if page.file.generated_by:  # our generated pages: YAML text is already escaped by Jinja
        banner = _banner_for(page, state)
        return banner + markdown if banner else markdown
    decoration = state.site.cases.get(page.file.src_uri) if state.site else None
    if decoration is None:
        # Front matter is written raw into the theme's markup: only escaped title, tags, hide, search.
        dropped = clean_meta(page.meta)
        if dropped:
            log.info(f"docs/{page.file.src_uri}：文件头中的 {'、'.join(dropped)} 网站不使用，已忽略")
        return mark(markdown, state.token, _banner_for(page, state))
    page.meta["title"] = escape(decoration.title)  # author text the theme renders raw: escaped
    page.meta["tags"] = [escape(tag) for tag in dict.fromkeys(decoration.tags)]
    # A template's 待填写 paragraphs are never shown (validate warns about them).
    return mark(without_body_placeholders(markdown), state.token, decoration.header)


def sanitize(html: str, page: Page, state: State) -> str:
    """After rendering: the author's HTML through the allow-list; every image lazy-loaded."""
    if not page.file.generated_by:
        decoration = state.site.cases.get(page.file.src_uri) if state.site else None
        html, marked = clean_marked(html, state.token, decoration.footer if decoration else "")
        if decoration and not marked:
            log.warning(f"docs/{page.file.src_uri}：页面结构异常，已按作者内容整体清理")
        clean_toc(page.toc)  # the theme writes heading ids and titles unescaped into its sidebar
        if "title" not in page.meta and page.title:
            page.meta["title"] = title_from_heading(page.title)
    link = edit_link(page, state)
    return lazy_images(html) + (footer(link) if link is not None else "")


def edit_link(page: Page, state: State) -> EditLink | None:
    return edit_link_of(page.file, state)


def edit_link_of(file: File, state: State) -> EditLink | None:
    """Where the page comes from and who maintains it (showcase/editing/links.py); None for a
    public build unless extra.showcase.edit.public says otherwise, and for the tracking dashboard."""
    if state.audience == PUBLIC and not state.settings.edit.public:
        return None
    src_uri = file.src_uri
    if src_uri in state.edit_links:
        return state.edit_links[src_uri]
    if src_uri in OWN_SCRIPT_PAGES or src_uri == tracking.STYLESHEET_SRC:
        return None
    if state.locator is None:  # once per build: it indexes every case (a national site has 30,000)
        state.locator = Locator(state.catalog, state.settings.edit, state.docs_prefix)
    locator = state.locator
    if not state.edit_links and state.site:  # once per build: every generated page at one go
        for made in state.site.pages:
            state.edit_links[made.src_uri] = locator.generated(made.kind, made.entity, made.sources)
    if src_uri not in state.edit_links:
        state.edit_links[src_uri] = locator.generated("", None, ()) if file.generated_by else locator.written(src_uri)
    return state.edit_links[src_uri]


def finish_page(output: str, page: Page, state: State) -> str:
    """The finished HTML: our search worker, the theme's markup repaired for the HTML validator
    and axe, and last of all the policy, whose hashes must match the final text."""
    output = repair_theme_markup(use_our_worker(output))
    if state.identity is not None:  # the running header and footer of the printed page
        output = output.replace("</head>", print_style(state.identity, unescape(page.title or "")) + "</head>", 1)
    if not _wants_policy(state):
        return output
    return add_policy(output, page.content, trust_content=page.file.src_uri in OWN_SCRIPT_PAGES)


def finish_template(output: str, template_name: str, state: State) -> str:
    """The theme's own pages (404.html, sitemap.xml): the same, without author content."""
    output = repair_theme_markup(use_our_worker(output))
    if not _wants_policy(state) or not template_name.endswith(".html"):
        return output
    return add_policy(output)


def _wants_policy(state: State) -> bool:
    """A Content-Security-Policy for the site a web server serves; not for the offline copy
    (file:// pages, see showcase/site/csp.py) nor for `mkdocs serve`, whose reload script is
    injected inline with a new timestamp on every request, so no hash could allow it."""
    return not state.offline and state.command != "serve"


def _banner_for(page: Page, state: State) -> str:
    """Serve mode: a hand-written page (e.g. a case that failed validation) gets its errors on top."""
    if not state.problems:
        return ""
    display = f"{state.docs_prefix}/{page.file.src_uri}"
    mine = [p for p in state.problems if p.path == display]
    return render("banner.html.j2", problems=sorted(mine)) + "\n\n" if mine else ""
