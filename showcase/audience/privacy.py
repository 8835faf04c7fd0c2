"""Privacy lint: personal data that must not reach the public website.

Finds resident ID numbers (GB 11643 check digit), mobile and landline numbers, bank card
numbers (Luhn), e-mail addresses, and litigants' full names right after a role word such as
原告 or 被执行人 — published judgments keep only the surname (张某), so a case write-up must too.
It reads text as people type it: full-width digits and ＠, digit groups split by spaces, dashes or
dots, zero-width characters inside a number or a name (see `Normalised`). A name is a known
surname (compound ones too) and one or two more Han characters, unless the text there is 某 or a
title, an organisation or an ordinary word (`ordinary_words`); what follows the name does not matter.

Every YAML string value is scanned at its own line, and so is the Markdown body of each case
(line numbers counted from the top of the file, front matter included). In a public build a
finding in published content is an error and one in internal content (entities, list items or
fields marked internal, which a public build leaves out) is not reported; in an internal build,
seen by court staff only, every finding is a warning.

Allowed on purpose: names and strings listed in brands/privacy-allow.yml (public figures, the
court's published hotline …) and the names of model individuals in people/*.yml (honourees).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import importlib.util
import itertools
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from showcase.core.model import PrivacyAllow
from showcase.core.problems import Problem
from showcase.core.validate import validate_document
from showcase.core.yamlsource import YamlDocument, load_yaml_file

if TYPE_CHECKING:
    from showcase.core.catalog import Case, Catalog

ALLOW_FILE = "privacy-allow.yml"  # below brands/
ALLOW_HINT = f"若确属可公开的信息（如法院公开电话、公众人物），把它加入 brands/{ALLOW_FILE}"


# --------------------------------------------------------------------------- reading what people type
#
# Editors paste from Word, WeChat and PDFs and type on Chinese input methods: digits come full-width
# (１３８…), `＠` replaces `@`, digit groups are split by spaces, dashes, dots or an invisible
# zero-width space. The detectors read a normalised copy of the text: NFKC for the characters whose
# compatibility form is a digit, a Latin letter, one of `@+-._%`, a dash or a Han character, and
# invisible characters (zero-width spaces and joiners, bidi controls, soft hyphens, variation
# selectors …) removed. Everything else is left
# as it is — full-width `，：（）` and Han text need no change, so most strings are not copied at all.
# Circled, superscript and squared forms (①, ², ㎡) are list markers and units, not digits someone
# typed, and stay as they are. A removed character or a ligature changes the length, so findings are
# mapped back to offsets in the original text: line numbers, masks and the allow-list stay right.

# Blocks holding compatibility forms that matter here (scanning all of Unicode costs ~50 ms per run).
_COMPAT_BLOCKS = (
    (0x2010, 0x2011), (0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0xFB00, 0xFB06), (0xFE30, 0xFE6F),
    (0xFF00, 0xFFEF), (0x1D400, 0x1D7FF), (0x2F800, 0x2FA1F),
)  # fmt: skip
_KEEP_TAGS = ("<circle>", "<super>", "<sub>", "<fraction>", "<square>")
_RESULT_CHARS = set("0123456789@+-._%‐—・" + string.ascii_letters)
# Invisible characters someone may (or may by accident) put inside a number or a name.
_INVISIBLE_BLOCKS = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x180B, 0x180F),
    (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x20E3, 0x20E3), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xE0001, 0xE007F),
)  # fmt: skip


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\U00020000" <= char <= "\U0003134f"


def _tables() -> tuple[dict[int, str], dict[str, str]]:
    """(same-length replacements for str.translate, other replacements: removals and ligatures)."""
    even: dict[int, str] = {}
    uneven: dict[str, str] = {}
    for first, last in _COMPAT_BLOCKS:
        for code in range(first, last + 1):
            char = chr(code)
            result = unicodedata.normalize("NFKC", char)
            if result == char or unicodedata.decomposition(char).startswith(_KEEP_TAGS):
                continue
            if not all(c in _RESULT_CHARS or _is_han(c) for c in result):
                continue  # ，：（） and the like: no detector reads them
            if len(result) == 1:
                even[code] = result
            else:
                uneven[char] = result
    for first, last in _INVISIBLE_BLOCKS:
        for code in range(first, last + 1):
            uneven[chr(code)] = ""
    return even, uneven


def _character_class(chars: Iterable[str], astral: bool) -> re.Pattern[str]:
    """A character class as ranges, of the BMP or of the planes above it.

    Apart: with one character above U+FFFF in it, re tests a class range by range instead of
    looking the character up, 25 times slower over Chinese text.
    """
    codes = sorted(ord(c) for c in chars if (ord(c) > 0xFFFF) == astral)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile(
        "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges) + "]" if ranges else "(?!)"
    )


_EVEN, _UNEVEN = _tables()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_SPECIAL = (
    _character_class(list(map(chr, _EVEN)) + list(_UNEVEN), False),
    _character_class(list(map(chr, _EVEN)) + list(_UNEVEN), True),
)
_UNEVEN_ANY = (_character_class(_UNEVEN, False), _character_class(_UNEVEN, True))
_UNEVEN_RE = re.compile(_UNEVEN_ANY[0].pattern + "|" + _UNEVEN_ANY[1].pattern)


def _has(classes: tuple[re.Pattern[str], re.Pattern[str]], text: str) -> bool:
    bmp, astral = classes
    return bool(bmp.search(text) or (_ASTRAL.search(text) and astral.search(text)))


class Normalised:
    """The text the detectors read, and the way back to offsets in the original."""

    __slots__ = ("original", "pieces", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        self.pieces: list[tuple[int, int, bool]] | None = None  # (start here, start there, copied)
        if original.isascii() or not _has(_SPECIAL, original):
            self.text = original
        elif not _has(_UNEVEN_ANY, original):
            self.text = original.translate(_EVEN)  # same length: offsets unchanged
        else:
            self._rebuild(original)

    def _rebuild(self, original: str) -> None:
        parts: list[str] = []
        pieces: list[tuple[int, int, bool]] = []
        here = there = 0
        for match in _UNEVEN_RE.finditer(original):
            if match.start() > there:
                part = original[there : match.start()].translate(_EVEN)
                pieces.append((here, there, True))
                parts.append(part)
                here += len(part)
            replacement = _UNEVEN[match.group()]
            if replacement:
                pieces.append((here, match.start(), False))
                parts.append(replacement)
                here += len(replacement)
            there = match.end()
        if there < len(original):
            pieces.append((here, there, True))
            parts.append(original[there:].translate(_EVEN))
        self.text = "".join(parts)
        self.pieces = pieces

    def offset(self, index: int) -> int:
        """Offset in the original of the character at `index` in the normalised text."""
        if self.pieces is None:
            return index
        if index >= len(self.text):
            return len(self.original)
        here, there, copied = self.pieces[bisect.bisect_right(self.pieces, index, key=lambda piece: piece[0]) - 1]
        return there + (index - here) if copied else there

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised text[start:end] (each replaced character is one code point)."""
        if self.pieces is None:
            return start, end
        return self.offset(start), self.offset(end - 1) + 1 if end > start else self.offset(start)


