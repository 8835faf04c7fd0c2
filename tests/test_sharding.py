"""The site built in shards and merged is the site one build makes (issue 16).

Plans are deterministic and balanced; the merged sample and a small corpus equal the single
build file for file and byte for byte (page HTML, links, search data — also compared as data);
a shard built in a separate working folder merges the same; a failing shard fails the build and
leaves the destination untouched; an incremental rebuild after an edit equals a full rebuild.
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Built, copy_sample, make_site_project, run_build

from bench import corpus
from showcase.audience import load_for_audience
from showcase.core.loader import Layout
from showcase.search import shards as search_shards
from showcase.sharding import (
    LOOSE_WEIGHT,
    RECORD_DIR,
    Plan,
    ShardError,
    court_order,
    court_pages,
    parse_spec,
    plan_shards,
)
from showcase.sharding.inputs import InputKeys
from showcase.sharding.merge import MERGED, MergeError, merge_shards
from showcase.site import SiteOptions, build_site

SCRIPT = REPO / "scripts" / "showcase.py"
pytestmark = pytest.mark.needs_hook


def showcase(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def files_of(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def differences(single: Path, merged: Path) -> list[str]:
    """Every file that is not the same in both, besides the merge's own record."""
    a, b = files_of(single) - {MERGED}, files_of(merged) - {MERGED}
    found = [f"only in the single build: {p}" for p in sorted(a - b)] + [
        f"only in the merged site: {p}" for p in sorted(b - a)
    ]
    found += [f"differs: {p}" for p in sorted(a & b) if not filecmp.cmp(single / p, merged / p, shallow=False)]
    return found


def assert_same_search(single: Path, merged: Path) -> None:
    """The search data as data: the same documents per page, the same postings for every term."""
    one, other = search_shards.read_split(single / "search"), search_shards.read_split(merged / "search")
    assert one.pages == other.pages
    assert one.manifest == other.manifest
    assert one.shards == other.shards


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three synthetic courts (184 pages): cases above the navigation's leaf limit, tags, media."""
    root = tmp_path_factory.mktemp("corpus") / "c3"
    corpus.generate(3, root, REPO)
    return root


