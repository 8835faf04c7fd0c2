"""Lighthouse (npm `lighthouse`, pinned in package.json) on the built site, as a phone sees it:
Lighthouse's default mobile settings (a Moto G–sized screen, simulated slow 4G and a 4× slower
CPU), Debian's Chromium headless, the site served on 127.0.0.1.

The server compresses text files with gzip, as an intranet nginx or Apache with compression on
does; without it the scores would measure Python's test server, not the site.

    audit(site_dir, pages) -> {page: Scores}     TARGETS: performance ≥ 0.97, the others 1.0
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.search_probe import CHROMIUM, CHROMIUM_ARGS
from showcase.publishing.runner import runner_command

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 0.97, "accessibility": 1.0, "best-practices": 1.0}
PAGES = {"home": "", "brand": "brands/xunzhou-fengqiao/", "case": "cases/guiping/xunzhou-fengqiao-tribunal/"}
EVERY_KIND = {
    **PAGES,
    "matrix": "courts/",
    "campaign": "campaigns/fayao-bagui/",
    "court": "courts/guiping/",
    "brands": "brands/",
    "projects": "projects/",
    "project": "projects/jintian-family-mediation/",
    "carriers": "carriers/",
    "carrier": "carriers/xunfa-lecture/",
    "compare": "compare/guiping/",
    "cases": "cases/",
    "people": "people/",
    "person": "people/li-yanqiang/",
    "honors": "honors/",
    "themes": "themes/",
    "years": "years/",
    "year": "years/2023/",
    "updates": "updates/",
    "tracking": "tracking/",
    "guide": "guide/",
}
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
TIMEOUT_S = 240


class LighthouseError(RuntimeError):
    """Lighthouse could not run; the message is Chinese."""


@dataclass(frozen=True)
class Scores:
    performance: float
    accessibility: float
    best_practices: float
    failing: tuple[str, ...]  # audits that cost points, e.g. "accessibility: target-size"

    def meets(self) -> bool:
        return (
            self.performance >= TARGETS["performance"]
            and self.accessibility >= TARGETS["accessibility"]
            and self.best_practices >= TARGETS["best-practices"]
        )

    def line(self) -> str:
        return (
            f"性能 {self.performance * 100:.0f} / 无障碍 {self.accessibility * 100:.0f} / 最佳做法 "
            f"{self.best_practices * 100:.0f}"
        )


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed when the browser accepts it (as nginx `gzip on` does)."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(301)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        compress = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if compress:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run(url: str, report: Path) -> Scores:
    """One Lighthouse run with mobile settings; the JSON report is written to `report`."""
    if not LIGHTHOUSE.exists():
        raise LighthouseError(f"缺少 {LIGHTHOUSE.relative_to(REPO)}：先在仓库根目录运行 npm ci")
    if not CHROMIUM.exists():
        raise LighthouseError(f"找不到 {CHROMIUM}：请安装 Debian 的 chromium 软件包")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as profile:
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            f"--chrome-flags={flags} --user-data-dir={profile}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
        ]
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    if result.returncode != 0 or not report.is_file():
        raise LighthouseError(f"Lighthouse 运行失败（{url}）：{(result.stderr or result.stdout).strip()[-800:]}")
    return scores(json.loads(report.read_text(encoding="utf-8")))


def scores(data: Mapping[str, Any]) -> Scores:
    categories = data["categories"]
    audits = data["audits"]
    failing = []
    for name in CATEGORIES:
        for ref in categories[name]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{name}: {ref['id']} {audit.get('displayValue', '')}".strip())
    value = {name: float(categories[name]["score"] or 0) for name in CATEGORIES}
    return Scores(value["performance"], value["accessibility"], value["best-practices"], tuple(failing))


def median_run(url: str, report: Path, runs: int) -> Scores:
    """The run with the median performance score of `runs` runs. Lighthouse's own guidance for
    variance: one run on a busy machine can lose several points to a slow first paint."""
    results = sorted(
        (run(url, report.with_name(f"{report.stem}-{i + 1}.json")) for i in range(runs)), key=lambda s: s.performance
    )
    return results[len(results) // 2]


def audit(site_dir: Path, pages: Mapping[str, str], reports: Path | None = None, runs: int = 1) -> dict[str, Scores]:
    """Scores for each page of the built site in `site_dir` (the median of `runs` runs); reports
    kept in `reports` if given."""
    folder = Path(reports) if reports else Path(tempfile.mkdtemp(prefix="lighthouse-reports-"))
    folder.mkdir(parents=True, exist_ok=True)
    found = {}
    try:
        with serve(site_dir) as base:
            for name, path in pages.items():
                found[name] = (
                    run(base + path, folder / f"{name}.json")
                    if runs <= 1
                    else median_run(base + path, folder / f"{name}.json", runs)
                )
    finally:
        if reports is None:
            shutil.rmtree(folder, ignore_errors=True)
    return found


def build_sample(out: Path) -> None:
    """The repository's sample site, built as `make build` does, into `out`."""
    result = subprocess.run(
        runner_command("build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(out)),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        raise LighthouseError("示例网站没有生成：\n" + (result.stderr or result.stdout)[-2000:])
