"""The editable Word document: the same content as the PDF, built with python-docx.

Word picks a font per script, so every run names its East Asian face (w:eastAsia) as well as
its Latin one; styles carry the same fonts so text typed later matches. Case titles use the
built-in Heading 1 style and sections of the write-up Heading 2/3, which is what Word's
navigation pane and its table-of-contents field read. The page grid follows GB/T 9704
(22 lines of 28 characters); page numbers are `— PAGE —` fields in the footer, right on odd
pages and left on even pages, restarting at 1 where the cases begin.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree
from PIL import Image

from showcase.packets import layout
from showcase.packets.archive import normalise_office_file
from showcase.packets.content import SCORING_RULE, CaseView, PacketContent, tidy
from showcase.packets.raster import Raster
from showcase.packets.spec import plain

TWIPS_PER_PT = 20
LINE = Pt(layout.LINE_PITCH_PT)
INDENT_CHARS = 2
TABLE_STYLE = "材料包表格"
META_STYLE = "材料包信息"
TOC_STYLE = "toc 1"
NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Face:
    """The fonts of one run: East Asian face, Latin face, size, bold."""

    east: str
    latin: str
    size: float = layout.BODY_PT
    bold: bool = False


class Fonts:
    """Faces for each role under the chosen profile (office: GB/T names; free: Debian's)."""

    def __init__(self, profile: str) -> None:
        self.profile = profile

    def face(self, role: layout.FontRole, size: float = layout.BODY_PT, bold: bool = False) -> Face:
        if self.profile == "office":
            return Face(role.official, layout.LATIN_OFFICE if role is not layout.MONO else "Consolas", size, bold)
        return Face(role.free[0], role.free[0], size, bold)


# Children that must follow these elements, in schema order: Word rejects out-of-order XML.
AFTER_RPR_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
    "w:vertAlign", "w:rtl", "w:cs", "w:em",
    "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
AFTER_PGNUMTYPE = (
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)
AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
    "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)  # fmt: skip


def _set_fonts(r_pr: Any, face: Face) -> None:
    fonts = r_pr.get_or_add_rFonts()
    for name in list(fonts.attrib):  # theme fonts (asciiTheme, cstheme …) would override the named ones
        if name.lower().endswith("theme"):
            del fonts.attrib[name]
    fonts.set(qn("w:ascii"), face.latin)
    fonts.set(qn("w:hAnsi"), face.latin)
    fonts.set(qn("w:cs"), face.latin)
    fonts.set(qn("w:eastAsia"), face.east)
    fonts.set(qn("w:hint"), "eastAsia")


def _first_line_chars(paragraph_format_element: Any, chars: int) -> None:
    """Indent the first line by N characters (w:firstLineChars), which tracks the font size."""
    ind = paragraph_format_element.get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(int(chars * layout.BODY_PT * TWIPS_PER_PT)))


