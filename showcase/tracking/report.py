"""The tracking table as CSV, for Excel: one row per brand, or per court."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from showcase.core.spreadsheet import safe_cell
from showcase.tracking.findings import NOT_SUBMITTED, BrandRow, CourtRow

BRAND_COLUMNS: list[tuple[str, Callable[[BrandRow], Any]]] = [
    ("法院", lambda r: r.court_name),
    ("品牌标识", lambda r: r.brand_id),
    ("品牌", lambda r: r.brand_name),
    ("党支部", lambda r: r.branch),
    ("阶段", lambda r: r.stage),
    ("可见范围", lambda r: "内部" if r.visibility == "internal" else "公开"),
    ("联络员", lambda r: r.liaison),
    ("资料最近改动", lambda r: r.last_change.isoformat() if r.last_change else ""),
    ("改动距今天数", lambda r: r.days_since_change),
    ("改动日期来源", lambda r: r.change_source),
    ("最近动态", lambda r: r.last_update),
    ("动态距今天数", lambda r: r.days_since_update),
    ("案例数", lambda r: r.cases),
    ("推荐", lambda r: r.pipeline["推荐"]),
    ("入选", lambda r: r.pipeline["入选"]),
    ("获评", lambda r: r.pipeline["获评"]),
    ("未参评", lambda r: r.pipeline[NOT_SUBMITTED]),
    ("载体数", lambda r: r.carriers),
    ("项目数", lambda r: r.projects),
    ("缺少内容", lambda r: "；".join(r.missing)),
    ("指标越界", lambda r: "；".join(r.out_of_range)),
    ("逾期任务", lambda r: "；".join(r.overdue_tasks)),
    ("临近截止的任务", lambda r: "；".join(r.at_risk_tasks)),
    ("需关注事项", lambda r: "；".join(r.issues)),
]

COURT_COLUMNS: list[tuple[str, Callable[[CourtRow], Any]]] = [
    ("法院标识", lambda r: r.court_id),
    ("法院", lambda r: r.court_name),
    ("层级", lambda r: r.level),
    ("组织数据年份", lambda r: r.organisation_year),
    ("党支部数", lambda r: r.branches),
    ("已创建品牌的支部数", lambda r: r.branches_with_brand),
    ("未创建品牌的支部数", lambda r: r.branches_without_brand),
    ("品牌覆盖", lambda r: r.coverage),
    ("品牌数", lambda r: r.brands),
    ("无案例的品牌", lambda r: "、".join(r.brands_without_case)),
    ("需关注的品牌数", lambda r: r.attention_brands),
    ("指标越界", lambda r: "；".join(r.out_of_range)),
    ("需关注事项", lambda r: "；".join(r.issues)),
]


def to_csv(rows: list[BrandRow] | list[CourtRow]) -> str:
    """The table as CSV text (brand rows or court rows); write it with encoding utf-8-sig for Excel.

    Names and liaisons are typed by editors: text that a spreadsheet would run as a formula
    gets a leading apostrophe (showcase/spreadsheet.py); counts stay numbers.
    """
    columns: list[tuple[str, Callable[[Any], Any]]] = (
        COURT_COLUMNS if rows and isinstance(rows[0], CourtRow) else BRAND_COLUMNS
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF: what Excel writes and expects
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow(["" if (value := get(row)) is None else safe_cell(value) for _, get in columns])
    return out.getvalue()
