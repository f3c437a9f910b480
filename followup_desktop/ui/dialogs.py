"""Every message box goes through here, so tests can answer them without a window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class DialogService:
    """Asks and tells the user things. Tests swap in a recording fake."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent

    def set_parent(self, parent: QWidget) -> None:
        self._parent = parent

    def error(self, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # not needed to start: loaded on first use

        QMessageBox.critical(self._parent, title, text)

    def confirm(self, title: str, text: str, *, action: str) -> bool:
        """Ask before doing something that replaces or removes the user's words."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._parent)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is go
