"""Telling the interviewer a follow-up is due: the system tray where there is one, else a
banner inside the window. The main window owns one ``Notifier`` and sets its ``on_open``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.ui.widgets import HEADLESS_PLATFORMS, app_icon

# The colours of the debrief page's notices (ui/widgets.py STYLE, QLabel#notice).
NOTICE_BACKGROUND = "#fff4e5"
NOTICE_TEXT = "#663c00"


def _ignore(debrief_id: int) -> None:
    """``on_open`` until the owner sets it."""


class Notifier(Protocol):
    """Shows one reminder at a time; ``on_open(debrief_id)`` when the person asks to open it."""

    on_open: Callable[[int], None]

    def notify(self, title: str, text: str, debrief_id: int) -> None: ...

    def clear(self) -> None: ...


class _Reminding:
    """What both notifiers share: the debrief of the reminder on show, opened on request."""

    on_open: Callable[[int], None]
    _debrief_id: int | None

    def clear(self) -> None:
        raise NotImplementedError

    def _open(self) -> None:
        debrief_id = self._debrief_id
        if debrief_id is not None:
            self.clear()
            self.on_open(debrief_id)


class TrayNotifier(_Reminding, QObject):
    """A tray icon that appears with a reminder; clicking the message (or the icon) opens the
    debrief. Only where the desktop has a system tray (see ``make_notifier``)."""

    SHOW_FOR_MS = 15_000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_open: Callable[[int], None] = _ignore
        self._debrief_id: int | None = None
        self.tray = QSystemTrayIcon(app_icon(), self)
        self.tray.setToolTip("Follow-up Desk")
        self.tray.messageClicked.connect(self._open)
        self.tray.activated.connect(self._activated)

    def notify(self, title: str, text: str, debrief_id: int) -> None:
        self._debrief_id = debrief_id
        self.tray.setToolTip(f"Follow-up Desk — {title}")
        self.tray.show()
        self.tray.showMessage(
            title, text, QSystemTrayIcon.MessageIcon.Information, self.SHOW_FOR_MS
        )

    def clear(self) -> None:
        self._debrief_id = None
        self.tray.hide()

    @Slot(QSystemTrayIcon.ActivationReason)
    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self._open()


class BannerNotifier(_Reminding, QFrame):
    """A strip for the top of the window: the reminder, **Open** and **Dismiss**. Hidden until
    there is something to say. Coloured with a palette, not a style sheet (Home stays fast)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_open: Callable[[int], None] = _ignore
        self._debrief_id: int | None = None
        self.setObjectName("reminderBanner")
        self.setAccessibleName("Follow-up reminder")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        for role, colour in (
            (QPalette.ColorRole.Window, NOTICE_BACKGROUND),
            (QPalette.ColorRole.WindowText, NOTICE_TEXT),
        ):
            palette.setColor(role, QColor(colour))
        self.setPalette(palette)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.open_button = QPushButton("O&pen")
        self.open_button.setAccessibleName("Open the debrief")
        self.open_button.clicked.connect(self._open)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setAccessibleName("Dismiss the reminder")
        self.dismiss_button.clicked.connect(self.clear)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(words, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def notify(self, title: str, text: str, debrief_id: int) -> None:
        self._debrief_id = debrief_id
        self.title.setText(title)
        self.text.setText(text)
        self.setAccessibleDescription(f"{title}. {text}")
        self.open_button.setToolTip(f"Open: {title}")
        self.show()

    @Slot()
    def clear(self) -> None:
        self._debrief_id = None
        self.hide()


def tray_usable() -> bool:
    """True when the desktop shows tray icons (never on a headless platform plugin)."""
    platform = QGuiApplication.platformName()
    return platform not in HEADLESS_PLATFORMS and QSystemTrayIcon.isSystemTrayAvailable()


def make_notifier(banner_parent: QWidget) -> Notifier:
    """The tray where there is one, else a banner made a child of ``banner_parent``.

    A banner is a widget: the caller puts it in its layout, above the pages
    (``isinstance(notifier, QWidget)``); it shows itself when there is a reminder.
    """
    if tray_usable():
        return TrayNotifier(banner_parent)
    return BannerNotifier(banner_parent)
