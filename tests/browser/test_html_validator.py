"""Every generated page passes html-validate's standard rules (the HTML standard, no style rules)."""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

from tests.browser.chromium_support import NPM_HINT, REPO

VALIDATOR = REPO / "node_modules" / ".bin" / "html-validate"
CONFIG = REPO / ".htmlvalidate.json"


def test_every_page_is_valid_html(sample_site: Any) -> None:
    assert shutil.which("node"), "需要 Node.js 来运行 html-validate"
    assert VALIDATOR.exists(), f"缺少 html-validate：{NPM_HINT}"
    pages = sorted(sample_site.site.rglob("*.html"))
    assert len(pages) > 50
    result = subprocess.run([str(VALIDATOR), "--config", str(CONFIG), "--formatter", "json", *map(str, pages)], capture_output=True, text=True, timeout=300, check=False)
    reports = json.loads(result.stdout or "[]")
    errors = [
        f"{report['filePath'].removeprefix(str(sample_site.site) + '/')}:{message['line']}:{message['column']} {message['message']} ({message['ruleId']})"
        for report in reports
        for message in report["messages"]
        if message["severity"] == 2
    ]
    assert errors == [], "\n".join(errors[:40])
    assert result.returncode == 0, result.stderr