@pytest.fixture(scope="module")
def corpus_single(tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("single") / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(tiny_corpus / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# --------------------------------------------------------------------------- plans


def test_a_shard_is_given_as_i_of_n_and_mistakes_are_explained() -> None:
    assert (parse_spec("2/8").index, parse_spec(" 2 / 8 ").count) == (2, 8)
    for wrong, says in (("8", "I/N"), ("0/4", "超出范围"), ("5/4", "超出范围"), ("1/0", "分片总数"), ("x/y", "I/N")):
        with pytest.raises(ShardError, match=says):
            parse_spec(wrong)


def weighted_share(pages: list[str], count: int) -> float:
    """A shard's share of the work: the first shard's overviews weigh more than their count."""
    return len(pages) * (1 + (LOOSE_WEIGHT if count > 1 else 0)) / count


def weighted_loads(plan: Plan, pages: list[str]) -> list[float]:
    loads = [float(load) for load in plan.loads()]
    if plan.count > 1:
        loads[0] += LOOSE_WEIGHT * len(pages)
    return loads


def test_plans_are_deterministic_balanced_and_keep_courts_whole(tiny_corpus: Path) -> None:
    catalog, _ = load_for_audience(Layout(tiny_corpus), "internal")
    pages = [p.src_uri for p in build_site(catalog, SiteOptions(only=lambda _src: False)).pages] + sorted(
        c.src_uri for c in catalog.cases.values()
    )
    court_of, order = court_pages(catalog), court_order(catalog)
    for count in (1, 2, 3, 5):
        plan = plan_shards(pages, court_of, order, count)
        again = plan_shards(list(pages), dict(court_of), list(order), count)
        assert plan == again and plan.digest.startswith(f"{count}-")
        assert set(plan.shard_of) == set(pages) and set(plan.shard_of.values()) <= set(range(1, count + 1))
        for court in order:  # a court's pages in one shard
            assert len({plan.shard_of[src] for src, c in court_of.items() if c == court and src in plan.shard_of}) == 1
        court_size = max(sum(1 for c in court_of.values() if c == court) for court in order)
        assert all(
            abs(load - weighted_share(pages, count)) <= court_size for load in weighted_loads(plan, pages)
        ) or count > len(order), plan.loads()
    assert plan_shards(pages, court_of, order, 2).digest != plan_shards(pages[1:], court_of, order, 2).digest


def test_a_national_plan_is_balanced_to_within_a_court() -> None:
    """1,000 courts of 40–70 pages in 12 regions and 30 pages of no court, in 20 shards."""
    court_of: dict[str, str] = {}
    pages: list[str] = [f"overview-{i}.md" for i in range(30)]
    for n in range(1000):
        for p in range(40 + n * 7 % 31):
            pages.append(f"court-{n}/{p}.md")
            court_of[pages[-1]] = f"court-{n}"
    order = sorted({c for c in court_of.values()}, key=lambda c: (int(c.split("-")[1]) % 12, c))
    plan = plan_shards(pages, court_of, order, 20)
    loads = plan.loads()
    # The overviews of a national site weigh more than a twentieth of it: their shard gets no court,
    # the others share the courts, each off their mean by less than one court.
    assert loads[0] == 30 and LOOSE_WEIGHT * len(pages) > weighted_share(pages, 20)
    mean = sum(loads[1:]) / 19
    assert all(abs(load - mean) <= 70 for load in loads[1:]), loads
    regions_per_shard = [
        len({int(court_of[s].split("-")[1]) % 12 for s in plan.pages_of(i) if s in court_of}) for i in range(1, 21)
    ]
    assert max(regions_per_shard) <= 3  # neighbours together: a shard spans one region or two


# --------------------------------------------------------------------------- the merged site is the single build


def test_the_merged_sample_equals_the_single_build(sample_site: Built, tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "project")
    result = showcase(root, "build", "--jobs", "2", "--shards", "3", "--out", str(tmp_path / "merged"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "网站已生成" in result.stdout
    merged = tmp_path / "merged"
    # The generator tag names the engine; both are ProperDocs. Nothing else may differ.
    assert differences(sample_site.site, merged) == []
    assert_same_search(sample_site.site, merged)
    record = json.loads((merged / MERGED).read_text(encoding="utf-8"))
    assert record["shards"] == 3 and record["audience"] == "internal"


@pytest.fixture(scope="module")
def corpus_shards(tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three shards of the corpus as a CI matrix builds them: shard 2 on another 'machine' (a
    copy of the inputs in another folder). Returns the folder holding shards/1 … shards/3."""
    base = tmp_path_factory.mktemp("matrix")
    here, there = base / "here", base / "elsewhere" / "checkout"
    shutil.copytree(tiny_corpus, here)
    shutil.copytree(tiny_corpus, there)
    for index, root in ((1, here), (2, there), (3, here)):
        result = showcase(root, "build", "--shard", f"{index}/3", "--out", str(base / "shards" / str(index)))
        assert result.returncode == 0, result.stdout + result.stderr
    return base


def test_a_shard_built_in_a_separate_working_folder_merges_the_same(
    corpus_shards: Path, corpus_single: Path, tmp_path: Path
) -> None:
    shards = corpus_shards / "shards"
    result = showcase(
        corpus_shards / "here", "merge", *(str(shards / str(i)) for i in (3, 1, 2)), "--out", str(tmp_path / "site")
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert differences(corpus_single, tmp_path / "site") == []


def test_the_ci_matrix_script_runs_each_shard_in_its_own_copy(
    tiny_corpus: Path, corpus_single: Path, tmp_path: Path
) -> None:
    result = subprocess.run(
        ["bash", str(REPO / "ci" / "run-matrix-locally.sh"), str(tiny_corpus), "2", str(tmp_path / "matrix")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHON": sys.executable},
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "matrix" / "1" / "project" / "mkdocs.yml").is_file()
    assert differences(corpus_single, tmp_path / "matrix" / "site") == []


# --------------------------------------------------------------------------- failures


def test_a_failing_shard_fails_the_build_and_leaves_the_destination_untouched(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    project = tmp_path / "c3"
    shutil.copytree(tiny_corpus, project)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the site being served\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # A broken link in one case write-up: only the shard rendering it sees it (strict mode).
    case = next((project / "docs" / "cases").rglob("*.md"))
    case.write_text(case.read_text(encoding="utf-8") + "\n[坏链接](../nowhere/missing.md)\n", encoding="utf-8")
    result = showcase(project, "build", "--jobs", "2", "--shards", "3", "--out", str(out))
    assert result.returncode == 1
    assert "构建失败" in result.stdout and "输出目录未改动" in result.stdout and "missing.md" in result.stdout
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging folder left


def test_merge_refuses_shards_that_do_not_belong_together(
    tiny_corpus: Path, corpus_shards: Path, tmp_path: Path
) -> None:
    s1, s2, s3 = (corpus_shards / "shards" / str(i) for i in (1, 2, 3))
    result = showcase(tiny_corpus, "build", "--shard", "1/2", "--out", str(tmp_path / "other"))
    assert result.returncode == 0
    out = tmp_path / "site"
    with pytest.raises(MergeError, match="缺少分片 3/3"):
        merge_shards([s1, s2], out)
    with pytest.raises(MergeError, match="不止一次"):
        merge_shards([s1, s1, s2, s3], out)
    with pytest.raises(MergeError, match="另一次分片构建"):
        merge_shards([s1, tmp_path / "other"], out)
    (tmp_path / "half").mkdir()
    with pytest.raises(MergeError, match="不是完整的分片输出"):
        merge_shards([s1, tmp_path / "half"], out)
    assert not out.exists()
    result = showcase(tiny_corpus, "merge", str(s1), "--out", str(out))
    assert (
        result.returncode == 1
        and "合并失败，输出目录未改动" in result.stdout
        and "Traceback" not in result.stdout + result.stderr
    )


def test_a_mistyped_shard_stops_the_build_in_chinese(tiny_corpus: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "-f",
            str(tiny_corpus / "mkdocs.yml"),
            "-d",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SHOWCASE_SHARD": "3/2"},
        timeout=300,
    )
    assert (
        result.returncode == 1
        and "SHOWCASE_SHARD" in result.stderr
        and "超出范围" in result.stderr
        and "Traceback" not in result.stderr
    )
    assert not (tmp_path / "site").exists()


# --------------------------------------------------------------------------- incremental


def edit_one_brand(project: Path) -> str:
    brand = project / "brands" / "courts" / "court-001" / "brands" / "court-001-brand-02.yml"
    marker = "增量构建改动标记"
    text = brand.read_text(encoding="utf-8")
    concept = next(line for line in text.splitlines() if line.startswith("concept:"))
    brand.write_text(text.replace(concept, concept + marker, 1), encoding="utf-8")
    return marker


def shard_lines(output: str) -> Iterator[str]:
    return (line for line in output.splitlines() if line.strip().startswith("分片 "))


def test_a_small_corpus_merged_equals_the_single_build_also_after_an_edit(
    tiny_corpus: Path, corpus_single: Path, tmp_path: Path
) -> None:
    """The corpus in three shards equals one build of it; after an edit to one brand the
    incremental rebuild (only the changed shards) equals a full rebuild."""
    project = tmp_path / "c3"
    shutil.copytree(tiny_corpus, project)
    first = showcase(project, "build", "--jobs", "2", "--shards", "3", "--out", str(tmp_path / "site"))
    assert first.returncode == 0, first.stdout + first.stderr
    assert differences(corpus_single, tmp_path / "site") == []
    assert_same_search(corpus_single, tmp_path / "site")
    marker = edit_one_brand(project)
    again = showcase(project, "build", "--jobs", "2", "--shards", "3", "--out", str(tmp_path / "site"))
    assert again.returncode == 0, again.stdout + again.stderr
    rendered = sum(int(line.split("生成 ")[1].split(" 页")[0]) for line in shard_lines(again.stdout))
    assert 0 < rendered < 20, again.stdout  # the brand's pages and the overviews that show it, no more
    # Only the brand's shard and the shard of the site-wide pages ran again (one shard may hold
    # both); the others were not started.
    records = project / ".showcase-build"
    holder = next(
        i
        for i in (1, 2, 3)
        if "court-001-brand-02" in (records / f"shard-0{i}" / RECORD_DIR / "pages.jsonl").read_text()
    )
    ran = sorted(int(line.strip().split("：")[0].split()[1].split("/")[0]) for line in shard_lines(again.stdout))
    assert ran == sorted({1, holder}), again.stdout
    assert f"{3 - len(ran)} 个分片的输入未变，不再构建" in again.stdout, again.stdout
    assert marker in (tmp_path / "site" / "brands" / "court-001-brand-02" / "index.html").read_text(encoding="utf-8")
    full = showcase(
        project,
        "build",
        "--jobs",
        "2",
        "--shards",
        "3",
        "--out",
        str(tmp_path / "full"),
        "--work",
        str(tmp_path / "fresh"),
    )
    assert full.returncode == 0, full.stdout + full.stderr
    assert differences(tmp_path / "full", tmp_path / "site") == []
    assert_same_search(tmp_path / "full", tmp_path / "site")


def test_pages_a_shard_did_not_generate_are_generated_when_what_all_pages_share_changed(
    tiny_corpus: Path, tmp_path: Path
) -> None:
    """A shard copies the pages of its unchanged courts without generating them, but only while
    what every page shares is as before: here its last build is marked as made from other shared
    inputs, so those pages are generated after all, and the site still equals a full build."""
    project = tmp_path / "c3"
    shutil.copytree(tiny_corpus, project)
    site, build = tmp_path / "site", ("build", "--jobs", "2", "--shards", "2")
    first = showcase(project, *build, "--out", str(site))
    assert first.returncode == 0, first.stdout + first.stderr
    edit_one_brand(project)
    records = project / ".showcase-build"
    holder = next(
        folder
        for folder in sorted(records.glob("shard-0?"))
        if "court-001-brand-02" in (folder / RECORD_DIR / "pages.jsonl").read_text()
    )
    shared_courts = [
        src
        for src in (holder / RECORD_DIR / "pages.jsonl").read_text().split('"src":"')[1:]
        if "court-001" not in src.split('"')[0]
    ]
    assert shared_courts  # the shard holds pages of other courts too
    record = json.loads((holder / RECORD_DIR / "shard.json").read_text(encoding="utf-8"))
    record["site"] = "0" * 64  # as if built by another engine or from another navigation
    (holder / RECORD_DIR / "shard.json").write_text(json.dumps(record), encoding="utf-8")
    again = showcase(project, *build, "--out", str(site))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "全站共用的输入变了，重新生成" in (records / f"{holder.name}.log").read_text(encoding="utf-8")
    full = showcase(project, *build, "--out", str(tmp_path / "full"), "--work", str(tmp_path / "fresh"))
    assert full.returncode == 0, full.stdout + full.stderr
    assert differences(tmp_path / "full", site) == []


def test_the_tags_listing_reads_again_only_the_pages_of_changed_courts(tiny_corpus: Path, tmp_path: Path) -> None:
    """The shard with the tags listing keeps every page's title and tags from its last build and
    reads again only those of courts whose files changed: a brand that drops a theme is listed
    under it no more, and the site equals a full build; when what every page shares changed, the
    kept ones are read again too."""
    project = tmp_path / "c3"
    shutil.copytree(tiny_corpus, project)
    site, build = tmp_path / "site", ("build", "--jobs", "2", "--shards", "3")
    first = showcase(project, *build, "--out", str(site))
    assert first.returncode == 0, first.stdout + first.stderr
    listed = (site / "themes" / "index.html").read_text(encoding="utf-8")
    brand = project / "brands" / "courts" / "court-001" / "brands" / "court-001-brand-02.yml"
    text = brand.read_text(encoding="utf-8")
    assert "themes:\n- 党建+廉政\n" in text
    brand.write_text(text.replace("themes:\n- 党建+廉政\n", "themes:\n", 1), encoding="utf-8")
    again = showcase(project, *build, "--out", str(site))
    assert again.returncode == 0, again.stdout + again.stderr
    records = project / ".showcase-build"
    listing = next(
        folder
        for folder in sorted(records.glob("shard-0?"))
        if '"src":"themes/index.md"' in (folder / RECORD_DIR / "pages.jsonl").read_text()
    )
    log = (records / f"{listing.name}.log").read_text(encoding="utf-8")
    kept = int(re.search(r"标签页沿用上次读到的 (\d+) 个页面的标题和标签", log).group(1))  # type: ignore[union-attr]
    court_001 = sum(1 for page in site.rglob("*.html") if "court-001" in page.relative_to(site).as_posix())
    assert kept > court_001 > 0, log  # the other courts' pages, not read again
    full = showcase(project, *build, "--out", str(tmp_path / "full"), "--work", str(tmp_path / "fresh"))
    assert full.returncode == 0, full.stdout + full.stderr
    assert differences(tmp_path / "full", site) == []
    assert (site / "themes" / "index.html").read_text(encoding="utf-8") != listed  # the listing changed with it
    record = json.loads((listing / RECORD_DIR / "shard.json").read_text(encoding="utf-8"))
    record["site"] = "0" * 64  # as if built by another engine or from another navigation
    (listing / RECORD_DIR / "shard.json").write_text(json.dumps(record), encoding="utf-8")
    brand.write_text(text, encoding="utf-8")  # the theme back
    last = showcase(project, *build, "--out", str(site))
    assert last.returncode == 0, last.stdout + last.stderr
    assert "全站共用的输入变了，重新读取" in (records / f"{listing.name}.log").read_text(encoding="utf-8")
    assert differences(corpus_site_of(project, tmp_path / "full2", tmp_path / "fresh2"), site) == []


def corpus_site_of(project: Path, out: Path, work: Path) -> Path:
    built = showcase(project, "build", "--jobs", "2", "--shards", "3", "--out", str(out), "--work", str(work))
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def test_a_shard_depends_on_its_own_courts_and_on_what_every_page_shows(tiny_corpus: Path, tmp_path: Path) -> None:
    """The inputs key of a shard: an edit inside one court changes that court's shards only; a
    new name (navigation, breadcrumbs, search words) changes every shard; pages of no court
    always run."""
    project = tmp_path / "c3"
    shutil.copytree(tiny_corpus, project)

    def keys() -> dict[str, str | None]:
        catalog, _ = load_for_audience(Layout(project), "internal")
        found = InputKeys(project, "brands", "docs", catalog, "internal", {})
        by_court = {
            court: [src for src, c in found.court_of_page.items() if c == court]
            for court in ("court-000", "court-001", "court-002")
        }
        return {court: found.of_pages(pages) for court, pages in by_court.items()} | {
            "home": found.of_pages(["index.md", "courts/court-000.md"])
        }

    before = keys()
    assert before["home"] is None and None not in (before["court-000"], before["court-001"], before["court-002"])
    edit_one_brand(project)  # court-001's brand: its concept, shown on its own pages
    after = keys()
    assert after["court-001"] != before["court-001"]
    assert (after["court-000"], after["court-002"]) == (before["court-000"], before["court-002"])
    brand = project / "brands" / "courts" / "court-001" / "brands" / "court-001-brand-02.yml"
    text = brand.read_text(encoding="utf-8")
    name = next(line for line in text.splitlines() if line.startswith("name:"))
    brand.write_text(text.replace(name, name + "新名", 1), encoding="utf-8")
    renamed = keys()
    assert all(renamed[c] != after[c] for c in ("court-000", "court-001", "court-002"))


# --------------------------------------------------------------------------- publishing a merged site


def test_publish_takes_a_merged_site_and_refuses_anything_else(fixture_site: Built, tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project", "site")
    built = showcase(root, "build", "--jobs", "2", "--out", str(tmp_path / "merged"))
    assert built.returncode == 0, built.stdout + built.stderr
    dest = tmp_path / "www" / "showcase"
    result = showcase(root, "publish", str(dest), "--site", str(tmp_path / "merged"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (dest / "index.html").read_bytes() == (tmp_path / "merged" / "index.html").read_bytes()
    refused = showcase(root, "publish", str(dest), "--site", str(fixture_site.site))  # a plain build: no merge record
    assert refused.returncode == 1 and "不是 merge 合并出的完整网站" in refused.stdout
    wrong = showcase(root, "publish", str(dest), "--site", str(tmp_path / "merged"), "--public")
    assert wrong.returncode == 1 and "内网版" in wrong.stdout


def test_publish_can_build_in_shards(tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project", "site")
    dest = tmp_path / "www" / "showcase"
    result = showcase(root, "publish", str(dest), "--jobs", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (dest / "index.html").is_file() and (dest / MERGED).is_file()
    assert (
        root / ".showcase-build" / "shard-01" / ".showcase-shard" / "shard.json"
    ).is_file()  # the cache for the next publish


def test_a_shard_variable_left_in_the_shell_never_reaches_a_published_build(tmp_path: Path) -> None:
    root = make_site_project(tmp_path / "project", "site")
    dest = tmp_path / "www" / "showcase"
    result = showcase(root, "publish", str(dest), env={"SHOWCASE_SHARD": "1/4"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (dest / ".showcase-shard").exists() and (dest / "search" / "search_index.json").is_file()
    whole = run_build(make_site_project(tmp_path / "again", "site"))
    assert files_of(dest) == files_of(whole.site)
