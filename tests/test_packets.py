"""Review packets: a spec builds into a GB/T 9704 PDF, an editable DOCX and protected score sheets;
specs are validated like brand files; builds are atomic and reproducible.

The full packet is tests/fixtures/site/packets/review.yml (three long case write-ups, the
brand's metrics with an out-of-range value); the spec checks use tests/fixtures/packets.

The PDF and Office checks use poppler (pdftotext, pdffonts) and LibreOffice. When they are
missing the tests fail rather than skip: CI installs them (scripts/install-system-deps.sh).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Cli, copy_fixture
from docx import Document
from docx.shared import Mm
from openpyxl import load_workbook

from showcase.commands.main import main
from showcase.core.loader import Layout, load_valid_catalog
from showcase.packets import layout
from showcase.packets.content import build_content
from showcase.packets.spec import load_spec

FIXTURES = Path(__file__).parent / "fixtures" / "packets"
pytestmark = pytest.mark.fixture_project("packets/project")
EPOCH = "1710460800"  # 2024-03-15T00:00:00Z
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MM = 72 / 25.4  # points per millimetre


def require(tool: str) -> str:
    """The tool's path; a missing tool fails the test (CI must not silently skip PDF checks)."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} 未安装：运行 bash scripts/install-system-deps.sh（poppler-utils、libreoffice）")
    return path


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_pages(pdf: Path) -> list[str]:
    result = subprocess.run(
        [require("pdftotext"), "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout.split("\f")[:-1]


# The cases of tests/fixtures/site/packets/review.yml, in the spec's order.
REVIEW_TITLES = [
    "党旗引领·浔州枫桥——把党支部建在法庭上，打造“枫桥式”人民法庭的浔州样本",
    "温情调解 和美家事——金田法庭以党建引领家事纠纷柔性化解",
    "浔法讲堂——用一方讲台打通党建与业务、部门与部门",
]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, float]]:
    """(project, output, seconds): the site fixture's review packet, built once for this module with
    a fixed build time."""
    root = copy_fixture("site", tmp_path_factory.mktemp("review") / "project")
    out = root.parent / "review"
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        started = time.monotonic()
        code = main(["--root", str(root), "packet", "build", "review", "--out", str(out)])
        seconds = time.monotonic() - started
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
    assert code == 0
    yield root, out, seconds


# ---------------------------------------------------------------------------- a full packet


