"""Safe publishing: build into a fresh directory, then switch DEST to it in one atomic step.

Layout next to DEST (same filesystem, so renames are atomic):

    DEST                      symlink → DEST.versions/<name>/site   (what the web server serves)
    DEST.versions/
        .showcase-publish     marker: this folder belongs to publish
        0001-20241201-093000-public/
            version.json      marker and record: sequence number, audience, time of creation
            site/             a complete build
        0002-20241202-101500-public/     the newest complete build
        previous              symlink → the version `--rollback` returns to
        <name>.tmp-<pid>/     a build in progress (never served; marked by .building)
        .lock                 one publish at a time

Publish never deletes or moves what it did not create. It works only in a DEST that is missing,
an empty folder, or its own symlink into a DEST.versions that carries the marker; anything else
(a folder with someone's files, a foreign symlink, a file) is refused before anything is built
or written. Inside DEST.versions it prunes and cleans up only folders that carry its markers.
Versions are ordered by the sequence number recorded in their version.json when they were made,
never by folder names or the clock, so rollback and pruning pick the right ones even after the
clock was set back or a folder was renamed.

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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from showcase.audience import find_leaks, load_for_audience, published_docs_text
from showcase.core.catalog import Catalog
from showcase.core.loader import Layout
from showcase.core.problems import format_report
from showcase.core.settings import AUDIENCE_ENV, INTERNAL, PUBLIC, whole_site_environment
from showcase.publishing.runner import runner_command

TOOL = "showcase publish"  # written into every marker
FOLDER_MARKER = ".showcase-publish"  # in DEST.versions
VERSION_FILE = "version.json"  # in every complete version
BUILDING = ".building"  # in a build in progress
SITE = "site"  # the served tree inside a version
TMP_MARK = ".tmp-"
TRASH_MARK = ".trash-"
PREVIOUS = "previous"
LOCK = ".lock"
KEEP = 3  # versions kept on disk: the current one, the previous one and one more


class PublishError(Exception):
    """Publishing stopped before DEST changed; the message is Chinese and fit to show as is."""


@dataclass(frozen=True)
class Version:
    path: Path  # DEST.versions/<name>, resolved
    sequence: int  # 1, 2, 3 … in the order the versions were made
    audience: str
    created: str  # ISO 8601, for people; ordering uses `sequence`

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def site(self) -> Path:
        return self.path / SITE

    @property
    def label(self) -> str:
        return {PUBLIC: "公开版", INTERNAL: "内网版"}.get(self.audience, "来源不明的版本")


def versions_dir(dest: Path) -> Path:
    return dest.parent / f"{dest.name}.versions"


def _absolute(dest: Path) -> Path:
    """Absolute without resolving DEST itself: DEST is the symlink we switch."""
    return Path(os.path.abspath(dest))


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()  # a seam for tests: the clock may go backwards


# --------------------------------------------------------------------------- markers


def _is_marked_folder(folder: Path) -> bool:
    """DEST.versions carries publish's marker."""
    marker = folder / FOLDER_MARKER
    if folder.is_symlink() or not folder.is_dir() or marker.is_symlink() or not marker.is_file():
        return False
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("tool") == TOOL
    except (OSError, ValueError, AttributeError):
        return False


def _write_json(path: Path, data: dict[str, object]) -> None:
    """Written aside and renamed: a kill never leaves a half-written marker."""
    aside = path.with_name(f"{path.name}{TMP_MARK}{os.getpid()}")
    aside.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(aside, path)


def _read_version(path: Path) -> Version | None:
    """A complete version publish made: a real folder with a valid version.json and a site/."""
    if path.is_symlink() or not path.is_dir() or TMP_MARK in path.name or TRASH_MARK in path.name:
        return None
    record = path / VERSION_FILE
    if record.is_symlink() or not record.is_file() or not (path / SITE).is_dir():
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("tool") != TOOL:
        return None
    sequence, audience, created = data.get("sequence"), data.get("audience"), data.get("created", "")
    if (
        not isinstance(sequence, int)
        or isinstance(sequence, bool)
        or sequence < 1
        or audience not in (INTERNAL, PUBLIC)
    ):
        return None
    return Version(path.resolve(), sequence, audience, str(created))


def _is_marked_leftover(path: Path) -> bool:
    """A half-written build or half-deleted version of ours."""
    if path.is_symlink() or not path.is_dir():
        return False
    return (path / BUILDING).is_file() or (path / VERSION_FILE).is_file()


# --------------------------------------------------------------------------- reading the state


