"""`showcase.py bench`: it runs end to end on a tiny corpus and judges the targets correctly.

The figures themselves are printed by the bench and reported in the issue notes; no test here
asserts a speed, but every printed figure and verdict is checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Cli

from bench import bench
from bench import commands as bench_commands
from showcase.commands.main import main


def figures(
    courts: int, ours_s: float, floor_s: float, bytes_per_page: int, search_kb: float = 100, search_ms: float = 200
) -> bench.Figures:
    site = lambda wall, rss: bench.SiteFigures([bench.Run(wall, rss)], bytes_per_page * 100, 100)  # noqa: E731
    work = lambda seconds: bench.WorkFigures([bench.Run(seconds + 0.2, 50 * 1024**2)], [seconds])  # noqa: E731
    result = bench.Figures(
        courts, site(ours_s, 700 * 1024**2), site(floor_s, 600 * 1024**2), work(1.0), work(0.5), work(1.4)
    )
    result.search = [
        bench.SearchFigures(
            "浔州枫桥", "brands/x/", "brands/x/", search_ms, search_ms / 2, int(search_kb * 1024), int(search_kb * 4096)
        )
    ]
    result.preview_s, result.preview_start_s = 1.1, 2.0
    return result


def test_the_verdicts_follow_the_targets() -> None:
    met = [figures(10, 8.0, 7.0, 50_000), figures(100, 60.0, 50.0, 45_000)]
    assert bench.all_met(met)
    slow = [figures(10, 8.0, 7.0, 50_000), figures(100, 65.0, 50.0, 45_000)]  # 1.30× the floor
    assert [line for line in bench.verdicts(slow) if line.startswith("✗")] == ["✗ N=100 构建 ≤ 1.25× 纯 MkDocs"]
    heavy = [figures(10, 8.0, 7.0, 30_000), figures(100, 60.0, 50.0, 45_000)]  # pages grow 1.5×
    assert [line for line in bench.verdicts(heavy) if line.startswith("✗")] == ["✗ 每页字节 N=100 ≤ 1.3× N=10"]
    big_index = [figures(10, 8.0, 7.0, 50_000), figures(100, 60.0, 50.0, 45_000, search_kb=2000, search_ms=900)]
    assert [line for line in bench.verdicts(big_index) if line.startswith("✗")] == [
        "✗ 首个结果前搜索数据 ≤ 1.5 MB",
        "✗ 首个结果 ≤ 500 ms",
    ]
    table = bench.report(met)
    assert "1.20×" in table and "N=10" in table and "增长" in table


ROWS = [
    "页面数（本项目 / 对照）",
    "(a) 本项目完整构建",
    "(b) 纯 MkDocs + Material 下限",
    "a/b（目标 ≤ 1.25×）",
    "(c) 仅校验数据契约（工作时间 / 进程）",
    "(d) PyYAML C 解析（工作时间 / 进程）",
    "c/d 工作时间（目标 ≤ 3×）",
    "validate 命令（校验 + 隐私检查）/ (d)",
    "峰值内存 (a) / (b)（目标 ≤ 1.5 GB）",
    "峰值内存 (c) / (d)",
    "输出 (a) / (b)",
    "每页字节 (a) / (b)",
    "首个结果前的搜索数据 gzip (a) / (b)（目标 ≤ 1.5 MB）",
    "首个结果前的搜索数据未压缩 (a) / (b)",
    "首个结果用时，冷启动 (a) / (b)（目标 ≤ 500 ms）",
    "再次搜索用时 (a) / (b)",
    "首条命中正确 (a) / (b)",
    "按法院预览：启动",
    "按法院预览：保存到页面更新（目标 ≤ 3 s）",
]
SECONDS = r"(\d+\.\d) s"
PAIR_OF_SECONDS = r"(\d+\.\d\d) s / (\d+\.\d\d) s"
RATIO = r"(\d+\.\d\d)×"
MB_PAIR = r"([\d,]+\.\d) MB / ([\d,]+\.\d) MB"
KB_PAIR = r"([\d,]+\.\d) KB / ([\d,]+\.\d) KB"


def test_the_sharded_verdicts_follow_the_targets_and_a_floor_not_measured_says_so() -> None:
    """The floor of a large size is no target's reference (--floor-sizes leaves it out); the
    report says so, and the smallest size's ratio still needs its floor."""

    def sharded(courts: int, wall: float, floor: float | None, peak: int, per_page: int) -> bench.ShardedFigures:
        floor_figures = bench.SiteFigures([bench.Run(floor, 600 * 1024**2)], 0, 100) if floor is not None else None
        return bench.ShardedFigures(courts, floor_figures, wall, 2, [peak], per_page * 100, 100)

    small = sharded(100, 60.0, 100.0, 500 * 1024**2, 40_000)
    small.edit_s, small.edit_built = 12.0, 1
    big = sharded(1000, 700.0, None, 1400 * 1024**2, 50_000)
    text = bench.sharded_report([small, big])
    assert "未测（--floor-sizes）" in text and "0.60×" in text
    assert all(line.startswith("✓") for line in bench.sharded_verdicts([small, big])), text
    slow = sharded(1000, 721.0, None, 1600 * 1024**2, 53_000)
    failed = [line for line in bench.sharded_verdicts([small, slow]) if line.startswith("✗")]
    assert len(failed) == 3, failed  # the wall (12.02×), the memory and the bytes per page (1.33×)
    unmeasured = sharded(100, 60.0, None, 500 * 1024**2, 40_000)
    assert bench.sharded_verdicts([unmeasured])[0].startswith("✗")


