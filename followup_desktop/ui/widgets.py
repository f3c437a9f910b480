"""Small widget helpers shared by the pages, Home included (so: nothing Home does not need;
the form inputs of the other pages are in ``forms``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from followup_desktop.paths import app_icon_sizes

# Platforms that draw no desktop: no tray, and no real screen to fit a window to.
HEADLESS_PLATFORMS = ("offscreen", "minimal", "minimalegl", "vnc")

W = TypeVar("W", bound=QWidget)
B = TypeVar("B", bound=QPushButton)


def date_text(value: date, *, weekday: bool = False, long: bool = False, year: bool = True) -> str:
    """A date as the window shows it, the day without a leading zero: "4 Nov 2026", with
    ``weekday`` "Wed 4 Nov 2026", ``long`` "Wednesday 4 November 2026"."""
    day = f"{value:%A} " if weekday and long else f"{value:%a} " if weekday else ""
    month = f"{value:%B}" if long else f"{value:%b}"
    return f"{day}{value.day} {month}" + (f" {value.year}" if year else "")


def labelled(widget: W, name: str) -> W:
    """Give an input the accessible name a screen reader announces."""
    widget.setAccessibleName(name)
    return widget


HINT_COLOUR = "#5f6368"
ROW_HEIGHT = 32  # pixels per row of the lists (Home, candidate history): room around the text


def as_hint(label: W) -> W:
    """Secondary text: grey, still readable (a palette, not a style sheet: Home stays fast)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(HINT_COLOUR))
    label.setPalette(palette)
    return label


def emphasised(widget: W, scale: float = 1.0) -> W:
    """Bold text, optionally larger (for titles and the main button of a page)."""
    font = widget.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    widget.setFont(font)
    return widget


@contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while something slow runs on the GUI thread (a purge's VACUUM)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def roomy(button: B) -> B:
    """A button with room around its text, as the style sheet gives the debrief page's."""
    metrics = button.fontMetrics()
    button.setMinimumHeight(metrics.height() + 14)
    button.setMinimumWidth(metrics.horizontalAdvance(button.text()) + 32)
    return button


# The debrief page's look. Home is styled with fonts and palettes instead: a style sheet makes
# every widget's polish slower, and Home is on the start-up path.
STYLE = (
    f"QLabel#hint {{ color: {HINT_COLOUR}; }}"
    + """
QLabel#pageTitle { font-size: 20px; font-weight: 600; }
QLabel#stepTitle { font-size: 18px; font-weight: 600; }
QLabel#emptyState { color: palette(text); padding: 40px; }
QFrame#card { border: 1px solid palette(mid); border-radius: 8px; padding: 8px;
              background: palette(alternate-base); }
QLabel#problem { background: #fdecea; color: #8c1d18; border-radius: 6px; padding: 8px 10px; }
QLabel#notice { background: #fff4e5; color: #663c00; border-radius: 6px; padding: 8px 10px; }
QLabel#ok { background: #e6f4ea; color: #0d652d; border-radius: 6px; padding: 8px 10px; }
QLabel#problemCount { color: #c5221f; font-weight: 600; }
QLabel#saveError { background: #fdecea; color: #8c1d18; padding: 6px 10px; }
QListWidget#steps { border: none; background: palette(window); font-size: 14px; }
QListWidget#steps::item { padding: 10px 12px; border-radius: 6px; }
QListWidget#steps::item:selected { background: palette(highlight);
                                   color: palette(highlighted-text); }
QPushButton { padding: 6px 14px; }
QPushButton#primary { font-weight: 600; }
QGroupBox { font-weight: 600; }
"""
)


def app_icon() -> QIcon:
    """The app's icon, from its PNG at each size: Qt reads PNG itself, where the SVG would
    load the SVG icon plugin and library (several milliseconds of start-up) to draw it."""
    icon = QIcon()
    for width, path in app_icon_sizes().items():
        icon.addFile(str(path), QSize(width, width))
    return icon
