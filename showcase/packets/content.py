"""What a packet shows for each case, computed once and shared by the PDF and DOCX writers.

Case write-ups are rendered with Python-Markdown with raw HTML switched off: a `<script>` or
`<img onerror=…>` typed into a case file comes out as visible text, never as markup. Links
keep only http(s)/mailto targets, and every image path is resolved against the case file and
must stay inside the repository (the PDF renderer's URL fetcher enforces the same rule).
"""

from __future__ import annotations

import copy
import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX
from markupsafe import Markup

from showcase import search
from showcase.core.catalog import Case, Catalog
from showcase.core.display import court_name
from showcase.core.model import Brand, Court, Criteria, Metric
from showcase.core.problems import Problem, display_path
from showcase.core.svgsafe import svg_problem
from showcase.core.yamlsource import split_front_matter
from showcase.packets import layout
from showcase.packets.spec import LoadedSpec
from showcase.site import chart_summary, line_chart

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
MAX_METRIC_YEARS = 5  # more year columns would not fit the 156 mm type area in a readable size
MAX_DEFAULT_CHARTS = 4
CHART_WIDTH, CHART_HEIGHT = 320, 190
SAFE_LINK = re.compile(r"^(https?:|mailto:|#)", re.IGNORECASE)
ALIGN_STYLE = re.compile(r"^text-align:\s*(left|right|center);?$")
# CJK characters and punctuation: line breaks between two of them are folding, not spaces.
CJK = r"[\u2014\u2018-\u201d\u2026\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]"
FOLDED_BREAK = re.compile(rf"(?<={CJK})[ \t]*\n\s*(?={CJK})")
FOLDED_SPACE = re.compile(rf"(?<={CJK})\s+(?={CJK})")
# Full-width punctuation carries its own space; a typed space after it prints as a gap.
SPACE_AFTER_PUNCTUATION = re.compile(r"(?<=[。，、；：！？）》」』】])[ \t]+")
KEEP_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "div": {"class"},
    "p": {"class"},
    "th": {"style"},
    "td": {"style"},
}


@dataclass
class MetricCell:
    text: str
    out_of_range: bool
    derived: bool


@dataclass
class MetricRow:
    label: str
    unit: str
    range_text: str
    cells: list[MetricCell | None]


@dataclass
class MetricTable:
    years: list[int]
    rows: list[MetricRow]

    @property
    def has_out_of_range(self) -> bool:
        return any(cell and cell.out_of_range for row in self.rows for cell in row.cells)

    @property
    def has_derived(self) -> bool:
        return any(cell and cell.derived for row in self.rows for cell in row.cells)


@dataclass
class Chart:
    metric: Metric
    svg: Markup
    summary: str


@dataclass
class CaseView:
    number: int
    case: Case
    court: Court
    brand: Brand
    html: Markup
    tree: ET.Element  # the same write-up as an element tree, for the DOCX writer
    images: list[Path]
    metrics: MetricTable
    charts: list[Chart]
    criteria: list[tuple[str, str]]
    parts: dict[str, str] = field(default_factory=dict)  # metrics / criteria → 五、品牌指标 …

    @property
    def anchor(self) -> str:
        return f"case-{self.number}"

    @property
    def court_name(self) -> str:
        return court_name(self.court)


SCORING_RULE = (
    "加权总分（百分制）＝各项得分÷该项最高分×该项权重，再相加，保留两位小数。评审人为五人及以上的，"
    "去掉一个最高分和一个最低分后取平均分；不足五人的，取平均分。得分相同的案例并列。"
)


@dataclass
class PacketContent:
    spec: LoadedSpec
    cases: list[CaseView]
    build_time: dt.datetime
    root: Path
    problems: list[Problem] = field(default_factory=list)
    fonts: layout.FontPlan = field(default_factory=lambda: layout.plan_fonts())

    @property
    def date_text(self) -> str:
        """成文日期 style: Arabic numerals, year in full, no leading zeros (2024年3月)."""
        if self.spec.spec.date:
            parts = [int(p) for p in self.spec.spec.date.split("-")]
        else:
            parts = [self.build_time.year, self.build_time.month, self.build_time.day]
        return "".join(f"{value}{unit}" for value, unit in zip(parts, "年月日", strict=False))

    @property
    def intro(self) -> str:
        """The opening sentence of the reviewing notes (PDF and DOCX share it)."""
        return (
            f"本材料包收录{self.spec.campaign_name}案例{len(self.cases)}个，每个案例包括基本信息、摘要、全文、"
            "所属支部品牌的年度指标和评选标准陈述。请按下列标准逐项打分。"
        )

    @property
    def count_text(self) -> str:
        return f"（共{len(self.cases)}个案例）"

    @property
    def sources(self) -> list[Path]:
        """Every file the packet's content was read from, for the manifest."""
        catalog_files: set[Path] = {self.spec.path}
        for view in self.cases:
            catalog_files.add(view.case.source)
            catalog_files.update(view.images)
        return sorted(catalog_files)


