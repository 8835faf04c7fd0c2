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

from showcase import publish as pub
from showcase.cli import main
from showcase.publish import PublishError, current_version, previous_version, publish, rollback, versions_dir

REPO = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
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
(site / "index.html").write_text(sys.argv[2] + " audience=" + os.environ.get("SHOWCASE_AUDIENCE", "?"), encoding="utf-8")
"""


def fake(text: str, *extra: str) -> list[str]:
    return [sys.executable, "-c", FAKE_BUILD, "{site_dir}", text, *extra]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


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
        "import sys; from pathlib import Path; from showcase.publish import publish\n"
        f"publish(Path({str(project)!r}), Path({str(dest)!r}), audience='internal', build_command={fake('v2', str(ready), '30')!r}, say=lambda t: None)\n"
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
    assert leftovers and (versions_dir(dest) / leftovers[0] / "index.html").read_text(encoding="utf-8").startswith("PARTIAL")
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
    assert (previous_version(dest).path / "index.html").read_text(encoding="utf-8") == "v2 audience=internal"  # type: ignore[union-attr]


def test_a_plain_directory_is_adopted_and_kept_for_rollback(project: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    (dest / "index.html").write_text("old site", encoding="utf-8")
    publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)
    assert dest.is_symlink() and served(dest) == "v1 audience=internal"
    rollback(dest)
    assert served(dest) == "old site"


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


@pytest.fixture
def internal_marked(tmp_path: Path) -> Path:
    """The privacy fixture without its personal data: valid for a public build, full of internal marks."""
    root = tmp_path / "marked"
    shutil.copytree(PRIVACY, root)
    case = root / "docs/cases/demo/demo-case.md"
    head, _, _ = case.read_text(encoding="utf-8").partition("## 背景")
    case.write_text(head.replace("联系邮箱 xiaoming@example.com", "测试摘要。") + "## 背景\n\n公开正文。\n", encoding="utf-8")
    return root


def test_a_public_build_with_internal_text_is_not_published(internal_marked: Path, dest: Path) -> None:
    leaky = [sys.executable, "-c", FAKE_BUILD + "\n(site / 'about.html').write_text('<p>书记：赵内部书记</p>', encoding='utf-8')", "{site_dir}", "v1"]
    with pytest.raises(PublishError) as error:
        publish(internal_marked, dest, audience="public", build_command=leaky, say=quiet)
    assert "about.html" in str(error.value) and "赵内部书记" in str(error.value)
    assert not dest.exists()


def test_the_leak_check_reads_the_escaped_search_index(internal_marked: Path, dest: Path) -> None:
    index = json.dumps({"docs": [{"text": "内部\u200b品牌的\u200b案例申酉"}]})  # \\u escapes and U+200B word breaks, as the site writes it
    leaky = [sys.executable, "-c", FAKE_BUILD + f"\n(site / 'search').mkdir()\n(site / 'search' / 'search_index.json').write_text({index!r})", "{site_dir}", "v1"]
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

    versions_dir(dest).mkdir(parents=True)
    with open(versions_dir(dest) / pub.LOCK, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(PublishError, match="另一个发布正在进行"):
            publish(project, dest, audience="internal", build_command=fake("v1"), say=quiet)


def test_cli_publish_and_rollback(project: Path, dest: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
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


def test_default_command_is_mkdocs_into_the_temporary_dir(project: Path) -> None:
    command = pub.default_build_command(project)
    assert command[1:4] == ["-m", "mkdocs", "build"] and "{site_dir}" in command and "--strict" in command
