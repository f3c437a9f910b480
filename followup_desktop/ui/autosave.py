"""Saving while the person types: a debounce with a maximum wait.

A plain trailing debounce never fires while someone keeps typing; here the save happens after
``idle_ms`` of quiet or at the latest ``max_wait_ms`` after the first unsaved edit, whichever
comes first. A failed save (disk full, file locked) keeps the edits marked unsaved and retries.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal


class SaveScheduler(QObject):
    saved = Signal()
    failed = Signal(str)

    def __init__(
        self,
        save: Callable[[], None],
        describe_error: Callable[[Exception], str | None],
        *,
        idle_ms: int = 300,
        max_wait_ms: int = 800,
        retry_ms: int = 3000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._describe = describe_error
        self._dirty = False
        self._idle = self._timer(idle_ms)
        self._deadline = self._timer(max_wait_ms)
        self._retry = self._timer(retry_ms)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.flush)
        return timer

    @property
    def dirty(self) -> bool:
        return self._dirty

    def touch(self) -> None:
        """Something changed: save soon, and never later than the maximum wait."""
        self._dirty = True
        self._idle.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> bool:
        """Save now if anything is unsaved; True when everything is saved."""
        for timer in (self._idle, self._deadline, self._retry):
            timer.stop()
        if not self._dirty:
            return True
        try:
            self._save()
        except Exception as exc:
            message = self._describe(exc)
            if message is None:
                raise
            self._retry.start()
            self.failed.emit(message)
            return False
        self._dirty = False
        self.saved.emit()
        return True
