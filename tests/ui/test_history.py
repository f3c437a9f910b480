"""Home as a to-do list with filters and search, the candidate's history, archive and delete,
reminders and the calendar export — driven by keys and clicks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.domain import Candidate, Debrief, Decision, Interview, Message, Outcome
from followup_desktop.domain.choices import MessageStatus
from followup_desktop.storage.repository import REMINDERS_LIMIT
from followup_desktop.ui.main_window import MainWindow
from tests.ui.conftest import NOW, FakeDialogs


def _debrief(
    context: AppContext,
    name: str,
    *,
    days_ago: int,
    email: str = "",
    role: str = "Backend Engineer",
    outcome: Outcome = Outcome.UNDECIDED,
    notes: str = "",
) -> Debrief:
    return context.repository.save_debrief(
        Debrief(
            started_at=NOW - timedelta(days=days_ago),
            candidate=Candidate(name, email=email),
            interview=Interview(
                role=role, stage="Technical interview", at=NOW - timedelta(days=days_ago)
            ),
            private_notes=notes,
            decision=Decision(outcome=outcome),
        )
    )


def _sent(context: AppContext, debrief: Debrief, *, days_ago: int) -> None:
    assert debrief.id is not None
    when = NOW - timedelta(days=days_ago)
    context.repository.save_message(
        Message(
            debrief_id=debrief.id,
            template_id="reject",
            subject="Your application",
            body="Hi, thank you.",
            status=MessageStatus.SENT,
            created_at=when,
            copied_at=when,
            sent_at=when,
            outcome=debrief.decision.outcome,
        )
    )


def _names(window: MainWindow) -> list[str]:
    model = window.home.table.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def _click_filter(qtbot: QtBot, window: MainWindow, show: str) -> None:
    button = next(b for b in window.home.filters.buttons() if b.property("show") == show)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_filters_states_and_the_overdue_count_in_the_title(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    late = _debrief(context, "Ana Lima", days_ago=8)
    _debrief(context, "Ben Okoro", days_ago=0)
    done = _debrief(context, "Chen Wei", days_ago=10, outcome=Outcome.REJECT)
    _sent(context, done, days_ago=9)
    window.home.refresh()
    assert window.windowTitle().endswith("1 overdue")
    assert _names(window) == ["Ana Lima", "Ben Okoro"]  # open ones, most urgent first
    follow_up = window.home.table.model().index(0, 4).data()
    assert follow_up.startswith("Overdue by")
    assert late.id is not None

    _click_filter(qtbot, window, "sent")
    assert _names(window) == ["Chen Wei"]
    assert window.home.table.model().index(0, 4).data().startswith("Sent")
    _click_filter(qtbot, window, "all")
    assert _names(window) == ["Ana Lima", "Ben Okoro", "Chen Wei"]


def test_search_shows_matches_as_you_type_and_escape_goes_back(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    _debrief(context, "Ana Lima", days_ago=2, notes="Reminded me of the payments rewrite")
    _debrief(context, "Ben Okoro", days_ago=1, role="Designer")
    window.home.refresh()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.home.search.hasFocus()
    qtbot.keyClicks(window.home.search, "paym")
    qtbot.waitUntil(lambda: _names(window) == ["Ana Lima"])
    assert "payments" in window.home.table.model().index(0, 4).data()
    qtbot.keyClick(window.home.search, Qt.Key.Key_Return)  # into the results
    qtbot.keyClick(window.home.table, Qt.Key.Key_Return)  # opens the debrief
    assert window.debrief_page is not None
    assert window.debrief_page.interview.name.text() == "Ana Lima"
    window.show_home()
    window.home.focus_search()
    qtbot.keyClick(window.home.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: _names(window) == ["Ana Lima", "Ben Okoro"])


def test_candidate_history_gathers_interviews_and_merges_a_duplicate(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    first = _debrief(context, "Ana Lima", days_ago=20, email="ana@example.com")
    _sent(context, first, days_ago=19)
    _debrief(context, "Ana Lima", days_ago=3, email="ANA@example.com ", role="Backend Engineer")
    _debrief(context, "Ana Lima", days_ago=1, email="ana.lima@other.example")
    window.home.set_show("all")
    window.home.table.selectRow(0)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    page = window.candidate_page
    assert page is not None
    interviews = page.interviews.topLevelItemCount()
    assert page.messages.count() >= (1 if interviews == 2 else 0)
    assert page.duplicates_box.isVisibleTo(page)
    dialogs.answer = True
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert page.interviews.topLevelItemCount() == 3
    assert page.messages.count() == 1
    assert "Merge candidates?" in dialogs.questions
    assert not page.duplicates_box.isVisibleTo(page)
    qtbot.keyClick(page.interviews, Qt.Key.Key_Return)
    assert window.debrief_page is not None


def test_archive_and_delete_ask_and_keep_what_they_should(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    _debrief(context, "Ana Lima", days_ago=2)
    _debrief(context, "Ben Okoro", days_ago=1)
    window.home.refresh()
    window.home.table.selectRow(0)
    qtbot.keyClick(
        window,
        Qt.Key.Key_A,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _names(window) == ["Ben Okoro"]
    _click_filter(qtbot, window, "archived")
    assert _names(window) == ["Ana Lima"]
    _click_filter(qtbot, window, "open")

    window.home.table.selectRow(0)
    dialogs.answer = False
    window.delete_debrief()
    assert context.repository.count_debriefs() == 2  # refused: nothing removed
    dialogs.answer = True
    window.delete_debrief()
    assert context.repository.count_debriefs() == 1
    assert _names(window) == []


def test_reminders_show_a_banner_that_opens_the_debrief(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    _debrief(context, "Ana Lima", days_ago=8)
    window.start_reminders()
    banner = window.notifier
    assert banner is not None and banner.isVisible()  # type: ignore[attr-defined]
    assert "Ana Lima" in banner.title.text()  # type: ignore[attr-defined]
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert window.debrief_page is not None
    assert window.debrief_page.interview.name.text() == "Ana Lima"


def test_the_reminder_counts_every_follow_up_due_however_many(
    window: MainWindow, context: AppContext
) -> None:
    waiting = REMINDERS_LIMIT + 3  # more than one query's worth of reminders
    context.repository.add_debriefs(
        Debrief(
            started_at=NOW - timedelta(days=9 + index),
            candidate=Candidate(f"Candidate {index}"),
            interview=Interview(role="Designer", at=NOW - timedelta(days=9 + index)),
        )
        for index in range(waiting)
    )
    window.start_reminders()
    banner = window.notifier
    assert banner is not None
    assert banner.title.text() == f"{waiting} follow-ups due, {waiting} overdue"  # type: ignore[attr-defined]
    assert f"and {waiting - 2} more." in banner.text.text()  # type: ignore[attr-defined]
    window.home.refresh()
    assert window.home.overdue == waiting  # the banner and Home's list agree


def test_calendar_export_writes_one_event_per_open_follow_up(
    window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    from icalendar import Calendar

    _debrief(context, "Ana Lima", days_ago=8)
    done = _debrief(context, "Chen Wei", days_ago=10, outcome=Outcome.REJECT)
    _sent(context, done, days_ago=9)
    dialogs.path = tmp_path / "dates"
    window.export_calendar()
    path = tmp_path / "dates.ics"
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    status = {
        str(event["SUMMARY"]).split(":")[1].split("—")[0].strip(): str(event["STATUS"])
        for event in events
    }
    assert status == {"Ana Lima": "CONFIRMED", "Chen Wei": "CANCELLED"}
    first_uids = sorted(str(event["UID"]) for event in events)
    window.export_calendar()
    again = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert sorted(str(event["UID"]) for event in again) == first_uids  # updates, not duplicates


def test_a_late_decision_offers_a_status_update_and_records_it(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    late = _debrief(context, "Ana Lima", days_ago=8)  # undecided, owed word days ago
    assert late.id is not None
    window.open_debrief(late.id)
    page = window.debrief_page
    assert page is not None
    page.go_to_index(3)
    step = page.follow_up
    assert step.late_box.isVisible()
    today = context.today()
    promise = context.settings.timeline.next_update(today)
    assert f"{promise:%A %d %B}" in step.late.text()

    qtbot.mouseClick(step.late_button, Qt.MouseButton.LeftButton)
    assert page.controller.template.id == "on_hold"
    assert f"by {promise:%A}, {promise.day} {promise:%B %Y}" in step.body.toPlainText()
    assert not step.late_box.isVisible()  # the update is the message in hand now
    qtbot.mouseClick(step.sent_button, Qt.MouseButton.LeftButton)

    window.show_home()
    row = context.repository.summary(late.id)
    assert row.state.value == "waiting"
    assert row.due_on == promise  # the next update is owed on the date it promised
    assert window.home.table.model().index(0, 4).data().startswith("Update due")
    assert not window.windowTitle().endswith("overdue")


class FakeNotifier:
    """Records reminders instead of showing them."""

    def __init__(self) -> None:
        self.on_open: object = None
        self.shown: list[tuple[str, str, int]] = []
        self.cleared = 0

    def notify(self, title: str, text: str, debrief_id: int) -> None:
        self.shown.append((title, text, debrief_id))

    def clear(self) -> None:
        self.cleared += 1


def test_reminders_name_the_most_urgent_and_clear_when_nothing_is_due(
    window: MainWindow, context: AppContext
) -> None:
    first = _debrief(context, "Ana Lima", days_ago=9)
    _debrief(context, "Ben Okoro", days_ago=8)
    _debrief(context, "Chen Wei", days_ago=0)  # due later: not a reminder
    fake = FakeNotifier()
    window.notifier = fake  # type: ignore[assignment]
    window.remind()
    title, text, debrief_id = fake.shown[-1]
    assert debrief_id == first.id
    assert title == "2 follow-ups due, 2 overdue"
    assert text.startswith("Ana Lima (overdue by") and "Ben Okoro" in text
    assert "Chen Wei" not in text
    for summary in context.repository.reminders(context.today()):
        context.repository.set_archived(summary.id, True)
    window.remind()
    assert fake.cleared == 1


def test_an_unwritable_calendar_path_is_said_and_leaves_nothing(
    window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    _debrief(context, "Ana Lima", days_ago=8)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialogs.path = blocker / "dates.ics"
    window.export_calendar()
    title, text = dialogs.errors[-1]
    assert title == "Calendar not saved" and str(blocker / "dates.ics") in text
    assert blocker.read_text() == "x"  # nothing written, nothing half-written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "not-a-folder"]
