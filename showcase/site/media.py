"""The pictures the site shows, declared up front: every logo, photo and picture the catalog
names that validation allows (showcase/core/sources.py media_target) is copied once, and pages
ask for a picture's link by its repository path — nothing is registered as a side effect."""

from __future__ import annotations

from collections.abc import Iterator

from showcase.core.catalog import Catalog
from showcase.core.sources import Layout, media_target
from showcase.site import urls
from showcase.site.page import MediaFile
from showcase.site.urls import Here


def _named(catalog: Catalog) -> Iterator[str]:
    for court in catalog.courts.values():
        if court.master_brand and court.master_brand.logo:
            yield court.master_brand.logo.path
    for brand in catalog.brands.values():
        if brand.logo:
            yield brand.logo.path
        yield from (m.path for m in brand.media)
    yield from (p.photo for p in catalog.people.values() if p.photo)


class Pictures:
    def __init__(self, catalog: Catalog) -> None:
        layout = Layout(catalog.root, brands_dir=catalog.brands_dir)
        self.files: dict[str, MediaFile] = {}  # by repository path
        for path in _named(catalog):
            if path not in self.files and (target := media_target(layout, path)) is not None:
                self.files[path] = MediaFile(urls.media(path), target)

    def shown(self, path: str | None) -> bool:
        return path is not None and path in self.files

    def src(self, here: Here, path: str | None) -> str:
        """The picture's link from this page; empty when the path is not a usable picture."""
        return here.to(self.files[path].src_uri) if path is not None and path in self.files else ""

    def media_files(self) -> list[MediaFile]:
        return sorted({f.src_uri: f for f in self.files.values()}.values(), key=lambda m: m.src_uri)
