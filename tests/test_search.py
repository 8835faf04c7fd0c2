"""Search without a browser: the jieba dictionary, labels, the finished index, the query rewrite."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from showcase import search
from showcase.conformance import repair_theme_markup
from showcase.loader import Layout, load_valid_catalog

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_valid_catalog(Layout(REPO))


@pytest.fixture(scope="module")
def words(catalog: Any) -> dict[str, str]:
    words = search.dictionary(catalog)
    search.add_to_jieba(words)  # jieba is process-wide; adding words changes no other module's output shape
    return words


@pytest.fixture(scope="module")
def index(sample_site: Any) -> dict[str, Any]:
    return search.read_index(sample_site.site / "search" / "search_index.json")


# ---------------------------------------------------------------------------- dictionary


def test_every_name_in_brands_is_a_word(catalog: Any, words: dict[str, str]) -> None:
    names = [b.name for b in catalog.brands.values()]
    names += [p.name for _, p in catalog.projects()] + [c.name for _, _, c in catalog.carriers()]
    names += [p.name for p in catalog.people.values()] + [c.name for c in catalog.courts.values()]
    names += [c.master_brand.name for c in catalog.courts.values() if c.master_brand]
    for name in names:
        for part in search.name_words(name):
            assert part in words, f"{part}（来自 {name}）不在词典里"
    for expected in ("浔州枫桥", "浔法讲堂", "温情调解", "和美家事", "唐胜伟", "诉源治理", "桂平法院", "法耀浔州"):
        assert expected in words


def test_case_titles_give_their_key_phrase() -> None:
    assert search.title_key_words("浔法讲堂——用一方讲台打通党建与业务、部门与部门") == ["浔法讲堂"]
    assert search.title_key_words("温情调解 和美家事——金田法庭以党建引领家事纠纷柔性化解") == ["温情调解", "和美家事"]
    assert search.name_words("党旗引领·浔州枫桥") == ["党旗引领", "浔州枫桥"]
    assert search.name_words("诉源治理新“枫”景") == ["诉源治理新"]  # one-character runs are left to jieba


def test_jieba_keeps_names_whole_in_running_text(words: dict[str, str]) -> None:
    import jieba

    assert search.split_words(words) == []
    cut = "/".join(jieba.cut("桂平法院浔法讲堂第八期，金田法庭以温情调解和美家事为抓手推动诉源治理，唐胜伟参加"))
    for name in ("浔法讲堂", "金田法庭", "温情调解", "和美家事", "诉源治理", "唐胜伟", "桂平法院"):
        assert f"/{name}/" in f"/{cut}/", cut


def test_user_dict_text_is_loadable_by_jieba(tmp_path: Path, words: dict[str, str]) -> None:
    import jieba

    path = tmp_path / "userdict.txt"
    path.write_text(search.user_dict_text(words), encoding="utf-8")
    jieba.load_userdict(str(path))
    assert path.read_text(encoding="utf-8").splitlines()[0].split(" ")[2] == "nz"


# ---------------------------------------------------------------------------- labels


def test_each_entity_page_is_labelled_with_kind_and_court(catalog: Any) -> None:
    labels = search.page_labels(catalog)
    assert labels["brands/xunzhou-fengqiao/index.md"].chips == ["品牌", "桂平法院"]
    assert labels["projects/jintian-family-mediation/index.md"].chips == ["项目", "桂平法院"]
    assert labels["carriers/xunfa-lecture/index.md"].chips == ["载体", "桂平法院"]
    assert labels["people/tang-shengwei/index.md"].chips == ["人物", "桂平法院"]
    assert labels["cases/guiping/xunfa-lecture.md"].chips == ["案例", "桂平法院"]
    assert labels["projects/wage-enforcement/index.md"].chips == ["项目", "青山法院"]
    assert labels["courts/guiping/index.md"].chips == ["法院"]
    assert labels["courts/guiping/index.md"].alias == "桂平法院"
    assert search.boost_for("brands/xunzhou-fengqiao/index.md", labels) > search.boost_for("cases/guiping/xunfa-lecture.md", labels)
    assert search.boost_for("cases/guiping/xunfa-lecture.md", labels) > search.boost_for("index.md", labels)


def test_chips_go_on_the_page_entry_only_and_cannot_be_matched() -> None:
    label = search.PageLabel("品牌", "桂平法院", 2.0)
    index = {
        "docs": [
            {"location": "brands/x/", "title": "t", "text": "", "tags": ["党建+审判"]},
            {"location": "brands/x/#projects", "title": "项目", "text": ""},
            {"location": "people/", "title": "先进典型", "text": ""},
        ]
    }
    done = search.label_index(index, {"brands/x/": label})
    again = search.label_index(done, {"brands/x/": label})  # idempotent: a rebuild does not stack chips
    assert again["docs"][0]["tags"] == ["\u2060品牌", "\u2060桂平法院", "党建+审判"]
    assert "tags" not in again["docs"][1] and "tags" not in again["docs"][2]
    assert search.chips_of(again["docs"][0]) == ["品牌", "桂平法院"]
    court = search.label_index({"docs": [{"location": "courts/g/", "title": "桂平市人民法院", "text": ""}]}, {"courts/g/": search.PageLabel("法院", None, 2.0, "桂平法院")})
    court = search.label_index(court, {"courts/g/": search.PageLabel("法院", None, 2.0, "桂平法院")})
    assert court["docs"][0]["title"] == "桂平市人民法院\u200b（\u200b桂平法院\u200b）"


def test_index_script_defines_what_material_reads_under_file_urls() -> None:
    script = search.index_script({"config": {}, "docs": [{"title": "浔法讲堂"}]})
    assert script.startswith("var __index = {") and "浔法讲堂" in script


# ---------------------------------------------------------------------------- query side


def test_pages_use_our_worker_and_theme_markup_is_repaired() -> None:
    html = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" name="query" autocomplete="off"><label class="md-nav__link" for="__nav_2" tabindex="">x</label>'
        '<input id="__nav_2" type="checkbox"><label class="md-nav__title" for="__toc">目录</label>'
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<script id="__config" type="application/json">{"search": "../assets/javascripts/workers/search.973d3a69.min.js"}</script>'
    )
    out = repair_theme_markup(search.use_our_worker(html))
    assert '"search": "../assets/javascripts/workers/showcase-search.js"' in out
    assert 'id="__drawer">' in out and 'name="query" autocomplete="off"' in out  # text inputs keep it
    assert 'tabindex=""' not in out and 'for="__nav_2"' in out and 'for="__toc"' not in out
    assert 'role="dialog" aria-label="搜索"' in out


def test_material_worker_is_found_in_the_theme() -> None:
    import material

    theme = Path(material.__file__).parent / "templates"
    name = search.find_material_worker([theme])
    assert name.startswith("search.") and name.endswith(".min.js")
    script = search.worker_script(name)
    assert f'"{name}"' in script and "__MATERIAL_WORKER__" not in script


REWRITE = r"""
const messages = []
globalThis.self = globalThis
globalThis.location = { href: "http://127.0.0.1/assets/javascripts/workers/showcase-search.js" }
globalThis.addEventListener = (type, fn) => { if (type === "message") globalThis.__deliver = fn }
globalThis.importScripts = url => { globalThis.__loaded = url }
require(process.argv[1])
addEventListener("message", event => messages.push(event.data))   // stands in for Material's handler
const docs = [
  { location: "a/", title: "党旗引领\u200b·\u200b浔州枫桥", text: "浔州\u200b样本\u200b诉源治理新\u200b枫桥式\u200b温情调解\u200b和美家事" },
  { location: "b/", title: "<p>唐胜伟</p>", text: "诉源治理\u200b枫" },
]
__deliver({ data: { type: 0, data: { config: { separator: "[\\s\\u200b\\-]+" }, docs } } })
for (const query of JSON.parse(process.argv[2]))
  __deliver({ data: { type: 2, data: query } })