def normalise(text: str) -> str:
    """What the detectors read: `１３８ １２３４` → `138 1234`, `a＠b.cn` → `a@b.cn`, zero-width gone."""
    return Normalised(text).text


# --------------------------------------------------------------------------- detectors


@dataclass(frozen=True)
class Finding:
    kind: str  # code suffix: id-number, mobile, landline, bank-card, email, name
    value: str  # the personal data as written, to find its line (zero-width characters and all)
    start: int  # offset of `value` in the scanned text
    canonical: str = ""  # what it says: digits only, a bare address, a name; masks and the allow-list read this

    def __post_init__(self) -> None:
        if not self.canonical:
            object.__setattr__(self, "canonical", self.value)


KIND_LABELS = {
    "id-number": "居民身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank-card": "银行卡号",
    "email": "电子邮箱地址",
    "name": "当事人全名",
}

KIND_HINTS = {
    "id-number": "删除或改写为“450881********123X”形式",
    "mobile": "删除或改写为“138****5678”形式",
    "landline": "删除，或仅保留法院对外公开的电话",
    "bank-card": "删除或只保留末四位",
    "email": "删除，或仅保留法院对外公开的邮箱",
    "name": "按裁判文书上网公布规定，当事人只保留姓氏，名字以“某”代替，如“张某”",
}

