"""No typed text stays unsaved for more than a second, even while typing goes on."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.storage import DiskFull
from followup_desktop.ui.autosave import SaveScheduler
from followup_desktop.ui.main_window import MainWindow


def test_scheduler_saves_during_continuous_edits(qtbot: QtBot) -> None:
    saves: list[float] = []
    scheduler = SaveScheduler(lambda: saves.append(time.monotonic()), lambda exc: None)
    start = time.monotonic()
    edits = []
    while time.monotonic() - start < 2.6:  # an edit every 50 ms, never idle for 300 ms
        scheduler.touch()
        edits.append(time.monotonic())
        qtbot.wait(50)
    scheduler.flush()
    assert len(saves) >= 3, saves
    # Every edit was saved within a second (generous slack for a loaded machine).
    for edit in edits:
        first_save_after = min(save for save in saves if save >= edit)
        assert first_save_after - edit < 1.5


def test_scheduler_idle_save_and_nothing_to_save(qtbot: QtBot) -> None:
    saves: list[int] = []
    scheduler = SaveScheduler(lambda: saves.append(1), lambda exc: None, idle_ms=50)
    assert scheduler.flush() is True and saves == []  # nothing dirty: no write
    scheduler.touch()
    qtbot.waitUntil(lambda: saves == [1], timeout=1000)
    assert not scheduler.dirty


def test_typing_in_the_window_reaches_the_database_within_a_second(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    page.go_to_index(1)
    evidence = page.impressions.rows[0].evidence
    typed = ""
    for word in [
        "She",
        "traced",
        "the",
        "timeout",
        "to",
        "a",
        "missing",
        "index",
        "and",
        "proposed",
        "a",
        "fix",
    ]:
        qtbot.keyClicks(evidence, word + " ")
        typed += word + " "
        qtbot.wait(120)
    # Still typing, never idle long: the max wait must have saved something already.
    debrief_id = page.controller.debrief.id
    assert debrief_id is not None
    qtbot.waitUntil(
        lambda: context.repository.get_debrief(debrief_id).competencies[0].evidence == typed,
        timeout=1000,
    )


def test_a_failed_save_keeps_the_text_says_why_and_retries(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: object
) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    real_save = context.repository.save_debrief
    failing = True

    def save(debrief):  # type: ignore[no-untyped-def]
        if failing:
            raise DiskFull(
                "The disk holding followup.sqlite3 is full. Free some space.", context.data_dir
            )
        return real_save(debrief)

    context.repository.save_debrief = save  # type: ignore[method-assign]
    qtbot.keyClicks(page.interview.name, "Lena Fischer")
    assert page.controller.flush() is False
    assert "disk" in page.save_label.text() and "full" in page.save_label.text()
    assert page.interview.name.text() == "Lena Fischer"  # nothing the user wrote is lost
    # Leaving the debrief is refused (with a reason) rather than dropping the words.
    assert window.show_home() is False
    assert window.debrief_page is page
    assert "could not be saved" in window.dialogs.errors[-1][1]  # type: ignore[attr-defined]
    failing = False
    qtbot.waitUntil(lambda: page.controller.debrief.id is not None, timeout=5000)  # the retry
    saved = context.repository.get_debrief(page.controller.debrief.id)  # type: ignore[arg-type]
    assert saved.candidate.name == "Lena Fischer"
    assert page.save_label.text() == "All changes saved"
    qtbot.keyClick(page.interview.name, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.debrief_page is None
