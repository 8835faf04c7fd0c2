"""Whose site this is, from the data: the owner named in the header with its master-brand logo,
the footer (maintaining unit, contact, address, last build, edition) and the running header and
footer of printed pages.

The owner is `extra.showcase.owner` (a court or a campaign id). Who maintains a site is a fact
about the deployment, not about the brand data: the sample's tree has 贵港中院 at its root, yet
the site is 桂平法院's, and a province-wide site may be run by the campaign's organiser. Without
the setting the owner is the one root court when there is exactly one, else the one campaign;
a site with several of each names none and shows the site name alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from showcase.core.catalog import Catalog
from showcase.core.display import court_name
from showcase.core.problems import Problem
from showcase.core.settings import CONFIG_FILE, INTERNAL, ProjectSettings
from showcase.site import urls
from showcase.site.media import Pictures

INTERNAL_EDITION = "内部资料，仅限内网使用"
PUBLIC_EDITION = "公开版"
SAMPLE_NOTE = "：资料用于演示，部分为示意或虚构，请勿引用。"


@dataclass(frozen=True)
class Identity:
    name: str | None  # 桂平市人民法院, or a campaign's name; None: no owner
    short: str | None  # 桂平法院
    home: str | None  # the owner's page (src_uri)
    logo: str | None  # the master-brand logo as served (src_uri), when the owner has one
    master_brand: str | None
    maintainer: str  # 桂平市人民法院机关党委
    contact: str | None
    address: str | None
    updated: dt.date
    internal: bool
    sample: bool

    @property
    def edition(self) -> str:
        return INTERNAL_EDITION if self.internal else PUBLIC_EDITION

    def for_theme(self) -> dict[str, Any]:
        """What the theme templates read as `config.extra.showcase_site` (plain values)."""
        return {
            "name": self.name,
            "short": self.short,
            "maintainer": self.maintainer,
            "contact": self.contact,
            "address": self.address,
            "updated": self.updated.isoformat(),
            "updated_text": f"{self.updated.year} 年 {self.updated.month} 月 {self.updated.day} 日",
            "edition": self.edition,
            "sample": self.sample,
            "sample_note": SAMPLE_NOTE,
        }


def site_identity(catalog: Catalog, settings: ProjectSettings, *, audience: str, today: dt.date) -> tuple[Identity, list[Problem]]:
    """The owner and footer of this build; a warning when extra.showcase.owner names no court or campaign."""
    problems: list[Problem] = []
    chosen = settings.owner
    if chosen and chosen not in catalog.courts and chosen not in catalog.campaigns:
        known = "、".join([*catalog.courts, *catalog.campaigns][:8])
        # A warning, not an error: a mkdocs.yml copied to another project still builds, with the default owner.
        problems.append(Problem(CONFIG_FILE, 0, f"extra.showcase 设置：owner “{chosen}” 不是已登记的法院或品牌创建活动，页头改用默认", f"改为法院或活动的标识（如 {known}），或删去这一行", "settings", "warning"))
        chosen = None
    if chosen is None:
        roots = catalog.root_courts()
        if len(roots) == 1:
            chosen = roots[0].id
        elif len(catalog.campaigns) == 1:
            chosen = next(iter(catalog.campaigns))
    internal = audience == INTERNAL
    if chosen in catalog.courts:
        court = catalog.courts[chosen]
        master = court.master_brand
        logo = urls.media(master.logo.path) if master and master.logo and Pictures(catalog).shown(master.logo.path) else None
        identity = Identity(court.name, court_name(court), urls.court(court.id), logo, master.name if master else None, f"{court.name}机关党委", settings.contact, court.address, today, internal, settings.sample)
    elif chosen in catalog.campaigns:
        campaign = catalog.campaigns[chosen]
        identity = Identity(campaign.name, campaign.name, urls.campaign(campaign.id), None, None, campaign.organiser, settings.contact, None, today, internal, settings.sample)
    else:
        identity = Identity(None, None, None, None, None, "本站编辑组", settings.contact, None, today, internal, settings.sample)
    return identity, problems


def _css_string(text: str) -> str:
    """A CSS string literal: quotes and backslashes escaped, line breaks and `<` as hex escapes, so
    the text can neither end the string nor the <style> element it sits in."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char in "<>&\n\r\f" or ord(char) < 0x20:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def print_style(identity: Identity, title: str) -> str:
    """`<style>` for one page's running header and footer when printed (CSS @page margin boxes,
    Chromium 131+): the owner and the page title on top, the date, address and edition below."""
    left = identity.name or ""
    below = " · ".join(part for part in (f"打印自网站，资料更新于 {identity.updated.isoformat()}", identity.address, identity.edition if identity.internal else None) if part)
    rules = (
        f"@top-left{{content:{_css_string(left)}}}"
        f"@top-right{{content:{_css_string(title)}}}"
        f"@bottom-left{{content:{_css_string(below)}}}"
    )
    return f"<style media=\"print\">@page{{{rules}}}</style>"
