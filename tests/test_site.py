"""The built site of tests/fixtures/site: pages, links, charts, flags, reachability, escaping and
errors. The checks that hold for any data live in tests/site_checks.py; test_sample.py runs
them on the live sample."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import site_checks as check
from conftest import FIXTURES, Built, run_build
from site_checks import Links, html_files, page_file

from showcase.core.catalog import Catalog
from showcase.core.loader import Layout, load_catalog
from showcase.site import urls

# `project`: a buildable copy of the site fixture, for tests that change it before building.
pytestmark = pytest.mark.fixture_project("site", site=True)


@pytest.fixture(scope="session")
def catalog(fixture_site: Built) -> Catalog:
    loaded, problems = load_catalog(Layout(fixture_site.root))
    assert not [p for p in problems if p.severity == "error"]
    return loaded


@pytest.fixture(scope="session")
def parsed(fixture_site: Built) -> dict[Path, Links]:
    return check.parse_site(fixture_site.site)


# --------------------------------------------------------------------------- build


def test_strict_build_is_clean(fixture_site: Built) -> None:
    assert fixture_site.returncode == 0
    # Log records, not the word: Material 9.8 prints an end-of-life notice under `mkdocs` that
    # ends with "set NO_MKDOCS_2_WARNING=1"; it is not a log record and --strict ignores it.
    assert not re.search(r"^(WARNING|ERROR) +-", fixture_site.output, re.MULTILINE), fixture_site.output
    pages = sum(1 for _ in html_files(fixture_site.site))
    print(f"\nfixture site: {pages} HTML pages in {fixture_site.seconds:.1f} s")


def test_every_entity_has_a_page(fixture_site: Built, catalog: Catalog) -> None:
    assert check.missing_pages(fixture_site.site, catalog) == []
    assert (
        page_file(fixture_site.site, urls.compare("guiping")).is_file()
        and not page_file(fixture_site.site, urls.compare("guigang")).exists()
    )
    assert (
        page_file(fixture_site.site, urls.year(2022)).is_file()
        and page_file(fixture_site.site, urls.year(2023)).is_file()
    )


def test_every_internal_link_resolves(fixture_site: Built, parsed: dict[Path, Links]) -> None:
    broken = check.broken_links(fixture_site.site, parsed)
    assert not broken, "\n".join(broken[:30])


def test_no_external_requests(parsed: dict[Path, Links]) -> None:
    assert check.external_resources(parsed) == []


def test_every_image_is_lazy(parsed: dict[Path, Links]) -> None:
    assert sum(len(links.imgs) for links in parsed.values()) > 0
    assert check.eager_images(parsed) == []


def test_brand_logos_are_copied(fixture_site: Built, catalog: Catalog) -> None:
    assert (fixture_site.site / urls.media("brands/media/guiping/xunzhou-fengqiao.svg")).is_file()
    assert check.missing_logos(fixture_site.site, catalog) == []


# --------------------------------------------------------------------------- charts and flags


def test_figures_are_charts_with_two_years_and_tiles_with_one(fixture_site: Built, catalog: Catalog) -> None:
    """One year of data is a tile (value, unit, 合理区间 status), not a dot in an empty frame."""
    court = page_file(fixture_site.site, urls.court("guiping")).read_text(encoding="utf-8")  # 2023 only
    assert 'class="sc-chart"' not in court
    assert re.search(
        (
            r'<span class="sc-tile__label">结案率</span><span class="sc-tile__value"><strong>87\.26</strong><span '
            r'class="sc-tile__unit">%</span>'
        ),
        court,
    )
    assert "合理区间 80–100%" in court and "在合理区间内" in court
    brand = page_file(fixture_site.site, urls.brand("xunzhou-fengqiao")).read_text(encoding="utf-8")
    assert re.search(
        r'<svg[^>]*data-metric="cases_accepted"[^>]*aria-label="[^"]*2022 年 4,200 件；2023 年 4,630 件', brand
    )
    assert check.figures_missing_from_charts(fixture_site.site, catalog) == []


def test_out_of_range_flags_appear_exactly_where_the_data_is_out_of_range(
    fixture_site: Built, catalog: Catalog, parsed: dict[Path, Links]
) -> None:
    # The fixture's two out-of-range values: 2022 closure rate 78.50% against [80, 100] and 2022
    # effective reversal rate against [0, 0.5].
    out = {
        ("brand:xunzhou-fengqiao", "closure_rate", "2022"),
        ("brand:dangyao-farun", "effective_reversal_rate", "2022"),
    }
    assert check.expected_out_of_range(catalog) == out
    page = page_file(fixture_site.site, urls.brand("xunzhou-fengqiao"))
    assert ("brand:xunzhou-fengqiao", "closure_rate", "2022") in parsed[page].flags
    assert ("closure_rate", "2022") in parsed[page].chart_out
    assert re.search(
        (
            r'<td class="sc-num sc-out"[^>]*>78\.50%<span class="sc-flag"[^>]*title="合理区间 '
            r'80(\.0)?–100(\.0)?">超出合理区间</span>'
        ),
        page.read_text(encoding="utf-8"),
    )
    assert check.wrong_out_of_range_flags(fixture_site.site, catalog, parsed) == []


def test_derived_figures_are_marked(fixture_site: Built, catalog: Catalog) -> None:
    """xunzhou-fengqiao types its 2022 closure rate and leaves 2023's to the registry's formula:
    only the 2023 cell says 计算值, with the formula as its tooltip, and so does its chart."""
    everything = [*catalog.courts.values(), *catalog.brands.values()]
    derived = {
        (e.id, year, key)
        for e in everything
        for year, row in catalog.figures(e).items()
        for key, f in row.items()
        if f.derived
    }
    assert derived == {("xunzhou-fengqiao", 2023, "closure_rate")}
    html = page_file(fixture_site.site, urls.brand("xunzhou-fengqiao")).read_text(encoding="utf-8")
    table = check.MetricCells()
    table.feed(html)
    assert table.cells[("结案率", 2023)] == ("88.60%", "由公式计算：cases_closed / cases_accepted * 100")  # 4102 / 4630
    assert table.cells[("结案率", 2022)] == ("78.50%", None)
    assert table.cells[("受理案件", 2023)] == ("4,630 件", None)
    assert table.markers == 1 and html.count('class="sc-derived"') == 1
    assert re.search(
        r'data-metric="closure_rate"[^>]*aria-label="[^"]*2022 年 78\.50%（超出合理区间）；2023 年 88\.60%（计算值）',
        html,
    )
    court = page_file(fixture_site.site, urls.court("guiping")).read_text(encoding="utf-8")
    assert "计算值" not in court  # the court types its closure rate
    assert check.wrong_derived_marks(fixture_site.site, catalog) == []


# --------------------------------------------------------------------------- navigation


def test_every_brand_project_case_and_person_within_three_clicks(
    fixture_site: Built, catalog: Catalog, parsed: dict[Path, Links]
) -> None:
    assert check.pages_beyond_three_clicks(fixture_site.site, catalog, parsed) == []


def test_no_orphan_page(fixture_site: Built, parsed: dict[Path, Links]) -> None:
    assert check.orphan_pages(fixture_site.site, parsed) == []


def test_breadcrumbs_follow_the_matrix(fixture_site: Built) -> None:
    html = page_file(fixture_site.site, urls.project("jintian-family-mediation")).read_text(encoding="utf-8")
    crumbs = re.search(r'<nav class="sc-crumbs".*?</nav>', html, re.S)
    assert crumbs
    text = re.sub(r"<[^>]+>", "|", crumbs.group(0))
    order = [text.index(word) for word in ("首页", "品牌矩阵", "桂平法院", "党旗引领·浔州枫桥", "金田法庭")]
    assert order == sorted(order)


def test_case_page_has_header_card_and_links_back(fixture_site: Built, catalog: Catalog) -> None:
    html = page_file(fixture_site.site, "cases/guiping/xunfa-lecture.md").read_text(encoding="utf-8")
    assert "sc-case-card" in html and 'brands/hongxin-hanghang/"' in html
    assert 'cases/guiping/xunfa-lecture/"' in page_file(fixture_site.site, urls.brand("hongxin-hanghang")).read_text(
        encoding="utf-8"
    )
    assert check.case_page_problems(fixture_site.site, catalog) == []


def test_theme_index_lists_tags(fixture_site: Built) -> None:
    html = page_file(fixture_site.site, urls.THEMES).read_text(encoding="utf-8")
    assert "党建+审判" in html
    assert "brands/xunzhou-fengqiao/" in html


def test_print_stylesheet_is_included(fixture_site: Built) -> None:
    css = (fixture_site.site / "assets" / "showcase.css").read_text(encoding="utf-8")
    assert "@media print" in css and "A4" in css
    assert "assets/showcase.css" in (fixture_site.site / "index.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- escaping and errors

HOSTILE = "<script>alert(1)</script>{{ 7*7 }}"


def _set_line(path: Path, key: str, value: str) -> None:
    """Replace the first top-level `key:` value (a block scalar too) with a double-quoted value."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = at + 1
    while end < len(lines) and lines[end].startswith((" ", "\t")):
        end += 1  # continuation lines of a folded or literal block
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines[at:end] = [f"{key}: {quoted}"]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_yaml_text_is_shown_escaped_never_executed(project: Path) -> None:
    root = project
    brand = root / "brands/courts/guiping/brands/xunzhou-fengqiao.yml"
    _set_line(brand, "name", "浔州" + HOSTILE)
    _set_line(brand, "concept", "内涵" + HOSTILE)
    brand.write_text(
        brand.read_text(encoding="utf-8").replace(
            "name: 温情调解 和美家事", 'name: "调解<script>alert(1)</script>{{ 7*7 }}"'
        ),
        encoding="utf-8",
    )
    person = root / "brands/courts/guiping/people/li-yanqiang.yml"
    _set_line(person, "name", "李" + HOSTILE)
    case = root / "docs/cases/guiping/xunzhou-fengqiao-tribunal.md"
    _set_line(case, "title", "案例" + HOSTILE)
    built = run_build(root, "--strict")
    assert built.returncode == 0, built.output
    everything = ""
    for path in html_files(built.site):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text, path
        everything += text
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}"
    brand_page = page_file(built.site, urls.brand("xunzhou-fengqiao")).read_text(encoding="utf-8")
    assert "浔州" + escaped in brand_page
    assert "内涵" + escaped in brand_page
    assert "调解" + escaped in page_file(built.site, urls.project("jintian-family-mediation")).read_text(
        encoding="utf-8"
    )
    assert "李" + escaped in page_file(built.site, urls.person("li-yanqiang")).read_text(encoding="utf-8")
    assert "案例" + escaped in page_file(built.site, "cases/guiping/xunzhou-fengqiao-tribunal.md").read_text(
        encoding="utf-8"
    )
    assert "&lt;/script&gt;49" not in everything
    # The search data: the manifest and every per-page document file the worker fetches.
    search = [path.read_text(encoding="utf-8") for path in sorted((built.site / "search").rglob("*.json"))]
    assert len(search) > 10 and not [text for text in search if "<script>alert" in text]
    assert any("&lt;script&gt;alert(1)" in text for text in search)  # the text is there, escaped