# A number as people write it: digit groups with at most one separator between two groups — spaces,
# a dash, a dot, a middle dot, the `)` after an area code, or one line break (Markdown shows a
# number wrapped onto the next line as one line: 138 1234⏎5678). Not a blank line, and not a comma,
# slash or tilde (1,234 2023/12/27 2021~2023 are amounts, dates and ranges). Digits glued to Latin
# letters or other digits are part of something longer (a file name, a hash).
_GAP = r"[^\S\n]"
_DASHES = "\\-.·・‧—–―‒‐−"
_SEPARATOR = rf"(?:{_GAP}{{1,2}}|{_GAP}?[{_DASHES}]{_GAP}?|[)）]{_GAP}{{0,2}}|{_GAP}{{0,8}}\n{_GAP}{{0,8}})"
# (the lookahead skips the many shorter runs — years, counts, dates — before any Python looks at them)
_NUMBER = re.compile(rf"(?<![\dA-Za-z])[+(（]?(?=\d(?:{_SEPARATOR}?\d){{9}})\d+(?:{_SEPARATOR}\d+)*[Xx]?(?![\dA-Za-z])")
_GROUP = re.compile(r"\d+")
# Every number kind has at least ten digits (020-1234567) with little between them: a cheap first test.
_TEN_DIGITS = re.compile(r"\d(?:(?:\D{0,3}|\s{4,17})\d){9}")

# How people group the digits of a mobile number (138 1234 5678, 1381234 5678, 1381 2345 678 …) and
# of a bank card (4-4-4-4, plus up to three). Other groupings of 11 or 16 digits are usually two
# numbers side by side: a year and a count, two dates.
_MOBILE_LAYOUTS = {(11,), (3, 4, 4), (3, 8), (7, 4), (4, 4, 3)}
_CARD_LAYOUTS = {(16,), (17,), (18,), (19,), (4, 4, 4, 4), (4, 4, 4, 4, 1), (4, 4, 4, 4, 2), (4, 4, 4, 4, 3)}
_LOCAL_LAYOUTS = {(7,), (8,), (3, 4), (4, 4), (4, 3)}
_PREFIXES = {("+", "mobile"), ("(", "landline"), ("（", "landline")}
_MAX_ID_GROUPS = 6  # the check character and the birth date make a chance hit unlikely however grouped

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_id_number(text: str) -> bool:
    """GB 11643-1999: a plausible birth date and the ISO 7064 MOD 11-2 check character."""
    if len(text) != 18 or not text[:17].isdigit() or not text[:17].isascii() or text[0] == "0":
        return False
    try:
        born = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    if not dt.date(1900, 1, 1) <= born <= dt.date.today():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _ascii_digits(text: str) -> str:
    # \d also matches Arabic-Indic and other decimal digits, which NFKC leaves alone
    return text if text.isascii() else "".join(str(unicodedata.digit(c, 0)) if c.isdigit() else c for c in text)


def _card_issuer(digits: str) -> bool:
    """Starts like a card: UnionPay 62, Visa 4, Mastercard 5 and 2221–2720, JCB/Amex 3, older Chinese
    debit cards 9 (9558 …). Years do not: 2023 2024 2025 2026 passes the Luhn check."""
    return digits[0] in "34569" or "2221" <= digits[:4] <= "2720"


def _mobile(layout: tuple[int, ...], digits: str) -> str | None:
    for prefix in ("", "86", "0086"):
        if not digits.startswith(prefix):
            continue
        rest = layout
        if prefix and rest[0] == len(prefix):
            rest = rest[1:]  # +86 138 1234 5678
        elif prefix:
            rest = (rest[0] - len(prefix), *rest[1:])  # +8613812345678
        body = digits[len(prefix) :]
        if rest in _MOBILE_LAYOUTS and len(body) == 11 and body[0] == "1" and body[1] in "3456789":
            return body
    return None


