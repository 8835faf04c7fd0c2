"""An assessment as the party office reads it: text for the terminal, CSV and XLSX for Excel.

Every cell with text goes through showcase/core/spreadsheet.py (brand names and reasons are
typed by people: text that would run as a formula gets an apostrophe); points stay numbers.
CSV: one row per point (brand columns repeated, so Excel can filter and sum). XLSX: a sheet
排名 with one row per brand and its subtotals, and a sheet 明细 with one row per point.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from showcase.assessment.results import Assessment, BrandResult
from showcase.assessment.rules import MISSING, Point, points_text
from showcase.assessment.scheme import BONUS, DEDUCTION, decimal
from showcase.core.spreadsheet import append_row, safe_cell

PENDING = "待定（缺数据）"


def grade_text(result: BrandResult) -> str:
    return result.grade or PENDING


def rank_text(rank: int | None, tied: bool = False) -> str:
    if rank is None:
        return "—"
    return f"{rank}（并列）" if tied else str(rank)


def total_text(result: BrandResult) -> str:
    if result.complete:
        return points_text(result.total)
    return f"{points_text(result.total)}（不完整，缺 {len(result.missing)} 项）"


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


# --------------------------------------------------------------------------- terminal


def text_report(assessment: Assessment) -> str:
    loaded = assessment.loaded
    lines = [f"{assessment.title}（{loaded.display}，{assessment.year} 年，截至 {loaded.as_of.isoformat()}）", ""]
    widths = (12, 26, 12, 24, 16, 8)
    lines.append(_row(("全部排名", "品牌", "法院", "总分", "等级", "院内"), widths) + "较上年")
    for result in assessment.results:
        cells = (
            rank_text(result.rank_all, result.tied),
            result.brand.name,
            result.court_title,
            total_text(result),
            grade_text(result),
            rank_text(result.rank_court),
        )
        lines.append(_row(cells, widths) + (result.movement_text if result.previous is not None else "—"))
    for result in assessment.results:
        lines += ["", _brand_heading(result)]
        subtotals = "，".join(f"{name} {points_text(value)}" for name, value in result.subtotals.items())
        lines.append(f"  小计：{subtotals}；加分 {points_text(result.bonus)}，扣分 {points_text(result.deduction)}")
        if result.not_applicable:
            lines.append(
                f"  不适用 {len(result.not_applicable)} 项：基础分 {points_text(result.earned)}（适用的 "
                f"{points_text(result.applicable)} 分中）按得分率折合为 {points_text(result.base)} 分"
            )
        for point in result.points:
            lines.append(f"  [{point.placed.group}] {point.indicator.name}：{_point_score(point)}")
            lines.append(f"      规则：{point.rule_text}（{point.rule_source}）")
            lines.append(f"      计算：{point.working}")
            lines.append(f"      来源：{'；'.join(point.sources)}")
        if result.missing:
            lines.append(
                f"  缺数据 {len(result.missing)} 项，未评等级、未排名："
                f"{'、'.join(p.indicator.name for p in result.missing)}"
            )
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _row(cells: tuple[str, ...], widths: tuple[int, ...]) -> str:
    return "".join(cell + " " * max(1, width - _width(cell)) for cell, width in zip(cells, widths, strict=True))


def _brand_heading(result: BrandResult) -> str:
    tied = "并列" if result.tied else ""
    ranks = f"院内第 {result.rank_court} 名，全部{tied}第 {result.rank_all} 名" if result.rank_all else "未排名"
    moved = f"，{result.movement_text}" if result.previous is not None else ""
    return (
        f"■ {result.brand.name}（{result.court_title} · {result.brand.branch}）总分 {total_text(result)}，"
        f"{grade_text(result)}，{ranks}{moved}"
    )


def _point_score(point: Point) -> str:
    if point.score is None:
        return point.status
    sign = (
        ""
        if not point.score
        else "-"
        if point.placed.section == DEDUCTION
        else ("+" if point.placed.section == BONUS else "")
    )
    return f"{sign}{points_text(point.score)} / {points_text(decimal(point.indicator.points))}"


# --------------------------------------------------------------------------- tables

SUMMARY: list[tuple[str, Callable[[BrandResult], Any]]] = [
    ("全部排名", lambda r: r.rank_all),
    ("院内排名", lambda r: r.rank_court),
    ("并列", lambda r: "是" if r.tied else ""),
    ("法院", lambda r: r.court_title),
    ("品牌标识", lambda r: r.brand.id),
    ("品牌", lambda r: r.brand.name),
    ("党支部", lambda r: r.brand.branch),
    ("总分", lambda r: _number(r.total)),
    ("数据完整", lambda r: "是" if r.complete else f"否，缺 {len(r.missing)} 项"),
    ("等级", grade_text),
    ("基础分", lambda r: _number(r.base)),
    ("加分", lambda r: _number(r.bonus)),
    ("扣分", lambda r: _number(r.deduction)),
    ("较上年", lambda r: r.movement_text if r.previous is not None else ""),
]

DETAIL: list[tuple[str, Callable[[Point], Any]]] = [
    ("维度", lambda p: p.placed.group),
    ("指标标识", lambda p: p.indicator.id),
    ("指标", lambda p: p.indicator.name),
    ("分值", lambda p: float(p.indicator.points)),
    ("得分", lambda p: _number(p.signed) if p.score is not None else None),
    ("状态", lambda p: p.status),
    ("规则", lambda p: p.rule_text),
    ("规则出处", lambda p: p.rule_source),
    ("计算", lambda p: p.working),
    ("数据来源", lambda p: "；".join(p.sources)),
]


def to_csv(assessment: Assessment) -> str:
    """One row per point, with the brand's summary in front; write it with utf-8-sig for Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "年度",
            *(name for name, _ in SUMMARY),
            *(f"小计：{d}" for d in assessment.dimensions),
            *(name for name, _ in DETAIL),
        ]
    )
    for result in assessment.results:
        summary = [
            assessment.year,
            *(get(result) for _, get in SUMMARY),
            *(_number(result.subtotals[d]) for d in assessment.dimensions),
        ]
        for point in result.points:
            writer.writerow(["" if v is None else safe_cell(v) for v in (*summary, *(get(point) for _, get in DETAIL))])
    return out.getvalue()