def test_broken_yaml_fails_the_build_with_chinese_file_line_messages(project: Path) -> None:
    root = project
    brand = root / "brands/courts/guiping/brands/dangyao-farun.yml"
    _set_line(brand, "stage", "很好")
    built = run_build(root)
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert re.search(r"brands/courts/guiping/brands/dangyao-farun\.yml:\d+: .*[\u4e00-\u9fff]", built.output), (
        built.output
    )


def test_unparseable_yaml_fails_the_build_without_traceback(project: Path) -> None:
    root = project
    person = root / "brands/courts/guiping/people/xu-weiling.yml"
    person.write_text(person.read_text(encoding="utf-8") + "\nhonors: [unclosed\n", encoding="utf-8")
    built = run_build(root, "--strict")
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert "brands/courts/guiping/people/xu-weiling.yml:" in built.output


def test_serve_mode_shows_errors_as_banners_and_keeps_building(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from showcase.adapter import session

    root = project
    site = root / "site"
    previous = (session.state.command, session.state.last_good)
    session.state.command = "serve"
    try:
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))  # the last good state
        person = root / "brands/courts/guiping/people/tang-shengwei.yml"
        person.write_text(person.read_text(encoding="utf-8") + "brand: no-such-brand\n", encoding="utf-8")
        _set_line(root / "brands/courts/guiping/brands/dangyao-farun.yml", "stage", "很好")
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
    finally:
        session.state.command, session.state.last_good = previous
    person_page = page_file(site, urls.person("tang-shengwei")).read_text(encoding="utf-8")
    assert "sc-banner" in person_page
    assert "brands/courts/guiping/people/tang-shengwei.yml:" in person_page
    # the brand whose file no longer validates keeps its last good page, with the banner
    brand_page = page_file(site, urls.brand("dangyao-farun")).read_text(encoding="utf-8")
    assert "sc-banner" in brand_page and "dangyao-farun.yml:" in brand_page and "很好" in brand_page
    assert "sc-banner" in (site / "index.html").read_text(encoding="utf-8")
    assert "sc-banner" not in page_file(site, urls.person("xu-weiling")).read_text(encoding="utf-8")


