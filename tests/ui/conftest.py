"""Fixtures for driving the real window headless: a fresh data folder per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.context import AppContext, open_context
from followup_desktop.settings import Settings
from followup_desktop.ui.main_window import MainWindow

# A Tuesday afternoon, so business-day arithmetic is easy to follow.
NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


class FakeDialogs:
    """Answers every question the app asks, and remembers them."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.questions: list[str] = []
        self.answer = True
        self.texts: list[str] = []  # answers to ask_text, in order; None once used up
        self.choice: str | None = None  # the option choose() picks (None: Cancel)
        self.choices_offered: list[list[str]] = []
        self.path: Path | None = None  # the file a file dialog picks (None: Cancel)
        self.told: list[tuple[str, str]] = []

    def set_parent(self, parent: object | None) -> None:
        pass

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def confirm(self, title: str, text: str, *, action: str) -> bool:
        self.questions.append(title)
        return self.answer

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        self.questions.append(title)
        return self.texts.pop(0) if self.texts else None

    def choose(
        self, title: str, text: str, options: list[str], *, cancel: str = "Cancel"
    ) -> str | None:
        self.questions.append(title)
        self.choices_offered.append(options)
        return self.choice

    def open_file(self, title: str, file_filter: str) -> Path | None:
        self.questions.append(title)
        return self.path

    def save_file(self, title: str, file_filter: str, suggested: str) -> Path | None:
        self.questions.append(title)
        return self.path

    def choose_folder(self, title: str, start: str = "") -> Path | None:
        self.questions.append(title)
        return self.path

    def inform(self, title: str, text: str) -> None:
        self.told.append((title, text))


def make_context(data_dir: Path) -> AppContext:
    context = open_context(data_dir, clock=lambda: NOW)
    context.update_settings(
        Settings(
            interviewer_name="Priya Raman",
            interviewer_title="Engineering Manager",
            interviewer_email="priya@northwind.example",
            company="Northwind Labs",
            welcome_done=True,
        )
    )
    return context


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def context(data_dir: Path) -> Iterator[AppContext]:
    context = make_context(data_dir)
    yield context
    context.close()


@pytest.fixture
def dialogs() -> FakeDialogs:
    return FakeDialogs()


@pytest.fixture
def reopen(qtbot: QtBot, data_dir: Path) -> Iterator[Callable[[], MainWindow]]:
    """Start the app again on the same data folder, as after a restart."""
    opened: list[tuple[MainWindow, AppContext]] = []

    def start() -> MainWindow:
        again = make_context(data_dir)
        window = MainWindow(again, FakeDialogs())  # type: ignore[arg-type]
        opened.append((window, again))
        window.show()
        return window

    yield start
    for window, again in opened:  # the window first: closing it still writes
        window.close()
        shiboken6.delete(window)
        again.close()


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, dialogs: FakeDialogs) -> Iterator[MainWindow]:
    window = MainWindow(context, dialogs)  # type: ignore[arg-type]
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    yield window
    # Closed and gone before its database closes (qtbot's own clean-up comes after that).
    window.close()
    shiboken6.delete(window)


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, one key event per character (QTest.keyClicks handles ASCII only)."""
    for char in text:
        key = Qt.Key.Key_Return if char == "\n" else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )
