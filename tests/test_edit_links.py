"""“编辑此页”: every page names its source file and line and its maintainer, and links to the file
in the court's git web UI when extra.showcase.edit says where that is (issue 15, item 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, Built, make_site_project, run_build

REPOSITORY = "https://git.court.example/party/showcase"
EDIT = f"""
    edit:
      repo_url: {REPOSITORY}
      liaison: 机关党委办公室
      courts:
        other: {{repo_url: https://git.other.example/x}}
"""
FOOTER = re.compile(r'<p class="sc-edit" data-search-exclude>(.*?)</p>', re.S)


def _project(root: Path, settings: str = EDIT) -> Path:
    make_site_project(root, "minimal")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    anchor = "  showcase:\n    brands_dir: brands\n"
    assert anchor in config
    (root / "mkdocs.yml").write_text(config.replace(anchor, anchor + settings.lstrip("\n")), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    result = run_build(_project(tmp_path_factory.mktemp("edit") / "project"), "--strict")
    assert result.returncode == 0, result.output
    return result


def footer(site: Path, page: str) -> str:
    """The page's edit line as HTML, without the path's break points (<wbr>)."""
    found = FOOTER.findall((site / page).read_text(encoding="utf-8"))
    assert len(found) == 1, f"{page}: {found}"
    return found[0].replace("<wbr>", "")


def said(html: str) -> str:
    """What a reader sees of it."""
    return re.sub(r"<[^>]+>", "", html)


def test_an_entry_page_links_to_its_file_and_line(built: Built) -> None:
    text = footer(built.site, "brands/demo-brand/index.html")
    assert "本页资料：brands/courts/demo/brands/demo-brand.yml 第 2 行 · 维护：党支部组织委员 · 编辑此页" == said(text)
    assert "维护：党支部组织委员" in text  # the brand's liaison
    assert f'href="{REPOSITORY}/-/edit/main/brands/courts/demo/brands/demo-brand.yml#L2"' in text and "编辑此页" in text
    html = (built.site / "brands/demo-brand/index.html").read_text(encoding="utf-8")
    assert (
        f'href="{REPOSITORY}/-/edit/main/brands/courts/demo/brands/demo-brand.yml#L2" title="编辑此页"' in html
    )  # Material's button


def test_an_item_links_to_its_own_line_in_its_brand_file(built: Built) -> None:
    line = next(
        n
        for n, row in enumerate(
            (FIXTURES / "minimal/brands/courts/demo/brands/demo-brand.yml").read_text(encoding="utf-8").splitlines(), 1
        )
        if "- id: demo-project" in row
    )
    text = footer(built.site, "projects/demo-project/index.html")
    assert f"demo-brand.yml#L{line}" in text and f"第 {line} 行" in text


def test_pages_without_a_liaison_name_the_site_maintainer_and_summaries_link_to_the_folder(built: Built) -> None:
    court = footer(built.site, "courts/demo/index.html")
    assert "brands/courts/demo/court.yml" in court and "维护：机关党委办公室" in court
    home = footer(built.site, "index.html")
    assert "本页由 brands/ 下的资料汇总生成" in said(home) and f'href="{REPOSITORY}/-/tree/main/brands"' in home
    case = footer(built.site, "cases/demo/demo-case/index.html")
    assert "docs/cases/demo/demo-case.md" in case and "维护：党支部组织委员" in case
    guide = footer(built.site, "guide/index.html")
    assert "docs/guide/index.md" in guide


def test_every_page_has_one_and_the_search_index_has_none(built: Built) -> None:
    pages = [p for p in built.site.rglob("index.html") if "tracking" not in p.parts]
    assert len(pages) > 15
    for page in pages:
        footer(built.site, page.relative_to(built.site).as_posix())
    for index in built.site.joinpath("search").rglob("*.json"):
        text = index.read_text(encoding="utf-8")
        assert "本页资料" not in text and "维护：" not in text, (
            index
        )  # (the guide's own section on 编辑此页 is indexed)
    assert any(
        "示例枫桥" in index.read_text(encoding="utf-8") for index in built.site.joinpath("search").rglob("*.json")
    )  # the pages are indexed


def test_without_a_repository_the_line_names_source_and_maintainer_only(tmp_path: Path) -> None:
    result = run_build(_project(tmp_path / "project", settings=""), "--strict")
    assert result.returncode == 0, result.output
    text = footer(result.site, "brands/demo-brand/index.html")
    assert (
        said(text) == "本页资料：brands/courts/demo/brands/demo-brand.yml 第 2 行 · 维护：党支部组织委员"
        and "href" not in text
    )
    assert 'title="编辑此页"' not in (result.site / "brands/demo-brand/index.html").read_text(encoding="utf-8")


def test_a_public_build_leaves_it_out(tmp_path: Path) -> None:
    result = run_build(_project(tmp_path / "project"), "--strict", env={"SHOWCASE_AUDIENCE": "public"})
    assert result.returncode == 0, result.output
    for page in result.site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert (
            "sc-edit" not in text and 'href="https://git.court.example' not in text and 'title="编辑此页"' not in text
        ), page
