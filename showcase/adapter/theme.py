"""The site's own look on top of Material (on_config): the theme overrides in showcase/site/theme/
(header with the owner, footer, sample notice) put in front of Material's templates as a
custom_dir would be, the owner's master-brand logo as the theme logo and favicon, and what the
templates read about the owner in `config.extra.showcase_site`."""

from __future__ import annotations

import datetime as dt
import logging

from mkdocs.config.defaults import MkDocsConfig

from showcase.adapter.session import State
from showcase.core.problems import format_report
from showcase.core.settings import environment
from showcase.site import THEME_DIR, site_identity

log = logging.getLogger("mkdocs.hooks.showcase")


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = environment().source_date_epoch
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def dress(config: MkDocsConfig, state: State) -> None:
    identity, problems = site_identity(state.catalog, state.settings, audience=state.audience, today=build_date())
    if problems:  # advice (an unknown owner falls back to the default), not a failure
        log.info("网站设置提示：\n" + format_report(problems))
    state.identity = identity
    if str(THEME_DIR) not in config.theme.dirs:
        config.theme.dirs.insert(0, str(THEME_DIR))
    config.extra["showcase_site"] = identity.for_theme()
    if identity.logo:
        config.theme["logo"] = identity.logo
        config.theme["favicon"] = identity.logo
