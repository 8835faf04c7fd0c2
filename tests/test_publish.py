"""Safe publishing: DEST always serves a complete version, also when the build is killed.

The build command is injected: a tiny Python script writes index.html (optionally slowly), so
the tests are deterministic and fast; the real `mkdocs build` is exercised by the site tests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from showcase.commands.main import main
from showcase.publishing import publish as pub
from showcase.publishing.publish import PublishError, current_version, previous_version, publish, rollback, versions_dir

PRIVACY = Path(__file__).parent / "fixtures" / "privacy"

# argv: site_dir, text for index.html, [file to announce "half written", seconds to sleep]
FAKE_BUILD = """
import os, pathlib, sys, time
site = pathlib.Path(sys.argv[1])
site.mkdir(parents=True)
(site / "index.html").write_text("PARTIAL " + sys.argv[2], encoding="utf-8")
if len(sys.argv) > 3:
    pathlib.Path(sys.argv[3]).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(float(sys.argv[4]))
audience = os.environ.get("SHOWCASE_AUDIENCE", "?")
(site / "index.html").write_text(sys.argv[2] + " audience=" + audience, encoding="utf-8")
"""


def fake(text: str, *extra: str) -> list[str]:
    return [sys.executable, "-c", FAKE_BUILD, "{site_dir}", text, *extra]


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "www" / "site"


def served(dest: Path) -> str:
    return (dest / "index.html").read_text(encoding="utf-8")


def quiet(_text: str) -> None:
    pass


def test_publish_switches_dest_and_keeps_the_previous_version(project: Path, dest: Path) -> None:
    first = publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    assert dest.is_symlink() and served(dest) == "v1 audience=internal"
    assert current_version(dest) == first and previous_version(dest) is None
    second = publish(project, dest, audience="internal", build_command=fake("v2"), say=quiet)
    assert served(dest) == "v2 audience=internal"
    assert previous_version(dest) == first
    assert not os.path.isabs(os.readlink(dest))  # relative: the parent folder can move
    back, replaced = rollback(dest)
    assert (back, replaced) == (first, second) and served(dest) == "v1 audience=internal"
    rollback(dest)  # and forward again
    assert served(dest) == "v2 audience=internal"


def test_a_failed_build_leaves_dest_alone(project: Path, dest: Path) -> None:
    publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    failing = [sys.executable, "-c", "import sys; print('构建出错了'); sys.exit(3)"]
    with pytest.raises(PublishError) as error:
        publish(project, dest, audience="internal", build_command=failing, say=quiet)
    assert "退出码 3" in str(error.value) and "构建出错了" in str(error.value)
    assert served(dest) == "v1 audience=internal"
    assert not [p for p in versions_dir(dest).iterdir() if pub.TMP_MARK in p.name]


def test_a_build_without_index_is_refused(project: Path, dest: Path) -> None:
    empty = [sys.executable, "-c", "import pathlib, sys; pathlib.Path(sys.argv[1]).mkdir(parents=True)", "{site_dir}"]
    with pytest.raises(PublishError, match=r"index\.html"):
        publish(project, dest, audience="internal", build_command=empty, say=quiet)
    assert not dest.exists()


def test_a_killed_publish_leaves_dest_serving_the_previous_version(project: Path, dest: Path, tmp_path: Path) -> None:
    publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    ready = tmp_path / "half-written"
    script = (
        "import sys; from pathlib import Path; from showcase.publishing.publish import publish\n"
        f"publish(Path({str(project)!r}), Path({str(dest)!r}), audience='internal', "
        f"build_command={fake('v2', str(ready), '30')!r}, say=lambda t: None)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():  # the build has written half its output
            assert child.poll() is None, "publish ended before the build was half-way"
            assert time.monotonic() < deadline, "the build never started"
            time.sleep(0.02)
        build_pid = int(ready.read_text(encoding="utf-8"))
        assert served(dest) == "v1 audience=internal"  # mid-build
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert served(dest) == "v1 audience=internal"
    leftovers = [p.name for p in versions_dir(dest).iterdir() if pub.TMP_MARK in p.name]
    assert leftovers and (versions_dir(dest) / leftovers[0] / "site" / "index.html").read_text(
        encoding="utf-8"
    ).startswith("PARTIAL")
    if sys.platform.startswith("linux"):  # the build died with its parent instead of writing on
        deadline = time.monotonic() + 5
        while _alive(build_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(build_pid)
    messages: list[str] = []
    publish(project, dest, audience="internal", build_command=fake("v3"), say=messages.append)
    assert served(dest) == "v3 audience=internal"
    assert any("已清理" in m for m in messages)
    assert not [p for p in versions_dir(dest).iterdir() if pub.TMP_MARK in p.name]
    rollback(dest)
    assert served(dest) == "v1 audience=internal"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie still answers; it no longer writes anything
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_old_versions_are_pruned(project: Path, dest: Path) -> None:
    for n in range(4):
        publish(project, dest, audience="internal", build_command=fake(f"v{n}"), keep=2, say=quiet)
    names = [v.name for v in pub.complete_versions(dest)]
    assert len(names) == 2
    assert served(dest) == "v3 audience=internal" and previous_version(dest) is not None
    assert (previous_version(dest).site / "index.html").read_text(encoding="utf-8") == "v2 audience=internal"  # type: ignore[union-attr]


# ---------------------------------------------------------------------------- nothing lost


def _tree(folder: Path) -> dict[str, str]:
    """Every file below `folder` with its content: what a user would miss."""
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_folder_with_someone_elses_files_is_refused_and_nothing_is_lost(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11, item 1: `publish ../pub/home` over a folder holding important.txt and photos/."""
    monkeypatch.setattr(pub, "default_build_command", lambda root, strict=True: fake("cli"))
    home = tmp_path / "pub" / "home"
    (home / "photos").mkdir(parents=True)
    (home / "important.txt").write_text("重要文件", encoding="utf-8")
    (home / "photos" / "合影.jpg").write_text("jpeg", encoding="utf-8")
    before = _tree(home)
    for _ in range(4):
        assert main(["--root", str(project), "publish", str(home)]) == 1
        out = capsys.readouterr().out
        assert "已有文件" in out and "不是 publish 建立的" in out and "空目录" in out and "移到别处" in out
        assert "Traceback" not in out
    assert not home.is_symlink() and _tree(home) == before
    assert sorted(p.name for p in home.parent.iterdir()) == ["home"]  # not even a versions folder
    assert main(["--root", str(project), "publish", str(home), "--rollback"]) == 1
    assert _tree(home) == before


