"""`showcase.py validate`: every problem of brands/ and the case write-ups, as 文件:行号."""

from __future__ import annotations

import argparse

from showcase import assessment
from showcase.audience import PUBLIC, load_for_audience
from showcase.commands.common import DATA_ERROR, OK, Command, project_root, say
from showcase.core import placeholders
from showcase.core.loader import Layout
from showcase.core.problems import format_report


def register(command: Command) -> None:
    sub = command("validate", run, "校验 brands/ 与案例文件，列出全部问题（文件:行号）")
    sub.add_argument(
        "--public",
        action="store_true",
        help="按公开版校验：隐私检查的发现和模板里没填的“待填写”算错误（也可设环境变量 SHOWCASE_AUDIENCE=public）",
    )
    sub.add_argument(
        "--strict", action="store_true", help="严格校验：所有警告（含没填的“待填写”）都算错误，提交或发布前使用"
    )


def run(args: argparse.Namespace) -> int:
    layout = Layout(project_root(args.root))
    catalog, problems = load_for_audience(
        layout, PUBLIC if args.public else None
    )  # privacy findings and placeholders block public builds
    problems = sorted(set(problems + assessment.check(layout, catalog)))  # 量化考核 schemes and scores
    if args.strict:
        problems = placeholders.strict(problems, every_warning=True)
    errors = [p for p in problems if p.severity == "error"]
    if problems:
        say(format_report(problems))
    if errors:
        return DATA_ERROR
    left = sum(1 for p in problems if p.code == placeholders.CODE)
    if left:
        say(
            f"还有 {left} 处“待填写”没有填：内网版网站上先不显示这些内容；公开版（validate --public）和 validate "
            "--strict 会把它们算作错误。"
        )
    say(
        f"校验通过：{len(catalog.courts)} 个法院、{len(catalog.brands)} 个品牌、"
        f"{sum(1 for _ in catalog.projects())} 个项目、{len(catalog.people)} 位先进典型、{len(catalog.cases)} "
        "篇案例。"
    )
    return OK
