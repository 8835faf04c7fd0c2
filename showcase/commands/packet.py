"""`python scripts/showcase.py packet build|check|score`: the commands reviewers run.

Registered through showcase.cli's COMMAND_MODULES. Exit codes follow the CLI: 0 成功,
1 数据有误 (spec, case files or score sheets), 2 用法或环境错误. Problems are printed as
`文件:行号: 说明 — 建议` (or `文件 工作表!单元格: …` for score sheets), never as a traceback.
"""

from __future__ import annotations

import argparse
import glob
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

from showcase.audience import INTERNAL, PUBLIC, load_for_audience
from showcase.commands.common import DATA_ERROR, OK, USAGE_ERROR, Command, project_root, say
from showcase.core import placeholders
from showcase.core.display import court_name
from showcase.core.loader import Layout
from showcase.core.model import DATE_PATTERN, Selection
from showcase.core.problems import Problem, ValidationFailed, display_path, format_report
from showcase.packets.build import PacketError, build_packet, build_time, default_out
from showcase.packets.layout import FontsMissing
from showcase.packets.ranking import rank
from showcase.packets.raster import RasterError
from showcase.packets.record import plan_edit, write_edits
from showcase.packets.results import PAGE_DIR, case_infos, write_csv, write_page, write_xlsx
from showcase.packets.scoresheet import read_sheets
from showcase.packets.spec import LoadedSpec, find_spec, load_spec

LEVELS = list(get_args(Selection.model_fields["level"].annotation))  # 院 市 区 全国
OUTCOMES = list(get_args(Selection.model_fields["outcome"].annotation))  # 推荐 入选 获评


def _load(args: argparse.Namespace) -> tuple[Any, LoadedSpec | None, int]:
    """Catalog and spec, or the exit code after the problems were printed."""
    root = project_root(args.root)
    layout = Layout(root)
    catalog, problems = load_for_audience(layout, INTERNAL)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        say(format_report(problems))
        say("品牌或案例资料有误，请先修正（python scripts/showcase.py validate 可单独检查）。")
        return catalog, None, DATA_ERROR
    loaded, spec_problems = load_spec(find_spec(args.spec, root).resolve(), catalog)
    if loaded is not None and loaded.spec.audience == "public":
        # Public packets obey the public build's privacy rules: its findings become errors.
        catalog, problems = load_for_audience(layout, PUBLIC)
        if any(p.severity == "error" for p in problems):
            say(format_report(problems))
            say("公开材料包不能含有内部信息，请先修正上述问题。")
            return catalog, None, DATA_ERROR
        loaded, spec_problems = load_spec(loaded.path, catalog)
    if loaded is None:
        say(format_report(spec_problems))
        return catalog, None, DATA_ERROR
    # Reviewers get finished cases: a template's 待填写 left in one of them stops the packet.
    sources = {display_path(case.source, root) for case in loaded.cases}
    unfilled = placeholders.strict([p for p in problems if p.code == placeholders.CODE and p.path in sources])
    if unfilled:
        say(format_report(unfilled))
        say("材料包中的案例还有“待填写”没有填，请先填写。")
        return catalog, None, DATA_ERROR
    for problem in spec_problems:
        say(problem.format())
    return catalog, loaded, OK


def cmd_build(args: argparse.Namespace) -> int:
    catalog, loaded, code = _load(args)
    if loaded is None:
        return code
    root = catalog.root
    out = Path(args.out).resolve() if args.out else default_out(root, loaded.name)
    say(f"正在生成评审材料包“{loaded.spec.title}”（{len(loaded.cases)} 个案例）……")
    # A public packet is built from the public view: internal items, fields and media are left out.
    source = catalog.public_only() if loaded.spec.audience == "public" else catalog
    try:
        result = build_packet(loaded, source, out)
    except ValidationFailed as failed:
        say(format_report(failed.problems))
        say("案例中的图片有误，材料包未生成。")
        return DATA_ERROR
    except (PacketError, FontsMissing, RasterError) as error:
        say(f"材料包未生成：{error}")
        if isinstance(error, FontsMissing):
            say("请安装 Debian 软件包 fonts-noto-cjk fonts-arphic-ukai（bash scripts/install-system-deps.sh）。")
        return USAGE_ERROR
    for warning in result.warnings:
        say(f"[警告] {warning}")
    say(f"已生成 {display_path(result.out, root)}/：")
    for path in result.files:
        say(f"  {path.relative_to(result.out).as_posix():<28} {_size(path.stat().st_size)}")
    say(
        f"PDF 共 {result.pages} 页（封面、目录和评审说明 {result.front_pages} 页，正文 "
        f"{result.pages - result.front_pages} 页），用时 {result.seconds:.1f} 秒。"
    )
    say(f"把 {display_path(result.archive, root)} 发给评审人；交回的评分表用 packet score 汇总。")
    return OK


