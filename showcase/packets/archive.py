"""Zip files with fixed timestamps, so the same sources give byte-identical outputs.

DOCX and XLSX are zip files too; python-docx and openpyxl stamp them with the current time
(in the zip entries and in docProps/core.xml), which is rewritten here to the build time.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)  # the earliest time a zip entry can hold
CORE_TIMES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def _zip_time(moment: dt.datetime) -> tuple[int, int, int, int, int, int]:
    moment = max(moment.astimezone(dt.UTC), ZIP_EPOCH)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _entry(name: str, moment: dt.datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_zip_time(moment))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever machine built it
    return info


def normalise_office_file(path: Path, moment: dt.datetime) -> None:
    """Rewrite an OOXML package in place with fixed entry times and core-property dates."""
    stamp = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as source:
        entries = [(info.filename, source.read(info.filename)) for info in source.infolist()]
    temporary = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(temporary, "w") as target:
        for name, data in entries:
            if name == "docProps/core.xml":
                data = CORE_TIMES.sub(lambda m: f"{m.group(1)}{stamp}{m.group(2)}", data.decode("utf-8")).encode(
                    "utf-8"
                )
            target.writestr(_entry(name, moment), data)
    temporary.replace(path)


def write_zip(target: Path, files: list[tuple[str, Path]], moment: dt.datetime) -> None:
    """A zip of the given files under the given names, sorted, with fixed times."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, path in sorted(files):
            archive.writestr(_entry(name, moment), path.read_bytes())
