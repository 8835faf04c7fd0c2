"""The XLSX score sheet, and reading reviewers' filled copies back.

Layout of the sheet 评分表 (rows and columns are part of the contract with `packet score`):

    row 1   title
    row 2   评审人 (B2) and 评审日期 (E2): typed by the reviewer
    row 3   headers: 序号 | 案例标题 | 报送法院 | one column per criterion | 加权总分 | 评审意见
    row 4   权重（%）
    row 5   最高分 — the weighted-total formula divides by it
    row 6…  one row per case, in packet order

Only the yellow cells (scores, comments, name, date) are unlocked; the sheet and the workbook
structure are protected without a password, which stops accidents rather than people. A
hidden sheet `_packet` records which case each row holds and the criteria the sheet was made
for, so a sheet from another packet, or from an older build of this one, is refused by cell.

Text from the packet spec and the cases (titles, courts, labels, reviewers' names) goes through
showcase/spreadsheet.py: string cells, with an apostrophe before text a spreadsheet would run.
The weighted totals and the weight sum are the only formulas. Reading back, a score cell
holding a formula counts by its calculated value (with a warning) or is refused by cell.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from showcase.core.problems import Problem
from showcase.core.spreadsheet import Formula, append_row, set_cell, unquote
from showcase.core.validate import suggest
from showcase.packets.archive import normalise_office_file
from showcase.packets.ranking import SheetScores
from showcase.packets.spec import Criterion, LoadedSpec, plain

FORMAT = "showcase-packet-scoresheet/1"
SHEET = "评分表"
GUIDE_SHEET = "填表说明"
META_SHEET = "_packet"
TITLE_ROW, REVIEWER_ROW, HEADER_ROW, WEIGHT_ROW, MAX_ROW, FIRST_ROW = 1, 2, 3, 4, 5, 6
NUMBER_COL, TITLE_COL, COURT_COL, FIRST_CRITERION_COL = 1, 2, 3, 4
REVIEWER_CELL, DATE_CELL = "B2", "E2"
FONT_NAMES = {"office": "宋体", "free": "Noto Sans CJK SC"}

INPUT_FILL = PatternFill("solid", fgColor="FFF6C8")
HEAD_FILL = PatternFill("solid", fgColor="E8E8E8")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class SheetCase:
    case_id: str
    title: str
    court: str


def total_column(criteria: list[Criterion]) -> int:
    return FIRST_CRITERION_COL + len(criteria)


def criterion_column(index: int) -> str:
    return get_column_letter(FIRST_CRITERION_COL + index)


# --------------------------------------------------------------------------- writing


def write_scoresheet(
    target: Path, loaded: LoadedSpec, cases: list[SheetCase], moment: dt.datetime, reviewer: str | None = None
) -> None:
    criteria = loaded.criteria
    font_name = FONT_NAMES[loaded.spec.docx_fonts]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    total_col = total_column(criteria)
    comment_col = total_col + 1
    last_col = get_column_letter(comment_col)
    last_row = FIRST_ROW + len(cases) - 1

    def font(size: float = 11, bold: bool = False) -> Font:
        return Font(name=font_name, size=size, bold=bold)

    def put(
        row: int,
        col: int,
        value: Any,
        *,
        bold: bool = False,
        fill: PatternFill | None = None,
        wrap: bool = False,
        align: str = "center",
        box: bool = True,
    ) -> Any:
        cell = set_cell(sheet.cell(row=row, column=col), value)
        cell.font = font(bold=bold)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
        if fill:
            cell.fill = fill
        if box:
            cell.border = BOX
        return cell

    sheet.merge_cells(f"A{TITLE_ROW}:{last_col}{TITLE_ROW}")
    title = set_cell(sheet.cell(row=TITLE_ROW, column=1), f"{loaded.spec.title} · 评分表")
    title.font = font(16, bold=True)
    title.alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[TITLE_ROW].height = 30

    put(REVIEWER_ROW, 1, "评审人", bold=True)
    put(REVIEWER_ROW, 2, reviewer or None, fill=INPUT_FILL, align="left").protection = UNLOCKED
    put(REVIEWER_ROW, 4, "评审日期", bold=True)
    put(REVIEWER_ROW, 5, None, fill=INPUT_FILL).protection = UNLOCKED
    sheet.merge_cells(start_row=REVIEWER_ROW, start_column=5, end_row=REVIEWER_ROW, end_column=6)

    headers = [
        "序号",
        "案例标题",
        "报送法院",
        *[f"{c.label}\n（{c.range_text} 分）" for c in criteria],
        "加权总分\n（百分制）",
        "评审意见（可选）",
    ]
    for col, text in enumerate(headers, start=1):
        put(HEADER_ROW, col, text, bold=True, fill=HEAD_FILL, wrap=True)
    sheet.row_dimensions[HEADER_ROW].height = 36
    put(WEIGHT_ROW, 1, None, fill=HEAD_FILL)
    put(WEIGHT_ROW, TITLE_COL, "权重（%）", bold=True, fill=HEAD_FILL)
    put(WEIGHT_ROW, COURT_COL, None, fill=HEAD_FILL)
    put(MAX_ROW, 1, None, fill=HEAD_FILL)
    put(MAX_ROW, TITLE_COL, "最高分", bold=True, fill=HEAD_FILL)
    put(MAX_ROW, COURT_COL, None, fill=HEAD_FILL)
    for index, criterion in enumerate(criteria):
        put(WEIGHT_ROW, FIRST_CRITERION_COL + index, _number(criterion.weight), fill=HEAD_FILL)
        put(MAX_ROW, FIRST_CRITERION_COL + index, _number(criterion.high), fill=HEAD_FILL)
    first, last = criterion_column(0), criterion_column(len(criteria) - 1)
    put(WEIGHT_ROW, total_col, Formula(f"=SUM({first}{WEIGHT_ROW}:{last}{WEIGHT_ROW})"), fill=HEAD_FILL)
    put(MAX_ROW, total_col, 100, fill=HEAD_FILL)
    put(WEIGHT_ROW, comment_col, None, fill=HEAD_FILL)
    put(MAX_ROW, comment_col, None, fill=HEAD_FILL)

    for offset, case in enumerate(cases):
        row = FIRST_ROW + offset
        put(row, NUMBER_COL, offset + 1)
        put(row, TITLE_COL, case.title, wrap=True, align="left")
        put(row, COURT_COL, case.court, wrap=True)
        for index in range(len(criteria)):
            put(row, FIRST_CRITERION_COL + index, None, fill=INPUT_FILL).protection = UNLOCKED
        terms = "+".join(
            f"{criterion_column(i)}{row}/{criterion_column(i)}${MAX_ROW}*{criterion_column(i)}${WEIGHT_ROW}"
            for i in range(len(criteria))
        )
        formula = Formula(f'=IF(COUNT({first}{row}:{last}{row})<{len(criteria)},"",ROUND({terms},2))')
        put(row, total_col, formula).number_format = "0.00"
        put(row, comment_col, None, fill=INPUT_FILL, wrap=True, align="left").protection = UNLOCKED
        sheet.row_dimensions[row].height = 36

    for index, criterion in enumerate(criteria):
        column = criterion_column(index)
        rule = DataValidation(
            type="decimal",
            operator="between",
            formula1=plain(criterion.low),
            formula2=plain(criterion.high),
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorStyle="stop",
            errorTitle="分数超出范围",
            error=f"{criterion.label} 得分应在 {criterion.range_text} 之间",
            promptTitle=criterion.label,
            prompt=f"填写 {criterion.range_text} 之间的分数",
        )
        sheet.add_data_validation(rule)
        rule.add(f"{column}{FIRST_ROW}:{column}{last_row}")

    note_row = last_row + 2
    sheet.merge_cells(f"A{note_row}:{last_col}{note_row}")
    weights = "、".join(f"{c.label} {plain(c.weight)}%" for c in criteria)
    note = set_cell(
        sheet.cell(row=note_row, column=1),
        f"只填黄色单元格。加权总分 = Σ 得分 ÷ 最高分 × 权重（{weights}），自动计算。",
    )
    note.font = font(10)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[note_row].height = 30
    sign = set_cell(sheet.cell(row=note_row + 2, column=TITLE_COL), "评审人签名：")
    sign.font = font()

    widths = {NUMBER_COL: 6, TITLE_COL: 46, COURT_COL: 14, total_col: 12, comment_col: 36}
    for col in range(1, comment_col + 1):
        sheet.column_dimensions[get_column_letter(col)].width = widths.get(col, 12)
    sheet.freeze_panes = f"{get_column_letter(FIRST_CRITERION_COL)}{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{MAX_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    _protect(sheet)

    _write_guide(workbook.create_sheet(GUIDE_SHEET), loaded, font)
    _write_meta(workbook.create_sheet(META_SHEET), loaded, cases)
    workbook.active = 0
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.properties.creator = "showcase packet"
    workbook.properties.title = f"{loaded.spec.title} · 评分表"
    workbook.properties.created = moment.astimezone(dt.UTC).replace(tzinfo=None)
    workbook.save(target)
    normalise_office_file(target, moment)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _protect(sheet: Any) -> None:
    sheet.protection.sheet = True
    # In OOXML a True flag forbids the action; resizing columns and rows stays allowed.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.selectLockedCells = False
    sheet.protection.selectUnlockedCells = False


def _write_guide(sheet: Any, loaded: LoadedSpec, font: Any) -> None:
    lines = [
        (f"{loaded.spec.title} · 填表说明", True),
        ("1. 在“评分表”中填写评审人姓名、评审日期，并为每个案例的每项标准打分；只能填写黄色单元格。", False),
        ("2. 分数可以带小数；超出分值范围的分数无法录入。加权总分自动计算，无需填写。", False),
        ("3. 请勿增删行列、调整案例顺序或改动工作表名称；填好后保存为 .xlsx 交回评审组。", False),
        (
            (
                "4. 计分方法：加权总分（百分制）= Σ 得分 ÷ 该项最高分 × 权重；评审人为五人及以上的，"
                "去掉一个最高分和一个最低分后取平均分。"
            ),
            False,
        ),
        ("", False),
        ("评选标准", True),
    ]
    for text, bold in lines:
        append_row(sheet, [text])
        sheet.cell(row=sheet.max_row, column=1).font = font(12 if bold else 11, bold=bold)
    append_row(sheet, ["标准", "权重（%）", "分值范围", "评分要点"])
    for cell in sheet[sheet.max_row]:
        cell.font = font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
    for criterion in loaded.criteria:
        append_row(sheet, [criterion.label, _number(criterion.weight), criterion.range_text, criterion.guide or ""])
        for cell in sheet[sheet.max_row]:
            cell.font = font()
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 60
    _protect(sheet)


def _write_meta(sheet: Any, loaded: LoadedSpec, cases: list[SheetCase]) -> None:
    append_row(sheet, ["format", FORMAT])
    append_row(sheet, ["spec", loaded.name])
    append_row(sheet, ["campaign", loaded.spec.campaign])
    for index, criterion in enumerate(loaded.criteria):
        append_row(
            sheet,
            [
                "criterion",
                criterion.key,
                criterion_column(index),
                str(criterion.weight),
                str(criterion.low),
                str(criterion.high),
            ],
        )
    for offset, case in enumerate(cases):
        append_row(sheet, ["case", FIRST_ROW + offset, case.case_id, case.title])
    sheet.sheet_state = "hidden"
    _protect(sheet)


# --------------------------------------------------------------------------- reading


@dataclass
class _Meta:
    spec: str
    criteria: list[tuple[str, str, Decimal, Decimal, Decimal]]  # key, column, weight, low, high
    cases: list[tuple[int, str, str]]  # row, case id, title when the sheet was made


def _read_meta(workbook: Any) -> _Meta | None:
    if META_SHEET not in workbook.sheetnames:
        return None
    # The product wrote these cells through safe_text; unquote gives back the spec's own text.
    rows = [
        tuple(unquote(value) if isinstance(value, str) else value for value in row)
        for row in workbook[META_SHEET].iter_rows(values_only=True)
    ]
    if not rows or rows[0][:2] != ("format", FORMAT):
        return None
    meta = _Meta("", [], [])
    for row in rows:
        kind = row[0]
        if kind == "spec":
            meta.spec = str(row[1])
        elif kind == "criterion":
            meta.criteria.append(
                (str(row[1]), str(row[2]), Decimal(str(row[3])), Decimal(str(row[4])), Decimal(str(row[5])))
            )
        elif kind == "case":
            meta.cases.append((int(row[1]), str(row[2]), str(row[3] or "")))
    return meta


def parse_score(value: Any) -> Decimal | str | None:
    """A number, None for an empty cell, or the text as typed when it is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()  # full-width ８．５ typed by an IME
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return str(value)
    return number if number.is_finite() else str(value)


