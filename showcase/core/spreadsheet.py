"""Spreadsheet cells are data, never programs (CSV / formula injection, CWE-1236).

Every CSV and XLSX the product writes passes user text (names, titles, liaisons, reviewers'
comments, file names) through this module; nothing else decides the rule.

The rule: text whose first visible character is `=`, `+`, `-` or `@` — after any leading
whitespace or invisible format characters, and also in its full-width or compatibility form
(＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫ …, which Excel's and WPS's East Asian input turn into ASCII when a cell is
edited) — or that starts with a tab or a carriage return, gets one leading apostrophe `'`
(OWASP's advice). The apostrophe is added in XLSX too, not only in CSV: a typed string cell
is safe inside the workbook, but "save as CSV" in Excel, WPS or LibreOffice writes it out raw,
and that CSV would run. Text that already starts with an apostrophe followed by such text
gets a second one, so `unquote` recovers exactly what was written.

In XLSX, text is always written as a string cell (openpyxl otherwise turns any str starting
with "=" into a formula and "#N/A" into an error value); numbers stay numbers. The formulas
the product writes on purpose are marked with `Formula` and are the only formulas written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

TRIGGERS = frozenset("=+-@")
CONTROL_LEADS = ("\t", "\r")  # start a formula or split a cell in some importers, by themselves
QUOTE = "'"
# Characters XML 1.0 cannot carry; openpyxl raises IllegalCharacterError on them.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Excel's limit per cell; longer text makes Excel call the whole workbook damaged.
CELL_LIMIT = 32_767
CUT_MARK = "…（超出单元格长度上限，以下从略）"


def _skippable(char: str) -> bool:
    # Spaces (including U+3000 and NBSP) and zero-width / bidi format characters: invisible,
    # and trimmed by some importers and clean-up functions before the cell is parsed.
    return char.isspace() or unicodedata.category(char) == "Cf"


def needs_quote(text: str) -> bool:
    """Would a spreadsheet application read this text as the start of a formula?"""
    if text.startswith(CONTROL_LEADS):
        return True
    for index, char in enumerate(text):
        if _skippable(char):
            continue
        if char == QUOTE:  # keep `unquote` exact: '=x is written as ''=x
            return needs_quote(text[index + 1 :])
        return unicodedata.normalize("NFKC", char)[:1] in TRIGGERS
    return False


def safe_text(text: str) -> str:
    """Text as it may appear in a cell: with a leading apostrophe when it would run."""
    return QUOTE + text if needs_quote(text) else text


def unquote(text: str) -> str:
    """The inverse of `safe_text`, for cells the product wrote and reads back (names, titles)."""
    return text[1:] if text.startswith(QUOTE) and needs_quote(text[1:]) else text


def safe_cell(value: Any) -> Any:
    """A CSV field: text made safe, numbers (int, float, Decimal) and None unchanged."""
    return safe_text(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Formula:
    """A formula the product writes on purpose, e.g. the score sheet's weighted total."""

    text: str

    def __post_init__(self) -> None:
        if not self.text.startswith("="):
            raise ValueError(f"a formula starts with '=': {self.text!r}")


def set_cell(cell: Any, value: Any) -> Any:
    """Write one openpyxl cell: text as a string cell, `Formula` as a formula, others as they are."""
    if isinstance(value, Formula):
        cell.value = value.text
    elif isinstance(value, str):
        text = XML_ILLEGAL.sub("\ufffd", safe_text(value))
        if len(text) > CELL_LIMIT:  # visibly cut; the source file keeps the whole text
            text = text[: CELL_LIMIT - len(CUT_MARK)] + CUT_MARK
        cell.value = text
        cell.data_type = "s"  # after the assignment, which may have guessed 'f' or 'e'
    else:
        cell.value = value
    return cell


def append_row(sheet: Any, values: list[Any]) -> tuple[Any, ...]:
    """`sheet.append`, with every value written by `set_cell`; returns the row's cells."""
    if not values:
        sheet.append([])
        return ()
    sheet.append([None] * len(values))
    row = sheet.max_row
    return tuple(set_cell(sheet.cell(row=row, column=column), value) for column, value in enumerate(values, start=1))
