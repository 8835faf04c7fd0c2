"""`showcase.py new`: scaffold a court, campaign, brand, person or case from a commented template,
or add a project, carrier or update to an existing file."""

from __future__ import annotations

import argparse
import datetime as dt

from showcase.audience import load_for_audience
from showcase.commands.common import DATA_ERROR, OK, Command, project_root, say
from showcase.core.loader import Layout
from showcase.core.model import CAMPAIGN_KINDS, Carrier, Court, Project
from showcase.core.placeholders import placeholder
from showcase.core.problems import display_path, format_report
from showcase.core.values import iso_date
from showcase.editing import scaffold

CARRIER_KINDS = list(Carrier.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]
PROJECT_KINDS = list(Project.model_fields["kind"].annotation.__args__)  # type: ignore[union-attr]
COURT_LEVELS = list(Court.model_fields["level"].annotation.__args__)  # type: ignore[union-attr]


def register(command: Command) -> None:
    new = command("new", run, "按带注释的模板新建法院、活动、品牌、人物、案例，或给品牌添加项目、载体、动态")
    kinds = new.add_subparsers(
        dest="what", title="类型", metavar="<类型>", parser_class=type(new)
    )  # `--kind` is an entry's own field
    kinds.required = True

    def kind(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = kinds.add_parser(name, help=help_text, description=help_text, add_help=False)
        sub.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        return sub

    court = kind("court", "新建法院：court.yml，以及 brands/、people/、图片和案例的文件夹")
    court.add_argument("--id", required=True, help="法院标识（目录名，用于网址），如 pingnan")
    court.add_argument("--name", required=True, help="法院全称，如 平南县人民法院")
    court.add_argument("--short-name", help="简称，如 平南法院")
    court.add_argument("--level", required=True, choices=COURT_LEVELS, help="法院层级")
    court.add_argument("--region", required=True, help="所在地区，如 广西壮族自治区贵港市平南县")
    court.add_argument("--parent", help="上级法院标识，如 guigang")
    court.add_argument("--master-brand", help="机关总品牌名称，如 党旗引领·某某")
    court.add_argument(
        "--campaign",
        action="append",
        metavar="活动标识",
        help="本院参加的上级品牌创建活动（可写多次）；案例评选不写在这里",
    )

    campaign = kind("campaign", "新建上级品牌创建活动或案例评选")
    campaign.add_argument("--id", required=True, help="活动标识，如 fayao-bagui")
    campaign.add_argument("--name", required=True, help="活动名称（照通知写全称）")
    campaign.add_argument(
        "--kind", required=True, choices=CAMPAIGN_KINDS, help="品牌创建：各法院参加；案例评选：案例参选"
    )
    campaign.add_argument("--organiser", required=True, help="主办单位")
    campaign.add_argument(
        "--years", required=True, nargs="+", type=int, metavar="年份", help="开展年份，如 2024 或 2023 2024"
    )

    brand = kind("brand", "新建支部子品牌")
    brand.add_argument("--court", required=True, help="所属法院标识，如 guiping")
    brand.add_argument("--id", required=True, help="品牌标识（用于网址），如 xunzhou-fengqiao")
    brand.add_argument("--name", required=True, help="子品牌名称")
    brand.add_argument("--branch", default=placeholder("党支部名称", "人民法庭党支部"), help="党支部名称")
    brand.add_argument("--parent", help="上级品牌标识（不写即隶属机关总品牌）")
    brand.add_argument("--secretary", default=placeholder("支部书记（选填）"), help="支部书记")
    brand.add_argument("--liaison", default=placeholder("联络员"), help="联络员（维护本条目的同志）")
    brand.add_argument("--concept", default=placeholder("品牌内涵"), help="品牌内涵")

    person = kind("person", "新建先进典型")
    person.add_argument("--court", required=True, help="所属法院标识，如 guiping")
    person.add_argument("--id", required=True, help="人物标识（用于网址），如 tang-shengwei")
    person.add_argument("--name", required=True, help="姓名")
    person.add_argument("--brand", help="所在支部的品牌标识")
    person.add_argument("--title", default=placeholder("职务（选填）"), help="职务")
    person.add_argument("--story", default=placeholder("事迹"), help="事迹")

    case = kind("case", "新建党建创新案例")
    case.add_argument("--court", required=True, help="所属法院标识，如 guiping")
    case.add_argument("--id", required=True, help="案例标识（用于网址），如 jintian-family-mediation")
    case.add_argument("--brand", required=True, help="所属品牌标识")
    case.add_argument("--title", required=True, help="案例标题")
    case.add_argument("--year", type=int, default=dt.date.today().year, help="案例年份（默认今年）")
    case.add_argument("--author", default=placeholder("作者或部门", "某某法院机关党委办公室"), help="作者或部门")
    case.add_argument("--summary", default=placeholder("一两句话的摘要"), help="摘要")

    project = kind("project", "给品牌添加一个一庭一品一策或党建特色项目（写入品牌文件，其余内容不动）")
    project.add_argument("--brand", required=True, help="品牌标识")
    project.add_argument("--id", required=True, help="项目标识（全站唯一），如 jintian-family")
    project.add_argument("--unit", required=True, help="承办单位，如 金田法庭")
    project.add_argument("--name", required=True, help="项目名称，如 温情调解 和美家事")
    project.add_argument(
        "--kind", default=PROJECT_KINDS[0], choices=PROJECT_KINDS, help=f"项目类型（默认 {PROJECT_KINDS[0]}）"
    )

    carrier = kind("carrier", "给品牌（或法院机关）添加一个载体：讲堂、主题党日、例会……（写入原文件，其余内容不动）")
    carrier.add_argument("--brand", help="品牌标识；机关层面的载体改用 --court")
    carrier.add_argument("--court", help="法院标识（机关层面的载体）")
    carrier.add_argument("--id", required=True, help="载体标识（全站唯一），如 xunfa-lecture")
    carrier.add_argument("--name", required=True, help="载体名称，如 浔法讲堂")
    carrier.add_argument("--kind", required=True, choices=CARRIER_KINDS, help="载体类型")

    update = kind("update", "给品牌（或法院）添加一条动态（写入原文件，其余内容不动）")
    update.add_argument("--brand", help="品牌标识；法院的动态改用 --court")
    update.add_argument("--court", help="法院标识（法院的动态）")
    update.add_argument("--title", required=True, help="动态标题")
    update.add_argument("--date", help="日期：2024-03-15、2024-03 或 2024（不写则留待填写）")
    update.add_argument("--body", help="内容（选填）")
    update.add_argument("--project", help="所属项目标识（选填）")


def run(args: argparse.Namespace) -> int:
    layout = Layout(project_root(args.root))
    catalog, _ = load_for_audience(layout)
    values = {
        key: value
        for key, value in vars(args).items()
        if key not in ("root", "func", "command", "what") and value is not None
    }
    for name in ("brand", "parent", "short_name", "master_brand", "campaign", "project", "court", "date", "body"):
        values.setdefault(name, None)
    kind = args.what
    if values.get("date") and (iso := iso_date(str(values["date"]))) and iso != values["date"]:
        say(f"日期“{values['date']}”按 {iso} 写入。")
        values["date"] = iso
    made, problems = scaffold.plan(layout, catalog, kind, values)
    if made is None:
        say(format_report(problems))
        return DATA_ERROR
    scaffold.write(made)
    shown = display_path(made.path, layout.root)
    if made.added_to:
        say(
            f"已添加到 {shown}（文件的其他内容没有改动），请打开它把“待填写”换成真实内容，然后运行 python "
            "scripts/showcase.py validate。"
        )
    else:
        say(
            f"已生成 {shown}，请打开它按注释填写（把“待填写”换成真实内容），然后运行 python scripts/showcase.py "
            "validate。"
        )
    for folder in made.folders:
        say(f"已建立文件夹 {display_path(folder, layout.root)}/")
    for note in made.notes:
        say(note)
    return OK
