"""Scoring packets: reviewers' filled sheets → cell-level errors or a ranking (plain mean below
five reviewers, trimmed mean from five, ties reported), written as XLSX, CSV and a site page,
and optionally recorded into each case's selection history without disturbing the file.

Fixture sheets are made the way reviewers make them: a generated score sheet filled in with
openpyxl.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Cli
from openpyxl import Workbook, load_workbook

from showcase.core.loader import Layout, load_valid_catalog
from showcase.packets.ranking import SheetScores, rank, weighted_total
from showcase.packets.scoresheet import SheetCase, write_scoresheet
from showcase.packets.spec import load_spec

FIXTURES = Path(__file__).parent / "fixtures" / "packets"
pytestmark = pytest.mark.fixture_project("packets/project")
MOMENT = dt.datetime(2024, 3, 15, tzinfo=dt.UTC)
CASES = ["demo/alpha", "demo/beta", "demo/gamma"]


def blank_sheets(project: Path, spec: str, folder: Path) -> list[Path]:
    """One generated sheet per reviewer named in the spec, as `packet build` writes them."""
    catalog = load_valid_catalog(Layout(project))
    loaded, problems = load_spec(project / "packets" / f"{spec}.yml", catalog)
    assert loaded is not None, problems
    cases = [
        SheetCase(case.id, case.meta.title, catalog.courts[case.meta.court].short_name or "") for case in loaded.cases
    ]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for reviewer in loaded.spec.reviewers:
        path = folder / f"{reviewer}.xlsx"
        write_scoresheet(path, loaded, cases, MOMENT, reviewer=reviewer)
        paths.append(path)
    return paths


def fill(path: Path, rows: list[list[object]]) -> None:
    """Type scores into D6:G8 (one list of four per case), as a reviewer would."""
    workbook = load_workbook(path)
    sheet = workbook["评分表"]
    for offset, scores in enumerate(rows):
        for column, value in zip("DEFG", scores, strict=True):
            sheet[f"{column}{6 + offset}"] = value
    sheet["E2"] = "2024-03-20"
    workbook.save(path)


def same(value: float) -> list[object]:
    return [value] * 4


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------- arithmetic


def test_weighted_total_is_on_a_100_point_scale() -> None:
    project = FIXTURES / "project"
    loaded, _ = load_spec(project / "packets" / "three.yml", load_valid_catalog(Layout(project)))
    assert loaded is not None
    scores = {
        "innovation": Decimal("10"),
        "practicality": Decimal("5"),
        "operability": Decimal("0"),
        "exemplarity": Decimal("8.5"),
    }
    assert weighted_total(scores, loaded.criteria) == Decimal("63.75")  # 30 + 12.5 + 0 + 21.25
    odd = {key: Decimal("7.333") for key in scores}
    assert weighted_total(odd, loaded.criteria) == Decimal("73.33")


def test_trimmed_mean_drops_one_highest_and_one_lowest_total() -> None:
    project = FIXTURES / "project"
    loaded, _ = load_spec(project / "packets" / "five.yml", load_valid_catalog(Layout(project)))
    assert loaded is not None

    def sheet(name: str, value: str) -> SheetScores:
        return SheetScores(name, f"{name}.xlsx", {"c": {c.key: Decimal(value) for c in loaded.criteria}})

    values = ["10", "9", "8", "7", "0"]
    ranking = rank(["c"], loaded.criteria, [sheet(f"r{i}", v) for i, v in enumerate(values)])
    assert ranking.rows[0].final == Decimal("80.00")  # (90 + 80 + 70) / 3; a plain mean gives 68
    assert ranking.rows[0].dropped == ["r0", "r4"]
    ranking = rank(["c"], loaded.criteria, [sheet(f"r{i}", v) for i, v in enumerate(values[:4])])
    assert ranking.rows[0].final == Decimal("85.00")  # four reviewers: plain mean


# ---------------------------------------------------------------------------- the command


def test_three_reviewers_plain_mean_with_a_tie(project: Path, tmp_path: Path, cli: Cli) -> None:
    sheets = blank_sheets(project, "three", tmp_path / "交回")
    scores = {"张某": [9, 8, 6], "李某": [8, 8, 7], "王某": [7, 8, 8]}  # alpha 80, beta 80, gamma 70
    for path in sheets:
        fill(path, [same(v) for v in scores[path.stem]])
    code, out = cli("--root", str(project), "packet", "score", "three", str(tmp_path / "交回" / "*.xlsx"))
    assert code == 0, out
    assert "3 位评审人，取平均分" in out
    assert (
        "并列第 1 名：《甲案例——党员法官走进村屯开展巡回调解》、《乙案例：A|B <标签> & 符号》（均为 80.00 分）" in out
    )

    rows = csv_rows(project / "build" / "packets" / "three-result" / "result.csv")
    assert [(r["名次"], r["并列"], r["案例标识"], r["最终得分"]) for r in rows] == [
        ("1", "是", "demo/alpha", "80.00"),
        ("1", "是", "demo/beta", "80.00"),
        ("3", "", "demo/gamma", "70.00"),
    ]
    assert [rows[0][name] for name in ("张某", "李某", "王某")] == ["90.00", "80.00", "70.00"]

    workbook = load_workbook(project / "build" / "packets" / "three-result" / "result.xlsx")
    assert workbook.sheetnames == ["排名", "评分明细"]
    assert [workbook["排名"].cell(row=r, column=1).value for r in (5, 6, 7)] == [1, 1, 3]

    page = (project / "docs" / "packets" / "three-result.md").read_text(encoding="utf-8")
    assert "| 1（并列） | [甲案例——党员法官走进村屯开展巡回调解](../cases/demo/alpha.md) |" in page
    assert r"乙案例：A\|B &lt;标签&gt; &amp; 符号" in page  # Markdown and HTML both escaped
    assert "<标签>" not in page


def test_five_reviewers_trimmed_mean_changes_the_order(project: Path, tmp_path: Path, cli: Cli) -> None:
    sheets = blank_sheets(project, "five", tmp_path / "five")
    alpha = [10, 9, 8, 7, 0]  # trimmed 80.00 (plain mean 68 would rank it last)
    beta = [9, 9, 8, 8, 8]  # trimmed 83.33
    gamma = [7, 7, 7, 7, 7]  # 70.00
    for index, path in enumerate(sheets):
        fill(path, [same(alpha[index]), same(beta[index]), same(gamma[index])])
    code, out = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "five",
        *map(str, sheets),
        "--no-page",
        "--out",
        str(tmp_path / "result"),
    )
    assert code == 0, out
    assert "5 位评审人，去掉一个最高分和一个最低分后取平均" in out
    rows = csv_rows(tmp_path / "result" / "result.csv")
    assert [(r["名次"], r["案例标识"], r["最终得分"]) for r in rows] == [
        ("1", "demo/beta", "83.33"),
        ("2", "demo/alpha", "80.00"),
        ("3", "demo/gamma", "70.00"),
    ]
    assert not (project / "docs" / "packets").exists()


def test_bad_sheets_give_cell_level_errors_and_no_result(project: Path, tmp_path: Path, cli: Cli) -> None:
    sheets = {path.stem: path for path in blank_sheets(project, "three", tmp_path / "交回")}
    fill(sheets["张某"], [[12, 8, 8, 8], [8, None, 8, 8], [8, 8, "八", "=1+1"]])
    fill(sheets["李某"], [same(8), same(8), [8, 8, 8, -1]])
    fill(sheets["王某"], [same(8), same(8), ["７．５", 8, 8, 8]])  # full-width digits from an IME are fine
    code, out = cli("--root", str(project), "packet", "score", "three", *map(str, sheets.values()))
    assert code == 1
    assert (
        "张某.xlsx 评分表!D6: 创新性 得分 12 超出 0–10 — 第 1 号案例《甲案例——党员法官走进村屯开展巡回调解》，"
        "请改为 0–10 之间的分数"
    ) in out
    assert "张某.xlsx 评分表!E7: 实践性 得分未填写" in out
    assert "张某.xlsx 评分表!F8: 操作性 得分“八”不是数字（是文字）" in out
    assert (
        "张某.xlsx 评分表!G8: 示范性 得分是公式“=1+1”，文件中没有它的计算结果 — 第 3 号案例《丙案例——"
        "机关支部微课堂》，请直接填写数字"
    ) in out
    assert "李某.xlsx 评分表!G8: 示范性 得分 -1 超出 0–10" in out
    assert "王某.xlsx" not in out
    assert "共发现 5 个问题，未计分" in out
    assert "Traceback" not in out
    assert not (project / "build").exists() and not (project / "docs" / "packets").exists()


def test_sheets_that_do_not_belong_are_refused(project: Path, tmp_path: Path, cli: Cli) -> None:
    sheets = {path.stem: path for path in blank_sheets(project, "three", tmp_path / "交回")}
    for path in sheets.values():
        fill(path, [same(8)] * 3)
    workbook = load_workbook(sheets["王某"])
    workbook["评分表"]["B2"] = "王莫"  # typed the name wrong
    workbook.save(sheets["王某"])
    foreign = tmp_path / "交回" / "别的表.xlsx"
    Workbook().save(foreign)
    (tmp_path / "交回" / "不是表格.xlsx").write_text("hello", encoding="utf-8")
    code, out = cli("--root", str(project), "packet", "score", "three", str(tmp_path / "交回"))
    assert code == 1
    assert (
        "王某.xlsx 评分表!B2: 评审人“王莫”不在材料包配置的评审人名单中 — 材料包配置中的评审人：张某、李某、王某" in out
    )
    assert "packets/three.yml:14: 缺少评审人“王某”的评分表" in out
    assert "别的表.xlsx: 这不是本工具生成的评分表" in out
    assert "不是表格.xlsx: 无法打开评分表" in out

    # The spec changed after the sheets went out: the case list no longer matches.
    spec = project / "packets" / "three.yml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("  - demo/gamma\n", ""), encoding="utf-8")
    code, out = cli("--root", str(project), "packet", "score", "three", str(sheets["张某"]))
    assert code == 1 and "张某.xlsx: 评分表中的案例与当前材料包不一致（多出 demo/gamma）" in out

    code, out = cli("--root", str(project), "packet", "score", "three", str(tmp_path / "none" / "*.xlsx"))
    assert code == 2 and "找不到评分表" in out


def test_the_sheet_formula_matches_the_ranking(project: Path, tmp_path: Path) -> None:
    """LibreOffice recalculates the weighted-total formula; it must agree with packet score."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice 未安装：运行 bash scripts/install-system-deps.sh")
    sheet = blank_sheets(project, "three", tmp_path / "sheets")[0]
    rows = [[10, 5, 0, 8.5], [7.5, 7.5, 7.5, 7.5], [3, 6, 9, 10]]
    fill(sheet, rows)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(sheet),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    exported = list(csv.reader((tmp_path / f"{sheet.stem}.csv").open(encoding="utf-8", errors="replace")))
    loaded, _ = load_spec(project / "packets" / "three.yml", load_valid_catalog(Layout(project)))
    assert loaded is not None
    for offset, scores in enumerate(rows):
        expected = weighted_total(
            {c.key: Decimal(str(v)) for c, v in zip(loaded.criteria, scores, strict=True)}, loaded.criteria
        )
        assert Decimal(exported[5 + offset][7]) == expected


