"""The Insights page, driven by keys and clicks: opened with Ctrl+Shift+I, a period chosen,
the figures exported through the dialog service, the empty state, and the coach's counts
recorded when a debrief is saved."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.demo import populate
from followup_desktop.insights import Period
from followup_desktop.insights.export import FIGURES_HEADER, ROWS_HEADER
from followup_desktop.settings import Settings
from followup_desktop.ui.insights_page import PERIOD_KEY, InsightsPage
from followup_desktop.ui.main_window import MainWindow
from tests.ui.conftest import NOW, FakeDialogs, type_text
from tests.ui.test_coach_view import open_new

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def open_insights(qtbot: QtBot, window: MainWindow) -> InsightsPage:
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL_SHIFT)
    page = window.insights_page
    assert page is not None
    assert window.pages.currentWidget() is page
    qtbot.waitUntil(lambda: page.insights is not None, timeout=5000)
    return page


def with_demo(context: AppContext, window: MainWindow) -> None:
    populate(context.repository, NOW)
    context.settings = context.repository.load_settings()
    window.home.refresh()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_an_empty_database_explains_what_will_appear(qtbot: QtBot, window: MainWindow) -> None:
    page = open_insights(qtbot, window)
    assert page.body.currentWidget() is page.empty_state
    assert page.empty_title.text() == "No debriefs this quarter yet."  # nothing earlier
    text = page.empty.text()
    assert "once you have written a debrief" in text and "Ctrl+N" in text
    assert not page.cards
    assert not any(action.isEnabled() for action in page.export_button.menu().actions())
    assert page.period.hasFocus()


def test_the_demo_tells_a_story_and_the_period_can_change(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with_demo(context, window)
    page = open_insights(qtbot, window)
    assert page.chosen() is Period.QUARTER  # the default
    assert page.body.currentWidget() is page.cards_area
    assert [card.section.key for card in page.cards] == [
        "notes", "replies", "open", "decisions", "coach", "follow_through",
    ]  # fmt: skip
    notes = page.cards[0].sentences.text()
    assert notes.startswith("You typically started your notes")
    assert "last quarter" in notes  # compared with the quarter before
    assert all(card.view is not None for card in page.cards)
    assert page.subtitle.text().startswith("1 Oct to 24 Nov 2026")

    # Down, in the period list: the year, computed again and remembered.
    with qtbot.waitSignal(page.computed, timeout=5000):
        qtbot.keyClick(page.period, Qt.Key.Key_Down)
    assert page.chosen() is Period.YEAR
    assert page.insights is not None and page.insights.period is Period.YEAR
    assert "this year" in page.cards[0].sentences.text()
    assert context.repository.get_preference(PERIOD_KEY) == "year"
    with qtbot.waitSignal(page.computed, timeout=5000):
        qtbot.keyClick(page.period, Qt.Key.Key_Down)
    assert page.insights.period is Period.ALL
    assert "last" not in page.cards[0].sentences.text()  # nothing to compare all time with

    # Back home with the button; Ctrl+Shift+I again opens the period last chosen.
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert window.insights_page is None and window.pages.currentWidget() is window.home
    again = open_insights(qtbot, window)
    assert again.chosen() is Period.ALL


def test_a_period_without_debriefs_says_so_and_points_to_earlier_ones(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    with_demo(context, window)
    context.repository.set_preference(PERIOD_KEY, Period.LAST_30_DAYS.value)
    context.clock = lambda: NOW.replace(year=2027)  # a year on: nothing in the last 30 days
    page = open_insights(qtbot, window)
    assert page.body.currentWidget() is page.empty_state
    assert page.empty_title.text() == (
        "No debriefs in the last 30 days yet. Choose All time to see your earlier ones."
    )


def test_exports_go_through_the_dialog_service(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    with_demo(context, window)
    page = open_insights(qtbot, window)

    dialogs.path = tmp_path / "figures"  # no suffix: .csv is added
    page.export_figures_action.trigger()
    figures = read_csv(tmp_path / "figures.csv")
    assert figures[0] == list(FIGURES_HEADER)
    on_time = next(row for row in figures if row[0] == "on_time" and row[3] == "this quarter")
    assert on_time[4:6] == ["2026-10-01", "2026-11-24"] and on_time[6] and on_time[8]
    assert "Saved" in page.status.text() and "figures.csv" in page.status.text()

    dialogs.path = tmp_path / "rows.csv"
    page.export_rows_action.trigger()
    rows = read_csv(tmp_path / "rows.csv")
    assert rows[0] == list(ROWS_HEADER)
    assert page.insights is not None and len(rows) - 1 == page.insights.current.debriefs
    text = (tmp_path / "rows.csv").read_text(encoding="utf-8")
    assert "Dmitri" not in text and "PRIVATE" not in text  # no names, no notes

    folder = tmp_path / "charts"
    folder.mkdir()
    dialogs.path = folder
    page.save_charts_action.trigger()
    images = sorted(folder.iterdir())
    assert len(images) == 6
    assert all(image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for image in images)
    assert images[0].name.startswith("insights-coach-quarter-2026-11-24")

    dialogs.path = None  # cancelled: nothing written, nothing said
    page.status.clear()
    page.export_figures_action.trigger()
    assert page.status.text() == "" and not dialogs.errors

    dialogs.path = tmp_path / "missing" / "figures.csv"  # a folder that is not there
    page.export_figures_action.trigger()
    assert dialogs.errors and dialogs.errors[-1][0] == "Not saved"


def test_the_debrief_menu_does_not_act_on_a_hidden_row(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    with_demo(context, window)
    open_insights(qtbot, window)
    before = context.repository.count_summaries(show="archived")
    qtbot.keyClick(window, Qt.Key.Key_A, CTRL_SHIFT)  # archive: nothing is selected here
    assert context.repository.count_summaries(show="archived") == before
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.home


def test_saving_a_debrief_records_the_coachs_counts(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    page = open_new(window, 1)
    type_text(page.impressions.takeaways, "Not a culture fit.")
    assert page.controller.flush()
    debrief_id = page.controller.debrief.id
    assert debrief_id is not None
    repository = context.repository
    qtbot.waitUntil(lambda: repository.coach_counts(debrief_id) is not None, timeout=30000)
    counts = repository.coach_counts(debrief_id)
    assert counts is not None and counts["vague"] >= 1

    page.impressions.takeaways.selectAll()
    type_text(page.impressions.takeaways, "Sketched the queue design and found its race.")
    assert page.controller.flush()
    qtbot.waitUntil(lambda: (repository.coach_counts(debrief_id) or {}).get("vague") == 0,
                    timeout=30000)  # fmt: skip


def test_changed_settings_redraw_the_open_page(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_desktop.ui import settings_dialog

    with_demo(context, window)
    page = open_insights(qtbot, window)
    assert "within 2 business days" in page.cards[1].sentences.text()

    class Accepted:
        """The settings dialog, closed with OK after the respond-by days went up to 5."""

        purge_requested = window.coach_ready  # any signal: nothing to purge here

        def __init__(self, settings: Settings, parent: object) -> None:
            self._settings = replace(settings, respond_within_days=5)

        def exec(self) -> bool:
            return True

        def settings(self) -> Settings:
            return self._settings

    monkeypatch.setattr(settings_dialog, "SettingsDialog", Accepted)
    with qtbot.waitSignal(page.computed, timeout=5000):
        window.edit_settings()
    assert window.insights_page is page
    assert "within 5 business days" in page.cards[1].sentences.text()
