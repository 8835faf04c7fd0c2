"""`python scripts/showcase.py offline [--out FILE.zip]`: the site as a zip that works from disk.

Someone unzips it on a computer without a server or network and double-clicks index.html.
Three things differ from the served site, all switched on by SHOWCASE_OFFLINE=1 (read by
showcase/core/settings.py, acted on in showcase/adapter/search.py):

- links point at files (`brands/x/index.html`), not folders, since file:// shows a folder as a
  directory listing (MkDocs `--no-directory-urls`);
- the search index also ships as `search/search_index.js`, loaded with a <script> tag, because
  file:// pages may not fetch JSON; for the same reason the copy keeps the single index, where
  the served site has it in pieces fetched per query (showcase/search/shards.py);
- the iframe-worker shim runs Material's search worker in a hidden iframe, because file:// pages
  may not start Web Workers.

After the build every page is checked: each link, script, stylesheet and image must be a file
inside the copy, and nothing may load from another host. The zip is written only if all pass.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from showcase.core.settings import AUDIENCE_ENV, OFFLINE_ENV, whole_site_environment
from showcase.publishing.runner import runner_command

FOLDER = "showcase-offline"  # the one top-level folder inside the zip
DEFAULT_OUT = Path("dist") / "showcase-offline.zip"
SKIPPED_SUFFIXES = (".map",)  # source maps: only browser developer tools ever read them
SKIPPED_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz")  # for a web server and search engines only

README = """党建品牌矩阵展示 · 离线版

使用方法：
1. 把整个压缩包解压到任意文件夹（不要直接在压缩软件里双击打开网页）。
2. 打开解压出来的 showcase-offline 文件夹，双击 index.html，用浏览器（推荐 Chrome、Edge、Firefox）打开。
3. 页面、图片和右上角的搜索都可以在没有网络、没有服务器的电脑上使用。

本离线版生成于 {built}，内容是生成时的资料；资料更新后请重新生成。
"""


@dataclass(frozen=True)
class OfflineCopy:
    path: Path
    files: int
    size: int  # bytes of the zip


class OfflineError(Exception):
    """The build failed or produced pages that would not work from disk."""


# ---------------------------------------------------------------------------- build


def make_offline_copy(root: Path, out: Path, *, audience: str | None = None) -> OfflineCopy:
    with tempfile.TemporaryDirectory(prefix="showcase-offline-") as temp:
        site = Path(temp) / "site"
        build_offline_site(root, site, audience=audience)
        problems = check_offline_site(site)
        if problems:
            shown = "\n".join(f"  - {p}" for p in problems[:20])
            more = f"\n  ……共 {len(problems)} 处" if len(problems) > 20 else ""
            raise OfflineError(f"离线版有页面无法脱离服务器使用，未生成压缩包：\n{shown}{more}")
        return write_zip(site, out)


def build_offline_site(root: Path, site: Path, *, audience: str | None = None) -> None:
    """`properdocs build` in a child process, as `make build` runs it, with the offline switch on."""
    env = {**whole_site_environment(), OFFLINE_ENV: "1"}
    if audience:
        env[AUDIENCE_ENV] = audience
    command = runner_command(
        "build", "--strict", "--no-directory-urls", "-f", str(root / "mkdocs.yml"), "-d", str(site)
    )
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise OfflineError("网站生成失败：\n" + (result.stderr or result.stdout).strip())


def write_zip(site: Path, out: Path) -> OfflineCopy:
    """Zip the site below one folder, with a README; written beside `out` first, then renamed,
    so an interrupted run never leaves a half-written zip under the real name."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    count = 0
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        # UTF-8 with BOM so that Windows Notepad shows the Chinese text correctly.
        built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        archive.writestr(f"{FOLDER}/README.txt", "\ufeff" + README.format(built=built).replace("\n", "\r\n"))
        count += 1
        for path in _shipped(site):
            archive.write(path, f"{FOLDER}/{path.relative_to(site).as_posix()}")
            count += 1
    shutil.move(partial, out)
    return OfflineCopy(out, count, out.stat().st_size)


def _shipped(site: Path) -> list[Path]:
    """The files that go into the zip."""
    return [
        path
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and not path.name.endswith(SKIPPED_SUFFIXES)
        and path.relative_to(site).as_posix() not in SKIPPED_FILES
    ]


# ---------------------------------------------------------------------------- checks


class _References(HTMLParser):
    """Every URL a page refers to: (tag, attribute, value)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "poster", "data"):
                self.found.append((tag, name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.found.append((tag, name, candidate.split()[0]))


def references(html: str) -> list[tuple[str, str, str]]:
    parser = _References()
    parser.feed(html)
    parser.close()
    return parser.found


def check_offline_site(site: Path) -> list[str]:
    """Problems that would break the copy opened from disk; empty when it is fine."""
    problems: list[str] = []
    if not (site / "index.html").is_file():
        problems.append("缺少首页 index.html")
    if not (site / "search" / "search_index.js").is_file():
        problems.append("缺少 search/search_index.js：离线版无法搜索")
    for page in _shipped(site):
        if page.suffix != ".html":
            continue
        rel = page.relative_to(site).as_posix()
        for problem in _page_problems(site, rel, page.read_text(encoding="utf-8")):
            problems.append(f"{rel}: {problem}")
    return problems


def _page_problems(site: Path, rel: str, html: str) -> Iterator[str]:
    for tag, attr, value in references(html):
        parts = urlsplit(value)
        if parts.scheme in ("mailto", "tel", "data", "javascript") or (
            not parts.scheme and not parts.netloc and not parts.path
        ):
            continue  # not a file, or an anchor on the same page
        if parts.scheme or parts.netloc:
            if tag == "a":
                continue  # a link the reader may follow, not something the page loads
            yield f"<{tag} {attr}> 从外部加载 {value}"
            continue
        if parts.path.startswith("/"):
            yield f"<{tag} {attr}> 用了以 / 开头的地址，离线打开时指向磁盘根目录：{value}"
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
        if target.startswith("../") or target == "..":
            yield f"<{tag} {attr}> 指向站点之外：{value}"
        elif (site / target).is_dir():
            yield f"<{tag} {attr}> 指向文件夹而不是文件（离线打开会显示目录列表）：{value}"
        elif not (site / target).is_file():
            yield f"<{tag} {attr}> 指向不存在的文件：{value}"
