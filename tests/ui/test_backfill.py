"""Debriefs written before the coach's counts were kept get counted in the background, a few
at a time, and only while nobody is using the app."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.domain import Candidate, Debrief, Interview
from followup_desktop.insights.coaching import count_findings
from followup_desktop.ui import backfill as backfill_module
from followup_desktop.ui.backfill import CoachBackfill
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.quiet import QuietGate
from tests.ui.conftest import NOW
from tests.ui.test_quiet import Clock

NOTES = (
    "Not a culture fit, honestly.",
    "Walked me through the retry logic and explained why the backoff is capped.",
    "Seemed smart. Her accent was hard to follow.",
)


def add_old_debriefs(context: AppContext, count: int) -> list[int]:
    """Debriefs with notes and no counts, as an upgraded data file has them."""
    context.repository.add_debriefs(
        Debrief(
            started_at=NOW,
            candidate=Candidate(f"Candidate {i}"),
            interview=Interview(role="Analyst", at=NOW - timedelta(days=i)),
            private_notes=NOTES[i % len(NOTES)],
        )
        for i in range(count)
    )
    return context.repository.uncounted_debriefs(count + 1)


def test_old_debriefs_are_counted_as_the_debrief_page_counts_them(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    ids = add_old_debriefs(context, 2 * backfill_module.BATCH + 1)  # three batches
    assert len(ids) == 11
    clock = Clock()
    gate = QuietGate(1.0, clock=clock, sleep=clock.sleep)
    clock.now += 60  # then left alone for a minute
    backfill = CoachBackfill(context.repository, window.reviewer(), gate, parent=window)
    with qtbot.waitSignal(backfill.finished, timeout=30000) as done:
        backfill.start()
    assert done.args == [11]
    assert context.repository.uncounted_debriefs(5) == []
    for debrief_id in ids:
        found = count_findings(context.repository.get_debrief(debrief_id))
        stored = context.repository.coach_counts(debrief_id)
        assert stored is not None
        assert stored["vague"] == found.get("vague", 0)
        assert stored["bias"] == found.get("bias", 0)
    assert any(context.repository.coach_counts(i)["bias"] for i in ids)  # type: ignore[index]


def test_nothing_is_counted_while_the_app_is_in_use(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backfill_module, "IN_USE_MS", 20)
    add_old_debriefs(context, 3)
    clock = Clock()  # the gate was made "just now": the app counts as in use
    gate = QuietGate(1.0, clock=clock, sleep=clock.sleep)
    backfill = CoachBackfill(context.repository, window.reviewer(), gate, parent=window)
    backfill.start()
    qtbot.wait(300)  # several looks, each finding the person at work
    assert len(context.repository.uncounted_debriefs(5)) == 3
    clock.now += 5  # then they leave it alone
    with qtbot.waitSignal(backfill.finished, timeout=30000) as done:
        pass
    assert done.args == [3]
    assert context.repository.uncounted_debriefs(5) == []


def test_the_warm_up_hands_over_to_the_count(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.ui import main_window as main_window_module

    monkeypatch.setattr(main_window_module, "WARM_UP_QUIET_S", 0.05)
    add_old_debriefs(context, 2)
    with qtbot.waitSignal(window.coach_ready, timeout=30000):
        window.prepare_coach()
    assert window.backfill is not None
    with qtbot.waitSignal(window.backfill.finished, timeout=30000):
        pass
    assert context.repository.uncounted_debriefs(5) == []
