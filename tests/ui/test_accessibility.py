"""Every input has a name a screen reader can announce."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
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
