"""`showcase.py new`: scaffold a brand, person or case from a commented template."""

from __future__ import annotations

import argparse

from showcase.audience import load_for_audience
from showcase.commands.common import DATA_ERROR, OK, Command, project_root, say
from showcase.core.loader import Layout
from showcase.core.problems import display_path, format_report
from showcase.editing import scaffold


def register(command: Command) -> None:
    new = command("new", run, "按带注释的模板新建品牌、人物或案例文件")
    kinds = new.add_subparsers(dest="kind", title="类型", metavar="<类型>", parser_class=type(new))
    kinds.required = True
    brand = kinds.add_parser("brand", help="新建支部子品牌", add_help=False)
    person = kinds.add_parser("person", help="新建先进典型", add_help=False)
    case = kinds.add_parser("case", help="新建案例", add_help=False)
    for sub in (brand, person, case):
        sub.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        sub.add_argument("--court", required=True, help="所属法院标识，如 guiping")
        sub.add_argument("--id", required=True, help="新条目的标识（用于网址），如 xunzhou-fengqiao")
    brand.add_argument("--name", required=True, help="子品牌名称")
    brand.add_argument("--branch", default="待填写：党支部名称", help="党支部名称")
    brand.add_argument("--secretary", default="待填写", help="支部书记")
    brand.add_argument("--liaison", default="待填写：联络员", help="联络员")
    brand.add_argument("--concept", default="待填写：品牌内涵。", help="品牌内涵")
    person.add_argument("--name", required=True, help="姓名")
    person.add_argument("--brand", help="所在支部的品牌标识")
    person.add_argument("--title", default="待填写：职务", help="职务")
    person.add_argument("--story", default="待填写：事迹。", help="事迹")
    case.add_argument("--brand", required=True, help="所属品牌标识")
    case.add_argument("--title", required=True, help="案例标题")
    case.add_argument("--year", type=int, help="年份（默认今年）")
    case.add_argument("--author", default="待填写：作者或部门", help="作者")
    case.add_argument("--summary", default="待填写：摘要。", help="摘要")


def run(args: argparse.Namespace) -> int:
    layout = Layout(project_root(args.root))
    catalog, _ = load_for_audience(layout)
    values = {
        key: value
        for key, value in vars(args).items()
        if key not in ("root", "func", "command", "kind") and value is not None
    }
    values.setdefault("brand", None)
    made, problems = scaffold.plan(layout, catalog, args.kind, values)
    if made is None:
        say(format_report(problems))
        return DATA_ERROR
    scaffold.write(made)
    say(
        f"已生成 {display_path(made.path, layout.root)}，请打开它按注释填写，然后运行 python scripts/showcase.py "
        "validate。"
    )
    return OK
