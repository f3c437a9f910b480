"""Home: the list model, its order, its empty state and the first-run welcome."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.domain import Candidate, Debrief, Interview
from followup_desktop.domain.followups import DebriefSummary
from followup_desktop.settings import Settings
from followup_desktop.ui.home import PAGE_SIZE, HomePage
from followup_desktop.ui.main_window import MainWindow
from tests.ui.conftest import NOW


def _add(context: AppContext, count: int) -> None:
    context.repository.add_debriefs(
        Debrief(
            started_at=NOW,
            candidate=Candidate(f"Candidate {i:04d}"),
            interview=Interview(role="Analyst", at=NOW - timedelta(days=3 * i)),
        )
        for i in range(count)
    )


def test_model_passes_the_model_tester_and_reads_only_the_pages_shown(
    qtbot: QtBot, qtmodeltester: ModelTester, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _add(context, 5 * PAGE_SIZE + 25)
    page = HomePage(context)
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    read: list[int] = []
    list_summaries = context.repository.list_summaries

    def counted(**kwargs: Any) -> list[DebriefSummary]:
        read.append(kwargs["offset"])
        return list_summaries(**kwargs)

    monkeypatch.setattr(context.repository, "list_summaries", counted)
    page.refresh()
    model = page.model
    assert model.rowCount() == 5 * PAGE_SIZE + 25  # the whole list, counted, not read
    qtbot.wait(50)
    assert read == [0]  # the first screen reads one page

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert model.summary(page.table.currentIndex().row()) is not None
    assert page.table.currentIndex().row() == 5 * PAGE_SIZE + 24
    assert model.index(5 * PAGE_SIZE + 24, 0).data() == "Candidate 0000"  # least urgent last
    # The end was reached by reading the pages it shows, never the ones in between.
    assert set(read) <= {0, 4 * PAGE_SIZE, 5 * PAGE_SIZE}

    for row in range(0, 5 * PAGE_SIZE + 25, 7):  # every page read once and again: few kept
        model.index(row, 0).data()
    assert len(model._pages) <= model.KEPT_PAGES
    assert model.index(5 * PAGE_SIZE + 25, 0).data() is None  # past the end
    qtmodeltester.check(model)


def test_most_overdue_first_and_said_in_words(qtbot: QtBot, context: AppContext) -> None:
    _add(context, 5)
    page = HomePage(context)
    qtbot.addWidget(page)
    names = [page.model.index(row, 0).data() for row in range(5)]
    assert names == [f"Candidate {i:04d}" for i in (4, 3, 2, 1, 0)]
    assert page.model.index(0, 4).data().startswith("Overdue by")
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "overdue" in page.summary_label.text()


def test_empty_state_tells_a_new_user_what_to_do(qtbot: QtBot, context: AppContext) -> None:
    page = HomePage(context)
    qtbot.addWidget(page)
    page.show()
    shown = page.stack.currentWidget()
    assert shown is not page.table
    assert "Ctrl+N" in shown.text()  # type: ignore[attr-defined]


def test_enter_on_a_row_opens_it(qtbot: QtBot, window: MainWindow, context: AppContext) -> None:
    _add(context, 2)
    window.home.refresh()
    window.home.focus_list()
    qtbot.keyClick(window.home.table, Qt.Key.Key_Return)
    assert window.debrief_page is not None
    assert window.debrief_page.interview.name.text() == "Candidate 0001"


def test_welcome_card_saves_who_signs_and_never_blocks(qtbot: QtBot, context: AppContext) -> None:
    context.update_settings(Settings())
    page = HomePage(context)
    qtbot.addWidget(page)
    page.show()
    welcome = page.welcome
    assert welcome is not None and welcome.isVisible()
    qtbot.keyClicks(welcome.name, "Priya Raman")
    qtbot.keyClicks(welcome.company, "Northwind Labs")
    qtbot.mouseClick(welcome.save_button, Qt.MouseButton.LeftButton)
    assert page.welcome is None
    stored = context.repository.load_settings()
    assert (stored.interviewer_name, stored.company, stored.welcome_done) == (
        "Priya Raman",
        "Northwind Labs",
        True,
    )


def test_welcome_can_be_skipped(qtbot: QtBot, context: AppContext) -> None:
    context.update_settings(Settings())
    page = HomePage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.welcome is not None
    qtbot.mouseClick(page.welcome.skip_button, Qt.MouseButton.LeftButton)
    assert page.welcome is None
    assert context.repository.load_settings().welcome_done


def test_settings_dialog_edits_who_signs_and_the_timeline(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from followup_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(context.settings, window)
    qtbot.addWidget(dialog)
    dialog.signature_form.title.clear()
    qtbot.keyClicks(dialog.signature_form.title, "Head of Data")
    dialog.days.setValue(3)
    dialog.role_competencies.setPlainText("Data Analyst: SQL, Statistics ,  , Storytelling")
    updated = dialog.settings()
    assert updated.interviewer_title == "Head of Data"
    assert updated.interviewer_name == "Priya Raman"  # untouched fields are kept
    assert updated.respond_within_days == 3
    assert updated.competencies_for("data analyst") == ("SQL", "Statistics", "Storytelling")
    window.context.update_settings(updated)
    assert context.repository.load_settings() == updated


def test_settings_choose_working_days_holidays_and_the_update_cadence(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    from followup_desktop.ui.settings_dialog import SettingsDialog

    _add(context, 1)  # interviewed on Tuesday 24 November 2026 (NOW)
    dialog = SettingsDialog(context.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.update_days.setValue(5)
    qtbot.mouseClick(dialog.working_days[4], Qt.MouseButton.LeftButton)  # not Friday
    dialog.country.setCurrentIndex(dialog.country.findData("US"))
    assert dialog.subdivision.isEnabled()
    dialog.subdivision.setCurrentIndex(dialog.subdivision.findData("CA"))
    updated = dialog.settings()
    assert updated.update_every_days == 5
    assert updated.working_days == (0, 1, 2, 3)
    assert (updated.holiday_country, updated.holiday_subdivision) == ("US", "CA")
    window.context.update_settings(updated)
    window.home.refresh()
    # Wed 25 is day 1; Thu 26 is Thanksgiving, Fri 27 not a working day: Mon 30 is day 2.
    assert window.home.model.summary(0).due_on == date(2026, 11, 30)
    dialog.country.setCurrentIndex(0)  # "None"
    assert not dialog.subdivision.isEnabled()