# ---------------------------------------------------------------------------- recording outcomes


def test_record_appends_to_each_history_and_keeps_the_rest(project: Path, tmp_path: Path, cli: Cli) -> None:
    sheets = blank_sheets(project, "three", tmp_path / "交回")
    for index, path in enumerate(sheets):
        fill(path, [same(9), same(8), same(6 + index)])  # alpha 90, beta 80, gamma 70
    cases = project / "docs" / "cases" / "demo"
    before = {name: (cases / name).read_text(encoding="utf-8") for name in ("alpha.md", "beta.md", "gamma.md")}
    (cases / "gamma.md").write_bytes(
        before["gamma.md"].replace("\n", "\r\n").encode("utf-8")
    )  # a file saved on Windows

    code, out = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "three",
        *map(str, sheets),
        "--record",
        "--level",
        "区",
        "--outcome",
        "入选",
        "--date",
        "2024-03",
    )
    assert code == 0, out
    alpha = (cases / "alpha.md").read_text(encoding="utf-8")
    diff = list(difflib.unified_diff(before["alpha.md"].splitlines(), alpha.splitlines(), lineterm="", n=0))
    added = [line[1:] for line in diff[3:] if line.startswith("+")]
    assert [line for line in diff[3:] if line.startswith("-")] == []
    assert added == [
        "  - date: 2024-03",
        "    level: 区",
        "    outcome: 入选",
        "    campaign: case-selection",
        "    note: 示例案例评选评审材料：第 1 名（共 3 个），得分 90.00",
    ]
    assert alpha.replace("\n".join(added) + "\n", "") == before["alpha.md"]  # comments, blank line, order: untouched
    assert alpha.index("note: 院党组会议推荐") < alpha.index("  - date: 2024-03") < alpha.index("attachments: []")
    beta = (cases / "beta.md").read_text(encoding="utf-8")
    assert "selections:  # 尚未参加评选\n  - date: 2024-03\n" in beta
    gamma = (cases / "gamma.md").read_bytes().decode("utf-8")
    assert "selections:\r\n  - date: 2024-03\r\n    level: 区\r\n" in gamma and "\n" not in gamma.replace("\r\n", "")
    assert cli("--root", str(project), "validate")[0] == 0
    catalog = load_valid_catalog(Layout(project))
    assert catalog.cases["demo/alpha"].status == "区级入选"

    again = {name: (cases / name).read_bytes() for name in ("alpha.md", "beta.md", "gamma.md")}
    code, out = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "three",
        *map(str, sheets),
        "--record",
        "--level",
        "区",
        "--outcome",
        "入选",
        "--date",
        "2024-03",
    )
    assert code == 0 and "已有这条评选经历，未重复写入" in out
    assert {name: (cases / name).read_bytes() for name in again} == again


