"""Properties every built site (and its search dictionary) must have, whatever its data: each
check takes a built site and its catalog and returns what is wrong (an empty list when all is
well).

tests/test_site.py applies them to the fixture site (tests/fixtures/site), whose values it
knows; tests/test_sample.py applies the same checks to the live sample.
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import subprocess
import tempfile
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from showcase import search
from showcase.core.catalog import Catalog
from showcase.site import urls

REPO = Path(__file__).resolve().parent.parent
HTML_VALIDATE = REPO / "node_modules" / ".bin" / "html-validate"
SKIP_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")
CASE_CRITERIA = ("创新性", "实践性", "操作性", "示范性")


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


class MetricCells(HTMLParser):
    """The cells of a page's metric table (`table.sc-metrics` on court and brand pages):
    (row label, year) → (the value shown, the formula tooltip of its 计算值 marker or None)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, int], tuple[str, str | None]] = {}
        self.markers = 0  # 计算值 markers anywhere in the table, to catch one outside a cell
        self._table = False
        self._years: list[int] = []
        self._where: str | None = None  # "head", "label", "cell" or "marker"
        self._text = ""
        self._label = ""
        self._column = 0
        self._title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "table" and "sc-metrics" in classes:
            self._table = True
        if not self._table:
            return
        if tag == "th" and a.get("scope") == "col":
            self._where, self._text = "head", ""
        elif tag == "th" and a.get("scope") == "row":
            self._where, self._text, self._column = "label", "", 0
        elif tag == "td" and "sc-num" in classes:
            self._where, self._text, self._title = "cell", "", None
        elif tag == "span" and "sc-derived" in classes:
            self.markers += 1
            self._title = a.get("title") or ""
            self._where = "marker" if self._where == "cell" else self._where
        elif tag == "span" and self._where == "cell":
            self._where = "flag"  # the out-of-range flag: not part of the value

    def handle_endtag(self, tag: str) -> None:
        if not self._table:
            return
        if tag == "table":
            self._table = False
        elif tag == "span" and self._where in ("marker", "flag"):
            self._where = "cell"
        elif tag == "th" and self._where == "head":
            year = re.fullmatch(r"(\d{4}) 年", self._text.strip())
            if year:
                self._years.append(int(year.group(1)))
            self._where = None
        elif tag == "th" and self._where == "label":
            self._label, self._where = self._text.strip(), None
        elif tag == "td" and self._where == "cell":
            if self._column < len(self._years):
                self.cells[(self._label, self._years[self._column])] = (self._text.strip(), self._title)
            self._column += 1
            self._where = None

    def handle_data(self, data: str) -> None:
        if self._where in ("head", "label", "cell"):
            self._text += data


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


def parse_site(site: Path) -> dict[Path, Links]:
    return {path: parse(path) for path in html_files(site)}


def page_file(site: Path, src_uri: str) -> Path:
    return site / urls.page_url(src_uri) / "index.html"


def entity_page(site: Path, kind: str, entity_id: str) -> Path:
    return page_file(site, urls.court(entity_id) if kind == "court" else urls.brand(entity_id))