def test_an_empty_or_missing_folder_is_fine(project: Path, tmp_path: Path) -> None:
    empty = tmp_path / "www" / "empty"
    empty.mkdir(parents=True)
    publish(project, empty, audience="internal", build_command=fake("v1"), say=quiet)
    assert empty.is_symlink() and served(empty) == "v1 audience=internal"
    missing = tmp_path / "deep" / "new" / "site"
    publish(project, missing, audience="internal", build_command=fake("v1"), say=quiet)
    assert served(missing) == "v1 audience=internal"
    assert (versions_dir(missing) / pub.FOLDER_MARKER).is_file()


@pytest.mark.parametrize("kind", ["file", "foreign-symlink", "dangling-symlink", "hidden-file"])
def test_other_things_at_dest_are_refused(project: Path, tmp_path: Path, kind: str) -> None:
    dest = tmp_path / "www" / "site"
    dest.parent.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("别动", encoding="utf-8")
    if kind == "file":
        dest.write_text("一个文件", encoding="utf-8")
    elif kind == "foreign-symlink":
        dest.symlink_to(elsewhere)
    elif kind == "dangling-symlink":
        dest.symlink_to(tmp_path / "nowhere")
    else:
        dest.mkdir()
        (dest / ".htaccess").write_text("Options -Indexes", encoding="utf-8")
    with pytest.raises(PublishError, match="已停止，什么都没有改动"):
        publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    assert not versions_dir(dest).exists()
    assert _tree(elsewhere) == {"keep.txt": "别动"}
    if kind == "hidden-file":
        assert _tree(dest) == {".htaccess": "Options -Indexes"}


def test_a_versions_folder_publish_did_not_make_is_refused(project: Path, dest: Path) -> None:
    folder = versions_dir(dest)
    (folder / "20240101-000000-public").mkdir(parents=True)  # looks like a version, has no marker
    (folder / "20240101-000000-public" / "index.html").write_text("别人的网站", encoding="utf-8")
    (folder / "notes.txt").write_text("笔记", encoding="utf-8")
    before = _tree(folder)
    with pytest.raises(PublishError, match=r"site\.versions.*没有 \.showcase-publish 标记"):
        publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    assert _tree(folder) == before and not dest.exists()
    with pytest.raises(PublishError, match="没有发布记录"):
        rollback(dest)
    assert _tree(folder) == before


