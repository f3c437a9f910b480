"""Every message box goes through here, so tests can answer them without a window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget


class DialogService:
    """Asks and tells the user things. Tests swap in a recording fake."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._parent = parent

    def set_parent(self, parent: QWidget | None) -> None:
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

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """One line of text from the user, or None if they cancel."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        answer, ok = QInputDialog.getText(
            self._parent, title, label, QLineEdit.EchoMode.Normal, text
        )
        return answer if ok else None

    def choose(
        self, title: str, text: str, options: list[str], *, cancel: str = "Cancel"
    ) -> str | None:
        """One of ``options`` (button labels; the first is the default), or None for the
        ``cancel`` button (or Esc)."""
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self._parent)
        buttons = [box.addButton(option, QMessageBox.ButtonRole.AcceptRole) for option in options]
        cancel_button = box.addButton(cancel, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(buttons[0] if buttons else cancel_button)
        box.setEscapeButton(cancel_button)
        box.exec()
        clicked = box.clickedButton()
        return next((o for o, b in zip(options, buttons, strict=True) if b is clicked), None)

    def open_file(self, title: str, file_filter: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self._parent, title, "", file_filter)
        return Path(name) if name else None

    def save_file(self, title: str, file_filter: str, suggested: str) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getSaveFileName(self._parent, title, suggested, file_filter)
        return Path(name) if name else None

    def choose_folder(self, title: str, start: str = "") -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        name = QFileDialog.getExistingDirectory(self._parent, title, start)
        return Path(name) if name else None

    def inform(self, title: str, text: str) -> None:
        """Say what was done (no choice to make)."""
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(self._parent, title, text)
