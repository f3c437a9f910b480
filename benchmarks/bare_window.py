"""The start-up baseline: a bare PySide6 script that shows an empty QMainWindow and quits.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bare_window.py

It quits after the window's first paint, detected exactly as ``--startup-check`` does (an event
filter on ``QEvent.Paint``, then ``QTimer.singleShot(0, quit)``), so that ``startup.py`` compares
like with like: interpreter, Qt, one window, one paint, a clean exit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class FirstPaint(QObject):
    """Quits the application once the watched window has painted for the first time."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1180, 760)  # the app's default size, so both paint the same area
    window.show()
    window.installEventFilter(FirstPaint(window))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
