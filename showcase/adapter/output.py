"""Build output: `mkdocs build` writes into a staging folder and replaces site_dir only on success.

A build that fails — a validation error, the public leak check, a broken link under --strict,
any exception — must not leave a complete-looking site behind, and must not have emptied the
previous one either (MkDocs cleans site_dir before it writes a single page). So the hooks point
MkDocs at a staging folder beside site_dir (`.site.staging-<pid>`) and, when the build has
really succeeded, swap it into place; on failure the staging folder is removed and site_dir is
exactly as it was.

MkDocs event order (mkdocs/commands/build.py, the same in ProperDocs 1.6):

    on_config → on_pre_build → clean site_dir → … → on_post_build (by priority)
    → strict mode: abort if any warning was logged → return
    on_build_error on any exception inside build(); on_shutdown always, after build() returns

The strict-mode check comes after on_post_build, so the last on_post_build only marks the output
complete (`complete`); the swap happens in on_shutdown (`settle`), when nothing can fail or
write any more. `serve` is not redirected: it builds into its own temporary folder.

Two ways to stage, chosen per build:

* beside (normal): the staging folder is a sibling, and the swap is two renames on one
  filesystem; the old tree goes aside and is deleted only after the new one is in place.
* inside: when site_dir is a mount point or its parent is not writable (a mounted volume in
  CI, /var/www/site owned by the user but /var/www by root), siblings are impossible, so the
  staging folder is a hidden folder inside site_dir, which MkDocs never cleans; on success the
  old entries are removed and the new ones renamed in.

Hidden entries of site_dir (`.git`, `.nojekyll`) are kept, as MkDocs keeps them.
Nothing is removed that does not carry our marker file, except the old site tree that the
new build replaces — exactly what MkDocs itself would have cleaned.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.showcase")

MARKER = ".showcase-staging"  # in every staging folder (and in an old tree waiting to be deleted)
STAGING = ".staging-"  # beside: .<site>.staging-<pid>
INSIDE = ".showcase-staging-"  # inside: <site>/.showcase-staging-<pid>
OLD = ".replaced-"  # beside: .<site>.replaced-<pid>, the previous tree on its way out


class OutputError(Exception):
    """The build output could not be put into place; the message is Chinese and fit to show."""


@dataclass
class Staged:
    final: Path  # the configured site_dir (symlinks resolved: we replace the real folder)
    staging: Path  # where MkDocs writes
    inside: bool  # staging lives inside `final` (mount point or read-only parent)
    complete: bool = False


_current: Staged | None = None  # one build per process


def begin(site_dir: str | os.PathLike[str]) -> str:
    """Make a staging folder for a build into `site_dir` and return the path MkDocs should use."""
    global _current
    discard()
    final = Path(os.path.realpath(site_dir))
    if final.exists() and not final.is_dir():
        raise OutputError(
            f"{site_dir}: 网站输出目录（site_dir）是一个文件，不是目录 — 删去或改名该文件，或用 -d 指定另一个目录"
        )
    inside = final.is_dir() and (os.path.ismount(final) or not os.access(final.parent, os.W_OK))
    _clean_leftovers(final)
    pid = os.getpid()
    staging = final / f"{INSIDE}{pid}" if inside else final.parent / f".{final.name}{STAGING}{pid}"
    try:
        staging.mkdir(parents=True)
        (staging / MARKER).write_text(
            f"showcase build in progress (pid {pid}); removed when the build ends\n", encoding="utf-8"
        )
    except FileExistsError:
        raise OutputError(f"{staging}: 临时构建目录已存在（同一进程的另一个构建？）— 删去它后重试") from None
    except OSError as error:
        raise OutputError(
            f"{staging}: 无法创建临时构建目录（{error.strerror}）— 检查 {staging.parent} 的写权限，或用 -d "
            "指定另一个目录"
        ) from None
    _current = Staged(final, staging, inside)
    log.info(f"先构建到临时目录 {staging}，成功后再替换 {final}")
    return str(staging)


def complete() -> None:
    """The last on_post_build ran: everything is written and checked."""
    if _current is not None:
        _current.complete = True


def discard() -> None:
    """The build failed: remove the staging folder; site_dir stays exactly as it was."""
    global _current
    staged, _current = _current, None
    if staged is not None:
        _remove_marked(staged.staging)


def settle() -> Path | None:
    """End of the run: put a complete build into place, or discard an incomplete one."""
    global _current
    staged = _current
    if staged is None:
        return None
    if not staged.complete:
        discard()
        return None
    _current = None
    try:
        if staged.inside:
            _swap_inside(staged)
        else:
            _swap_beside(staged)
    except OSError as error:
        _remove_marked(staged.staging)
        raise OutputError(
            f"{staged.final}: 构建成功，但无法把结果放到输出目录（{error.strerror}），原目录未改动 — 检查权限后重新构建"
        ) from None
    return staged.final


# --------------------------------------------------------------------------- swapping


def _swap_beside(staged: Staged) -> None:
    final, staging = staged.final, staged.staging
    (staging / MARKER).unlink()
    if not final.exists():
        os.rename(staging, final)
        return
    old = final.parent / f".{final.name}{OLD}{os.getpid()}"
    os.rename(final, old)  # from here until the next rename (microseconds) final does not exist
    try:
        os.rename(staging, final)
    except OSError:
        os.rename(old, final)
        raise
    _move_hidden(old, final)
    (old / MARKER).write_text("previous site tree, being deleted\n", encoding="utf-8")
    shutil.rmtree(old, ignore_errors=True)


def _swap_inside(staged: Staged) -> None:
    final, staging = staged.final, staged.staging
    (staging / MARKER).unlink()
    for entry in list(final.iterdir()):  # what MkDocs' own clean would remove: non-hidden entries
        if not entry.name.startswith("."):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    for entry in list(staging.iterdir()):
        os.replace(entry, final / entry.name)
    staging.rmdir()


def _move_hidden(old: Path, new: Path) -> None:
    """MkDocs never deletes hidden entries of site_dir (a .git checkout, .nojekyll): carry them over."""
    for entry in old.iterdir():
        target = new / entry.name
        if (
            entry.name.startswith(".")
            and entry.name != MARKER
            and not entry.name.startswith(INSIDE)
            and not (target.exists() or target.is_symlink())
        ):
            os.rename(entry, target)


# --------------------------------------------------------------------------- leftovers


def _remove_marked(folder: Path) -> None:
    """Remove a folder only if it carries our marker: never anything someone else made."""
    if folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file():
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def _clean_leftovers(final: Path) -> None:
    """Staging folders of builds that were killed (their process is gone)."""
    candidates: list[Path] = []
    with contextlib.suppress(OSError):
        candidates += [
            p
            for p in final.parent.iterdir()
            if p.name.startswith(f".{final.name}{STAGING}") or p.name.startswith(f".{final.name}{OLD}")
        ]
    if final.is_dir():
        with contextlib.suppress(OSError):
            candidates += [p for p in final.iterdir() if p.name.startswith(INSIDE)]
    for path in candidates:
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and (int(pid) == os.getpid() or not _alive(int(pid))):
            _remove_marked(path)
