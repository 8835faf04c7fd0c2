"""`showcase.py report`: the tracking table (跟踪问效) as CSV for Excel."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from showcase import tracking
from showcase.audience import INTERNAL, load_for_audience
from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core.loader import Layout
from showcase.core.problems import format_report
from showcase.core.settings import CONFIG_FILE, read_settings


def register(command: Command) -> None:
    report = command("report", run, "跟踪问效：输出各品牌（或各法院）的跟踪表，CSV 格式，可用 Excel 打开")
    report.add_argument("--out", metavar="FILE", help="写入文件（UTF-8 带 BOM，Excel 可直接打开）；不写则输出到屏幕")
    report.add_argument("--courts", action="store_true", help="输出法院表（品牌覆盖率、无案例的品牌），而不是品牌表")
    report.add_argument("--today", metavar="YYYY-MM-DD", help="按这一天计算距今天数（默认今天）")


def run(args: argparse.Namespace) -> int:
    root = project_root(args.root)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        say(f"日期“{args.today}”格式不正确 — 写成 2024-03-31")
        return USAGE_ERROR
    settings, problems = read_settings(root / CONFIG_FILE, root)
    if problems:
        say(format_report(problems))
        return USAGE_ERROR
    thresholds = settings.tracking
    # The dashboard is for the party office: always the full catalog, whatever SHOWCASE_AUDIENCE says.
    catalog, problems = load_for_audience(Layout(root), INTERNAL)
    errors = [p for p in problems if p.severity == "error"]
    if not catalog.brands and errors:
        say(f"资料有 {len(errors)} 个错误，无法生成报表 — 先运行 python scripts/showcase.py validate")
        return DATA_ERROR
    dates = tracking.change_dates(root, [root / "brands", root / "docs"])
    brand_rows, court_rows = tracking.findings(catalog, root, thresholds, today, dates)
    text = tracking.to_csv(court_rows if args.courts else brand_rows)
    notes = []
    if errors:
        notes.append(f"注意：资料有 {len(errors)} 个错误，出错的条目不在报表中（运行 validate 查看）。")
    if dates.note:
        notes.append(dates.note)
    if args.out:
        out = Path(args.out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8-sig", newline="")  # BOM: Excel on Windows reads it as UTF-8
        except OSError as error:
            say(f"{out}: 无法写入（{error.strerror}）")
            return USAGE_ERROR
        attention = sum(1 for r in brand_rows if r.attention)
        say(f"已写出 {out}：{len(brand_rows)} 个品牌（{attention} 个需关注），{len(court_rows)} 个法院。")
        for note in notes:
            say(note)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
        for note in notes:
            print(note, file=sys.stderr)
    return OK
