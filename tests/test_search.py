"""Search without a browser: the jieba dictionary, labels, the finished index, the query rewrite,
and the search data in pieces — with Material's real worker and ours run in Node."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import site_checks as check
from conftest import FIXTURES, REPO

from showcase import search
from showcase.core.loader import Layout, load_valid_catalog
from showcase.search import shards as search_shards
from showcase.site.conformance import repair_theme_markup


@pytest.fixture(scope="module")
def catalog() -> Any:
    return load_valid_catalog(Layout(FIXTURES / "site"))


@pytest.fixture(scope="module")
def words(catalog: Any) -> dict[str, str]:
    words = search.dictionary(catalog)
    search.add_to_jieba(words)  # jieba is process-wide; adding words changes no other module's output shape
    return words


@pytest.fixture(scope="module")
def split(fixture_site: Any) -> search_shards.Split:
    """The served site's search data: manifest, term shards, page documents."""
    return search_shards.read_split(fixture_site.site / "search")


@pytest.fixture(scope="module")
def index(split: search_shards.Split) -> dict[str, Any]:
    """The labelled index as one piece, as Material wrote it and the offline copy ships it."""
    return search_shards.whole_index(split)


def node() -> str:
    found = shutil.which("node")
    assert found, "需要 Node.js 运行搜索脚本的测试"
    return found


# ---------------------------------------------------------------------------- dictionary


def test_every_name_in_brands_is_a_word(catalog: Any, words: dict[str, str]) -> None:
    assert check.names_missing_from(words, catalog) == []
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


def test_jieba_remembers_its_cuts_and_forgets_them_when_words_are_added() -> None:
    """Material cuts every run of Han characters of every page; a run cut before is not cut again,
    and the answers are jieba's own: a word taught later changes them at once."""
    import jieba

    cut = search.remembering_cut()
    text = "沙坪调解工作室坚持诉源治理"
    first = list(jieba.cut(text))
    hits = cut.hits
    assert list(jieba.cut(text)) == first and cut.hits == hits + 1
    assert list(cut.cut(text)) == first  # what jieba itself says
    assert "沙坪调解工作室" not in first
    search.add_to_jieba(["沙坪调解工作室"])
    assert "沙坪调解工作室" in list(jieba.cut(text))


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
    assert search.boost_for("brands/xunzhou-fengqiao/index.md", labels) > search.boost_for(
        "cases/guiping/xunfa-lecture.md", labels
    )
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
    court = search.label_index(
        {"docs": [{"location": "courts/g/", "title": "桂平市人民法院", "text": ""}]},
        {"courts/g/": search.PageLabel("法院", None, 2.0, "桂平法院")},
    )
    court = search.label_index(court, {"courts/g/": search.PageLabel("法院", None, 2.0, "桂平法院")})
    assert court["docs"][0]["title"] == "桂平市人民法院\u200b（\u200b桂平法院\u200b）"


def test_index_script_defines_what_material_reads_under_file_urls() -> None:
    script = search.index_script({"config": {}, "docs": [{"title": "浔法讲堂"}]})
    assert script.startswith("var __index = {") and "浔法讲堂" in script


# ---------------------------------------------------------------------------- query side


def test_pages_use_our_worker_and_theme_markup_is_repaired() -> None:
    html = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" name="query" autocomplete="off"><label class="md-nav__link" for="__nav_2" '
        'tabindex="">x</label>'
        '<input id="__nav_2" type="checkbox"><label class="md-nav__title" for="__toc">目录</label>'
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<script id="__config" type="application/json">{"search": '
        '"../assets/javascripts/workers/search.973d3a69.min.js"}</script>'
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
  { location: "a/", title: "党旗引领\u200b·\u200b浔州枫桥",
    text: "浔州\u200b样本\u200b诉源治理新\u200b枫桥式\u200b温情调解\u200b和美家事" },
  { location: "b/", title: "<p>唐胜伟</p>", text: "诉源治理\u200b枫" },
]
__deliver({ data: { type: 0, data: { config: { separator: "[\\s\\u200b\\-]+" }, docs } } })
for (const query of JSON.parse(process.argv[2]))
  __deliver({ data: { type: 2, data: query } })
