"""The coach in the window: problems underlined in place, explained on hover, listed per step.

Reviewing runs a moment after the typing stops (debounced), never on the keystroke itself.
Findings carry Python string indices; Qt's text positions count UTF-16 code units, so every span
is converted once, here, before it is drawn or selected (an emoji before it would shift it).
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QHelpEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QToolTip,
    QWidget,
)

if TYPE_CHECKING:
    from followup_desktop.coach import Finding
    from followup_desktop.domain import Debrief

T = TypeVar("T")
REVIEW_DELAY_MS = 200  # a pause this long, then a review: underlines within 300 ms of the last key
TEXT_MARGIN = 4  # pixels a list item leaves either side of its text (the style's focus margin + 1)
_COLOURS = {"problem": "#c5221f", "warning": "#e37400", "info": "#1a73e8"}


def utf16_offsets(text: str) -> Callable[[int], int]:
    """A function from Python string index to UTF-16 position in ``text``."""
    astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
    if not astral:
        return lambda index: index
    # Each character beyond the Basic Multilingual Plane takes two UTF-16 units.
    return lambda index: index + bisect_left(astral, index)


@dataclass(frozen=True)
class Mark:
    """A finding placed in a document: UTF-16 span plus what to say about it."""

    start: int
    end: int
    severity: str
    message: str
    suggestion: str

    @property
    def text(self) -> str:
        return f"{self.message} {self.suggestion}".strip()


class FindingsHighlighter(QSyntaxHighlighter):
    """Draws a wavy underline under every finding, coloured by severity."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.marks: list[Mark] = []

    def set_marks(self, marks: list[Mark]) -> None:
        self.marks = marks
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        first, length = block.position(), block.length()
        for mark in self.marks:
            start, end = max(mark.start, first), min(mark.end, first + length)
            if start >= end:
                continue
            style = QTextCharFormat()
            style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            style.setUnderlineColor(QColor(_COLOURS.get(mark.severity, _COLOURS["info"])))
            style.setToolTip(mark.text)
            self.setFormat(start - first, end - start, style)


class Reviewer(QObject):
    """Runs the coach on one worker thread, a job at a time, and hands each result back on
    the GUI thread: typing never waits on a review, nor on the coach loading its rules.

    The worker is a daemon: quitting never waits for a review (reviews only read).
    """

    _finished = Signal(object, object)  # callback, result

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Callable[[Any], None]]]
        self._jobs = queue.SimpleQueue()
        self._finished.connect(self._deliver)  # queued: emitted on the worker thread
        threading.Thread(target=self._work, name="coach", daemon=True).start()

    def submit(self, job: Callable[[], T], done: Callable[[T], None]) -> None:
        """Run ``job`` on the worker, then ``done(result)`` on the GUI thread."""
        self._jobs.put((job, done))

    def _work(self) -> None:
        while True:
            job, done = self._jobs.get()
            try:
                result = job()
            except Exception:  # a bug in a rule: report it, keep the coach (and app) going
                sys.excepthook(*sys.exc_info())
                continue
            try:
                self._finished.emit(done, result)
            except RuntimeError:
                return  # the window, and this object with it, is gone

    @Slot(object, object)
    def _deliver(self, done: Callable[[object], None], result: object) -> None:
        with contextlib.suppress(RuntimeError):  # the field it was for was closed meanwhile
            done(result)