def _landline(layout: tuple[int, ...], digits: str) -> str | None:
    """An area code (0 and two or three digits) and a local number of seven or eight digits."""
    if digits[0] != "0" or digits[1] == "0":
        return None
    if len(layout) == 1:  # written without a break: 07753382123, 01012345678 (010 and 02x have 8-digit locals)
        area = 3 if digits[1] in "12" else 4
        local = (8,) if area == 3 else (7, 8)
        return f"{digits[:area]}-{digits[area:]}" if len(digits) - area in local and digits[area] != "0" else None
    area = layout[0]
    if area in (3, 4) and layout[1:] in _LOCAL_LAYOUTS and digits[area] != "0":
        return f"{digits[:area]}-{digits[area:]}"
    return None


def _number_kind(layout: tuple[int, ...], digits: str) -> tuple[str, str] | None:
    """(kind, canonical) for one window of digit groups, or None."""
    total = len(digits)
    if total == 18 and len(layout) <= _MAX_ID_GROUPS and valid_id_number(digits):
        return "id-number", digits.upper()
    if not digits.isdigit():
        return None  # a trailing X belongs to ID numbers only
    if 16 <= total <= 19 and layout in _CARD_LAYOUTS and _card_issuer(digits) and luhn(digits):
        return "bank-card", digits
    if 11 <= total <= 15:
        body = _mobile(layout, digits)
        if body:
            return "mobile", body
    if 10 <= total <= 12:
        number = _landline(layout, digits)
        if number:
            return "landline", number
    return None


def _numbers(normal: Normalised) -> Iterator[Finding]:
    text = normal.text
    for run in _NUMBER.finditer(text):
        groups = [m.span() for m in _GROUP.finditer(text, run.start(), run.end())]
        if text[run.end() - 1] in "Xx":
            groups[-1] = (groups[-1][0], run.end())
        digits = [_ascii_digits(text[start:end]) for start, end in groups]
        first = 0
        while first < len(groups):
            for last in range(min(len(groups), first + _MAX_ID_GROUPS) - 1, first - 1, -1):  # longest first
                window = digits[first : last + 1]
                found = _number_kind(tuple(map(len, window)), "".join(window))
                if found:
                    # the value starts with the + of +86 or the bracket of (0775), if the run has one
                    prefix = text[run.start()]
                    start = run.start() if first == 0 and (prefix, found[0]) in _PREFIXES else groups[first][0]
                    yield _finding(normal, found[0], start, groups[last][1], found[1])
                    first = last
                    break
            first += 1


# A local part, `@` (or ＠, or @ with spaces around, or [at]), and a domain with a Latin top-level
# part: 请发邮件 @ 我 or @张三 has none. `。` typed for the dot on a Chinese keyboard still counts.
_AT = rf"(?:{_GAP}{{0,2}}@{_GAP}{{0,2}}|{_GAP}?[(\[]at[)\]]{_GAP}?)"
_EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}[A-Za-z0-9-]+(?:[.。][A-Za-z0-9-]+)*[.。][A-Za-z]{{2,}}"
)
_AT_SPLIT = re.compile(_AT)


def _emails(normal: Normalised) -> Iterator[Finding]:
    for match in _EMAIL.finditer(normal.text):
        user, domain = _AT_SPLIT.split(match.group(), maxsplit=1)
        yield _finding(normal, "email", match.start(), match.end(), f"{user}@{domain.replace('。', '.')}".lower())


def _finding(normal: Normalised, kind: str, start: int, end: int, canonical: str) -> Finding:
    first, last = normal.span(start, end)
    return Finding(kind, normal.original[first:last], first, canonical)


# --------------------------------------------------------------------------- litigants' names

