"""Small widget helpers shared by the pages."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QPlainTextEdit, QWidget

W = TypeVar("W", bound=QWidget)


def labelled(widget: W, name: str) -> W:
    """Give an input the accessible name a screen reader announces."""
    widget.setAccessibleName(name)
    return widget


def plain_text_edit(name: str, text: str = "", *, lines: int = 3) -> QPlainTextEdit:
    """A multi-line input where Tab moves on (keyboard-first) and the height fits ``lines``."""
    edit = labelled(QPlainTextEdit(), name)
    edit.setTabChangesFocus(True)
    edit.setPlainText(text)
    height = QFontMetrics(edit.font()).lineSpacing() * lines + 14
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(max(height * 3, 160))
    return edit


STYLE = """
QLabel#pageTitle { font-size: 20px; font-weight: 600; }
QLabel#stepTitle { font-size: 18px; font-weight: 600; }
QLabel#hint { color: palette(mid); }
QLabel#emptyState { color: palette(text); padding: 40px; }
QFrame#card { border: 1px solid palette(mid); border-radius: 8px; padding: 8px;
              background: palette(alternate-base); }
QLabel#problem { background: #fdecea; color: #8c1d18; border-radius: 6px; padding: 8px 10px; }
QLabel#notice { background: #fff4e5; color: #663c00; border-radius: 6px; padding: 8px 10px; }
QLabel#ok { background: #e6f4ea; color: #0d652d; border-radius: 6px; padding: 8px 10px; }
QLabel#saveError { background: #fdecea; color: #8c1d18; padding: 6px 10px; }
QListWidget#steps { border: none; background: palette(window); font-size: 14px; }
QListWidget#steps::item { padding: 10px 12px; border-radius: 6px; }
QListWidget#steps::item:selected { background: palette(highlight);
                                   color: palette(highlighted-text); }
QPushButton { padding: 6px 14px; }
QPushButton#primary { font-weight: 600; }
QGroupBox { font-weight: 600; }
"""
