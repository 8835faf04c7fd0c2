"""Audiences and the privacy lint.

tests/fixtures/privacy is a small project in which every kind of internal marking occurs once
(an internal court, campaign, brand, sub-brand of an internal brand, person, case, list items and
`internal_fields`), plus a case write-up with one finding of every personal-data kind and lines
that must pass (某-style names, allow-listed names and numbers, an honouree's name).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_fixture, line_of, make_site_project

from showcase.audience import excluded_files, excluded_src_uris, internal_texts, load_for_audience, privacy
from showcase.commands.main import main
from showcase.core.catalog import Catalog
from showcase.core.loader import Layout
from showcase.core.model import Brand, CaseMeta, Court, Person, internal_field_choices
from showcase.core.problems import Problem
from showcase.core.settings import AUDIENCE_ENV, resolve_audience
from showcase.publishing.runner import runner_command

FIXTURE = FIXTURES / "privacy"
CASE = "docs/cases/demo/demo-case.md"
COURT = "brands/courts/demo/court.yml"
pytestmark = pytest.mark.fixture_project("privacy")

# Every string the fixture marks internal, directly or through what it hangs off.
INTERNAL_STRINGS = [
    "secret-campaign", "内部品牌考评活动甲",  # internal campaign
    "院内人员调整方案",  # court description, an internal field
    "secret-lecture", "内部研讨会乙",  # internal carrier
    "内部通报表扬丙",  # internal honor
    "13912345678",  # internal update
    "赵内部书记", "联络员钱内部",  # brand secretary and liaison, internal fields
    "secret-project", "内部试点项目丁", "内部试点项目启动会",  # internal project and an update about it
    "内部动态戊",  # internal update
    "secret-photo.svg", "内部图片己",  # internal media item
    "secret-brand", "内部品牌庚", "内部党支部辛",  # internal brand
    "secret-child", "内部子品牌壬", "内部党小组癸",  # public brand under an internal one
    "secret-person", "内部人物甲乙",  # internal person
    "庭长",  # person title, an internal field
    "hidden", "内部试点法院子丑", "hidden-court-brand", "内部法院品牌寅",  # internal court and its brand
    "secret-case", "内部案例卯", "辰巳午未",  # internal case
    "secret-brand-case", "内部品牌的案例申酉", "戌亥",  # case of an internal brand
]  # fmt: skip


@pytest.fixture(scope="module")
def full() -> Catalog:
    catalog, problems = load_for_audience(Layout(FIXTURE), "internal")
    assert not [p for p in problems if p.severity == "error"], [p.format() for p in problems]
    return catalog


def catalog_text(catalog: Catalog) -> str:
    """Everything a page could show from the catalog, as one string."""
    parts = []
    for entities in (catalog.campaigns, catalog.courts, catalog.brands, catalog.people):
        parts += [json.dumps(e.model_dump(mode="json"), ensure_ascii=False) for e in entities.values()]
    parts += [
        json.dumps(c.meta.model_dump(mode="json"), ensure_ascii=False) + c.id + c.body for c in catalog.cases.values()
    ]
    parts += ["|".join(map(str, key)) for key in catalog.documents]
    return "\n".join(parts)


def privacy_problems(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.code.startswith("privacy-")]


# ---------------------------------------------------------------------------- public_only


def test_the_full_catalog_holds_every_internal_string(full: Catalog) -> None:
    text = catalog_text(full)
    missing = [s for s in INTERNAL_STRINGS if s not in text]
    assert not missing  # otherwise the next test proves nothing


def test_public_only_leaves_out_every_internal_entity_field_and_item(full: Catalog) -> None:
    public = full.public_only()
    text = catalog_text(public)
    leaked = [s for s in INTERNAL_STRINGS if s in text]
    assert not leaked, leaked
    assert set(public.campaigns) == {"demo-campaign"}
    assert set(public.courts) == {"demo"}
    assert set(public.brands) == {"demo-brand"}
    assert set(public.people) == {"demo-person", "orphan-person"}
    assert set(public.cases) == {"demo/demo-case"}


def test_public_only_keeps_public_content_and_cuts_links_to_internal_things(full: Catalog) -> None:
    public = full.public_only()
    court = public.courts["demo"]
    assert court.description is None and court.internal_fields == []
    assert court.campaigns == ["demo-campaign"]
    assert [c.id for c in court.carriers] == ["public-lecture"]
    assert [(h.title, h.person) for h in court.honors] == [
        ("示例先进集体", None)
    ]  # the honor stays, the internal person's link goes
    assert [u.title for u in court.updates] == ["诉讼服务热线 0775-3388123 开通"]
    brand = public.brands["demo-brand"]
    assert brand.secretary is None and brand.liaison == "" and brand.branch == "人民法庭党支部"
    assert [p.id for p in brand.projects] == ["demo-project"]
    assert [u.title for u in brand.updates] == ["测试动态"]
    assert [m.path for m in brand.media] == ["brands/media/public-photo.svg"]
    assert public.people["demo-person"].title is None and public.people["demo-person"].story == "测试用事迹。"
    assert public.people["orphan-person"].brand is None
    assert public.cases["demo/demo-case"].meta.selections[0].campaign is None
    # the full catalog is untouched
    assert full.brands["demo-brand"].secretary == "赵内部书记"
    assert full.courts["demo"].campaigns == ["demo-campaign", "secret-campaign"]


def test_a_public_catalog_is_unchanged_by_public_only() -> None:
    catalog, _ = load_for_audience(Layout(FIXTURES / "minimal"))
    public = catalog.public_only()
    assert catalog_text(public) == catalog_text(catalog)


def test_pages_and_files_a_public_build_must_drop(full: Catalog) -> None:
    assert excluded_src_uris(full) == {"cases/demo/secret-case.md", "cases/demo/secret-brand-case.md"}
    assert excluded_files(full) == {"brands/media/secret-photo.svg"}


def test_internal_texts_are_what_only_internal_content_says(full: Catalog) -> None:
    pieces = internal_texts(full)
    for needle in ("内部品牌考评活动甲", "赵内部书记", "secret-brand", "内部品牌的案例申酉"):
        assert any(needle in piece for piece in pieces), needle
    public_words = catalog_text(full.public_only())
    assert not [p for p in pieces if p in public_words.replace(" ", "")]


# ---------------------------------------------------------------------------- internal_fields


@pytest.mark.parametrize("model", [Court, Brand, Person, CaseMeta], ids=lambda m: m.__name__)
def test_internal_fields_never_include_what_places_a_page(model: type) -> None:
    choices = internal_field_choices(model)
    assert not {"id", "name", "court", "brand", "visibility", "internal_fields"} & set(choices)
    assert choices  # and something can be hidden
    schema = model.model_json_schema()
    assert schema["properties"]["internal_fields"]["items"]["enum"] == choices


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("[secretery]", ["internal_fields 中的“secretery”不是这类条目的字段", "是否想写“secretary”"]),
        ("[name]", ["字段“name”不能设为仅内网显示", "visibility: internal"]),
    ],
)
def test_internal_fields_are_checked_with_a_line_and_a_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, words: list[str]
) -> None:
    root = copy_fixture("minimal", tmp_path / "project")
    brand = root / "brands/courts/demo/brands/demo-brand.yml"
    brand.write_text(brand.read_text(encoding="utf-8") + f"internal_fields: {written}\n", encoding="utf-8")
    code = main(["--root", str(root), "validate"])
    out = capsys.readouterr().out
    assert code == 1
    line = len(brand.read_text(encoding="utf-8").splitlines())
    assert f"brands/courts/demo/brands/demo-brand.yml:{line}:" in out
    for word in words:
        assert word in out, out


# ---------------------------------------------------------------------------- privacy lint

FINDINGS = [
    ("privacy-email", CASE, "xiaoming@example.com"),
    ("privacy-name", CASE, "原告张三丰诉称"),
    ("privacy-name", CASE, "被告王伟向法院"),
    ("privacy-id-number", CASE, "11010519491231002X"),
    ("privacy-mobile", CASE, "139-1234-5678"),
    ("privacy-landline", CASE, "0771-5551234"),
    ("privacy-bank-card", CASE, "4111 1111 1111 1111"),
]


@pytest.mark.parametrize(("code", "relative", "needle"), FINDINGS, ids=[f"{c}:{n}" for c, _, n in FINDINGS])
def test_each_kind_of_personal_data_is_found_at_its_line(code: str, relative: str, needle: str) -> None:
    _, problems = load_for_audience(Layout(FIXTURE), "public")
    line = line_of(FIXTURE, relative, needle)
    hits = [p for p in privacy_problems(problems) if p.path == relative and p.line == line]
    assert [p.code for p in hits] == [code], [p.format() for p in privacy_problems(problems)]
    assert hits[0].severity == "error"
    assert needle not in hits[0].format()  # masked: reports end up in CI logs


def test_allowed_names_and_numbers_pass() -> None:
    _, problems = load_for_audience(Layout(FIXTURE), "public")
    found_lines = {(p.path, p.line) for p in privacy_problems(problems)}
    for needle in (
        "原告张某与被告李某某",
        "（2023）桂0881民初1234号",
        "110105194912310021",
        "原告李公开",
        "0775-3388123",
    ):
        assert (CASE, line_of(FIXTURE, CASE, needle)) not in found_lines, needle
    # the court's public hotline in YAML is allow-listed too
    assert (COURT, line_of(FIXTURE, COURT, "诉讼服务热线 0775-3388123")) not in found_lines


def test_exactly_the_expected_findings() -> None:
    _, problems = load_for_audience(Layout(FIXTURE), "public")
    errors = [p for p in privacy_problems(problems) if p.severity == "error"]
    assert len(errors) == len(FINDINGS), [p.format() for p in errors]


def test_internal_build_only_warns(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(AUDIENCE_ENV, raising=False)
    code = main(["--root", str(FIXTURE), "validate"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[警告] docs/cases/demo/demo-case.md" in out and "校验通过" in out


def test_public_validation_fails_by_flag_or_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = main(["--root", str(FIXTURE), "validate", "--public"])
    out = capsys.readouterr().out
    assert code == 1
    assert (
        f"{CASE}:{line_of(FIXTURE, CASE, '11010519491231002X')}: 疑似居民身份证号码“110105********002X”，公开版不能发布"
        in out
    )
    monkeypatch.setenv(AUDIENCE_ENV, "public")
    assert main(["--root", str(FIXTURE), "validate"]) == 1
    capsys.readouterr()


def test_findings_in_internal_content_are_warnings_inside_and_ignored_by_a_public_build() -> None:
    _, problems = load_for_audience(Layout(FIXTURE), "internal")
    internal = [(p.path, p.line, p.severity) for p in privacy_problems(problems) if "内部内容" in p.message]
    assert internal == [
        (COURT, line_of(FIXTURE, COURT, "13912345678"), "warning"),
        ("docs/cases/demo/secret-case.md", line_of(FIXTURE, "docs/cases/demo/secret-case.md", "赵六一"), "warning"),
    ]
    _, problems = load_for_audience(Layout(FIXTURE), "public")
    assert not [
        p for p in privacy_problems(problems) if p.path in (COURT, "docs/cases/demo/secret-case.md")
    ]  # left out, so nothing to block


def test_a_finding_inside_a_folded_value_gets_its_own_line(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path / "project")
    brand = root / "brands/courts/demo/brands/demo-brand.yml"
    text = brand.read_text(encoding="utf-8").replace(
        "concept: 测试用品牌内涵。", "concept: >-\n  第一行内涵，\n  第二行内涵，\n  联系 zhang@example.com 了解详情。"
    )
    brand.write_text(text, encoding="utf-8")
    _, problems = load_for_audience(Layout(root), "public")
    hits = privacy_problems(problems)
    assert [(p.path, p.line) for p in hits] == [
        (
            "brands/courts/demo/brands/demo-brand.yml",
            line_of(root, "brands/courts/demo/brands/demo-brand.yml", "zhang@example.com"),
        )
    ]


def test_honourees_are_allowed_automatically(project: Path) -> None:
    case = project / CASE
    case.write_text(
        case.read_text(encoding="utf-8").replace("原告李公开是公众人物", "原告公开人物丙丁是公众人物"), encoding="utf-8"
    )
    _, problems = load_for_audience(Layout(project), "public")
    assert not [p for p in privacy_problems(problems) if p.line == line_of(project, CASE, "公开人物丙丁")]


def test_names_not_on_the_allow_list_are_findings(project: Path) -> None:
    (project / "brands/privacy-allow.yml").write_text("names: []\nstrings: []\n", encoding="utf-8")
    _, problems = load_for_audience(Layout(project), "public")
    lines = {p.line for p in privacy_problems(problems) if p.path == CASE}
    assert line_of(project, CASE, "原告李公开") in lines
    assert line_of(project, CASE, "0775-3388123") in lines


def test_a_mistake_in_the_allow_list_is_reported_at_its_line(project: Path) -> None:
    allow = project / "brands/privacy-allow.yml"
    allow.write_text(allow.read_text(encoding="utf-8").replace("names:", "nmaes:"), encoding="utf-8")
    _, problems = load_for_audience(Layout(project))
    hits = [p for p in problems if p.path == "brands/privacy-allow.yml"]
    assert hits and hits[0].line == line_of(project, "brands/privacy-allow.yml", "nmaes") and "names" in hits[0].hint


def test_a_mistyped_audience_counts_as_public_and_is_reported() -> None:
    audience, problems = resolve_audience(None, {AUDIENCE_ENV: "pubic"})
    assert audience == "public"
    assert problems and "pubic" in problems[0].message


# ---------------------------------------------------------------------------- detectors


def test_resident_id_check_digit() -> None:
    assert privacy.valid_id_number("11010519491231002X")
    assert not privacy.valid_id_number("110105194912310021")  # wrong check digit
    assert not privacy.valid_id_number("110105194913310025")  # month 13


def test_luhn() -> None:
    assert privacy.luhn("4111111111111111")
    assert not privacy.luhn("4111111111111112")


@pytest.mark.parametrize(
    "text",
    [
        "原告张某与被告王某某达成调解协议",
        "被执行人是小微企业或包工头，约谈被执行人和组织执行和解",
        "逐案登记申请人人数、执行标的",
        "原告方认为，被告于2023年起拒不履行",
        "被告单位、被告公司均未到庭",
        "原告向法院起诉，被告辩称",
        "当事人情绪激动时耐心释法",
        "受理案件 13756 件，结案率 87.26%，2023-12-27 发布",
        "诉讼服务热线 12368",
    ],
)
def test_ordinary_court_prose_is_not_a_finding(text: str) -> None:
    assert privacy.find(text) == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("被上诉人：李小龙不服", "name", "李小龙"),
        ("申请执行人欧阳娜娜向本院申请", "name", "欧阳娜娜"),
        ("电话 +86 138 1234 5678", "mobile", "+86 138 1234 5678"),
        ("（0775）3382123", "landline", "（0775）3382123"),
        ("卡号 6222021234567890128", "bank-card", "6222021234567890128"),
        ("邮箱zhang.san@example.com，", "email", "zhang.san@example.com"),
    ],
)
def test_detectors(text: str, kind: str, value: str) -> None:
    found = privacy.find(text)
    assert [(f.kind, f.value) for f in found] == [(kind, value)]
    assert value not in privacy.mask(found[0])


# ---------------------------------------------------------------------------- what people type

TEXTS = Path(__file__).parent / "fixtures" / "privacy-text"
ORDINARY = [
    line
    for line in (TEXTS / "ordinary.txt").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]

# (text, kind, the value as written): full-width, separated, zero-width, ＠ … Each was missed before.
TYPED = [
    ("身份证 １１０１０５１９４９１２３１００２Ｘ", "id-number", "１１０１０５１９４９１２３１００２Ｘ"),
    ("身份证 110105 19491231 002X", "id-number", "110105 19491231 002X"),
    ("身份证 1101 0519 4912 3100 2X", "id-number", "1101 0519 4912 3100 2X"),
    ("身份证 110105-19491231-002X", "id-number", "110105-19491231-002X"),
    ("身份证110105\u200b19491231002X", "id-number", "110105\u200b19491231002X"),
    ("身份证：11010519491231\ufeff002X", "id-number", "11010519491231\ufeff002X"),
    ("手机 138 1234 5678", "mobile", "138 1234 5678"),
    ("手机138-1234-5678", "mobile", "138-1234-5678"),
    ("手机138.1234.5678", "mobile", "138.1234.5678"),
    ("手机１３８１２３４５６７８", "mobile", "１３８１２３４５６７８"),
    ("手机138\u200b12345678", "mobile", "138\u200b12345678"),
    ("手机1\u200c3\u200d8\u206012345678", "mobile", "1\u200c3\u200d8\u206012345678"),
    ("联系138\u00ad1234\u00ad5678", "mobile", "138\u00ad1234\u00ad5678"),
    ("电话 +86 138 1234 5678", "mobile", "+86 138 1234 5678"),
    ("电话 0086 13812345678", "mobile", "0086 13812345678"),
    ("电话 138\u30001234\u30005678", "mobile", "138\u30001234\u30005678"),
    ("电话 138－1234－5678", "mobile", "138－1234－5678"),
    ("电话 138—1234—5678", "mobile", "138—1234—5678"),
    ("电话 138·1234·5678", "mobile", "138·1234·5678"),
    ("电话 138 - 1234 - 5678", "mobile", "138 - 1234 - 5678"),
    ("电话 1381 2345 678", "mobile", "1381 2345 678"),
    ("电话 ١٣٨١٢٣٤٥٦٧٨", "mobile", "١٣٨١٢٣٤٥٦٧٨"),
    ("电话 0775-1234567", "landline", "0775-1234567"),
    ("电话 (0775) 1234567", "landline", "(0775) 1234567"),
    ("电话 0775 1234567", "landline", "0775 1234567"),
    ("电话 ０７７５－３３８２１２３", "landline", "０７７５－３３８２１２３"),
    ("电话 010-12345678", "landline", "010-12345678"),
    ("电话 07753382123", "landline", "07753382123"),
    ("电话 0775—338—2123", "landline", "0775—338—2123"),
    (
        "卡号 ４１１１\u3000１１１１\u3000１１１１\u3000１１１１",
        "bank-card",
        "４１１１\u3000１１１１\u3000１１１１\u3000１１１１",
    ),
    ("卡号 4111\u200b1111\u200b1111\u200b1111", "bank-card", "4111\u200b1111\u200b1111\u200b1111"),
    ("卡号 6222 0212 3456 7890 128", "bank-card", "6222 0212 3456 7890 128"),
    ("邮箱 zhang＠example.com", "email", "zhang＠example.com"),
    ("邮箱 zhang﹫example.com", "email", "zhang﹫example.com"),
    ("邮箱 zhang @ example.com", "email", "zhang @ example.com"),
    ("邮箱 ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "email", "ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
    ("邮箱 zhang(at)example.com", "email", "zhang(at)example.com"),
    ("邮箱 zhang@example。com", "email", "zhang@example。com"),
    ("邮箱 zhang\u200b@example.com", "email", "zhang\u200b@example.com"),
    ("邮箱 ﬁnance@example.com", "email", "ﬁnance@example.com"),
]  # fmt: skip

# (text, the name as written): a surname and one or two more characters, whatever follows.
NAMES = [
    ("原告王向阳诉称", "王向阳"),
    ("被告李为民", "李为民"),
    ("被告人王小明当庭认罪", "王小明"),
    ("被执行人欧阳明日申请恢复执行", "欧阳明日"),
    ("原告：张伟", "张伟"),
    ("被告 刘洋", "刘洋"),
    ("被告\u3000刘洋", "刘洋"),
    ("被告人司马光明", "司马光明"),
    ("被申请人孙丽娟", "孙丽娟"),
    ("被告人孟凡强", "孟凡强"),
    ("被害人邹小燕", "邹小燕"),
    ("原告曾小华诉称", "曾小华"),
    ("原告王国庆", "王国庆"),
    ("被执行人李娜", "李娜"),
    ("被告王镇", "王镇"),
    ("被告人张强在县城打工", "张强在"),  # read two characters on: the mask hides them all the same
    ("原告王\u200b向阳", "王\u200b向阳"),
    ("被告李\u2060为民", "李\u2060为民"),
    ("被告王\uf9e1", "王\uf9e1"),  # a CJK compatibility ideograph for 李
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "value"), TYPED, ids=[t for t, _, _ in TYPED])
def test_numbers_and_addresses_are_found_however_typed(text: str, kind: str, value: str) -> None:
    found = [f for f in privacy.find(text) if f.kind == kind]
    assert [(f.value, f.start) for f in found] == [(value, text.index(value))]
    hidden = privacy.mask(found[0])
    assert value not in hidden and found[0].canonical not in hidden
    assert not re.search(r"\d{5}", hidden.replace("*", "")[6:])  # at most the prefix and the last digits


@pytest.mark.parametrize(("text", "name"), NAMES, ids=[t for t, _ in NAMES])
def test_names_are_read_by_surname_and_length_whatever_follows(text: str, name: str) -> None:
    found = privacy.find(text)
    assert [(f.kind, f.value, f.start) for f in found] == [("name", name, text.index(name))]
    assert privacy.mask(found[0]) == name[0] + "*" * (len(privacy.normalise(name)) - 1)


def test_several_names_in_a_row_are_each_found() -> None:
    found = privacy.find("原告张三丰、李四光诉称，被告王五")
    assert [f.canonical for f in found] == ["张三丰", "李四光", "王五"]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_court_documents_are_not_findings(text: str) -> None:
    assert [(f.kind, f.value) for f in privacy.find(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        "被告公司",
        "原告方",
        "被执行人名下",
        "当事人双方",
        "申请人申请",
        "当事人高兴地",
        "原告张某",
        "被告张某某",
        "被告张先生",
        "被告王女士",
        "被告某公司",
        "当事人陆续",
    ],
)
def test_what_follows_a_role_word_without_naming_anyone(text: str) -> None:
    assert privacy.find(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "2019 2020 2021 2022\n2023\n2024\n2025\n2026",  # years pass the Luhn check 7 times in 34
        "| 年度 | 收案 | 结案 |\n| --- | --- | --- |\n| 2022 | 12840 | 12001 |\n| 2023 | 13756 | 13002 |",
        "1. 2023年收案 13756 件\n2. 2024年收案 14002 件",
        "收案数：\n13756\n结案数：\n13002",
        "2023-12-27\n2023-12-28\n2023-12-29",
        "电话 138 1234\n\n5678",  # a blank line: two paragraphs
    ],
    ids=["years", "table", "list", "counts", "dates", "paragraphs"],
)
def test_numbers_on_separate_lines_are_not_joined_into_one(text: str) -> None:
    assert privacy.find(text) == []


def test_a_number_wrapped_onto_the_next_line_is_found_on_its_first_line(project: Path) -> None:
    _append_to_case(project, ["联系手机 138 1234", "5678，身份证 110105", "19491231002X。"])
    _, problems = load_for_audience(Layout(project), "public")
    hits = sorted(
        (p.line, p.code) for p in privacy_problems(problems) if p.line >= line_of(project, CASE, "联系手机 138 1234")
    )
    assert hits == [
        (line_of(project, CASE, "联系手机 138 1234"), "privacy-mobile"),
        (line_of(project, CASE, "身份证 110105"), "privacy-id-number"),
    ]


def test_ordinary_words_come_from_jieba_and_the_court_list() -> None:
    words = privacy.ordinary_words()
    assert {"高兴", "申请", "陆续", "严重"} <= words  # jieba: verbs, adjectives, adverbs
    assert {"陈述", "单位", "房屋"} <= words  # the court list: nouns, and words jieba tags as names
    assert not {"王国", "黄海", "王小", "李为", "张伟"} & words  # the start of common names
    assert all(word[0] in privacy.SINGLE_SURNAMES for word in words)  # others never reach the check


def test_normalised_offsets_lead_back_to_the_original() -> None:
    """Removed and widened characters anywhere: every finding is the original text at its offset."""
    pieces = [
        "原告",
        "王向阳",
        "，",
        "电话",
        "１３８",
        "138",
        "\u200b",
        "\ufeff",
        "ﬁ",
        "－",
        " ",
        "1234",
        "５６７８",
        "zhang",
        "＠",
        "example.com",
        "\n",
        "身份证",
        "11010519491231002X",
    ]
    rng = random.Random(11)
    checked = 0
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        normal = privacy.Normalised(text)
        for index in range(len(normal.text)):
            assert normal.text[index] in privacy.normalise(text[normal.offset(index)])  # comes from the character there
        for finding in privacy.find(text):
            assert text[finding.start : finding.start + len(finding.value)] == finding.value
            assert privacy.normalise(finding.value) in normal.text
            checked += 1
    assert checked > 500


def test_long_or_hostile_texts_stay_quick() -> None:
    for text in (
        "1 " * 50000,
        "1-" * 50000,
        "原告王" * 30000,
        "@" * 100000,
        "\u200b" * 100000,
        "2023-12-27 " * 10000,
        "a" * 100000 + "@b.cn",
    ):
        started = time.perf_counter()
        privacy.find(text)
        assert time.perf_counter() - started < 5, text[:20]


def _append_to_case(project: Path, lines: list[str]) -> None:
    case = project / CASE
    case.write_text(case.read_text(encoding="utf-8") + "\n## 追加\n\n" + "\n".join(lines) + "\n", encoding="utf-8")


def test_typed_variants_are_reported_at_their_lines(project: Path) -> None:
    lines = [text for text, _, _ in TYPED] + [text for text, _ in NAMES] + ORDINARY
    _append_to_case(project, lines)
    brand = project / "brands/courts/demo/brands/demo-brand.yml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace(
            "concept: 测试用品牌内涵。",
            "concept: >-\n  第一行内涵，\n  联系１３８\u200b１２３４ ５６７８，\n  原告王向阳诉称。",
        ),
        encoding="utf-8",
    )
    _, problems = load_for_audience(Layout(project), "public")
    found: dict[tuple[str, int], list[str]] = {}
    for problem in privacy_problems(problems):
        found.setdefault((problem.path, problem.line), []).append(problem.code)
        assert problem.severity == "error"
    body = (project / CASE).read_text(encoding="utf-8").split("\n")
    start = body.index("## 追加") + 3  # line number of the first appended line
    expected = {(CASE, start + i): [f"privacy-{kind}"] for i, (_, kind, _) in enumerate(TYPED)}
    expected |= {(CASE, start + len(TYPED) + i): ["privacy-name"] for i in range(len(NAMES))}
    for i in range(len(ORDINARY)):
        expected[(CASE, start + len(TYPED) + len(NAMES) + i)] = []
    wrong = {
        where: (found.get(where, []), codes)
        for where, codes in expected.items()
        if sorted(found.get(where, [])) != codes
    }
    assert not wrong
    relative = "brands/courts/demo/brands/demo-brand.yml"
    assert found[(relative, line_of(project, relative, "联系"))] == ["privacy-mobile"]
    assert found[(relative, line_of(project, relative, "原告王向阳"))] == ["privacy-name"]
    for problem in privacy_problems(problems):
        assert "\u200b" not in problem.format() and "１３８" not in problem.format()


def test_the_allow_list_matches_what_the_text_says_not_how_it_is_typed(project: Path) -> None:
    allow = project / "brands/privacy-allow.yml"
    allow.write_text(
        (
            "names:\n  - 李公开\n  - 欧阳\u200b明日\nstrings:\n  - 0775-3388123\n  - １３９ １２３４ ５６７８\n  - "
            "Press@Court.gov.cn\n"
        ),
        encoding="utf-8",
    )
    allowed = [
        "热线（0775）３３８８１２３",
        "热线 0775 3388\u200b123",
        "原告李\u200b公开",
        "被执行人欧阳明日",
        "手机 +86 139-1234-5678",
        "邮箱 press＠court.gov.cn",
    ]
    _append_to_case(project, [*allowed, "手机 13912345679"])
    _, problems = load_for_audience(Layout(project), "public")
    lines = {p.line for p in privacy_problems(problems) if p.path == CASE}
    for text in allowed:
        assert line_of(project, CASE, text) not in lines, text
    assert line_of(project, CASE, "手机 13912345679") in lines  # one digit off: not the listed number


def test_a_case_written_in_gbk_is_read_as_the_loader_reads_it(project: Path) -> None:
    case = project / "docs/cases/demo/gbk-case.md"
    text = (project / CASE).read_text(encoding="utf-8").split("## 背景")[
        0
    ] + "## 背景\n\n正文第一行。\n原告王向阳诉称，被告拖欠货款。\n"
    text = text.replace("测试案例（含隐私信息）", "GBK 编码的案例").replace("联系邮箱 xiaoming@example.com", "GBK 摘要")
    case.write_bytes(text.encode("gbk"))
    _, problems = load_for_audience(Layout(project), "public")
    hits = [(p.code, p.line) for p in privacy_problems(problems) if p.path == "docs/cases/demo/gbk-case.md"]
    assert hits == [("privacy-name", text.split("\n").index("原告王向阳诉称，被告拖欠货款。") + 1)]


# ---------------------------------------------------------------------------- end to end: real MkDocs builds

# Tests marked `needs_hook` build the real site through hooks/showcase_hooks.py.
needs_hook = pytest.mark.needs_hook
# Internal strings that are also ordinary words in public pages: the guide mentions 庭长, and
# `hidden` is an HTML attribute. The leak check only looks for ids in addresses, so they pass it.
COMMON_WORDS = {"庭长", "hidden"}


def _start_build(root: Path, site: Path, audience: str) -> subprocess.Popen[str]:
    """Builds run side by side: each MkDocs build is a few seconds of one CPU."""
    env = dict(os.environ, **{AUDIENCE_ENV: audience})
    command = runner_command("build", "--strict", "--site-dir", str(site))
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(build: subprocess.Popen[str]) -> None:
    output, _ = build.communicate(timeout=120)
    assert build.returncode == 0, output


def _site_texts(site: Path) -> dict[str, str]:
    import gzip
    import html

    texts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue  # images
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)  # the search index escapes CJK
        texts[path.relative_to(site).as_posix()] = html.unescape(text).replace(
            "\u200b", ""
        )  # the search index splits words with U+200B
    return texts


def _pages(texts: dict[str, str]) -> set[str]:
    return {name for name in texts if name.endswith(".html")}


@needs_hook
def test_public_and_internal_builds_differ_exactly_as_marked(tmp_path: Path, internal_marked: Path) -> None:
    from showcase.publishing.publish import publish

    root = make_site_project(tmp_path / "project", internal_marked)  # no personal data: it would block the public build
    internal_build = _start_build(root, tmp_path / "internal", "internal")
    publish(
        root, tmp_path / "www" / "public", audience="public", say=lambda _t: None
    )  # real mkdocs, leak check included
    _finish(internal_build)
    internal = _site_texts(tmp_path / "internal")
    public = _site_texts(tmp_path / "www" / "public")
    distinctive = [s for s in INTERNAL_STRINGS if s not in COMMON_WORDS]
    assert not {
        s: [f for f, t in public.items() if s in t][:3] for s in distinctive if any(s in t for t in public.values())
    }
    assert not [
        s for s in distinctive if not any(s in t for t in internal.values())
    ]  # the internal build shows them all
    assert (
        "search/search_index.json" in public
    )  # the served site's search data is in pieces: the page documents hold the text
    assert any(name.startswith("search/docs/") and "党旗引领·示例枫桥" in text for name, text in public.items())
    gone = {name.removesuffix("/index.html") for name in _pages(internal) - _pages(public)}
    assert gone <= {
        "brands/secret-brand", "brands/secret-child", "brands/hidden-court-brand", "courts/hidden", "compare/hidden",
        "campaigns/secret-campaign", "carriers/secret-lecture", "projects/secret-project", "people/secret-person",
        "cases/demo/secret-case", "cases/demo/secret-brand-case", "tracking",
    }  # fmt: skip
    assert {"brands/secret-brand", "courts/hidden", "cases/demo/secret-case", "people/secret-person"} <= gone
    assert _pages(public) <= _pages(internal)


def test_leak_check_looks_for_ids_in_addresses_and_text_in_what_pages_show(full: Catalog, tmp_path: Path) -> None:
    from showcase.audience import find_leaks

    site = tmp_path / "site"
    (site / "brands" / "demo-brand").mkdir(parents=True)
    (site / "index.html").write_text(
        '<div hidden class="hidden">公开首页</div><a href="brands/demo-brand/">党旗引领·示例枫桥</a>', encoding="utf-8"
    )
    assert find_leaks(site, full) == []  # `hidden` the attribute is not the internal court `hidden`
    (site / "brands" / "demo-brand" / "index.html").write_text(
        '<a href="../secret-brand/">上级品牌</a><p>书记：赵内部<em>书记</em></p>', encoding="utf-8"
    )
    found = {(leak.file, leak.text) for leak in find_leaks(site, full)}
    assert ("brands/demo-brand/index.html", "secret-brand") in found
    assert ("brands/demo-brand/index.html", "赵内部书记") in found  # markup between the words does not hide them
    (site / "media").mkdir()
    # Media are compared by content: the internal photo under another name is found, and a
    # different picture that happens to share its file name is not (two courts' master-logo.svg).
    (site / "media" / "renamed.svg").write_bytes((full.root / "brands/media/secret-photo.svg").read_bytes())
    (site / "media" / "secret-photo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (site / "cases" / "demo" / "secret-case").mkdir(parents=True)
    found = {(leak.file, leak.text) for leak in find_leaks(site, full)}
    assert ("media/renamed.svg", "brands/media/secret-photo.svg") in found
    # The site serves SVG as its sanitized rewrite: that is recognised too.
    from showcase.core.svgsafe import sanitize_svg

    (site / "media" / "renamed.svg").write_bytes(
        sanitize_svg((full.root / "brands/media/secret-photo.svg").read_bytes())
    )
    found = {(leak.file, leak.text) for leak in find_leaks(site, full)}
    assert ("media/renamed.svg", "brands/media/secret-photo.svg") in found
    assert not any(leak_file == "media/secret-photo.svg" for leak_file, _ in found)
    assert ("cases/demo/secret-case", "cases/demo/secret-case.md") in found
