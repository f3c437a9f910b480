"""Home in the window, offscreen, painting included, on a data folder from ``make_dataset.py``:

- the first screen: the open list read, the model reset, painted;
- scroll to the end: the "All" list, Ctrl+End in the table until its last row is painted;
- a filter: a click on Open, All, Sent or Archived until the new list is painted;
- the search box typed letter by letter: each letter's first page read and painted.

Prints medians and the slowest; no targets are asserted.

    .venv/bin/python benchmarks/make_dataset.py --debriefs 100000 --data-dir /tmp/fud-100k
    .venv/bin/python benchmarks/home_ui.py --data-dir /tmp/fud-100k [--runs 15] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, report, timed_ms

QUERIES = ("ana", "engineer", "payments")
FIRST_SCREEN_MS = 100
SEARCH_MS = 50


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", type=Path, help="append the figures to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from followup_desktop.context import open_context
    from followup_desktop.ui.home import HomePage

    app = QApplication(sys.argv[:1])
    context = open_context(args.data_dir)
    page = HomePage(context)
    page.resize(1100, 700)
    page.show()
    app.processEvents()
    size = f"{context.repository.count_debriefs():,} debriefs"
    buttons = {button.property("show"): button for button in page.filters.buttons()}

    def first_screen() -> None:
        page.refresh()
        page.repaint()
        app.processEvents()

    def scroll_to_end() -> None:
        buttons["all"].click()  # the longest list: every debrief
        page.table.setFocus()
        QTest.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        page.repaint()
        app.processEvents()
        if page.table.currentIndex().row() != page.model.rowCount() - 1:
            raise SystemExit("Ctrl+End did not reach the last row")

    def filters() -> list[float]:
        times: list[float] = []
        for show in ("all", "sent", "archived", "open"):

            def click(show: str = show) -> None:
                buttons[show].click()
                page.repaint()
                app.processEvents()

            times += timed_ms(click, max(1, args.runs // 3))
        return times

    screen = timed_ms(first_screen, args.runs)
    scrolled = timed_ms(scroll_to_end, max(3, args.runs // 3))
    switched = filters()
    figures = [
        Figure("Home first screen", size, statistics.median(screen), "ms", FIRST_SCREEN_MS,
               worst=max(screen)),
        Figure("Home scroll to the end (All)", size, statistics.median(scrolled), "ms",
               FIRST_SCREEN_MS, worst=max(scrolled)),
        Figure("Home filter (Open/All/Sent/Archived)", size, statistics.median(switched), "ms",
               FIRST_SCREEN_MS, worst=max(switched)),
    ]  # fmt: skip
    keystrokes: list[float] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):

            def typed(text: str = query[:end]) -> None:
                page.search.setText(text)
                page.refresh()
                page.repaint()
                app.processEvents()

            keystrokes += timed_ms(typed, max(1, args.runs // 5))
        page.search.clear()
    figures.append(
        Figure("Search first page in the window, per letter", size,
               statistics.median(keystrokes), "ms", SEARCH_MS, worst=max(keystrokes),
               note=f"queries {', '.join(QUERIES)} typed letter by letter")
    )  # fmt: skip
    report(figures, args.json)
    page.close()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