console.log(JSON.stringify({ loaded: __loaded, queries: messages.slice(1).map(m => m.data) }))
"""


def test_query_rewrite_keeps_index_words_whole(tmp_path: Path) -> None:
    """The worker's rewrite, run in Node with the same code the browser loads."""
    worker = tmp_path / "showcase-search.js"
    worker.write_text(search.worker_script("search.0123abcd.min.js"), encoding="utf-8")
    queries = [
        "浔州枫桥",
        "温情调解和美家事",
        "诉源治理",
        "枫桥",
        "唐胜伟",
        "+浔州枫桥 -唐胜伟",
        "浔州 样本",
        "court 浔州枫桥x",
        "璟",
    ]
    result = subprocess.run(
        [node(), "-e", REWRITE, str(worker), json.dumps(queries)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
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


def test_built_index_size(fixture_site: Any) -> None:
    """Written as UTF-8 (Material writes \\u escapes, twice the size); reported for the record."""
    folder = fixture_site.site / "search"
    manifest = (folder / "search_index.json").read_bytes()
    shards = [p.read_bytes() for p in sorted((folder / search_shards.SHARD_DIR).glob("*.json"))]
    docs = [p.read_bytes() for p in sorted((folder / search_shards.DOCS_DIR).glob("*.json"))]
    every = b"".join(docs)
    assert "浔州枫桥".encode() in every and every.count(b"\\u") == 0 and b"".join(shards).count(b"\\u") == 0
    assert manifest.count(b"\\u") < 5  # only the separator's regex has escapes
    sizes = {
        name: (sum(map(len, files)), sum(len(gzip.compress(f, 6)) for f in files))
        for name, files in (("shards", shards), ("docs", docs))
    }
    print(
        f"\nsearch_index.json（清单）{len(manifest)} bytes; "
        + "; ".join(
            f"{n}: {len(f)} files, {raw} bytes, gzip -6 {packed}"
            for (n, (raw, packed)), f in zip(sizes.items(), (shards, docs), strict=True)
        )
    )
    assert len(manifest) < 1000 and sizes["docs"][0] < 1_000_000


def test_built_pages_load_our_worker_beside_materials(fixture_site: Any) -> None:
    workers = fixture_site.site / "assets" / "javascripts" / "workers"
    ours = (workers / search.WORKER_NAME).read_text(encoding="utf-8")
    material = search.find_material_worker([fixture_site.site])
    assert (workers / material).is_file() and f'"{material}"' in ours
    home = (fixture_site.site / "index.html").read_text(encoding="utf-8")
    assert f"workers/{search.WORKER_NAME}" in home and material not in home
    assert 'href="assets/accessibility.css"' in home and 'href="assets/search/search.css"' in home
    assert not (fixture_site.site / "search" / "search_index.js").exists()  # only the offline copy needs it


def test_vendored_iframe_worker_matches_the_pinned_npm_package() -> None:
    """docs/assets/search/iframe-worker.js is iframe-worker/shim from package.json, plus a comment."""
    package = REPO / "node_modules" / "iframe-worker" / "shim" / "index.js"
    assert package.is_file(), "缺少 node_modules/iframe-worker：先在仓库根目录运行 npm ci"
    vendored = (REPO / "docs" / "assets" / "search" / "iframe-worker.js").read_text(encoding="utf-8")
    assert vendored.endswith(package.read_text(encoding="utf-8"))
    assert (
        json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["iframe-worker"]
        in vendored.splitlines()[0]
    )


# ---------------------------------------------------------------------------- search data in pieces

WORKER_RUN = r"""
// Our worker and Material's, as a browser runs them, with fetch() and importScripts() reading the
// built site from disk. argv: site folder, queries (JSON), "each" (one by one) or "overlap" (all at once).
const fs = require("fs"), vm = require("vm"), path = require("path")
const site = process.argv[1], queries = JSON.parse(process.argv[2]), mode = process.argv[3]
delete globalThis.exports  // `node -e` defines it; lunr's language files would then ask Node for jieba
delete globalThis.module
const worker = "http://127.0.0.1/assets/javascripts/workers/showcase-search.js"
const file = url => path.join(site, decodeURIComponent(new URL(url, worker).pathname))
const listeners = [], replies = [], fetched = []
globalThis.self = globalThis
globalThis.location = { href: worker }
globalThis.addEventListener = (type, fn) => { if (type === "message") listeners.push(fn) }
globalThis.postMessage = message => replies.push(message)
globalThis.importScripts = (...urls) =>
  urls.forEach(url => vm.runInThisContext(fs.readFileSync(file(url), "utf8"), { filename: url }))
globalThis.fetch = async url => {
  fetched.push(new URL(url).pathname.slice(1))
  const body = fs.readFileSync(file(String(url)), "utf8")
  return { ok: true, status: 200, json: async () => JSON.parse(body) }
}
vm.runInThisContext(fs.readFileSync(file(worker), "utf8"), { filename: worker })
const send = data => listeners.forEach(fn => fn({ data }))
const pause = ms => new Promise(resolve => setTimeout(resolve, ms))
async function reply(type) {
  for (;;) {
    const found = replies.findIndex(r => r.type === type)
    if (found >= 0) return replies.splice(found, 1)[0]
    await pause(2)
  }
}
const hits = result => result.data.items.map(group => [group[0].location, group[0].score])
;(async () => {
  const index = JSON.parse(fs.readFileSync(path.join(site, "search/search_index.json"), "utf8"))
  // as Material's page does
  send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } })
  await reply(1)
  const out = []
  if (mode === "overlap") {
    queries.forEach(query => send({ type: 2, data: query }))
    const first = await reply(3)
    await pause(300)
    out.push({ hits: hits(first), later: replies.length })
  } else {
    for (const query of queries) {
      fetched.length = 0
      send({ type: 2, data: query })
      out.push({ query, hits: hits(await reply(3)), fetched: [...fetched] })
    }
  }
  console.log(JSON.stringify(out))
})()
"""
QUERIES = [
    "浔州枫桥",
    "浔法讲堂",
    "温情调解",
    "诉源治理",
    "唐胜伟",
    "护薪行动",
    "温情调解和美家事",
    "桂平法院",
    "人物",
    "比学赶超",
    "court 浔州枫桥x",
    "2023",
    "璟",
]


def run_worker(site: Path, queries: list[str], mode: str = "each") -> list[dict[str, Any]]:
    result = subprocess.run(
        [node(), "-e", WORKER_RUN, str(site), json.dumps(queries), mode],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def whole_site(fixture_site: Any, index: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with the single index instead of the pieces (how it was before, and offline)."""
    site = tmp_path_factory.mktemp("whole")
    (site / "assets").symlink_to(fixture_site.site / "assets")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(search.index_json(index), encoding="utf-8")
    return site


def test_the_manifest_is_small_and_holds_no_documents(fixture_site: Any, split: search_shards.Split) -> None:
    folder = fixture_site.site / "search"
    assert (folder / "search_index.json").stat().st_size < 1000
    assert split.manifest["docs"] == []
    layout = split.manifest["config"]["shards"]
    assert split.manifest["config"]["separator"] and split.manifest["config"]["lang"] == ["zh"]
    assert layout["count"] == split.count and split.count & (split.count - 1) == 0  # a power of two, as the hash needs
    assert len(list((folder / search_shards.SHARD_DIR).iterdir())) == layout["count"]
    assert len(list((folder / search_shards.DOCS_DIR).iterdir())) == layout["pages"] == len(split.pages)
    assert layout["entries"] == sum(map(len, split.pages)) and re.fullmatch(r"[0-9a-f]{12}", layout["version"])


def test_the_pieces_put_together_are_the_index_they_came_from(split: search_shards.Split) -> None:
    again = search_shards.split_index(search_shards.whole_index(split))
    assert again.manifest == split.manifest and again.shards == split.shards and again.pages == split.pages
    for entries in split.pages:  # a page file holds one page: its own entry first, then its sections
        assert "#" not in entries[0]["location"] and {search_shards.page_of(e["location"]) for e in entries} == {
            entries[0]["location"]
        }


def test_every_page_is_found_through_the_shards_of_its_terms(split: search_shards.Split) -> None:
    separator = search_shards.js_separator(split.manifest["config"]["separator"])
    cache: dict[str, dict[int, int]] = {}
    for number, entries in enumerate(split.pages):
        for entry in entries:
            for field in ("title", "text", "tags"):
                for term in search_shards.tokens(entry.get(field), separator):
                    if term.startswith(search.CHIP_MARK):
                        continue  # label chips: nobody can type them, so they are not in the shards
                    pages = cache.setdefault(term, search_shards.postings(split, term))
                    assert number in pages, f"{entry['location']} 的词“{term}”在分片里找不到这个页面"
    assert set(search_shards.pages_with(split, "浔州")) >= set(
        search_shards.postings(split, "浔州枫桥")
    )  # prefixes, like Material's *


def test_a_term_on_very_many_pages_lists_those_it_weighs_most_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """法院 on every page of a national site: its shard lists the pages where it counts most (in a
    title first), so the shard stays small; its document frequency is still the whole index's."""
    monkeypatch.setattr(search_shards, "POSTING_LIMIT", 2)
    builder = search_shards.SplitBuilder({})
    for steps in (1, 9, 3, 9):
        builder.add_part(f"page-{steps}", 1, [["法院", 1, steps, True], ["独有", 1, 1, True]])
    _, shards = builder.finish()
    terms = {term: posting for shard in shards for term, posting in shard["terms"].items()}
    assert terms["法院"] == [4, 1, 9, 2, 9]  # pages 1 and 3 (the heaviest), as gaps; 4 pages hold it
    assert terms["独有"][0] == 4 and len(terms["独有"]) == 1 + 2 * 2  # capped too, the first two pages


def test_terms_are_what_materials_tokenizer_makes_of_the_text() -> None:
    separator = search_shards.js_separator(r"[\s\u200b\-]+")
    assert list(search_shards.text_blocks("<p>浔州枫桥</p>a<br/>b")) == ["浔州枫桥", "a", "b"]
    assert list(search_shards.text_blocks("1 < 2")) == ["1 ", "< 2"]  # Material's extract() does the same
    assert search_shards.tokens("<p>浔州枫桥\u200b是\u200bXunzhou-Model</p>", separator) == [
        "浔州枫桥",
        "是",
        "xunzhou",
        "model",
    ]
    assert search_shards.tokens(["党建+审判", "\u2060品牌"], separator) == ["党建+审判", "\u2060品牌"]


LUNR_TERMS = r"""
// Material's worker alone, given the whole index: every term lunr indexes and its document frequency.
delete globalThis.exports
delete globalThis.module
const fs = require("fs"), vm = require("vm"), path = require("path")
const site = process.argv[1]
const worker = "http://127.0.0.1/assets/javascripts/workers/" + process.argv[2]
const file = url => path.join(site, decodeURIComponent(new URL(url, worker).pathname))
let handler
globalThis.self = globalThis
globalThis.location = { href: worker }
globalThis.addEventListener = (type, fn) => { handler = fn }
globalThis.postMessage = () => {}
globalThis.importScripts = (...urls) => urls.forEach(url => vm.runInThisContext(fs.readFileSync(file(url), "utf8")))
vm.runInThisContext(fs.readFileSync(file(worker), "utf8"))
const build = lunr.Builder.prototype.build
let built
lunr.Builder.prototype.build = function () { built = this; return build.apply(this, arguments) }
const index = JSON.parse(fs.readFileSync(process.argv[3], "utf8"))
handler({ data: { type: 0, data: { config: index.config, docs: index.docs, options: {} } } }).then(() => {
  const out = { entries: built.documentCount, terms: {} }
  for (const [term, posting] of Object.entries(built.invertedIndex))
    out.terms[term] = Object.keys(posting).filter(f => f !== "_index")
      .reduce((n, f) => n + Object.keys(posting[f]).length, 0)
  console.log(JSON.stringify(out))
})
"""


def test_the_shards_hold_exactly_the_terms_lunr_indexes(
    fixture_site: Any, whole_site: Path, split: search_shards.Split
) -> None:
    """Python's tokenizer is a port of Material's; lunr itself is the judge (terms and document frequencies)."""
    material = search.find_material_worker([fixture_site.site])
    result = subprocess.run(
        [node(), "-e", LUNR_TERMS, str(fixture_site.site), material, str(whole_site / "search" / "search_index.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lunr = json.loads(result.stdout)
    ours = {term: posting[0] for shard in split.shards for term, posting in shard["terms"].items()}
    assert lunr["entries"] == split.manifest["config"]["shards"]["entries"]
    assert ours == {term: count for term, count in lunr["terms"].items() if not term.startswith(search.CHIP_MARK)}


SHARD_OF = r"""
globalThis.self = globalThis
globalThis.location = { href: "http://127.0.0.1/assets/javascripts/workers/showcase-search.js" }
globalThis.addEventListener = () => {}
globalThis.postMessage = () => {}
globalThis.importScripts = () => {}
require(process.argv[1])
const out = {}
for (const count of JSON.parse(process.argv[3]))
  out[count] = JSON.parse(process.argv[2]).map(term => showcaseShardOf(term, count))
console.log(JSON.stringify(out))
"""


def test_python_and_the_worker_put_a_term_in_the_same_shard(tmp_path: Path) -> None:
    worker = tmp_path / "showcase-search.js"
    worker.write_text(search.worker_script("search.0123abcd.min.js"), encoding="utf-8")
    terms = ["浔州枫桥", "唐胜伟", "诉", "court", "2024", "+", "，", "𠀀字", "zz", "\u3007"]
    counts = [1, 8, 16, 256, 1024]
    result = subprocess.run(
        [node(), "-e", SHARD_OF, str(worker), json.dumps(terms, ensure_ascii=False), json.dumps(counts)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout) == {
        str(count): [search_shards.shard_of(term, count) for term in terms] for count in counts
    }
    assert len({search_shards.shard_of(term, 256) for term in terms}) > 5  # the terms spread over the shards


def test_the_worker_answers_from_the_pieces_as_the_whole_index_would(
    fixture_site: Any, whole_site: Path, split: search_shards.Split
) -> None:
    """The same first hits in the same order with the same scores: lunr sees only the pages it
    fetched (at most CANDIDATES, the best by the shards' weights), with the whole index's idf."""
    pieces = run_worker(fixture_site.site, QUERIES)
    whole = run_worker(whole_site, QUERIES)
    for got, want in zip(pieces, whole, strict=True):
        first = want["hits"][: len(got["hits"])]
        assert (got["hits"] and [h[0] for h in got["hits"]] == [h[0] for h in first]) or not want["hits"], got["query"]
        assert [h[1] for h in got["hits"]] == pytest.approx([h[1] for h in first], rel=1e-6), got["query"]
    assert pieces[0]["hits"][0][0] == "brands/xunzhou-fengqiao/" and pieces[-1]["hits"] == []
    assert all(not w["fetched"] for w in whole)  # the whole index came with the SETUP message


def test_a_query_fetches_only_the_documents_of_pages_that_match(fixture_site: Any, split: search_shards.Split) -> None:
    (result,) = run_worker(fixture_site.site, ["唐胜伟"])
    fetched = result["fetched"]
    shards = {int(Path(url).stem) for url in fetched if url.startswith(f"search/{search_shards.SHARD_DIR}/")}
    docs = {int(Path(url).stem) for url in fetched if url.startswith(f"search/{search_shards.DOCS_DIR}/")}
    assert shards == {search_shards.shard_of(char, split.count) for char in "唐胜伟"}
    matching = set(search_shards.pages_with(split, "唐胜伟"))
    assert docs and docs <= matching, f"下载了不含“唐胜伟”的页面：{sorted(docs - matching)}"
    assert len(docs) <= int(re.search(r"CANDIDATES = (\d+)", search.worker_script("x")).group(1))
    assert result["hits"][0][0] == "people/tang-shengwei/"
    assert {search_shards.page_of(h[0]) for h in result["hits"]} <= {split.pages[n][0]["location"] for n in docs}
    again = run_worker(fixture_site.site, ["唐胜伟", "唐胜伟"])  # the second time everything is cached
    assert again[1]["fetched"] == [] and again[1]["hits"] == again[0]["hits"]


def test_only_the_latest_of_overlapping_queries_is_answered(fixture_site: Any) -> None:
    """A reader types on while the worker is still fetching: one answer, for what the box says now."""
    (result,) = run_worker(fixture_site.site, ["唐胜伟", "浔法", "浔州枫桥"], mode="overlap")
    assert result["hits"][0][0] == "brands/xunzhou-fengqiao/" and result["later"] == 0
