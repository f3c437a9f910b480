"""Typing into a 2,000-word debrief, offscreen: how soon the coach's underlines follow the last
keystroke, and the longest frame while typing.

    .venv/bin/python benchmarks/typing_ui.py [--rounds 20] [--words 2000] [--json FILE]

In-process. Opens the main window on the demo data, grows one debrief's notes to ``--words``
words (as ``render.py --words`` does), lets the coach warm up as the app does after start, and
opens the debrief on its Impressions step. Each round types a short sentence at the end of the
private notes (the longest field) with ``QTest.keyClick``, one key every 80 ms (a quick typist),
handling events between keys; each key press, and each pass of the event loop between keys
(painting included), is one stretch of work on the window's thread: the longest is the longest
frame. After the round's last key it waits until that field's underlines are redrawn for the
new text (``CoachedField.reviewed``): the coach waits for a 200 ms pause (``REVIEW_DELAY_MS``),
reviews on its worker thread, and the marks are drawn.

Targets (issue 9): underlines within 300 ms of the last keystroke; no frame over 50 ms.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from figures import Figure, report
from render import demo_window

from followup_desktop.domain import Step
from followup_desktop.ui.coach_view import REVIEW_DELAY_MS

UNDERLINES_MS = 300
FRAME_MS = 50
KEY_INTERVAL_S = 0.08
SENTENCES = (
    "Explained the cache eviction with numbers. ",
    "Seemed nice but vague about it. ",
    "Asked sharp questions about the rollout plan. ",
    "Not a culture fit for us honestly. ",
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=20, help="sentences typed (default 20)")
    parser.add_argument("--words", type=int, default=2000, help="the debrief's size in words")
    parser.add_argument("--json", type=Path, help="append the figures to this file")
    args = parser.parse_args(argv)
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    with demo_window(args.words) as (app, window, _debrief_id, words):
        page = window.debrief_page
        assert page is not None
        page.go_to_index(Step.IMPRESSIONS.position)
        field = page.impressions.private
        coached = next(item for item in page.impressions.coached if item.edit is field)
        reviewed: list[float] = []
        coached.reviewed.connect(lambda: reviewed.append(time.perf_counter()))
        field.setFocus()
        field.moveCursor(QTextCursor.MoveOperation.End)
        app.processEvents()

        frames: list[float] = []  # each stretch of work between two returns to the loop

        def work(action: Callable[[], object]) -> None:
            started = time.perf_counter()
            action()
            frames.append((time.perf_counter() - started) * 1000)

        latencies: list[float] = []
        for number in range(args.rounds):
            last_key = time.perf_counter()
            for char in SENTENCES[number % len(SENTENCES)]:
                while time.perf_counter() < last_key + KEY_INTERVAL_S:
                    work(app.processEvents)
                    time.sleep(0.001)
                last_key = time.perf_counter()
                work(functools.partial(QTest.keyClicks, field, char))
            reviewed.clear()
            while not reviewed:
                if time.perf_counter() > last_key + 5:
                    raise SystemExit("the underlines never followed the typing")
                work(app.processEvents)
                time.sleep(0.001)
            latencies.append((reviewed[-1] - last_key) * 1000)
        expected = "".join(SENTENCES[n % len(SENTENCES)] for n in range(args.rounds))
        if not field.toPlainText().endswith(expected):
            raise SystemExit("the keys did not all reach the private notes")
    size = f"{words:,}-word debrief"
    longest = sorted(frames)
    top = longest[int(0.999 * (len(longest) - 1))]
    figures = [
        Figure("Keystroke to coach underlines", size, statistics.median(latencies), "ms",
               UNDERLINES_MS, worst=max(latencies),
               note=f"{args.rounds} sentences; the coach waits for a {REVIEW_DELAY_MS} ms pause"),
        Figure("Longest frame while typing", size, longest[-1], "ms", FRAME_MS,
               statistic="longest",
               note=f"a key every {KEY_INTERVAL_S * 1000:.0f} ms; 99.9th percentile of "
               f"{len(frames):,} stretches of work {top:.1f} ms"),
    ]  # fmt: skip
    return 0 if report(figures, args.json) else 1


if __name__ == "__main__":
    sys.exit(main())
