"""Safe publishing: build into a fresh directory, then switch DEST to it in one atomic step.

Layout next to DEST (same filesystem, so renames are atomic):

    DEST                     symlink → DEST.versions/<stamp>-<audience>   (what the web server serves)
    DEST.versions/
        20241201-093000-public/          a complete build
        20241202-101500-public/          the newest complete build
        previous                         symlink → the version `--rollback` returns to
        <stamp>-<audience>.tmp-<pid>/    a build in progress (never served)
        .lock                            one publish at a time

Why a symlink: replacing a symlink with os.replace() is a single rename(2), so a request sees
either the old tree or the new one, never a mix — and a SIGKILL at any moment leaves DEST
pointing at a complete version:

* killed while building  → only the .tmp directory is half-written; DEST is untouched, and the
  next publish deletes the leftover (the build process dies with us on Linux, see _die_with_parent);
* killed after the build was renamed into place but before the switch → an extra complete
  version nobody serves; pruned later;
* killed during the switch → rename(2) either happened or it did not;
* killed between switching and updating `previous` → cannot happen in that order: `previous`
  is written first, so at worst it names the version still being served, and rollback then
  falls back to the newest other version.

The rename dance without symlinks (DEST → DEST.previous, then temp → DEST) has a moment where
DEST does not exist; it is used only once, to adopt a DEST that is still a plain directory.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .audience import AUDIENCE_ENV, INTERNAL, PUBLIC, AudienceError, current_audience, find_leaks, published_docs_text
from .catalog import Catalog
from .loader import Layout, load_catalog
from .problems import format_report

TMP_MARK = ".tmp-"
TRASH_MARK = ".trash-"
PREVIOUS = "previous"
LOCK = ".lock"
KEEP = 3  # versions kept on disk: the current one, the previous one and one more


class PublishError(Exception):
    """Publishing stopped before DEST changed; the message is Chinese and fit to show as is."""


@dataclass(frozen=True)
class Version:
    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def audience(self) -> str | None:
        tail = self.name.rsplit("-", 1)[-1]
        return tail if tail in (INTERNAL, PUBLIC) else None

    @property
    def label(self) -> str:
        return {PUBLIC: "公开版", INTERNAL: "内网版"}.get(self.audience or "", "来源不明的版本")


def versions_dir(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.versions"


def _absolute(dest: Path) -> Path:
    """Absolute without resolving DEST itself: DEST is the symlink we switch."""
    return Path(os.path.abspath(dest))


def current_version(dest: Path) -> Version | None:
    """The version DEST serves, if DEST is our symlink to a complete version."""
    if not dest.is_symlink():
        return None
    target = (dest.parent / os.readlink(dest)).resolve()
    return Version(target) if target.is_dir() else None


def complete_versions(dest: Path) -> list[Version]:
    """Complete builds, oldest first (names start with a sortable timestamp)."""
    folder = versions_dir(dest)
    if not folder.is_dir():
        return []
    return [Version(p) for p in sorted(folder.iterdir()) if p.is_dir() and not p.is_symlink() and TMP_MARK not in p.name and TRASH_MARK not in p.name]


def previous_version(dest: Path) -> Version | None:
    """Where --rollback goes: the `previous` pointer, else the newest other complete version."""
    current = current_version(dest)
    pointer = versions_dir(dest) / PREVIOUS
    if pointer.is_symlink():
        target = (pointer.parent / os.readlink(pointer)).resolve()
        if target.is_dir() and (current is None or target != current.path.resolve()):
            return Version(target)
    others = [v for v in complete_versions(dest) if current is None or v.path.resolve() != current.path.resolve()]
    return others[-1] if others else None


# --------------------------------------------------------------------------- filesystem steps


def _fsync_dir(folder: Path) -> None:
    """Make a rename durable across power loss (SIGKILL alone never loses a completed rename)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _point(link: Path, target: Path) -> None:
    """Atomically make `link` a relative symlink to `target` (create aside, then rename over)."""
    aside = link.parent / f".{link.name}.link-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        aside.unlink()
    os.symlink(os.path.relpath(target, link.parent), aside)
    os.replace(aside, link)
    _fsync_dir(link.parent)


