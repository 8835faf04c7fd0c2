"""SVG to PNG for the Word document, which cannot be relied on to show SVG.

There is no SVG rasteriser among the pinned Python packages, so this reuses what the packet
already depends on: WeasyPrint lays every SVG out on a page of exactly its size (one PDF for
all of them) and poppler's `pdftoppm` — required for the PDF checks anyway — turns the pages
into PNGs in one call. The fonts are the ones the PDF uses, so charts look the same in both.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import weasyprint
from markupsafe import Markup

PX_PER_MM = 96 / 25.4
UNITS_MM = {"": 1 / PX_PER_MM, "px": 1 / PX_PER_MM, "mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6}
LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|mm|cm|in|pt|pc)?\s*$")
DPI = 200


class RasterError(RuntimeError):
    pass


@dataclass(frozen=True)
class Raster:
    png: bytes
    width_mm: float
    height_mm: float


def _length_mm(value: str | None) -> float | None:
    match = LENGTH.match(value or "")
    return float(match.group(1)) * UNITS_MM[match.group(2) or ""] if match else None


def svg_size_mm(svg: str) -> tuple[float, float]:
    """Intrinsic size from width/height, else from the viewBox in CSS pixels."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError:
        return (100.0, 60.0)
    width, height = _length_mm(root.get("width")), _length_mm(root.get("height"))
    box = [float(n) for n in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if n] if root.get("viewBox") else []
    if width and height:
        return width, height
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width:
            return width, width * ratio
        return box[2] / PX_PER_MM, box[3] / PX_PER_MM
    return (100.0, 60.0)


def rasterize(items: dict[str, Markup | Path], fetcher: Any, base_url: str) -> dict[str, Raster]:
    """PNG for each SVG, keyed like the input: inline chart markup, or an SVG file in the repo."""
    if not items:
        return {}
    if not shutil.which("pdftoppm"):
        raise RasterError("找不到 pdftoppm，无法把 SVG 图片转成 Word 可用的 PNG（请安装 Debian 软件包 poppler-utils）")
    keys = list(items)
    sizes = []
    for key in keys:
        item = items[key]
        sizes.append(
            svg_size_mm(item.read_text(encoding="utf-8", errors="replace") if isinstance(item, Path) else str(item))
        )
    css = [
        "@page { margin: 0 }",
        "body { margin: 0 }",
        "div { overflow: hidden }",
        "div svg, div img { width: 100%; height: 100%; display: block }",
    ]
    pages = []
    for index, (key, (width, height)) in enumerate(zip(keys, sizes, strict=True)):
        css.append(f"@page p{index} {{ size: {width:.3f}mm {height:.3f}mm }}")
        item = items[key]
        # Charts are the packet's own escaped markup; files go through <img> and the URL fetcher.
        inner = Markup('<img src="{}" alt="">').format(item.resolve().as_uri()) if isinstance(item, Path) else item
        pages.append(
            Markup('<div style="page: p{0}; width: {1:.3f}mm; height: {2:.3f}mm">{3}</div>').format(
                index, width, height, inner
            )
        )
    html = Markup(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><style>{}</style></head><body>{}</body></html>"
    ).format(Markup("\n".join(css)), Markup("").join(pages))
    with tempfile.TemporaryDirectory(prefix="packet-raster-") as folder:
        pdf = Path(folder) / "svg.pdf"
        weasyprint.HTML(string=str(html), base_url=base_url, url_fetcher=fetcher).write_pdf(pdf)
        result = subprocess.run(
            ["pdftoppm", "-png", "-r", str(DPI), str(pdf), str(Path(folder) / "p")],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RasterError(f"pdftoppm 转换失败：{result.stderr.strip()}")
        pngs = sorted(Path(folder).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if len(pngs) != len(keys):
            raise RasterError(f"SVG 转 PNG 的页数不符（{len(pngs)} ≠ {len(keys)}）")
        return {
            key: Raster(png.read_bytes(), width, height)
            for key, png, (width, height) in zip(keys, pngs, sizes, strict=True)
        }
