"""Brand plans (品牌方案) and their checklists: what an evidence reference points at, and when a
task is done on time, overdue or at risk. Used by the loader (validation), the tracking
dashboard, the assessment and the pages, so the rules live in one place.

An evidence reference is `类型:标识` and names a record that already exists:

    update:2023-04-18            the brand's (or its court's) update of that day; when there are
    update:2023-04-18 标题        several that day, the title after a space says which
    case:guiping/jintian-family-mediation   a case of the same court (path below docs/cases)
    media:brands/media/guiping/x.svg        a picture in the brand's `media`
    carrier:xunfa-lecture        a carrier of the brand or of its court;
    carrier:xunfa-lecture#8      its 8th session (at most `sessions_held`)

References are checked by the loader; a reference that resolves stays valid as long as the
record keeps its date (update), id (case, carrier) or path (media).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from showcase.core.catalog import Catalog
from showcase.core.model import TASK_DONE, Brand, Plan, Task

EVIDENCE_KINDS = {"update": "动态", "case": "案例", "media": "图片资料", "carrier": "载体"}
EVIDENCE_EXAMPLE = (
    "update:2023-04-18、case:guiping/jintian-family-mediation、media:brands/media/guiping/x.svg、"
    "carrier:xunfa-lecture#8"
)
_REFERENCE = re.compile(r"^\s*([A-Za-z_]+)\s*[:：]\s*(.+?)\s*$")
_SESSION = re.compile(r"^(.+?)#(\d+)$")
_UPDATE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:\s+(.+))?$")


@dataclass(frozen=True)
class Evidence:
    """A resolved reference: what it is, where it is written, and which page shows it."""

    ref: str  # as written (normalised by the model)
    kind: str  # update | case | media | carrier
    label: str  # for people, e.g. 动态 2023-04-18 金田法庭家事调解室启用
    document: tuple[str, str]  # the catalog document holding the record, e.g. ("brand", id)
    path: tuple[object, ...]  # key path of the record inside that document (its line)
    page: tuple[str, str]  # where the site shows it: (brand|court|project|carrier|case|media, key)


class EvidenceError(ValueError):
    """Why a reference resolves to nothing; message and hint are Chinese."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def resolve_evidence(catalog: Catalog, brand: Brand, ref: str) -> Evidence:
    """The record `ref` names among the brand's and its court's records; raises EvidenceError."""
    match = _REFERENCE.match(ref)
    if match is None:
        raise EvidenceError(
            f"证据“{ref}”的写法无法识别", f"写成“类型:标识”，类型为 {'、'.join(EVIDENCE_KINDS)}，如 {EVIDENCE_EXAMPLE}"
        )
    kind, key = match.group(1).lower(), match.group(2)
    if kind not in EVIDENCE_KINDS:
        raise EvidenceError(
            f"证据“{ref}”的类型“{kind}”无效",
            f"类型只能是 {'、'.join(f'{k}（{v}）' for k, v in EVIDENCE_KINDS.items())}",
        )
    return {"update": _update, "case": _case, "media": _media, "carrier": _carrier}[kind](catalog, brand, ref, key)


def _update(catalog: Catalog, brand: Brand, ref: str, key: str) -> Evidence:
    match = _UPDATE.match(key)
    if match is None:
        raise EvidenceError(
            f"证据“{ref}”中的日期“{key}”格式不正确",
            "写成 update:2023-04-18，即动态的日期（2023-04-18、2023-04 或 2023）",
        )
    date, title = match.group(1), match.group(2)
    court = catalog.courts.get(brand.court)
    candidates = [(("brand", brand.id), i, u) for i, u in enumerate(brand.updates) if u.date == date]
    if court is not None:
        candidates += [(("court", court.id), i, u) for i, u in enumerate(court.updates) if u.date == date]
    if title:
        candidates = [c for c in candidates if c[2].title == title.strip()]
    if not candidates:
        dates = sorted({u.date for u in brand.updates}, reverse=True)[:6]
        what = f"{date}“{title}”" if title else date
        hint = f"本品牌动态的日期：{'、'.join(dates)}" if dates else "先在 updates 中记下这条动态，再引用它的日期"
        raise EvidenceError(f"证据“{ref}”找不到：本品牌和本院没有 {what} 的动态", hint)
    if len(candidates) > 1:
        titles = "、".join(f"“{c[2].title}”" for c in candidates)
        raise EvidenceError(
            f"证据“{ref}”不明确：{date} 有 {len(candidates)} 条动态（{titles}）",
            f"在日期后空一格写上动态标题，如 update:{date} {candidates[0][2].title}",
        )
    document, index, update = candidates[0]
    page = ("project", update.project) if update.project and document[0] == "brand" else document
    return Evidence(ref, "update", f"动态 {update.date} {update.title}", document, ("updates", index), page)


