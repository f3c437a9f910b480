"""Every measurement of issue 9 in one run, as one table (no timed assertions).

    .venv/bin/python benchmarks/run.py [--big DIR] [--debriefs 100000] [--quick] [--write]

Runs each benchmark script in a process of its own (so none inherits another's memory or
caches), each measurement several times, and gathers their figures (``--json``) into one table
of medians, with the ratio to the reference where the issue names one (a bare PySide6 window,
measured alternately in the same run):

- start-up (``startup.py``): ``--startup-check`` against a bare window at 0, 1,000 and N debriefs;
- Home at N (``home_ui.py``): first screen, scroll to the end, filter, search per letter;
- search at N (``search.py --writes``): the first page of full-text results, and an autosave;
- typing (``render.py --words 2000``, ``typing_ui.py``): keystroke to preview update and to the
  coach's underlines on a 2,000-word debrief, and the longest frame while typing;
- memory (``memory.py``): the app's peak resident set through a session at N debriefs.

The big data folder (``--big``, default ``build/benchmarks/100k``) is made with
``make_dataset.py`` when it has no database, and kept for the next run. ``--quick`` runs fewer
repeats (a check that everything runs, not a measurement). ``--write`` also writes the table to
``benchmarks/RESULTS.md`` with the machine, the date and the commit. Exits 0 when every figure is
within its target, 1 when one is not, 2 when a script failed.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import startup
from figures import Figure, read

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
DEFAULT_BIG = startup.ROOT / "build" / "benchmarks" / "100k"


class ScriptFailed(RuntimeError):
    pass


def run_script(name: str, arguments: Sequence[str], json_path: Path) -> None:
    """Run one benchmark script, its output shown as it goes; raise ScriptFailed if it broke
    (exit status 1 only says a figure is over its target)."""
    command = [sys.executable, str(HERE / name), *arguments, "--json", str(json_path)]
    print(f"\n$ {' '.join(command[1:])}", flush=True)
    started = time.perf_counter()
    result = subprocess.run(command, env=startup.environment(), cwd=startup.ROOT, check=False)
    if result.returncode not in (0, 1):
        raise ScriptFailed(f"{name} exited {result.returncode}")
    print(f"({time.perf_counter() - started:.0f} s)", flush=True)


def table(figures: Sequence[Figure]) -> str:
    """The figures as a Markdown table."""

    def number(value: float | None, unit: str = "") -> str:
        if value is None:
            return "-"
        return f"{value:,.1f}{unit}" if value < 100 else f"{value:,.0f}{unit}"

    lines = [
        "| Measurement | Data | Median | Worst | Bare window | Ratio | Target | Result |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for figure in figures:
        unit = f" {figure.unit}"
        median = number(figure.median, unit)
        if figure.statistic != "median":
            median = f"{figure.statistic} {median}"
        if figure.ratio is not None:
            target = f"≤ {figure.target:g}x the bare window"
        else:
            target = f"< {figure.target:g}{unit}"
        lines.append(
            f"| {figure.name} | {figure.size} | {median} | {number(figure.worst, unit)} "
            f"| {number(figure.reference, unit)} "
            f"| {'-' if figure.ratio is None else f'{figure.ratio:.2f}'} | {target} "
            f"| {'within' if figure.within else '**over**'} |"
        )
    notes = list(dict.fromkeys(f"- {f.name}: {f.note}" for f in figures if f.note))
    return "\n".join(lines) + ("\n\nNotes:\n" + "\n".join(notes) if notes else "") + "\n"


def machine() -> str:
    """One line on where the figures come from: machine, Python, Qt, commit."""
    from PySide6 import __version__ as pyside

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=startup.ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=startup.ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PySide6 {pyside}; commit {commit or 'unknown'}{' with local changes' if dirty else ''}; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; offscreen (QT_QPA_PLATFORM=offscreen)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--big",
        type=Path,
        default=DEFAULT_BIG,
        metavar="DIR",
        help=f"the big data folder, made if empty (default {DEFAULT_BIG})",
    )
    parser.add_argument("--debriefs", type=int, default=100_000, help="its size (default 100,000)")
    parser.add_argument("--quick", action="store_true", help="few repeats: a check, not figures")
    parser.add_argument("--write", action="store_true", help=f"write the table to {RESULTS}")
    args = parser.parse_args(argv)  # fmt: skip

    runs = 3 if args.quick else 15
    big = str(args.big)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as folder:
        json_path = Path(folder) / "figures.jsonl"
        small = Path(folder) / "1k"
        empty = Path(folder) / "empty"
        args.big.mkdir(parents=True, exist_ok=True)
        try:
            for size, data in ((0, empty), (1000, small), (args.debriefs, args.big)):
                run_script("startup.py", ["--debriefs", str(size), "--keep", str(data),
                                          "--runs", str(runs)], json_path)  # fmt: skip
            run_script("home_ui.py", ["--data-dir", big, "--runs", str(runs)], json_path)
            run_script("search.py", ["--data-dir", big, "--runs", str(runs), "--writes"],
                       json_path)  # fmt: skip
            run_script("render.py", ["--words", "2000", "--runs", str(runs * 10)], json_path)
            run_script("typing_ui.py", ["--rounds", str(runs)], json_path)
            run_script("memory.py", ["--data-dir", big], json_path)
        except ScriptFailed as failure:
            print(f"\n{failure}", file=sys.stderr)
            return 2
        figures = read(json_path)
    text = table(figures)
    print(f"\n{machine()}\n\n{text}\n(the whole run took {time.perf_counter() - started:.0f} s)")
    if args.write:
        RESULTS.write_text(
            "# Benchmark results\n\nWritten by `.venv/bin/python benchmarks/run.py --write` "
            f"(see benchmarks/README.md).\n\n{machine()}\n\n{text}",
            encoding="utf-8",
        )
        print(f"wrote {RESULTS}")
    return 0 if all(figure.within for figure in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
