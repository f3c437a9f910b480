"""The Follow-up step's ways to send: mail app, .eml, Mark as sent / Undo sent, scorecard."""

from __future__ import annotations

import email
import email.policy
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.domain import Message, MessageStatus, Outcome, Rating
from followup_desktop.ui.debrief_page import DebriefPage
from followup_desktop.ui.main_window import MainWindow
from tests.ui.conftest import FakeDialogs, type_text

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton


class OpenedUrls:
    """Stands in for QDesktopServices.openUrl: records the URLs, opens nothing."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []
        self.answer = True

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return self.answer


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> OpenedUrls:
    fake = OpenedUrls()
    monkeypatch.setattr(QDesktopServices, "openUrl", fake)
    return fake


def _page(
    qtbot: QtBot, window: MainWindow, *, email_address: str = "ana@example.com"
) -> DebriefPage:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    qtbot.keyClicks(page.interview.name, "Ana Lima")
    if email_address:
        qtbot.keyClicks(page.interview.email, email_address)
    qtbot.keyClicks(page.interview.role, "Backend Engineer")
    page.go_to_index(1)
    qtbot.keyClicks(page.impressions.strengths, "Your walkthrough of the billing migration")
    page.go_to_index(3)
    assert page.follow_up.mail_button.isEnabled(), page.follow_up.problem.text()
    return page


def _saved_message(context: AppContext, page: DebriefPage) -> Message:
    page.controller.flush()
    debrief_id = page.controller.debrief.id
    assert debrief_id is not None
    return context.repository.messages_for(debrief_id)[-1]


def _parse(url: QUrl) -> tuple[str, str, str]:
    text = bytes(url.toEncoded().data()).decode("ascii")
    parts = urlsplit(text)
    assert parts.scheme == "mailto"
    query = parse_qs(parts.query, keep_blank_values=True)
    return unquote(parts.path), query["subject"][0], query.get("body", [""])[0]


def test_open_in_mail_app_hands_over_the_message(
    qtbot: QtBot, window: MainWindow, context: AppContext, opened: OpenedUrls
) -> None:
    page = _page(qtbot, window)
    follow_up = page.follow_up
    follow_up.body.moveCursor(follow_up.body.textCursor().MoveOperation.End)
    type_text(follow_up.body, "\nP.S. Tom & Jerry? 100% #1 + more = fun 🎉 شكرا")
    qtbot.mouseClick(follow_up.mail_button, LEFT)

    (url,) = opened.urls
    to, subject, body = _parse(url)
    assert to == "ana@example.com"
    assert subject == follow_up.subject.text()
    assert body == follow_up.body.toPlainText().replace("\n", "\r\n")
    assert not follow_up.note.isVisible()
    assert follow_up.status.isVisible() and "Opened in your mail app" in follow_up.status.text()
    message = _saved_message(context, page)
    assert message.status is MessageStatus.COPIED and message.copied_at is not None


def test_ctrl_shift_m_opens_the_mail_app(
    qtbot: QtBot, window: MainWindow, opened: OpenedUrls
) -> None:
    page = _page(qtbot, window)
    qtbot.keyClick(page.follow_up.body, Qt.Key.Key_M, CTRL_SHIFT)
    assert len(opened.urls) == 1


def test_no_email_is_explained_on_the_step_and_nothing_opens(
    qtbot: QtBot,
    window: MainWindow,
    context: AppContext,
    dialogs: FakeDialogs,
    opened: OpenedUrls,
) -> None:
    page = _page(qtbot, window, email_address="")
    follow_up = page.follow_up
    qtbot.mouseClick(follow_up.mail_button, LEFT)
    assert opened.urls == []
    assert follow_up.note.isVisible()
    assert "no email address yet" in follow_up.note.text()
    assert "Interview step" in follow_up.note.text()
    assert dialogs.errors == []
    assert _saved_message(context, page).status is MessageStatus.DRAFT
    page.go_to_index(0)  # the explanation belongs to that moment
    page.go_to_index(3)
    assert not follow_up.note.isVisible()


def test_a_bad_address_is_explained_and_nothing_opens(
    qtbot: QtBot, window: MainWindow, opened: OpenedUrls
) -> None:
    page = _page(qtbot, window, email_address="ana@example.com, bob@example.com")
    qtbot.mouseClick(page.follow_up.mail_button, LEFT)
    assert opened.urls == []
    assert "not an email address" in page.follow_up.note.text()


def test_a_long_message_opens_with_the_subject_and_goes_by_the_clipboard(
    qtbot: QtBot, window: MainWindow, context: AppContext, opened: OpenedUrls
) -> None:
    page = _page(qtbot, window)
    follow_up = page.follow_up
    follow_up.body.moveCursor(follow_up.body.textCursor().MoveOperation.End)
    qtbot.keyClicks(follow_up.body, " Thank you for your time." * 90)
    qtbot.mouseClick(follow_up.mail_button, LEFT)

    (url,) = opened.urls
    assert _parse(url) == ("ana@example.com", follow_up.subject.text(), "")
    assert QApplication.clipboard().text() == follow_up.body.toPlainText()
    assert follow_up.note.isVisible()
    assert "too long" in follow_up.note.text() and "paste" in follow_up.note.text()
    assert _saved_message(context, page).status is MessageStatus.COPIED


def test_when_no_mail_app_answers_the_message_stays_a_draft(
    qtbot: QtBot, window: MainWindow, context: AppContext, opened: OpenedUrls
) -> None:
    opened.answer = False
    page = _page(qtbot, window)
    qtbot.mouseClick(page.follow_up.mail_button, LEFT)
    assert "No mail app" in page.follow_up.note.text()
    assert _saved_message(context, page).status is MessageStatus.DRAFT


def test_save_as_eml_writes_a_draft_that_reads_back(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    page = _page(qtbot, window)
    follow_up = page.follow_up
    dialogs.path = tmp_path / "Ana Lima"  # no suffix typed: .eml is added
    qtbot.keyClick(follow_up.body, Qt.Key.Key_S, CTRL_SHIFT)
    saved = tmp_path / "Ana Lima.eml"
    assert dialogs.questions == ["Save as .eml"]
    assert dialogs.errors == []
    message = email.message_from_bytes(saved.read_bytes(), policy=email.policy.default)
    assert message["To"] == "Ana Lima <ana@example.com>"
    assert message["From"] == "Priya Raman <priya@northwind.example>"
    assert message["Subject"] == follow_up.subject.text()
    assert message["X-Unsent"] == "1"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    text = plain.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
    assert text.rstrip("\n") == follow_up.body.toPlainText().rstrip("\n")
    assert "billing migration" in html.get_content()  # type: ignore[attr-defined]
    assert "Saved as Ana Lima.eml" in follow_up.status.text()
    assert _saved_message(context, page).status is MessageStatus.COPIED


def test_save_as_eml_cancelled_does_nothing(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    page = _page(qtbot, window)
    dialogs.path = None
    page.follow_up.eml_action.trigger()
    assert dialogs.questions == ["Save as .eml"]
    assert _saved_message(context, page).status is MessageStatus.DRAFT


def test_save_as_eml_to_an_unwritable_place_names_it_and_leaves_nothing(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    page = _page(qtbot, window)
    out = tmp_path / "out"
    out.mkdir()
    blocker = out / "a-file"
    blocker.write_text("not a folder")
    dialogs.path = blocker / "draft.eml"
    page.follow_up.eml_action.trigger()
    ((title, text),) = dialogs.errors
    assert title == "Could not save the message"
    assert str(dialogs.path) in text
    assert os.listdir(out) == ["a-file"]
    assert _saved_message(context, page).status is MessageStatus.DRAFT


def test_save_as_eml_without_an_email_says_so_before_asking_where(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    page = _page(qtbot, window, email_address="")
    dialogs.path = tmp_path / "x.eml"
    page.follow_up.eml_action.trigger()
    assert dialogs.questions == [] and dialogs.errors == []
    assert "no email address yet" in page.follow_up.note.text()
    assert not dialogs.path.exists()


def test_mark_as_sent_then_undo_sent(qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    page = _page(qtbot, window)
    follow_up = page.follow_up
    follow_up.copy()
    copied_at = _saved_message(context, page).copied_at
    qtbot.mouseClick(follow_up.sent_button, LEFT)
    sent = _saved_message(context, page)
    assert sent.status is MessageStatus.SENT and sent.sent_at is not None
    assert follow_up.undo_sent_button.isVisible() and not follow_up.sent_button.isVisible()
    assert not follow_up.mail_button.isVisible() and not follow_up.eml_action.isEnabled()

    qtbot.mouseClick(follow_up.undo_sent_button, LEFT)
    restored = _saved_message(context, page)
    assert restored.status is MessageStatus.COPIED
    assert restored.sent_at is None and restored.copied_at == copied_at
    assert follow_up.sent_button.isVisible() and follow_up.sent_button.isEnabled()
    assert not follow_up.undo_sent_button.isVisible()
    assert follow_up.mail_button.isVisible() and follow_up.eml_action.isEnabled()
    assert not follow_up.body.isReadOnly()
    assert "Not marked as sent" in follow_up.status.text()


def test_undo_sent_of_a_message_never_copied_keeps_it_out_of_the_template(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = _page(qtbot, window)
    body = page.follow_up.body.toPlainText()
    qtbot.mouseClick(page.follow_up.sent_button, LEFT)
    qtbot.mouseClick(page.follow_up.undo_sent_button, LEFT)
    restored = _saved_message(context, page)
    assert restored.status is MessageStatus.COPIED and restored.copied_at is not None
    assert not page.follow_up.stale_box.isVisible()
    page.go_to_index(1)  # a later change to the debrief does not rewrite it
    qtbot.keyClicks(page.impressions.strengths, " and your questions")
    page.go_to_index(3)
    assert page.follow_up.body.toPlainText() == body
    assert page.follow_up.stale_box.isVisible()  # changed since: offered, never imposed


def test_copy_scorecard_has_ratings_and_evidence_but_no_private_notes(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    page = _page(qtbot, window)
    page.go_to_index(1)
    impressions = page.impressions
    qtbot.mouseClick(impressions.add_button, LEFT)
    row = impressions.rows[-1]
    qtbot.keyClicks(row.name, "System design")
    row.rating.setCurrentIndex(row.rating.findData(Rating.STRONG_YES.value))
    qtbot.keyClicks(row.evidence, "Found the race condition in the queue design")
    qtbot.keyClicks(impressions.private, "SECRET reminded me of someone")
    page.go_to_index(3)

    page.follow_up.scorecard_action.trigger()
    text = QApplication.clipboard().text()
    assert "Scorecard: Ana Lima" in text
    assert "- System design: Strong yes" in text
    assert "Found the race condition in the queue design" in text
    assert "SECRET" not in text
    assert page.follow_up.note.isVisible() and "Scorecard copied" in page.follow_up.note.text()
    assert dialogs.errors == []


def test_the_more_menu_holds_the_rarer_actions(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    menu = page.follow_up.more_button.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["Save as .eml…", "Copy scorecard"]


def test_every_button_of_the_step_has_an_accessible_name(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    for button in page.follow_up.findChildren(QPushButton):
        assert button.accessibleName(), button.text()
    assert page.follow_up.mail_button.accessibleName() == "Open in mail app"


def test_messages_record_the_outcome_they_were_written_and_sent_for(
    qtbot: QtBot, window: MainWindow
) -> None:
    """The controller's side; saving the field is the repository's."""
    page = _page(qtbot, window)
    controller = page.controller
    assert controller.message is not None
    assert controller.message.outcome is Outcome.UNDECIDED  # created for the outcome then
    page.go_to_index(2)
    controller.edit(lambda d: d.with_decision(outcome=Outcome.ADVANCE))
    page.go_to_index(3)
    page.follow_up.copy()
    assert controller.message.outcome is Outcome.ADVANCE
    controller.edit(lambda d: d.with_decision(outcome=Outcome.REJECT))
    qtbot.mouseClick(page.follow_up.sent_button, LEFT)
    assert controller.message.status is MessageStatus.SENT
    assert controller.message.outcome is Outcome.REJECT
