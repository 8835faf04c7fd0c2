"""The ranking written out: XLSX for the panel, CSV for other tools, a Markdown page for the site.

Titles, court and brand names, reviewers' names, file names and comments are user text: every
cell goes through showcase/spreadsheet.py, so none of them can become a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from showcase.core import display
from showcase.core.catalog import Catalog
from showcase.core.spreadsheet import append_row, safe_cell
from showcase.packets.archive import normalise_office_file
from showcase.packets.ranking import Ranking, SheetScores
from showcase.packets.spec import LoadedSpec

TEMPLATES = Path(__file__).parent / "templates"
PAGE_DIR = "docs/packets"
CHINA = dt.timezone(dt.timedelta(hours=8), "北京时间")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


@dataclass(frozen=True)
class CaseInfo:
    case_id: str
    title: str
    court: str
    brand: str
    src_uri: str  # below docs/, for links from the result page


def case_infos(loaded: LoadedSpec, catalog: Catalog) -> dict[str, CaseInfo]:
    infos = {}
    for case in loaded.cases:
        court = catalog.courts.get(case.meta.court)
        brand = catalog.brands.get(case.meta.brand)
        shown = display.court_name(court) if court else case.meta.court
        infos[case.id] = CaseInfo(
            case.id, case.meta.title, shown, brand.name if brand else case.meta.brand, case.src_uri
        )
    return infos


def _n(value: Decimal) -> float:
    return float(value)


def write_xlsx(
    target: Path,
    loaded: LoadedSpec,
    ranking: Ranking,
    sheets: list[SheetScores],
    infos: dict[str, CaseInfo],
    moment: dt.datetime,
) -> None:
    workbook = Workbook()
    bold = Font(bold=True)
    head = PatternFill("solid", fgColor="E8E8E8")
    summary = workbook.active
    summary.title = "排名"
    append_row(summary, [f"{loaded.spec.title} · 评审结果"])
    summary["A1"].font = Font(bold=True, size=14)
    append_row(summary, [f"计分方法：{ranking.method}；加权总分为百分制，保留两位小数；得分相同者并列。"])
    append_row(summary, [])
    headers = [
        "名次",
        "并列",
        "序号",
        "案例标题",
        "法院",
        "品牌",
        "最终得分",
        *[c.label + "（平均）" for c in loaded.criteria],
        *[f"{name}" for name in ranking.reviewers],
        "去掉的分数",
    ]
    append_row(summary, headers)
    for cell in summary[summary.max_row]:
        cell.font = bold
        cell.fill = head
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in ranking.rows:
        info = infos[row.case_id]
        dropped = "、".join(f"{name} {row.totals[name]}" for name in row.dropped)
        means = [_n(row.criterion_means[c.key]) for c in loaded.criteria]
        totals_by_reviewer = [_n(row.totals[name]) for name in ranking.reviewers]
        append_row(
            summary,
            [
                row.rank,
                "并列" if row.tied else "",
                row.number,
                info.title,
                info.court,
                info.brand,
                _n(row.final),
                *means,
                *totals_by_reviewer,
                dropped,
            ],
        )
    for column, width in zip("ABCDEFG", (6, 6, 6, 46, 12, 20, 10), strict=True):
        summary.column_dimensions[column].width = width
    for index in range(len(loaded.criteria) + len(ranking.reviewers)):
        summary.column_dimensions[get_column_letter(8 + index)].width = 11
    summary.freeze_panes = "E5"

    detail = workbook.create_sheet("评分明细")
    append_row(
        detail, ["评审人", "文件", "序号", "案例标题", *[c.label for c in loaded.criteria], "加权总分", "评审意见"]
    )
    for cell in detail[1]:
        cell.font = bold
        cell.fill = head
    totals = {row.case_id: row.totals for row in ranking.rows}
    for sheet in sheets:
        for number, case in enumerate(loaded.cases, start=1):
            scores = sheet.scores[case.id]
            append_row(
                detail,
                [
                    sheet.reviewer,
                    sheet.file,
                    number,
                    infos[case.id].title,
                    *[_n(scores[c.key]) for c in loaded.criteria],
                    _n(totals[case.id][sheet.reviewer]),
                    sheet.comments.get(case.id, ""),
                ],
            )
    detail.column_dimensions["B"].width = 18
    detail.column_dimensions["D"].width = 46
    detail.column_dimensions[get_column_letter(5 + len(loaded.criteria) + 1)].width = 40
    workbook.properties.creator = "showcase packet"
    workbook.properties.created = moment.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.save(target)
    normalise_office_file(target, moment)


def write_csv(target: Path, loaded: LoadedSpec, ranking: Ranking, infos: dict[str, CaseInfo]) -> None:
    # UTF-8 with BOM: Excel on Chinese Windows reads a BOM-less CSV as GBK and garbles it.
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                safe_cell(v)
                for v in [
                    "名次",
                    "并列",
                    "序号",
                    "案例标识",
                    "案例标题",
                    "法院",
                    "品牌",
                    "最终得分",
                    *[c.label for c in loaded.criteria],
                    *ranking.reviewers,
                ]
            ]
        )
        for row in ranking.rows:
            info = infos[row.case_id]
            means = [row.criterion_means[c.key] for c in loaded.criteria]
            values = [
                row.rank,
                "是" if row.tied else "",
                row.number,
                row.case_id,
                info.title,
                info.court,
                info.brand,
                row.final,
                *means,
                *[row.totals[n] for n in ranking.reviewers],
            ]
            writer.writerow([safe_cell(v) for v in values])


def markdown_text(value: object) -> str:
    """Text for a Markdown table cell: Markdown syntax escaped, one line. HTML is escaped by the template."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def write_page(
    target: Path, loaded: LoadedSpec, ranking: Ranking, infos: dict[str, CaseInfo], moment: dt.datetime, docs_dir: Path
) -> None:
    """The result page; titles link to the case pages when the page lives in the site's docs/."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    in_site = target.resolve().is_relative_to(docs_dir.resolve())

    def link(info: CaseInfo) -> str:
        if not in_site:
            return ""
        return Path(os.path.relpath(docs_dir.resolve() / info.src_uri, target.resolve().parent)).as_posix()

    text = env.get_template("result.md.j2").render(
        spec=loaded,
        ranking=ranking,
        infos=infos,
        date=moment.astimezone(CHINA).strftime("%Y-%m-%d"),
        link=link,
    )
    target.write_text(text, encoding="utf-8")
