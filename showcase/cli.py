"""`python scripts/showcase.py <命令>`: everything a user runs besides `properdocs serve/build`.

Each command is a small function below; the parser at the bottom reads like the help text.
Exit codes: 0 成功, 1 数据有误, 2 用法或环境错误. No command prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from . import scaffold
from .audience import AudienceError, current_audience
from .fix import apply_fix, plan_fix
from .loader import YAML_SUFFIXES, Layout, load_catalog
from .problems import display_path, format_report
from .runner import RunnerError, current_runner, runner_command

OK, DATA_ERROR, USAGE_ERROR = 0, 1, 2


def project_root(arg: str | None) -> Path:
    if arg:
        return Path(arg).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):  # like git: walk up to the folder with mkdocs.yml
        if (folder / "mkdocs.yml").is_file() and (folder / "brands").is_dir():
            return folder
    return here


def say(text: str = "") -> None:
    print(text, flush=True)


# ---------------------------------------------------------------------------- commands


def cmd_validate(args: argparse.Namespace) -> int:
    layout = Layout(project_root(args.root))
    catalog, problems = load_catalog(layout, "public" if args.public else None)  # privacy findings block public builds
    errors = [p for p in problems if p.severity == "error"]
    if problems:
        say(format_report(problems))
    if errors:
        return DATA_ERROR
    say(f"校验通过：{len(catalog.courts)} 个法院、{len(catalog.brands)} 个品牌、{sum(1 for _ in catalog.projects())} 个项目、{len(catalog.people)} 位先进典型、{len(catalog.cases)} 篇案例。")
    return OK


def _source_files(root: Path, layout: Layout, given: list[str]) -> list[Path]:
    if given:
        return [Path(p).resolve() for p in given]
    files = [p for p in layout.brands.rglob("*") if p.is_file() and p.suffix.lower() in YAML_SUFFIXES]
    if layout.cases.is_dir():
        files += list(layout.cases.rglob("*.md"))
    return sorted(files)


def cmd_fix(args: argparse.Namespace) -> int:
    root = project_root(args.root)
    layout = Layout(root)
    changed = 0
    for path in _source_files(root, layout, args.files):
        if not path.is_file():
            say(f"{path}: 文件不存在")
            return USAGE_ERROR
        fix = plan_fix(path, display_path(path, root))
        if fix is None:
            say(f"{display_path(path, root)}: 无法识别文件编码，未修改 — 请在编辑器中另存为 UTF-8")
            continue
        if not fix.changed:
            continue
        changed += 1
        say(fix.diff())
        if not args.dry_run:
            apply_fix(fix)
    if not changed:
        say("没有需要自动修正的问题。")
    else:
        say(f"{'将修正' if args.dry_run else '已修正'} {changed} 个文件。")
    if args.dry_run:
        return OK
    _, problems = load_catalog(layout)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        say("\n以下问题需要手动修改：")
        say(format_report(problems))
        return DATA_ERROR
    say("修正后校验通过。")
    return OK


def cmd_new(args: argparse.Namespace) -> int:
    layout = Layout(project_root(args.root))
    catalog, _ = load_catalog(layout)
    values = {key: value for key, value in vars(args).items() if key not in ("root", "func", "command", "kind") and value is not None}
    values.setdefault("brand", None)
    made, problems = scaffold.plan(layout, catalog, args.kind, values)
    if made is None:
        say(format_report(problems))
        return DATA_ERROR
    scaffold.write(made)
    say(f"已生成 {display_path(made.path, layout.root)}，请打开它按注释填写，然后运行 python scripts/showcase.py validate。")
    return OK


def cmd_preview(args: argparse.Namespace) -> int:
    """`properdocs serve` limited to one court: on a province-size site a saved file shows in a second
    instead of after a full rebuild. The environment variable works the same on every shell."""
    import os
    import subprocess

    from .loader import PREVIEW_COURT_ENV

    root = project_root(args.root)
    catalog, problems = load_catalog(Layout(root, court=args.court))
    if args.court not in catalog.courts:  # the loader says so, with the courts there are
        say(format_report([p for p in problems if p.code == "unknown-scope"]))
        return USAGE_ERROR
    say(f"按法院预览 {catalog.courts[args.court].name}：保存资料文件后浏览器自动刷新，按 Ctrl+C 结束。")
    command = runner_command("serve", "-f", str(root / "mkdocs.yml"), "-a", args.address)
    return subprocess.call(command, cwd=root, env=dict(os.environ, **{PREVIEW_COURT_ENV: args.court}))


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import export

    for path in export(project_root(args.root)):
        say(f"已写出 {path.name}")
    return OK


def cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import generate

    out = Path(args.out).resolve()
    root = project_root(args.root)
    if out == root or root in out.parents:
        say(f"{out}: 合成数据必须写在仓库之外 — 换一个目录，如 /tmp/corpus")
        return USAGE_ERROR
    try:
        counts = generate(args.courts, out, root)
    except FileExistsError as error:
        say(f"{error} — 换一个空目录")
        return USAGE_ERROR
    say(f"已在 {out} 生成合成数据：" + "、".join(f"{name} {count}" for name, count in counts.items()))
    return OK


# ---------------------------------------------------------------------------- parser


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print English and exit 2
        self.print_usage(sys.stderr)
        print(f"用法错误：{message}\n运行 python scripts/showcase.py -h 查看帮助。", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="python scripts/showcase.py",
        description="一支部一品牌展示站：校验、修正、新建资料，生成评审材料包等。",
        add_help=False,
    )
    parser._optionals.title = "选项"
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser.add_argument("--root", help="项目根目录（默认：向上查找含 mkdocs.yml 的目录）")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="<命令>", parser_class=ChineseParser)
    commands.required = True

    def command(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, add_help=False)
        sub.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        sub.set_defaults(func=func)
        return sub

    validate = command("validate", cmd_validate, "校验 brands/ 与案例文件，列出全部问题（文件:行号）")
    validate.add_argument("--public", action="store_true", help="按公开版校验：隐私检查的发现算错误（也可设环境变量 SHOWCASE_AUDIENCE=public）")

    fix = command("fix", cmd_fix, "自动修正全角冒号、Tab 缩进、GBK 编码、BOM 等机械性错误，并显示改动")
    fix.add_argument("files", nargs="*", help="只修正这些文件（默认：全部资料文件）")
    fix.add_argument("--dry-run", action="store_true", help="只显示将要做的改动，不写入文件")

    new = command("new", cmd_new, "按带注释的模板新建品牌、人物或案例文件")
    kinds = new.add_subparsers(dest="kind", title="类型", metavar="<类型>", parser_class=ChineseParser)
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

    corpus = command("corpus", cmd_corpus, "生成确定性的合成数据（N 个法院），用于性能基准测试")
    corpus.add_argument("courts", type=int, metavar="N", help="法院数量（每院约 10 个品牌、30 篇案例）")
    corpus.add_argument("out", metavar="OUT", help="输出目录（须在仓库之外，已存在的会被清空）")

    preview = command("preview", cmd_preview, "只预览一个法院（省级等大型站点改动后约一秒刷新）：properdocs serve 的按法院版本")
    preview.add_argument("court", metavar="法院标识", help="如 guiping")
    preview.add_argument("-a", "--address", default="127.0.0.1:8000", help="监听地址（默认 127.0.0.1:8000）")

    command("schema", cmd_schema, "由数据模型重新导出 schema/*.schema.json（供编辑器自动补全）")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(command)
    return parser


# Feature packages add their commands through a `register(command)` function; list them here.
COMMAND_MODULES: list[str] = ["showcase.tracking", "showcase.publish", "showcase.packets.cli", "showcase.offline", "showcase.bench"]


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        current_audience()  # a mistyped SHOWCASE_AUDIENCE stops every command, not only the builds
    except AudienceError as error:
        say(f"{error}\n未执行任何操作。")
        return USAGE_ERROR
    try:
        current_runner()  # likewise SHOWCASE_RUNNER, before any command starts a build
    except RunnerError as error:
        say(f"{error}\n未执行任何操作。")
        return USAGE_ERROR
    try:
        return args.func(args)
    except KeyboardInterrupt:
        say("已中断。")
        return USAGE_ERROR
    except Exception as error:
        say(f"出错了：{type(error).__name__}: {error}\n请把这段信息发给维护人员。")
        return USAGE_ERROR
