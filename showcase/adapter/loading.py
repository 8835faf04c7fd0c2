"""What a build shows: the settings, the audience and the validated catalog (on_config).

`build` stops on any error with every problem listed; `serve` keeps answering: the errors become
banners, and the entities whose file broke keep their last good version (showcase/site/live.py).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from showcase import assessment
from showcase.adapter.session import State
from showcase.audience import PUBLIC, for_audience, load_for_audience
from showcase.core.loader import Layout
from showcase.core.problems import Problem, format_report
from showcase.core.settings import PREVIEW_COURT_ENV, SHARD_ENV, environment, read_settings
from showcase.sharding import ShardError, ShardSpec, load_prepared, parse_spec
from showcase.site.live import carry_over
from showcase.site.sanitizer import new_token

log = logging.getLogger("mkdocs.hooks.showcase")


def load(config: MkDocsConfig, state: State) -> None:
    """Fill `state` for this build, or stop a `build` with a Chinese report (exit 1)."""
    serving = state.command == "serve"
    config_file = Path(config.config_file_path).resolve()
    root = config_file.parent
    env = environment()
    settings, problems = read_settings(config_file, root)
    problems += list(env.audience_problems)  # serve: a banner on the home page, built as public
    if problems and not serving:
        raise PluginError("网站没有生成：\n" + format_report(problems))
    docs_dir = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    layout = Layout(
        root, brands_dir=settings.brands_dir, docs_dir=docs_dir, court=_preview_court(env.preview_court, serving)
    )
    state.shard_spec = _shard(env.shard, env.offline, serving)
    prepared = None
    if state.shard_spec is not None and env.shard_prepared and layout.court is None:
        prepared = load_prepared(env.shard_prepared, root, settings.brands_dir, docs_dir, env.audience)
    catalog, found = (prepared.catalog, prepared.problems) if prepared else load_for_audience(layout, env.audience)
    # 量化考核 is the party office's: read and checked for internal builds only.
    schemes, scheme_problems = assessment.load_schemes(layout, catalog) if env.audience != PUBLIC else ({}, [])
    problems = sorted(set(found + problems + scheme_problems))
    _report(problems, serving)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        catalog = carry_over(catalog, state.last_good, problems)
    else:
        state.last_good = catalog
    state.settings, state.audience, state.offline, state.scoped = (
        settings,
        env.audience,
        env.offline,
        layout.court is not None,
    )
    state.full_catalog, state.catalog = catalog, for_audience(catalog, env.audience)
    state.problems, state.brands_dir, state.docs_prefix = problems, layout.brands, docs_dir
    state.token = new_token()  # marks where the author's part of a page begins (see pages.py)
    state.labels, state.urls, state.edit_links, state.shard, state.locator = {}, {}, {}, None, None
    state.court_keys = prepared.court_keys if prepared is not None else None
    state.assessments = assessment.assess_all(catalog, schemes)


def _report(problems: list[Problem], serving: bool) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors and not serving:
        # PluginError is a BuildError: MkDocs prints the message and exits 1 without a traceback.
        raise PluginError("资料校验未通过，网站没有生成：\n" + format_report(problems))
    if errors:
        log.error("资料有错误，出错的页面会显示提示，改正并保存后自动刷新：\n" + format_report(problems))
    elif problems:  # warnings (privacy hints on the intranet build) are advice, not failures
        log.info("资料校验提示：\n" + format_report(problems))


def _shard(value: str | None, offline: bool, serving: bool) -> ShardSpec | None:
    """The shard this build renders (SHOWCASE_SHARD=I/N). `serve` always shows the whole site."""
    if not value:
        return None
    if serving:
        log.warning(f"{SHARD_ENV}={value} 只用于分片构建，预览时忽略，显示完整网站")
        return None
    try:
        spec = parse_spec(value, f"环境变量 {SHARD_ENV}")
    except ShardError as error:
        raise PluginError(str(error)) from None
    if offline:
        raise PluginError(f"离线版不能分片构建 — 删去环境变量 {SHARD_ENV} 后重新生成离线版")
    return spec


def _preview_court(court: str | None, serving: bool) -> str | None:
    """The court a preview is limited to. Only `serve` honours it: a published site is never partial."""
    if court and not serving:
        log.warning(f"{PREVIEW_COURT_ENV}={court} 只用于 mkdocs serve 预览，构建时忽略，生成完整网站")
        return None
    if court:
        log.info(f"按法院预览：只载入法院“{court}”的资料与案例（{PREVIEW_COURT_ENV}）")
    return court
