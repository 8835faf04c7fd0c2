"""Repairs to the theme's own markup that the HTML validator and axe-core reject.

Material for MkDocs 9.6 to 9.8 writes a few attributes the HTML standard does not allow; each repair
below names what the Nu Html Checker (vnu) or axe says and why removing or adding one
attribute is safe. They touch only the theme's chrome (header, navigation, search), never
page content, and each is a no-op when the pattern is absent, so a theme update that fixes
the markup itself simply makes them do nothing. tests/browser checks the result.
"""

from __future__ import annotations

import re

# <label … tabindex=""> on navigation sections: "Bad value '' for attribute tabindex". Material
# means "not focusable by Tab", which is what a label without tabindex is.
EMPTY_TABINDEX = ' tabindex=""'

# <input type="checkbox" … autocomplete="off"> for the drawer and search toggles: autocomplete
# is not allowed on checkboxes. Material adds it so Firefox does not restore an open drawer
# after a reload; without it the worst case is a drawer that reopens, so validity wins.
CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')

# <label for="__toc"> in the table of contents, when the page has no matching checkbox (pages
# outside the navigation tree): "for must be the ID of a non-hidden form control".
LABEL_FOR = re.compile(r'(<label\b[^>]*?)\s+for="([^"]+)"')
THEME_IDS = re.compile(r'id="(__[^"]*)"')  # the theme's form controls: __drawer, __search, __nav_2, __toc

# <div class="md-search" role="dialog"> has no accessible name (axe: aria-dialog-name, serious).
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'


# <button type="reset" class="md-search__icon" title="清空当前内容">: with content.tooltips Material turns
# the title into a tooltip. On a phone the reset button appears exactly where the finger just
# tapped the magnifier, so the tooltip opens at once and covers the results header. The button
# keeps its aria-label, which is what a screen reader announces.
RESET_TITLE = re.compile(r'(<button type="reset" class="md-search__icon md-icon") title="[^"]*"')


# Everything repaired sits in the chrome before the page content; the content is left alone
# (and not scanned: it is most of a large page's bytes).
CONTENT_START = '<div class="md-content"'


def repair_theme_markup(html: str) -> str:
    split = html.find(CONTENT_START)
    if split < 0:
        return _repair(html)
    return _repair(html[:split]) + html[split:]


def _repair(html: str) -> str:
    html = html.replace(EMPTY_TABINDEX, "")
    html = CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    ids = set(THEME_IDS.findall(html))
    html = LABEL_FOR.sub(lambda m: m.group(0) if m.group(2) in ids else m.group(1), html)
    html = RESET_TITLE.sub(r"\1", html)
    return html.replace(SEARCH_DIALOG, SEARCH_DIALOG_NAMED)
