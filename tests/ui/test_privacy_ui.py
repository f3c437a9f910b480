"""Backups while working, the retention purge, and one candidate's delete and export — from
the window, as a person would use them."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.domain import Candidate, Debrief, Decision, Interview, Message, Outcome
from followup_desktop.domain.choices import MessageStatus
from followup_desktop.storage import Repository
from followup_desktop.storage.backups import list_backups
from followup_desktop.storage.database import open_database
from followup_desktop.ui.main_window import PURGE_OFFERED_KEY, MainWindow
from tests.ui.conftest import NOW, FakeDialogs


def _finished(context: AppContext, name: str, *, days_ago: int, notes: str = "") -> Debrief:
    """A rejected candidate whose rejection went out ``days_ago`` days ago, written then
    (through a second connection whose clock reads that day)."""
    when = NOW - timedelta(days=days_ago)
    path = context.repository.path
    then = Repository(open_database(path), path, clock=lambda: when)
    try:
        return _save_finished(then, name, when, notes)
    finally:
        then.close()


def _save_finished(repository: Repository, name: str, when: datetime, notes: str) -> Debrief:
    debrief = repository.save_debrief(
        Debrief(
            started_at=when,
            candidate=Candidate(name, email=f"{name.split()[0].lower()}@example.com"),
            interview=Interview(role="Analyst", at=when),
            private_notes=notes,
            decision=Decision(outcome=Outcome.REJECT),
        )
    )
    assert debrief.id is not None
    repository.save_message(
        Message(
            debrief_id=debrief.id,
            template_id="reject",
            subject="Your application",
            body=f"Hi {name}, thank you.",
            status=MessageStatus.SENT,
            created_at=when,
            copied_at=when,
            sent_at=when,
            outcome=Outcome.REJECT,
        )
    )
    return debrief


def test_a_backup_is_made_in_the_background_once_due(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    backups = context.backups
    assert backups is not None
    _finished(context, "Ana Lima", days_ago=1)
    assert backups.due()  # changes, and no backup yet
    window.back_up_if_due()
    qtbot.waitUntil(lambda: bool(list_backups(backups.folder)) and not backups.running)
    assert list_backups(backups.folder)[0].verified
    assert not backups.due()  # nothing changed since
    window.back_up_if_due()
    assert len(list_backups(backups.folder)) == 1


def test_the_purge_is_offered_once_a_week_and_deletes_only_who_is_due(
    window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    _finished(context, "Old Candidate", days_ago=400, notes="MARKER-OLD")
    _finished(context, "Recent Candidate", days_ago=20)
    dialogs.answer = False
    window.offer_purge()
    assert dialogs.questions == ["Delete candidates past the retention period?"]
    assert context.repository.get_preference(PURGE_OFFERED_KEY)
    window.offer_purge()  # said no today: not asked again at the next start this week
    assert len(dialogs.questions) == 1

    dialogs.answer = True
    window.offer_purge(asked=True)  # Settings → Purge now…
    remaining = context.repository.list_summaries(show="all")
    assert [row.candidate_name for row in remaining] == ["Recent Candidate"]
    assert context.repository.search("MARKER") == []
    window.offer_purge(asked=True)
    assert dialogs.told[-1][0] == "Nobody to purge"


def test_the_settings_purge_button_asks_the_window(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from followup_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(context.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.retention.setValue(90)
    dialog.keep_weekly.setValue(4)
    purge = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Purge now…")
    with qtbot.waitSignal(dialog.purge_requested):
        qtbot.mouseClick(purge, Qt.MouseButton.LeftButton)
    updated = dialog.settings()
    assert (updated.retention_days, updated.keep_weekly) == (90, 4)


def test_one_candidate_is_exported_then_deleted_from_their_history(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    _finished(context, "Ana Lima", days_ago=3, notes="Private: compare with the last hire")
    _finished(context, "Ben Okoro", days_ago=2)
    window.home.set_show("all")
    window.home.table.selectRow(1)  # Ana: sent longer ago, listed second
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    page = window.candidate_page
    assert page is not None and page.title.text() == "Ana Lima"

    dialogs.path = tmp_path / "ana"
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    exported = json.loads((tmp_path / "ana.json").read_text(encoding="utf-8"))
    assert "Private: compare with the last hire" in json.dumps(exported, ensure_ascii=False)

    dialogs.answer = False
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert context.repository.count_debriefs() == 2  # refused: nothing removed
    dialogs.answer = True
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert window.candidate_page is None  # back Home
    assert [row.candidate_name for row in context.repository.list_summaries(show="all")] == [
        "Ben Okoro"
    ]
