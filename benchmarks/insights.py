"""The Insights page on a data folder from ``make_dataset.py``, offscreen: for each period,
the figures worked out (storage's sums, the figures, their sentences) and the whole page
refreshed and painted (figures, six charts built, laid out and drawn). Prints the first run
and the median of the rest; no targets are asserted.

    .venv/bin/python benchmarks/make_dataset.py --debriefs 100000 --data-dir /tmp/fud-100k \\
        --today 2026-03-04
    .venv/bin/python benchmarks/insights.py --data-dir /tmp/fud-100k --today 2026-03-04
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import timed_ms


def _line(label: str, times: list[float]) -> str:
    rest = times[1:] or times
    return (
        f"{label:38} first {times[0]:6.1f} ms  median {statistics.median(rest):6.1f} ms  "
        f"max {max(rest):6.1f} ms"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="the day to look from, YYYY-MM-DD (make_dataset's --today; default: today)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    from followup_desktop.context import open_context
    from followup_desktop.insights import Period, WorkingDays, compute, sections
    from followup_desktop.ui.dialogs import DialogService
    from followup_desktop.ui.insights_page import InsightsPage

    today: date = args.today or date.today()
    now = datetime.combine(today, clock_time(15, 0), UTC)
    app = QApplication(sys.argv[:1])
    context = open_context(args.data_dir, clock=lambda: now)
    repository, timeline = context.repository, context.settings.timeline
    page = InsightsPage(context, DialogService())
    page.resize(1180, 760)
    page.show()
    app.processEvents()

    print(f"{repository.count_debriefs():,} debriefs in {args.data_dir}, today {today}, offscreen")
    for period in Period:
        days = WorkingDays(timeline)

        def figures(period: Period = period, days: WorkingDays = days) -> None:
            sections(compute(repository, period, today, timeline, days))

        print(_line(f"{period.label}: figures", timed_ms(figures, args.runs, warm=False)))
        page.period.blockSignals(True)
        page.period.setCurrentIndex(page.period.findData(period.value))
        page.period.blockSignals(False)

        def drawn() -> None:
            page.refresh()
            app.processEvents()  # laid out (and the old cards deleted)
            page.repaint()  # painted now, charts and all
            app.processEvents()

        print(
            _line(f"{period.label}: figures + page painted", timed_ms(drawn, args.runs, warm=False))
        )
    page.close()
    context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