class WordWriter:
    def __init__(
        self, content: PacketContent, rasters: dict[str, Raster], toc_pages: dict[int, int] | None = None
    ) -> None:
        self.content = content
        self.rasters = rasters
        self.toc_pages = toc_pages or {}  # case number → its page, as LibreOffice lays the document out
        self.fonts = Fonts(content.spec.spec.docx_fonts)
        self.document = Document()
        self.body_face = self.fonts.face(layout.BODY)
        self._styles()

    # ------------------------------------------------------------------ set-up

    def _styles(self) -> None:
        doc = self.document
        styles = doc.styles
        # Document defaults: Word sizes its character grid from them.
        r_pr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_fonts(r_pr_default, self.body_face)
        for tag in ("w:sz", "w:szCs"):
            size_element = r_pr_default.find(qn(tag))
            if size_element is None:
                size_element = OxmlElement(tag)
                r_pr_default.insert_element_before(size_element, *AFTER_RPR_SPACING[AFTER_RPR_SPACING.index(tag) + 1 :])
            size_element.set(qn("w:val"), str(int(layout.BODY_PT * 2)))
        # Chinese as the East Asian language: Word applies Chinese line-breaking rules (禁则).
        lang = r_pr_default.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            r_pr_default.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
        lang.set(qn("w:eastAsia"), "zh-CN")
        normal = styles["Normal"]
        self._style_font(normal, self.body_face)
        pf = normal.paragraph_format
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = LINE
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        pf.widow_control = True
        _first_line_chars(normal.element.get_or_add_pPr(), INDENT_CHARS)
        # 28 characters of 3号 fit 156 mm only set slightly tighter (as in the PDF).
        letter_spacing = OxmlElement("w:spacing")
        letter_spacing.set(qn("w:val"), str(round(layout.LETTER_SPACING_PT * TWIPS_PER_PT)))
        normal.element.get_or_add_rPr().insert_element_before(letter_spacing, *AFTER_RPR_SPACING)

        heading1 = styles["Heading 1"]
        self._style_font(heading1, self.fonts.face(layout.TITLE, layout.TITLE_PT, bold=True))
        pf = heading1.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(layout.LINE_PITCH_PT * 1.25)
        pf.space_before = Pt(0)
        pf.space_after = LINE
        pf.first_line_indent = Pt(0)
        pf.keep_with_next = True
        pf.page_break_before = True
        for level, role, bold in ((2, layout.HEADING, False), (3, layout.KAI, True)):
            style = styles[f"Heading {level}"]
            self._style_font(style, self.fonts.face(role, layout.BODY_PT, bold=bold))
            pf = style.paragraph_format
            pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = LINE
            pf.space_before = Pt(0)
            pf.space_after = Pt(0)
            pf.keep_with_next = True
            _first_line_chars(style.element.get_or_add_pPr(), INDENT_CHARS)

        for name, size, spacing in ((TABLE_STYLE, layout.TABLE_PT, 1.2), (META_STYLE, layout.PAGE_NUMBER_PT, 1.5)):
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            self._style_font(style, self.fonts.face(layout.BODY, size))
            style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
            style.paragraph_format.line_spacing = spacing
            style.paragraph_format.first_line_indent = Pt(0)
            _first_line_chars(style.element.get_or_add_pPr(), 0)
        toc = styles.add_style(TOC_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.first_line_indent = Pt(0)
        _first_line_chars(toc.element.get_or_add_pPr(), 0)
        toc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        # Page numbers flush right behind a dotted leader, as Word's own contents fields write them.
        toc.paragraph_format.tab_stops.add_tab_stop(
            Mm(layout.TYPE_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.MIDDLE_DOT
        )
        self._font_table()

    def _style_font(self, style: Any, face: Face) -> None:
        style.font.size = Pt(face.size)
        style.font.bold = face.bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        _set_fonts(style.element.get_or_add_rPr(), face)

    def _font_table(self) -> None:
        """Declare the faces with GB2312 charset and alternate names, so Word substitutes sensibly."""
        if self.fonts.profile != "office":
            return
        part = self.document.part
        font_part = next((rel.target_part for rel in part.rels.values() if rel.reltype.endswith("/fontTable")), None)
        if font_part is None:
            return
        root = parse_xml(font_part.blob)  # lxml keeps the prefixes that mc:Ignorable refers to
        known = {font.get(qn("w:name")) for font in root}
        for role in layout.ROLES:
            if role.official in known:
                continue
            font = OxmlElement("w:font")
            font.set(qn("w:name"), role.official)
            for tag, value in (
                ("w:altName", role.office_alternates[0]),
                ("w:charset", "86"),
                ("w:family", "modern" if role is layout.BODY else "roman"),
                ("w:pitch", "variable"),
            ):
                child = OxmlElement(tag)
                child.set(qn("w:val"), value)
                font.append(child)
            root.append(font)
        font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page(self, section: Any) -> None:
        section.page_width = Mm(layout.PAGE_WIDTH_MM)
        section.page_height = Mm(layout.PAGE_HEIGHT_MM)
        section.top_margin = Mm(layout.MARGIN_TOP_MM)
        section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
        section.left_margin = Mm(layout.MARGIN_LEFT_MM)
        section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
        section.header_distance = Mm(15)
        # The footer's baseline sits so the number's top is 7 mm below the type area.
        section.footer_distance = Mm(
            layout.MARGIN_BOTTOM_MM - layout.PAGE_NUMBER_GAP_MM - layout.PAGE_NUMBER_PT * layout.MM_PER_PT
        )
        grid = section._sectPr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            section._sectPr.append(grid)
        # A line grid of 22 lines; the 28 characters come from the tighter character spacing of
        # the Normal style. (A "linesAndChars" grid does the same in Word, but LibreOffice
        # spreads the characters out under it.)
        grid.set(qn("w:type"), "lines")
        grid.set(qn("w:linePitch"), str(round(layout.LINE_PITCH_PT * TWIPS_PER_PT)))
        if qn("w:charSpace") in grid.attrib:
            del grid.attrib[qn("w:charSpace")]

    # ------------------------------------------------------------------ runs and paragraphs

    def run(self, paragraph: Any, text: str, face: Face | None = None, bold: bool | None = None) -> Any:
        face = face or self.body_face
        run = paragraph.add_run(text)
        run.font.size = Pt(face.size)
        run.font.bold = face.bold if bold is None else bold
        _set_fonts(run._r.get_or_add_rPr(), face)
        return run

    def paragraph(
        self,
        container: Any,
        text: str = "",
        face: Face | None = None,
        style: str | None = None,
        align: Any = None,
        indent: bool | None = None,
    ) -> Any:
        paragraph = container.add_paragraph(style=style)
        if align is not None:
            paragraph.alignment = align
        if indent is False:
            paragraph.paragraph_format.first_line_indent = Pt(0)
            _first_line_chars(paragraph._p.get_or_add_pPr(), 0)
        if text:
            self.run(paragraph, text, face)
        return paragraph

    def field(self, paragraph: Any, instruction: str, placeholder: str, face: Face) -> None:
        """A complex field (PAGE, TOC …) that Word computes; the placeholder shows until it does."""
        for kind, text in (
            ("begin", None),
            ("instr", instruction),
            ("separate", None),
            ("text", placeholder),
            ("end", None),
        ):
            run = self.run(paragraph, "", face)
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
                run._r.append(element)
            elif kind == "text":
                run.text = text or ""
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
                if kind == "begin":
                    element.set(qn("w:dirty"), "true")  # ask Word to refresh it on open
                run._r.append(element)

    # ------------------------------------------------------------------ the document

    def write(self, target: Path) -> None:
        doc = self.document
        self._page(doc.sections[0])
        self._front()
        body = doc.add_section(WD_SECTION.NEW_PAGE)
        self._page(body)
        self._footers(body)
        for view in self.content.cases:
            self._case(view)
        doc.settings.odd_and_even_pages_header_footer = True
        settings = doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.insert_element_before(update, *AFTER_UPDATE_FIELDS)
        props = doc.core_properties
        props.title = self.content.spec.spec.title
        props.author = self.content.spec.issuer
        props.subject = self.content.spec.campaign_name
        props.last_modified_by = "showcase packet"
        props.created = self.content.build_time
        props.modified = self.content.build_time
        props.revision = 1
        doc.save(str(target))
        normalise_office_file(target, self.content.build_time)

    def _footers(self, section: Any) -> None:
        start = OxmlElement("w:pgNumType")
        start.set(qn("w:start"), "1")
        section._sectPr.insert_element_before(start, *AFTER_PGNUMTYPE)
        face = self.fonts.face(layout.SONG, layout.PAGE_NUMBER_PT)
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            paragraph = footer.paragraphs[0]
            paragraph.style = self.document.styles["Footer"]
            paragraph.alignment = align
            fmt = paragraph.paragraph_format
            fmt.first_line_indent = Pt(0)
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(layout.PAGE_NUMBER_PT)  # 单页码居右空一字
            else:
                fmt.left_indent = Pt(layout.PAGE_NUMBER_PT)  # 双页码居左空一字
            self.run(paragraph, "— ", face)
            self.field(paragraph, " PAGE ", "1", face)
            self.run(paragraph, " —", face)

    def _front(self) -> None:
        doc = self.document
        content = self.content
        spec = content.spec
        heading = self.fonts.face(layout.HEADING)
        kai = self.fonts.face(layout.KAI)
        mark = "内部资料　评审专用" if spec.spec.audience == "internal" else "评审专用"
        self.paragraph(doc, mark, heading, indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
        campaign = self.paragraph(doc, spec.campaign_name, kai, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        campaign.paragraph_format.space_before = Mm(45)
        title = self.paragraph(
            doc,
            spec.spec.title,
            self.fonts.face(layout.TITLE, 26, bold=True),
            align=WD_ALIGN_PARAGRAPH.CENTER,
            indent=False,
        )
        title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        title.paragraph_format.line_spacing = 1.5
        self.paragraph(doc, content.count_text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        issuer = self.paragraph(doc, spec.issuer, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        issuer.paragraph_format.space_before = Mm(60)
        self.paragraph(doc, content.date_text, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)

        front_title = self.fonts.face(layout.TITLE, layout.TITLE_PT, bold=True)
        toc_title = self.paragraph(doc, "目　录", front_title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        toc_title.paragraph_format.page_break_before = True
        toc_title.paragraph_format.space_after = LINE
        # The entries are the cached result of a TOC field: with LibreOffice installed the page
        # numbers are those of LibreOffice's layout of this very document (build.py lays it out
        # headlessly and writes it again); Word refreshes the field on open (it is marked dirty
        # and the document asks to update fields), which also follows Word's own layout.
        entries = [
            (f"{view.number}．{view.case.meta.title}", self.toc_pages.get(view.number)) for view in content.cases
        ]
        first = self.paragraph(doc, style=TOC_STYLE)
        self.field(first, ' TOC \\o "1-1" \\h \\z \\u ', "", self.body_face)
        first_runs = list(first._p)
        end_runs = first_runs[-1:]  # the fldChar end run moves to the last entry
        separate_index = next(
            i
            for i, r in enumerate(first_runs)
            if r.find(qn("w:fldChar")) is not None and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "separate"
        )
        for run in first_runs[separate_index + 1 :]:
            first._p.remove(run)
        last = first
        for index, (entry, page) in enumerate(entries):
            last = first if index == 0 else self.paragraph(doc, style=TOC_STYLE)
            self.run(last, entry)
            if page is not None:
                self.run(last, f"\t{page}")
        for run in end_runs:
            last._p.append(run)

        notes_title = self.paragraph(doc, "评审说明", front_title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        notes_title.paragraph_format.page_break_before = True
        notes_title.paragraph_format.space_after = LINE
        self.paragraph(doc, content.intro)
        rows = [["评选标准", "权重", "分值范围", "评分要点"]] + [
            [c.label, f"{plain(c.weight)}%", f"{c.range_text}分", tidy(c.guide) if c.guide else "—"]
            for c in spec.criteria
        ]
        self.grid(doc, rows, widths=[28, 18, 25, 85], text_columns=(3,))
        self.paragraph(doc, SCORING_RULE)
        if spec.spec.notes:
            self.paragraph(doc, tidy(spec.spec.notes))

    def grid(
        self,
        container: Any,
        rows: list[list[str]],
        widths: list[float] | None = None,
        header: bool = True,
        centre: bool = True,
        text_columns: tuple[int, ...] = (0,),
    ) -> Any:
        """A table; short values centred, the `text_columns` (sentences, labels) left-aligned in
        every line, so the second line of a long cell never sits centred under the first."""
        table = container.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        cell_face = self.fonts.face(layout.BODY, layout.TABLE_PT)
        head_face = self.fonts.face(layout.HEADING, layout.TABLE_PT)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                paragraph.style = self.document.styles[TABLE_STYLE]
                paragraph.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER
                    if centre and ((header and r == 0) or c not in text_columns)
                    else WD_ALIGN_PARAGRAPH.LEFT
                )
                self.run(paragraph, value, head_face if header and r == 0 else cell_face)
                if widths:
                    cell.width = Mm(widths[c])
        if widths:
            # LibreOffice lays tables out from the grid columns, Word from the cells: set both.
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Mm(width)
        return table

    # ------------------------------------------------------------------ cases

    def _case(self, view: CaseView) -> None:
        doc = self.document
        meta = view.case.meta
        title = doc.add_paragraph(style="Heading 1")
        if view.number == 1:
            title.paragraph_format.page_break_before = False  # the section already starts a page
        self.run(title, meta.title, self.fonts.face(layout.TITLE, layout.TITLE_PT, bold=True))
        info_label = self.fonts.face(layout.HEADING, layout.PAGE_NUMBER_PT)
        info_text = self.fonts.face(layout.BODY, layout.PAGE_NUMBER_PT)
        facts = [
            ("报送法院", view.court.name),
            ("支部品牌", f"{view.brand.name}（{view.brand.branch}）"),
            ("作　　者", "、".join(meta.authors)),
            ("年　　份", str(meta.year)),
        ]
        if meta.themes:
            facts.append(("主　　题", "、".join(meta.themes)))
        for label, value in facts:
            paragraph = self.paragraph(doc, style=META_STYLE)
            self.run(paragraph, f"{label}　", info_label)
            self.run(paragraph, value, info_text)
        summary = self.paragraph(doc)
        summary.paragraph_format.space_before = Pt(layout.LINE_PITCH_PT / 2)
        summary.paragraph_format.space_after = Pt(layout.LINE_PITCH_PT / 2)
        self.run(summary, "【摘要】", self.fonts.face(layout.HEADING))
        self.run(summary, tidy(meta.summary))

        self.blocks(view.tree, doc, view)

        self.heading(doc, view.parts.get("metrics", "品牌指标"), 2)
        table = view.metrics
        if table.rows:
            rows = [["指标", "合理区间", *[f"{year} 年" for year in table.years]]]
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    if cell is None:
                        cells.append("—")
                    else:
                        cells.append(cell.text + ("*" if cell.derived else "") + ("！" if cell.out_of_range else ""))
                rows.append([row.label, row.range_text, *cells])
            label_width = 44.0
            year_width = (layout.TYPE_WIDTH_MM - label_width - 28) / max(len(table.years), 1)
            grid = self.grid(doc, rows, widths=[label_width, 28, *[year_width] * len(table.years)])
            for r, row in enumerate(table.rows, start=1):  # out-of-range values in bold, as in the PDF
                for c, cell in enumerate(row.cells, start=2):
                    if cell and cell.out_of_range:
                        for run in grid.cell(r, c).paragraphs[0].runs:
                            run.font.bold = True
                grid.cell(r, 0).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
            notes = [f"数据来源：{view.brand.name}品牌资料。"]
            if table.has_derived:
                notes.append("带 * 的数值由公式计算。")
            if table.has_out_of_range:
                notes.append("带“！”的数值超出合理区间。")
            self.paragraph(doc, "".join(notes), self.fonts.face(layout.BODY, layout.TABLE_PT), style=TABLE_STYLE)
            self._charts(view)
        else:
            self.paragraph(doc, "该品牌暂无年度指标。")

        self.heading(doc, view.parts.get("criteria", "评选标准陈述"), 2)
        kai = self.fonts.face(layout.KAI, bold=True)
        for index, (label, statement) in enumerate(view.criteria):
            paragraph = self.paragraph(doc)
            self.run(paragraph, f"（{NUMERALS[index]}）{label}。", kai)
            self.run(paragraph, statement)

    def heading(self, container: Any, text: str, level: int) -> Any:
        paragraph = container.add_paragraph(style=f"Heading {level}")
        role = layout.HEADING if level == 2 else layout.KAI
        self.run(paragraph, text, self.fonts.face(role, bold=level > 2))
        return paragraph

    def _charts(self, view: CaseView) -> None:
        charts = [chart for chart in view.charts if f"chart:{view.number}:{chart.metric.key}" in self.rasters]
        if not charts:
            return
        per_row = 2
        table = self.document.add_table(rows=(len(charts) + per_row - 1) // per_row, cols=per_row)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        width = (layout.TYPE_WIDTH_MM - 4) / per_row
        for index, chart in enumerate(charts):
            cell = table.cell(index // per_row, index % per_row)
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles[TABLE_STYLE]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            raster = self.rasters[f"chart:{view.number}:{chart.metric.key}"]
            run = paragraph.add_run()
            picture = run.add_picture(io.BytesIO(raster.png), width=Mm(width))
            picture._inline.docPr.set("descr", chart.summary)  # alt text: every value, for screen readers and search

    # ------------------------------------------------------------------ Markdown tree

    def blocks(self, parent: ET.Element, container: Any, view: CaseView, quote: bool = False) -> None:
        for element in parent:
            tag = element.tag
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                level = 2 if tag in ("h1", "h2") else 3
                paragraph = container.add_paragraph(style=f"Heading {level}")
                role = layout.HEADING if level == 2 else layout.KAI
                self.inline(element, paragraph, self.fonts.face(role, bold=level > 2))
            elif tag == "p" and element.get("class") == "figure":
                self.figure(element, container)
            elif tag == "p":
                face = self.fonts.face(layout.KAI) if quote else self.body_face
                paragraph = self.paragraph(container)
                if quote or element.get("class") == "admonition-title":
                    paragraph.paragraph_format.left_indent = Pt(layout.BODY_PT * INDENT_CHARS)
                    paragraph.paragraph_format.first_line_indent = Pt(0)
                    _first_line_chars(paragraph._p.get_or_add_pPr(), 0)
                if element.get("class") == "admonition-title":
                    face = self.fonts.face(layout.HEADING)
                self.inline(element, paragraph, face)
            elif tag in ("ul", "ol"):
                self.listing(element, container, view, depth=0)
            elif tag in ("blockquote", "div"):
                self.blocks(element, container, view, quote=True)
            elif tag == "table":
                self.markdown_table(element, container)
            elif tag == "pre":
                mono = self.fonts.face(layout.MONO, layout.TABLE_PT)
                for line in "".join(element.itertext()).rstrip("\n").split("\n"):
                    paragraph = self.paragraph(container, style=TABLE_STYLE)
                    paragraph.paragraph_format.left_indent = Pt(layout.BODY_PT * INDENT_CHARS)
                    self.run(paragraph, line, mono)
            elif tag == "hr":
                self.paragraph(container, "＊　＊　＊", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
            else:
                paragraph = self.paragraph(container)
                self.inline(element, paragraph, self.body_face)

    def inline(self, element: ET.Element, paragraph: Any, face: Face) -> None:
        if element.text:
            self.run(paragraph, _flat(element.text), face)
        for child in element:
            self.inline_child(child, paragraph, face)

    def inline_child(self, child: ET.Element, paragraph: Any, face: Face) -> None:
        """One inline element and the text after it."""
        tag = child.tag
        if tag in ("strong", "b"):
            self.inline(child, paragraph, replace(face, bold=True))
        elif tag in ("em", "i"):
            self.inline(child, paragraph, replace(self.fonts.face(layout.KAI, face.size), bold=face.bold))
        elif tag == "code":
            self.inline(child, paragraph, self.fonts.face(layout.MONO, face.size * 0.85))
        elif tag == "br":
            paragraph.add_run().add_break(WD_BREAK.LINE)
        elif tag == "img":
            image = self.image_source(child.get("src", ""))
            if image is not None:
                data, width = image
                paragraph.add_run().add_picture(data, width=Mm(min(width, layout.TYPE_WIDTH_MM)))
        else:
            self.inline(child, paragraph, face)
        if child.tail:
            self.run(paragraph, _flat(child.tail), face)

    def listing(self, element: ET.Element, container: Any, view: CaseView, depth: int) -> None:
        """Lists as indented paragraphs with typed markers: they stay editable and never renumber."""
        ordered = element.tag == "ol"
        start = int(element.get("start", "1") or 1)

        def new_paragraph(level: int) -> Any:
            paragraph = self.paragraph(container)
            paragraph.paragraph_format.left_indent = Pt(layout.BODY_PT * INDENT_CHARS * level)
            return paragraph

        for index, item in enumerate(element.findall("li")):
            pending: Any = new_paragraph(depth)
            self.run(pending, f"{start + index}．" if ordered else "• ")
            if item.text and item.text.strip():
                self.run(pending, _flat(item.text.strip()))
            for child in item:
                if child.tag in ("ul", "ol"):
                    self.listing(child, container, view, depth + 1)
                    pending = None
                elif child.tag == "p":
                    pending = pending or new_paragraph(depth + 1)
                    self.inline(child, pending, self.body_face)
                    pending = None
                else:
                    pending = pending or new_paragraph(depth + 1)
                    self.inline_child(child, pending, self.body_face)

    def markdown_table(self, element: ET.Element, container: Any) -> None:
        rows = [row for row in element.iter("tr")]
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = container.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, cell_element in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                paragraph.style = self.document.styles[TABLE_STYLE]
                align = (cell_element.get("style") or "").removeprefix("text-align:").strip(" ;")
                paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
                    align, WD_ALIGN_PARAGRAPH.LEFT
                )
                role = layout.HEADING if cell_element.tag == "th" else layout.BODY
                self.inline(cell_element, paragraph, self.fonts.face(role, layout.TABLE_PT))

    def figure(self, element: ET.Element, container: Any) -> None:
        image = next(element.iter("img"), None)
        caption = next((span for span in element.iter("span") if span.get("class") == "caption"), None)
        if image is None:
            return
        source = self.image_source(image.get("src", ""))
        if source is None:
            return
        data, width = source
        paragraph = self.paragraph(container, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.keep_with_next = caption is not None
        picture = paragraph.add_run().add_picture(data, width=Mm(min(width, layout.TYPE_WIDTH_MM)))
        if image.get("alt"):
            picture._inline.docPr.set("descr", image.get("alt"))
        if caption is not None and caption.text:
            self.paragraph(
                container,
                caption.text,
                self.fonts.face(layout.BODY, layout.TABLE_PT),
                style=TABLE_STYLE,
                align=WD_ALIGN_PARAGRAPH.CENTER,
            )

    def image_source(self, src: str) -> tuple[Any, float] | None:
        """(file or stream, width in mm) for an image the PDF shows; SVGs come pre-rasterised."""
        if not src:
            return None
        path = Path(unquote(urlsplit(src).path))
        raster = self.rasters.get(f"file:{path}")
        if raster is not None:
            return io.BytesIO(raster.png), raster.width_mm
        with Image.open(path) as picture:
            dpi = picture.info.get("dpi", (96, 96))[0] or 96
            width_mm = picture.width / float(dpi) * 25.4
            if path.suffix.lower() == ".webp":  # Word does not read WebP
                stream = io.BytesIO()
                picture.save(stream, format="PNG")
                stream.seek(0)
                return stream, width_mm
        return str(path), width_mm


def _flat(text: str) -> str:
    """Markdown keeps source line breaks inside paragraphs; in Word they are spaces."""
    return text.replace("\n", " ")


def svg_items(content: PacketContent) -> Iterator[tuple[str, Any]]:
    """Everything the Word document needs rasterised: charts and SVG images of the write-ups."""
    for view in content.cases:
        for chart in view.charts:
            yield f"chart:{view.number}:{chart.metric.key}", chart.svg
        for image in view.images:
            if image.suffix.lower() == ".svg":
                yield f"file:{image}", image


def render_docx(
    content: PacketContent, rasters: dict[str, Raster], target: Path, toc_pages: dict[int, int] | None = None
) -> None:
    WordWriter(content, rasters, toc_pages).write(target)