def write_xlsx(assessment: Assessment, path: Path) -> None:
    """排名 (one row per brand, subtotals per dimension) and 明细 (one row per point)."""
    book = Workbook()
    ranking = book.active
    ranking.title = "排名"
    append_row(
        ranking, [f"{assessment.title}（截至 {assessment.loaded.as_of.isoformat()}；方案 {assessment.loaded.display}）"]
    )
    ranking["A1"].font = Font(bold=True, size=13)
    headers = [name for name, _ in SUMMARY] + [f"小计：{d}" for d in assessment.dimensions] + ["缺数据的指标"]
    for cell in append_row(ranking, headers):
        cell.font = Font(bold=True)
    for result in assessment.results:
        append_row(
            ranking,
            [
                *(get(result) for _, get in SUMMARY),
                *(_number(result.subtotals[d]) for d in assessment.dimensions),
                "、".join(p.indicator.name for p in result.missing),
            ],
        )
    detail = book.create_sheet("明细")
    for cell in append_row(detail, ["全部排名", "法院", "品牌", *(name for name, _ in DETAIL)]):
        cell.font = Font(bold=True)
    for result in assessment.results:
        for point in result.points:
            cells = append_row(
                detail, [result.rank_all, result.court_title, result.brand.name, *(get(point) for _, get in DETAIL)]
            )
            if point.status == MISSING:
                for cell in cells:
                    cell.font = Font(color="B00000")
    for sheet, widths in (
        (ranking, [9, 9, 6, 12, 20, 24, 26, 9, 12, 12, 9, 7, 7, 30]),
        (detail, [9, 12, 24, 14, 18, 22, 7, 8, 8, 40, 30, 50, 50]),
    ):
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(
                    vertical="top", wrap_text=isinstance(cell.value, str) and len(cell.value) > 20
                )
    ranking.freeze_panes = "A3"
    detail.freeze_panes = "A2"
    book.save(path)