def cmd_check(args: argparse.Namespace) -> int:
    catalog, loaded, code = _load(args)
    if loaded is None:
        return code
    say(f"{loaded.display}：{loaded.spec.title}（{loaded.campaign_name}）")
    say(
        "评选标准："
        + "；".join(f"{c.label} 权重 {c.weight.normalize():f}% 分值 {c.range_text}" for c in loaded.criteria)
    )
    say(
        "评审人："
        + ("、".join(loaded.spec.reviewers) if loaded.spec.reviewers else "（未指定，评分表由评审人自行填写姓名）")
    )
    say(f"案例（{len(loaded.cases)} 个，按编排顺序）：")
    for number, case in enumerate(loaded.cases, start=1):
        court = catalog.courts[case.meta.court]
        brand = catalog.brands[case.meta.brand]
        status = f"，{case.status}" if case.status else ""
        say(
            f"  {number}. {case.id}  《{case.meta.title}》 {court_name(court)} · {brand.name}（{case.meta.year} "
            f"年{status}）"
        )
    return OK


def _sheet_paths(given: list[str]) -> list[Path]:
    """Expand globs (Windows shells do not) and folders; skip Office lock files."""
    paths: list[Path] = []
    for item in given:
        matches = [Path(p) for p in sorted(glob.glob(item))] if any(ch in item for ch in "*?[") else [Path(item)]
        for path in matches:
            if path.is_dir():
                paths.extend(sorted(path.glob("*.xlsx")))
            else:
                paths.append(path)
    return [p for p in dict.fromkeys(paths) if not p.name.startswith(("~$", ".~lock"))]


def _displays(paths: list[Path]) -> list[str]:
    """File names, unless two sheets share one; then enough of the path to tell them apart."""
    names = [p.name for p in paths]
    return [p.name if names.count(p.name) == 1 else p.as_posix() for p in paths]


def cmd_score(args: argparse.Namespace) -> int:
    if args.record and not (args.level and args.outcome and args.date):
        say("用法错误：--record 需要同时给出 --level、--outcome 和 --date")
        return USAGE_ERROR
    if args.date and not DATE_PATTERN.match(args.date):
        say(f"用法错误：--date “{args.date}”应写成 2024-03-15、2024-03 或 2024")
        return USAGE_ERROR
    catalog, loaded, code = _load(args)
    if loaded is None:
        return code
    root = catalog.root
    paths = _sheet_paths(args.sheets)
    missing = [p for p in paths if not p.is_file()]
    if missing or not paths:
        say("找不到评分表：" + ("、".join(str(p) for p in missing) if missing else "没有匹配的 .xlsx 文件"))
        return USAGE_ERROR
    infos = case_infos(loaded, catalog)
    titles = {case_id: info.title for case_id, info in infos.items()}
    sheets, problems = read_sheets(paths, _displays(paths), loaded, titles)
    for problem in problems:  # in reading order: by sheet, then row, then column
        say(problem.format())
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        say(f"共发现 {len(errors)} 个问题，未计分。请评审人改正评分表后重新运行。")
        return DATA_ERROR
    ranking = rank([case.id for case in loaded.cases], loaded.criteria, sheets)
    moment, _ = build_time()

    out = Path(args.out).resolve() if args.out else default_out(root, loaded.name).with_name(f"{loaded.name}-result")
    out.mkdir(parents=True, exist_ok=True)
    write_xlsx(out / "result.xlsx", loaded, ranking, sheets, infos, moment)
    write_csv(out / "result.csv", loaded, ranking, infos)
    written = [out / "result.xlsx", out / "result.csv"]
    if not args.no_page:
        page = Path(args.page).resolve() if args.page else root / PAGE_DIR / f"{loaded.name}-result.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        write_page(page, loaded, ranking, infos, moment, root / "docs")
        written.append(page)

    say(f"{ranking.method}。排名：")
    for row in ranking.rows:
        tie = "（并列）" if row.tied else ""
        say(f"  第 {row.rank} 名{tie}  {row.final}  {row.number}. {infos[row.case_id].title}")
    for group in ranking.ties:
        say(
            f"并列第 {group[0].rank} 名："
            + "、".join(f"《{infos[row.case_id].title}》" for row in group)
            + f"（均为 {group[0].final} 分）"
        )
    say("已写出：" + "、".join(display_path(path, root) for path in written))
    if args.record:
        return _record(args, loaded, ranking, root)
    return OK


