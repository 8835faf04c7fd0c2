"""The word list jieba segments with, so that every name in brands/ is one word in the index.

Material's search plugin cuts every run of Han characters with jieba when it builds
`search/search_index.json`, and the browser matches what staff type against those words.
jieba does not know 浔州枫桥 or 浔法讲堂, so by default it cuts them into 浔州/枫桥 and
浔法/讲堂 and a query for the whole name ranks pages by its halves. `dictionary()` lists every
name in brands/ (courts, master brands, brands, projects, carriers, people), the key phrase of
every case title and a few domain terms, so that each name is one word in the index.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from showcase.core.catalog import Catalog

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+")
"""Han characters, as Material's segmenter sees them (it cuts runs of \\p{script=Han})."""

MIN_WORD, MAX_WORD = 2, 12
"""Shorter runs are single characters jieba handles anyway; longer ones are sentences, not names."""

DOMAIN_TERMS: tuple[str, ...] = (
    # Court and party-building vocabulary staff search for, which jieba's general dictionary cuts.
    "诉源治理",
    "枫桥经验",
    "枫桥式",
    "一支部一品牌",
    "一庭一品一策",
    "三会一课",
    "主题党日",
    "双报到",
    "人民法庭",
    "党建品牌",
    "品牌矩阵",
    "机关总品牌",
    "先进典型",
    "比学赶超",
    "跟踪问效",
    "诉讼服务",
    "诉服",
    "一站式",
    "诉前调解",
    "家事纠纷",
    "营商环境",
    "判后答疑",
    "清廉机关",
    "模范机关",
    "党建创新案例",
    "审执结",
    "结案率",
)


def han_runs(text: str | None) -> list[str]:
    return HAN_RUN.findall(text or "")


def name_words(name: str | None) -> list[str]:
    """The words a name contributes: its Han runs, e.g. 党旗引领·浔州枫桥 → 党旗引领, 浔州枫桥."""
    return [run for run in han_runs(name) if MIN_WORD <= len(run) <= MAX_WORD]


def title_key_words(title: str) -> list[str]:
    """A case title's key phrase: the part before the dash, e.g. 浔法讲堂——用一方讲台… → 浔法讲堂."""
    head = re.split(r"—+|--+|：|:", title, maxsplit=1)[0]
    return name_words(head)


def dictionary(catalog: Catalog) -> dict[str, str]:
    """Every word to add to jieba → where it comes from (品牌, 项目, …), in a stable order."""
    words: dict[str, str] = {}

    def add(source: str, *texts: str | None) -> None:
        for text in texts:
            for word in name_words(text):
                words.setdefault(word, source)

    for court in catalog.courts.values():
        add("法院", court.name, court.short_name)
        if court.master_brand:
            add("机关总品牌", court.master_brand.name)
    for campaign in catalog.campaigns.values():
        for quoted in re.findall(r"[“\"]([^”\"]+)[”\"]", campaign.name):
            add("创建活动", quoted)
    for brand in catalog.brands.values():
        add("品牌", brand.name)
        add("党支部", brand.branch)
    for _brand, project in catalog.projects():
        add("项目", project.name, project.unit)
    for _court, _owner, carrier in catalog.carriers():
        add("载体", carrier.name)
    for person in catalog.people.values():
        add("人物", person.name)
    for case in catalog.cases.values():
        for word in title_key_words(case.meta.title):
            words.setdefault(word, "案例")
    for theme in catalog.themes():
        add("主题", theme)
    for term in DOMAIN_TERMS:
        words.setdefault(term, "术语")
    return words


def user_dict_text(words: Mapping[str, str]) -> str:
    """The words as a jieba user dictionary (`词 词频 词性` per line), to read or to load."""
    return "".join(f"{word} {word_frequency(word)} nz\n" for word in words)


def word_frequency(word: str) -> int:
    """High enough that jieba keeps the word whole next to any neighbour, not so high that it
    swallows characters: jieba picks the segmentation with the best product of frequencies,
    and a name must beat its own halves (浔州 + 枫桥) as well as half + neighbour (的浔)."""
    return 20000 * len(word)


class RememberedCut:
    """jieba.cut that remembers its answers. Material's search plugin cuts every run of Han
    characters of every page with it, and a site repeats its runs page after page (names,
    headings, labels, a brand's concept on its court's page and its own): cutting a run again
    costs as much as the first time, and in a build it was four tenths of all the time. The
    answers are those jieba gives; they are forgotten whenever words are added."""

    MAX_RUNS = 1 << 15  # about 30 MB of answers: a shard also holds its pages

    def __init__(self, cut: Callable[..., Iterable[str]]) -> None:
        self.cut = cut
        self.answers: dict[tuple[Any, ...], tuple[str, ...]] = {}
        self.hits = self.misses = 0

    def __call__(
        self, sentence: Any, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False
    ) -> Iterator[str]:
        key = (sentence, cut_all, HMM, use_paddle)
        answer = self.answers.get(key)
        if answer is None:
            self.misses += 1
            answer = tuple(self.cut(sentence, cut_all=cut_all, HMM=HMM, use_paddle=use_paddle))
            if len(self.answers) >= self.MAX_RUNS:
                self.answers.clear()
            self.answers[key] = answer
        else:
            self.hits += 1
        return iter(answer)  # a generator, as jieba returns

    def forget(self) -> None:
        self.answers.clear()


def remembering_cut() -> RememberedCut:
    """jieba.cut, made to remember (once per process)."""
    import jieba

    if not isinstance(jieba.cut, RememberedCut):
        jieba.cut = RememberedCut(jieba.cut)
    return jieba.cut


def add_to_jieba(words: Iterable[str]) -> int:
    """Teach jieba (a process-wide singleton) the words; returns how many were added. jieba.cut
    remembers its answers from then on (RememberedCut), forgetting them now: words change them."""
    import jieba  # imported when used: 0.13 s that commands without search should not pay

    count = 0
    for word in words:
        jieba.add_word(word, freq=word_frequency(word), tag="nz")
        count += 1
    remembering_cut().forget()
    return count


def split_words(words: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Words jieba still cuts apart after `add_to_jieba`, with how it cuts them (should be none)."""
    import jieba

    broken = []
    for word in words:
        pieces = list(jieba.cut(word))
        if pieces != [word]:
            broken.append((word, pieces))
    return broken