def test_pruning_and_cleanup_never_touch_unmarked_folders(project: Path, dest: Path) -> None:
    publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    folder = versions_dir(dest)
    strays = {
        "0000-20200101-000000-internal/index.html": "像版本的文件夹",  # a version's name, no version.json
        "notes.tmp-1/a.txt": "名字像临时目录",  # a build leftover's name, no marker
        "photos.trash-2/b.txt": "名字像回收目录",
        "手册/说明.txt": "用户放进来的",
    }
    for name, text in strays.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    forged = folder / "9999-forged-internal"  # version.json of another tool
    (forged / "site").mkdir(parents=True)
    (forged / "version.json").write_text('{"sequence": 9999, "audience": "internal"}', encoding="utf-8")
    for n in range(2, 7):
        publish(project, dest, audience="internal", build_command=fake(f"v{n}"), keep=2, say=quiet)
    assert {k: v for k, v in _tree(folder).items() if k in strays} == strays
    assert forged.is_dir()
    assert [v.sequence for v in pub.complete_versions(dest)] == [5, 6]


def test_files_that_appear_in_an_empty_dest_during_the_build_are_kept(project: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    sneaky = [
        sys.executable,
        "-c",
        FAKE_BUILD + f"\npathlib.Path({str(dest)!r}, 'late.txt').write_text('构建期间放进来的', encoding='utf-8')",
        "{site_dir}",
        "v1",
    ]
    with pytest.raises(PublishError, match="不是 publish 建立的"):  # checked again just before the switch
        publish(project, dest, audience="internal", build_command=sneaky, say=quiet)
    assert not dest.is_symlink() and _tree(dest) == {"late.txt": "构建期间放进来的"}


def test_rollback_refuses_a_dest_someone_replaced(project: Path, dest: Path) -> None:
    publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    publish(project, dest, audience="internal", build_command=fake("v2"), say=quiet)
    dest.unlink()
    dest.mkdir()
    (dest / "index.html").write_text("手工放上的网站", encoding="utf-8")
    with pytest.raises(PublishError, match="不是 publish 建立的"):
        rollback(dest)
    with pytest.raises(PublishError, match="不是 publish 建立的"):
        publish(project, dest, audience="internal", build_command=fake("v3"), say=quiet)
    assert _tree(dest) == {"index.html": "手工放上的网站"}


def test_a_dest_whose_version_was_deleted_by_hand_can_be_published_again(project: Path, dest: Path) -> None:
    first = publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    shutil.rmtree(first.path)  # DEST now dangles into our own versions folder
    publish(project, dest, audience="internal", build_command=fake("v2"), say=quiet)
    assert served(dest) == "v2 audience=internal"


# ---------------------------------------------------------------------------- order of versions


class _Clock:
    """A clock that is set back between publishes: the names then sort against the creation order."""

    def __init__(self, *years: int) -> None:
        self.times = [pub.dt.datetime(year, 1, 1, 12, 0, 0).astimezone() for year in years]

    def __call__(self) -> pub.dt.datetime:
        return self.times.pop(0)


def test_versions_are_ordered_by_creation_even_when_names_and_clock_disagree(
    project: Path, dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pub, "_now", _Clock(2030, 2020, 2025, 2010, 2015))
    made = [
        publish(project, dest, audience="internal", build_command=fake(f"v{n}"), keep=3, say=quiet) for n in range(1, 5)
    ]
    assert [v.sequence for v in made] == [1, 2, 3, 4]
    kept = pub.complete_versions(dest)
    assert [v.sequence for v in kept] == [2, 3, 4]  # v1 (made first, named 2030) was pruned, not v4 (named 2010)
    assert [v.created[:4] for v in kept] == ["2020", "2025", "2010"]
    assert served(dest) == "v4 audience=internal"
    # Names that sort the other way round do not matter either.
    for version in kept:
        version.path.rename(version.path.with_name(f"zz-{5 - version.sequence}-{version.name}"))
    (versions_dir(dest) / pub.PREVIOUS).unlink()  # rollback falls back to the newest other version
    dest.unlink()
    dest.symlink_to(os.path.relpath(versions_dir(dest) / "zz-1-0004-20100101-120000-internal" / "site", dest.parent))
    assert [v.sequence for v in pub.complete_versions(dest)] == [2, 3, 4]
    assert sorted(v.name for v in pub.complete_versions(dest))[0].startswith("zz-1-0004")
    back, _ = rollback(dest)
    assert back.sequence == 3 and served(dest) == "v3 audience=internal"
    publish(project, dest, audience="internal", build_command=fake("v5"), keep=2, say=quiet)
    assert [v.sequence for v in pub.complete_versions(dest)] == [3, 5]  # current v5, previous v3; v2 and v4 pruned


def test_each_version_records_when_and_for_whom_it_was_made(project: Path, dest: Path) -> None:
    version = publish(project, dest, audience="public", build_command=fake("v1"), say=quiet)
    record = json.loads((version.path / "version.json").read_text(encoding="utf-8"))
    assert record["sequence"] == 1 and record["audience"] == "public" and record["created"][:4].isdigit()
    assert not (version.site / "version.json").exists()  # the record is not served
    assert json.loads((versions_dir(dest) / pub.FOLDER_MARKER).read_text(encoding="utf-8"))["tool"] == pub.TOOL


def test_the_audience_reaches_the_build_and_cannot_silently_change(project: Path, dest: Path) -> None:
    publish(project, dest, audience="public", build_command=fake("v1"), say=quiet)
    assert served(dest) == "v1 audience=public"
    with pytest.raises(PublishError, match="allow-audience-change"):
        publish(project, dest, audience="internal", build_command=fake("v2"), say=quiet)
    assert served(dest) == "v1 audience=public"
    publish(project, dest, audience="internal", build_command=fake("v2"), allow_audience_change=True, say=quiet)
    assert served(dest) == "v2 audience=internal"


def test_a_public_publish_stops_on_personal_data(tmp_path: Path, dest: Path) -> None:
    with pytest.raises(PublishError) as error:
        publish(PRIVACY, dest, audience="public", build_command=fake("v1"), say=quiet)
    assert "疑似居民身份证号码" in str(error.value) and "未构建" in str(error.value)
    assert not dest.exists()


def test_a_public_build_with_internal_text_is_not_published(internal_marked: Path, dest: Path) -> None:
    leaky = [
        sys.executable,
        "-c",
        FAKE_BUILD + "\n(site / 'about.html').write_text('<p>书记：赵内部书记</p>', encoding='utf-8')",
        "{site_dir}",
        "v1",
    ]
    with pytest.raises(PublishError) as error:
        publish(internal_marked, dest, audience="public", build_command=leaky, say=quiet)
    assert "about.html" in str(error.value) and "赵内部书记" in str(error.value)
    assert not dest.exists()


def test_the_leak_check_reads_the_escaped_search_index(internal_marked: Path, dest: Path) -> None:
    index = json.dumps(
        {"docs": [{"text": "内部\u200b品牌的\u200b案例申酉"}]}
    )  # \\u escapes and U+200B word breaks, as the site writes it
    leaky = [
        sys.executable,
        "-c",
        FAKE_BUILD + f"\n(site / 'search').mkdir()\n(site / 'search' / 'search_index.json').write_text({index!r})",
        "{site_dir}",
        "v1",
    ]
    with pytest.raises(PublishError, match=r"search/search_index\.json"):
        publish(internal_marked, dest, audience="public", build_command=leaky, say=quiet)
    publish(internal_marked, dest, audience="public", build_command=fake("clean"), say=quiet)
    assert served(dest) == "clean audience=public"


def test_dest_must_stay_out_of_the_project(project: Path) -> None:
    with pytest.raises(PublishError, match="docs/"):
        publish(project, project / "docs" / "site", audience="internal", build_command=fake("v1"), say=quiet)
    with pytest.raises(PublishError, match="项目目录"):
        publish(project, project, audience="internal", build_command=fake("v1"), say=quiet)


def test_one_publish_at_a_time(project: Path, dest: Path) -> None:
    import fcntl

    publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    with open(versions_dir(dest) / pub.LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="另一个发布正在进行"):
            publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)


