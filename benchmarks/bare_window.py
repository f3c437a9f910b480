"""The start-up baseline: a bare PySide6 script that shows an empty QMainWindow and quits.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bare_window.py [--table]

It quits after the window's first paint, detected exactly as ``--startup-check`` does (an event
filter on ``QEvent.Paint``, then ``QTimer.singleShot(0, quit)``), so that ``startup.py`` compares
like with like: interpreter, Qt, one window, one paint, a clean exit.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView


class FirstPaint(QObject):
    """Quits the application once the watched window has painted for the first time."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


class Rows(QAbstractTableModel):
    """200 rows of six short texts, served from Python like the app's Home list."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 200

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        return f"Row {index.row()} column {index.column()}" if role == 0 else None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == 0:
            return f"Column {section}"
        return None


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    if "--table" in sys.argv[1:]:
        # The reference for what any list window costs: a QTableView over a Python model makes
        # PySide build Python enums for the whole Qt namespace (about 14 ms here).
        view = QTableView()
        view.setModel(Rows(view))
        window.setCentralWidget(view)
    window.resize(1180, 760)  # the app's default size, so both paint the same area
    window.show()
    window.installEventFilter(FirstPaint(window))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
