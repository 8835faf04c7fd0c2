"""量化考核: totals, subtotals, grades and ranks on a fixture scheme; ties share a rank; missing data
is reported, never scored as zero; every point's source is a real file and line; bad schemes and
score files give the documented Chinese `path:line` errors; `showcase.py assess` as a user runs it.

The fixture (tests/fixtures/assessment) has two courts and five brands built so that the results
below follow from the scheme by hand: alpha and gamma tie across courts, beta has two figures
out of range, delta lacks data, epsilon has an indicator that does not apply.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from showcase import assessment
from showcase.assessment import MISSING, NOT_APPLICABLE, Assessment
from showcase.assessment import scheme as contract
from showcase.audience import load_valid_for_audience
from showcase.commands.main import main
from showcase.core.loader import Layout
from showcase.core.ranking import shared_ranks
from showcase.core.validate import validate_document
from showcase.core.yamlsource import parse_yaml

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "assessment"
SCHEME = "brands/assessment/2023.yml"
SCORES = "brands/assessment/2023-scores.yml"
SOURCE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+)$")


def results_of(root: Path) -> dict[int, Assessment]:
    layout = Layout(root)
    catalog = load_valid_for_audience(layout, "internal")
    schemes, problems = assessment.load_schemes(layout, catalog)
    assert not problems, "\n".join(p.format() for p in problems)
    return assessment.assess_all(catalog, schemes)


@pytest.fixture(scope="module")
def results() -> dict[int, Assessment]:
    return results_of(FIXTURE)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def by_brand(found: Assessment) -> dict[str, assessment.BrandResult]:
    return {r.brand.id: r for r in found.results}


def point(result: assessment.BrandResult, indicator: str) -> assessment.Point:
    return next(p for p in result.points if p.indicator.id == indicator)


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), "assess", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, relative: str, needle: str) -> int:
    for number, line in enumerate((root / relative).read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {relative}")


# --------------------------------------------------------------------------- totals, grades, ranks


def test_known_totals_subtotals_and_grades(results: dict[int, Assessment]) -> None:
    found = by_brand(results[2023])
    expected = {
        # brand: (total, grade, subtotals, bonus, deduction)
        "alpha": ("42.75", "良好", {"思想建设": "18.00", "业务融合": "23.75"}, "2.00", "1.00"),
        "gamma": ("42.75", "良好", {"思想建设": "14.00", "业务融合": "28.75"}, "0.00", "0.00"),
        "epsilon": ("40.00", "良好", {"思想建设": "14.50", "业务融合": "17.50"}, "0.00", "0.00"),
        "beta": ("32.67", "一般", {"思想建设": "11.00", "业务融合": "23.67"}, "0.00", "2.00"),
    }
    for brand, (total, grade, subtotals, bonus, deduction) in expected.items():
        result = found[brand]
        assert str(result.total) == total, brand
        assert result.grade == grade, brand
        assert {k: str(v) for k, v in result.subtotals.items()} == subtotals, brand
        assert (str(result.bonus), str(result.deduction)) == (bonus, deduction), brand


def test_each_rule_gives_the_documented_points(results: dict[int, Assessment]) -> None:
    found = by_brand(results[2023])
    alpha, beta = found["alpha"], found["beta"]
    assert point(alpha, "closure").score == Decimal("10.00")  # derived 90 / 100 × 100 = 90.00 %, target 90
    assert "计算值" in point(alpha, "closure").working
    assert point(alpha, "tasks").score == Decimal("5.00")  # 2 of 4 due tasks on time (one late, one postponed)
    assert point(alpha, "updates").score == Decimal("3.75")  # 3 updates in 2023 (the 2022 one does not count), target 4
    assert point(alpha, "honors").score == Decimal("1.00")  # the 2023 city honour; the 2022 national ones do not count
    assert point(alpha, "cases").score == Decimal("1.00")  # 2023 市级推荐 2 × 0.5; the 2024 selection does not count
    assert point(alpha, "overdue").score == Decimal("1.00")  # the postponed task
    assert point(beta, "closure").score == Decimal("8.67")  # 78 / 90 × 10, rounded half up
    assert point(beta, "reversal").score == Decimal("0.00")  # 6 % is outside 0–5 %
    assert point(beta, "out-of-range").score == Decimal("2.00")  # closure 78 % and reversal 6 %, 1 each
    assert point(beta, "out-of-range").signed == Decimal("-2.00")


def test_ranks_within_each_court_and_across_courts(results: dict[int, Assessment]) -> None:
    found = results[2023]
    table = [(r.brand.id, r.rank_all, r.rank_court, r.tied) for r in found.results]
    assert table == [
        ("alpha", 1, 1, True),
        ("gamma", 1, 1, True),
        ("epsilon", 3, 2, False),
        ("beta", 4, 2, False),
        ("delta", None, None, False),
    ]


def test_ties_share_a_rank_and_the_next_rank_skips() -> None:
    ranked = shared_ranks(["a", "b", "c", "d"], {"a": 90, "b": 80, "c": 80, "d": 70}.get)
    assert [(r.item, r.rank, r.tied) for r in ranked] == [
        ("a", 1, False),
        ("b", 2, True),
        ("c", 2, True),
        ("d", 4, False),
    ]
    lower = shared_ranks(["x", "y", "z"], {"x": 2.5, "y": 1.0, "z": 2.5}.get, higher_is_better=False)
    assert [(r.item, r.rank) for r in lower] == [("y", 1), ("x", 2), ("z", 2)]  # equals keep their input order
    assert shared_ranks([], len) == []


def test_missing_data_is_reported_and_never_scored_as_zero(
    results: dict[int, Assessment], capsys: pytest.CaptureFixture[str]
) -> None:
    delta = by_brand(results[2023])["delta"]
    missing = {p.indicator.id: p for p in delta.missing}
    assert set(missing) == {"lessons", "review"}  # no 2023 党课 figure; no manual score
    assert all(p.score is None and p.status == MISSING for p in missing.values())
    assert "2023 年没有填写党课" in missing["lessons"].working
    assert "评分表中还没有这一项的评分" in missing["review"].working
    assert delta.grade is None and delta.rank_all is None and delta.rank_court is None
    code, out = run(FIXTURE, capsys)
    assert code == 0
    assert "丁品牌" in out and "待定（缺数据）" in out
    assert "缺数据 2 项，未评等级、未排名：党课、述职评议" in out
    assert "1 个品牌缺数据" in out


def test_not_applicable_indicators_convert_the_base_by_the_share_of_points(results: dict[int, Assessment]) -> None:
    epsilon = by_brand(results[2023])["epsilon"]
    closure = point(epsilon, "closure")
    assert closure.status == NOT_APPLICABLE and closure.score is None and "综合部门不办案" in closure.working
    assert epsilon.applicable == Decimal(40) and epsilon.earned == Decimal("32.00")
    assert epsilon.base == Decimal("40.00")  # 32 ÷ 40 × 50


def test_movement_since_the_previous_year(results: dict[int, Assessment]) -> None:
    found = by_brand(results[2023])
    assert results[2023].previous_year == 2022
    assert [(b, found[b].previous.rank_all, found[b].movement) for b in ("alpha", "gamma", "epsilon", "beta")] == [
        ("alpha", 4, "↑"),
        ("gamma", 3, "↑"),
        ("epsilon", 1, "↓"),
        ("beta", 1, "↓"),
    ]
    assert found["alpha"].movement_text == "↑ 上升 3 位（上年第 4 名，5.00 分）"
    assert found["delta"].movement == "" and found["delta"].movement_text == "上年缺数据，未排名"
    assert by_brand(results[2022])["alpha"].movement_text == "上年未参加考核"


def _sources_resolve(root: Path, found: dict[int, Assessment]) -> int:
    checked = 0
    for year_result in found.values():
        for result in year_result.results:
            for p in result.points:
                assert p.sources, f"{result.brand.id} {p.indicator.id} has no source"
                for source in [p.rule_source, *p.sources]:
                    match = SOURCE.match(source)
                    assert match, f"not path:line: {source!r}"
                    lines = (root / match.group("path")).read_text(encoding="utf-8").splitlines()
                    number = int(match.group("line"))
                    assert 1 <= number <= len(lines) and lines[number - 1].strip(), (
                        f"{source} is not a line with content"
                    )
                    checked += 1
    return checked


def test_every_point_source_resolves_to_a_real_file_and_line(results: dict[int, Assessment]) -> None:
    assert _sources_resolve(FIXTURE, results) > 100
    alpha = by_brand(results[2023])["alpha"]
    # A figure's source is the line of the value itself; a derived one names its inputs' lines.
    lessons = point(alpha, "lessons").sources[0]
    alpha_file = "brands/courts/north/brands/alpha.yml"
    assert lessons == f"{alpha_file}:{line_of(FIXTURE, alpha_file, '    party_lessons: 4')}"
    closure = point(alpha, "closure").sources
    assert [int(s.rsplit(":", 1)[1]) for s in closure] == [
        line_of(FIXTURE, "brands/courts/north/brands/alpha.yml", "cases_closed: 90"),
        line_of(FIXTURE, "brands/courts/north/brands/alpha.yml", "cases_accepted: 100"),
    ]
    assert point(alpha, "review").sources == [f"{SCORES}:{line_of(FIXTURE, SCORES, 'brand: alpha')}"]
    assert point(alpha, "lessons").rule_source == f"{SCHEME}:{line_of(FIXTURE, SCHEME, 'metric: party_lessons')}"


def test_every_point_of_the_sample_resolves_to_a_real_file_and_line() -> None:
    assert _sources_resolve(REPO, results_of(REPO)) > 200


# --------------------------------------------------------------------------- the command


def test_assess_prints_every_point_with_rule_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(FIXTURE, capsys, "--year", "2023")
    assert code == 0
    assert out.startswith("2023 年度测试考核（brands/assessment/2023.yml，2023 年，截至 2023-12-31）")
    leaderboard = out.split("\n\n")[1].splitlines()
    assert leaderboard[1].split()[:6] == ["1（并列）", "甲品牌", "北城法院", "42.75", "良好", "1"]
    assert leaderboard[3].split()[:6] == ["3", "戊品牌", "南城法院", "40.00", "良好", "2"]
    assert "■ 甲品牌（北城法院 · 第一党支部）总分 42.75，良好，院内第 1 名，全部并列第 1 名" in out
    assert f"规则：党课达到 4 次得 10 分，不足按比例计分（{SCHEME}:" in out
    assert "来源：brands/courts/north/brands/alpha.yml:" in out


def test_assess_writes_csv_and_xlsx(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(project, SCORES, "reason: 甲的述职评议。", 'reason: "=HYPERLINK(\\"http://x\\",\\"点此\\")"')
    out_csv, out_xlsx = tmp_path / "考核.csv", tmp_path / "sub" / "考核.xlsx"
    code, out = run(project, capsys, "--out", str(out_csv))
    assert code == 0 and f"已写出 {out_csv}" in out
    raw = out_csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 5 * 10  # five brands × (6 base + 2 bonus + 2 deduction) points
    alpha = [r for r in rows if r["品牌标识"] == "alpha"]
    assert (
        {r["总分"] for r in alpha} == {"42.75"}
        and {r["全部排名"] for r in alpha} == {"1"}
        and {r["并列"] for r in alpha} == {"是"}
    )
    review = next(r for r in alpha if r["指标标识"] == "review")
    assert review["计算"].startswith("人工评分 8.00 分：=HYPERLINK")
    assert review["数据来源"].startswith(SCORES + ":")
    delta = next(r for r in rows if r["品牌标识"] == "delta" and r["指标标识"] == "lessons")
    assert delta["状态"] == "缺数据" and delta["得分"] == "" and delta["等级"] == "待定（缺数据）"
    code, out = run(project, capsys, "--out", str(out_xlsx))
    assert code == 0 and out_xlsx.is_file()
    book = load_workbook(out_xlsx)
    assert book.sheetnames == ["排名", "明细"]
    ranking = list(book["排名"].iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[5], r[7], r[9]) for r in ranking] == [
        (1, "甲品牌", 42.75, "良好"),
        (1, "丙品牌", 42.75, "良好"),
        (3, "戊品牌", 40.0, "良好"),
        (4, "乙品牌", 32.67, "一般"),
        (None, "丁品牌", 13.78, "待定（缺数据）"),
    ]
    detail = list(book["明细"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 5 * 10 and all(row[-1] for row in detail)  # every point names its source


def test_text_that_looks_like_a_formula_is_written_as_text(project: Path, tmp_path: Path) -> None:
    replace(project, "brands/courts/north/brands/alpha.yml", "name: 甲品牌", 'name: "@甲品牌"')
    found = results_of(project)[2023]
    cells = [cell for row in csv.reader(io.StringIO(assessment.to_csv(found))) for cell in row]
    assert "'@甲品牌" in cells and "@甲品牌" not in cells
    assessment.write_xlsx(found, tmp_path / "x.xlsx")
    names = [row[5] for row in load_workbook(tmp_path / "x.xlsx")["排名"].iter_rows(min_row=3, values_only=True)]
    assert "'@甲品牌" in names


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--year", "2019"], 2, "没有 2019 年的考核方案 — 现有的年度：2022、2023"),
        (["--out", "x.pdf"], 2, "只能写成 .csv 或 .xlsx 文件"),
    ],
)
def test_assess_usage_errors(args: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    found, out = run(FIXTURE, capsys, *args)
    assert found == code and message in out and "Traceback" not in out


def test_assess_without_a_scheme_says_where_to_write_one(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(project / "brands" / "assessment")
    code, out = run(project, capsys)
    assert code == 1 and "还没有考核方案 — 写一个 brands/assessment/<年份>.yml" in out


def test_assess_refuses_data_with_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(project, "brands/courts/north/brands/beta.yml", "stage: 成熟", "stage: 成熟了")
    code, out = run(project, capsys)
    assert code == 1 and "brands/courts/north/brands/beta.yml:" in out and "没有计算考核结果" in out


# --------------------------------------------------------------------------- bad schemes and scores

BAD = [
    # (file, old, new, message fragment, line needle in the broken file)
    (
        SCHEME,
        "  - name: 思想建设\n    points: 20",
        "  - name: 思想建设\n    points: 25",
        "各维度分值合计 55（25 + 30），与总分 50 不符",
        "total: 50",
    ),
    (
        SCHEME,
        "        points: 10\n        rule: {type: manual}",
        "        points: 8\n        rule: {type: manual}",
        "维度“思想建设”的指标分值合计 18（10 + 8），与维度分值 20 不符",
        "points: 20",
    ),
    (
        SCHEME,
        "metric: party_lessons, target: 4}\n      - id: review",
        "metric: party_lesson, target: 4}\n      - id: review",
        "指标“党课”：指标“party_lesson”没有在指标登记表中登记 — 是否想写“party_lessons”？",
        "metric: party_lesson,",
    ),
    (SCHEME, "of: updates", "of: update", "指标“项目动态”：计数对象“update”无效 — 是否想写“updates”？", "of: update"),
    (SCHEME, "levels: {市: 1, 国家: 2}", "levels: {市级: 1, 国家: 2}", "指标“荣誉”：级别“市级”无效", "levels: {市级"),
    (
        SCHEME,
        "outcomes: {推荐: 0.5, 入选: 1}",
        "outcomes: {推荐: 0.5, 入围: 1}",
        "指标“案例”：评选结果“入围”无效",
        "outcomes:",
    ),
    (
        SCHEME,
        "rule: {type: out_of_range, each: 1}",
        "rule: {type: honors, levels: {市: 1}}",
        "指标“指标越界”：扣分项中不能用 honors 规则",
        "rule: {type: honors",
    ),
    (
        SCHEME,
        "rule: {type: metric, metric: reversal_rate, in_range: true}",
        "rule: {type: metric, metric: reversal_rate, in_range: true, target: 3}",
        "metric 规则要写 target（目标值）或 in_range: true（按合理区间）中的一个",
        "in_range: true, target",
    ),
    (
        SCHEME,
        "rule: {type: tasks}",
        "rule: {type: tasks, each: 2}",
        "指标“方案任务”：tasks 规则不用“each”",
        "rule: {type: tasks, each",
    ),
    (SCHEME, "rule: {type: manual}", "rule: {type: manul}", "“type”（规则类型）的取值“manul”无效", "type: manul"),
    (
        SCHEME,
        "  - name: 一般\n    min: 30",
        "  - name: 一般\n    min: 41",
        "等级要从高到低排列，最低分逐级降低",
        "grades:",
    ),
    (SCHEME, "year: 2023", "year: 2024", "方案写的年度是 2024，文件名却是 2023.yml", "year: 2024"),
    (
        SCHEME,
        "      - id: updates",
        "      - id: tasks",
        "指标标识“tasks”重复",
        "      - id: tasks\n        name: 项目动态",
    ),
    (
        SCORES,
        "    score: 8\n",
        "    score: 12\n",
        "“述职评议”的得分 12 超过了它的分值 10 — 分数应在 0 到 10 之间",
        "score: 12",
    ),
    (SCORES, "    reason: 甲的述职评议。\n", "", "缺少必填字段“reason”（理由）", "brand: alpha"),
    (SCORES, "    reason: 甲的述职评议。\n", "    reason: ''\n", "“reason”（理由）不能为空", "reason: ''"),
    (
        SCORES,
        "  - brand: beta\n    indicator: review",
        "  - brand: beta\n    indicator: lessons",
        "指标“党课”按 metric 规则自动计算，不能在评分表中打分",
        "indicator: lessons",
    ),
    (SCORES, "  - brand: gamma", "  - brand: gama", "品牌“gama”不存在 — 是否想写“gamma”？", "brand: gama"),
    (
        SCORES,
        "  - brand: gamma\n    indicator: review",
        "  - brand: alpha\n    indicator: review",
        "品牌“alpha”的指标“review”打了两次分（第 1 项已打过）",
        "  - brand: alpha\n    indicator: review\n    score: 4",
    ),
    (
        SCORES,
        "indicator: closure\n    not_applicable: true",
        "indicator: closure\n    score: 3\n    not_applicable: true",
        "写了 not_applicable: true（不适用），又写了分数",
        "score: 3",
    ),
    (
        SCORES,
        "    indicator: review\n    score: 8",
        "    indicator: reveiw\n    score: 8",
        "方案中没有指标“reveiw” — 是否想写“review”？",
        "indicator: reveiw",
    ),
]


def _line_of_block(root: Path, relative: str, needle: str) -> int:
    """Line where `needle` (which may span lines) starts in the file."""
    text = (root / relative).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(("relative", "old", "new", "message", "needle"), BAD, ids=[m[:24] for *_, m, _ in BAD])
def test_bad_schemes_and_scores_give_chinese_path_line_errors(
    project: Path, relative: str, old: str, new: str, message: str, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(project, relative, old, new)
    code = main(["--root", str(project), "validate"])
    out = capsys.readouterr().out
    assert code == 1, out
    line = _line_of_block(project, relative, needle)
    expected = f"{relative}:{line}: "
    hits = [row for row in out.splitlines() if row.startswith(expected) and message in row]
    assert hits, f"expected {expected}…{message} in:\n{out}"
    code, out = run(project, capsys)
    assert code == 1 and message in out and "Traceback" not in out


def test_scores_without_a_scheme(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(project / SCORES, project / "brands/assessment/2021-scores.yml")
    replace(project, "brands/assessment/2021-scores.yml", "year: 2023", "year: 2021")
    code = main(["--root", str(project), "validate"])
    out = capsys.readouterr().out
    assert code == 1 and "brands/assessment/2021-scores.yml: 有 2021 年的评分表，却没有 2021 年的考核方案" in out


def test_unknown_files_in_the_assessment_folder_are_reported(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "brands/assessment/2023-notes.yml").write_text("a: 1\n", encoding="utf-8")
    code = main(["--root", str(project), "validate"])
    out = capsys.readouterr().out
    assert code == 1 and "brands/assessment/2023-notes.yml: 无法识别这个文件的位置，它不会被读取" in out


# --------------------------------------------------------------------------- the sample


def test_sample_2023_leaderboard() -> None:
    """Sample test: the 2023 scheme for 桂平 gives the leaderboard quoted in the project notes."""
    found = results_of(REPO)[2023]
    table = [(r.rank_all, r.brand.id, str(r.total), r.grade) for r in found.results]
    assert table == [
        (1, "xunzhou-fengqiao", "94.00", "优秀"),
        (2, "hongxin-hanghang", "80.31", "良好"),
        (3, "dangyao-farun", "79.25", "一般"),
        (4, "lijian-humin", "78.83", "一般"),
        (5, "tianping-sufu", "72.75", "一般"),
        (6, "zhongcheng-jinghun", "60.00", "一般"),
    ]
    assert all(r.complete for r in found.results)


# --------------------------------------------------------------------------- the guide page

GUIDE = REPO / "docs" / "guide" / "assessment.md"
FENCE = re.compile(r"^```yaml\n(?P<body>.*?)^```", re.MULTILINE | re.DOTALL)
TABLE = re.compile(r"^<!-- assessment-fields: (?P<model>\w+) -->[ \t]*\n(?P<table>(?:\|[^\n]*(?:\n|$))+)", re.MULTILINE)


def test_guide_examples_are_a_valid_scheme_and_score_sheet() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    blocks = [m.group("body") for m in FENCE.finditer(text)]
    assert len(blocks) == 2
    for body, model in zip(blocks, (assessment.Scheme, assessment.ScoreSheet), strict=True):
        document, problems = parse_yaml(body, GUIDE, "docs/guide/assessment.md")
        assert document is not None and not problems
        value, problems = validate_document(document, model)
        assert value is not None, "\n".join(p.format() for p in problems)


def test_guide_tables_list_every_field_of_the_scheme_and_scores() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    tables = {m.group("model"): m.group("table") for m in TABLE.finditer(text)}
    for name in ("Scheme", "Dimension", "Indicator", "Rule", "Extra", "Grade", "ScoreSheet", "Score"):
        model = getattr(contract, name)
        rows = [line.strip().strip("|").split("|") for line in tables[name].strip().splitlines()[2:]]
        documented = {cells[0].strip().strip("`"): cells[2].strip() for cells in rows}
        assert set(documented) == set(model.model_fields), name
        assert all((documented[f] == "是") == info.is_required() for f, info in model.model_fields.items()), name