def test_the_packet_has_the_four_files_and_a_zip(review: tuple[Path, Path, float]) -> None:
    _, out, seconds = review
    for name in ("packet.pdf", "packet.docx", "scoresheet.xlsx", "manifest.json", "review.zip"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert sorted(p.name for p in (out / "scoresheets").iterdir()) == sorted(["张某.xlsx", "李某.xlsx", "王某.xlsx"])
    with zipfile.ZipFile(out / "review.zip") as archive:
        names = set(archive.namelist())
        assert {
            "review/packet.pdf",
            "review/packet.docx",
            "review/scoresheet.xlsx",
            "review/manifest.json",
            "review/scoresheets/张某.xlsx",
        } <= names
        assert archive.read("review/packet.pdf") == (out / "packet.pdf").read_bytes()
    assert not list(out.parent.glob(".review.*")), "no temporary folders left behind"
    assert seconds < 60


def test_manifest_records_cases_sources_spec_and_build_time(review: tuple[Path, Path, float]) -> None:
    root, out, _ = review
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["build_time"] == "2024-03-15T00:00:00Z" and manifest["build_time_source"] == "SOURCE_DATE_EPOCH"
    assert [case["title"] for case in manifest["cases"]] == REVIEW_TITLES
    for case in manifest["cases"]:
        assert case["sha256"] == hashlib.sha256((root / case["source"]).read_bytes()).hexdigest()
        assert isinstance(case["page"], int)
    assert manifest["spec"]["path"] == "packets/review.yml"
    assert manifest["spec"]["sha256"] == hashlib.sha256((root / "packets/review.yml").read_bytes()).hexdigest()
    assert manifest["spec"]["content"]["campaign"] == "innovation-cases"
    sources = {entry["path"] for entry in manifest["sources"]}
    assert {"packets/review.yml", "brands/metrics.yml", "brands/courts/guiping/brands/xunzhou-fengqiao.yml"} <= sources
    outputs = {entry["path"]: entry["sha256"] for entry in manifest["outputs"]}
    assert outputs["packet.pdf"] == hashlib.sha256((out / "packet.pdf").read_bytes()).hexdigest()
    assert manifest["pdf"]["pages"] >= len(manifest["cases"]) + 2


def test_pdf_titles_in_spec_order_and_toc_page_numbers_match(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    pages = pdf_pages(out / "packet.pdf")
    titles = REVIEW_TITLES
    toc_index = next(i for i, page in enumerate(pages) if squash(page).startswith("目录"))
    toc = squash(pages[toc_index])
    printed = {}
    for index, page in enumerate(pages):
        match = re.search(r"—\s*(\d+)\s*—\s*$", page.strip())
        if match:
            printed[index] = int(match.group(1))
    assert 0 not in printed and toc_index not in printed, "cover and contents carry no page number"
    positions = []
    for title in titles:
        entry = re.search(re.escape(squash(title)) + r"[·.…]*(\d+)", toc)
        assert entry, f"TOC lacks {title}"
        body = next(i for i in range(toc_index + 1, len(pages)) if squash(title) in squash(pages[i]))
        assert printed.get(body) == int(entry.group(1)), (
            f"{title}: TOC says {entry.group(1)}, printed {printed.get(body)}"
        )
        positions.append(body)
    assert positions == sorted(positions), "cases appear in spec order"
    first = positions[0]
    assert printed[first] == 1 and first % 2 == 0, "page 1 of the content is a right-hand page"
    assert [printed[i] for i in sorted(printed)] == list(range(1, len(printed) + 1))


def test_pdf_has_the_write_up_metrics_chart_and_criteria(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    text = squash("".join(pdf_pages(out / "packet.pdf")))
    for expected in (
        "品牌指标",
        "结案率",
        "78.50%",
        "超出合理区间",
        "评选标准陈述",
        "（一）创新性",
        "（四）示范性",
        "【摘要】",
        "一庭一品一策",
        "报送法院",
    ):
        assert expected in text, expected


def test_pdf_is_a4_with_the_gbt_9704_type_area(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    front = manifest["pdf"]["front_pages"]
    info = subprocess.run(
        [require("pdfinfo"), str(out / "packet.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    xhtml = subprocess.run(
        [require("pdftotext"), "-enc", "UTF-8", "-bbox-layout", "-f", str(front + 1), str(out / "packet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    left, top = layout.MARGIN_LEFT_MM * MM, layout.MARGIN_TOP_MM * MM
    right, bottom = left + layout.TYPE_WIDTH_MM * MM, top + layout.TYPE_HEIGHT_MM * MM
    body_lines: list[tuple[float, float, str]] = []  # (glyph height, top, text) of all-Chinese lines
    for page in re.findall(r"<page .*?</page>", xhtml, re.S):
        for line in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            box = dict((k, float(v)) for k, v in re.findall(r'(\w+)="([\d.]+)"', line[0]))
            words = "".join(re.findall(r">([^<]*)</word>", line[1]))
            if re.fullmatch(r"—\d+—", words):
                # the page number: below the type area, within the bottom margin
                assert bottom + 5 * MM < box["yMin"] < bottom + 12 * MM, words
                continue
            assert box["xMin"] >= left - 1 and box["xMax"] <= right + 1, (words, box)
            assert box["yMin"] >= top - 1 and box["yMax"] <= bottom + 1, (words, box)
            if re.fullmatch(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…·]+", words):
                body_lines.append((round(box["yMax"] - box["yMin"], 1), box["yMin"], words))
        body_lines.append((0.0, 0.0, ""))  # page break: no pitch across pages
    heights = [height for height, _, _ in body_lines if height]
    body_height = max(set(heights), key=heights.count)  # 3号 body text is the commonest
    widest = max(len(text) for height, _, text in body_lines if height == body_height)
    assert widest == layout.CHARS_PER_LINE, f"a full body line holds {widest} characters"
    pitches = [round(b[1] - a[1], 1) for a, b in itertools.pairwise(body_lines) if a[0] == b[0] == body_height]
    assert max(set(pitches), key=pitches.count) == pytest.approx(layout.LINE_PITCH_PT, abs=0.3), (
        "22 lines to the type area"
    )


def test_pdf_embeds_the_cjk_fonts(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    listing = subprocess.run(
        [require("pdffonts"), str(out / "packet.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    fonts = {row.split()[0].split("+", 1)[-1]: row.split() for row in listing if row.strip()}
    assert fonts
    for name, row in fonts.items():
        assert row[-5] == "yes", f"{name} is not embedded"
    names = " ".join(fonts)
    assert "Noto-Serif-CJK-SC-Bold" in names  # titles: the free stand-in for 方正小标宋简体
    assert "Noto-Serif-CJK-SC " in names + " "  # body text: a song face stands in for 仿宋_GB2312, not 楷体
    assert "AR-PL-UKai-CN" in names  # 楷体 for its own role (二级标题, criteria labels)
    assert "Noto-Sans-CJK-SC" in names  # 黑体: headings, tables
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (
        manifest["pdf"]["fonts"]["body"] == "Noto Serif CJK SC" and manifest["pdf"]["fonts"]["kai"] == "AR PL UKai CN"
    )


def test_docx_has_real_headings_east_asian_fonts_and_page_numbers(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    document = Document(str(out / "packet.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == REVIEW_TITLES
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert (
        "五、品牌指标" in parts and "六、评选标准陈述" in parts
    )  # numbered on from the write-up's 一、背景 … 四、启示
    assert parts[:4] == ["一、背景", "二、做法", "三、成效", "四、启示"]
    with zipfile.ZipFile(out / "packet.docx") as package:
        parts = [name for name in package.namelist() if re.fullmatch(r"word/(document|footer\d+)\.xml", name)]
        for name in parts:
            xml = package.read(name).decode("utf-8")
            for run_xml in re.findall(r"<w:r>.*?</w:r>|<w:r [^>]*>.*?</w:r>", xml, re.S):
                if re.search(r"<w:t[ >][^<]+</w:t>", run_xml):
                    assert 'w:eastAsia="' in run_xml, f"{name}: run without an East Asian font: {run_xml[:200]}"
        settings = package.read("word/settings.xml").decode("utf-8")
        assert "<w:evenAndOddHeaders" in settings
        footers = [package.read(name).decode("utf-8") for name in package.namelist() if name.startswith("word/footer")]
    assert sum("PAGE" in footer and "—" in footer for footer in footers) >= 2  # odd and even pages
    body = document.sections[-1]
    assert abs(body.page_width - Mm(210)) < Mm(0.5) and abs(body.page_height - Mm(297)) < Mm(0.5)
    assert abs(body.top_margin - Mm(37)) < Mm(0.5) and abs(body.left_margin - Mm(28)) < Mm(0.5)
    assert body.even_page_footer.paragraphs[0].alignment != body.footer.paragraphs[0].alignment
    assert len(document.inline_shapes) >= 4  # the metric charts, rasterised


def test_titles_and_contents_break_between_words_never_inside_one(review: tuple[Path, Path, float]) -> None:
    """The first title runs over two lines; they break after 建在, not inside 法庭上， or 打造."""
    _, out, _ = review
    pages = subprocess.run(
        [require("pdftotext"), "-enc", "UTF-8", "-layout", str(out / "packet.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\f")
    lines = [line.strip() for page in pages for line in page.splitlines() if line.strip()]
    for broken in ("法庭", "打", "柔性化"):  # the line ends of the old layout: 法庭/上，  打/造  柔性化/解
        following = {"法庭": "上，", "打": "造", "柔性化": "解"}[broken]
        assert not any(a.endswith(broken) and b.startswith(following) for a, b in itertools.pairwise(lines)), broken
    assert not any(line.startswith(tuple("，。、；：）》”")) for line in lines), (
        "a line starts with closing punctuation"
    )


def test_headings_are_numbered_and_the_blank_page_says_why(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    pages = pdf_pages(out / "packet.pdf")
    text = squash("".join(pages))
    for heading in ("一、背景", "二、做法", "三、成效", "四、启示", "五、品牌指标", "六、评选标准陈述"):
        assert heading in text, heading
    blank = [page for page in pages if "空白页" in page]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    if manifest["pdf"]["front_pages"] % 2 == 0 and blank:
        assert "右页" in blank[0]  # the one blank page states its reason
    assert len(blank) <= 1


def test_a_metrics_table_stays_on_one_page_with_its_heading(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    pages = [squash(page) for page in pdf_pages(out / "packet.pdf")]
    with_heading = [i for i, page in enumerate(pages) if "五、品牌指标" in page]
    assert with_heading
    for index in with_heading:
        assert pages[index].index("五、品牌指标") < pages[index].index("指标合理区间"), (
            "the table starts under its heading"
        )
        following = pages[index + 1] if index + 1 < len(pages) else ""
        assert "指标合理区间" not in following or "五、品牌指标" in following, (
            "the table goes on over the page (its header repeated)"
        )


def test_docx_contents_carry_page_numbers_from_libreoffice(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    require("soffice")
    document = Document(str(out / "packet.docx"))
    entries = [p.text for p in document.paragraphs if p.style.name == "toc 1"]
    assert len(entries) == len(REVIEW_TITLES)
    numbers = [int(entry.rsplit("\t", 1)[1]) for entry in entries]
    assert numbers[0] == 1 and numbers == sorted(numbers) and len(set(numbers)) == len(numbers), entries
    criteria = next(t for t in document.tables if t.cell(0, 3).text == "评分要点")
    assert {criteria.cell(r, 3).paragraphs[0].alignment for r in range(1, len(criteria.rows))} == {
        0
    }  # LEFT: no centred second lines


def test_official_faces_are_used_when_their_files_are_in_the_fonts_folder(tmp_path: Path) -> None:
    """A font file whose family is 仿宋_GB2312 in fonts/ plays the body role (and becomes an
    @font-face rule); without it the free stand-in is used and the build says so."""
    from fontTools.ttLib import TTFont

    free = layout.plan_fonts(
        tmp_path, installed={"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "Noto Sans Mono CJK SC"}
    )
    assert free.body.family == "Noto Serif CJK SC" and not free.body.official
    assert free.warnings() and "fonts/" in free.warnings()[0]
    source = Path("/usr/share/fonts/truetype/arphic/uming.ttc")
    if not source.exists():
        source = next(Path("/usr/share/fonts").rglob("*.ttf"))
    font = TTFont(str(source), fontNumber=0) if source.suffix == ".ttc" else TTFont(str(source))
    names = font["name"]
    for name_id in (1, 16):
        names.removeNames(nameID=name_id)
        names.setName("仿宋_GB2312", name_id, 3, 1, 0x804)  # Windows, Unicode, zh-CN: how the office font names itself
    (tmp_path / "fonts").mkdir()
    font.save(str(tmp_path / "fonts" / "fangsong.ttf"))
    plan = layout.plan_fonts(
        tmp_path, installed={"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL UKai CN", "Noto Sans Mono CJK SC"}
    )
    assert plan.body.family == "仿宋_GB2312" and plan.body.official
    assert plan.body.css.startswith('"仿宋_GB2312"')
    assert "@font-face" in plan.font_faces and "fangsong.ttf" in plan.font_faces


def test_scoresheet_is_protected_with_validated_score_cells(review: tuple[Path, Path, float]) -> None:
    _, out, _ = review
    workbook = load_workbook(out / "scoresheets" / "张某.xlsx")
    assert workbook.security.lockStructure
    sheet = workbook["评分表"]
    assert sheet.protection.sheet
    assert sheet["B2"].value == "张某" and not sheet["B2"].protection.locked
    assert [sheet.cell(row=3, column=c).value.split("\n")[0] for c in range(4, 8)] == [
        "创新性",
        "实践性",
        "操作性",
        "示范性",
    ]
    assert [sheet.cell(row=4, column=c).value for c in range(4, 8)] == [30, 25, 20, 25]  # weights, visible
    titles = REVIEW_TITLES
    for offset, title in enumerate(titles):
        row = 6 + offset
        assert sheet.cell(row=row, column=2).value == title and sheet.cell(row=row, column=2).protection.locked
        assert all(not sheet.cell(row=row, column=c).protection.locked for c in range(4, 8))
        assert str(sheet.cell(row=row, column=8).value).startswith("=IF(COUNT(D")
    rules = {
        str(rule.sqref): (rule.type, rule.formula1, rule.formula2) for rule in sheet.data_validations.dataValidation
    }
    last = 5 + len(titles)
    for column in "DEFG":
        assert rules[f"{column}6:{column}{last}"] == ("decimal", "0", "10")
    assert workbook["_packet"].sheet_state == "hidden"


def test_libreoffice_converts_the_docx_and_the_xlsx(review: tuple[Path, Path, float], tmp_path: Path) -> None:
    _, out, _ = review
    soffice = require("soffice")
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out / "packet.docx"),
            str(out / "scoresheet.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "packet.pdf").is_file() and (tmp_path / "scoresheet.pdf").is_file(), (
        result.stdout + result.stderr
    )
    docx_text = squash("".join(pdf_pages(tmp_path / "packet.pdf")))
    for title in REVIEW_TITLES:
        assert squash(title) in docx_text
    assert "评分表" in squash("".join(pdf_pages(tmp_path / "scoresheet.pdf")))


# ---------------------------------------------------------------------------- specs


def test_spec_errors_name_file_and_line_with_did_you_mean(project: Path, cli: Cli) -> None:
    shutil.copy(FIXTURES / "bad" / "typo-keys.yml", project / "packets")
    code, out = cli("--root", str(project), "packet", "build", "typo-keys")
    assert code == 1
    assert "packets/typo-keys.yml:5: 未知字段“innovaton” — 是否想写“innovation”？" in out
    assert "packets/typo-keys.yml:7: 未知字段“weigth” — 是否想写“weight”？" in out
    assert "packets/typo-keys.yml:9: 未知字段“reviewer” — 是否想写“reviewers”？" in out
    assert "Traceback" not in out
    assert not (project / "build").exists()


def test_spec_cross_checks(project: Path, cli: Cli) -> None:
    shutil.copy(FIXTURES / "bad" / "bad-refs.yml", project / "packets")
    code, out = cli("--root", str(project), "packet", "check", "bad-refs")
    assert code == 1
    assert "packets/bad-refs.yml:3: 引用了不存在的评选活动“case-selecton” — 是否想写“case-selection”？" in out
    assert "packets/bad-refs.yml:4: 各项权重合计为 60，应为 100" in out
    assert "packets/bad-refs.yml:6: “practicality”的分值范围 [10, 5] 无效" in out
    assert "packets/bad-refs.yml:8: 引用了不存在的案例“demo/alpah” — 是否想写“demo/alpha”？" in out
    assert "packets/bad-refs.yml:10: 案例“docs/cases/demo/beta.md”重复列出" in out
    assert "评审人“张某”重复" in out and "评审人“李/某”含有不能用于文件名的字符" in out

    shutil.copy(FIXTURES / "bad" / "bad-filter.yml", project / "packets")
    code, out = cli("--root", str(project), "packet", "check", "bad-filter")
    assert code == 1
    assert "packets/bad-filter.yml:7: 引用了不存在的法院“dmeo” — 是否想写“demo”？" in out
    assert "packets/bad-filter.yml:8: 引用了不存在的案例主题“党建+审批” — 是否想写“党建+审判”？" in out
    assert "packets/bad-filter.yml:9: “listed”" in out

    code, out = cli("--root", str(project), "packet", "build", "thre")
    assert code == 1 and "找不到材料包配置文件 — 是否想写“three”？" in out


def test_filter_selects_and_orders_cases(project: Path) -> None:
    catalog = load_valid_catalog(Layout(project))
    loaded, problems = load_spec(project / "packets" / "filter.yml", catalog)
    assert loaded is not None, [p.format() for p in problems]
    assert [case.id for case in loaded.cases] == ["demo/alpha", "other/delta"]  # 2023 and 党建+审判, title descending
    assert [(c.key, c.high) for c in loaded.criteria] == [("innovation", 10), ("exemplarity", 20)]
    spec = project / "packets" / "filter.yml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("  themes: [党建+审判]", "  selection: {level: 市, outcome: 推荐}"),
        encoding="utf-8",
    )
    loaded, _ = load_spec(spec, load_valid_catalog(Layout(project)))
    assert loaded is not None and [case.id for case in loaded.cases] == ["other/delta"]


# ---------------------------------------------------------------------------- content safety


def test_markdown_html_is_shown_as_text_and_links_are_vetted(project: Path) -> None:
    catalog = load_valid_catalog(Layout(project))
    loaded, _ = load_spec(project / "packets" / "three.yml", catalog)
    assert loaded is not None
    content = build_content(loaded, catalog, dt.datetime(2024, 3, 15, tzinfo=dt.UTC))
    beta = next(view for view in content.cases if view.case.id == "demo/beta")
    assert "<script" not in beta.html and "&lt;script&gt;" in beta.html
    assert "<b " not in beta.html and "&lt;b onclick=" in beta.html
    assert 'href="javascript' not in beta.html and 'href="https://example.org/"' in beta.html
    alpha = next(view for view in content.cases if view.case.id == "demo/alpha")
    assert [p.name for p in alpha.images] == ["photo.png", "diagram.svg"]


def test_images_must_stay_inside_the_repository(project: Path, cli: Cli) -> None:
    case = project / "docs" / "cases" / "demo" / "alpha.md"
    text = case.read_text(encoding="utf-8")
    text += "\n![外部](../../../../outside.png)\n\n![网络](https://example.org/a.png)\n\n![缺失](../../../brands/media/none.png)\n"
    case.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    line_of = {
        needle: lines.index(next(line for line in lines if needle in line)) + 1
        for needle in ("outside.png", "example.org/a.png", "none.png")
    }
    code, out = cli("--root", str(project), "packet", "build", "three")
    assert code == 1
    assert (
        f"docs/cases/demo/alpha.md:{line_of['outside.png']}: 图片路径“../../../../outside.png”指向项目目录之外" in out
    )
    assert f"docs/cases/demo/alpha.md:{line_of['example.org/a.png']}: 图片“https://example.org/a.png”是网络地址" in out
    assert f"docs/cases/demo/alpha.md:{line_of['none.png']}: 找不到图片“../../../brands/media/none.png”" in out
    assert not (project / "build" / "packets" / "three").exists()


def test_the_pdf_renderer_reads_no_file_outside_the_repository(tmp_path: Path) -> None:
    """Behind the spec checks, WeasyPrint's URL fetcher itself reads only files inside the
    repository and data: URIs: a file URL, a symlink out of the repository and a web address
    are left out of the PDF instead of being embedded."""
    import weasyprint

    from showcase.packets.pdf import url_fetcher

    root = tmp_path / "repo"
    root.mkdir()
    photo = FIXTURES / "project" / "brands" / "media" / "photo.png"
    shutil.copy(photo, root / "inside.png")
    shutil.copy(photo, tmp_path / "secret.png")
    (root / "link.png").symlink_to(tmp_path / "secret.png")
    images = [
        "inside.png",
        (tmp_path / "secret.png").as_uri(),
        "link.png",
        "inside.png/../../secret.png",
        "http://127.0.0.1:9/a.png",
    ]
    html = "".join(f'<img src="{src}" alt="">' for src in images)
    pdf = tmp_path / "out.pdf"
    weasyprint.HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=url_fetcher(root)).write_pdf(pdf)
    listed = subprocess.run(
        [require("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert len(listed.strip().splitlines()) == 2 + 1, listed  # two header lines, then one image: inside.png


# ---------------------------------------------------------------------------- builds


def test_build_is_reproducible_with_source_date_epoch(project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    first, second = project / "build" / "one", project / "build" / "two"
    assert cli("--root", str(project), "packet", "build", "three", "--out", str(first))[0] == 0
    assert cli("--root", str(project), "packet", "build", "three", "--out", str(second))[0] == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert Path("three.zip") in files and Path("scoresheets/王某.xlsx") in files
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between builds"


def test_failed_build_leaves_the_previous_packet_alone(
    project: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = project / "build" / "packets" / "three"
    assert cli("--root", str(project), "packet", "build", "three")[0] == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("磁盘已满")

    monkeypatch.setattr("showcase.packets.build.render_docx", broken)
    code, text = cli("--root", str(project), "packet", "build", "three")
    assert code == 2 and "磁盘已满" in text and "Traceback" not in text
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in out.parent.iterdir()] == ["three"], "no temporary folder left"


def test_build_refuses_to_replace_a_folder_that_is_not_a_packet(project: Path, cli: Cli) -> None:
    precious = project / "notes"
    precious.mkdir()
    (precious / "keep.txt").write_text("重要", encoding="utf-8")
    code, out = cli("--root", str(project), "packet", "build", "three", "--out", str(precious))
    assert code == 2 and "不是材料包目录" in out
    assert (precious / "keep.txt").read_text(encoding="utf-8") == "重要"
    code, out = cli("--root", str(project), "packet", "build", "three", "--out", str(project / "docs" / "x"))
    assert code == 2 and "docs/" in out


def test_fixture_packet_pdf_shows_images_and_docx_has_them(project: Path, cli: Cli) -> None:
    assert cli("--root", str(project), "packet", "build", "three")[0] == 0
    out = project / "build" / "packets" / "three"
    text = squash("".join(pdf_pages(out / "packet.pdf")))
    assert "巡回调解现场" in text  # the image caption
    assert "<script>alert" in text  # raw HTML shown as text
    assert "该品牌暂无年度指标" in text
    document = Document(str(out / "packet.docx"))
    assert len(document.inline_shapes) >= 3  # PNG, rasterised SVG, one chart
    assert "2024年3月15日" in text


def test_the_guide_example_is_a_valid_spec(tmp_path: Path) -> None:
    guide = (REPO / "docs" / "guide" / "packets.md").read_text(encoding="utf-8")
    examples = re.findall(r"^```yaml\n(.*?)^```", guide, re.S | re.M)
    assert examples, "docs/guide/packets.md has no complete ```yaml example"
    catalog = load_valid_catalog(Layout(FIXTURES.parent / "site"))  # the example names cases the site fixture has
    for index, example in enumerate(examples):
        spec = tmp_path / f"example-{index}.yml"
        spec.write_text(example, encoding="utf-8")
        loaded, problems = load_spec(spec, catalog)
        assert loaded is not None, [p.format() for p in problems]


def test_public_packets_leave_internal_cases_out(project: Path, cli: Cli) -> None:
    beta = project / "docs" / "cases" / "demo" / "beta.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace("themes: [党建+为民]", "themes: [党建+为民]\nvisibility: internal"),
        encoding="utf-8",
    )
    spec = project / "packets" / "three.yml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            "campaign: case-selection", "campaign: case-selection\naudience: public"
        ),
        encoding="utf-8",
    )
    code, out = cli("--root", str(project), "packet", "check", "three")
    assert code == 1 and "packets/three.yml:13: 案例“demo/beta”标为内部资料，不能编入公开材料包" in out
    spec.write_text(spec.read_text(encoding="utf-8").replace("  - demo/beta\n", ""), encoding="utf-8")
    assert cli("--root", str(project), "packet", "build", "three")[0] == 0
    text = squash("".join(pdf_pages(project / "build" / "packets" / "three" / "packet.pdf")))
    assert "乙案例" not in text and "内部资料" not in text and "评审专用" in text
