"""One packet build: everything is written to a temporary folder beside the target and moved
into place only when every file is complete, so an error never leaves half a packet behind.

The build time is SOURCE_DATE_EPOCH when set (reproducible builds), else the clock; it is the
only time that goes into the outputs, so two builds of the same sources at the same
SOURCE_DATE_EPOCH are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from showcase.core.catalog import Catalog
from showcase.core.problems import ValidationFailed, display_path
from showcase.core.settings import SOURCE_DATE_EPOCH_ENV, environment
from showcase.packets import layout, office
from showcase.packets.archive import write_zip
from showcase.packets.content import PacketContent, build_content
from showcase.packets.pdf import render_pdf, url_fetcher
from showcase.packets.raster import rasterize
from showcase.packets.scoresheet import SheetCase, write_scoresheet
from showcase.packets.spec import LoadedSpec
from showcase.packets.word import render_docx, svg_items

MANIFEST_FORMAT = "showcase-packet/1"
DEFAULT_OUT = "build/packets"
PDF_NAME, DOCX_NAME, SHEET_NAME, MANIFEST_NAME, SHEETS_DIR = (
    "packet.pdf",
    "packet.docx",
    "scoresheet.xlsx",
    "manifest.json",
    "scoresheets",
)


class PacketError(RuntimeError):
    """A build refused for a reason the user can fix; the message is Chinese."""


@dataclass
class BuildResult:
    out: Path
    archive: Path
    pages: int
    front_pages: int
    seconds: float
    files: list[Path]
    warnings: list[str] = field(default_factory=list)


def build_time() -> tuple[dt.datetime, str]:
    epoch = environment().source_date_epoch
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC), SOURCE_DATE_EPOCH_ENV
        except ValueError:
            raise PacketError(f"环境变量 {SOURCE_DATE_EPOCH_ENV} 应为整数秒数，现为“{epoch}”") from None
    return dt.datetime.now(dt.UTC).replace(microsecond=0), "clock"


def default_out(root: Path, name: str) -> Path:
    return root / DEFAULT_OUT / name


def check_out(out: Path, root: Path) -> None:
    """Refuse folders that are not ours to replace: the project, its parents, or someone's data."""
    out = out.resolve()
    root = root.resolve()
    if out == root or root.is_relative_to(out):
        raise PacketError(f"输出目录 {out} 包含整个项目，不能用作材料包目录")
    for protected in ("brands", "docs", "packets", "showcase", "tests", ".git"):
        if out.is_relative_to(root / protected):
            raise PacketError(f"输出目录不能放在 {protected}/ 之下")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST_NAME).is_file())):
        raise PacketError(f"输出目录 {out} 已存在且不是材料包目录，为免误删没有覆盖；请换一个 --out 目录")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in ("weasyprint", "python-docx", "openpyxl", "Markdown", "Jinja2"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def _sources(content: PacketContent, catalog: Catalog) -> list[Path]:
    """Every file the packet was made from: spec, cases, images, brands, courts, registry, campaign."""
    files = set(content.sources)
    for view in content.cases:
        for key in (("brand", view.brand.id), ("court", view.court.id)):
            document = catalog.documents.get(key)
            if document is not None:
                files.add(document.path)
    campaign = catalog.documents.get(("campaign", content.spec.spec.campaign))
    if campaign is not None:
        files.add(campaign.path)
    registry = catalog.root / "brands" / "metrics.yml"
    if registry.is_file():
        files.add(registry)
    return sorted(files)


def _manifest(
    content: PacketContent, catalog: Catalog, out_files: list[Path], folder: Path, pdf: Any, moment_source: str
) -> dict[str, Any]:
    loaded = content.spec
    root = catalog.root
    return {
        "format": MANIFEST_FORMAT,
        "packet": loaded.name,
        "title": loaded.spec.title,
        "campaign": {"id": loaded.spec.campaign, "name": loaded.campaign_name},
        "build_time": content.build_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "build_time_source": moment_source,
        "spec": {"path": loaded.display, "sha256": loaded.sha256, "content": loaded.spec.model_dump(mode="json")},
        "criteria": [
            {"key": c.key, "label": c.label, "weight": str(c.weight), "range": [str(c.low), str(c.high)]}
            for c in loaded.criteria
        ],
        "reviewers": list(loaded.spec.reviewers),
        "cases": [
            {
                "number": view.number,
                "id": view.case.id,
                "title": view.case.meta.title,
                "court": view.court.id,
                "brand": view.brand.id,
                "source": display_path(view.case.source, root),
                "sha256": _sha256(view.case.source),
                "page": pdf.case_pages.get(view.anchor),
            }
            for view in content.cases
        ],
        "sources": [{"path": display_path(path, root), "sha256": _sha256(path)} for path in _sources(content, catalog)],
        "outputs": [
            {"path": path.relative_to(folder).as_posix(), "bytes": path.stat().st_size, "sha256": _sha256(path)}
            for path in out_files
        ],
        "pdf": {"pages": pdf.pages, "front_pages": pdf.front_pages, "fonts": content.fonts.used},
        "generator": _versions(),
    }


def build_packet(loaded: LoadedSpec, catalog: Catalog, out: Path) -> BuildResult:
    started = time.monotonic()
    root = catalog.root
    check_out(out, root)
    warnings = layout.check_fonts()
    moment, moment_source = build_time()
    content = build_content(loaded, catalog, moment)
    warnings += content.fonts.warnings()
    if any(p.severity == "error" for p in content.problems):
        raise ValidationFailed(content.problems)

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(temporary, ignore_errors=True)
    try:
        temporary.mkdir()
        pdf = render_pdf(content, temporary / PDF_NAME)
        rasters = rasterize(dict(svg_items(content)), url_fetcher(root), root.resolve().as_uri() + "/")
        render_docx(content, rasters, temporary / DOCX_NAME)
        pages, office_warning = office.case_pages(
            temporary / DOCX_NAME, [view.case.meta.title for view in content.cases], temporary / ".office"
        )
        office.cleanup(temporary / ".office")
        if pages:  # the contents with LibreOffice's page numbers; the body is unchanged, so they hold
            render_docx(content, rasters, temporary / DOCX_NAME, pages)
        if office_warning:
            warnings.append(office_warning)
        sheet_cases = [SheetCase(view.case.id, view.case.meta.title, view.court_name) for view in content.cases]
        write_scoresheet(temporary / SHEET_NAME, loaded, sheet_cases, moment)
        files = [temporary / PDF_NAME, temporary / DOCX_NAME, temporary / SHEET_NAME]
        if loaded.spec.reviewers:
            (temporary / SHEETS_DIR).mkdir()
            for reviewer in loaded.spec.reviewers:
                target = temporary / SHEETS_DIR / f"{reviewer.strip()}.xlsx"
                write_scoresheet(target, loaded, sheet_cases, moment, reviewer=reviewer.strip())
                files.append(target)
        manifest = _manifest(content, catalog, files, temporary, pdf, moment_source)
        (temporary / MANIFEST_NAME).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        files.append(temporary / MANIFEST_NAME)
        archive = temporary / f"{loaded.name}.zip"
        write_zip(
            archive, [(f"{loaded.name}/{path.relative_to(temporary).as_posix()}", path) for path in files], moment
        )
        _swap(temporary, out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    final_files = [out / path.relative_to(temporary) for path in [*files, archive]]
    return BuildResult(
        out, out / archive.name, pdf.pages, pdf.front_pages, time.monotonic() - started, final_files, warnings
    )


def _swap(new: Path, out: Path) -> None:
    """Replace the old packet folder with the new one; the old one is removed only afterwards."""
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if out.exists():
        out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        if old.exists():
            old.rename(out)
        raise
    shutil.rmtree(old, ignore_errors=True)