def current_version(dest: Path) -> Version | None:
    """The version DEST serves, if DEST is our symlink to a complete version."""
    if not dest.is_symlink():
        return None
    target = (dest.parent / os.readlink(dest)).resolve()
    if target.name != SITE or target.parent.parent != versions_dir(dest).resolve():
        return None
    return _read_version(target.parent)


def complete_versions(dest: Path) -> list[Version]:
    """Complete builds publish made, oldest first by their recorded sequence number."""
    folder = versions_dir(dest)
    if not _is_marked_folder(folder):
        return []
    found = [v for v in (_read_version(p) for p in folder.iterdir()) if v is not None]
    return sorted(found, key=lambda v: (v.sequence, v.name))


def previous_version(dest: Path) -> Version | None:
    """Where --rollback goes: the `previous` pointer, else the newest other complete version."""
    current = current_version(dest)
    folder = versions_dir(dest)
    pointer = folder / PREVIOUS
    if pointer.is_symlink() and _is_marked_folder(folder):
        target = (pointer.parent / os.readlink(pointer)).resolve()
        version = _read_version(target) if target.parent == folder.resolve() else None
        if version is not None and version != current:
            return version
    others = [v for v in complete_versions(dest) if v != current]
    return others[-1] if others else None


@dataclass(frozen=True)
class _Dest:
    usable: bool  # publish may point DEST at a version
    empty_dir: bool = False  # an empty real folder: removed (rmdir) just before the switch
    refusal: str = ""


def _inspect(dest: Path) -> _Dest:
    """May publish (or rollback) make DEST its symlink? Only when nothing of anyone else's is there."""
    folder = versions_dir(dest)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return _Dest(
            False,
            refusal=(
                f"{folder}: 已存在同名的文件或链接，不是 publish 建立的版本目录，已停止，什么都没有改动 — "
                "把它移走或改名，或换一个发布目录"
            ),
        )
    if folder.is_dir() and not _is_marked_folder(folder) and any(folder.iterdir()):
        return _Dest(
            False,
            refusal=(
                f"{folder}: 目录里已有文件或文件夹，但不是 publish 建立的版本目录（没有 {FOLDER_MARKER} 标记），"
                "为了不误删这些文件，已停止，什么都没有改动"
                " — 把它移走或改名，或换一个发布目录（旧版 publish 留下的版本目录也没有这个标记，"
                "连同发布目录一起移走即可）"
            ),
        )
    if dest.is_symlink():
        target = Path(os.path.normpath(dest.parent / os.readlink(dest)))
        inside = target.parent.parent == folder or target.resolve().parent.parent == folder.resolve()
        if inside and target.name == SITE and _is_marked_folder(folder):
            return _Dest(True)
        return _Dest(
            False,
            refusal=(
                f"{dest}: 是指向 {os.readlink(dest)} 的符号链接，不是 publish 建立的，已停止，什么都没有改动 — "
                "换一个发布目录，或自行删除这个链接后重试"
            ),
        )
    if not dest.exists():
        return _Dest(True)
    if not dest.is_dir():
        return _Dest(
            False,
            refusal=f"{dest}: 已存在同名文件，不是目录，已停止，什么都没有改动 — 换一个发布目录，或自行移走这个文件",
        )
    if any(dest.iterdir()):
        return _Dest(
            False,
            refusal=(
                f"{dest}: 目录里已有文件或文件夹，但不是 publish 建立的发布目录，为了不误删或挪动这些文件，已停止，"
                "什么都没有改动 — 请换一个空目录或尚不存在的目录作为发布目录，或先自行把其中的文件移到别处"
            ),
        )
    return _Dest(True, empty_dir=True)


def _require_usable(dest: Path) -> _Dest:
    state = _inspect(dest)
    if not state.usable:
        raise PublishError(state.refusal)
    return state


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
    try:
        os.replace(aside, link)
    except OSError:
        aside.unlink()
        raise
    _fsync_dir(link.parent)


def _switch(dest: Path, site: Path) -> None:
    """Point DEST at `site`, checking again right before: DEST may have changed during the build."""
    state = _require_usable(dest)
    try:
        if state.empty_dir:
            os.rmdir(dest)  # fails if files appeared in the meantime: then nothing is lost
        _point(dest, site)
    except OSError as error:
        raise PublishError(
            f"{dest}: 构建期间发布目录被改动（{error.strerror}），未切换，其中的文件未动 — 检查该目录后重试"
        ) from None


def _remove_tree(path: Path) -> None:
    """Rename first, so a kill halfway through deleting never leaves a half-deleted 'version'."""
    trash = path.parent / f"{path.name}{TRASH_MARK}{os.getpid()}"
    try:
        os.rename(path, trash)
    except OSError:
        return
    shutil.rmtree(trash, ignore_errors=True)