# Role words a litigant's name follows in judgments. Longest first, so 被申请人 wins over 申请人.
ROLE_WORDS = sorted(
    {
        "原告", "被告", "第三人", "申请人", "被申请人", "申请执行人", "被申请执行人", "被执行人", "上诉人",
        "被上诉人", "再审申请人", "申诉人", "被申诉人", "原审原告", "原审被告", "原审第三人", "原审被告人",
        "被告人", "犯罪嫌疑人", "罪犯", "被害人", "受害人", "自诉人", "附带民事诉讼原告人", "案外人", "异议人",
        "当事人", "法定代理人", "赔偿请求人", "证人", "被继承人", "债务人", "债权人", "担保人", "保证人",
    },
    key=len,
    reverse=True,
)  # fmt: skip
_ROLE = re.compile("(?:" + "|".join(ROLE_WORDS) + r")[：:\s]{0,2}")

# A name is a surname and one or two given-name characters: 王伟, 王向阳, 欧阳娜娜. Single-character
# surnames that are mostly a preposition or a conjunction right after a role word (于/向/和/方/同/应/
# 代/时/全/明 …: 被告于…、原告向法院…、原告方…) are left out on purpose: missing a rare surname
# there costs less than a finding on every second sentence.
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅邱秦江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "汤尤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾车项连景丛邬仇"
    "卓蔺戚宫麦苑姬廉宗臧官迟荣农卜习岑宿占鞠孟熊邹白赖洪阎甄郎穆褚娄窦郁栾晏冼佟匡巫桑荆"
)
# Compound surnames that are also ordinary words (东方, 西门, 南宫, 长孙, 司空) are not here: 被告东方公司.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒", "夏侯", "宇文", "轩辕",
    "端木", "独孤", "澹台", "公冶", "宗政", "濮阳", "淳于", "太叔", "申屠", "公羊", "呼延", "钟离", "赫连",
)  # fmt: skip

# What follows a surname when the text names no one: 张某, 张某某, 张先生, 王女士, 李氏, 刘姓男子, 王总.
_TITLES = (
    "某", "先生", "女士", "小姐", "氏", "姓", "老师", "师傅", "律师", "法官", "经理", "总", "主任", "书记", "同志",
    "老板", "大爷", "阿姨", "大妈", "老汉", "哥", "姐", "叔", "婶", "嫂",
)  # fmt: skip
# A place or an organisation where the given name would be: 被告贺州市…, 原告江门某公司, 被告陈家村委会,
# 被告张家港市… (a place word one character further on is ordinary prose: 被告人张强在县城). 镇 right
# after the surname is a given name more often than a town: 被告王镇.
_ORGANISATION = re.compile(
    r"[省市县区乡村屯厂店局]|.[省市县区乡镇村屯厂店局]|..市|.{0,2}(?:公司|集团|银行|医院|学校|中心|协会|大学|小区|酒店|商行|超市|合作社|委员会|事务所)"
)

# Court and administrative words that start with a surname character and follow role words in ordinary
# prose. jieba's dictionary supplies the verbs, adjectives and adverbs (申请, 高兴, 严重, 陆续 …, see
# `ordinary_words`); these are the nouns, which it cannot supply without also blocking names (王国 would
# hide 王国庆), and the words jieba tags as names (陈述, 付清 …).
_COURT_WORDS = frozenset(
    """
    陈述 付清 宁可 华为 罗列 申请 申报 管理 管辖 管控 管教 管道 解除 解决 解体 关于 关系 关联 关键 关节 关口 包括
    包工 包头 施工 金额 金钱 金融 金牌 房屋 房产 房租 房款 房子 房间 房门 房价 车辆 车位 车库 车款 车主 车站 车子 车牌
    车上 车间 车厢 车身 安排 成立 成本 成员 成果 成绩 成人 文书 文件 文化 文章 文字 文物 连续 连带 任职 任务 任期 余款
    余额 余下 余地 单位 单方 单据 单独 单元 单身 高度 高空 高龄 高温 高速 高压 高利 高额 高价 高层 高院 高级 高位 高端
    常年 常识 常务 马上 马路 许可 林地 林木 林权 林业 田地 钱款 钱财 万元 尚未 尚欠 尚有 尚在 尚需 尚无 曾经 曾多 季度
    左右 庞大 宁愿 景区 景点 路段 路口 路面 路上 路边 路旁 路程 章程 毛利 毛病 项目 官方 官员 官司 宗地 龙头 苗木 程序
    程度 严重 段落 蓝色 白色 黄色 颜色 温度 蒙受 冉冉 艾滋 谷物 黎明 屈服 舒适 武器 欧洲 黄金 石材 石料 石头 石油 农业
    农村 农民 农田 农场 农户 农家 农药 纪律 宿舍 仇恨 仇人 甘心 胡乱 毕业 游戏 游客 董事 范围 习惯 孔子 鲁莽 戴罪
    江苏 江西 江门 温州 常州 徐州 苏州 宁夏 宁波 宁德 柳州 贺州 邵阳 梅州 沈阳 唐山 郑州 成都 金华 石家 秦皇 曲靖 龙岩
    邢台 武汉 安徽 甘肃 柯桥
    """.split()
) | frozenset(
    "曾" + c for c in "因于在被与向是为经多先两三一有到对将把给以数私口书出要提请找打签借拒未不"
)  # 被告人曾因盗窃…
# jieba tags that mark a dictionary word as not a noun or a name, and the frequency below which a
# word is too rare to outweigh a name.
_WORD_TAGS = frozenset("v vd vn vi a ad an ag d dg p c b m q r t u f z l i y e o".split())
_WORD_MIN_FREQUENCY = 20


