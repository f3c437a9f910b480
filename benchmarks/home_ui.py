"""Home in the window, offscreen: the first screen (list read, model reset, painted) and a
search typed letter by letter (results read and painted), on a data folder from
``make_dataset.py``. Prints medians and the slowest; no targets are asserted.

    .venv/bin/python benchmarks/make_dataset.py --debriefs 100000 --data-dir /tmp/fud-100k
    .venv/bin/python benchmarks/home_ui.py --data-dir /tmp/fud-100k
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

QUERIES = ("ana", "engineer", "payments")


def _timed(action: Callable[[], None], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def _line(label: str, times: list[float], target: float) -> str:
    median = statistics.median(times)
    verdict = "within" if median < target else "OVER"
    return (
        f"{label:34} median {median:6.1f} ms  max {max(times):6.1f} ms  "
        f"target {target:.0f} ms: {verdict}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from followup_desktop.context import open_context
    from followup_desktop.ui.home import HomePage

    app = QApplication(sys.argv[:1])
    context = open_context(args.data_dir)
    page = HomePage(context)
    page.resize(1100, 700)
    page.show()
    app.processEvents()

    def first_screen() -> None:
        page.refresh()
        page.repaint()
        app.processEvents()

    print(f"{context.repository.count_debriefs():,} debriefs in {args.data_dir}, offscreen")
    print(_line("Home first screen (read + paint)", _timed(first_screen, args.runs), 100))
    for query in QUERIES:
        keystrokes: list[float] = []
        for end in range(1, len(query) + 1):

            def typed(text: str = query[:end]) -> None:
                page.search.setText(text)
                page.refresh()
                page.repaint()
                app.processEvents()

            keystrokes += _timed(typed, max(1, args.runs // 5))
        page.search.clear()
        print(_line(f"search {query!r}, per letter", keystrokes, 50))
    page.close()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