def _clean_leftovers(dest: Path) -> list[str]:
    """Half-written builds and half-deleted versions from runs that were killed (ours only)."""
    removed = []
    folder = versions_dir(dest)
    for path in folder.iterdir():
        if TMP_MARK not in path.name and TRASH_MARK not in path.name:
            continue
        if _is_marked_leftover(path):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
        elif path.is_dir() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.rmdir()  # killed before its marker was written: only if empty
        elif path.name.startswith((FOLDER_MARKER, VERSION_FILE)) and path.is_file():
            path.unlink()  # a marker written aside and never renamed
    for path in [*dest.parent.glob(f".{dest.name}.link-*"), *folder.glob(".*.link-*")]:
        if path.is_symlink():
            with contextlib.suppress(OSError):
                path.unlink()
    return removed


@contextlib.contextmanager
def _lock(dest: Path) -> Iterator[None]:
    import fcntl  # POSIX only: publish runs on the Linux web server, the CLI also on Windows

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
    protected = {v.path for v in (current, previous) if v}
    versions = complete_versions(dest)  # oldest first, by sequence
    surplus = [v for v in versions if v.path not in protected]
    for version in surplus[: max(len(versions) - max(keep, 2), 0)]:
        _remove_tree(version.path)


def _new_name(folder: Path, sequence: int, audience: str, now: dt.datetime) -> str:
    """A folder name for people (ordering uses version.json); unique in the folder."""
    base = f"{sequence:04d}-{now.strftime('%Y%m%d-%H%M%S')}-{audience}"
    name, counter = base, 1
    while (
        (folder / name).exists()
        or (folder / name).is_symlink()
        or any(p.name.startswith(name + TMP_MARK) for p in folder.iterdir())
    ):
        counter += 1
        name = f"{base}.{counter}"
    return name


# --------------------------------------------------------------------------- building


def default_build_command(root: Path, strict: bool = True) -> list[str]:
    """`properdocs build` (or SHOWCASE_RUNNER's choice) into `{site_dir}` (filled in per build)."""
    command = runner_command("build", "--clean", "--config-file", str(root / "mkdocs.yml"), "--site-dir", "{site_dir}")
    if strict:
        command.append("--strict")
    return command


SHOWCASE_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "showcase.py"
MERGED_RECORD = ".showcase-merged.json"  # written by `showcase.py merge` (showcase/sharding/merge.py)


def sharded_build_command(root: Path, jobs: int, strict: bool = True) -> list[str]:
    """`showcase.py build --jobs K` (shards in parallel processes, merged) into `{site_dir}`; its
    shard folders stay in the project's .showcase-build/, so the next publish renders only what changed."""
    command = [
        sys.executable,
        str(SHOWCASE_SCRIPT),
        "--root",
        str(root),
        "build",
        "--jobs",
        str(jobs),
        "--out",
        "{site_dir}",
    ]
    return command + ([] if strict else ["--no-strict"])


