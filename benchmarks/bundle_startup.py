"""Start-up time of the built bundle against the source tree: ``--startup-check`` (target 1.1x).

    .venv/bin/python benchmarks/bundle_startup.py [--bundle EXE] [--runs 15] [--warmup 2]
        [--debriefs 1000] [--keep DIR] [--seed 1]

Build the bundle first (``.venv/bin/python packaging/build.py``). On the same data folder of N
synthetic debriefs (``make_dataset.py``, as ``startup.py`` makes it), runs

    packaging/dist/followup-desktop/followup-desktop --startup-check --data-dir DIR
    python -m followup_desktop --startup-check --data-dir DIR       (the source tree, compiled)

in pairs, offscreen, after a few warm-up runs of each; the order within a pair alternates, so
neither side always runs first. Each run is timed with ``time.perf_counter`` around
``subprocess.run`` and must exit 0 (``startup.py``'s helpers). Prints the median of each side,
the median of the per-pair ratios bundle/source and the ratio of the medians. Exits 0 when the
median ratio is within the target, 1 when not, 2 when a run failed or there is no bundle.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup

TARGET = 1.1
EXE_NAME = "followup-desktop.exe" if sys.platform == "win32" else "followup-desktop"
DEFAULT_BUNDLE = startup.ROOT / "packaging" / "dist" / "followup-desktop" / EXE_NAME


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--bundle",
        type=Path,
        default=DEFAULT_BUNDLE,
        metavar="EXE",
        help="the bundle's executable (default: packaging/dist/followup-desktop/"
        f"{EXE_NAME}; on macOS: .../Follow-up Desk.app/Contents/MacOS/followup-desktop)",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed pairs (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs of each (default 2)")
    parser.add_argument("--debriefs", type=int, default=1000, help="dataset size (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="dataset seed (default 1)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep (and reuse) the dataset")
    args = parser.parse_args(argv)
    if args.runs < 10 or args.warmup < 0 or args.debriefs < 0:
        parser.error("--runs must be at least 10, --warmup and --debriefs 0 or more")
    return args


def measure(args: argparse.Namespace, data_dir: Path) -> int:
    source_env = startup.environment()
    bundle_env = {key: value for key, value in source_env.items() if key != "PYTHONPATH"}
    if (data_dir / "followup.sqlite3").exists():
        print(f"reusing the dataset in {data_dir}")
    else:
        startup.make_dataset(data_dir, args.debriefs, args.seed, source_env)
    package = str(startup.ROOT / "followup_desktop")
    subprocess.run([sys.executable, "-m", "compileall", "-q", package], check=False)
    check = ["--startup-check", "--data-dir", str(data_dir)]
    sides = {
        "bundle": ([str(args.bundle), *check], bundle_env),
        "source": ([sys.executable, "-m", "followup_desktop", *check], source_env),
    }
    for _ in range(args.warmup):
        for command, env in sides.values():
            startup.timed(command, env)
    times: dict[str, list[float]] = {name: [] for name in sides}
    for index in range(args.runs):
        order = list(sides) if index % 2 == 0 else list(sides)[::-1]
        for name in order:
            times[name].append(startup.timed(*sides[name]))
    ratios = [b / s for b, s in zip(times["bundle"], times["source"], strict=True)]
    median_ratio = statistics.median(ratios)
    medians = {name: statistics.median(values) for name, values in times.items()}

    print(f"pairs: {args.runs} after {args.warmup} warm-up runs of each, offscreen, {data_dir}")
    print(f"bundle: {args.bundle}")
    for name, values in times.items():
        print(f"{name:7s} ms: {' '.join(f'{value * 1000:.0f}' for value in values)}")
        print(f"{'':7s} median {medians[name] * 1000:.1f} ms (min {min(values) * 1000:.1f})")
    print(f"median of the pair ratios bundle/source: {median_ratio:.3f}")
    print(f"ratio of the medians bundle/source:      {medians['bundle'] / medians['source']:.3f}")
    within = median_ratio <= TARGET
    print(f"target {TARGET}x: {'within' if within else 'OVER'} (median ratio {median_ratio:.3f})")
    return 0 if within else 1


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.bundle.is_file():
        print(
            f"no bundle at {args.bundle}: build it with .venv/bin/python packaging/build.py, "
            "or name its executable with --bundle",
            file=sys.stderr,
        )
        return 2
    data_dir = args.keep or Path(tempfile.mkdtemp(prefix="followup-bundle-startup-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        return measure(args, data_dir)
    except startup.RunFailed as failure:
        print(failure, file=sys.stderr)
        return 2
    finally:
        if args.keep is None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
