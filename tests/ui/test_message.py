"""The message: live re-render, hand edits kept and marked, never overwritten without asking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.ui.debrief_page import DebriefPage
from followup_desktop.ui.main_window import MainWindow


def _ready_page(qtbot: QtBot, window: MainWindow) -> DebriefPage:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    qtbot.keyClicks(page.interview.name, "Mei Chen")
    qtbot.keyClicks(page.interview.role, "Support Lead")
    page.go_to_index(1)
    qtbot.keyClicks(page.impressions.strengths, "Calm handling of the angry-customer role play")
    return page


def test_preview_follows_the_debrief_live(qtbot: QtBot, window: MainWindow) -> None:
    page = _ready_page(qtbot, window)
    assert page.preview.isVisible()
    assert "angry-customer" in page.preview.body.toPlainText()
    qtbot.keyClicks(page.impressions.strengths, " and clear escalation notes")
    assert "clear escalation notes" in page.preview.body.toPlainText()


def test_missing_name_is_explained_not_printed(qtbot: QtBot, window: MainWindow) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    qtbot.keyClicks(page.interview.role, "Support Lead")
    page.go_to_index(3)
    follow_up = page.follow_up
    assert follow_up.problem.isVisible()
    assert "name" in follow_up.problem.text()
    assert not follow_up.copy_button.isEnabled()
    assert "Hi ," not in follow_up.body.toPlainText()


def test_hand_edit_is_kept_marked_and_replaced_only_when_confirmed(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = _ready_page(qtbot, window)
    page.go_to_index(3)
    body = page.follow_up.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    qtbot.keyClicks(body, "P.S. Enjoy the long weekend!")
    edited_text = body.toPlainText()
    assert page.controller.message is not None and page.controller.message.edited

    page.go_to_index(1)  # change the debrief after the edit
    qtbot.keyClicks(page.impressions.strengths, " and crisp summaries")
    page.go_to_index(3)
    assert page.follow_up.body.toPlainText() == edited_text  # not overwritten
    assert page.follow_up.stale_box.isVisible()

    window.dialogs.answer = False  # type: ignore[attr-defined]
    qtbot.mouseClick(page.follow_up.use_template, Qt.MouseButton.LeftButton)
    assert page.follow_up.body.toPlainText() == edited_text

    window.dialogs.answer = True  # type: ignore[attr-defined]
    qtbot.mouseClick(page.follow_up.use_template, Qt.MouseButton.LeftButton)
    assert "crisp summaries" in page.follow_up.body.toPlainText()
    assert "P.S." not in page.follow_up.body.toPlainText()
    assert not page.follow_up.stale_box.isVisible()

    page.controller.flush()
    debrief_id = page.controller.debrief.id
    assert debrief_id is not None
    (message,) = context.repository.messages_for(debrief_id)
    assert not message.edited and "crisp summaries" in message.body


def test_edited_message_is_saved_and_reopens_marked(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = _ready_page(qtbot, window)
    page.go_to_index(3)
    page.follow_up.subject.selectAll()
    qtbot.keyClicks(page.follow_up.subject, "Thank you, Mei")
    window.show_home()
    debrief_id = window.home.model.index(0, 0).data(0x0101)
    window.open_debrief(debrief_id)
    reopened = window.debrief_page
    assert reopened is not None and reopened.current_step().value == "follow_up"
    assert reopened.follow_up.subject.text() == "Thank you, Mei"
    assert reopened.controller.message is not None and reopened.controller.message.edited


def test_switching_template_asks_before_replacing_edits(qtbot: QtBot, window: MainWindow) -> None:
    page = _ready_page(qtbot, window)
    page.go_to_index(3)
    qtbot.keyClicks(page.follow_up.body, "My own opening. ")
    mine = page.follow_up.body.toPlainText()
    combo = page.follow_up.template
    other = next(i for i in range(combo.count()) if i != combo.currentIndex())
    window.dialogs.answer = False  # type: ignore[attr-defined]
    combo.setCurrentIndex(other)
    combo.activated.emit(other)
    assert page.follow_up.body.toPlainText() == mine
    assert window.dialogs.questions == ["Switch template?"]  # type: ignore[attr-defined]


def test_a_copied_message_is_not_rewritten_behind_the_users_back(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = _ready_page(qtbot, window)
    page.go_to_index(3)
    page.follow_up.copy()
    copied = page.follow_up.body.toPlainText()
    page.go_to_index(1)
    qtbot.keyClicks(page.impressions.strengths, " and a tidy ticket history")
    page.go_to_index(3)
    assert page.follow_up.body.toPlainText() == copied  # it may already be in an email
    assert page.follow_up.stale_box.isVisible()
    assert "copied this message" in page.follow_up.stale.text()
    message = page.controller.message
    assert message is not None and message.status.value == "copied"
