"""Every mistake publicity staff make gets a Chinese message naming file and line, plus a hint.

Each case starts from a small valid project (tests/fixtures/minimal), breaks one file the way a
person would, runs `showcase.py validate`, and checks the exit code, file, line and message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Cli, line_of, replace

BRAND = "brands/courts/demo/brands/demo-brand.yml"
COURT = "brands/courts/demo/court.yml"
PERSON = "brands/courts/demo/people/demo-person.yml"
CASE = "docs/cases/demo/demo-case.md"
METRICS = "brands/metrics.yml"


def test_minimal_fixture_is_valid(project: Path, cli: Cli) -> None:
    code, out = cli.validate(project)
    assert code == 0, out
    assert "校验通过" in out


# Each entry: (what breaks, file, how to break it, text on the expected line, words in the message)
Breakage = tuple[str, str, Callable[[Path], None], str, list[str]]

BREAKAGES: list[Breakage] = [
    (
        "yaml-syntax",
        BRAND,
        lambda r: replace(r, BRAND, "branch: 人民法庭党支部", "branch: 人民法庭: 党支部"),
        "branch:",
        ["YAML 语法错误", "引号"],
    ),
    ("fullwidth-colon", BRAND, lambda r: replace(r, BRAND, "stage: 示范", "stage：示范"), "stage", ["全角冒号", "fix"]),
    (
        "tab-indent",
        BRAND,
        lambda r: replace(r, BRAND, "    unit: 示例法庭", "\tunit: 示例法庭"),
        "unit:",
        ["制表符", "空格"],
    ),
    (
        "duplicate-key",
        BRAND,
        lambda r: replace(r, BRAND, "stage: 示范", "stage: 示范\nstage: 成熟"),
        "stage: 成熟",
        ["重复", "第"],
    ),
    ("unknown-key", BRAND, lambda r: replace(r, BRAND, "branch:", "brnach:"), "brnach", ["未知字段“brnach”", "branch"]),
    (
        "unknown-nested-key",
        BRAND,
        lambda r: replace(r, BRAND, "    summary: 测试用项目。", "    sumary: 测试用项目。"),
        "sumary",
        ["未知字段“sumary”", "summary"],
    ),
    (
        "missing-field",
        PERSON,
        lambda r: replace(r, PERSON, "story: 测试用事迹。\n", ""),
        "id: demo-person",
        ["缺少必填字段“story”", "事迹"],
    ),
    (
        "wrong-type",
        COURT,
        lambda r: replace(r, COURT, "cases_accepted: 13756", "cases_accepted: 一万三"),
        "cases_accepted",
        ["应为数字", "一万三"],
    ),
    (
        "wrong-choice",
        BRAND,
        lambda r: replace(r, BRAND, "stage: 示范", "stage: 优秀"),
        "stage",
        ["取值“优秀”无效", "培育"],
    ),
    (
        "date-chinese",
        BRAND,
        lambda r: replace(r, BRAND, "founded: 2023-03-01", "founded: 2023年3月"),
        "founded",
        ["2023年3月", "写成 2023-03"],
    ),
    (
        "date-dotted",
        BRAND,
        lambda r: replace(r, BRAND, "date: 2023-12-27", "date: 2023.3"),
        "date:",
        ["2023.3", "写成 2023-03"],
    ),
    (
        "percent-as-text",
        COURT,
        lambda r: replace(r, COURT, "closure_rate: 87.26", "closure_rate: 87.26%"),
        "closure_rate",
        ["百分比", "87.26"],
    ),
    ("bad-id", BRAND, lambda r: replace(r, BRAND, "id: demo-brand", "id: 示例品牌"), "id:", ["小写英文字母"]),
    (
        "unknown-court",
        BRAND,
        lambda r: replace(r, BRAND, "court: demo", "court: demo2"),
        "court:",
        ["不存在的法院“demo2”", "demo"],
    ),
    (
        "unknown-brand",
        PERSON,
        lambda r: replace(r, PERSON, "brand: demo-brand", "brand: demo-brnd"),
        "brand:",
        ["不存在的品牌“demo-brnd”", "demo-brand"],
    ),
    (
        "unknown-person",
        BRAND,
        lambda r: replace(
            r,
            BRAND,
            "updates:",
            "honors:\n  - {year: 2023, title: 办案标兵, level: 国家, kind: 个人, person: nobody}\nupdates:",
        ),
        "nobody",
        ["不存在的人物“nobody”"],
    ),
    (
        "unknown-campaign",
        COURT,
        lambda r: replace(r, COURT, "campaigns: [demo-campaign]", "campaigns: [demo-campain]"),
        "campaigns",
        ["不存在的品牌创建活动", "demo-campaign"],
    ),
    (
        "unknown-metric",
        COURT,
        lambda r: replace(r, COURT, "cases_closed: 12004", "cases_closd: 12004"),
        "cases_closd",
        ["不存在的指标“cases_closd”", "cases_closed"],
    ),
    (
        "unknown-project",
        BRAND,
        lambda r: replace(r, BRAND, "project: demo-project", "project: demo-projet"),
        "project: demo-projet",
        ["不存在的项目"],
    ),
    (
        "media-missing",
        COURT,
        lambda r: replace(r, COURT, "brands/media/logo.svg", "brands/media/logo2.svg"),
        "logo2.svg",
        ["找不到文件"],
    ),
    (
        "media-outside",
        COURT,
        lambda r: replace(r, COURT, "brands/media/logo.svg", "../../etc/passwd"),
        "passwd",
        ["不在 brands/media/ 下"],
    ),
    (
        "derived-mismatch",
        COURT,
        lambda r: replace(r, COURT, "closure_rate: 87.26", "closure_rate: 88.5"),
        "closure_rate",
        ["结案率", "87.26", "88.5"],
    ),
    (
        "alias",
        BRAND,
        lambda r: replace(r, BRAND, "concept: 测试用品牌内涵。", "concept: &c 测试用品牌内涵。\nbranch2: *c"),
        "&c",
        ["锚点", "别名"],
    ),
    (
        "duplicate-id",
        BRAND,
        lambda r: (
            (r / BRAND).with_name("copy.yml").write_text((r / BRAND).read_text(encoding="utf-8"), encoding="utf-8")
        ),
        "id: demo-brand",
        ["标识“demo-brand”重复"],
    ),
    (
        "case-front-matter",
        CASE,
        lambda r: replace(r, CASE, "level: 市", "level: 省"),
        "level:",
        ["取值“省”无效", "全国"],
    ),
    (
        "case-relation",
        CASE,
        lambda r: replace(r, CASE, "brand: demo-brand", "brand: nobrand"),
        "brand:",
        ["不存在的品牌“nobrand”"],
    ),
]


@pytest.mark.parametrize("name, relative, breaker, line_text, words", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_each_mistake_is_reported_at_its_line(
    project: Path, cli: Cli, name: str, relative: str, breaker: Callable[[Path], None], line_text: str, words: list[str]
) -> None:
    breaker(project)
    code, out = cli.validate(project)
    assert code == 1, out
    targets = [relative] if name != "duplicate-id" else [relative, relative.replace("demo-brand.yml", "copy.yml")]
    matching = [
        row
        for target in targets
        for row in out.splitlines()
        if row.startswith(f"{target}:{line_of(project, target, line_text)}: ")
    ]
    assert matching, f"no message at the line with {line_text!r} in:\n{out}"
    assert any(all(word in row for word in words) for row in matching), out
    assert all(" — " in row for row in matching), "every message carries a fix hint"
    assert "Traceback" not in out


def test_bom_is_reported_on_line_one(project: Path, cli: Cli) -> None:
    path = project / BRAND
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out = cli.validate(project)
    assert code == 1
    assert f"{BRAND}:1: 文件开头带有 UTF-8 BOM 标记" in out


def test_gbk_file_is_named_as_probably_gbk(project: Path, cli: Cli) -> None:
    path = project / BRAND
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("gbk"))
    first_chinese = next(i for i, line in enumerate(text.splitlines(), 1) if re.search(r"[\u4e00-\u9fff]", line))
    code, out = cli.validate(project)
    assert code == 1
    assert f"{BRAND}:{first_chinese}: 文件不是 UTF-8 编码，可能是 GBK 编码" in out
    # The rest of the file is still read: no spurious schema errors for a file that is otherwise right.
    assert out.count(BRAND) == 1, out


def test_all_problems_are_listed_at_once(project: Path, cli: Cli) -> None:
    replace(project, BRAND, "stage: 示范", "stage：示范")
    replace(project, BRAND, "founded: 2023-03-01", "founded: 2023年3月")
    replace(project, COURT, "closure_rate: 87.26", "closure_rate: 87.26%")
    replace(project, PERSON, "brand: demo-brand", "brand: nowhere")
    code, out = cli.validate(project)
    assert code == 1
    assert "全角冒号" in out and "2023年3月" in out and "百分比" in out and "nowhere" in out
    assert "共发现 4 个错误" in out


def test_file_in_unknown_place_is_not_silently_dropped(project: Path, cli: Cli) -> None:
    (project / "brands" / "courts" / "demo" / "brand.yml").write_text("id: x\n", encoding="utf-8")
    code, out = cli.validate(project)
    assert code == 1
    assert "brands/courts/demo/brand.yml: 无法识别这个文件的位置" in out


def test_error_messages_come_from_a_separate_process_without_traceback(project: Path) -> None:
    import subprocess
    import sys

    replace(project, BRAND, "stage: 示范", "stage: [")
    script = Path(__file__).parent.parent / "scripts" / "showcase.py"
    result = subprocess.run(
        [sys.executable, str(script), "--root", str(project), "validate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 1
    assert f"{BRAND}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def loaded(layout: object, parsed: object = None) -> tuple[object, list[object]]:
    """What a load gives, as data: every entity and case, and the problems."""
    from showcase.core.loader import load_catalog

    catalog, problems = load_catalog(layout, parsed)  # type: ignore[arg-type]
    entities = {
        kind: {key: value.model_dump() for key, value in getattr(catalog, kind).items()}
        for kind in ("campaigns", "courts", "brands", "people")
    }
    cases = {key: (case.meta.model_dump(), case.body) for key, case in catalog.cases.items()}
    return (entities, cases, sorted(catalog.documents)), problems


@pytest.mark.fixture_project("site")
def test_a_build_parses_again_only_the_files_whose_bytes_changed(project: Path) -> None:
    """`showcase.py build` keeps what it parsed (core/parsecache.py): the next build reads the same
    catalog and problems parsing only what changed; a cache it cannot read is parsed around."""
    from showcase.core.loader import Layout, load_catalog
    from showcase.core.parsecache import ParseCache

    layout, cache_file = Layout(project), project.parent / "work" / "parsed.pickle"
    plain = loaded(layout)
    first = ParseCache(cache_file)
    assert loaded(layout, first) == plain and first.hits == 0 and first.misses > 10
    first.save()
    second = ParseCache(cache_file)
    assert loaded(layout, second) == plain and second.misses == 0 and second.hits == first.misses
    catalog, _ = load_catalog(layout, ParseCache(cache_file))
    next(iter(catalog.documents.values())).data["name"] = "改过的名称"  # a caller's copy is its own
    assert loaded(layout, ParseCache(cache_file)) == plain
    brand = next(project.glob("brands/courts/*/brands/*.yml"))
    brand.write_text(brand.read_text(encoding="utf-8").replace("name:", "name：", 1), encoding="utf-8")
    third = ParseCache(cache_file)
    again = loaded(layout, third)
    assert third.misses == 1 and again == loaded(layout) and again != plain
    assert any(getattr(p, "code", "") == "fullwidth-colon" for p in again[1])
    cache_file.write_bytes(b"not a pickle")
    broken = ParseCache(cache_file)
    assert loaded(layout, broken) == loaded(layout) and broken.hits == 0


class _Planted:
    """What a hostile cache file would hold: unpickling it runs code (here: it writes a file)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path, str]]:
        return (Path.write_text, (self.marker, "ran"))