def numbers(pattern: str, cell: str) -> list[float]:
    match = re.fullmatch(pattern, cell)
    assert match, f"{cell!r} is not {pattern}"
    return [float(group.replace(",", "")) for group in match.groups()]


def judged(value: float, limit: float, slack: float) -> bool | None:
    """Whether `value` (as printed, rounded) meets `<= limit`; None when rounding leaves it open."""
    if abs(value - limit) <= slack:
        return None
    return value <= limit


def test_bench_runs_on_a_tiny_corpus_and_prints_every_figure(tmp_path: Path, cli: Cli) -> None:
    """Two tiny corpora, one run each, no browser. How fast this machine is decides the verdicts,
    so the test checks what does not depend on it: every row and figure is printed in its format,
    the page counts and sizes are those of the sites on disk, each verdict follows from the
    printed figures, and the exit code says whether every printed target is met."""
    code, out = cli("bench", "--sizes", "1,2", "--runs", "1", "--no-browser", "--workdir", tmp_path)
    assert "Traceback" not in out and "\n\n指标" in out, out
    table, _, verdict_text = out.partition("\n\n指标")[2].partition("\n\n")
    lines = [re.split(r" {2,}", line.strip()) for line in ("指标" + table).splitlines()]
    assert lines[0] == ["指标", "N=1", "N=2", "增长"]
    rows = {line[0]: line[1:] for line in lines[1:]}
    assert list(rows) == ROWS

    for courts, column in ((1, 0), (2, 1)):
        ours, floor = (tmp_path / f"site-{courts}", tmp_path / f"floor-site-{courts}")
        pages = len(list(ours.rglob("*.html")))
        assert pages == len(list(floor.rglob("*.html"))) > 60  # the same pages, without our hooks
        assert rows["页面数（本项目 / 对照）"][column] == f"{pages:,} / {pages:,}"
        size = sum(p.stat().st_size for p in ours.rglob("*") if p.is_file())
        floor_size = sum(p.stat().st_size for p in floor.rglob("*") if p.is_file())
        assert rows["输出 (a) / (b)"][column] == f"{size / 1024**2:,.1f} MB / {floor_size / 1024**2:,.1f} MB"
        assert numbers(KB_PAIR, rows["每页字节 (a) / (b)"][column])[0] == pytest.approx(size / pages / 1024, abs=0.05)
        a, b = numbers(SECONDS, rows["(a) 本项目完整构建"][column]) + numbers(
            SECONDS, rows["(b) 纯 MkDocs + Material 下限"][column]
        )
        assert numbers(RATIO, rows["a/b（目标 ≤ 1.25×）"][column])[0] == pytest.approx(
            a / b, abs=0.05 / b * (1 + a / b) + 0.01
        )
        c = numbers(PAIR_OF_SECONDS, rows["(c) 仅校验数据契约（工作时间 / 进程）"][column])
        d = numbers(PAIR_OF_SECONDS, rows["(d) PyYAML C 解析（工作时间 / 进程）"][column])
        assert c[0] <= c[1] and d[0] <= d[1]  # the work inside a process takes no longer than the process
        numbers(RATIO, rows["c/d 工作时间（目标 ≤ 3×）"][column])
        numbers(r"\d+\.\d\d s，" + RATIO, rows["validate 命令（校验 + 隐私检查）/ (d)"][column])
        numbers(MB_PAIR, rows["峰值内存 (a) / (b)（目标 ≤ 1.5 GB）"][column])
        numbers(MB_PAIR, rows["峰值内存 (c) / (d)"][column])
        for label in ROWS[12:17]:
            assert rows[label][column] == "— / —", label  # --no-browser: no search figures
        assert rows[ROWS[17]][column] == rows[ROWS[18]][column] == "—"  # nor preview ones
    first, second = (numbers(r"([\d,]+) / [\d,]+", cell)[0] for cell in rows["页面数（本项目 / 对照）"][:2])
    assert rows["页面数（本项目 / 对照）"][2] == f"{second / first:.2f}×"

    verdicts = verdict_text.strip().splitlines()
    assert [line[2:] for line in verdicts] == [
        "N=2 构建 ≤ 1.25× 纯 MkDocs",
        "N=2 校验 ≤ 3× 裸解析",
        "每页字节 N=2 ≤ 1.3× N=1",
        "N=2 峰值内存 ≤ 1.5 GB",
    ]
    assert all(line[:2] in ("✓ ", "✗ ") for line in verdicts)
    met = [line.startswith("✓") for line in verdicts]
    small_page, big_page = (numbers(KB_PAIR, rows["每页字节 (a) / (b)"][column])[0] for column in (0, 1))
    printed = [
        judged(numbers(RATIO, rows["a/b（目标 ≤ 1.25×）"][1])[0], 1.25, 0.005),
        judged(numbers(RATIO, rows["c/d 工作时间（目标 ≤ 3×）"][1])[0], 3.0, 0.005),
        judged(big_page / small_page, 1.3, 0.1 / small_page * 1.3 + 0.001),
        judged(numbers(MB_PAIR, rows["峰值内存 (a) / (b)（目标 ≤ 1.5 GB）"][1])[0], 1.5 * 1024, 0.05),
    ]
    assert [m for m, p in zip(met, printed, strict=True) if p is not None] == [p for p in printed if p is not None], (
        verdict_text
    )
    assert code == (0 if all(met) else 1), out


def test_bench_refuses_a_workdir_inside_the_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--workdir", str(bench.REPO / "tmp-bench")], extra=[bench_commands.register]) == 2
    assert "仓库之外" in capsys.readouterr().out