def test_nav_follows_the_matrix_and_stays_small_for_big_sites(catalog: Catalog) -> None:
    from showcase.site.nav import build_nav

    tabs = build_nav(catalog)
    assert [t.title for t in tabs][:3] == ["首页", "品牌矩阵", "创新案例"]
    matrix = tabs[1]
    court = next(n for n in matrix.children if n.src_uri == urls.court("guiping"))
    brand = next(n for n in court.children if n.src_uri == urls.brand("xunzhou-fengqiao"))
    assert urls.project("jintian-family-mediation") in brand.pages()
    small = build_nav(catalog, leaf_limit=0)  # as for hundreds of courts: leaves only via index pages
    pages = [src for tab in small for src in tab.pages()]
    assert urls.brand("xunzhou-fengqiao") in pages
    indexes = {urls.PROJECTS, urls.CARRIERS, urls.PEOPLE}
    assert not [src for src in pages if src.startswith(("projects/", "carriers/", "people/")) and src not in indexes]
    assert not [src for src in pages if src.startswith("cases/") and src != urls.CASES]


def test_many_courts_are_grouped_by_city_so_a_page_carries_only_its_own_branch(catalog: Catalog) -> None:
    """Above the court limit the matrix tab lists cities; each city holds its courts, each court
    its brands. Material writes the cities, the open city's courts and the open court's brands
    into a page, so a brand page weighs the same at 10 courts and at 100."""
    from showcase.site.nav import build_nav

    matrix = build_nav(catalog, court_limit=1)[1]
    grouped = next(n for n in matrix.children if n.title == "各地法院")
    cities = {city.title: [court.src_uri for court in city.children] for city in grouped.children}
    assert cities == {
        "广西壮族自治区贵港市": [urls.court("guigang"), urls.court("guiping")],
        "样例地区": [urls.court("qingshan")],
    }
    guiping = grouped.children[0].children[1]
    assert urls.brand("xunzhou-fengqiao") in guiping.pages()
    assert not [n for n in matrix.children if n.src_uri == urls.court("guiping")]  # not also at the top
    assert [n.title for n in build_nav(catalog)[1].children if n.title == "各地法院"] == []  # three courts: as before