@functools.cache
def ordinary_words() -> frozenset[str]:
    """Two-character words starting with a surname character that are not names: 高兴, 申请, 陆续 …

    Read from jieba's dictionary (a runtime dependency already, for search) the first time a role
    word is followed by a surname character, ~50 ms once per process.
    """
    words = set(_COURT_WORDS)
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return frozenset(words)
    try:
        text = (Path(next(iter(spec.submodule_search_locations))) / "dict.txt").read_text(encoding="utf-8")
    except OSError:
        return frozenset(words)
    pattern = re.compile(rf"^([{''.join(sorted(SINGLE_SURNAMES))}][\u4e00-\u9fff]) (\d+) ([a-z]+)$", re.MULTILINE)
    for word, frequency, tag in pattern.findall(text):
        if tag in _WORD_TAGS and int(frequency) >= _WORD_MIN_FREQUENCY:
            words.add(word)
    return frozenset(words)


def _name_at(text: str, start: int) -> int | None:
    """End of the full personal name starting at `start`, if the text there reads like one."""
    for surname in (text[start : start + 2], text[start : start + 1]):
        if not (surname in COMPOUND_SURNAMES if len(surname) == 2 else surname in SINGLE_SURNAMES):
            continue
        given = start + len(surname)
        length = 0
        while length < 2 and given + length < len(text) and _is_han(text[given + length]):
            length += 1
        if not length or text.startswith(_TITLES, given) or "某" in text[given : given + length]:
            return None
        if _ORGANISATION.match(text, given):
            return None
        if len(surname) == 1 and text[start : start + 2] in ordinary_words():
            return None
        return given + length
    return None


def _names(normal: Normalised) -> Iterator[Finding]:
    text = normal.text
    for match in _ROLE.finditer(text):
        start = match.end()
        while (end := _name_at(text, start)) is not None:
            yield _finding(normal, "name", start, end, text[start:end])
            if not text.startswith("、", end):
                break
            start = end + 1  # 原告张三丰、李四光诉称


def find(text: str) -> list[Finding]:
    """Every piece of personal data in one text, in order of appearance."""
    return [finding for _, finding in find_each([text])]


# Between the texts of one file when they are scanned together: no detector reads across it.
_BETWEEN = "\x00"