def test_cli_publish_and_rollback(
    project: Path, dest: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = pub.default_build_command
    monkeypatch.setattr(pub, "default_build_command", lambda root, strict=True: fake("cli"))
    assert main(["--root", str(project), "publish", str(dest)]) == 0
    assert main(["--root", str(project), "publish", str(dest)]) == 0
    out = capsys.readouterr().out
    assert "已发布内网版" in out and "--rollback" in out
    assert main(["--root", str(project), "publish", str(dest), "--rollback"]) == 0
    assert "已回退" in capsys.readouterr().out
    monkeypatch.setattr(pub, "default_build_command", original)
    assert main(["--root", str(project), "publish", str(tmp := dest.parent / "none"), "--rollback"]) == 1
    assert "没有发布记录" in capsys.readouterr().out and not tmp.exists()


def test_default_command_is_properdocs_into_the_temporary_dir(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHOWCASE_RUNNER", raising=False)
    command = pub.default_build_command(project)
    assert command[1:4] == ["-m", "properdocs", "build"] and "{site_dir}" in command and "--strict" in command
    monkeypatch.setenv("SHOWCASE_RUNNER", "mkdocs")  # the one switch back to plain MkDocs
    assert pub.default_build_command(project)[1:4] == ["-m", "mkdocs", "build"]
