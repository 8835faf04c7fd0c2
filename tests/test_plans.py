"""Brand plans (品牌方案) and their checklists: the mistakes an editor makes get Chinese `path:line`
errors, evidence must point at a record that exists, the tracking dashboard flags overdue and
at-risk tasks, and a public build's catalog holds no plan at all."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from showcase import tracking
from showcase.audience import internal_texts, load_for_audience
from showcase.commands.main import main
from showcase.core.loader import Layout, load_catalog
from showcase.core.plans import at_risk, on_time, open_at_close, overdue
from showcase.tracking import Thresholds

FIXTURE = Path(__file__).parent / "fixtures" / "assessment"
ALPHA = "brands/courts/north/brands/alpha.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    return root


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--root", str(root), "validate"])
    out = capsys.readouterr()
    return code, out.out + out.err


def replace(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, relative: str, needle: str) -> int:
    text = (root / relative).read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


MISTAKES = [
    # (old, new, message fragment, needle of the line reported)
    (
        "        status: 延期",
        "        status: 推迟",
        "“status”（状态）的取值“推迟”无效 — 可选值：未开始、进行中、已完成、延期",
        "status: 推迟",
    ),
    (
        "        due: 2023-11-30",
        "        due: 2023/11/30",
        "“due”（完成时限）的日期写成了“2023/11/30” — 日期写成 2023-11-30",
        "due: 2023/11/30",
    ),
    (
        "        done: 2023-03-01",
        "        done: 2023年3月1日",
        "“done”（完成日期）的日期写成了“2023年3月1日” — 日期写成 2023-03-01",
        "done: 2023年3月1日",
    ),
    (
        "          - update:2023-03-01\n",
        "          - update:2023-03-02\n",
        "证据“update:2023-03-02”找不到：本品牌和本院没有 2023-03-02 的动态",
        "update:2023-03-02",
    ),
    (
        "          - case:north/alpha-case",
        "          - case:north/alpha-cases",
        "证据“case:north/alpha-cases”找不到：没有案例“north/alpha-cases”",
        "case:north/alpha-cases",
    ),
    (
        "          - media:brands/media/north/alpha.svg",
        "          - media:brands/media/north/beta.svg",
        "证据“media:brands/media/north/beta.svg”找不到：本品牌的图片资料中没有",
        "media:brands/media/north/beta.svg",
    ),
    (
        "          - carrier:alpha-lecture#2",
        "          - carrier:alpha-lectures#2",
        "证据“carrier:alpha-lectures#2”找不到：本品牌和本院没有载体“alpha-lectures”",
        "carrier:alpha-lectures",
    ),
    (
        "          - carrier:alpha-lecture#2",
        "          - carrier:alpha-lecture#4",
        "引用了“甲讲堂”第 4 期，但它只举办了 3 期",
        "carrier:alpha-lecture#4",
    ),
    (
        "          - carrier:alpha-lecture#2",
        "          - photo:alpha.svg",
        "证据“photo:alpha.svg”的类型“photo”无效",
        "photo:alpha.svg",
    ),
    (
        "          - update:2023-03-01\n          - media",
        "          - 2023-03-01 的动态\n          - media",
        "证据“2023-03-01 的动态”的写法无法识别",
        "2023-03-01 的动态",
    ),
    (
        "          - update:2023-03-01\n          - media",
        "          - 2023-03-01\n          - media",
        "证据“2023-03-01”的写法无法识别 — 写成“类型:标识”",
        "- 2023-03-01\n",
    ),
    (
        "        evidence:\n          - update: 2023-06-01\n          - update:2023-05-20\n",
        "",
        "任务“晚完成的任务”标为已完成，但没有写证据",
        "status: 已完成\n        done: 2023-06-01",
    ),
    (
        "        done: 2023-10\n",
        "",
        "任务“按期完成的任务二”标为已完成，但没有写完成日期",
        "status: 已完成\n        evidence:\n          - case",
    ),
    (
        "        status: 延期",
        "        status: 延期\n        done: 2023-12-01",
        "任务“延期的任务”写了完成日期，但状态是“延期”",
        "done: 2023-12-01",
    ),
    (
        "  - year: 2023\n    goals:\n      - 甲品牌的年度目标",
        "  - year: 2023\n    goals: [甲]\n  - year: 2023\n    goals:\n      - 甲品牌的年度目标",
        "2023 年的品牌方案写了两份",
        "  - year: 2023\n    goals:\n      - 甲",
    ),
    (
        "        status: 延期",
        "        status: 延期\n        project: alpha-projec",
        "引用了不存在的项目“alpha-projec”",
        "project: alpha-projec",
    ),
    ("    goals:\n      - 甲品牌的年度目标", "    goals: []", "“goals”（年度目标）不能为空", "goals: []"),
]


@pytest.mark.parametrize(("old", "new", "message", "needle"), MISTAKES, ids=[m[:20] for _, _, m, _ in MISTAKES])
def test_plan_mistakes_give_chinese_path_line_errors(
    project: Path, old: str, new: str, message: str, needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    replace(project, ALPHA, old, new)
    code, out = validate(project, capsys)
    assert code == 1, out
    expected = f"{ALPHA}:{line_of(project, ALPHA, needle)}: "
    assert any(row.startswith(expected) and message in row for row in out.splitlines()), (
        f"expected {expected}…{message} in:\n{out}"
    )
    assert "Traceback" not in out


def test_an_ambiguous_update_asks_for_the_title(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(
        project,
        ALPHA,
        "  - date: 2023-09-01\n    title: 甲品牌九月动态",
        "  - date: 2023-09-01\n    title: 甲品牌九月动态\n  - date: 2023-03-01\n    title: 同一天的另一条",
    )
    code, out = validate(project, capsys)
    assert code == 1
    assert (
        "证据“update:2023-03-01”不明确：2023-03-01 有 2 条动态（“甲品牌三月动态”、“同一天的另一条”） — "
        "在日期后空一格写上动态标题，如 update:2023-03-01 甲品牌三月动态"
    ) in out
    replace(project, ALPHA, "          - update:2023-03-01\n", "          - update:2023-03-01 甲品牌三月动态\n")
    assert validate(project, capsys)[0] == 0


def test_evidence_may_name_the_courts_records_and_be_typed_as_a_mapping(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The fixture already uses `- update: 2023-06-01` (a mapping) and `update:2023-05-20` (the court's update).
    assert validate(project, capsys)[0] == 0
    catalog, _ = load_catalog(Layout(project))
    task = catalog.brands["alpha"].plans[0].tasks[2]
    assert task.evidence == ["update:2023-06-01", "update:2023-05-20"]


def test_evidence_may_not_point_at_another_courts_case(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    replace(
        project,
        "brands/courts/south/brands/gamma.yml",
        "evidence: [update:2023-08-01]",
        "evidence: [case:north/alpha-case]",
    )
    code, out = validate(project, capsys)
    assert code == 1 and "证据“case:north/alpha-case”是另一个法院（north）的案例 — 证据只能引用本院的记录" in out


# --------------------------------------------------------------------------- timing and the dashboard


def test_task_timing_rules() -> None:
    catalog, _ = load_catalog(Layout(FIXTURE))
    early, second, late, postponed = catalog.brands["alpha"].plans[0].tasks
    assert on_time(early) and on_time(second) and not on_time(late) and not on_time(postponed)
    assert not overdue(postponed, dt.date(2023, 11, 30)) and overdue(
        postponed, dt.date(2023, 12, 1)
    )  # 2023-11-30 is still in time
    assert at_risk(postponed, dt.date(2023, 11, 1), 0)  # postponed: at risk until it is overdue
    assert open_at_close(postponed, dt.date(2023, 11, 30))  # an assessment closing on the due day counts it as open
    delta = catalog.brands["delta"].plans[0].tasks[0]
    assert not at_risk(delta, dt.date(2023, 11, 15), 30) and at_risk(delta, dt.date(2023, 12, 15), 30)


def test_the_dashboard_flags_overdue_and_at_risk_tasks() -> None:
    catalog, _ = load_for_audience(Layout(FIXTURE), "internal")
    rows, _ = tracking.findings(catalog, None, Thresholds(), dt.date(2023, 12, 15))
    by_id = {r.brand_id: r for r in rows}
    assert by_id["alpha"].overdue_tasks == ["延期的任务（时限 2023-11-30，延期）"]
    assert "1 项方案任务逾期" in by_id["alpha"].issues
    assert by_id["delta"].at_risk_tasks == ["丁任务（时限 2023-12-31，进行中）"]
    assert "1 项方案任务临近截止或已延期" in by_id["delta"].issues
    assert not by_id["beta"].overdue_tasks and not by_id["beta"].at_risk_tasks
    page = tracking.dashboard_markdown(rows, [], thresholds=Thresholds(), today=dt.date(2023, 12, 15))
    assert "<strong>1</strong> 项品牌方案任务已逾期，<strong>1</strong> 项临近截止（30 天内）或已延期" in page
    assert "方案任务逾期：延期的任务（时限 2023-11-30，延期）" in page
    table = tracking.to_csv(rows)
    assert "逾期任务" in table.splitlines()[0] and "延期的任务（时限 2023-11-30，延期）" in table


def test_at_risk_days_is_a_setting(tmp_path: Path) -> None:
    catalog, _ = load_for_audience(Layout(FIXTURE), "internal")
    rows, _ = tracking.findings(catalog, None, Thresholds(at_risk_days=10), dt.date(2023, 12, 15))
    assert not next(r for r in rows if r.brand_id == "delta").at_risk_tasks  # due in 16 days, beyond 10


# --------------------------------------------------------------------------- audiences


def test_a_public_catalog_holds_no_plan_and_plan_text_counts_as_internal() -> None:
    catalog, _ = load_catalog(Layout(FIXTURE))
    public = catalog.public_only()
    assert all(not brand.plans for brand in public.brands.values())
    assert catalog.brands["alpha"].plans  # the intranet keeps them
    pieces = internal_texts(catalog)
    assert (
        "甲品牌的年度目标" in pieces and "按期完成的任务一" in pieces
    )  # the leak check looks for them in a public build
