"""The navigation tree: tabs and sections that follow the brand matrix, without MkDocs.

Tabs: 首页 / 品牌矩阵 (courts → brands → projects and carriers) / 创新案例 / 先进典型 /
荣誉墙 / 主题 / 年度 / 最新动态 / 编辑指南. A section's first child is its index page, so with
Material's `navigation.indexes` the section title links to it, and `navigation.prune` keeps
only the open branch in each page's HTML.

Size: Material walks the whole nav for every page, so build time grows with pages × nav
items. Courts and brands (the matrix itself) are always in the nav; leaf pages — projects and
carriers, cases, people — only while there are at most `LEAF_LIMIT` of a kind. Above that they
are reached through their index pages and brand pages, and every page still shows its place in
the matrix through the breadcrumbs the pages carry themselves.

Page weight: with tabs, sections and pruning, Material writes into a page every item of the
open tab's second level and, below it, only the open branch. With courts at the second level a
brand page of a province-wide site would carry every court and every brand (460 KB of
navigation at 100 courts). Above `COURT_LIMIT` courts the second level is one section, 各地法院,
holding one collapsed entry per city (from each court's `region`), each holding its courts: a
page then carries the cities, the courts of its own city and the brands of its own court. Above
`CITY_LIMIT` cities (a national site: some 330 cities) the cities are grouped by province the
same way, so a page carries the provinces, the cities of its own province, the courts of its own
city and the brands of its own court: its weight stays about the same however many courts take
part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from showcase.core.catalog import Catalog
from showcase.site import urls
from showcase.core.display import court_name, project_title

LEAF_LIMIT = 60
COURT_LIMIT = 12
CITY_LIMIT = 12
PROVINCE = re.compile(r"^.*?(?:自治区|特别行政区|省)")
CITY = re.compile(r"^.*?(?:自治州|地区|盟|州(?!市)|市)")  # 青州市, 杭州市: 州 inside a city name


@dataclass
class NavNode:
    title: str
    src_uri: str | None = None  # a page, or a section's index page (its first child)
    children: list[NavNode] = field(default_factory=list)

    def pages(self) -> list[str]:
        found = [self.src_uri] if self.src_uri else []
        for child in self.children:
            found += child.pages()
        return found


def build_nav(
    catalog: Catalog,
    *,
    guide: list[str] | None = None,
    leaf_limit: int = LEAF_LIMIT,
    court_limit: int = COURT_LIMIT,
    city_limit: int = CITY_LIMIT,
    extra_tabs: list[NavNode] | None = None,
) -> list[NavNode]:
    """The whole navigation, top level first. `guide` lists the src_uris of hand-written guide pages
    (their titles come from the pages themselves, so those nodes have an empty title); `extra_tabs`
    (tracking dashboard, review results) go before the guide."""
    c = catalog
    ordered = [court for court, _ in c.ordered_courts()]
    small_matrix = (
        sum(len(b.projects) + len(b.carriers) for b in c.brands.values())
        + sum(len(k.carriers) for k in c.courts.values())
        <= leaf_limit
    )
    matrix = NavNode("品牌矩阵", urls.MATRIX)
    for campaign in c.campaigns.values():
        matrix.children.append(NavNode(campaign.name, urls.campaign(campaign.id)))
    court_sections: list[NavNode] = []
    for court in ordered:
        section = NavNode(court_name(court), urls.court(court.id))
        for brand, _ in c.brand_tree(court.id):
            node = NavNode(brand.name, urls.brand(brand.id))
            if small_matrix:
                node.children += [NavNode(project_title(p), urls.project(p.id)) for p in brand.projects]
                node.children += [NavNode(k.name, urls.carrier(k.id)) for k in brand.carriers]
            section.children.append(node)
        if small_matrix:
            section.children += [NavNode(k.name, urls.carrier(k.id)) for k in court.carriers]
        if c.brands_of(court.id):
            section.children.append(NavNode("比学赶超", urls.compare(court.id)))
        court_sections.append(section)
    if len(court_sections) <= court_limit:
        matrix.children += court_sections
    else:
        cities: dict[str, NavNode] = {}
        for court, section in zip(ordered, court_sections, strict=True):
            city = city_of(court.region)
            cities.setdefault(city, NavNode(city)).children.append(section)
        matrix.children.append(NavNode("各地法院", None, _by_province(cities, city_limit)))
    matrix.children += [
        NavNode("支部品牌", urls.BRANDS),
        NavNode("特色项目", urls.PROJECTS),
        NavNode("载体", urls.CARRIERS),
        NavNode("比学赶超", urls.COMPARE),
    ]

    cases = NavNode("创新案例", urls.CASES)
    people = NavNode("先进典型", urls.PEOPLE)
    for court in ordered:
        court_cases = c.cases_of_court(court.id) if len(c.cases) <= leaf_limit else []
        if court_cases:
            cases.children.append(
                NavNode(court_name(court), None, [NavNode(k.meta.title, k.src_uri) for k in court_cases])
            )
        court_people = c.people_of_court(court.id) if len(c.people) <= leaf_limit else []
        if court_people:
            people.children.append(
                NavNode(court_name(court), None, [NavNode(p.name, urls.person(p.id)) for p in court_people])
            )

    years = NavNode("年度", urls.YEARS, [NavNode(f"{y} 年", urls.year(y)) for y in c.years()])
    tabs = [
        NavNode("首页", urls.HOME),
        matrix,
        cases,
        people,
        NavNode("荣誉墙", urls.HONORS),
        NavNode("主题", urls.THEMES),
        years,
        NavNode("最新动态", urls.UPDATES),
    ]
    tabs += extra_tabs or []
    if guide:
        tabs.append(NavNode("编辑指南", None, [NavNode("", src) for src in guide]))
    return tabs


def _by_province(cities: dict[str, NavNode], city_limit: int) -> list[NavNode]:
    """The cities as they are, or above `city_limit` grouped by province, each city titled
    without its province (青州市 under 示例东岳省)."""
    if len(cities) <= city_limit:
        return list(cities.values())
    provinces: dict[str, NavNode] = {}
    for city, node in cities.items():
        province = province_of(city)
        node.title = city.removeprefix(province) or city
        provinces.setdefault(province, NavNode(province)).children.append(node)
    return list(provinces.values())


def province_of(city: str) -> str:
    """The province a city lies in, e.g. 广西壮族自治区贵港市 → 广西壮族自治区; a municipality
    (北京市) is its own province."""
    match = PROVINCE.match(city.strip())
    return match.group(0) if match else city.strip()


def city_of(region: str) -> str:
    """The city a court's region lies in, e.g. 广西壮族自治区贵港市桂平市 → 广西壮族自治区贵港市."""
    match = CITY.match(region.strip())
    return match.group(0) if match else region.strip() or "其他地区"


def mkdocs_nav(nodes: list[NavNode]) -> list[Any]:
    """The tree as MkDocs' `nav` setting. Titles are escaped because the theme prints them raw."""
    return [_nav_entry(node) for node in nodes]


def _nav_entry(node: NavNode) -> Any:
    if not node.title:
        return node.src_uri  # hand-written page: MkDocs takes the title from the page itself
    title = escape(node.title)
    if not node.children:
        return {title: node.src_uri}
    children = ([node.src_uri] if node.src_uri else []) + [_nav_entry(child) for child in node.children]
    return {title: children}
