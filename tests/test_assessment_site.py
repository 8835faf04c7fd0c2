"""量化考核 on the site: an internal build has a page per year (its title says 量化考核) with the
leaderboard, a chart, movement since the previous year and every brand's breakdown with links to
its evidence; brand pages show the grade, the trend and plan progress. A public build contains
none of it — no page, no navigation entry, no search entry, no plan text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Built, make_site_project, run_build

ZERO_WIDTH = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


@pytest.fixture(scope="module")
def internal(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """tests/fixtures/assessment built for the intranet."""
    built = run_build(
        make_site_project(tmp_path_factory.mktemp("assess-internal") / "project", "assessment"),
        "--strict",
        env={"SHOWCASE_AUDIENCE": "internal"},
    )
    assert built.returncode == 0, built.output
    return built


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = run_build(
        make_site_project(tmp_path_factory.mktemp("assess-public") / "project", "assessment"),
        "--strict",
        env={"SHOWCASE_AUDIENCE": "public"},
    )
    assert built.returncode == 0, built.output
    return built


class Page(HTMLParser):
    """Text, links and element ids of one built page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag in ("script", "style"):
            self._skip += 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def page(site: Path, path: str) -> Page:
    parsed = Page()
    parsed.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return parsed


def content(site: Path, path: str) -> str:
    """The article of a page (without navigation) as a reader sees it: spaces collapsed, none
    before Chinese punctuation, paths whole (they carry <wbr> break points)."""
    html = (site / path / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    article = html[html.index('<article class="md-content__inner') : html.rindex("</article>")]
    parsed = Page()
    parsed.feed(article)
    text = " ".join(parsed.text.split())
    return re.sub(r" (?=[：，。、；）])|(?<=[（：]) ", "", text)


def resolve(site: Path, from_page: str, link: str) -> Path:
    target = (site / from_page / link.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


# --------------------------------------------------------------------------- internal build


def test_a_page_per_year_whose_title_says_assessment(internal: Built) -> None:
    for year in (2022, 2023):
        found = page(internal.site, f"assessment/{year}")
        assert f"{year} 年度量化考核" in found.title
    index = content(internal.site, "assessment")
    assert "2023 年度量化考核" in index and "2022 年度量化考核" in index
    assert "第一名：甲品牌、丙品牌" in index  # the tie: both first


def table_rows(site: Path, path: str, css_class: str) -> list[list[str]]:
    """Body rows of the first table with this class, as the text of each cell."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    start = html.index(f'<table class="sc-table {css_class}">')
    body = html[html.index("<tbody>", start) : html.index("</table>", start)]
    rows = []
    for row in body.split("<tr")[1:]:
        cells = re.split(r"<t[hd]\b[^>]*>", row)[1:]
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells])
    return rows


def test_the_leaderboard_ranks_ties_and_movement(internal: Built) -> None:
    rows = table_rows(internal.site, "assessment/2023", "sc-assess")
    assert [r[:4] for r in rows] == [
        ["1（并列）", "甲品牌", "42.75", "良好"],
        ["1（并列）", "丙品牌", "42.75", "良好"],
        ["3", "戊品牌", "40.00", "良好"],
        ["4", "乙品牌", "32.67", "一般"],
        ["—", "丁品牌", "13.78（不完整，缺 2 项）", "待定（缺数据）"],
    ]
    assert [r[4] for r in rows] == ["1", "1", "2", "2", "—"]  # within each court
    assert rows[0][6] == "↑ 上升 3 位（上年第 4 名，5.00 分）"
    assert rows[3][6] == "↓ 下降 3 位（上年第 1 名，10.00 分）"
    assert rows[4][6] == "上年缺数据，未排名"
    subtotals = table_rows(internal.site, "assessment/2023", "sc-assess-sub")
    assert subtotals[0] == ["甲品牌", "18.00", "23.75", "2.00", "1.00", "42.75"]
    text = content(internal.site, "assessment/2023")
    assert "1 个品牌缺数据" in text and "缺数据的项不按 0 分计" in text


def test_the_year_page_has_a_chart_of_the_totals(internal: Built) -> None:
    html = (internal.site / "assessment/2023/index.html").read_text(encoding="utf-8")
    start = html.index("<svg", html.index("2023 年度总分（分）"))
    chart = html[start : html.index("</svg>", start)]
    for name, total in (("甲品牌", "42.75"), ("丙品牌", "42.75"), ("戊品牌", "40.00"), ("乙品牌", "32.67")):
        assert name in chart and total in chart
    assert "丁品牌" not in chart  # not ranked: not charted


def test_each_breakdown_traces_points_to_rules_sources_and_evidence(internal: Built) -> None:
    site = internal.site
    found = page(site, "assessment/2023")
    assert {f"brand-{b}" for b in ("alpha", "beta", "gamma", "delta", "epsilon")} <= found.ids
    text = content(site, "assessment/2023")
    alpha = text[
        text.index("甲品牌 北城法院 · 第一党支部") : text.index("丙品牌 南城法院")
    ]  # breakdowns follow the ranks
    assert "总分 42.75 · 良好 · 院内第 1 名 · 全部并列第 1 名" in alpha
    assert "到期任务 4 项，按期完成 2 项 → 5.00 分（未按期：晚完成的任务、延期的任务）" in alpha
    assert "规则：2023 年方案中到期任务的按期完成率 × 10 分" in alpha and "brands/assessment/2023.yml:" in alpha
    assert "来源：brands/courts/north/brands/alpha.yml:" in alpha
    assert "动态 2023-03-01 甲品牌三月动态" in alpha and "案例《甲品牌的案例》" in alpha
    delta = text[text.index("丁品牌 南城法院") :]
    assert "缺数据 2 项：党课、述职评议" in delta and "2023 年没有填写党课" in delta
    # Every link on the page leads to a page or file of the site (evidence included).
    broken = [
        link
        for link in found.links
        if not link.startswith(("http", "#", "mailto")) and not resolve(site, "assessment/2023", link).exists()
    ]
    assert broken == []
    assert any("cases/north/alpha-case" in link for link in found.links)


def test_the_brand_page_shows_its_grade_trend_and_plan_progress(internal: Built) -> None:
    text = content(internal.site, "brands/alpha")
    assert "2023 年度量化考核：良好 · 总分 42.75 · 全部排名 1（并列）" in text
    trend = text[text.index("量化考核 年度 总分") : text.index("品牌方案与任务进度")]
    assert "2023 年 42.75 良好 1 1（并列） ↑ 上升 3 位" in trend and "2022 年 5.00 较差 2 4" in trend
    html = (internal.site / "brands/alpha/index.html").read_text(encoding="utf-8")
    assert "历年量化考核得分率" in html  # the trend chart
    plans = text[text.index("品牌方案与任务进度") :]
    assert "2023 年 已完成 3 / 4 项（75%）" in plans
    assert "延期的任务 逾期" in plans  # built long after 2023-11-30
    assert "晚完成的任务 晚于时限完成" in plans
    assert "载体 甲讲堂 第 2 期" in plans


# --------------------------------------------------------------------------- public build


def _files_text(site: Path) -> dict[str, str]:
    """Every text file of a built site (search entries by their page), zero-width separators and
    spaces removed. The search index is JSON: its entries are decoded and filed under their page."""
    found: dict[str, str] = {}
    for path in site.rglob("*"):
        if (
            not path.is_file()
            or path.suffix in (".png", ".svg", ".gz", ".woff", ".woff2", ".css")
            or "assets/javascripts" in path.as_posix()
        ):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        name = path.relative_to(site).as_posix()
        if path.suffix == ".json":
            data = json.loads(raw)
            entries = data.get("docs", []) if isinstance(data, dict) else data
            if isinstance(entries, list) and entries and all(isinstance(e, dict) and "location" in e for e in entries):
                for entry in entries:
                    key = f"{name}#{entry['location']}"
                    found[key] = found.get(key, "") + ZERO_WIDTH.sub("", json.dumps(entry, ensure_ascii=False))
                continue
            raw = json.dumps(data, ensure_ascii=False)
        found[name] = ZERO_WIDTH.sub("", raw)
    return found


def _guide(name: str) -> bool:
    """A page of the editing guide (public: it explains how schemes and scores are written)."""
    return name.startswith("guide/") or "#guide/" in name


def test_the_public_build_contains_no_assessment_and_no_plan(public: Built, internal: Built) -> None:
    assert not (public.site / "assessment").exists()
    files = _files_text(public.site)
    # The editing guide explains how schemes are written; everything else says nothing of them.
    mentions = [name for name, text in files.items() if "量化考核" in text and not _guide(name)]
    assert mentions == []
    for secret in (
        "2023年度测试考核",
        "甲的述职评议",
        "测试用方案说明",
        "甲品牌的年度目标",
        "延期的任务",
        "按期完成的任务一",
        "晚完成的任务",
        "品牌方案与任务进度",
    ):
        assert not [name for name, text in files.items() if secret in text], secret
    # ... while the internal build has them all, so the check above looks at the right things.
    internal_files = _files_text(internal.site)
    assert any("甲品牌的年度目标" in text for text in internal_files.values())
    assert any("甲的述职评议" in text for name, text in internal_files.items() if name.startswith("search/"))
    assert any("量化考核" in text for name, text in internal_files.items() if "#assessment/" in name)


def test_the_public_navigation_and_search_have_no_assessment(public: Built) -> None:
    home = (public.site / "index.html").read_text(encoding="utf-8")
    assert "assessment/" not in home and "量化考核" not in ZERO_WIDTH.sub("", home)
    locations = [name.split("#", 1)[1] for name in _files_text(public.site) if "#" in name]
    assert locations and not [loc for loc in locations if loc.startswith("assessment/")]


def test_the_internal_navigation_has_the_tab(internal: Built) -> None:
    home = (internal.site / "index.html").read_text(encoding="utf-8")
    assert 'href="assessment/"' in home and "量化考核" in home


# --------------------------------------------------------------------------- the sample


def test_the_sample_site_has_the_2023_assessment_and_plan_progress(sample_site: Built) -> None:
    text = content(sample_site.site, "assessment/2023")
    assert "1 党旗引领·浔州枫桥 94.00 优秀 1 桂平法院" in text
    assert "6 忠诚警魂·护航天平 60.00 一般 6 桂平法院" in text
    project = content(sample_site.site, "projects/jintian-family-mediation")
    assert "本项目的方案任务 2023 年 已完成 1 / 1 项（100%）" in project
    assert "金田法庭家事调解室启用 按期完成" in project