class CoachedField(QObject):
    """Keeps one text field reviewed: underlines, hover explanations, the current findings."""

    reviewed = Signal()

    def __init__(
        self,
        edit: QPlainTextEdit,
        label: str,
        reviewer: Reviewer,
        *,
        audience: str = "notes",
        debrief: Callable[[], Debrief | None] = lambda: None,
        about_field: Callable[[Debrief], Sequence[Finding]] | None = None,
        reading_ease_min: Callable[[], float | None] = lambda: None,
    ) -> None:
        """``debrief`` gives the current debrief (read on the GUI thread). Without
        ``about_field`` it goes to the check itself (the message's checks need it); with one,
        ``about_field`` picks the findings about this field from the whole debrief instead
        (say, a rating without evidence)."""
        super().__init__(edit)
        self.edit = edit
        self.label = label
        self._audience = audience
        self._debrief = debrief
        self._about_field = about_field
        self._reviewer = reviewer
        self._reading_ease_min = reading_ease_min
        self.marks: list[Mark] = []
        self._reviewed: str | None = None  # the text the marks belong to
        self.highlighter = FindingsHighlighter(edit.document())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REVIEW_DELAY_MS)
        self._timer.timeout.connect(self.review_now)
        edit.textChanged.connect(self._text_changed)
        edit.viewport().installEventFilter(self)
        self.schedule()  # not now: opening a step never waits on the coach

    @Slot()
    def _text_changed(self) -> None:
        # Drawing the underlines changes formats only, and Qt reports that as a text change
        # too: only new words need a new review.
        if self.edit.toPlainText() != self._reviewed:
            self.schedule()

    @Slot()
    def schedule(self) -> None:
        """Review a moment from now; each call before then pushes it back."""
        self._timer.start()

    @Slot()
    def review_now(self) -> None:
        """Send the field's text to the coach; the marks follow when it answers."""
        self._timer.stop()
        text = self._reviewed = self.edit.toPlainText()
        audience, debrief, about_field = self._audience, self._debrief(), self._about_field
        ease = self._reading_ease_min()

        def job() -> tuple[str, list[Finding]]:  # on the worker thread: no widgets here
            from followup_desktop.coach import review  # loaded when first needed

            if about_field is None:
                found = review(text, audience=audience, debrief=debrief, reading_ease_min=ease)
                return text, found
            extra = about_field(debrief) if debrief is not None else ()
            return text, [*review(text, audience=audience), *extra]

        self._reviewer.submit(job, self._show)

    def _show(self, result: tuple[str, list[Finding]]) -> None:
        text, findings = result
        if text != self.edit.toPlainText():
            return  # typed on meanwhile: a newer review is on its way
        position = utf16_offsets(text)
        self.marks = [
            Mark(
                position(item.start),
                position(item.end),
                str(item.severity),
                item.message,
                item.suggestion,
            )
            for item in findings
        ]
        self.highlighter.set_marks(self.marks)
        self.reviewed.emit()

    def problems(self) -> int:
        """Findings worth fixing before the text goes anywhere (warnings and problems)."""
        return sum(1 for mark in self.marks if mark.severity in ("warning", "problem"))

    def select(self, mark: Mark) -> None:
        """Show the field with the finding's words selected."""
        cursor = self.edit.textCursor()
        cursor.setPosition(mark.start)
        cursor.setPosition(mark.end, QTextCursor.MoveMode.KeepAnchor)
        self.edit.setTextCursor(cursor)
        self.edit.ensureCursorVisible()
        self.edit.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            at = self.edit.cursorForPosition(event.pos()).position()
            for mark in self.marks:
                if mark.start <= at <= mark.end:
                    QToolTip.showText(event.globalPos(), mark.text, self.edit)
                    return True
            QToolTip.hideText()
            return True
        return False


class FindingsPanel(QListWidget):
    """What the coach found on one step; a click (or Enter) jumps to the words. As tall as its
    findings, up to its maximum height (then it scrolls)."""

    changed = Signal(int)  # how many findings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Coach findings")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.fields: list[CoachedField] = []
        self.itemActivated.connect(self._jump)
        self.itemClicked.connect(self._jump)

    def watch(self, fields: Sequence[CoachedField]) -> None:
        """Show the findings of these fields (in place of any watched before: a deleted field
        takes its connection with it)."""
        self.fields = list(fields)
        for field in self.fields:
            field.reviewed.connect(self.refresh, Qt.ConnectionType.UniqueConnection)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        self.clear()
        for field in self.fields:
            for mark in field.marks:
                item = QListWidgetItem(f"{field.label}: {mark.text}")
                item.setForeground(QColor(_COLOURS.get(mark.severity, _COLOURS["info"])))
                item.setData(Qt.ItemDataRole.UserRole, (field, mark))
                self.addItem(item)
        self.setVisible(self.count() > 0)
        self.updateGeometry()
        self.changed.emit(self.count())

    def sizeHint(self) -> QSize:
        # Each finding's lines at the panel's width (less the item's text margins, rounded
        # towards one line more rather than one fewer).
        width = max(1, self.viewport().width() - 2 * TEXT_MARGIN)
        metrics = self.fontMetrics()
        height = sum(
            metrics.boundingRect(
                QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, self.item(row).text()
            ).height()
            for row in range(self.count())
        )
        height += 2 * self.frameWidth() + 2
        return QSize(super().sizeHint().width(), min(height, self.maximumHeight()))

    def minimumSizeHint(self) -> QSize:  # a scroll area's own minimum is several lines
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped findings take more or fewer lines

    @Slot(QListWidgetItem)
    def _jump(self, item: QListWidgetItem) -> None:
        field, mark = item.data(Qt.ItemDataRole.UserRole)
        field.select(mark)
