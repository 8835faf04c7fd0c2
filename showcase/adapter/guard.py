"""No event of ours may stop MkDocs with a traceback, or leave `mkdocs serve` stuck.

MkDocs' live-reload server prints a traceback and then "appears stuck until build errors are
resolved" when a rebuild raises, so during `serve` an unexpected error is logged in Chinese and
the event's input is passed on unchanged (the last good pages keep being served, with banners).
During `build` it becomes a PluginError, which MkDocs reports without a traceback and exit 1.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

from mkdocs.exceptions import MkDocsException, PluginError

from showcase.adapter import session

log = logging.getLogger("mkdocs.hooks.guard")
Params = ParamSpec("Params")
Result = TypeVar("Result")


def guarded(event: Callable[Params, Result]) -> Callable[Params, Result]:
    @functools.wraps(event)
    def run(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return event(*args, **kwargs)
        except Exception as error:
            serving = session.state.command == "serve"
            if isinstance(error, MkDocsException) and not serving:
                raise  # already a message for people (e.g. validation failed)
            text = str(error) if isinstance(error, MkDocsException) else f"{type(error).__name__}: {error}"
            if not serving:
                raise PluginError(f"生成网站时出错（{event.__name__}）：{text}\n请把这段信息发给维护人员。") from None
            log.error(f"生成网站时出错（{event.__name__}），继续显示上一次的结果：{text}")
            # The guarded events return their first argument, changed or not (MkDocs ignores what
            # post_build returns), so passing it on unchanged is a value of the event's type.
            return cast(Result, args[0] if args else None)

    return run
