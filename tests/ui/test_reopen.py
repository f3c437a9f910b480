"""Closing loses nothing: an unfinished debrief reopens exactly where it was left."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from followup_desktop.domain import Outcome, Rating, Step
from followup_desktop.ui.main_window import MainWindow
from tests.ui.conftest import type_text

RTL = "مرحبا بالعالم — שלום"
EMOJI = "Great energy 🚀 and a calm walkthrough 🙂"


def test_every_field_survives_closing_and_reopening(
    qtbot: QtBot, window: MainWindow, reopen: Callable[[], MainWindow]
) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    step1 = page.interview
    type_text(step1.name, "Zoë Ndlovu-Åström")
    type_text(step1.preferred, "Zoë")
    qtbot.keyClicks(step1.email, "zoe@example.org")
    qtbot.keyClicks(step1.role, "Product Designer")
    step1.stage.setCurrentText("On-site")
    step1.format.setCurrentIndex(2)
    page.go_to_index(1)
    step2 = page.impressions
    qtbot.mouseClick(step2.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(step2.rows[-1].name, "Accessibility")
    step2.rows[-1].rating.setCurrentIndex(step2.rows[-1].rating.findData(Rating.NO.value))
    type_text(step2.rows[-1].evidence, RTL)
    type_text(step2.rows[0].evidence, EMOJI)
    qtbot.keyClicks(step2.takeaways, "Line one")
    qtbot.keyClick(step2.takeaways, Qt.Key.Key_Return)
    qtbot.keyClicks(step2.takeaways, "Line two")
    qtbot.keyClicks(step2.strengths, "Clear critique of her own flows")
    qtbot.keyClicks(step2.growth, "Contrast checks")
    qtbot.keyClicks(step2.private, "Private: compare with portfolio")
    page.go_to_index(2)
    step3 = page.decision
    for button in step3.outcomes.buttons():
        if button.property("outcome") == Outcome.OFFER.value:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(step3.offer_manager, "Dana Okafor")
    step3.has_start.setChecked(True)
    step3.start_date.setDate(QDate(2027, 1, 4))
    step3.has_date.setChecked(True)
    step3.next_date.setDate(QDate(2026, 12, 1))
    qtbot.keyClicks(step3.next_steps, "Reply by Tuesday")
    before = page.controller.debrief
    debrief_id = before.id
    assert debrief_id is not None

    window.close()  # saves everything at once

    reopened = reopen()
    assert reopened.home.model.index(0, 0).data() == "Zoë Ndlovu-Åström"
    reopened.open_debrief(debrief_id)
    page2 = reopened.debrief_page
    assert page2 is not None
    assert page2.current_step() is Step.DECISION  # where it was left
    restored = page2.controller.debrief
    assert restored == before
    assert restored.decision.offer_start_date == date(2027, 1, 4)
    assert restored.decision.next_step_date == date(2026, 12, 1)
    assert page2.decision.offer_manager.text() == "Dana Okafor"
    assert page2.decision.next_steps.toPlainText() == "Reply by Tuesday"
    page2.go_to_index(1)
    assert page2.impressions.rows[-1].evidence.toPlainText() == RTL
    assert page2.impressions.rows[0].evidence.toPlainText() == EMOJI
    assert page2.impressions.private.toPlainText() == "Private: compare with portfolio"
    page2.go_to_index(0)
    assert page2.interview.name.text() == "Zoë Ndlovu-Åström"
    assert page2.interview.stage.currentText() == "On-site"


def test_window_size_and_position_are_remembered(
    window: MainWindow, reopen: Callable[[], MainWindow]
) -> None:
    window.resize(781, 563)
    window.close()
    reopened = reopen()
    reopened.restore_geometry()
    assert (reopened.width(), reopened.height()) == (781, 563)