def find_each(texts: Sequence[str]) -> list[tuple[int, Finding]]:
    """(index of the text, finding in it) for every text, in order.

    One pass over all the strings of a file instead of one per string: most strings hold nothing,
    and the per-call overhead was most of the lint's time.
    """
    joined = _BETWEEN.join(texts)
    if not joined:
        return []
    normal = Normalised(joined)
    found: list[Finding] = []
    if _TEN_DIGITS.search(normal.text):
        found += _numbers(normal)
    if "@" in normal.text or "at]" in normal.text or "at)" in normal.text:
        found += _emails(normal)
    if not normal.text.isascii():
        found += _names(normal)
    found.sort(key=lambda f: f.start)
    if len(texts) == 1:
        return [(0, finding) for finding in found]
    starts = list(itertools.accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
    result = []
    for finding in found:
        index = bisect.bisect_right(starts, finding.start) - 1
        result.append((index, dataclasses.replace(finding, start=finding.start - starts[index])))
    return result


def mask(finding: Finding) -> str:
    """Enough to recognise the finding in the file, not enough to leak it through a CI log."""
    value = finding.canonical
    if finding.kind == "name":
        return value[0] + "*" * (len(value) - 1)
    if finding.kind == "email":
        user, _, domain = value.partition("@")
        return f"{user[:1]}***@{domain}"
    digits = re.sub(r"\D", "", value)
    if finding.kind == "id-number":
        return value[:6] + "*" * 8 + value[-4:]
    if finding.kind == "mobile":
        return digits[-11:][:3] + "****" + digits[-4:]
    if finding.kind == "bank-card":
        return digits[:4] + " **** **** " + digits[-4:]
    if finding.kind == "landline":
        return value.partition("-")[0] + "-****" + digits[-2:]
    return value


# --------------------------------------------------------------------------- allow-list

_NOT_KEY = re.compile(rf"[\s{_DASHES}()（）+]")
_MOBILE_KEY = re.compile(r"(?:0086|86)(1[3-9]\d{9})")


def allow_key(text: str) -> str:
    """The form the allow-list compares: normalised, without spaces, dashes or brackets, lower case."""
    key = _NOT_KEY.sub("", normalise(text)).lower()
    mobile = _MOBILE_KEY.fullmatch(key)
    return mobile.group(1) if mobile else key


@dataclass
class AllowList:
    names: set[str]
    strings: set[str]

    def allows(self, finding: Finding) -> bool:
        value = allow_key(finding.canonical)
        if finding.kind == "name":
            # the name may have been read one character too long: 张三丰 when 张三 is listed
            return any(value == name or value.startswith(name) for name in self.names) or value in self.strings
        return any(value == allowed or (len(value) >= 5 and value in allowed) for allowed in self.strings)


def honouree_name(name: str) -> str:
    """People files may annotate a name: 张某（样例人物） → 张某."""
    return re.split(r"[（(]", name, maxsplit=1)[0].strip()


def load_allow_list(
    brands_dir: Path, catalog: Catalog | None, display: Callable[[Path], str]
) -> tuple[AllowList, list[Problem]]:
    names = {honouree_name(p.name) for p in catalog.people.values()} if catalog else set()
    strings: set[str] = set()
    problems: list[Problem] = []
    path = brands_dir / ALLOW_FILE
    if path.is_file():
        document, problems = load_yaml_file(path, display(path))
        if document is not None and document.data is not None:
            allow, more = validate_document(document, PrivacyAllow)
            problems += more
            if allow is not None:
                names |= set(allow.names)
                strings |= {allow_key(text) for text in allow.strings}
    return AllowList({key for key in map(allow_key, names) if key}, strings), problems


# --------------------------------------------------------------------------- walking the sources


def _strings(data: Any) -> list[tuple[tuple[Any, ...], str, bool]]:
    """(key path, text, internal) for every string (and long number) in parsed YAML, in order."""
    found: list[tuple[tuple[Any, ...], str, bool]] = []
    hidden = set()
    if isinstance(data, dict) and isinstance(data.get("internal_fields"), list):
        hidden = {name for name in data["internal_fields"] if isinstance(name, str)}
    # a stack rather than recursive generators: this walk visits every value of every file
    stack: list[tuple[Any, tuple[Any, ...], bool]] = [(data, (), False)]
    while stack:
        value, path, internal = stack.pop()
        if isinstance(value, str):
            found.append((path, value, internal))
        elif isinstance(value, dict):
            internal = internal or value.get("visibility") == "internal"
            items = [(item, (*path, key), internal or (not path and key in hidden)) for key, item in value.items()]
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(reversed([(item, (*path, index), internal) for index, item in enumerate(value)]))
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**10:
            found.append((path, str(value), internal))  # an unquoted phone or ID number is read as an int
    return found


class _Lines:
    """Source lines per file, read once, to pin a finding inside a multi-line value."""

    def __init__(self) -> None:
        self.cache: dict[Path, list[str]] = {}

    def get(self, path: Path) -> list[str]:
        if path not in self.cache:
            try:
                text = path.read_bytes().decode("utf-8-sig", errors="replace")
            except OSError:
                text = ""
            self.cache[path] = text.split("\n")
        return self.cache[path]

    def locate(self, path: Path, first: int, needle: str) -> int:
        """Line of `needle` at or after the value's first line; folded text may move it down."""
        lines = self.get(path)
        needle = needle.split("\n", 1)[0]  # a number wrapped in a literal block: its first line
        for number in range(first, min(first + 400, len(lines) + 1)):
            if needle in lines[number - 1]:
                return number
        return first


def _problem(display: str, line: int, finding: Finding, publish: bool, audience: str) -> Problem | None:
    """The finding as a problem; None for internal content in a public build, which never shows it."""
    if audience == "public" and not publish:
        return None  # and a warning there would name internal files in the public build's logs and banners
    label = KIND_LABELS[finding.kind]
    message = f"疑似{label}“{mask(finding)}”"
    if publish and audience == "public":
        severity = "error"
        message += "，公开版不能发布"
    elif publish:
        severity = "warning"
        message += "，发布到公开网站前必须处理"
    else:
        severity = "warning"
        message += "（内部内容，公开版不发布）"
    hint = f"{KIND_HINTS[finding.kind]}；{ALLOW_HINT}"
    return Problem(display, line, message, hint, f"privacy-{finding.kind}", severity)


def scan(
    catalog: Catalog, brands_dir: Path, audience: str = "internal", display: Callable[[Path], str] | None = None
) -> list[Problem]:
    """Privacy findings in every loaded YAML file and case write-up of the catalog.

    Public audience: errors for content a public build would publish; content it leaves out
    (internal entities, items, fields) is not reported. Internal audience: warnings for all.
    """
    show = display or (lambda p: p.as_posix())
    allow, problems = load_allow_list(brands_dir, catalog, show)
    public = catalog.public_only()
    published: dict[str, Mapping[str, object]] = {
        "campaign": public.campaigns,
        "court": public.courts,
        "brand": public.brands,
        "person": public.people,
        "case": public.cases,
    }
    lines = _Lines()
    for (kind, entity_id), document in catalog.documents.items():
        entity_public = entity_id in published[kind] if kind in published else True
        problems += _scan_document(document, entity_public, allow, audience, lines)
    for case_id, case in catalog.cases.items():
        case_document = catalog.documents.get(("case", case_id))
        if case_document is None:
            continue
        body_line = 0
        for finding in find(case.body):  # the body as the loader decoded it (UTF-8, or GBK read anyway)
            if allow.allows(finding):
                continue
            body_line = body_line or _body_line(case)
            line = body_line + case.body.count("\n", 0, finding.start)
            problem = _problem(case_document.display, line, finding, case_id in public.cases, audience)
            problems += [problem] if problem else []
    return problems


def _body_line(case: Case) -> int:
    """Line where the body of a case write-up starts: after its front matter."""
    try:
        newlines = case.source.read_bytes().count(b"\n")  # one byte 0x0A in UTF-8 and GB 18030 alike
    except OSError:
        return 1
    return max(1, newlines - case.body.count("\n") + 1)


def _scan_document(
    document: YamlDocument, entity_public: bool, allow: AllowList, audience: str, lines: _Lines
) -> list[Problem]:
    problems = []
    strings = _strings(document.data)
    for index, finding in find_each([text for _, text, _ in strings]):
        if allow.allows(finding):
            continue
        path, _, internal = strings[index]
        line = lines.locate(document.path, document.line(path), finding.value)
        problem = _problem(document.display, line, finding, entity_public and not internal, audience)
        problems += [problem] if problem else []
    return problems
