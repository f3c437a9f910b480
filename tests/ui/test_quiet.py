"""Background work gives way to the person: the coach warms up only while nobody types."""

from __future__ import annotations

import gc
import time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from followup_desktop.ui import main_window as main_window_module
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.quiet import QuietGate


class Clock:
    """A clock that only moves when told to, or when the gate sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    return edit


def test_the_gate_waits_out_the_quiet_time_after_the_last_key(
    qtbot: QtBot, field: QLineEdit
) -> None:
    clock = Clock()
    gate = QuietGate(1.5, clock=clock, sleep=clock.sleep)
    try:
        assert gate.in_use()  # the window has only just appeared
        clock.now += 2.0
        assert not gate.in_use()
        gate.wait()
        assert clock.slept == []  # quiet already: no wait at all

        qtbot.keyClicks(field, "ab")
        clock.now += 0.5
        assert gate.in_use()
        gate.wait()
        assert clock.slept == [pytest.approx(1.0)]
        assert not gate.in_use()
        assert field.text() == "ab"  # the keys themselves went through untouched
    finally:
        gate.deleteLater()


def test_clicks_and_the_wheel_count_as_use_but_moving_the_mouse_does_not(
    qtbot: QtBot, field: QLineEdit
) -> None:
    clock = Clock()
    gate = QuietGate(1.0, clock=clock, sleep=clock.sleep)
    try:
        clock.now += 5.0
        qtbot.mouseMove(field, QPoint(3, 3))
        assert not gate.in_use()
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        assert gate.in_use()
    finally:
        gate.deleteLater()


def test_the_coach_warms_up_only_once_typing_stops(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(main_window_module, "WARM_UP_QUIET_S", 1.0)
    window.new_debrief()
    page = window.debrief_page
    assert page is not None
    page.go_to_index(1)
    notes = page.impressions.private
    notes.setFocus()
    done: list[float] = []
    window.coach_ready.connect(lambda _problems: done.append(time.monotonic()))
    window.prepare_coach()

    last_key = time.monotonic()
    for letter in "typing on for a good two seconds":
        qtbot.keyClicks(notes, letter)
        last_key = time.monotonic()
        qtbot.wait(60)
        assert not done, "the warm-up finished while the person was still typing"
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    assert done[0] - last_key >= 1.0  # it waited for a quiet second, then did its work
    assert gc.isenabled()  # collections were held off only while it worked
    assert notes.toPlainText() == "typing on for a good two seconds"
