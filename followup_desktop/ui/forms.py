"""Form inputs for the pages after Home (debrief, settings): kept out of ``widgets``, which Home
loads at start-up, since each Qt class a module touches costs start-up time."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from followup_desktop.ui.widgets import labelled

LABEL_ROOM = 2  # pixels after a form label's text


class GrowingTextEdit(QPlainTextEdit):
    """A multi-line input that grows with its text, from ``lines`` up to ``max_lines``.

    Tab moves to the next field (keyboard-first); a tab character is rarely what notes need.
    """

    def __init__(self, lines: int = 3, max_lines: int = 12) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self._lines = (lines, max_lines)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        low, high = self._lines
        shown = min(max(int(self.document().size().height()), low), high)
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        spacing = QFontMetrics(self.font()).lineSpacing()
        self.setFixedHeight(
            shown * spacing + int(2 * self.document().documentMargin()) + margins + 4
        )


class _FormLabel(QLabel):
    """A form's label, a little wider than its text: a label is as wide as its letters'
    advances, but a last letter can reach past its advance (the "e" of "Template" lost its
    edge)."""

    def sizeHint(self) -> QSize:
        return super().sizeHint() + QSize(LABEL_ROOM, 0)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint() + QSize(LABEL_ROOM, 0)


def form_layout(*rows: tuple[str, QWidget | QLayout]) -> QFormLayout:
    """A form whose fields take the width they are given, with room between the rows. Each
    label is a mnemonic for its field ("&Template": Alt+T), or for the first input of a row of
    several."""
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(10)
    for text, field in rows:
        label = _FormLabel(text)
        buddy = field if isinstance(field, QWidget) else _first_input(field)
        if buddy is not None:  # without one, the label would show its "&"
            label.setBuddy(buddy)
        form.addRow(label, field)
    return form


def _first_input(layout: QLayout) -> QWidget | None:
    """The first widget in ``layout`` (or a layout within it) that takes the keyboard."""
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            return widget
        if inner is not None and (found := _first_input(inner)) is not None:
            return found
    return None


def plain_text_edit(name: str, text: str = "", *, lines: int = 3) -> GrowingTextEdit:
    """A labelled multi-line input that starts ``lines`` high and grows with its text."""
    edit = labelled(GrowingTextEdit(lines), name)
    edit.setPlainText(text)
    return edit