@pytest.mark.fixture_project("site")
def test_a_parse_cache_not_signed_by_this_user_is_never_unpickled(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `.showcase-build/parsed.pickle` committed to the project (or swapped in) could run code
    when unpickled: only a file this user's key signed is read; anything else is parsed around."""
    import pickle

    from showcase.core import parsecache
    from showcase.core.loader import Layout

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    parsecache.signing_key.cache_clear()
    layout, cache_file, marker = Layout(project), tmp_path / "work" / "parsed.pickle", tmp_path / "ran.txt"
    plain = loaded(layout)
    cache_file.parent.mkdir()
    planted = pickle.dumps((parsecache.code_version(), {"x": _Planted(marker)}))
    for forged in (planted, bytes(32) + planted, b"\0" * 40):  # unsigned, a wrong signature, garbage
        cache_file.write_bytes(forged)
        cache = parsecache.ParseCache(cache_file)
        assert loaded(layout, cache) == plain and cache.hits == 0 and not marker.exists()
    cache.save()
    assert parsecache.ParseCache(cache_file).kept  # this user's own file is read
    key = tmp_path / "cache" / "showcase" / parsecache.KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    parsecache.signing_key.cache_clear()
    assert parsecache.ParseCache(cache_file).kept == {}  # signed, but with another key
    parsecache.signing_key.cache_clear()
