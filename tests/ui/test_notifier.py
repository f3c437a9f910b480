"""Reminders: the in-window banner (Open, Dismiss) and choosing it when there is no tray."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from followup_desktop.ui import notifier
from followup_desktop.ui.notifier import BannerNotifier, Notifier, make_notifier, tray_usable


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    QVBoxLayout(widget)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _banner(host: QWidget) -> BannerNotifier:
    banner = BannerNotifier(host)
    layout = host.layout()
    assert layout is not None
    layout.addWidget(banner)
    return banner


def test_banner_is_hidden_until_there_is_a_reminder(host: QWidget) -> None:
    banner = _banner(host)
    assert not banner.isVisible()
    banner.notify("Ana Lima is waiting", "The follow-up is due today.", 12)
    assert banner.isVisible()
    assert banner.title.text() == "Ana Lima is waiting"
    assert banner.text.text() == "The follow-up is due today."


def test_open_calls_back_with_the_debrief_and_hides(qtbot: QtBot, host: QWidget) -> None:
    banner = _banner(host)
    opened: list[int] = []
    banner.on_open = opened.append
    banner.notify("Ana Lima is waiting", "Due today.", 12)
    banner.notify("Bob Stone is waiting", "Due tomorrow.", 13)  # the newest one counts
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert opened == [13]
    assert not banner.isVisible()
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)  # nothing left to open
    assert opened == [13]


def test_dismiss_hides_without_opening(qtbot: QtBot, host: QWidget) -> None:
    banner = _banner(host)
    opened: list[int] = []
    banner.on_open = opened.append
    banner.notify("Ana Lima is waiting", "Due today.", 12)
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible() and opened == []
    banner.notify("Ana Lima is waiting", "Due today.", 12)
    banner.clear()
    assert not banner.isVisible()


def test_banner_open_from_the_keyboard(qtbot: QtBot, host: QWidget) -> None:
    banner = _banner(host)
    opened: list[int] = []
    banner.on_open = opened.append
    banner.notify("Ana Lima is waiting", "Due today.", 12)
    banner.open_button.setFocus()
    qtbot.keyClick(banner.open_button, Qt.Key.Key_Space)
    assert opened == [12]


def test_banner_has_accessible_names(host: QWidget) -> None:
    banner = _banner(host)
    banner.notify("Ana Lima is waiting", "Due today.", 12)
    assert banner.accessibleName() == "Follow-up reminder"
    assert "Ana Lima is waiting" in banner.accessibleDescription()
    for button in banner.findChildren(QPushButton):
        assert button.accessibleName(), button.text()
    assert banner.open_button.accessibleName() == "Open the debrief"
    assert banner.dismiss_button.accessibleName() == "Dismiss the reminder"


def test_banner_uses_the_notice_colours_without_a_style_sheet(host: QWidget) -> None:
    banner = _banner(host)
    assert banner.styleSheet() == "" and host.styleSheet() == ""
    assert banner.palette().window().color().name() == notifier.NOTICE_BACKGROUND
    assert banner.autoFillBackground()


def test_offscreen_gets_the_banner(host: QWidget) -> None:
    assert not tray_usable()
    chosen: Notifier = make_notifier(host)
    assert isinstance(chosen, BannerNotifier)
    assert chosen.parent() is host
    opened: list[int] = []
    chosen.on_open = opened.append
    chosen.notify("Title", "Text", 4)
    chosen.open_button.click()
    assert opened == [4]


def test_a_desktop_with_a_tray_gets_the_tray(
    host: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notifier, "tray_usable", lambda: True)
    chosen = make_notifier(host)
    assert isinstance(chosen, notifier.TrayNotifier)
    assert not chosen.tray.isVisible()
    chosen.clear()