console.log(JSON.stringify({ loaded: __loaded, queries: messages.slice(1).map(m => m.data) }))
"""


def test_query_rewrite_keeps_index_words_whole(tmp_path: Path) -> None:
    """The worker's rewrite, run in Node with the same code the browser loads."""
    node = shutil.which("node")
    assert node, "需要 Node.js 运行搜索脚本的测试"
    worker = tmp_path / "showcase-search.js"
    worker.write_text(search.worker_script("search.0123abcd.min.js"), encoding="utf-8")
    queries = ["浔州枫桥", "温情调解和美家事", "诉源治理", "枫桥", "唐胜伟", "+浔州枫桥 -唐胜伟", "浔州 样本", "court 浔州枫桥x", "璟"]
    result = subprocess.run([node, "-e", REWRITE, str(worker), json.dumps(queries)], capture_output=True, text=True, timeout=60, check=True)
    out = json.loads(result.stdout)
    assert out["loaded"] == "http://127.0.0.1/assets/javascripts/workers/search.0123abcd.min.js"
    assert out["queries"] == [
        "浔\\州\\枫\\桥",  # one lunr term; the backslashes stop Material from cutting it again
        "温\\情\\调\\解 和\\美\\家\\事",
        "诉\\源\\治\\理",  # a prefix of 诉源治理新 as well: the trailing * Material adds matches both
        "枫\\桥",  # not a word of its own, but the start of 枫桥式
        "唐\\胜\\伟",
        "+浔\\州\\枫\\桥 -唐\\胜\\伟",
        "浔\\州 样\\本",
        "court 浔\\州\\枫\\桥 x",
        "璟",  # unknown: left to Material as before
    ]


