"""Start-up time: ``--startup-check`` on N debriefs against a bare PySide6 window (target 1.3x).

    .venv/bin/python benchmarks/startup.py [--runs 15] [--warmup 2] [--debriefs 1000]
        [--keep DIR] [--seed 1]

Writes a data folder of N synthetic debriefs with ``make_dataset.py`` (fixed seed and date; in a
temporary folder unless ``--keep DIR``), then runs

    python -m followup_desktop --startup-check --data-dir DIR
    python benchmarks/bare_window.py

alternately, offscreen (``QT_QPA_PLATFORM=offscreen``), after a few warm-up runs of each. Each run
is timed with ``time.perf_counter`` around ``subprocess.run`` and must exit 0. Prints the median of
each side, the median of the per-pair ratios app/bare and the ratio of the medians. Exits 0 when
the median ratio is within the target, 1 when not, 2 when a run failed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3
TODAY = "2026-03-04"  # the dataset is dated relative to this, so every run sees the same data


class RunFailed(RuntimeError):
    pass


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("FOLLOWUP_DATA_DIR", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


def timed(command: Sequence[str], env: dict[str, str]) -> float:
    """Wall time of one run in seconds; raises RunFailed unless it exits 0."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RunFailed(
            f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}{result.stderr}"
        )
    return elapsed


def make_dataset(data_dir: Path, debriefs: int, seed: int, env: dict[str, str]) -> None:
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "make_dataset.py"),
        "--debriefs",
        str(debriefs),
        "--data-dir",
        str(data_dir),
        "--seed",
        str(seed),
        "--today",
        TODAY,
    ]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise RunFailed(f"make_dataset.py exited {result.returncode}:\n{result.stderr}")
    print(result.stdout.strip())


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each (default 2)")
    parser.add_argument("--debriefs", type=int, default=1000, help="dataset size (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed (default 1)")
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="write the dataset to DIR and keep it (reused as is if it already has a database)",
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmup < 0 or args.debriefs < 0:
        parser.error("--runs must be at least 1, --warmup and --debriefs 0 or more")
    return args


def measure(args: argparse.Namespace, data_dir: Path) -> int:
    env = environment()
    if (data_dir / "followup.sqlite3").exists():
        print(f"reusing the dataset in {data_dir}")
    else:
        make_dataset(data_dir, args.debriefs, args.seed, env)
    app = [sys.executable, "-m", "followup_desktop", "--startup-check", "--data-dir", str(data_dir)]
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_window.py")]
    for _ in range(args.warmup):
        timed(app, env)
        timed(bare, env)
    app_times: list[float] = []
    bare_times: list[float] = []
    for index in range(args.runs):
        # Alternate which goes first, so neither side always runs right after the other.
        pair = (app, bare) if index % 2 == 0 else (bare, app)
        first, second = timed(pair[0], env), timed(pair[1], env)
        app_time, bare_time = (first, second) if pair[0] is app else (second, first)
        app_times.append(app_time)
        bare_times.append(bare_time)
    ratios = [a / b for a, b in zip(app_times, bare_times, strict=True)]
    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    median_ratio = statistics.median(ratios)

    def ms(values: list[float]) -> str:
        return " ".join(f"{value * 1000:.0f}" for value in values)

    print(f"runs: {args.runs} of each after {args.warmup} warm-up, offscreen, {data_dir}")
    print(f"app  (--startup-check) ms: {ms(app_times)}")
    print(f"bare (empty window)    ms: {ms(bare_times)}")
    print(f"median app:   {app_median * 1000:7.1f} ms (min {min(app_times) * 1000:.1f})")
    print(f"median bare:  {bare_median * 1000:7.1f} ms (min {min(bare_times) * 1000:.1f})")
    print(f"difference of medians: {(app_median - bare_median) * 1000:.1f} ms")
    print(f"median ratio app/bare:  {median_ratio:.3f}")
    print(f"ratio of medians:       {app_median / bare_median:.3f}")
    within = median_ratio <= TARGET
    verdict = "within" if within else "OVER"
    print(f"target {TARGET}x: {verdict} (median ratio {median_ratio:.3f})")
    return 0 if within else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            return measure(args, args.keep)
        with tempfile.TemporaryDirectory(prefix="followup-startup-") as folder:
            return measure(args, Path(folder))
    except RunFailed as failure:
        print(failure, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
