"""The template editor, driven as a person would: keys, clicks, and what ends up on disk."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from followup_desktop.compose import Catalog, new_template_source
from followup_desktop.context import AppContext
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.template_editor import TemplateEditor
from tests.ui.conftest import FakeDialogs


def _open_editor(qtbot: QtBot, window: MainWindow) -> TemplateEditor:
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    editor = window.template_editor
    assert editor is not None and editor.isVisible()
    qtbot.waitUntil(editor.isActiveWindow)  # its own keys (Ctrl+N, F2 …) reach it
    return editor


def _select(editor: TemplateEditor, title: str) -> None:
    tree = editor.tree
    for index in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(index)
        for row in range(group.childCount()):
            if group.child(row).text(0) == title:
                tree.setCurrentItem(group.child(row))
                return
    raise AssertionError(f"no template titled {title!r} in the list")


def _groups(editor: TemplateEditor) -> dict[str, list[str]]:
    tree = editor.tree
    return {
        tree.topLevelItem(i).text(0): [
            tree.topLevelItem(i).child(r).text(0) for r in range(tree.topLevelItem(i).childCount())
        ]
        for i in range(tree.topLevelItemCount())
    }


def _put_cursor_before(editor: TemplateEditor, text: str) -> None:
    found = editor.editor.document().find(text)
    assert not found.isNull(), text
    found.setPosition(found.selectionStart())
    editor.editor.setTextCursor(found)


def _user_file(context: AppContext, template_id: str) -> Path:
    return context.data_dir / "templates" / f"{template_id}.j2"


def test_built_ins_are_grouped_by_outcome_and_read_only(qtbot: QtBot, window: MainWindow) -> None:
    editor = _open_editor(qtbot, window)
    groups = _groups(editor)
    assert groups["Reject"] == ["Rejection"]
    assert "Thank you" in groups["Any time"]
    _select(editor, "Rejection")
    assert editor.editor.isReadOnly()
    assert editor.customise_button.isVisible()
    assert "read-only" in editor.notice.text()
    assert "Hi Alex" in editor.preview.toPlainText() or "Hi " in editor.preview.toPlainText()
    assert editor.checked.isVisible()


def test_customised_template_is_saved_and_used_for_the_debrief(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    editor = _open_editor(qtbot, window)
    _select(editor, "Rejection")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    assert not editor.editor.isReadOnly()
    assert editor.restore_button.isVisible()
    _put_cursor_before(editor, "Thank you again for your time")
    qtbot.keyClicks(editor.editor, "It was a pleasure to meet you. ")
    qtbot.waitUntil(  # the preview follows a moment after typing stops
        lambda: "It was a pleasure to meet you. Thank you again" in editor.preview.toPlainText()
    )
    path = _user_file(context, "reject")
    qtbot.waitUntil(lambda: path.exists() and "pleasure to meet you" in path.read_text())
    assert editor.save_label.text() == "Saved."
    assert [p.name for p in path.parent.iterdir() if p.is_file()] == ["reject.j2"]  # no temp

    # Back in the main window, a debrief now writes a rejection with the customised text.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    qtbot.keyClicks(page.interview.name, "Mei Chen")
    qtbot.keyClicks(page.interview.role, "Support Lead")
    page.go_to_index(2)
    reject = next(b for b in page.decision.outcomes.buttons() if b.property("outcome") == "reject")
    reject.setFocus()  # the keyboard: offscreen windows cannot be raised above the editor
    qtbot.keyClick(reject, Qt.Key.Key_Space)
    assert "It was a pleasure to meet you. Thank you again" in page.preview.body.toPlainText()

    # Edited again while the debrief is open: its preview follows.
    _put_cursor_before(editor, "It was a pleasure")
    qtbot.keyClicks(editor.editor, "Truly. ")
    qtbot.waitUntil(lambda: "Truly. It was a pleasure" in page.preview.body.toPlainText())


def test_problems_are_shown_with_their_line_and_the_text_is_still_saved(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    editor = _open_editor(qtbot, window)
    _select(editor, "Rejection")
    dialogs.texts = ["Short no"]
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert editor.title.text() == "Short no"
    assert not editor.editor.isReadOnly()
    assert editor.checked.isVisible(), editor.problems.text()

    _put_cursor_before(editor, "{% endblock %}")  # the end of the subject
    qtbot.keyClicks(editor.editor, " for {{ candiate_name }}")
    editor.refresh_checks()
    line = (
        editor.editor.toPlainText()
        .splitlines()
        .index(next(x for x in editor.editor.toPlainText().splitlines() if "candiate_name" in x))
        + 1
    )
    assert editor.problems.isVisible()
    assert f"Line {line}: unknown name 'candiate_name'" in editor.problems.text()
    assert editor.editor.extraSelections()  # the line is marked

    editor.editor.undo()
    editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.editor, "{{ ''.__class__.__mro__ }}")
    editor.refresh_checks()
    assert "not allowed" in editor.problems.text() or "unsafe" in editor.problems.text()
    assert "<class" not in editor.preview.toPlainText()

    editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.editor, "{% if %}")
    editor.refresh_checks()
    assert "Line" in editor.problems.text()
    assert editor.save_now()
    saved = _user_file(context, editor._current.id if editor._current else "").read_text()
    assert saved.endswith("{% if %}")  # the person's words are kept, problems and all


def test_a_click_on_a_variable_inserts_it_at_the_cursor(
    qtbot: QtBot, window: MainWindow, dialogs: FakeDialogs
) -> None:
    editor = _open_editor(qtbot, window)
    dialogs.texts = ["Quick hello"]
    editor.new_template()
    _put_cursor_before(editor, "{% endblock %}")  # the end of the subject
    link = editor.variables.document().find("candidate_first_name")
    assert not link.isNull()
    at = editor.variables.cursorRect(link).center()
    qtbot.mouseClick(editor.variables.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert "}}{{ candidate_first_name }}{% endblock %}" in editor.editor.toPlainText()
    assert editor.editor.hasFocus()


def test_duplicate_rename_delete_and_restore(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs
) -> None:
    editor = _open_editor(qtbot, window)
    _select(editor, "Offer")
    qtbot.keyClick(editor, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert editor.title.text() == "Copy of Offer"
    copy_id = editor._current.id if editor._current else ""
    assert _user_file(context, copy_id).exists()

    dialogs.texts = ["Offer, warm"]
    qtbot.keyClick(editor, Qt.Key.Key_F2)
    assert "Offer, warm" in _groups(editor)["Offer"]
    assert "title: Offer, warm" in _user_file(context, copy_id).read_text()

    dialogs.answer = False  # "Delete?" — no: nothing happens
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert _user_file(context, copy_id).exists()
    dialogs.answer = True
    qtbot.mouseClick(editor.delete_button, Qt.MouseButton.LeftButton)
    assert not _user_file(context, copy_id).exists()
    kept = list((context.data_dir / "templates" / "deleted").glob(f"{copy_id}-*.j2"))
    assert len(kept) == 1 and "Offer, warm" in kept[0].read_text()
    assert "Offer, warm" not in _groups(editor)["Offer"]

    _select(editor, "Offer")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    assert _user_file(context, "offer").exists()
    qtbot.mouseClick(editor.restore_button, Qt.MouseButton.LeftButton)
    assert not _user_file(context, "offer").exists()
    assert editor.editor.isReadOnly() and editor.customise_button.isVisible()


def test_export_then_import_asks_before_replacing(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    editor = _open_editor(qtbot, window)
    dialogs.texts = ["Team hello"]
    editor.new_template()
    pack = tmp_path / "mine.zip"
    dialogs.path = pack
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    assert zipfile.is_zipfile(pack)
    assert "Exported 1 template" in editor.save_label.text()

    dialogs.choice = None  # a conflict: Cancel imports nothing
    before = sorted(p.name for p in (context.data_dir / "templates").iterdir())
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert dialogs.choices_offered[-1] == ["Keep both", "Replace"]
    assert sorted(p.name for p in (context.data_dir / "templates").iterdir()) == before

    dialogs.choice = "Keep both"
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    titles = [title for titles in _groups(editor).values() for title in titles]
    assert "Team hello" in titles and any(t.startswith("Team hello (") for t in titles)


def test_a_bad_pack_is_refused_with_a_message_and_nothing_written(
    qtbot: QtBot, window: MainWindow, context: AppContext, dialogs: FakeDialogs, tmp_path: Path
) -> None:
    editor = _open_editor(qtbot, window)
    not_a_zip = tmp_path / "pack.zip"
    not_a_zip.write_text("hello")
    dialogs.path = not_a_zip
    qtbot.mouseClick(editor.import_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors and "Nothing was imported" in dialogs.errors[-1][1]
    folder = context.data_dir / "templates"
    assert not folder.exists() or not any(folder.glob("*.j2"))


def test_a_failed_save_keeps_the_text_says_so_and_retries(
    qtbot: QtBot, window: MainWindow, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _open_editor(qtbot, window)
    _select(editor, "Thank you")
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    real_save = Catalog.save
    failures = iter([OSError(28, "No space left on device")])

    def flaky_save(self: Catalog, template_id: str, source: str) -> object:
        for failure in failures:
            raise failure
        return real_save(self, template_id, source)

    monkeypatch.setattr(Catalog, "save", flaky_save)
    monkeypatch.setattr("followup_desktop.ui.template_editor.RETRY_DELAY_MS", 50)
    editor.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor.editor, "{# kept #}")
    qtbot.waitUntil(lambda: editor.save_label.text().startswith("Not saved"))
    assert "No space left" in editor.save_label.text()
    assert editor.editor.toPlainText().endswith("{# kept #}")
    qtbot.waitUntil(lambda: editor.save_label.text() == "Saved.")
    assert _user_file(context, "thank_you").read_text().endswith("{# kept #}")


def test_the_preview_can_use_the_open_debrief(qtbot: QtBot, window: MainWindow) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    qtbot.keyClicks(page.interview.name, "Mei Chen")
    qtbot.keyClicks(page.interview.role, "Support Lead")
    editor = _open_editor(qtbot, window)
    assert editor.preview_on.currentText() == "The debrief you have open"
    _select(editor, "Thank you")
    assert editor.preview.toPlainText().startswith("Hi Mei,")
    assert "Support Lead" in editor.preview.toPlainText()
    editor.preview_on.setCurrentIndex(0)  # the sample candidate
    assert not editor.preview.toPlainText().startswith("Hi Mei,")


def test_team_templates_are_listed_read_only_and_can_be_customised(
    qtbot: QtBot, window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    team = tmp_path / "team"
    team.mkdir()
    source = new_template_source("Team welcome", None)
    (team / "team_welcome.j2").write_text(source, encoding="utf-8")
    context.update_settings(replace(context.settings, team_templates_dir=str(team)))
    editor = _open_editor(qtbot, window)
    _select(editor, "Team welcome")
    assert editor._items["team_welcome"].text(1) == "team"
    assert editor.editor.isReadOnly() and "team" in editor.notice.text().lower()
    qtbot.mouseClick(editor.customise_button, Qt.MouseButton.LeftButton)
    assert _user_file(context, "team_welcome").read_text() == source
    assert editor._items["team_welcome"].text(1) == "customised"
    assert (team / "team_welcome.j2").read_text() == source  # the team's file is untouched


def test_the_arrow_keys_move_from_template_to_template(qtbot: QtBot, window: MainWindow) -> None:
    editor = _open_editor(qtbot, window)
    assert editor.tree.hasFocus()
    first = editor.title.text()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down)  # over the next group's heading
    assert editor.title.text() not in ("", first)
    assert editor._current is not None
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up)
    assert editor.title.text() == first
