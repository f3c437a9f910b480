"""The benchmark table: figures written by each script, read back, and judged against targets.

The measurements themselves are not tests (these machines are shared and noisy); this checks
that what ``benchmarks/run.py`` writes says what was measured.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from figures import Figure, percentile, read, report
from run import table


def test_figures_round_trip_and_are_judged_by_median_or_by_ratio(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "figures.jsonl"
    fast = Figure("Home first screen", "100,000 debriefs", 9.3, "ms", 100, worst=12.0)
    slow = Figure("Search first page", "100,000 debriefs", 61.0, "ms", 50)
    start = Figure("Start-up", "1,000 debriefs", 330.0, "ms", 1.3, reference=240.0, ratio=1.38)
    peak = Figure("Peak memory", "100,000 debriefs", 161.0, "MB", 200, statistic="peak")
    assert not report([fast, slow], out)
    assert report([peak], out)
    assert not report([start], out)
    assert read(out) == [fast, slow, peak, start]
    printed = capsys.readouterr().out
    assert "median 9.3 ms, worst 12.0 ms; target 100 ms: within" in printed
    assert "ratio 1.38; target 1.3x: OVER" in printed
    assert "peak 161.0 MB" in printed

    rows = table(read(out)).splitlines()
    assert rows[2].endswith("| < 100 ms | within |")
    assert rows[3].endswith("| **over** |")
    assert "| peak 161 MB |" in rows[4]
    assert "| 240 ms | 1.38 | ≤ 1.3x the bare window | **over** |" in rows[5]


def test_percentile_interpolates_between_samples() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([5.0], 0.95) == 5.0
    assert percentile([0.0, 10.0], 0.95) == pytest.approx(9.5)