# --------------------------------------------------------------------------- Markdown


def tidy(text: str) -> str:
    """YAML folds long values (`>-`) into lines joined by spaces; between Chinese characters
    those spaces are artefacts of the editor's line width, so they are removed."""
    return FOLDED_SPACE.sub("", text.strip())


class _Sanitise(Treeprocessor):
    """Drop attributes Markdown did not need, vet links, and resolve images inside the repo."""

    def __init__(self, md: markdown.Markdown, renderer: _CaseRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            allowed = KEEP_ATTRIBUTES.get(element.tag, set())
            for name in list(element.attrib):
                value = element.attrib[name]
                if (
                    name not in allowed
                    or (name == "style" and not ALIGN_STYLE.match(value))
                    or (name == "href" and not SAFE_LINK.match(value))
                ):
                    del element.attrib[name]
            for attribute in ("text", "tail"):
                text = getattr(element, attribute)
                if text and (STX in text or ETX in text):
                    text = re.sub(f"{STX}.*?{ETX}", "", text)
                if text and element.tag not in ("pre", "code"):
                    # A line break inside a Chinese paragraph would print as a stray space.
                    text = SPACE_AFTER_PUNCTUATION.sub("", FOLDED_BREAK.sub("", text))
                setattr(element, attribute, text)
        _tighten(root)
        self.renderer.sections = number_headings(root)
        for image in root.iter("img"):
            image.set("src", self.renderer.image(image.get("src", "")))
        for paragraph in root.iter("p"):
            children = list(paragraph)
            if (
                len(children) == 1
                and children[0].tag == "img"
                and not (paragraph.text or "").strip()
                and not (children[0].tail or "").strip()
            ):
                # An image on its own line is a figure: centred, with its title or alt text as caption.
                paragraph.set("class", "figure")
                caption = children[0].get("title") or children[0].get("alt")
                if caption:
                    span = ET.SubElement(paragraph, "span", {"class": "caption"})
                    span.text = caption
        self.renderer.tree = copy.deepcopy(root)


def _tighten(root: ET.Element) -> None:
    """Drop spaces typed around bold or links between Chinese characters (`**一是……。** 人民法庭`):
    Markdown needs no spaces there, and in print they show as gaps."""
    cjk = re.compile(CJK)

    def first_char(element: ET.Element) -> str:
        text = "".join(element.itertext()).lstrip()
        return text[:1]

    def last_char(element: ET.Element) -> str:
        text = "".join(element.itertext()).rstrip()
        return text[-1:]

    for parent in root.iter():
        if parent.tag in ("pre", "code"):
            continue
        children = list(parent)
        for index, child in enumerate(children):
            before = children[index - 1].tail if index else parent.text
            if (
                before
                and before != before.rstrip()
                and cjk.match(before.rstrip()[-1:] or " ")
                and cjk.match(first_char(child) or " ")
            ):
                if index:
                    children[index - 1].tail = before.rstrip()
                else:
                    parent.text = before.rstrip()
            tail = child.tail
            if (
                tail
                and tail != tail.lstrip()
                and cjk.match(last_char(child) or " ")
                and cjk.match(tail.lstrip()[:1] or " ")
            ):
                child.tail = tail.lstrip()


def teach_names(catalog: Catalog) -> None:
    """Every name of the catalog is one word when titles are cut into phrases (core.display.phrases)."""
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter is not the user's concern
    search.add_to_jieba(search.dictionary(catalog))


NUMERALS = "一二三四五六七八九十"
ALREADY_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d+[、.．)）])"
)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 23 → 二十三 (as official documents number sections)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def number_headings(root: ET.Element) -> int:
    """Number the write-up's headings as official documents do: 一、 for the first level (h1, h2),
    （一） for the second (h3), restarting under each first-level heading. A heading the author
    numbered already keeps its own number (and counts). Returns the number of first-level headings."""
    first = second = 0
    for element in root.iter():
        if element.tag in ("h1", "h2"):
            first, second = first + 1, 0
            prefix = f"{chinese_number(first)}、"
        elif element.tag == "h3" and first:
            second += 1
            prefix = f"（{chinese_number(second)}）"
        else:
            continue
        if not ALREADY_NUMBERED.match("".join(element.itertext())):
            element.text = prefix + (element.text or "")
    return first


