"""跟踪问效: findings per brand and court, git change dates, thresholds, CSV, dashboard page."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURES, copy_fixture

from showcase import tracking
from showcase.audience import load_for_audience
from showcase.commands.main import main
from showcase.core.loader import Layout, load_catalog
from showcase.core.settings import ProjectSettings, read_settings
from showcase.tracking import SOURCE_GIT, SOURCE_MTIME, SOURCE_UNCOMMITTED, Thresholds

SITE = FIXTURES / "site"  # three courts, six brands: the values asserted here are written there
TODAY = dt.date(2024, 3, 31)
Rows = tuple[list[tracking.BrandRow], list[tracking.CourtRow]]


@pytest.fixture(scope="module")
def rows() -> Rows:
    catalog, _ = load_for_audience(Layout(SITE), "internal")
    return tracking.findings(catalog, None, Thresholds(), TODAY)


def row(rows: list[tracking.BrandRow], brand_id: str) -> tracking.BrandRow:
    return next(r for r in rows if r.brand_id == brand_id)


# ---------------------------------------------------------------------------- findings


def test_every_brand_and_court_has_a_row(rows: Rows) -> None:
    brands, courts = rows
    assert [r.brand_id for r in brands] == [
        "dangyao-farun",
        "hongxin-hanghang",
        "lijian-humin",
        "xunzhou-fengqiao",
        "qingfeng-zhixing",
        "yizhan-weimin",
    ]
    assert [r.court_id for r in courts] == ["guigang", "guiping", "qingshan"]


def test_brand_findings(rows: Rows) -> None:
    brands, _ = rows
    fengqiao = row(brands, "xunzhou-fengqiao")
    assert fengqiao.cases == 2 and fengqiao.pipeline == {"推荐": 1, "入选": 1, "获评": 0, "未参评": 0}
    assert fengqiao.out_of_range == ["2022 年结案率 78.50%（合理区间 80–100%）"]  # the deliberate out-of-range value
    assert fengqiao.last_update == "2023-11"
    assert fengqiao.days_since_update == (TODAY - dt.date(2023, 11, 30)).days  # a month counts from its last day
    assert "无2024年指标" in fengqiao.missing  # "this year" is TODAY's year unless figures_year says otherwise
    assert row(brands, "lijian-humin").missing == ["无案例", "无2024年指标"]
    assert row(brands, "qingfeng-zhixing").missing == ["无载体"]  # 2024 figures, a case, and carriers of its own none
    assert row(brands, "dangyao-farun").out_of_range == ["2022 年生效裁判被改判发回重审率 0.62%（合理区间 0–0.5%）"]


def test_court_coverage(rows: Rows) -> None:
    _, courts = rows
    by_id = {c.court_id: c for c in courts}
    guiping, qingshan = by_id["guiping"], by_id["qingshan"]
    assert (
        guiping.organisation_year,
        guiping.branches,
        guiping.branches_with_brand,
        guiping.branches_without_brand,
    ) == (2023, 6, 4, 2)
    assert (
        qingshan.organisation_year,
        qingshan.branches,
        qingshan.branches_with_brand,
        qingshan.branches_without_brand,
    ) == (2024, 10, 2, 8)
    assert "8 个党支部尚未创建品牌" in qingshan.issues
    assert guiping.brands_without_case == ["党耀天平·法润民生", "党旗映天平·利剑护民安"]
    assert by_id["guigang"].branches is None and not by_id["guigang"].issues  # no brands, nothing to chase


def test_stale_threshold_decides_the_flag() -> None:
    catalog, _ = load_catalog(Layout(SITE))
    updates = catalog.brands["qingfeng-zhixing"].updates
    today = max(tracking.period_end(u.date, dt.date.max) for u in updates) + dt.timedelta(
        days=30
    )  # thresholds are at least one day
    days = (today - max(tracking.period_end(u.date, today) for u in updates)).days
    at, _ = tracking.findings(catalog, None, Thresholds(stale_days=days), today)
    over, _ = tracking.findings(catalog, None, Thresholds(stale_days=days - 1), today)
    assert not any("天无动态" in issue for issue in row(at, "qingfeng-zhixing").issues)
    assert f"{days} 天无动态" in row(over, "qingfeng-zhixing").issues


def test_figures_year_is_configurable() -> None:
    catalog, _ = load_catalog(Layout(SITE))
    rows, _ = tracking.findings(catalog, None, Thresholds(figures_year=2023), TODAY)
    assert "无2023年指标" not in row(rows, "xunzhou-fengqiao").missing
    rows, _ = tracking.findings(catalog, None, Thresholds(figures_year=2021), TODAY)
    assert all("无2021年指标" in r.missing for r in rows)


def test_period_end_never_lies_in_the_future() -> None:
    assert tracking.period_end("2023-02", TODAY) == dt.date(2023, 2, 28)
    assert tracking.period_end("2023", TODAY) == dt.date(2023, 12, 31)
    assert tracking.period_end("2024", TODAY) == TODAY


# ---------------------------------------------------------------------------- change dates


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    copy_fixture("minimal", root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", date="2023-01-10T12:00:00+08:00")
    brand = root / "brands/courts/demo/brands/demo-brand.yml"
    brand.write_text(brand.read_text(encoding="utf-8") + "# 改动\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", date="2023-06-05T09:00:00+08:00")
    return root


def test_change_dates_come_from_git_history(repo: Path) -> None:
    catalog, _ = load_catalog(Layout(repo))
    rows, _ = tracking.findings(catalog, repo, Thresholds(untouched_days=100), TODAY)
    demo = row(rows, "demo-brand")
    assert (demo.last_change, demo.change_source) == (dt.date(2023, 6, 5), SOURCE_GIT)
    assert demo.days_since_change == (TODAY - dt.date(2023, 6, 5)).days
    assert f"资料 {demo.days_since_change} 天未改动" in demo.issues


def test_one_git_log_for_all_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def spy(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append(list(args))
        return real(args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tracking.dates.subprocess, "run", spy)
    dates = tracking.change_dates(repo, [repo / "brands", repo / "docs"])
    assert len(calls) == 3  # rev-parse, log, status: never one process per file
    case = (repo / "docs/cases/demo/demo-case.md").resolve()
    assert dates.dates[case] == dt.date(2023, 1, 10)


def test_uncommitted_changes_use_the_file_time(repo: Path) -> None:
    case = repo / "docs/cases/demo/demo-case.md"
    case.write_text(case.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    dates = tracking.change_dates(repo, [repo / "brands", repo / "docs"])
    when, source = dates.of([case])
    assert source == SOURCE_UNCOMMITTED and when == dt.date.today()


def test_outside_git_the_file_time_is_used_and_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_fixture("minimal", tmp_path / "project")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # do not find a repository above tmp
    brand = root / "brands/courts/demo/brands/demo-brand.yml"
    stamp = dt.datetime(2023, 2, 1, 12).timestamp()
    os.utime(brand, (stamp, stamp))
    os.utime(root / "docs/cases/demo/demo-case.md", (stamp, stamp))
    dates = tracking.change_dates(root, [root / "brands", root / "docs"])
    assert "不在 git 仓库中" in dates.note
    assert dates.of([brand]) == (dt.date(2023, 2, 1), SOURCE_MTIME)


# ---------------------------------------------------------------------------- thresholds


def test_thresholds_from_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        (
            "site_name: x\ntheme:\n  icon: !!python/name:material.extensions.emoji.twemoji\nextra:\n  showcase:\n    "
            "tracking:\n      stale_days: 30\n      figures_year: 2023\n"
        ),
        encoding="utf-8",
    )
    settings, problems = read_settings(tmp_path / "mkdocs.yml")
    assert problems == []
    assert settings.tracking == Thresholds(stale_days=30, untouched_days=180, figures_year=2023)
    assert read_settings(tmp_path / "nowhere.yml") == (ProjectSettings(), [])  # a data-only project: defaults


@pytest.mark.parametrize(
    ("setting", "line", "words"),
    [
        ("stale_dyas: 30", 5, ["stale_dyas", "stale_days"]),
        ("stale_days: 三个月", 5, ["stale_days", "三个月"]),
        ("stale_days: 0", 5, ["不小于 1"]),
        ("- 1", 4, ["tracking", "键值对"]),
    ],
)
def test_bad_thresholds_are_explained_at_their_line(tmp_path: Path, setting: str, line: int, words: list[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: x\nextra:\n  showcase:\n    tracking:\n      {setting}\n", encoding="utf-8"
    )
    _, problems = read_settings(tmp_path / "mkdocs.yml")
    assert problems, setting
    text = problems[0].format()
    assert text.startswith(f"mkdocs.yml:{line}: extra.showcase 设置："), text
    for word in words:
        assert word in text


# ---------------------------------------------------------------------------- CSV and report


def test_csv_has_one_line_per_brand(rows: Rows) -> None:
    brands, courts = rows
    lines = tracking.to_csv(brands).split("\r\n")
    assert lines[0].startswith("法院,品牌标识,品牌,党支部")
    assert len([line for line in lines if line]) == 6 + 1
    assert lines[4].startswith("桂平法院,xunzhou-fengqiao,党旗引领·浔州枫桥,人民法庭党支部,")
    assert tracking.to_csv(courts).startswith("法院标识,法院,层级")


def test_report_writes_excel_friendly_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "跟踪.csv"
    code = main(["--root", str(SITE), "report", "--out", str(out), "--today", "2024-03-31"])
    said = capsys.readouterr().out
    assert code == 0, said
    assert "已写出" in said and "6 个品牌" in said
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel on Windows then reads UTF-8
    text = raw.decode("utf-8-sig")
    assert "党旗引领·浔州枫桥" in text and "\r\n" in text


def test_report_to_stdout_and_courts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(SITE), "report", "--courts", "--today", "2024-03-31"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("法院标识,") and "青山法院" in out


def test_report_rejects_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(SITE), "report", "--today", "2024/03/31"]) == 2
    assert "2024-03-31" in capsys.readouterr().out


# ---------------------------------------------------------------------------- dashboard page


def render(md_text: str) -> str:
    body = md_text.split("---", 2)[2]  # front matter is MkDocs' business
    return markdown.markdown(body, extensions=["md_in_html", "tables", "attr_list", "toc"])


def test_dashboard_lists_every_brand_and_escapes_names(rows: Rows) -> None:
    brands, courts = rows
    brands = [*brands]
    brands[0] = tracking.BrandRow(**{**brands[0].__dict__, "brand_name": "<script>alert(1)</script>"})
    page = tracking.dashboard_markdown(
        brands, courts, thresholds=Thresholds(), today=TODAY, brand_link=lambda brand_id: f"../brands/{brand_id}/"
    )
    assert page.startswith("---\ntitle: 跟踪问效\n")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    html = render(page)
    assert html.count('data-attention="') == len(brands) + len(courts)  # every row survived Markdown
    assert 'href="../brands/xunzhou-fengqiao/"' in html
    assert "<script>" in html and "localeCompare" in html  # the inlined script, no external file
    assert "http://" not in page and "https://" not in page  # offline: nothing from a CDN


def test_dashboard_page_for_the_hook() -> None:
    catalog, _ = load_catalog(Layout(SITE))
    page = tracking.dashboard_page(catalog, Thresholds(), today=TODAY)
    assert "各品牌跟踪" in page and "党旗引领·浔州枫桥" in re.sub(
        r"<[^>]+>", "", page
    )  # names may break after “·” only
    assert tracking.DASHBOARD_SRC == "tracking/index.md"


def test_sorting_and_filtering_work_in_a_browser(tmp_path: Path, rows: Rows) -> None:
    import playwright.sync_api as playwright

    from tests.browser.chromium_support import CHROMIUM as chromium
    from tests.browser.chromium_support import CHROMIUM_ARGS

    assert chromium.exists(), f"找不到 {chromium}：浏览器测试不能跳过，运行 bash scripts/install-system-deps.sh"
    brands, courts = rows
    page_file = tmp_path / "dashboard.html"
    html = render(tracking.dashboard_markdown(brands, courts, thresholds=Thresholds(), today=TODAY))
    page_file.write_text(f'<!doctype html><meta charset="utf-8"><body>{html}</body>', encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route(
                "**/*", lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_()
            )
            page.goto(page_file.as_uri())
            table = "[data-table=brands]"
            page.click(f"{table} th[data-column=update] button")  # 最近动态 (days since), ascending
            days = page.eval_on_selector_all(
                f"{table} tbody tr", "rows => rows.map(r => Number(r.cells[2].dataset.value))"
            )
            assert days == sorted(days)
            page.click(f"{table} th[data-column=update] button")  # descending
            days = page.eval_on_selector_all(
                f"{table} tbody tr", "rows => rows.map(r => Number(r.cells[2].dataset.value))"
            )
            assert days == sorted(days, reverse=True)
            page.select_option(f"{table} [data-filter=court]", "qingshan")
            visible = page.eval_on_selector_all(
                f"{table} tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.court)"
            )
            assert visible == ["qingshan"] * 2
            page.fill(f"{table} [data-filter=text]", "执行局")  # lijian-humin's branch is 执行局 too, but in guiping
            shown = page.eval_on_selector_all(
                f"{table} tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].textContent)"
            )  # the brand's name heads its row
            assert len(shown) == 1 and shown[0].startswith("党徽亮剑·青锋执行")
            assert page.text_content(f"{table} .sc-track-count") == "显示 1 / 6 个品牌"
        finally:
            browser.close()