def test_many_cities_are_grouped_by_province_titled_without_it(catalog: Catalog) -> None:
    """A national site has hundreds of cities: above the city limit they are grouped by province,
    so a page carries the provinces, its own province's cities, its own city's courts."""
    from showcase.site.nav import build_nav

    matrix = build_nav(catalog, court_limit=1, city_limit=1)[1]
    grouped = next(n for n in matrix.children if n.title == "各地法院")
    provinces = {p.title: {c.title: [k.src_uri for k in c.children] for c in p.children} for p in grouped.children}
    assert provinces == {
        "广西壮族自治区": {"贵港市": [urls.court("guigang"), urls.court("guiping")]},
        "样例地区": {"样例地区": [urls.court("qingshan")]},  # no province in the region: the city stands alone
    }
    cities = build_nav(catalog, court_limit=1, city_limit=2)[1]
    assert [c.title for c in next(n for n in cities.children if n.title == "各地法院").children] == [
        "广西壮族自治区贵港市",
        "样例地区",
    ]  # two cities: not grouped


@pytest.mark.parametrize(
    ("src", "section", "unit"),
    [
        (urls.HOME, "sc-tree", "个子品牌"),
        (urls.BRANDS, "sc-section", "个子品牌"),
        (urls.PROJECTS, "sc-section", "个特色项目"),
        (urls.CARRIERS, "sc-section", "个载体"),
        (urls.PEOPLE, "sc-section", "位先进典型"),
        (urls.CASES, "sc-section", "篇创新案例"),
    ],
)
def test_an_overview_of_many_courts_lists_them_by_city_instead_of_each_courts_section(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch, src: str, section: str, unit: str
) -> None:
    """A national site's overviews were megabytes (the home page drew a thousand trees: 8.5 MB):
    above the limit they list the courts by city with how many entries each has, each a link to
    the court's page, where the entries are."""
    from showcase.site import build_site, views

    def page() -> str:
        return next(p for p in build_site(catalog).pages if p.src_uri == src).markdown

    drawn = page()
    assert section in drawn and "sc-directory" not in drawn
    monkeypatch.setattr(views, "COURT_SECTIONS_LIMIT", 1)
    listed = page()
    assert section not in listed and "sc-directory" in listed
    total = int(re.search(rf"\d+ 个法院，共 (\d+) {unit}", listed).group(1))  # type: ignore[union-attr]
    counts = [int(n) for n in re.findall(rf'</a><span class="sc-muted"> · (\d+) {unit}</span>', listed)]
    assert total == sum(counts) and total > 0
    cities = re.findall(r'<h3 class="sc-directory__title">([^<]+)<', listed)
    assert cities and cities[0] == "广西壮族自治区贵港市"
    assert f'href="{urls.relative(src, urls.court("guiping"), True)}"' in listed