class _PacketMarkdown(Extension):
    def __init__(self, renderer: _CaseRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML becomes text; entities and obfuscated mail links would leave stash placeholders.
        md.preprocessors.deregister("html_block")
        for name in ("html", "entity", "automail"):
            md.inlinePatterns.deregister(name)
        md.treeprocessors.register(_Sanitise(md, self.renderer), "packet_sanitise", -10)


class _CaseRenderer:
    def __init__(self, case: Case, root: Path) -> None:
        self.case = case
        self.root = root.resolve()
        self.display = display_path(case.source, root)
        self.images: list[Path] = []
        self.problems: list[Problem] = []
        self.tree = ET.Element("div")
        self.sections = 0  # top-level headings of the write-up, numbered 一、二、…
        text = case.source.read_text(encoding="utf-8-sig", errors="replace")
        _, _, self.body_line = split_front_matter(text)
        self.lines = text.split("\n")

    def line_of(self, needle: str) -> int:
        for number, line in enumerate(self.lines, start=1):
            if number >= self.body_line and needle in line:
                return number
        return self.body_line

    def image(self, src: str) -> str:
        """A file URI for the image, or "" after recording why it cannot be used."""
        line = self.line_of(src) if src else self.body_line
        parts = urlsplit(src)
        if not src:
            self.problems.append(
                Problem(self.display, line, "图片没有写路径", "写成 ![说明](图片相对路径)", "image-missing")
            )
            return ""
        if (parts.scheme and len(parts.scheme) > 1) or parts.netloc:
            self.problems.append(
                Problem(
                    self.display,
                    line,
                    f"图片“{src}”是网络地址",
                    "材料包离线生成：把图片放进仓库（如 brands/media/<法院>/），用相对路径引用",
                    "image-remote",
                )
            )
            return ""
        relative = unquote(parts.path)
        if "\\" in src and not (parts.scheme and len(parts.scheme) == 1):
            fixed = src.replace("\\", "/")
            self.problems.append(
                Problem(
                    self.display,
                    line,
                    f"图片路径“{src}”用了反斜杠“\\”",
                    f"路径一律用正斜杠“/”分隔，改为 {fixed}",
                    "image-backslash",
                )
            )
            return ""
        if relative.startswith(("/", "\\")) or (parts.scheme and len(parts.scheme) == 1):
            self.problems.append(
                Problem(
                    self.display,
                    line,
                    f"图片路径“{src}”是绝对路径",
                    "用相对于本案例文件的路径，如 ../../../brands/media/guiping/x.png",
                    "image-absolute",
                )
            )
            return ""
        target = (self.case.source.parent / relative).resolve()
        if not target.is_relative_to(self.root):
            self.problems.append(
                Problem(self.display, line, f"图片路径“{src}”指向项目目录之外", "只能引用仓库内的图片", "image-outside")
            )
            return ""
        if not target.is_file():
            self.problems.append(
                Problem(
                    self.display,
                    line,
                    f"找不到图片“{src}”",
                    f"路径从本案例文件所在目录（{display_path(self.case.source.parent, self.root)}/）算起，区分大小写",
                    "image-missing",
                )
            )
            return ""
        if target.suffix.lower() not in IMAGE_SUFFIXES:
            self.problems.append(
                Problem(
                    self.display, line, f"图片“{src}”的格式不受支持", "使用 PNG、JPG、GIF、SVG 或 WebP", "image-format"
                )
            )
            return ""
        if target.suffix.lower() == ".svg" and (reason := svg_problem(target)):
            self.problems.append(
                Problem(
                    self.display,
                    line,
                    f"图片“{src}”不能使用：{reason}",
                    "用绘图软件重新导出为普通 SVG（UTF-8 编码，不含脚本和实体声明），或改用 PNG",
                    "image-svg",
                )
            )
            return ""
        if target not in self.images:
            self.images.append(target)
        return target.as_uri()

    def render(self) -> Markup:
        md = markdown.Markdown(
            extensions=["tables", "sane_lists", "admonition", _PacketMarkdown(self)], output_format="html"
        )
        # Python-Markdown escapes all text; with raw HTML disabled the output is safe to embed.
        return Markup(md.convert(self.case.body))


# --------------------------------------------------------------------------- metrics


def _number(value: float) -> str:
    return f"{value:g}"


def range_text(metric: Metric) -> str:
    if metric.range is None:
        return "—"
    low, high = metric.range
    unit = metric.unit if metric.unit == "%" else (f" {metric.unit}" if metric.unit else "")
    return f"{_number(low)}–{_number(high)}{unit}"


def metric_table(catalog: Catalog, brand: Brand) -> MetricTable:
    figures = catalog.figures(brand)
    years = sorted(figures)[-MAX_METRIC_YEARS:]
    rows = []
    for key, metric in catalog.registry.by_key.items():
        cells: list[MetricCell | None] = []
        for year in years:
            figure = figures[year].get(key)
            cells.append(MetricCell(figure.text, figure.out_of_range, figure.derived) if figure else None)
        if any(cells):
            rows.append(MetricRow(metric.label, metric.unit, range_text(metric), cells))
    return MetricTable(years, rows)


def charts_for(
    catalog: Catalog, brand: Brand, keys: list[str] | None, fonts: layout.FontPlan | None = None
) -> list[Chart]:
    figures = catalog.figures(brand)
    if keys is None:  # default: metrics with a reasonable range, where a trend says something
        keys = [m.key for m in catalog.registry.by_key.values() if m.range is not None][: MAX_DEFAULT_CHARTS * 2]
        keys = [k for k in keys if any(k in row for row in figures.values())][:MAX_DEFAULT_CHARTS]
    charts = []
    for key in keys:
        metric = catalog.registry[key]
        points = [(year, row[key].value) for year, row in figures.items() if key in row]
        if len(points) < 2:  # one year is no trend: the metrics table shows it (as the site shows tiles)
            continue
        derived = [year for year, row in figures.items() if key in row and row[key].derived]
        # A narrower viewBox than the site's: two charts share the 156 mm line, and the labels
        # must stay near 8 pt when printed.
        svg = line_chart(metric, points, derived=derived, width=CHART_WIDTH, height=CHART_HEIGHT)
        # SVG text does not inherit the page's CSS fonts in every renderer; name them on the root.
        svg = svg.replace("<svg ", f'<svg font-family="{(fonts.heading.svg if fonts else layout.HEADING.svg)}" ', 1)
        charts.append(Chart(metric, Markup(svg), chart_summary(metric, points, derived=derived)))
    return charts


# --------------------------------------------------------------------------- the packet


def build_content(loaded: LoadedSpec, catalog: Catalog, build_time: dt.datetime) -> PacketContent:
    content = PacketContent(loaded, [], build_time, catalog.root, fonts=layout.plan_fonts(catalog.root))
    teach_names(catalog)
    labels = {key: info.title or key for key, info in Criteria.model_fields.items()}
    for number, case in enumerate(loaded.cases, start=1):
        renderer = _CaseRenderer(case, catalog.root)
        html = renderer.render()
        content.problems += renderer.problems
        brand = catalog.brands[case.meta.brand]
        criteria = [(labels[key], tidy(getattr(case.meta.criteria, key))) for key in labels]
        sections = renderer.sections  # the write-up's own 一、二、…; the packet's parts continue the count
        content.cases.append(
            CaseView(
                number=number,
                case=case,
                court=catalog.courts[case.meta.court],
                brand=brand,
                html=html,
                tree=renderer.tree,
                images=renderer.images,
                metrics=metric_table(catalog, brand),
                charts=charts_for(catalog, brand, loaded.spec.charts, content.fonts),
                criteria=criteria,
                parts={
                    "metrics": f"{chinese_number(sections + 1)}、品牌指标",
                    "criteria": f"{chinese_number(sections + 2)}、评选标准陈述",
                },
            )
        )
    return content
