"""Content-Security-Policy for the served site: defence in depth behind the sanitizer.

Every page gets a `<meta http-equiv="Content-Security-Policy">` as the first element after
`<meta charset>` (a policy only governs what follows it). Scripts may come from the site
itself; the theme's few inline scripts are allowed by their sha256 hashes, computed per page
from the final HTML. Inline scripts inside the page content are never hashed — except on pages
that we generate with a script of our own (the tracking dashboard) — so a `<script>` that got
past the sanitizer still does not run, nor do `on…=` attributes or `javascript:` URLs, which
no hash can allow.

- `style-src 'unsafe-inline'`: our cards and charts use style attributes, and CSS alone cannot
  run script; what CSS could load (images, fonts) stays limited to the site by img-src/font-src.
- `img-src data:`: the theme draws its icons as data: SVG masks in its stylesheet.
- `frame-ancestors` cannot be set in a <meta> policy (browsers ignore it there and say so in
  the console); to forbid framing, the web server must send it as an HTTP header
  (`Content-Security-Policy: frame-ancestors 'self'`).
- `mkdocs serve` (the editors' preview) gets none: its reload script is injected inline with
  a new timestamp in every response, which no hash can allow.
- The offline copy (file://) gets no policy: pages opened from disk have an opaque origin, so
  'self' does not reliably match the files next to them, and its search shim writes an inline
  script into an iframe that would inherit the policy. The sanitizer protects that copy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

INLINE_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
JAVASCRIPT_TYPES = ("", "text/javascript", "application/javascript", "module")
CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)

POLICY = (
    "default-src 'self'",
    "script-src 'self'{hashes}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_scripts(html: str) -> list[str]:
    """The bodies of the executable inline scripts (not src=, not JSON data blocks)."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        attrs = match.group("attrs")
        kind = TYPE.search(attrs)
        if SRC.search(attrs) or (kind and kind.group(1).lower() not in JAVASCRIPT_TYPES):
            continue
        found.append(match.group("body"))
    return found


def policy(hashes: Iterable[str]) -> str:
    joined = "".join(f" {h}" for h in dict.fromkeys(hashes))
    return "; ".join(POLICY).replace("{hashes}", joined)


def add_policy(html: str, content: str | None = None, *, trust_content: bool = False) -> str:
    """The page with its policy. `content` is the page body as the theme inserted it: scripts in
    it are not allowed unless `trust_content` (a page we generate with its own script)."""
    outside = html
    if content and not trust_content:
        at = html.find(content)
        # Not found would mean the body was changed after rendering; then nothing is trusted but the head.
        outside = html[:at] + html[at + len(content) :] if at >= 0 else html[: html.find("</head>") + 1]
    hashes = [script_hash(body) for body in inline_scripts(outside)]
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">'
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        return meta + html
    return html[: anchor.end()] + meta + html[anchor.end() :]
