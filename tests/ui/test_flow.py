"""The spine, driven as a person would: keyboard from Home to Copy, then what was saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.domain import (
    Candidate,
    Debrief,
    Interview,
    MessageStatus,
    Outcome,
    Rating,
    Step,
)
from followup_desktop.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_here(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab(qtbot: QtBot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def next_step(qtbot: QtBot) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)


def test_keyboard_only_from_home_to_clipboard(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_N, CTRL)
    page = window.debrief_page
    assert page is not None
    assert page.current_step() is Step.INTERVIEW
    assert focused() is page.interview.name

    type_here(qtbot, "Ana Lima")
    tab(qtbot)
    assert focused().accessibleName() == "Preferred name"
    type_here(qtbot, "Aninha")
    tab(qtbot)
    type_here(qtbot, "ana@example.com")
    tab(qtbot)
    assert focused().accessibleName() == "Role"
    type_here(qtbot, "Backend Engineer")
    next_step(qtbot)

    assert page.current_step() is Step.IMPRESSIONS
    rows = page.impressions.rows
    assert [row.name.text() for row in rows] == list(context.settings.competencies_for(""))
    assert focused() is rows[0].evidence
    type_here(qtbot, "Found the race in her own queue design when asked about retries.")
    # Shift+Tab back to the rating of the first competency, then pick "Strong yes".
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab)
    assert focused() is rows[0].rating
    rows[0].rating.setCurrentIndex(rows[0].rating.findData(Rating.STRONG_YES.value))
    qtbot.mouseClick(page.impressions.strengths, Qt.MouseButton.LeftButton)
    type_here(qtbot, "Your walkthrough of the billing migration was clear and candid")
    tab(qtbot)
    type_here(qtbot, "More depth on testing concurrent code")
    tab(qtbot)
    type_here(qtbot, "Reminded me of our best hire")
    next_step(qtbot)

    assert page.current_step() is Step.DECISION
    assert focused() is page.decision.outcomes.buttons()[0]
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # Undecided -> Advance
    assert context.repository  # the debrief exists from the first keystroke on
    assert page.controller.debrief.decision.outcome is Outcome.ADVANCE
    qtbot.mouseClick(page.decision.next_steps, Qt.MouseButton.LeftButton)
    type_here(qtbot, "A 60-minute system design call with Dana Okafor on video.")
    next_step(qtbot)

    assert page.current_step() is Step.FOLLOW_UP
    follow_up = page.follow_up
    assert follow_up.copy_button.isEnabled(), follow_up.problem.text()
    body = follow_up.body.toPlainText()
    assert body.startswith("Hi Aninha") or "Aninha" in body.splitlines()[0]
    assert "Backend Engineer" in follow_up.subject.text() + body
    assert "billing migration" in body
    assert "Reminded me" not in body  # private notes never reach the candidate

    next_step(qtbot)  # Ctrl+Enter on the last step copies
    mime = QApplication.clipboard().mimeData()
    assert mime.text().startswith(f"Subject: {follow_up.subject.text()}\n\n")
    assert body in mime.text()
    assert "Aninha" in mime.html() and "<p>" in mime.html()
    assert follow_up.status.isVisible() and "Copied" in follow_up.status.text()

    debrief_id = page.controller.debrief.id
    assert debrief_id is not None
    saved = context.repository.get_debrief(debrief_id)
    assert saved.candidate.name == "Ana Lima"
    assert saved.candidate.preferred_name == "Aninha"
    assert saved.candidate.email == "ana@example.com"
    assert saved.interview.role == "Backend Engineer"
    assert saved.competencies[0].rating is Rating.STRONG_YES
    assert saved.competencies[0].evidence.startswith("Found the race")
    assert saved.private_notes == "Reminded me of our best hire"
    assert saved.decision.outcome is Outcome.ADVANCE
    assert saved.step is Step.FOLLOW_UP
    assert saved.completed_at is not None
    (message,) = context.repository.messages_for(debrief_id)
    assert message.status is MessageStatus.COPIED
    assert message.copied_at is not None
    assert message.body == body
    assert not message.edited

    qtbot.keyClick(focused(), Qt.Key.Key_W, CTRL)  # back to Home
    assert window.debrief_page is None
    assert window.home.model.rowCount() == 1
    assert "Copied" in window.home.model.index(0, 5).data()


def test_mark_as_sent_is_timestamped_and_shown_on_home(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    qtbot.keyClicks(page.interview.name, "Kwame Mensah")
    qtbot.keyClicks(page.interview.role, "Data Analyst")
    page.go_to_index(3)
    assert page.follow_up.sent_button.isEnabled(), page.follow_up.problem.text()
    qtbot.mouseClick(page.follow_up.sent_button, Qt.MouseButton.LeftButton)
    assert "Sent on" in page.follow_up.status.text()
    assert page.follow_up.body.isReadOnly()
    assert page.follow_up.another_button.isVisible()
    window.show_home()
    # Sent while still undecided: the thank-you was an update, and the next one is owed.
    assert window.home.model.index(0, 5).data() == "Update sent, decision pending"
    assert window.home.model.index(0, 4).data().startswith("Update due")


def test_the_decision_step_gives_the_respond_by_date_home_gives(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    # A Sunday-to-Thursday week: two working days after Wednesday 18 November is Sunday 22
    # (with Monday to Friday it would be Friday 20).
    context.update_settings(
        replace(context.settings, working_days=(6, 0, 1, 2, 3), respond_within_days=2)
    )
    context.repository.reschedule(context.settings.timeline)
    interview = datetime(2026, 11, 18, 10, 0).astimezone()
    saved = context.repository.save_debrief(
        Debrief(
            started_at=interview,
            candidate=Candidate("Noor Haddad"),
            interview=Interview(role="Designer", at=interview),
        )
    )
    window.home.refresh()
    assert window.home.model.index(0, 4).data(Qt.ItemDataRole.ToolTipRole) == (
        "Respond by Sunday 22 November 2026"
    )
    assert saved.id is not None
    window.open_debrief(saved.id)
    page = window.debrief_page
    assert page is not None
    page.go_to_index(2)
    assert page.decision.respond_by.text().startswith(
        "Respond by Sunday 22 November 2026 (2 business days after the interview)"
    )
