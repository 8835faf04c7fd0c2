"""The built sample site: pages, links, charts, flags, reachability, escaping and errors."""

from __future__ import annotations

import posixpath
import re
from collections import deque
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Built, run_build

from showcase.core.catalog import Catalog
from showcase.core.loader import Layout, load_catalog
from showcase.site import urls

SKIP_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")


class Links(HTMLParser):
    """Collects href/src values and a few attributes the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.resources: list[str] = []  # what the browser fetches by itself: src, <link href>
        self.imgs: list[dict[str, str | None]] = []
        self.flags: list[tuple[str, str, str]] = []
        self.chart_out: list[tuple[str, str]] = []  # (metric, year) of out-of-range chart points
        self._metric: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name in ("href", "src"):
            value = a.get(name)
            if value and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.links.append(value)
        if a.get("src"):
            self.resources.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.resources.append(a["href"] or "")
        if tag == "img":
            self.imgs.append(a)
        if "sc-flag" in (a.get("class") or "").split():
            self.flags.append((a["data-entity"] or "", a["data-metric"] or "", a["data-year"] or ""))
        if tag == "svg" and a.get("data-metric"):
            self._metric = a["data-metric"]
        if tag == "g" and a.get("data-out-of-range") == "true":
            self.chart_out.append((self._metric or "", a.get("data-year") or ""))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def page_file(site: Path, src_uri: str) -> Path:
    return site / urls.page_url(src_uri) / "index.html"


def resolve(site: Path, page: Path, link: str) -> Path | None:
    """The file an internal link points to, or None for external links and pure anchors."""
    if link.startswith(SKIP_SCHEMES) or link.startswith("#") or link.startswith("//"):
        return None
    target = link.split("#", 1)[0].split("?", 1)[0]
    base = page.parent.relative_to(site).as_posix()
    if target.startswith("/"):  # 404.html links from the site root
        base, target = ".", target.lstrip("/") or "."
    joined = posixpath.normpath(posixpath.join(base, target)) if target else base
    path = site / joined
    if target.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


@pytest.fixture(scope="session")
def catalog(sample_site: Built) -> Catalog:
    loaded, problems = load_catalog(Layout(sample_site.root))
    assert not [p for p in problems if p.severity == "error"]
    return loaded


@pytest.fixture(scope="session")
def parsed(sample_site: Built) -> dict[Path, Links]:
    return {path: parse(path) for path in html_files(sample_site.site)}


# --------------------------------------------------------------------------- build


def test_strict_build_is_clean(sample_site: Built) -> None:
    assert sample_site.returncode == 0
    # Log records, not the word: Material 9.8 prints an end-of-life notice under `mkdocs` that
    # ends with "set NO_MKDOCS_2_WARNING=1"; it is not a log record and --strict ignores it.
    assert not re.search(r"^(WARNING|ERROR) +-", sample_site.output, re.MULTILINE), sample_site.output
    pages = sum(1 for _ in html_files(sample_site.site))
    print(f"\nsample: {pages} HTML pages in {sample_site.seconds:.1f} s")


def test_every_entity_has_a_page(sample_site: Built, catalog: Catalog) -> None:
    expected = [urls.HOME, urls.MATRIX, urls.HONORS, urls.THEMES, urls.YEARS, urls.UPDATES, urls.PEOPLE, urls.CASES, urls.COMPARE]
    expected += [urls.court(k) for k in catalog.courts]
    expected += [urls.brand(k) for k in catalog.brands]
    expected += [urls.project(p.id) for _, p in catalog.projects()]
    expected += [urls.carrier(k.id) for _, _, k in catalog.carriers()]
    expected += [urls.person(k) for k in catalog.people]
    expected += [urls.campaign(k) for k in catalog.campaigns]
    expected += [case.src_uri for case in catalog.cases.values()]
    expected += [urls.year(y) for y in catalog.years()]
    expected += [urls.compare(k) for k in catalog.courts if catalog.brands_of(k)]
    missing = [src for src in expected if not page_file(sample_site.site, src).is_file()]
    assert not missing


def test_every_internal_link_resolves(sample_site: Built, parsed: dict[Path, Links]) -> None:
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            target = resolve(sample_site.site, page, link)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(sample_site.site)} → {link}")
    assert not broken, "\n".join(broken[:30])


def test_no_external_requests(parsed: dict[Path, Links]) -> None:
    for page, links in parsed.items():
        external = [link for link in links.resources if link.startswith(("http:", "https:", "//"))]
        assert not external, f"{page}: {external}"


def test_every_image_is_lazy(parsed: dict[Path, Links]) -> None:
    eager = [(page.name, img.get("src")) for page, links in parsed.items() for img in links.imgs if img.get("loading") != "lazy"]
    assert not eager


def test_brand_logos_are_copied(sample_site: Built, catalog: Catalog) -> None:
    for brand in catalog.brands.values():
        if brand.logo:
            assert (sample_site.site / urls.media(brand.logo.path)).is_file()


# --------------------------------------------------------------------------- charts and flags


def charted(catalog: Catalog, entity: object, key: str) -> bool:
    """A metric gets a line chart only with values in two years or more."""
    return sum(1 for row in catalog.figures(entity).values() if key in row) >= 2  # type: ignore[arg-type]


def test_figures_are_charts_with_two_years_and_tiles_with_one(sample_site: Built, catalog: Catalog) -> None:
    """One year of data is a tile (value, unit, 合理区间 status), not a dot in an empty frame."""
    court = page_file(sample_site.site, urls.court("guiping")).read_text(encoding="utf-8")  # 2023 only
    assert 'class="sc-chart"' not in court
    assert re.search(r'<span class="sc-tile__label">结案率</span><span class="sc-tile__value"><strong>87\.26</strong><span class="sc-tile__unit">%</span>', court)
    assert "合理区间 80–100%" in court and "在合理区间内" in court
    for kind, entities in (("court", catalog.courts), ("brand", catalog.brands)):
        for entity in entities.values():
            html = page_file(sample_site.site, urls.court(entity.id) if kind == "court" else urls.brand(entity.id)).read_text(encoding="utf-8")
            labels = " ".join(re.findall(r'<svg[^>]*aria-label="([^"]*)"', html))
            for year, row in catalog.figures(entity).items():
                for figure in row.values():
                    if charted(catalog, entity, figure.metric.key):
                        assert f"{year} 年 {figure.text}" in labels, (entity.id, figure.metric.key, year)
                    else:
                        assert figure.text in html or figure.text.replace(" ", "") in html.replace('</strong><span class="sc-tile__unit">', ""), (entity.id, figure.metric.key)


def expected_out_of_range(catalog: Catalog) -> set[tuple[str, str, str]]:
    found = set()
    for kind, entities in (("court", catalog.courts), ("brand", catalog.brands)):
        for entity in entities.values():
            for year, row in catalog.figures(entity).items():
                for figure in row.values():
                    if figure.out_of_range:
                        found.add((f"{kind}:{entity.id}", figure.metric.key, str(year)))
    return found


def test_out_of_range_flags_appear_exactly_where_the_data_is_out_of_range(sample_site: Built, catalog: Catalog, parsed: dict[Path, Links]) -> None:
    expected = expected_out_of_range(catalog)
    assert expected, "the sample should contain at least one out-of-range value"
    flagged = {flag for links in parsed.values() for flag in links.flags}
    assert flagged == expected
    # each entity page flags its own values, in the table and in the chart
    for key, metric, year in expected:
        kind, entity = key.split(":")
        page = page_file(sample_site.site, urls.court(entity) if kind == "court" else urls.brand(entity))
        assert (key, metric, year) in parsed[page].flags
        if charted(catalog, (catalog.courts if kind == "court" else catalog.brands)[entity], metric):
            assert (metric, year) in parsed[page].chart_out
    for kind, entities in (("court", catalog.courts), ("brand", catalog.brands)):
        for entity_id in entities:
            page = page_file(sample_site.site, urls.court(entity_id) if kind == "court" else urls.brand(entity_id))
            mine = {(m, y) for k, m, y in expected if k == f"{kind}:{entity_id}"}
            assert set(parsed[page].chart_out) == {(m, y) for m, y in mine if charted(catalog, entities[entity_id], m)}
            assert {(m, y) for _, m, y in parsed[page].flags} == mine
            assert parsed[page].flags == [] or "超出合理区间" in page.read_text(encoding="utf-8")


def test_derived_figures_are_marked(sample_site: Built) -> None:
    html = page_file(sample_site.site, urls.brand("xunzhou-fengqiao")).read_text(encoding="utf-8")
    assert "sc-metrics" in html


# --------------------------------------------------------------------------- navigation


def internal_pages(site: Path, page: Path, links: Links) -> set[Path]:
    found = set()
    for link in links.links:
        target = resolve(site, page, link)
        if target is not None and target.suffix == ".html" and target.is_file():
            found.add(target)
    return found


def test_every_brand_project_case_and_person_within_three_clicks(sample_site: Built, catalog: Catalog, parsed: dict[Path, Links]) -> None:
    site = sample_site.site
    home = site / "index.html"
    depth = {home: 0}
    queue = deque([home])
    while queue:
        page = queue.popleft()
        if depth[page] == 3:
            continue
        for target in internal_pages(site, page, parsed[page]):
            if target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    targets = [urls.brand(k) for k in catalog.brands] + [urls.project(p.id) for _, p in catalog.projects()]
    targets += [case.src_uri for case in catalog.cases.values()] + [urls.person(k) for k in catalog.people]
    far = [src for src in targets if page_file(site, src) not in depth]
    assert not far


def test_no_orphan_page(sample_site: Built, parsed: dict[Path, Links]) -> None:
    site = sample_site.site
    inbound: dict[Path, int] = {page: 0 for page in parsed}
    for page, links in parsed.items():
        for target in internal_pages(site, page, links):
            if target != page and target in inbound:
                inbound[target] += 1
    orphans = [p.relative_to(site).as_posix() for p, n in inbound.items() if n == 0 and p.name == "index.html" and p != site / "index.html"]
    assert not orphans


def test_breadcrumbs_follow_the_matrix(sample_site: Built) -> None:
    html = page_file(sample_site.site, urls.project("jintian-family-mediation")).read_text(encoding="utf-8")
    crumbs = re.search(r'<nav class="sc-crumbs".*?</nav>', html, re.S)
    assert crumbs
    text = re.sub(r"<[^>]+>", "|", crumbs.group(0))
    order = [text.index(word) for word in ("首页", "品牌矩阵", "桂平法院", "党旗引领·浔州枫桥", "金田法庭")]
    assert order == sorted(order)


def test_case_page_has_header_card_and_links_back(sample_site: Built, catalog: Catalog) -> None:
    for case in catalog.cases.values():
        html = page_file(sample_site.site, case.src_uri).read_text(encoding="utf-8")
        assert "sc-case-card" in html
        for label in ("创新性", "实践性", "操作性", "示范性"):
            assert label in html
        if case.status:
            assert case.status in html
        brand_page = page_file(sample_site.site, urls.brand(case.meta.brand)).read_text(encoding="utf-8")
        assert f'cases/{case.id}/"' in brand_page  # the brand lists its cases
        assert f'brands/{case.meta.brand}/"' in html  # and the case links back


def test_theme_index_lists_tags(sample_site: Built) -> None:
    html = page_file(sample_site.site, urls.THEMES).read_text(encoding="utf-8")
    assert "党建+审判" in html
    assert "brands/xunzhou-fengqiao/" in html


def test_print_stylesheet_is_included(sample_site: Built) -> None:
    css = (sample_site.site / "assets" / "showcase.css").read_text(encoding="utf-8")
    assert "@media print" in css and "A4" in css
    assert "assets/showcase.css" in (sample_site.site / "index.html").read_text(encoding="utf-8")


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


def test_yaml_text_is_shown_escaped_never_executed(project_copy: Callable[[], Path]) -> None:
    root = project_copy()
    brand = root / "brands/courts/guiping/brands/xunzhou-fengqiao.yml"
    _set_line(brand, "name", "浔州" + HOSTILE)
    _set_line(brand, "concept", "内涵" + HOSTILE)
    brand.write_text(brand.read_text(encoding="utf-8").replace("name: 温情调解 和美家事", 'name: "调解<script>alert(1)</script>{{ 7*7 }}"'), encoding="utf-8")
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
    assert "调解" + escaped in page_file(built.site, urls.project("jintian-family-mediation")).read_text(encoding="utf-8")
    assert "李" + escaped in page_file(built.site, urls.person("li-yanqiang")).read_text(encoding="utf-8")
    assert "案例" + escaped in page_file(built.site, "cases/guiping/xunzhou-fengqiao-tribunal.md").read_text(encoding="utf-8")
    assert "&lt;/script&gt;49" not in everything
    # The search data: the manifest and every per-page document file the worker fetches.
    search = [path.read_text(encoding="utf-8") for path in sorted((built.site / "search").rglob("*.json"))]
    assert len(search) > 10 and not [text for text in search if "<script>alert" in text]
    assert any("&lt;script&gt;alert(1)" in text for text in search)  # the text is there, escaped


def test_broken_yaml_fails_the_build_with_chinese_file_line_messages(project_copy: Callable[[], Path]) -> None:
    root = project_copy()
    brand = root / "brands/courts/guiping/brands/dangyao-farun.yml"
    _set_line(brand, "stage", "很好")
    built = run_build(root)
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert re.search(r"brands/courts/guiping/brands/dangyao-farun\.yml:\d+: .*[\u4e00-\u9fff]", built.output), built.output


def test_unparseable_yaml_fails_the_build_without_traceback(project_copy: Callable[[], Path]) -> None:
    root = project_copy()
    person = root / "brands/courts/guiping/people/xu-weiling.yml"
    person.write_text(person.read_text(encoding="utf-8") + "\nhonors: [unclosed\n", encoding="utf-8")
    built = run_build(root, "--strict")
    assert built.returncode != 0
    assert "Traceback" not in built.output
    assert "brands/courts/guiping/people/xu-weiling.yml:" in built.output


def test_serve_mode_shows_errors_as_banners_and_keeps_building(project_copy: Callable[[], Path]) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from showcase.adapter import session

    root = project_copy()
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


def test_court_scoped_preview_builds_one_court_and_a_full_build_ignores_it(project_copy: Callable[[], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """`SHOWCASE_PREVIEW_COURT=guiping mkdocs serve` previews one court of a province-size site in
    seconds: its pages and cases only, and no error for the superior court it was not told to read."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from showcase.adapter import session

    root = project_copy()
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
    catalog, problems = load_catalog(Layout(Path(__file__).resolve().parent.parent, court="guipng"))
    assert not catalog.courts
    assert [p.message for p in problems if p.severity == "error"] == ["预览范围中的法院“guipng”不存在"]
    assert "guiping" in problems[0].hint
