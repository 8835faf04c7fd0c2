"""LibreOffice, headless, for the Word document's contents: it lays the document out exactly as
a LibreOffice user sees it, and the page on which each case's title lands becomes the page
number in the contents. Word recomputes the field on open with its own layout anyway; without
LibreOffice the entries list the titles only (until Word updates the field).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

TIMEOUT_S = 240
NOTES_TITLE = "评审说明"  # the last front page before the cases


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def case_pages(docx: Path, titles: list[str], work: Path) -> tuple[dict[int, int] | None, str | None]:
    """(case number → printed page, counting the first case page as 1; a warning) from LibreOffice's
    PDF of the document. (None, None) when LibreOffice or pdftotext is not installed."""
    soffice, pdftotext = shutil.which("soffice"), shutil.which("pdftotext")
    if not soffice or not pdftotext:
        return None, None
    work.mkdir(parents=True, exist_ok=True)
    profile = (work / "profile").resolve().as_uri()  # its own profile: no clash with a running LibreOffice
    command = [
        soffice,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(work),
        str(docx),
    ]
    try:
        subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        pdf = work / f"{docx.stem}.pdf"
        text = (
            subprocess.run(
                [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, timeout=60, check=True
            ).stdout
            if pdf.is_file()
            else ""
        )
    except (OSError, subprocess.SubprocessError):
        text = ""
    pages = [_squash(page) for page in text.split("\f")]
    notes = next((i for i, page in enumerate(pages) if NOTES_TITLE in page), None)
    if notes is None:
        return None, "未能用 LibreOffice 排出 Word 文档的页码，目录暂不显示页码（Word 打开时会更新）"
    found: list[int] = []
    start = notes + 1
    for title in titles:
        index = next((i for i in range(start, len(pages)) if _squash(title) in pages[i]), None)
        if index is None:
            return None, f"未能在 LibreOffice 排出的 Word 文档中找到案例《{title}》，目录暂不显示页码"
        found.append(index)
        start = index
    return {number: index - found[0] + 1 for number, index in enumerate(found, start=1)}, None


def cleanup(work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)
