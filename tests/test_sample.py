"""Tests of the sample: the repository's own brands/, docs/cases/ and packets/, as liaisons edit
them. Each test asserts only what holds for any valid sample — it validates, it builds strictly,
every entity has its page, every link resolves, the public build leaks nothing … — and never a
count or a value of the data, so that an edit of the sample turns CI red only when it breaks the
site. The values the behaviour tests assert are written in tests/fixtures/ (see conftest.py).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
import site_checks as check
from conftest import REPO, Built, Cli, run_build
from site_checks import Links

from showcase import search, tracking
from showcase.audience import find_leaks, load_for_audience
from showcase.core.catalog import Catalog
from showcase.core.loader import Layout
from showcase.core.svgsafe import sanitize_svg
from showcase.tracking import Thresholds

SCHEMA_FILES = {
    "campaign": "brands/campaigns/*.yml",
    "court": "brands/courts/*/court.yml",
    "brand": "brands/courts/*/brands/*.yml",
    "person": "brands/courts/*/people/*.yml",
    "metrics": "brands/metrics.yml",
}


@pytest.fixture(scope="module")
def catalog(sample_site: Built) -> Catalog:
    loaded, problems = load_for_audience(Layout(sample_site.root), "internal")
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]
    return loaded


@pytest.fixture(scope="module")
def parsed(sample_site: Built) -> dict[Path, Links]:
    return check.parse_site(sample_site.site)


# ---------------------------------------------------------------------------- the data


def test_the_sample_validates(cli: Cli) -> None:
    code, out = cli.validate(REPO)
    assert code == 0, out
    assert "校验通过" in out


def test_the_sample_passes_a_public_validation(cli: Cli) -> None:
    code, out = cli.validate(REPO, "--public")
    assert code == 0, out
    assert "privacy" not in out and "疑似" not in out


@pytest.mark.parametrize("kind", list(SCHEMA_FILES))
def test_the_sample_files_pass_the_independent_json_schema_validator(kind: str) -> None:
    files = sorted(str(p) for p in REPO.glob(SCHEMA_FILES[kind]))
    if not files:
        return  # a sample without, say, people has nothing to check here
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--schemafile", str(REPO / "schema" / f"{kind}.schema.json"), *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_packet_spec_of_the_sample_passes_its_check(cli: Cli) -> None:
    for spec in sorted((REPO / "packets").glob("*.yml")):
        code, out = cli("--root", REPO, "packet", "check", spec)
        assert code == 0, out


def test_the_sample_media_survive_the_svg_sanitizer() -> None:
    from xml.etree import ElementTree as ET

    def shape(data: bytes) -> list[tuple[str, dict[str, str], str]]:
        return [(e.tag, dict(e.attrib), (e.text or "").strip()) for e in ET.fromstring(data).iter()]

    for drawing in sorted((REPO / "brands" / "media").rglob("*.svg")):
        assert shape(sanitize_svg(drawing.read_bytes())) == shape(drawing.read_bytes()), drawing


def test_every_name_in_the_sample_is_a_search_word(catalog: Catalog) -> None:
    assert check.names_missing_from(search.dictionary(catalog), catalog) == []


def test_every_sample_brand_and_court_has_a_tracking_row(catalog: Catalog) -> None:
    brands, courts = tracking.findings(catalog, None, Thresholds(), dt.date.today())
    assert sorted(r.brand_id for r in brands) == sorted(catalog.brands)
    assert sorted(r.court_id for r in courts) == sorted(catalog.courts)
    assert len([line for line in tracking.to_csv(brands).split("\r\n") if line]) == len(catalog.brands) + 1


# ---------------------------------------------------------------------------- the built site


def test_the_sample_builds_strictly_without_warnings(sample_site: Built) -> None:
    assert sample_site.returncode == 0
    assert not re.search(r"^(WARNING|ERROR) +-", sample_site.output, re.MULTILINE), sample_site.output
    print(f"\nsample: {sum(1 for _ in check.html_files(sample_site.site))} HTML pages in {sample_site.seconds:.1f} s")


def test_every_sample_entity_has_a_page(sample_site: Built, catalog: Catalog) -> None:
    assert check.missing_pages(sample_site.site, catalog) == []


def test_every_internal_link_of_the_sample_resolves(sample_site: Built, parsed: dict[Path, Links]) -> None:
    broken = check.broken_links(sample_site.site, parsed)
    assert not broken, "\n".join(broken[:30])


def test_the_sample_site_loads_nothing_from_outside_and_images_lazily(parsed: dict[Path, Links]) -> None:
    assert check.external_resources(parsed) == []
    assert check.eager_images(parsed) == []


def test_the_sample_logos_are_copied(sample_site: Built, catalog: Catalog) -> None:
    assert check.missing_logos(sample_site.site, catalog) == []


def test_the_sample_charts_carry_every_figure(sample_site: Built, catalog: Catalog) -> None:
    assert check.figures_missing_from_charts(sample_site.site, catalog) == []


def test_the_sample_flags_exactly_its_out_of_range_values(
    sample_site: Built, catalog: Catalog, parsed: dict[Path, Links]
) -> None:
    assert check.wrong_out_of_range_flags(sample_site.site, catalog, parsed) == []


def test_the_sample_marks_exactly_its_derived_figures(sample_site: Built, catalog: Catalog) -> None:
    assert check.wrong_derived_marks(sample_site.site, catalog) == []


def test_every_sample_brand_project_case_and_person_within_three_clicks(
    sample_site: Built, catalog: Catalog, parsed: dict[Path, Links]
) -> None:
    assert check.pages_beyond_three_clicks(sample_site.site, catalog, parsed) == []


def test_the_sample_site_has_no_orphan_page(sample_site: Built, parsed: dict[Path, Links]) -> None:
    assert check.orphan_pages(sample_site.site, parsed) == []


def test_every_sample_case_page_has_its_card_and_links(sample_site: Built, catalog: Catalog) -> None:
    assert check.case_page_problems(sample_site.site, catalog) == []


def test_every_sample_page_is_valid_html(sample_site: Built) -> None:
    errors = check.html_errors(sample_site.site)
    assert errors == [], "\n".join(errors[:40])


@pytest.mark.needs_hook
def test_the_public_sample_site_shows_every_public_entity_and_leaks_nothing(
    sample_site: Built, catalog: Catalog, tmp_path: Path
) -> None:
    """The public build of the sample: only pages the internal build has, a page for everything
    the public catalog keeps, and no trace of what the sample marks internal."""
    built = run_build(sample_site.root, "--strict", env={"SHOWCASE_AUDIENCE": "public"}, site=tmp_path / "public")
    assert built.returncode == 0, built.output
    public_pages = {p.relative_to(built.site) for p in check.html_files(built.site)}
    assert public_pages <= {p.relative_to(sample_site.site) for p in check.html_files(sample_site.site)}
    assert check.missing_pages(built.site, catalog.public_only()) == []
    assert not (built.site / "tracking").exists()  # the dashboard is internal
    assert find_leaks(built.site, catalog) == []
