"""跟踪问效 (tracking): is each brand alive and working? The public API of the feature.

findings(...)         one row per brand and per court (findings.py), from git dates (dates.py)
to_csv(rows)          the table for Excel (report.py)
dashboard_page(...)   the internal dashboard page (dashboard.py, templates/)
"""

from showcase.tracking.dashboard import DASHBOARD_SRC, STYLESHEET_SRC, dashboard_markdown, dashboard_page, stylesheet
from showcase.tracking.dates import SOURCE_GIT, SOURCE_MTIME, SOURCE_UNCOMMITTED, ChangeDates, change_dates
from showcase.tracking.findings import (
    NOT_SUBMITTED,
    OUTCOMES,
    BrandRow,
    CourtRow,
    Thresholds,
    brand_files,
    findings,
    period_end,
    summarise,
)
from showcase.tracking.report import to_csv

__all__ = [
    "DASHBOARD_SRC",
    "NOT_SUBMITTED",
    "OUTCOMES",
    "SOURCE_GIT",
    "SOURCE_MTIME",
    "SOURCE_UNCOMMITTED",
    "STYLESHEET_SRC",
    "BrandRow",
    "ChangeDates",
    "CourtRow",
    "Thresholds",
    "brand_files",
    "change_dates",
    "dashboard_markdown",
    "dashboard_page",
    "findings",
    "period_end",
    "stylesheet",
    "summarise",
    "to_csv",
]