def _remove_tree(path: Path) -> None:
    """Rename first, so a kill halfway through deleting never leaves a half-deleted 'version'."""
    trash = path.parent / f"{path.name}{TRASH_MARK}{os.getpid()}"
    try:
        os.rename(path, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _clean_leftovers(dest: Path) -> list[str]:
    """Half-written builds and half-deleted versions from runs that were killed."""
    removed = []
    for path in versions_dir(dest).iterdir():
        if TMP_MARK in path.name or TRASH_MARK in path.name:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    path.unlink()
            removed.append(path.name)
    for path in [*dest.parent.glob(f".{dest.name}.link-*"), *versions_dir(dest).glob(".*.link-*")]:
        with contextlib.suppress(OSError):
            path.unlink()
    return removed


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    import fcntl

    handle = open(versions_dir(dest) / LOCK, "a")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PublishError(f"{dest}: 另一个发布正在进行，请等它结束后再试") from None
        yield
    finally:
        handle.close()  # closing releases the lock, also when the process is killed


def _prune(dest: Path, keep: int) -> None:
    current = current_version(dest)
    previous = previous_version(dest)
    protected = {v.path.resolve() for v in (current, previous) if v}
    versions = complete_versions(dest)
    surplus = [v for v in versions if v.path.resolve() not in protected]
    for version in surplus[: max(len(versions) - max(keep, 2), 0)]:
        _remove_tree(version.path)


def _stamp(folder: Path, audience: str) -> str:
    base = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    name, counter = f"{base}-{audience}", 1
    while (folder / name).exists() or any(p.name.startswith(name + TMP_MARK) for p in folder.iterdir()):
        counter += 1
        name = f"{base}.{counter:03d}-{audience}"  # zero-padded: names must sort in publishing order
    return name


# --------------------------------------------------------------------------- building


def default_build_command(root: Path, strict: bool = True) -> list[str]:
    """mkdocs build into `{site_dir}` (filled in per build)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--clean", "--config-file", str(root / "mkdocs.yml"), "--site-dir", "{site_dir}"]
    if strict:
        command.append("--strict")
    return command


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the build gets SIGKILL when publish dies, so nobody writes into a cleaned-up folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_build(command: Sequence[str], root: Path, site_dir: Path, audience: str) -> None:
    argv = [part.replace("{site_dir}", str(site_dir)).replace("{root}", str(root)) for part in command]
    env = dict(os.environ)
    env[AUDIENCE_ENV] = audience  # always explicit: an inherited value must not pick the audience
    try:
        result = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, errors="replace", preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
    except OSError as error:
        raise PublishError(f"无法运行构建命令 {argv[0]}（{error.strerror}）") from None
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-30:])
        raise PublishError(f"构建失败（退出码 {result.returncode}），目标目录未改动。构建输出的最后几行：\n{tail}")


def _check_output(site_dir: Path, root: Path, audience: str, catalog: Catalog) -> None:
    if not (site_dir / "index.html").is_file():
        raise PublishError("构建结果中没有 index.html，不完整，目标目录未改动")
    if audience == PUBLIC:
        layout = Layout(root)
        leaks = find_leaks(site_dir, catalog, published_docs_text(root / layout.docs_dir, catalog))
        if leaks:
            listed = "\n".join(leak.format() for leak in leaks[:20])
            more = f"\n……另有 {len(leaks) - 20} 处" if len(leaks) > 20 else ""
            raise PublishError(f"公开版构建结果中出现了标为内部的内容，已停止发布，目标目录未改动：\n{listed}{more}")


# --------------------------------------------------------------------------- publish and rollback


def _guard_target(root: Path, dest: Path) -> None:
    root = root.resolve()
    parent = dest.parent.resolve()
    target = parent / dest.name
    docs = (root / Layout(root).docs_dir).resolve()
    if target == root or root.is_relative_to(target):
        raise PublishError(f"{dest}: 目标目录不能是项目目录或它的上级目录")
    if target == docs or target.is_relative_to(docs) or parent.is_relative_to(docs):
        raise PublishError(f"{dest}: 目标目录不能放在 docs/ 里（MkDocs 会把它当成页面来源）")
    if dest.exists() and not dest.is_symlink() and not dest.is_dir():
        raise PublishError(f"{dest}: 已存在同名文件，不是目录")


def _guard_audience(dest: Path, audience: str, allow_change: bool) -> None:
    current = current_version(dest)
    if current and current.audience and current.audience != audience and not allow_change:
        wanted = "公开版" if audience == PUBLIC else "内网版"
        raise PublishError(f"{dest} 当前发布的是{current.label}，这次是{wanted}，已停止 — 确认无误请加 --allow-audience-change")


def publish(
    root: Path,
    dest: Path,
    *,
    audience: str,
    build_command: Sequence[str] | None = None,
    keep: int = KEEP,
    strict: bool = True,
    allow_audience_change: bool = False,
    say: Callable[[str], None] = print,
) -> Version:
    """Validate, build into a temporary directory next to DEST, check, then switch DEST to it."""
    if audience not in (INTERNAL, PUBLIC):
        raise PublishError(f"受众“{audience}”无效，只能是 internal 或 public")
    root = root.resolve()
    dest = _absolute(dest)
    _guard_target(root, dest)
    folder = versions_dir(dest)
    folder.mkdir(parents=True, exist_ok=True)
    with _lock(dest):
        leftovers = _clean_leftovers(dest)
        if leftovers:
            say(f"已清理上次中断留下的临时目录：{'、'.join(leftovers)}")
        _guard_audience(dest, audience, allow_audience_change)
        catalog, problems = load_catalog(Layout(root), audience)
        if any(p.severity == "error" for p in problems):
            raise PublishError(f"资料校验未通过（{'公开版' if audience == PUBLIC else '内网版'}），未构建，目标目录未改动：\n{format_report(problems)}")
        name = _stamp(folder, audience)
        building = folder / f"{name}{TMP_MARK}{os.getpid()}"
        try:
            say(f"正在构建{'公开版' if audience == PUBLIC else '内网版'}……")
            _run_build(build_command or default_build_command(root, strict), root, building, audience)
            _check_output(building, root, audience, catalog)
            final = folder / name
            os.rename(building, final)
            _fsync_dir(folder)
        finally:
            if building.exists():
                shutil.rmtree(building, ignore_errors=True)
        old = current_version(dest)
        if dest.exists() and not dest.is_symlink():
            # A plain directory from before: move it aside once (a brief gap), keep it for rollback.
            adopted = folder / f"{_stamp(folder, 'adopted')}"
            os.rename(dest, adopted)
            old = Version(adopted)
        if old is not None:
            _point(folder / PREVIOUS, old.path)  # before the switch: see the module docstring
        _point(dest, final)
        _prune(dest, keep)
        return Version(final)


def rollback(dest: Path, *, allow_audience_change: bool = False) -> tuple[Version, Version | None]:
    """Switch DEST back to the previous version; the one replaced becomes the new `previous`."""
    dest = _absolute(dest)
    if not versions_dir(dest).is_dir():
        raise PublishError(f"{dest}: 没有发布记录，无法回退")
    with _lock(dest):
        _clean_leftovers(dest)
        current = current_version(dest)
        target = previous_version(dest)
        if target is None:
            raise PublishError(f"{dest}: 没有可以回退到的上一个版本")
        if current and current.audience and target.audience and current.audience != target.audience and not allow_audience_change:
            raise PublishError(f"上一个版本是{target.label}，当前是{current.label}，已停止 — 确认无误请加 --allow-audience-change")
        _point(dest, target.path)
        if current is not None:
            _point(versions_dir(dest) / PREVIOUS, current.path)
        return target, current


# --------------------------------------------------------------------------- command line


def cmd_publish(args: argparse.Namespace) -> int:
    from .cli import DATA_ERROR, OK, USAGE_ERROR, project_root, say

    dest = Path(args.dest)
    try:
        if args.rollback:
            target, replaced = rollback(dest, allow_audience_change=args.allow_audience_change)
            say(f"已回退：{dest} → {target.name}（{target.label}）" + (f"；原版本 {replaced.name} 保留，可再次 --rollback 恢复" if replaced else ""))
            return OK
        audience = PUBLIC if args.public else current_audience()
        version = publish(
            project_root(args.root),
            dest,
            audience=audience,
            keep=args.keep,
            strict=not args.no_strict,
            allow_audience_change=args.allow_audience_change,
            say=say,
        )
    except AudienceError as error:
        say(f"{error} — 检查环境变量 {AUDIENCE_ENV}")
        return USAGE_ERROR
    except PublishError as error:
        say(str(error))
        return DATA_ERROR
    previous = previous_version(dest)
    say(f"已发布{version.label}：{dest} → {version.name}" + (f"（上一版 {previous.name}，可用 --rollback 回退）" if previous else ""))
    return OK


def register(command: Callable[..., argparse.ArgumentParser]) -> None:
    sub = command("publish", cmd_publish, "构建网站并原子地替换发布目录（保留上一版本，可回退）")
    sub.add_argument("dest", metavar="DEST", help="发布目录，如 /var/www/showcase（将成为指向版本目录的符号链接）")
    sub.add_argument("--public", action="store_true", help=f"构建公开版：不含任何标为 internal 的内容（也可设环境变量 {AUDIENCE_ENV}=public）")
    sub.add_argument("--rollback", action="store_true", help="不构建，切回上一个版本")
    sub.add_argument("--keep", type=int, default=KEEP, metavar="N", help=f"保留的版本数（至少 2，默认 {KEEP}）")
    sub.add_argument("--no-strict", action="store_true", help="构建时不使用 mkdocs 的严格模式")
    sub.add_argument("--allow-audience-change", action="store_true", help="允许用内网版替换公开版（或反之）")
