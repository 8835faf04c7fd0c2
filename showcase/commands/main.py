"""`python scripts/showcase.py <命令>`: everything a user runs besides `properdocs serve/build`.

One module per command (validate, fix, new, …), each with `register(command)` for its part of
the parser and `run(args)`; this module puts the parser together and runs a command.
Exit codes: 0 成功, 1 数据有误, 2 用法或环境错误. No command prints a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from showcase.commands.common import USAGE_ERROR, Command, say
from showcase.core.settings import environment

# The commands in the order the help lists them, each its module of showcase.commands. A run
# imports only its own command's module (the whole list for the help): `packet` brings in the PDF
# engine, whose import alone costs more than a second on every start of every other command.
COMMANDS = (
    "validate",
    "fix",
    "new",
    "preview",
    "build",
    "merge",
    "schema",
    "report",
    "publish",
    "offline",
    "packet",
    "assess",
)


def registration(name: str) -> Callable[[Command], None]:
    register: Callable[[Command], None] = importlib.import_module(f"showcase.commands.{name}").register
    return register


class _Lookahead(argparse.ArgumentParser):
    """Reads only --root and the command's name; any mistake is left to the real parser."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def chosen_command(argv: list[str] | None) -> str | None:
    """The command `argv` names, or None (help, a mistake: then every command is registered)."""
    lookahead = _Lookahead(add_help=False)
    lookahead.add_argument("--root")
    try:
        _, rest = lookahead.parse_known_args(argv)
    except ValueError:
        return None
    return rest[0] if rest and rest[0] in COMMANDS else None


class ChineseHelp(argparse.HelpFormatter):
    """Help that begins 用法： (argparse's own says "usage:")."""

    def add_usage(
        self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None = None
    ) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese section titles (its own say "usage:", "options:" and "positional
    arguments:") and Chinese usage errors; sub-commands of sub-commands (`new brand`) are made with it too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelp)
        super().__init__(*args, **kwargs)
        self._optionals.title = "选项"
        self._positionals.title = "参数"

    def error(self, message: str) -> NoReturn:  # argparse would print English and exit 2
        self.print_usage(sys.stderr)
        print(f"用法错误：{message}\n运行 python scripts/showcase.py -h 查看帮助。", file=sys.stderr)
        raise SystemExit(USAGE_ERROR)


def build_parser(
    extra: Iterable[Callable[[Command], None]] = (), only: Iterable[str] = COMMANDS
) -> argparse.ArgumentParser:
    parser = ChineseParser(
        prog="python scripts/showcase.py",
        description="一支部一品牌展示站：校验、修正、新建资料，生成评审材料包等。",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
    parser.add_argument("--root", help="项目根目录（默认：向上查找含 mkdocs.yml 的目录）")
    commands = parser.add_subparsers(dest="command", title="命令", metavar="<命令>", parser_class=ChineseParser)
    commands.required = True

    def command(name: str, run: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text, add_help=False)
        sub.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        sub.set_defaults(func=run)
        return sub

    for register in (*(registration(name) for name in only), *extra):
        register(command)
    return parser


def main(argv: list[str] | None = None, extra: Iterable[Callable[[Command], None]] = ()) -> int:
    """Run one command. `extra` adds commands from outside the product (the benchmark tools)."""
    chosen = chosen_command(argv)
    args = build_parser(extra, [chosen] if chosen else COMMANDS).parse_args(argv)
    problems = environment().problems
    if problems:  # a mistyped SHOWCASE_AUDIENCE or SHOWCASE_RUNNER stops every command, not only the builds
        say(f"{problems[0].format()}\n未执行任何操作。")
        return USAGE_ERROR
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        say("已中断。")
        return USAGE_ERROR
    except Exception as error:
        say(f"出错了：{type(error).__name__}: {error}\n请把这段信息发给维护人员。")
        return USAGE_ERROR