# ---------------------------------------------------------------------------- the built index


def test_built_index_has_names_as_tokens_and_labelled_hits(index: dict[str, Any], catalog: Any) -> None:
    separator = index["config"]["separator"]
    import re

    tokens = set()
    for doc in index["docs"]:
        tokens.update(re.split(separator, re.sub(r"<[^>]+>", " ", doc["title"] + " " + doc["text"])))
    for name in ("浔州枫桥", "浔法讲堂", "温情调解", "和美家事", "唐胜伟", "诉源治理", "金田法庭"):
        assert name in tokens, name
    by_location = {doc["location"]: doc for doc in index["docs"]}
    assert search.chips_of(by_location["brands/xunzhou-fengqiao/"]) == ["品牌", "桂平法院"]
    assert search.chips_of(by_location["cases/guiping/xunfa-lecture/"]) == ["案例", "桂平法院"]
    assert by_location["brands/xunzhou-fengqiao/"]["boost"] == search.ENTITY_BOOST
    assert by_location[""]["boost"] == search.OVERVIEW_BOOST
    assert not any("首页›" in doc["text"].replace("\u200b", "") for doc in index["docs"]), "面包屑不应进入索引"


def test_built_index_size(sample_site: Any) -> None:
    """Written as UTF-8 (Material writes \\u escapes, twice the size); reported for the record."""
    raw = (sample_site.site / "search" / "search_index.json").read_bytes()
    assert "浔州枫桥".encode() in raw and raw.count(b"\\u") < 5  # only the separator's regex has escapes
    packed = len(gzip.compress(raw, 9))
    print(f"\nsearch_index.json: {len(raw)} bytes, gzip -9 {packed} bytes")
    assert len(raw) < 1_000_000 and packed < len(raw) / 3


def test_built_pages_load_our_worker_beside_materials(sample_site: Any) -> None:
    workers = sample_site.site / "assets" / "javascripts" / "workers"
    ours = (workers / search.WORKER_NAME).read_text(encoding="utf-8")
    material = search.find_material_worker([sample_site.site])
    assert (workers / material).is_file() and f'"{material}"' in ours
    home = (sample_site.site / "index.html").read_text(encoding="utf-8")
    assert f"workers/{search.WORKER_NAME}" in home and material not in home
    assert 'href="assets/accessibility.css"' in home and 'href="assets/search/search.css"' in home
    assert not (sample_site.site / "search" / "search_index.js").exists()  # only the offline copy needs it


def test_vendored_iframe_worker_matches_the_pinned_npm_package() -> None:
    """docs/assets/search/iframe-worker.js is iframe-worker/shim from package.json, plus a comment."""
    package = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"
    assert package.is_file(), "缺少 node_modules/iframe-worker：先在仓库根目录运行 npm ci"
    vendored = (REPO / "docs" / "assets" / "search" / "iframe-worker.js").read_text(encoding="utf-8")
    assert vendored.endswith(package.read_text(encoding="utf-8"))
    assert json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["iframe-worker"] in vendored.splitlines()[0]