MAX_SHEET_BYTES = 20_000_000  # a filled sheet is tens of kilobytes; refuse zip bombs before parsing


def _too_large(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:  # declared sizes cap what zipfile will inflate
            return sum(info.file_size for info in archive.infolist()) > MAX_SHEET_BYTES
    except (zipfile.BadZipFile, OSError, ValueError):
        return False  # load_workbook reports it


def _formula_text(value: Any) -> str:
    """What the reviewer typed into a formula cell (openpyxl gives array formulas as objects)."""
    return str(getattr(value, "text", None) or value)


def _kind(value: Any) -> str:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return "日期"
    if isinstance(value, str) and value.strip() in ERROR_CODES:
        return "错误值"
    return "文字"


def read_sheet(
    path: Path, display: str, loaded: LoadedSpec, titles: dict[str, str]
) -> tuple[SheetScores | None, list[Problem]]:
    """One reviewer's sheet: every missing or bad score is a Problem naming its cell.

    None only when the file cannot be attributed to a reviewer of this packet at all.
    """
    problems: list[Problem] = []

    def problem(where: str, message: str, hint: str, code: str, severity: str = "error") -> None:
        problems.append(Problem(f"{display} {where}".strip(), 0, message, hint, code, severity))

    if _too_large(path):
        problem(
            "",
            f"评分表解压后超过 {MAX_SHEET_BYTES // 1_000_000} MB，不像本工具生成的评分表",
            "请使用 packet build 生成的评分表；不要在表中粘贴图片或大量数据",
            "sheet-unreadable",
        )
        return None, problems
    try:
        # Twice: as typed (formulas as text, to tell them apart) and as last calculated by the
        # reviewer's Excel or WPS. Nothing is ever evaluated here.
        workbook = load_workbook(path)
        calculated = load_workbook(path, data_only=True)
    except Exception as error:  # a returned file is untrusted: any parse failure means unreadable
        # Seen: BadZipFile, InvalidFileException, KeyError (parts missing), XML ParseError (a
        # SyntaxError), defusedxml's EntitiesForbidden (a ValueError), TypeError from bad attributes.
        problem(
            "",
            f"无法打开评分表（{type(error).__name__}）",
            "请用 Excel 或 WPS 另存为 .xlsx 格式后重试",
            "sheet-unreadable",
        )
        return None, problems
    try:
        meta = _read_meta(workbook)
    except (ArithmeticError, ValueError, TypeError, IndexError):  # the hidden sheet was edited
        meta = None
    if meta is None or SHEET not in workbook.sheetnames:
        problem(
            "",
            "这不是本工具生成的评分表",
            f"请使用 packet build 生成的评分表（工作表“{SHEET}”和隐藏的“{META_SHEET}”都要保留）",
            "sheet-foreign",
        )
        return None, problems
    if meta.spec != loaded.name:
        problem(
            "",
            f"这份评分表属于材料包“{meta.spec}”，不是“{loaded.name}”",
            "检查文件是否放错了文件夹",
            "sheet-other-packet",
        )
        return None, problems
    expected_criteria = [(c.key, criterion_column(i), c.weight, c.low, c.high) for i, c in enumerate(loaded.criteria)]
    if meta.criteria != expected_criteria:
        problem(
            "",
            "评分表的评选标准（项目、权重或分值范围）与当前材料包配置不一致",
            "材料包配置在评分表发出后改过；请按新配置重新生成并分发评分表，或恢复原配置",
            "sheet-stale",
        )
        return None, problems
    expected_ids = [case.id for case in loaded.cases]
    sheet_ids = [case_id for _, case_id, _ in meta.cases]
    if sheet_ids != expected_ids:
        missing = [case_id for case_id in expected_ids if case_id not in sheet_ids]
        extra = [case_id for case_id in sheet_ids if case_id not in expected_ids]
        detail = "；".join(
            part
            for part in (
                f"缺少 {'、'.join(missing)}" if missing else "",
                f"多出 {'、'.join(extra)}" if extra else "",
                "顺序不同" if not missing and not extra else "",
            )
            if part
        )
        problem(
            "",
            f"评分表中的案例与当前材料包不一致（{detail}）",
            "材料包在评分表发出后重新生成过；请用同一次生成的评分表计分",
            "sheet-stale",
        )
        return None, problems

    sheet = workbook[SHEET]
    values = calculated[SHEET]
    named = sheet[REVIEWER_CELL]
    if named.data_type == "f":
        problem(
            f"{SHEET}!{REVIEWER_CELL}",
            f"评审人姓名是公式“{_formula_text(named.value)}”",
            "请直接输入评审人姓名",
            "reviewer-formula",
        )
        reviewer = path.stem
    else:
        reviewer = unquote(str(named.value or "")).strip() or path.stem
    scores: dict[str, dict[str, Decimal]] = {}
    comments: dict[str, str] = {}
    for number, (row, case_id, title) in enumerate(meta.cases, start=1):
        shown = unquote(str(sheet.cell(row=row, column=TITLE_COL).value or ""))
        if shown != title:
            problem(
                f"{SHEET}!{get_column_letter(TITLE_COL)}{row}",
                f"这一行应为第 {number} 号案例《{title}》，现为“{shown}”",
                "请勿移动或改写案例行；从原始评分表重新填写",
                "sheet-rows-moved",
            )
            continue
        case_scores: dict[str, Decimal] = {}
        for criterion, (_, column, _, _, _) in zip(loaded.criteria, meta.criteria, strict=True):
            cell = f"{column}{row}"
            where = f"{SHEET}!{cell}"
            about = f"第 {number} 号案例《{titles.get(case_id, title)}》"
            typed = sheet[cell]
            formula = _formula_text(typed.value) if typed.data_type == "f" else None
            raw = values[cell].value if formula else typed.value  # a formula counts by its result
            value = parse_score(raw)
            result = f"（公式“{formula}”的结果）" if formula else ""
            if formula and value is None:
                problem(
                    where,
                    f"{criterion.label} 得分是公式“{formula}”，文件中没有它的计算结果",
                    f"{about}，请直接填写数字，如 8 或 8.5",
                    "score-formula",
                )
            elif value is None:
                problem(
                    where,
                    f"{criterion.label} 得分未填写",
                    f"{about}，请填写 {criterion.range_text} 之间的分数",
                    "score-missing",
                )
            elif isinstance(value, str):
                problem(
                    where,
                    f"{criterion.label} 得分“{value}”{result}不是数字（是{_kind(raw)}）",
                    f"{about}，只填阿拉伯数字，如 8 或 8.5",
                    "score-not-number",
                )
            elif not criterion.low <= value <= criterion.high:
                problem(
                    where,
                    f"{criterion.label} 得分 {plain(value)}{result or ' '}超出 {criterion.range_text}",
                    f"{about}，请改为 {criterion.range_text} 之间的分数",
                    "score-out-of-range",
                )
            else:
                if formula:
                    problem(
                        where,
                        f"{criterion.label} 得分是公式“{formula}”，按其计算结果 {plain(value)} 计分",
                        f"{about}；如不是这个分数，请直接填写数字",
                        "score-formula-value",
                        "warning",
                    )
                case_scores[criterion.key] = value
        scores[case_id] = case_scores
        comment_cell = sheet.cell(row=row, column=total_column(loaded.criteria) + 1)
        comment = comment_cell.value
        if comment_cell.data_type == "f":  # keep the words: the calculated text, else the formula as typed
            result = values.cell(row=row, column=comment_cell.column).value
            comment = result if result not in (None, "") and _kind(result) != "错误值" else _formula_text(comment)
        if comment not in (None, ""):
            comments[case_id] = str(comment).strip()
    # Returned even when cells are wrong, so the reviewer still counts as having handed in.
    return SheetScores(reviewer, display, scores, comments), problems


def read_sheets(
    paths: list[Path], displays: list[str], loaded: LoadedSpec, titles: dict[str, str]
) -> tuple[list[SheetScores], list[Problem]]:
    """All sheets, plus the checks across them: one sheet per reviewer, the listed reviewers."""
    sheets: list[SheetScores] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path, display in zip(paths, displays, strict=True):
        sheet, found = read_sheet(path, display, loaded, titles)
        problems += found
        if sheet is None:
            continue
        where = f"{display} {SHEET}!{REVIEWER_CELL}"
        if sheet.reviewer in seen:
            problems.append(
                Problem(
                    where,
                    0,
                    f"评审人“{sheet.reviewer}”已有评分表 {seen[sheet.reviewer]}",
                    "每位评审人只交一份；删去重复的文件，或改正评审人姓名",
                    "reviewer-duplicate",
                )
            )
            continue
        seen[sheet.reviewer] = display
        listed = [name.strip() for name in loaded.spec.reviewers]
        if listed and sheet.reviewer not in listed:
            guess = suggest(sheet.reviewer, listed)
            hint = f"是否想写“{guess}”？" if guess else f"材料包配置中的评审人：{'、'.join(listed)}"
            problems.append(
                Problem(where, 0, f"评审人“{sheet.reviewer}”不在材料包配置的评审人名单中", hint, "reviewer-unknown")
            )
            continue
        sheets.append(sheet)
    for index, name in enumerate(loaded.spec.reviewers):
        if name.strip() not in seen:
            line = loaded.document.line(("reviewers", index))
            problems.append(
                Problem(
                    loaded.display,
                    line,
                    f"缺少评审人“{name}”的评分表",
                    "收齐后再计分；如该评审人未参加，从 reviewers 中删去",
                    "reviewer-missing",
                )
            )
    return sheets, problems