def test_record_top_n_and_refusals(project: Path, tmp_path: Path, cli: Cli) -> None:
    sheets = blank_sheets(project, "three", tmp_path / "交回")
    for path in sheets:
        fill(path, [same(9), same(8), same(7)])
    code, out = cli("--root", str(project), "packet", "score", "three", *map(str, sheets), "--record", "--level", "区")
    assert code == 2 and "--record 需要同时给出" in out

    beta = project / "docs" / "cases" / "demo" / "beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            "selections: []", "selections: [{date: 2023, level: 院, outcome: 推荐}]"
        ),
        encoding="utf-8",
    )
    before = {p: p.read_bytes() for p in (project / "docs" / "cases").rglob("*.md")}
    code, out = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "three",
        *map(str, sheets),
        "--record",
        "--level",
        "区",
        "--outcome",
        "获评",
        "--date",
        "2024-03-20",
    )
    assert code == 1
    assert "docs/cases/demo/beta.md:14: selections 写成了单行列表，无法自动追加" in out
    assert "评选结果未写入任何案例文件" in out
    assert {p: p.read_bytes() for p in before} == before

    code, out = cli(
        "--root",
        str(project),
        "packet",
        "score",
        "three",
        *map(str, sheets),
        "--record",
        "--level",
        "区",
        "--outcome",
        "获评",
        "--date",
        "2024-03-20",
        "--top",
        "1",
    )
    assert code == 0, out
    alpha = (project / "docs" / "cases" / "demo" / "alpha.md").read_text(encoding="utf-8")
    assert "  - date: 2024-03-20\n    level: 区\n    outcome: 获评\n" in alpha
    assert (project / "docs" / "cases" / "demo" / "gamma.md").read_bytes() == before[
        project / "docs" / "cases" / "demo" / "gamma.md"
    ]
    assert cli("--root", str(project), "validate")[0] == 0