def entities(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(kind, id) of every court and brand: the pages with metric tables and charts."""
    for kind, found in (("court", catalog.courts), ("brand", catalog.brands)):
        for entity_id in found:
            yield kind, entity_id


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


def internal_pages(site: Path, page: Path, links: Links) -> set[Path]:
    found = set()
    for link in links.links:
        target = resolve(site, page, link)
        if target is not None and target.suffix == ".html" and target.is_file():
            found.add(target)
    return found


# ---------------------------------------------------------------------------- the checks


def expected_pages(catalog: Catalog) -> list[str]:
    """The source URI of every page the catalog calls for."""
    expected = [
        urls.HOME,
        urls.MATRIX,
        urls.HONORS,
        urls.THEMES,
        urls.YEARS,
        urls.UPDATES,
        urls.PEOPLE,
        urls.CASES,
        urls.COMPARE,
    ]
    expected += [urls.court(k) for k in catalog.courts]
    expected += [urls.brand(k) for k in catalog.brands]
    expected += [urls.project(p.id) for _, p in catalog.projects()]
    expected += [urls.carrier(k.id) for _, _, k in catalog.carriers()]
    expected += [urls.person(k) for k in catalog.people]
    expected += [urls.campaign(k) for k in catalog.campaigns]
    expected += [case.src_uri for case in catalog.cases.values()]
    expected += [urls.year(y) for y in catalog.years()]
    expected += [urls.compare(k) for k in catalog.courts if catalog.brands_of(k)]
    return expected


def missing_pages(site: Path, catalog: Catalog) -> list[str]:
    return [src for src in expected_pages(catalog) if not page_file(site, src).is_file()]


def broken_links(site: Path, parsed: dict[Path, Links]) -> list[str]:
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            target = resolve(site, page, link)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
    return broken


def external_resources(parsed: dict[Path, Links]) -> list[str]:
    return [
        f"{page}: {link}"
        for page, links in parsed.items()
        for link in links.resources
        if link.startswith(("http:", "https:", "//"))
    ]


def eager_images(parsed: dict[Path, Links]) -> list[tuple[str, str | None]]:
    return [
        (page.name, img.get("src"))
        for page, links in parsed.items()
        for img in links.imgs
        if img.get("loading") != "lazy"
    ]


def missing_logos(site: Path, catalog: Catalog) -> list[str]:
    return [
        brand.logo.path
        for brand in catalog.brands.values()
        if brand.logo and not (site / urls.media(brand.logo.path)).is_file()
    ]


def figures_missing_from_charts(site: Path, catalog: Catalog) -> list[tuple[str, str, int]]:
    """Figures whose `year 年 value` is not in the accessible text of their entity's charts, or,
    for a metric with one year only, not on its figure tile."""
    missing = []
    for kind, entity_id in entities(catalog):
        entity = catalog.courts[entity_id] if kind == "court" else catalog.brands[entity_id]
        html = entity_page(site, kind, entity_id).read_text(encoding="utf-8")
        labels = " ".join(re.findall(r'<svg[^>]*aria-label="([^"]*)"', html))
        tiles = html.replace('</strong><span class="sc-tile__unit">', "")
        for year, row in catalog.figures(entity).items():
            for figure in row.values():
                if charted(catalog, entity, figure.metric.key):
                    if f"{year} 年 {figure.text}" not in labels:
                        missing.append((entity_id, figure.metric.key, year))
                elif figure.text not in html and figure.text.replace(" ", "") not in tiles:
                    missing.append((entity_id, figure.metric.key, year))
    return missing


def charted(catalog: Catalog, entity: object, key: str) -> bool:
    """A metric gets a line chart only with values in two years or more; one year is a tile."""
    return sum(1 for row in catalog.figures(entity).values() if key in row) >= 2  # type: ignore[arg-type]


def expected_out_of_range(catalog: Catalog) -> set[tuple[str, str, str]]:
    found = set()
    for kind, entity_id in entities(catalog):
        entity = catalog.courts[entity_id] if kind == "court" else catalog.brands[entity_id]
        for year, row in catalog.figures(entity).items():
            for figure in row.values():
                if figure.out_of_range:
                    found.add((f"{kind}:{entity_id}", figure.metric.key, str(year)))
    return found


def wrong_out_of_range_flags(site: Path, catalog: Catalog, parsed: dict[Path, Links]) -> list[str]:
    """Out-of-range flags must appear exactly where the data is out of range: in the table and the
    chart of the entity's own page, and wherever else the figure is shown, never elsewhere."""
    wrong = []
    expected = expected_out_of_range(catalog)
    flagged = {flag for links in parsed.values() for flag in links.flags}
    if flagged != expected:
        wrong.append(f"flagged {sorted(flagged)}, out of range {sorted(expected)}")
    for kind, entity_id in entities(catalog):
        page = entity_page(site, kind, entity_id)
        entity = catalog.courts[entity_id] if kind == "court" else catalog.brands[entity_id]
        mine = {(m, y) for k, m, y in expected if k == f"{kind}:{entity_id}"}
        in_charts = {(m, y) for m, y in mine if charted(catalog, entity, m)}
        if set(parsed[page].chart_out) != in_charts:
            wrong.append(f"{entity_id}: chart marks {sorted(parsed[page].chart_out)}, expected {sorted(in_charts)}")
        if {(m, y) for _, m, y in parsed[page].flags} != mine:
            wrong.append(f"{entity_id}: table flags {sorted(parsed[page].flags)}, expected {sorted(mine)}")
        if parsed[page].flags and "超出合理区间" not in page.read_text(encoding="utf-8"):
            wrong.append(f"{entity_id}: a flag without its words")
    return wrong


def wrong_derived_marks(site: Path, catalog: Catalog) -> list[str]:
    """A figure computed from the registry's formula shows its value with the 计算值 marker, whose
    tooltip gives the formula, and its chart says 计算值 for that year; a typed figure has neither."""
    wrong = []
    for kind, entity_id in entities(catalog):
        entity = catalog.courts[entity_id] if kind == "court" else catalog.brands[entity_id]
        html = entity_page(site, kind, entity_id).read_text(encoding="utf-8")
        table = MetricCells()
        table.feed(html)
        labels = {
            metric: label
            for metric, label in re.findall(r'<svg[^>]*data-metric="([^"]*)"[^>]*aria-label="([^"]*)"', html)
        }
        expected, typed = {}, {}
        figures = catalog.figures(entity)
        if len(figures) < 2:  # one year: tiles, no table or chart; each derived tile carries the marker
            derived = sum(1 for row in figures.values() for figure in row.values() if figure.derived)
            markers = html.count('class="sc-derived"')
            if markers != derived:
                wrong.append(f"{entity_id}: {markers} 计算值 markers on tiles for {derived} derived figures")
            continue
        for year, row in figures.items():
            for figure in row.values():
                shown = f"{year} 年 {figure.text}"
                if figure.derived:
                    expected[(figure.metric.label, year)] = (figure.text, f"由公式计算：{figure.metric.formula}")
                    if f"{shown}（计算值" not in labels.get(figure.metric.key, ""):
                        wrong.append(f"{entity_id}: the {figure.metric.key} chart does not call {year} 计算值")
                else:
                    typed[(figure.metric.label, year)] = (figure.text, None)
                    if f"{shown}（计算值" in labels.get(figure.metric.key, ""):
                        wrong.append(f"{entity_id}: the {figure.metric.key} chart calls typed {year} 计算值")
        marked = {key: cell for key, cell in table.cells.items() if cell[1] is not None}
        if marked != expected:
            wrong.append(f"{entity_id}: marked cells {marked}, derived figures {expected}")
        unmarked = {key: cell for key, cell in table.cells.items() if key in typed}
        if unmarked != typed:
            wrong.append(f"{entity_id}: typed cells {unmarked}, typed figures {typed}")
        if table.markers != len(expected):
            wrong.append(f"{entity_id}: {table.markers} 计算值 markers for {len(expected)} derived figures")
    return wrong


def pages_beyond_three_clicks(site: Path, catalog: Catalog, parsed: dict[Path, Links]) -> list[str]:
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
    return [src for src in targets if page_file(site, src) not in depth]


def orphan_pages(site: Path, parsed: dict[Path, Links]) -> list[str]:
    inbound: dict[Path, int] = {page: 0 for page in parsed}
    for page, links in parsed.items():
        for target in internal_pages(site, page, links):
            if target != page and target in inbound:
                inbound[target] += 1
    return [
        p.relative_to(site).as_posix()
        for p, n in inbound.items()
        if n == 0 and p.name == "index.html" and p != site / "index.html"
    ]


def case_page_problems(site: Path, catalog: Catalog) -> list[str]:
    """Each case page has its header card with the four criteria and its status, and links to its
    brand, whose page lists the case."""
    problems = []
    for case in catalog.cases.values():
        html = page_file(site, case.src_uri).read_text(encoding="utf-8")
        if "sc-case-card" not in html or not all(label in html for label in CASE_CRITERIA):
            problems.append(f"{case.id}: no header card with the four criteria")
        if case.status and case.status not in html:
            problems.append(f"{case.id}: status {case.status} not shown")
        if f'brands/{case.meta.brand}/"' not in html:
            problems.append(f"{case.id}: no link back to brand {case.meta.brand}")
        if f'cases/{case.id}/"' not in page_file(site, urls.brand(case.meta.brand)).read_text(encoding="utf-8"):
            problems.append(f"{case.id}: not listed on the page of brand {case.meta.brand}")
    return problems


def names_missing_from(words: dict[str, str], catalog: Catalog) -> list[str]:
    """Parts of entity names that are not words of the search dictionary `words`."""
    names = [b.name for b in catalog.brands.values()]
    names += [p.name for _, p in catalog.projects()] + [c.name for _, _, c in catalog.carriers()]
    names += [p.name for p in catalog.people.values()] + [c.name for c in catalog.courts.values()]
    names += [c.master_brand.name for c in catalog.courts.values() if c.master_brand]
    return [f"{part}（来自 {name}）" for name in names for part in search.name_words(name) if part not in words]


def html_errors(site: Path) -> list[str]:
    """What html-validate's standard rules (the repository's .htmlvalidate.json) find in every page.
    The report goes to a file: Node cuts a long report short on a pipe when the program exits."""
    assert shutil.which("node"), "需要 Node.js 来运行 html-validate"
    assert HTML_VALIDATE.exists(), "缺少 node_modules/.bin/html-validate：先在仓库根目录运行 npm ci"
    pages = [str(p) for p in html_files(site)]
    assert pages, f"no page in {site}"
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            str(HTML_VALIDATE),
            "--config",
            str(REPO / ".htmlvalidate.json"),
            "--formatter",
            f"json={report}",
            *pages,
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert report.is_file(), result.stdout + result.stderr
        reports = json.loads(report.read_text(encoding="utf-8") or "[]")
    errors = [
        (
            f"{entry['filePath'].removeprefix(str(site) + '/')}:{message['line']}:{message['column']} "
            f"{message['message']} ({message['ruleId']})"
        )
        for entry in reports
        for message in entry["messages"]
        if message["severity"] == 2
    ]
    if not errors and result.returncode != 0:
        errors.append(f"html-validate exited {result.returncode}: {result.stderr}")
    return errors
