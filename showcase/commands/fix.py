"""`showcase.py fix`: repair the mechanical mistakes that are unambiguous, showing each change."""

from __future__ import annotations

import argparse
from pathlib import Path

from showcase.audience import load_for_audience
from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core.loader import Layout
from showcase.core.problems import display_path, format_report
from showcase.editing.fix import (
    FileChangedError,
    Sources,
    apply_fix,
    located,
    metric_units,
    plan_fix,
    refusal,
    source_files,
)


def register(command: Command) -> None:
    sub = command(
        "fix",
        run,
        (
            "自动修正全角冒号、Tab 和全角空格缩进、键名上的中文引号、写错格式的日期和数字、GBK 编码、BOM "
            "等确定无疑的错误，并显示改动"
        ),
    )
    sub.add_argument("files", nargs="*", help="只修正这些文件（默认：全部资料文件）")
    sub.add_argument("--dry-run", action="store_true", help="只显示将要做的改动，不写入文件")


def run(args: argparse.Namespace) -> int:
    root = project_root(args.root)
    layout = Layout(root)
    sources = Sources(root, layout.brands_dir, (layout.docs_dir, layout.cases_dir))
    if args.files:  # named files: refuse them all before touching any
        paths = [located(name) for name in args.files]
        refused = [f"{display_path(path, root)}: {reason}" for path in paths if (reason := refusal(path, sources))]
        if refused:
            say("\n".join(refused))
            return USAGE_ERROR
    else:
        paths = source_files(sources)
    changed = left_alone = 0
    written: set[Path] = set()
    units = metric_units(sources)
    for path in paths:
        display = display_path(path, root)
        reason = refusal(path, sources)
        if reason:
            say(f"{display}: {reason}")
            left_alone += 1
            continue
        if path.resolve() in written:  # a link to a file fixed already
            continue
        try:
            fix = plan_fix(path, display, units)
        except OSError as error:
            say(f"{display}: 无法读取（{error.strerror or error}），未修改 — 请检查文件权限")
            left_alone += 1
            continue
        if fix is None:
            say(f"{display}: 无法识别文件编码，未修改 — 请在编辑器中另存为 UTF-8")
            left_alone += 1
            continue
        written.add(fix.target)
        if not fix.changed:
            continue
        changed += 1
        say(fix.diff())
        if not args.dry_run:
            try:
                apply_fix(fix)
            except (OSError, FileChangedError) as error:
                say(
                    str(error)
                    if isinstance(error, FileChangedError)
                    else f"{display}: 无法写入（{error.strerror or error}），未修改 — 请检查文件和目录的权限"
                )
                left_alone += 1
    if not changed:
        say("没有需要自动修正的问题。")
    else:
        say(f"{'将修正' if args.dry_run else '已修正'} {changed} 个文件。")
    if args.dry_run:
        return DATA_ERROR if left_alone else OK
    _, problems = load_for_audience(layout)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        say("\n以下问题需要手动修改：")
        say(format_report(problems))
        return DATA_ERROR
    if left_alone:
        say(f"有 {left_alone} 个文件未修改，见上面的说明。")
        return DATA_ERROR
    say("修正后校验通过。")
    return OK