def _case(catalog: Catalog, brand: Brand, ref: str, key: str) -> Evidence:
    key = key.removesuffix(".md").removeprefix("docs/cases/")
    case = catalog.cases.get(key) or catalog.cases.get(f"{brand.court}/{key}")
    if case is None:
        own = [c.id for c in catalog.cases_of_court(brand.court)]
        hint = f"本院的案例：{'、'.join(own[:8])}" if own else "案例写成 docs/cases/<法院>/<案例标识>.md 后再引用"
        raise EvidenceError(f"证据“{ref}”找不到：没有案例“{key}”", hint + "（写 case:<法院>/<案例标识>）")
    if case.meta.court != brand.court:
        raise EvidenceError(f"证据“{ref}”是另一个法院（{case.meta.court}）的案例", "证据只能引用本院的记录")
    return Evidence(ref, "case", f"案例《{case.meta.title}》", ("case", case.id), ("title",), ("case", case.src_uri))


def _media(catalog: Catalog, brand: Brand, ref: str, key: str) -> Evidence:
    for index, media in enumerate(brand.media):
        if media.path == key:
            return Evidence(
                ref, "media", f"图片 {media.caption or key}", ("brand", brand.id), ("media", index), ("brand", brand.id)
            )
    listed = [m.path for m in brand.media]
    hint = f"本品牌 media 中的图片：{'、'.join(listed[:6])}" if listed else "先把图片列入本品牌的 media，再引用它的路径"
    raise EvidenceError(f"证据“{ref}”找不到：本品牌的图片资料中没有“{key}”", hint)


def _carrier(catalog: Catalog, brand: Brand, ref: str, key: str) -> Evidence:
    session: int | None = None
    match = _SESSION.match(key)
    if match:
        key, session = match.group(1).strip(), int(match.group(2))
    court = catalog.courts.get(brand.court)
    owners: list[tuple[tuple[str, str], list]] = [(("brand", brand.id), brand.carriers)]
    if court is not None:
        owners.append((("court", court.id), court.carriers))
    for document, carriers in owners:
        for index, carrier in enumerate(carriers):
            if carrier.id != key:
                continue
            if session is None:
                return Evidence(
                    ref, "carrier", f"载体 {carrier.name}", document, ("carriers", index), ("carrier", carrier.id)
                )
            if carrier.sessions_held is None:
                raise EvidenceError(
                    f"证据“{ref}”引用了“{carrier.name}”第 {session} 期，但这个载体没有填写已举办期数",
                    f"在载体 {carrier.id} 下写上 sessions_held，或去掉 #{session}",
                )
            if not 1 <= session <= carrier.sessions_held:
                raise EvidenceError(
                    f"证据“{ref}”引用了“{carrier.name}”第 {session} 期，但它只举办了 {carrier.sessions_held} 期",
                    "核对期数；举办了新的一期，先更新 sessions_held",
                )
            return Evidence(
                ref,
                "carrier",
                f"载体 {carrier.name} 第 {session} 期",
                document,
                ("carriers", index, "sessions_held"),
                ("carrier", carrier.id),
            )
    known = [c.id for _, carriers in owners for c in carriers]
    hint = f"本品牌和本院的载体：{'、'.join(known[:10])}" if known else "本品牌和本院还没有载体"
    raise EvidenceError(f"证据“{ref}”找不到：本品牌和本院没有载体“{key}”", hint)


# --------------------------------------------------------------------------- dates


def last_day(text: str) -> dt.date:
    """The last day a partial date can mean: 2023-06 → 2023-06-30, 2023 → 2023-12-31."""
    parts = [int(p) for p in text.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else 12
    day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def done_by(task: Task, day: dt.date) -> bool:
    """Completed on or before `day` (a completion date later than `day` did not count yet)."""
    return task.status == TASK_DONE and task.done is not None and last_day(task.done) <= day


def on_time(task: Task) -> bool:
    return task.status == TASK_DONE and task.done is not None and last_day(task.done) <= last_day(task.due)


def overdue(task: Task, day: dt.date) -> bool:
    """Past its due date on `day` and not completed by then."""
    return last_day(task.due) < day and not done_by(task, day)


def open_at_close(task: Task, closing: dt.date) -> bool:
    """An assessment's view on its closing day: due by then and not completed by then."""
    return last_day(task.due) <= closing and not done_by(task, closing)


def at_risk(task: Task, day: dt.date, within_days: int) -> bool:
    """Not done, not yet overdue, and either postponed (延期) or due within `within_days`."""
    if task.status == TASK_DONE or overdue(task, day):
        return False
    return task.status == "延期" or (last_day(task.due) - day).days <= within_days


def plan_of(brand: Brand, year: int) -> tuple[int, Plan] | None:
    """The brand's plan for `year` with its index in `plans`."""
    return next(((i, p) for i, p in enumerate(brand.plans) if p.year == year), None)
