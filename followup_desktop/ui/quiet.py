"""Background work that gives way to the person: it runs only while they are not typing.

Python runs one thread at a time. A worker thread that computes flat out makes every Python
slot of the GUI thread (each key press runs several) wait its turn, so keys pile up unhandled
and, if the app is killed then, unsaved. A worker that calls ``QuietGate.wait`` between short
steps runs only once nobody has typed, clicked or scrolled for a moment.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.InputMethod,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
    }
)


class QuietGate(QObject):
    """Notes when the person last used the app; ``wait`` (on a worker thread) returns once
    they have left it alone for ``quiet_s`` seconds. It watches every event of the application
    while it exists: delete it when the background work is done."""

    def __init__(
        self,
        quiet_s: float,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(parent)
        self._quiet_s = quiet_s
        self._clock = clock
        self._sleep = sleep
        self._last_input = clock()  # the start counts: the window has only just appeared
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last_input = self._clock()  # one float: safe to read from the worker
        return False

    def in_use(self) -> bool:
        """Whether the person typed, clicked or scrolled within the last ``quiet_s``."""
        return self._clock() - self._last_input < self._quiet_s

    def wait(self) -> None:
        """Return once the app has been left alone for ``quiet_s`` (at once if it has)."""
        while (left := self._last_input + self._quiet_s - self._clock()) > 0:
            self._sleep(left)
