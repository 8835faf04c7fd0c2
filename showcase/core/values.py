"""Dates and numbers as people type them, read once: what an unambiguous one means in the form
the data contract wants. `repair.py` writes these (validate reports them, `fix` applies them) and
`validate.py` names them in its hints; anything that could mean two things gives None.

    2021年3月5日 · 2021.3.5 · 2021/3/5 · 2021-3-5   → 2021-03-05
    2023年3月 · 2023.3 · 2023/03                    → 2023-03   (2023.10 is October)
    2023年 · 2023年度                               → 2023
    10期 · 1,200 · 1,200件 · １２００                → 10 · 1200 · 1200 · 1200
    87.26%  (where the metric's unit is %)          → 87.26
Not read: 20多, 约20, 20余次 (approximate), 1.2万 (a multiplier: the hint names 12000, the author
decides), 1,20 (a decimal comma?), two-digit years, 2023.13.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

_FULL_DATE = [
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$"),
    re.compile(r"^(\d{4})\s*[./\-]\s*(\d{1,2})\s*[./\-]\s*(\d{1,2})$"),
]
_MONTH = [re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月份?$"), re.compile(r"^(\d{4})\s*[./\-]\s*(\d{1,2})$")]
_YEAR = re.compile(r"^(\d{4})\s*年度?$")
# Units people add to a count; a metric's own unit (registry) is accepted as well.
COUNTING_UNITS = (
    "件",
    "次",
    "期",
    "人",
    "名",
    "个",
    "场",
    "项",
    "篇",
    "份",
    "条",
    "户",
    "家",
    "起",
    "批",
    "堂",
    "课",
    "节",
    "天",
    "位",
)
APPROXIMATE = re.compile(r"[多余约近超逾]|左右|以上|上下")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_TEN_THOUSAND = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*万$")


def _normal(text: str) -> str:
    """Full-width digits, letters and punctuation as their ASCII forms (１２ → 12, ％ → %)."""
    return unicodedata.normalize("NFKC", text).strip()


def _iso(year: str, month: str | None = None, day: str | None = None) -> str | None:
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if not 1900 <= int(year) <= 2100:
        return None
    return "-".join([year, *(f"{int(part):02d}" for part in (month, day) if part is not None)])


def iso_date(text: str) -> str | None:
    """An ISO date (2023-12-27, 2023-12 or 2023) for a date written another unambiguous way."""
    value = _normal(text)
    for pattern in _FULL_DATE:
        if match := pattern.match(value):
            return _iso(*match.groups())
    for pattern in _MONTH:
        if match := pattern.match(value):
            return _iso(*match.groups())
    if match := _YEAR.match(value):
        return _iso(match.group(1))
    return None


def year_number(text: str) -> str | None:
    """A four-digit year for 2022年, 2022年度, ２０２２."""
    value = _normal(text)
    match = _YEAR.match(value) or re.match(r"^(\d{4})$", value)
    return match.group(1) if match and 1900 <= int(match.group(1)) <= 2100 else None


def _plain(number: str) -> str | None:
    """A number as the contract wants it: no group separators, no needless sign."""
    if not _NUMBER.match(number):
        return None
    if "," in number and not _GROUPED.match(number):
        return None
    digits = number.replace(",", "").lstrip("+")
    try:
        Decimal(digits)
    except InvalidOperation:
        return None
    return digits


def number(text: str, unit: str | None = None) -> str | None:
    """The number in `10期`, `1,200`, `1,200件`, `１２００`; `87.26%` only when `unit` is %.
    None when the text is approximate, has another unit, or is not a number at all."""
    value = _normal(text).replace(" ", "")
    if not value or APPROXIMATE.search(value):
        return None
    if value.endswith("%"):
        return _plain(value[:-1]) if unit == "%" else None
    for suffix in sorted({*COUNTING_UNITS, *([unit] if unit and unit != "%" else [])}, key=len, reverse=True):
        if value.endswith(suffix) and len(value) > len(suffix):
            return _plain(value[: -len(suffix)])
    if value == text.strip() and _NUMBER.match(value) and "," not in value:
        return None  # already a plain number: nothing to convert
    return _plain(value)


def suggested_number(text: str, unit: str | None = None) -> str | None:
    """A number to name in a hint, where `number` will not decide: 1.2万 → 12000, 20多次 → 20."""
    found = number(text, unit)
    if found is not None:
        return found
    value = _normal(text).replace(" ", "")
    if match := _TEN_THOUSAND.match(value):
        result = Decimal(match.group(1)) * 10000
        return format(result.normalize(), "f") if result == result.to_integral() else str(result)
    digits = re.search(r"\d+(?:\.\d+)?", value.replace(",", ""))
    return digits.group() if digits else None
