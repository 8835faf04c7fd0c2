"""SVG files made safe to serve: an allow-list of static drawing elements and attributes.

An SVG opened by its URL is a document: `<script>`, `onload=`, `<foreignObject>` with HTML,
`<a href="javascript:…">`, `<set attributeName="href">` or an `<?xml-stylesheet?>` would run
or load whatever they like. Every SVG the site, the offline copy or a packet uses goes through
`sanitize_svg()` first:

- parsed with defusedxml: entity declarations ("billion laughs", external entities) are
  refused (SvgError), as is anything that is not well-formed XML or has no <svg> root; a plain
  <!DOCTYPE svg PUBLIC …> as drawing programs write it is read (never fetched) and dropped;
- only the elements in ELEMENTS survive (with their text), in the SVG namespace; others are
  dropped with everything inside them — script, foreignObject, a, animate/set, iframe …;
- only the attributes in ATTRIBUTES survive: no event handlers; `href`/`xlink:href` only to
  `#fragments`; a value or a style with `url(` only when every url() is a `#fragment`;
  styles (attribute or <style>) also lose @import, image-set(), escapes and the like;
- comments, processing instructions and the XML declaration are not copied;
- the result is written afresh, so nothing of the original bytes passes through unparsed.

`svg_problem(path)` is the loader's check: a Chinese reason when the file cannot be used.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_BYTES = 5 * 1024 * 1024  # a logo or drawing; larger files are refused rather than parsed

ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "symbol", "use", "title", "desc", "style",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker", "image",
        "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feDropShadow",
        "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge",
        "feMergeNode", "feMorphology", "feOffset", "feTurbulence",
    }
)  # fmt: skip

ATTRIBUTES = frozenset(
    {
        # structure and accessibility
        "id", "class", "style", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden",
        "focusable", "lang", "version", "viewBox", "preserveAspectRatio", "transform", "width", "height",
        "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "d", "points", "pathLength",
        # painting
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
        "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "color",
        "display", "visibility", "overflow", "clip-path", "clip-rule", "mask", "filter", "paint-order",
        "vector-effect", "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
        "color-interpolation-filters", "mix-blend-mode", "isolation",
        "marker-start", "marker-mid", "marker-end", "markerWidth", "markerHeight", "markerUnits", "refX", "refY",
        "orient",
        # text
        "font-family", "font-size", "font-weight", "font-style", "font-variant", "font-stretch", "text-anchor",
        "text-decoration", "dominant-baseline", "alignment-baseline", "baseline-shift", "letter-spacing",
        "word-spacing", "writing-mode", "direction", "unicode-bidi", "dx", "dy", "rotate", "textLength",
        "lengthAdjust", "startOffset", "method", "spacing", "side",
        # gradients, patterns, clipping, masks
        "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
        "patternUnits", "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits", "maskContentUnits",
        # filters
        "filterUnits", "primitiveUnits", "in", "in2", "result", "stdDeviation", "mode", "type", "values",
        "operator", "k1", "k2", "k3", "k4", "flood-color", "flood-opacity", "radius", "tableValues", "slope",
        "intercept", "amplitude", "exponent", "baseFrequency", "numOctaves", "seed", "stitchTiles", "edgeMode",
        # links inside the file (checked: #fragments only)
        "href", f"{{{XLINK_NS}}}href", f"{{{XML_NS}}}space", f"{{{XML_NS}}}lang",
    }
)  # fmt: skip

LINKS = frozenset({"href", f"{{{XLINK_NS}}}href"})
URL = re.compile(r"url\s*\(\s*(['\"]?)\s*([^)'\"]*)", re.IGNORECASE)
# CSS that can load or hide a URL without url(#…): imports, fonts, image-set(), escapes (u\72l), …
UNSAFE_CSS = re.compile(
    r"@import|@font-face|@namespace|image-set|src\s*\(|expression|behavior|binding|javascript|\\|<|&", re.IGNORECASE
)


class SvgError(ValueError):
    """The file cannot be used as SVG; the message is Chinese, for the user."""


def _local(name: str, tag: bool = False) -> str | None:
    """The local name of an element (SVG or no namespace) or attribute; None for other namespaces."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        if tag:
            return local if namespace == SVG_NS else None
        return name if namespace in (XLINK_NS, XML_NS) else None
    return name


def _urls_are_fragments(value: str) -> bool:
    return all(match.group(2).strip().startswith("#") for match in URL.finditer(value))


def _safe_css(value: str) -> bool:
    return not UNSAFE_CSS.search(value) and _urls_are_fragments(value)


def _attribute_ok(name: str, value: str) -> bool:
    if name in LINKS:
        return value.strip().startswith("#")
    if name == "style":
        return _safe_css(value)
    return "url(" not in value.lower().replace(" ", "") or _urls_are_fragments(value)


def _write(element: Element, out: list[str], root: bool = False) -> None:
    local = _local(element.tag, tag=True) if isinstance(element.tag, str) else None
    if local is None or local not in ELEMENTS:
        return  # with everything inside it
    attributes = []
    for name, value in element.attrib.items():
        key = _local(name)
        if key is None or key not in ATTRIBUTES or not _attribute_ok(key, value):
            continue
        shown = key.replace(f"{{{XLINK_NS}}}", "xlink:").replace(f"{{{XML_NS}}}", "xml:")
        attributes.append(f" {shown}={quoteattr(value)}")
    if root:
        attributes.insert(0, f' xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"')
    text = element.text or ""
    if local == "style" and not _safe_css(text):
        text = ""
    inner: list[str] = [escape(text)]
    if local != "style":
        for child in element:
            _write(child, inner)
            inner.append(escape(child.tail or ""))
    body = "".join(inner)
    out.append(f"<{local}{''.join(attributes)}>{body}</{local}>" if body else f"<{local}{''.join(attributes)}/>")


def sanitize_svg(data: bytes) -> bytes:
    """The SVG rewritten from its allow-listed parts; SvgError when it cannot be parsed safely."""
    if len(data) > MAX_BYTES:
        raise SvgError(f"SVG 文件过大（{len(data) / 1024 / 1024:.1f} MB，上限 {MAX_BYTES // 1024 // 1024} MB）")
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SvgError(
            "SVG 文件含有实体声明（<!ENTITY …>，可能是“实体炸弹”或读取外部文件），为安全起见不予使用"
        ) from None
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else 0
        raise SvgError(f"SVG 文件不是合格的 XML，无法读取（文件第 {line} 行附近）") from None
    except ValueError:  # e.g. encoding="GBK": the XML parser reads UTF-8/UTF-16 and single-byte codes only
        raise SvgError("SVG 文件的编码无法读取，请另存为 UTF-8 编码") from None
    except RecursionError:
        raise SvgError("SVG 文件的元素嵌套层级过深，无法使用") from None
    if _local(root.tag, tag=True) != "svg":
        raise SvgError("文件不是 SVG 图形（最外层不是 <svg> 元素）")
    out: list[str] = []
    try:
        _write(root, out, root=True)
    except RecursionError:
        raise SvgError("SVG 文件的元素嵌套层级过深，无法使用") from None
    return ("".join(out) + "\n").encode("utf-8")


def svg_problem(path: Path) -> str | None:
    """Why an SVG file cannot be used, in Chinese; None when it can (after sanitizing)."""
    try:
        if path.stat().st_size > MAX_BYTES:  # refused before reading it
            return f"SVG 文件过大（上限 {MAX_BYTES // 1024 // 1024} MB）"
        sanitize_svg(path.read_bytes())
    except SvgError as error:
        return str(error)
    except OSError as error:
        return f"无法读取文件（{error.strerror or error}）"
    return None
