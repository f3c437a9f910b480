"""Peak memory (resident set) of the app through a working session on a big data folder.

    .venv/bin/python benchmarks/memory.py --data-dir /tmp/fud-100k [--json FILE]

Offscreen, in a process of its own (run it as a script: the figure is this process's peak).
Opens the main window on DIR as the app does (``open_context`` + ``MainWindow``), lets the coach
warm up and the background integrity check run, then works through Home (every filter, Ctrl+End
to the last row), the search box (a few queries), and opens the longest of the first 500
debriefs on its first three steps (the only change it makes to DIR: the step that debrief is
left on). Prints the peak resident set (``VmHWM`` from /proc on Linux, ``ru_maxrss`` elsewhere) and
the resident set at the end. Target (issue 9): peak under 200 MB at 100,000 debriefs.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Figure, report

TARGET_MB = 200
QUERIES = ("kowalski", "engineer", "billing migration", "competing offer")


def resident_mb() -> tuple[float, float]:
    """(peak, current) resident set of this process in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        return (int(fields["VmHWM"].split()[0]) / 1024, int(fields["VmRSS"].split()[0]) / 1024)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024
    return peak_mb, peak_mb


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--json", type=Path, help="append the figures to this file")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from followup_desktop.context import open_context
    from followup_desktop.domain import Step
    from followup_desktop.ui.dialogs import DialogService
    from followup_desktop.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    context = open_context(args.data_dir)
    window = MainWindow(context, DialogService())
    window.resize(1180, 760)
    window.show()
    app.processEvents()

    def settle(seconds: float) -> None:
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.01)

    ready: list[list[str]] = []
    window.coach_ready.connect(ready.append)
    window.prepare_coach()
    window.check_data_file()  # the full integrity check, on its thread, as at every start
    while not ready:
        settle(0.05)
    settle(1.0)

    home = window.home
    for button in home.filters.buttons():
        button.click()
        home.table.setFocus()
        QTest.keyClick(home.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        settle(0.05)
    for query in QUERIES:
        home.search.setText(query)
        home.refresh()
        settle(0.05)
        home.results.fetchMore(home.results.index(-1, -1))
        settle(0.05)
    home.search.clear()
    home.set_show("all")
    longest = max(
        (home.model.summary(row) for row in range(min(500, home.model.rowCount()))),
        key=lambda item: len(context.repository.get_debrief(item.id).private_notes) if item else 0,
    )
    assert longest is not None
    window.open_debrief(longest.id)
    page = window.debrief_page
    assert page is not None
    for step in (Step.INTERVIEW, Step.IMPRESSIONS, Step.DECISION):  # Follow-up would complete it
        page.go_to_index(step.position)
        settle(0.4)
    window.save_everything()
    peak, current = resident_mb()
    size = f"{context.repository.count_debriefs():,} debriefs"
    window.close()
    context.close()
    figure = Figure(
        "Peak memory (resident set) of the app", size, peak, "MB", TARGET_MB,
        statistic="peak", note=f"{current:.0f} MB at the end of the session",
    )  # fmt: skip
    return 0 if report([figure], args.json) else 1


if __name__ == "__main__":
    sys.exit(main())
