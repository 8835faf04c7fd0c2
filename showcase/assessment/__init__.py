"""量化考核 (assessment): brand plans scored against a yearly scheme, every point traced to its
rule and its source `path:line`. The public API of the feature.

    load_schemes(layout, catalog)   schemes and scores under brands/assessment/, checked (scheme.py)
    assess(catalog, loaded)         one year: points, subtotals, totals, grades, ranks (rules.py, results.py)
    assess_all(catalog, schemes)    every year, each with its movement since the one before
    check(layout, catalog)          the problems `validate` reports
    text_report / to_csv / write_xlsx   what `showcase.py assess` prints and writes (export.py)
"""

from __future__ import annotations

from showcase.assessment.export import grade_text, rank_text, text_report, to_csv, total_text, write_xlsx
from showcase.assessment.results import (
    DOWN,
    SAME,
    UP,
    Assessment,
    BrandResult,
    Trend,
    assess,
    assess_all,
    assess_brand,
    trend,
)
from showcase.assessment.rules import MISSING, NOT_APPLICABLE, SCORED, Link, Point, number_text, points_text
from showcase.assessment.scheme import (
    BASE,
    BONUS,
    CASE_LEVELS,
    COUNT_KINDS,
    DEDUCTION,
    HONOR_LEVELS,
    RULE_TYPES,
    LoadedScheme,
    Scheme,
    ScoreSheet,
    assessed_brands,
    load_schemes,
    scheme_files,
)
from showcase.core.catalog import Catalog
from showcase.core.problems import Problem
from showcase.core.sources import Layout


def check(layout: Layout, catalog: Catalog) -> list[Problem]:
    """Every problem of the scheme and score files (none when there are none)."""
    return load_schemes(layout, catalog)[1]


__all__ = [
    "BASE",
    "BONUS",
    "CASE_LEVELS",
    "COUNT_KINDS",
    "DEDUCTION",
    "DOWN",
    "HONOR_LEVELS",
    "MISSING",
    "NOT_APPLICABLE",
    "RULE_TYPES",
    "SAME",
    "SCORED",
    "UP",
    "Assessment",
    "BrandResult",
    "Link",
    "LoadedScheme",
    "Point",
    "Scheme",
    "ScoreSheet",
    "Trend",
    "assess",
    "assess_all",
    "assess_brand",
    "assessed_brands",
    "check",
    "grade_text",
    "load_schemes",
    "number_text",
    "points_text",
    "rank_text",
    "scheme_files",
    "text_report",
    "to_csv",
    "total_text",
    "trend",
    "write_xlsx",
]
