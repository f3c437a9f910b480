"""The coach in the window: underlines in place, a findings list per step, counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from followup_desktop.coach import review
from followup_desktop.context import AppContext
from followup_desktop.domain import Candidate, Competency, Debrief, Rating
from followup_desktop.ui.coach_view import REVIEW_DELAY_MS, utf16_offsets
from followup_desktop.ui.debrief_page import DebriefPage
from followup_desktop.ui.main_window import MainWindow
from tests.ui.conftest import NOW, type_text


def open_new(window: MainWindow, step: int) -> DebriefPage:
    """A new debrief, open at ``step`` (0-3)."""
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    page.go_to_index(step)
    return page


def test_utf16_positions_account_for_emoji() -> None:
    text = "🙂 ok 🚀 not a culture fit"
    position = utf16_offsets(text)
    start = text.index("not")
    assert position(start) == len(text[:start].encode("utf-16-le")) // 2 == start + 2
    assert utf16_offsets("plain")(3) == 3


def test_vague_note_is_underlined_listed_counted_and_reachable(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_new(window, 1)
    step = page.impressions
    type_text(step.private, "🙂 Honestly not a culture fit for us.")
    qtbot.waitUntil(lambda: step.findings.count() > 0, timeout=REVIEW_DELAY_MS + 3000)
    field = next(f for f in step.coached if f.edit is step.private)
    (mark,) = [m for m in field.marks if m.severity != "info"]
    # The underline covers the words, in Qt's UTF-16 positions (the emoji counts twice).
    text = step.private.toPlainText()
    (finding,) = [f for f in review(text) if f.severity != "info"]
    underlined = text.encode("utf-16-le")[mark.start * 2 : mark.end * 2].decode("utf-16-le")
    assert underlined == text[finding.start : finding.end]
    assert "culture fit" in underlined
    assert "Private notes" in step.findings.item(0).text()
    assert "(1)" in page.step_list.item(1).text()
    panel = step.findings
    line = panel.fontMetrics().height()

    def fits() -> bool:  # every line of the finding shows, and at most one empty line
        shown = panel.visualItemRect(panel.item(0)).height()
        return shown <= panel.viewport().height() <= shown + line

    qtbot.waitUntil(fits)  # as tall as its one finding, not a fixed box of empty lines
    assert panel.height() < panel.maximumHeight()
    step.findings.itemActivated.emit(step.findings.item(0))
    assert step.private.hasFocus() or step.private.textCursor().hasSelection()
    assert step.private.textCursor().selectedText()

    step.private.selectAll()
    type_text(step.private, "Asked for the sample size before reading the A/B result.")
    qtbot.waitUntil(lambda: step.findings.count() == 0, timeout=REVIEW_DELAY_MS + 3000)
    assert not step.findings.isVisible()
    assert page.step_list.item(1).text().endswith("Impressions")


def test_a_strong_rating_without_evidence_is_flagged_on_its_row(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_new(window, 1)
    row = page.impressions.rows[0]
    row.rating.setCurrentIndex(row.rating.findData("strong_yes"))
    qtbot.waitUntil(
        lambda: any(row.name.text() in page.impressions.findings.item(i).text()
                    for i in range(page.impressions.findings.count())),
        timeout=REVIEW_DELAY_MS + 3000,
    )  # fmt: skip


def test_a_finding_on_an_opened_debrief_names_its_competency(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    saved = context.repository.save_debrief(
        Debrief(
            started_at=NOW,
            candidate=Candidate("Ana Lima"),
            competencies=(Competency("Technical depth", Rating.YES, "Knows Kubernetes well."),),
        )
    )
    assert saved.id is not None
    window.open_debrief(saved.id)
    page = window.debrief_page
    assert page is not None
    page.go_to_index(1)
    findings = page.impressions.findings
    qtbot.waitUntil(lambda: findings.count() > 0, timeout=REVIEW_DELAY_MS + 3000)
    assert findings.item(0).text().startswith("Technical depth: ")  # not "Competency 1"


def test_the_message_shows_its_problem_count_beside_copy(qtbot: QtBot, window: MainWindow) -> None:
    page = open_new(window, 0)
    qtbot.keyClicks(page.interview.name, "Sam Lee")
    qtbot.keyClicks(page.interview.role, "Support Lead")
    page.go_to_index(3)
    body = page.follow_up.body
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClick(body, Qt.Key.Key_Return)
    type_text(body, "We need someone young and energetic, and you are a digital native.")
    qtbot.waitUntil(lambda: page.follow_up.problem_count.text() != "", timeout=3000)
    assert "problem" in page.follow_up.problem_count.text()


def test_broken_rule_files_are_reported_and_the_app_runs_on(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.report_rule_problems(["bias.toml:12: a rule needs a 'message'"])
    assert "bias.toml:12" in window.statusBar().currentMessage()
    window.report_rule_problems([])  # nothing to say: nothing said
    assert "bias.toml:12" in window.statusBar().currentMessage()


def test_coach_warm_up_reports_back_to_the_window(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.coach_ready, timeout=30000) as blocker:
        window.prepare_coach()
    assert blocker.args == [[]]  # the built-in rules are all readable


def test_closing_a_page_with_underlines_never_touches_what_was_saved(
    qtbot: QtBot, window: MainWindow
) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    page = open_new(window, 1)
    step = page.impressions
    type_text(step.rows[0].evidence, "Not a culture fit, seemed smart though.")
    type_text(step.private, "Gut feeling says no.")
    qtbot.waitUntil(lambda: step.findings.count() >= 2, timeout=REVIEW_DELAY_MS + 3000)
    debrief_id = page.controller.debrief.id
    assert debrief_id is not None
    qtbot.keyClick(step.private, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page is gone
    qtbot.wait(REVIEW_DELAY_MS + 1200)  # past any save a stray edit could have scheduled
    saved = window.context.repository.get_debrief(debrief_id)
    assert saved.competencies[0].evidence == "Not a culture fit, seemed smart though."
    assert saved.private_notes == "Gut feeling says no."


def test_a_detached_page_passes_no_widget_change_to_the_debrief(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = open_new(window, 1)
    type_text(page.impressions.private, "Keep me.")
    page.detach()
    page.impressions.private.setPlainText("")  # what tearing the widgets down looks like
    page.impressions.rows[0].evidence.setPlainText("")
    page.follow_up.body.setPlainText("")
    assert page.controller.debrief.private_notes == "Keep me."


def test_the_readability_threshold_from_settings_reaches_the_message_check(
    qtbot: QtBot, window: MainWindow
) -> None:
    from dataclasses import replace

    context = window.context
    context.update_settings(replace(context.settings, reading_ease_min=100.0))
    page = open_new(window, 0)
    qtbot.keyClicks(page.interview.name, "Sam Lee")
    qtbot.keyClicks(page.interview.role, "Support Lead")
    page.go_to_index(3)
    assert page.follow_up.copy_button.isEnabled()
    field = page.follow_up.message_coach

    def readability_noted() -> bool:
        return any("read" in mark.message.lower() for mark in field.marks)

    field.review_now()
    qtbot.waitUntil(readability_noted, timeout=10000)  # no text reads at 100
    context.update_settings(replace(context.settings, reading_ease_min=0.0))
    field.review_now()
    qtbot.waitUntil(lambda: not readability_noted(), timeout=10000)
