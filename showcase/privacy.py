"""Privacy lint: personal data that must not reach the public website.

Finds resident ID numbers (GB 11643 check digit), mobile and landline numbers, bank card
numbers (Luhn), e-mail addresses, and litigants' full names right after a role word such as
原告 or 被执行人 — published judgments keep only the surname (张某), so a case write-up must too.

Every YAML string value is scanned at its own line, and so is the Markdown body of each case
(line numbers counted from the top of the file, front matter included). In a public build a
finding in published content is an error and one in internal content (entities, list items or
fields marked internal, which a public build leaves out) is not reported; in an internal build,
seen by court staff only, every finding is a warning.

Allowed on purpose: names and strings listed in brands/privacy-allow.yml (public figures, the
court's published hotline …) and the names of model individuals in people/*.yml (honourees).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field

from .model import Entry, Text
from .problems import Problem
from .validate import validate_document
from .yamlsource import YamlDocument, load_yaml_file, split_front_matter

if TYPE_CHECKING:
    from .catalog import Catalog

ALLOW_FILE = "privacy-allow.yml"  # below brands/
ALLOW_HINT = f"若确属可公开的信息（如法院公开电话、公众人物），把它加入 brands/{ALLOW_FILE}"


class PrivacyAllow(Entry):
    """brands/privacy-allow.yml: what the privacy lint must let through."""

    names: list[Text] = Field(default_factory=list, title="可公开的姓名", description="公众人物、受表彰人员等；people/ 下先进典型的姓名自动放行")
    strings: list[Text] = Field(default_factory=list, title="可公开的号码或文字", description="如诉讼服务热线、法院公开邮箱")


# --------------------------------------------------------------------------- detectors


@dataclass(frozen=True)
class Finding:
    kind: str  # code suffix: id-number, mobile, landline, bank-card, email, name
    value: str  # the personal data itself, used for the allow-list and to find the line
    start: int  # offset of `value` in the scanned text


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

# Digits glued to letters or other digits are part of something longer (a file name, a hash).
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d.])(?:\+?86[- ]?)?(1[3-9]\d[- ]?\d{4}[- ]?\d{4})(?![\d])")
_LANDLINE = re.compile(r"(?<![\d-])(?:\(0\d{2,3}\)|（0\d{2,3}）|0\d{2,3}-)\s?[2-9]\d{6,7}(?:-\d{1,5})?(?![\d])")
_CARD = re.compile(r"(?<![\d])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\d])")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# Every number kind has at least seven digits, at most one separator apart: a cheap first test.
_SEVEN_DIGITS = re.compile(r"\d(?:[\s\-)）]?\d){6}")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def valid_id_number(text: str) -> bool:
    """GB 11643-1999: a plausible birth date and the ISO 7064 MOD 11-2 check character."""
    if len(text) != 18 or not text[:17].isdigit() or text[0] == "0":
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


# Role words a litigant's name follows in judgments. Longest first, so 被申请人 wins over 申请人.
ROLE_WORDS = sorted(
    {
        "原告", "被告", "第三人", "申请人", "被申请人", "申请执行人", "被执行人", "上诉人", "被上诉人",
        "再审申请人", "申诉人", "被申诉人", "原审原告", "原审被告", "原审第三人", "被告人", "犯罪嫌疑人",
        "被害人", "自诉人", "附带民事诉讼原告人", "案外人", "异议人", "当事人", "法定代理人", "赔偿请求人",
    },
    key=len,
    reverse=True,
)  # fmt: skip

# Common surnames. Characters that mostly start ordinary words right after a role word
# (于/向/和/方/同/应/代 …: 被告于…、原告向法院…、原告方…) are left out on purpose: missing a rare
# surname there costs less than a finding on every second sentence.
_SINGLE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅邱秦江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "汤尤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪"
    "梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尹车项连景丛邬仇"
    "卓蔺戚宫麦苑姬廉宗臧官迟荣农卜习岑宿占鞠"
)
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "司徒", "夏侯", "宇文", "轩辕", "端木", "独孤", "南宫", "西门")

# Words that start with a surname character but follow role words in ordinary prose.
_NOT_NAMES = {
    "管理", "申请", "解除", "关于", "包括", "施工", "金额", "房屋", "车辆", "安排", "成立", "查明", "司法", "文书",
    "党员", "连续", "任职", "余款", "余额", "明确", "全部", "单位", "公司", "时任", "高度", "常年", "马上",
    "许可", "林地", "田地", "钱款", "原审", "代理", "华为", "万元", "成本", "成功", "尚未", "尚欠", "曾经", "曾多",
    "陈述", "经营", "季度", "左右", "庞大", "宁愿", "景区", "路段", "路口", "章程", "毛利", "付款", "付清", "支付",
    "邮寄", "邮箱", "项目", "官方", "宗地", "车库", "车位", "龙头", "苗木", "文件", "文化", "程序", "严重", "华南",
    "温州", "江苏", "江西", "湖南", "广西", "段落", "蓝色", "蒙受", "冉冉", "艾滋", "包工", "包头", "谷物",
    "黎明", "屈服", "舒适", "柯桥", "韦某", "贺州", "邵阳", "孔子", "武汉", "秦皇", "鲁莽",
}  # fmt: skip

# After the surname and one or two given-name characters, a name is followed by punctuation, the end,
# or one of these: verbs and particles that typically follow a party's name.
_AFTER_NAME = set("诉辩称与和及向于因系的等在将对已未不为是以经就被同跟提申请拒认主表要也都均所起到来把给让从自后签借欠交还达作做即却仍又再只才便曾共各之并则且名家夫妻父母子女之户")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_ROLE = re.compile("(?:" + "|".join(ROLE_WORDS) + r")[：:\s]{0,2}")
_NOT_GIVEN = set("某先女氏姓")  # 张某, 张某某, 张先生, 张女士, 张氏: not a full name


def _name_after(text: str, start: int) -> str | None:
    """The full personal name starting at `start`, if the text there reads like one."""
    if text.startswith(_COMPOUND_SURNAMES, start):
        surname_length = 2
    elif start < len(text) and text[start] in _SINGLE_SURNAMES:
        surname_length = 1
    else:
        return None
    given_start = start + surname_length
    given = ""
    for index in range(given_start, min(given_start + 2, len(text))):
        char = text[index]
        if not _HAN.match(char) or (given and char in _AFTER_NAME):
            break
        given += char
    if not given or given[0] in _NOT_GIVEN or given[0] in _AFTER_NAME or "某" in given:
        return None
    end = given_start + len(given)
    if end < len(text) and _HAN.match(text[end]) and text[end] not in _AFTER_NAME:
        return None  # runs on into an ordinary word: 被告施工队…
    name = text[start:end]
    if name[:2] in _NOT_NAMES:
        return None
    return name


def _names(text: str) -> Iterator[Finding]:
    for match in _ROLE.finditer(text):
        name = _name_after(text, match.end())
        if name:
            yield Finding("name", name, match.end())


def _numbers(text: str) -> Iterator[Finding]:
    ids: set[int] = set()
    for match in _ID_NUMBER.finditer(text):
        if valid_id_number(match.group()):
            ids.add(match.start())
            yield Finding("id-number", match.group(), match.start())
    for match in _CARD.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if match.start() not in ids and 16 <= len(digits) <= 19 and luhn(digits):
            yield Finding("bank-card", match.group(), match.start())
    for match in _MOBILE.finditer(text):
        yield Finding("mobile", match.group(), match.start())
    for match in _LANDLINE.finditer(text):
        yield Finding("landline", match.group(), match.start())
    for match in _EMAIL.finditer(text):
        yield Finding("email", match.group(), match.start())


def find(text: str) -> list[Finding]:
    """Every piece of personal data in one text, in order of appearance."""
    if not text:
        return []
    found = list(_numbers(text)) if "@" in text or _SEVEN_DIGITS.search(text) else []
    found += _names(text)
    return sorted(found, key=lambda f: f.start)


def mask(finding: Finding) -> str:
    """Enough to recognise the finding in the file, not enough to leak it through a CI log."""
    value = finding.value
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
        area = re.match(r"\D*(0\d{2,3})", value)
        return (area.group(1) if area else "") + "-****" + digits[-2:]
    return value


# --------------------------------------------------------------------------- allow-list


def _normal(text: str) -> str:
    return re.sub(r"[\s\-()（）]", "", text)


@dataclass
class AllowList:
    names: set[str]
    strings: set[str]

    def allows(self, finding: Finding) -> bool:
        value = _normal(finding.value)
        if finding.kind == "name":
            # the name may have been read one character too long: 张三丰 when 张三 is listed
            return any(value == name or value.startswith(name) for name in self.names) or value in self.strings
        return any(value == allowed or (len(value) >= 5 and value in allowed) for allowed in self.strings)


def honouree_name(name: str) -> str:
    """People files may annotate a name: 张某（样例人物） → 张某."""
    return re.split(r"[（(]", name, maxsplit=1)[0].strip()


def load_allow_list(brands_dir: Path, catalog: Catalog | None, display: Callable[[Path], str]) -> tuple[AllowList, list[Problem]]:
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
                names |= {_normal(name) for name in allow.names}
                strings |= {_normal(text) for text in allow.strings}
    return AllowList({_normal(n) for n in names if n}, strings), problems


# --------------------------------------------------------------------------- walking the sources


def _strings(data: Any, path: tuple[Any, ...], internal: bool) -> Iterator[tuple[tuple[Any, ...], str, bool]]:
    """(key path, text, internal) for every string (and long number) in parsed YAML."""
    if isinstance(data, dict):
        internal = internal or data.get("visibility") == "internal"
        hidden = set(data.get("internal_fields") or []) if not path and isinstance(data.get("internal_fields"), list) else set()
        for key, value in data.items():
            yield from _strings(value, (*path, key), internal or key in hidden)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index), internal)
    elif isinstance(data, str):
        yield path, data, internal
    elif isinstance(data, int) and not isinstance(data, bool) and abs(data) >= 10**10:
        yield path, str(data), internal  # an unquoted phone or ID number is read as an int


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


def scan(catalog: Catalog, brands_dir: Path, audience: str = "internal", display: Callable[[Path], str] | None = None) -> list[Problem]:
    """Privacy findings in every loaded YAML file and case write-up of the catalog.

    Public audience: errors for content a public build would publish; content it leaves out
    (internal entities, items, fields) is not reported. Internal audience: warnings for all.
    """
    show = display or (lambda p: p.as_posix())
    allow, problems = load_allow_list(brands_dir, catalog, show)
    public = catalog.public_only()
    published = {
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
        document = catalog.documents.get(("case", case_id))
        if document is None:
            continue
        text = "\n".join(lines.get(case.source))
        _, body, body_line = split_front_matter(text)
        for finding in find(body):
            if allow.allows(finding):
                continue
            line = body_line + body.count("\n", 0, finding.start)
            problem = _problem(document.display, line, finding, case_id in public.cases, audience)
            problems += [problem] if problem else []
    return problems


def _scan_document(document: YamlDocument, entity_public: bool, allow: AllowList, audience: str, lines: _Lines) -> list[Problem]:
    problems = []
    for path, text, internal in _strings(document.data, (), False):
        for finding in find(text):
            if allow.allows(finding):
                continue
            line = lines.locate(document.path, document.line(path), finding.value)
            problem = _problem(document.display, line, finding, entity_public and not internal, audience)
            problems += [problem] if problem else []
    return problems
