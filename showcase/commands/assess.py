"""`showcase.py assess`: the year's 量化考核 — totals, subtotals, grades, ranks and, for every point,
its rule and source `path:line`; printed, and written as CSV or XLSX for the party office."""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase import assessment
from showcase.audience import INTERNAL, load_for_audience
from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core.loader import Layout
from showcase.core.problems import format_report

SUFFIXES = (".csv", ".xlsx")


def register(command: Command) -> None:
    sub = command(
        "assess", run, "量化考核：按 brands/assessment/<年份>.yml 计算各品牌得分、等级和排名，逐项列出规则与数据来源"
    )
    sub.add_argument("--year", type=int, metavar="年份", help="考核年度（默认：最近一年的方案）")
    sub.add_argument(
        "--out", metavar="FILE", help="另写入文件：.csv（每项一行，Excel 可直接打开）或 .xlsx（排名与明细两张表）"
    )


def run(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in SUFFIXES:
        say(f"{out}: 只能写成 .csv 或 .xlsx 文件 — 如 --out 考核.xlsx")
        return USAGE_ERROR
    layout = Layout(project_root(args.root))
    # Assessment is the party office's: always the full catalog, whatever SHOWCASE_AUDIENCE says.
    catalog, problems = load_for_audience(layout, INTERNAL)
    schemes, scheme_problems = assessment.load_schemes(layout, catalog)
    errors = [p for p in problems + scheme_problems if p.severity == "error"]
    if errors:
        # A brand left out by an error would move every rank: no partial leaderboard.
        say(format_report(errors))
        say("资料有错误，没有计算考核结果 — 改正后再运行（python scripts/showcase.py validate 可列出全部问题）")
        return DATA_ERROR
    if not schemes:
        say(
            f"{layout.display(layout.brands / 'assessment')}: 还没有考核方案 — 写一个 "
            "brands/assessment/<年份>.yml，参见编辑指南“品牌方案与量化考核”一页"
        )
        return DATA_ERROR
    year = args.year if args.year is not None else max(schemes)
    if year not in schemes:
        say(f"没有 {year} 年的考核方案 — 现有的年度：{'、'.join(str(y) for y in sorted(schemes))}")
        return USAGE_ERROR
    result = assessment.assess_all(catalog, schemes)[year]
    print(assessment.text_report(result), end="", flush=True)
    incomplete = [r for r in result.results if not r.complete]
    if incomplete:
        say(
            f"注意：{len(incomplete)} 个品牌缺数据，未评等级、未排名："
            f"{'、'.join(r.brand.name for r in incomplete)}（见各品牌“缺数据”项）"
        )
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if out.suffix.lower() == ".csv":
                out.write_text(
                    assessment.to_csv(result), encoding="utf-8-sig", newline=""
                )  # BOM: Excel reads it as UTF-8
            else:
                assessment.write_xlsx(result, out)
        except OSError as error:
            say(f"{out}: 无法写入（{error.strerror or error}）")
            return USAGE_ERROR
        say(f"已写出 {out}：{len(result.results)} 个品牌，{sum(len(r.points) for r in result.results)} 项得分明细。")
    return OK
