"""Every input has a name a screen reader can announce, every form label shows all of its text
and leads to its field, and no Alt+letter is used twice on one screen."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext
from followup_desktop.settings import Settings
from followup_desktop.ui.home import HomePage
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings_dialog import SettingsDialog

INPUTS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def unnamed_inputs(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or isinstance(
            widget.parent(), QComboBox | QAbstractSpinBox
        ):
            continue  # the line edit inside a combo box or date edit is part of it
        if isinstance(widget, QAbstractButton) and (
            widget.text() or widget.objectName().startswith("qt_")
        ):
            continue  # a button is announced by its text; Qt's own parts are Qt's business
        if not widget.accessibleName():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def test_every_debrief_input_is_named(qtbot: QtBot, window: MainWindow) -> None:
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    for index in range(4):
        page.go_to_index(index)
    assert unnamed_inputs(page) == []


def test_home_welcome_and_settings_inputs_are_named(qtbot: QtBot, context: AppContext) -> None:
    context.update_settings(Settings())
    home = HomePage(context)
    qtbot.addWidget(home)
    assert unnamed_inputs(home) == []
    dialog = SettingsDialog(context.settings)
    qtbot.addWidget(dialog)
    assert unnamed_inputs(dialog) == []


def form_labels(root: QWidget) -> list[tuple[QLabel, QWidget | None]]:
    """Each form label under ``root`` with the field on its row (None for a row of several)."""
    found = []
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and isinstance(label.widget(), QLabel):
                found.append((label.widget(), field.widget() if field is not None else None))
    return found


def cut_or_unlinked(root: QWidget) -> list[str]:
    problems = []
    for label, field in form_labels(root):
        text = label.text().replace("&", "")
        metrics = label.fontMetrics()
        inked = max((metrics.boundingRect(line).width() for line in text.splitlines()), default=0)
        if label.contentsRect().width() < inked:  # the last letter's edge cut off
            problems.append(f"{text!r}: {label.contentsRect().width()} < {inked} px")
        if field is not None and label.buddy() is not field:
            problems.append(f"{text!r} does not lead to its field")
        if "&" in label.text() and label.buddy() is None:  # the "&" would show as typed
            problems.append(f"{label.text()!r} has a mnemonic but no field to go to")
    return problems


def alt_key(text: str) -> str | None:
    """The letter after a single "&" ("Arc&hived": "h"), if the text has one."""
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def shared_mnemonics(root: QWidget, menus: QMenuBar | None = None) -> dict[str, list[str]]:
    """Alt+letter keys that more than one visible label, button or group under ``root``, or a
    menu of ``menus``, uses (Qt would only cycle between them)."""
    named: list[tuple[str | None, str]] = [
        (alt_key(menu.text()), f"menu {menu.text()}")
        for menu in (menus.actions() if menus is not None else [])
    ]
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            text = widget.text()
        else:
            continue
        if widget.isVisibleTo(root):
            named.append((alt_key(text), text))
    keys: dict[str, list[str]] = {}
    for key, text in named:
        if key is not None:
            keys.setdefault(key, []).append(text)
    return {key: texts for key, texts in keys.items() if len(texts) > 1}


def screens(qtbot: QtBot, window: MainWindow, context: AppContext) -> Iterator[tuple[str, QWidget]]:
    """Home with the first-start welcome, Settings, and each step of a debrief, each shown."""
    context.update_settings(Settings())  # the welcome shows on Home
    home = HomePage(context)
    qtbot.addWidget(home)
    home.show()
    assert home.welcome is not None and home.welcome.isVisibleTo(home)
    yield "Home", home
    dialog = SettingsDialog(context.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    yield "Settings", dialog
    window.resize(1180, 760)
    window.show()
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    for index in range(4):
        page.go_to_index(index)
        qtbot.wait(1)
        yield f"debrief step {index + 1}", page


def test_form_labels_show_every_letter_and_lead_to_their_fields(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    labels = 0
    for name, screen in screens(qtbot, window, context):
        assert cut_or_unlinked(screen) == [], name
        labels += len(form_labels(screen))
    assert labels >= 20


def test_no_alt_letter_is_used_twice_on_a_screen(
    qtbot: QtBot, window: MainWindow, context: AppContext
) -> None:
    for name, screen in screens(qtbot, window, context):
        assert shared_mnemonics(screen) == {}, name
    # In the window, the menus' Alt+F, V, D and H too: on Home, each debrief step, a
    # candidate's history and Insights.
    menus = window.menuBar()
    window.show_home()
    window.home.refresh()
    assert shared_mnemonics(window, menus) == {}, "Home"
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    for index in range(4):
        page.go_to_index(index)
        assert shared_mnemonics(window, menus) == {}, f"debrief step {index + 1}"
    window.show_home()
    window.home.table.selectRow(0)
    window.show_candidate()
    assert window.candidate_page is not None and window.candidate_page.isVisible()
    assert shared_mnemonics(window, menus) == {}, "candidate history"
    window.show_insights()
    assert shared_mnemonics(window, menus) == {}, "Insights"