def _copy_merged(site: Path, target: Path, audience: str) -> None:
    """A site `showcase.py merge` made (perhaps in CI), copied in as the new version's site."""
    record = site / MERGED_RECORD
    try:
        made = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PublishError(
            f"{site}: 不是 merge 合并出的完整网站（没有 {MERGED_RECORD}）— 先用 merge 合并全部分片，或不加 --site "
            "直接构建并发布"
        ) from None
    if not isinstance(made, dict) or made.get("audience") != audience:
        made_for = made.get("audience") if isinstance(made, dict) else None
        found = {PUBLIC: "公开版", INTERNAL: "内网版"}.get(made_for if isinstance(made_for, str) else "", "来源不明")
        wanted = "公开版" if audience == PUBLIC else "内网版"
        raise PublishError(f"{site}: 是{found}网站，这次要发布的是{wanted} — 用相应受众重新构建，或加/去掉 --public")
    try:
        shutil.copytree(site, target, symlinks=False)
    except (OSError, shutil.Error) as error:
        raise PublishError(f"{site}: 无法复制网站（{error}），目标目录未改动") from None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the build gets SIGKILL when publish dies, so nobody writes into a cleaned-up folder."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _run_build(command: Sequence[str], root: Path, site_dir: Path, audience: str) -> None:
    argv = [part.replace("{site_dir}", str(site_dir)).replace("{root}", str(root)) for part in command]
    env = whole_site_environment()
    env[AUDIENCE_ENV] = audience  # always explicit: an inherited value must not pick the audience
    try:
        result = subprocess.run(
            argv,
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            errors="replace",
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
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
    _require_usable(dest)


def _guard_audience(dest: Path, audience: str, allow_change: bool) -> None:
    current = current_version(dest)
    if current and current.audience != audience and not allow_change:
        wanted = "公开版" if audience == PUBLIC else "内网版"
        raise PublishError(
            f"{dest} 当前发布的是{current.label}，这次是{wanted}，已停止 — 确认无误请加 --allow-audience-change"
        )


def _claim(folder: Path, dest: Path) -> None:
    """Create DEST.versions (or adopt it while empty) and mark it as publish's."""
    folder.mkdir(parents=True, exist_ok=True)
    if not _is_marked_folder(folder):
        _write_json(
            folder / FOLDER_MARKER,
            {"tool": TOOL, "dest": dest.name, "about": "本目录由 showcase.py publish 建立和管理，请勿手动改动"},
        )


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
    merged_site: Path | None = None,
) -> Version:
    """Validate, build into a temporary directory next to DEST, check, then switch DEST to it.
    `merged_site`: instead of building, publish a site `showcase.py merge` made."""
    if audience not in (INTERNAL, PUBLIC):
        raise PublishError(f"受众“{audience}”无效，只能是 internal 或 public")
    root = root.resolve()
    dest = _absolute(dest)
    _guard_target(root, dest)  # before anything is written: refuse a folder with someone's files
    folder = versions_dir(dest)
    _claim(folder, dest)
    with _lock(dest):
        leftovers = _clean_leftovers(dest)
        if leftovers:
            say(f"已清理上次中断留下的临时目录：{'、'.join(leftovers)}")
        _require_usable(dest)
        _guard_audience(dest, audience, allow_audience_change)
        catalog, problems = load_for_audience(Layout(root), audience)
        if any(p.severity == "error" for p in problems):
            raise PublishError(
                f"资料校验未通过（{'公开版' if audience == PUBLIC else '内网版'}），未构建，目标目录未改动："
                f"\n{format_report(problems)}"
            )
        existing = complete_versions(dest)
        sequence = max((v.sequence for v in existing), default=0) + 1
        now = _now()
        name = _new_name(folder, sequence, audience, now)
        building = folder / f"{name}{TMP_MARK}{os.getpid()}"
        try:
            building.mkdir()
            (building / BUILDING).write_text(f"{TOOL}: build in progress (pid {os.getpid()})\n", encoding="utf-8")
            if merged_site is not None:
                say(f"正在复制合并好的网站 {merged_site}……")
                _copy_merged(merged_site, building / SITE, audience)
            else:
                say(f"正在构建{'公开版' if audience == PUBLIC else '内网版'}……")
                _run_build(build_command or default_build_command(root, strict), root, building / SITE, audience)
            _check_output(building / SITE, root, audience, catalog)
            _write_json(
                building / VERSION_FILE,
                {
                    "tool": TOOL,
                    "sequence": sequence,
                    "audience": audience,
                    "created": now.isoformat(timespec="seconds"),
                },
            )
            (building / BUILDING).unlink()
            final = folder / name
            os.rename(building, final)
            _fsync_dir(folder)
        finally:
            if building.exists() and _is_marked_leftover(building):
                shutil.rmtree(building, ignore_errors=True)
        version = _read_version(final)
        if version is None:  # the build replaced site/ with something else (a file): never serve it
            raise PublishError(f"{final}: 构建结果不完整，未切换，目标目录未改动")
        old = current_version(dest)
        if old is not None:
            _point(folder / PREVIOUS, old.path)  # before the switch: see the module docstring
        _switch(dest, version.site)
        _prune(dest, keep)
        return version


def rollback(dest: Path, *, allow_audience_change: bool = False) -> tuple[Version, Version | None]:
    """Switch DEST back to the previous version; the one replaced becomes the new `previous`."""
    dest = _absolute(dest)
    if not _is_marked_folder(versions_dir(dest)):
        raise PublishError(f"{dest}: 没有发布记录（找不到 publish 建立的 {versions_dir(dest).name}），无法回退")
    _require_usable(dest)
    with _lock(dest):
        _clean_leftovers(dest)
        current = current_version(dest)
        target = previous_version(dest)
        if target is None:
            raise PublishError(f"{dest}: 没有可以回退到的上一个版本")
        if current and current.audience != target.audience and not allow_audience_change:
            raise PublishError(
                f"上一个版本是{target.label}，当前是{current.label}，已停止 — 确认无误请加 --allow-audience-change"
            )
        _switch(dest, target.site)
        if current is not None:
            _point(versions_dir(dest) / PREVIOUS, current.path)
        return target, current