def test_court_scoped_preview_builds_one_court_and_a_full_build_ignores_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`SHOWCASE_PREVIEW_COURT=guiping mkdocs serve` previews one court of a province-size site in
    seconds: its pages and cases only, and no error for the superior court it was not told to read."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from showcase.adapter import session

    root = project
    site = root / "site"
    monkeypatch.setenv("SHOWCASE_PREVIEW_COURT", "guiping")
    previous = (session.state.command, session.state.last_good)
    session.state.command = "serve"
    try:
        build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site)))
    finally:
        session.state.command, session.state.last_good = previous
    assert session.state.problems == []  # guiping names guigang as its superior court: not "unknown"
    assert page_file(site, urls.brand("xunzhou-fengqiao")).is_file()
    assert page_file(site, "cases/guiping/xunfa-lecture.md").is_file()
    assert not page_file(site, urls.court("qingshan")).exists()
    assert not page_file(site, "cases/qingshan/wage-enforcement.md").exists()

    built = run_build(root, env={"SHOWCASE_PREVIEW_COURT": "guiping"})
    assert built.returncode == 0, built.output
    assert "构建时忽略" in built.output
    assert page_file(built.site, urls.court("qingshan")).is_file()


def test_a_preview_of_an_unknown_court_says_which_courts_exist(tmp_path: Path) -> None:
    catalog, problems = load_catalog(Layout(FIXTURES / "site", court="guipng"))
    assert not catalog.courts
    assert [p.message for p in problems if p.severity == "error"] == ["预览范围中的法院“guipng”不存在"]
    assert "guiping" in problems[0].hint


def test_overviews_list_at_most_the_limit_and_say_how_many_there_are(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A national site has tens of thousands of updates: 最新动态 and a year's page list the newest
    few of each kind, say how many there are in all, and leave every one on its own page."""
    from showcase.site import build_site, views

    updates = catalog.updates()
    year = int(updates[0].date[:4])
    in_year = [u for u in updates if u.date.startswith(str(year))]
    assert len(in_year) > 2
    monkeypatch.setattr(views, "OVERVIEW_LIMIT", 2)
    site = build_site(catalog)
    latest = next(p for p in site.pages if p.src_uri == urls.UPDATES).markdown
    assert f"共 {len(updates)} 条动态，这里列出 2 条动态" in latest
    assert updates[0].title in latest and updates[1].title in latest and updates[2].title not in latest
    year_page = next(p for p in site.pages if p.src_uri == urls.year(year)).markdown
    assert f"共 {len(in_year)} 条动态，这里列出 2 条动态" in year_page
    units = sum(1 for brand in catalog.brands.values() if year in catalog.figures(brand)) + sum(
        1 for court in catalog.courts.values() if year in catalog.figures(court)
    )
    if units > 2:  # brands' figures give way to their courts'
        assert f"共 {units} 个单位，这里列出" in year_page
    monkeypatch.setattr(views, "OVERVIEW_LIMIT", 10_000)
    assert "这里列出" not in next(p for p in build_site(catalog).pages if p.src_uri == urls.UPDATES).markdown