def _record(args: argparse.Namespace, loaded: LoadedSpec, ranking: Any, root: Path) -> int:
    rows = [row for row in ranking.rows if args.top is None or row.rank <= args.top]
    cases = {case.id: case for case in loaded.cases}
    edits = []
    problems: list[Problem] = []
    for row in rows:
        tie = "，并列" if row.tied else ""
        entry = {
            "date": args.date,
            "level": args.level,
            "outcome": args.outcome,
            "campaign": loaded.spec.campaign,
            "note": f"{loaded.spec.title}：第 {row.rank} 名{tie}（共 {len(ranking.rows)} 个），得分 {row.final}",
        }
        edit, problem = plan_edit(cases[row.case_id], entry, root)
        if problem:
            problems.append(problem)
        elif edit:
            edits.append(edit)
        else:
            say(f"  {display_path(cases[row.case_id].source, root)}：已有这条评选经历，未重复写入")
    if problems:
        say(format_report(problems))
        say("评选结果未写入任何案例文件。")
        return DATA_ERROR
    write_edits(edits)
    for edit in edits:
        say(f"  已写入 {edit.display}:{edit.line}：{args.date} {args.level}级{args.outcome}")
    skipped = len(ranking.rows) - len(rows)
    if skipped:
        say(f"  名次在 {args.top} 名以后的 {skipped} 个案例未写入。")
    return OK


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def register(command: Command) -> None:
    packet = command("packet", lambda args: USAGE_ERROR, "评审材料包：生成 PDF、Word 和评分表，汇总评分并排名")
    subcommands = packet.add_subparsers(
        dest="packet_command", title="子命令", metavar="<子命令>", parser_class=type(packet)
    )
    subcommands.required = True

    def sub(name: str, func: Callable[[argparse.Namespace], int], help_text: str) -> argparse.ArgumentParser:
        parser = subcommands.add_parser(name, help=help_text, description=help_text, add_help=False)
        parser.add_argument("-h", "--help", action="help", help="显示帮助并退出")
        parser.set_defaults(func=func)
        parser.add_argument("spec", help="材料包配置：packets/<名称>.yml 的路径，或只写名称，如 sample")
        return parser

    build = sub("build", cmd_build, "生成评审材料包：packet.pdf、packet.docx、scoresheet.xlsx、manifest.json 及 zip")
    build.add_argument("--out", help="输出目录（默认 build/packets/<名称>/）")

    sub("check", cmd_check, "校验材料包配置，列出将编入的案例")

    score = sub("score", cmd_score, "汇总评审人交回的评分表，排名并写出结果（XLSX、CSV、网站页面）")
    score.add_argument("sheets", nargs="+", help="评分表文件（可用通配符，如 评分表/*.xlsx，或一个文件夹）")
    score.add_argument("--out", help="结果目录（默认 build/packets/<名称>-result/）")
    score.add_argument("--page", help=f"结果页面路径（默认 {PAGE_DIR}/<名称>-result.md）")
    score.add_argument("--no-page", action="store_true", help="不写网站页面")
    score.add_argument("--record", action="store_true", help="把评选结果写入各案例文件头的 selections")
    score.add_argument("--level", choices=LEVELS, help="评选级别（与 --record 一起用）")
    score.add_argument("--outcome", choices=OUTCOMES, help="评选结果（与 --record 一起用）")
    score.add_argument("--date", help="评选日期，如 2024-03（与 --record 一起用）")
    score.add_argument("--top", type=int, help="只写入前 N 名（含并列）；默认全部")
