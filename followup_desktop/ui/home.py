"""Home: who is waiting for a follow-up, the most urgent first."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.context import AppContext
from followup_desktop.domain import Outcome
from followup_desktop.domain.followups import DebriefSummary, FollowUpState
from followup_desktop.ui.widgets import as_hint, emphasised, roomy

if TYPE_CHECKING:
    from followup_desktop.ui.settings_dialog import SignatureForm

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 100  # rows fetched at a time; more as the list scrolls
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_OVERDUE = QColor("#b3261e")
_DONE = QColor("#5f6368")


class FollowUpListModel(QAbstractTableModel):
    """Debrief summaries, fetched a page at a time as the view scrolls."""

    COLUMNS = ("Candidate", "Role", "Stage", "Outcome", "Respond by", "Status")

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows: list[DebriefSummary] = []
        self._exhausted = False
        self._today = context.today()

    def reload(self) -> None:
        self.beginResetModel()
        self._today = self._context.today()
        self._rows = []
        self._exhausted = False
        self._rows = self._page(0)
        self.endResetModel()

    def _page(self, offset: int) -> list[DebriefSummary]:
        rows = self._context.repository.list_summaries(
            respond_within_days=self._context.settings.respond_within_days,
            offset=offset,
            limit=PAGE_SIZE,
        )
        self._exhausted = len(rows) < PAGE_SIZE
        return rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        more = self._page(len(self._rows))
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def summary(self, row: int) -> DebriefSummary:
        return self._rows[row]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column, self._today)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4 and item.respond_by:
            return f"Respond by {item.respond_by:%A %d %B %Y}"
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.days_overdue(self._today) and column in (0, 4):
                return QBrush(_OVERDUE)
            if item.state is FollowUpState.SENT:
                return QBrush(_DONE)
        if role == Qt.ItemDataRole.FontRole and column == 4 and item.days_overdue(self._today):
            font = QFont()
            font.setBold(True)
            return font
        if role == ID_ROLE:
            return item.id
        return None

    @staticmethod
    def _text(item: DebriefSummary, column: int, today: date) -> str:
        if column == 0:
            return item.candidate_name or "(no name yet)"
        if column == 1:
            return item.role
        if column == 2:
            return item.stage
        if column == 3:
            return "—" if item.outcome is Outcome.UNDECIDED else item.outcome.short_label
        if column == 4:
            return item.due_text(today)
        when = item.state_changed_at
        if item.state is FollowUpState.SENT and when is not None:
            return f"Sent {when:%d %b}"
        if item.state is FollowUpState.COPIED and when is not None:
            return f"Copied {when:%d %b}, not marked sent"
        return item.state.label


# Per column, the text a column must fit without cutting (None: share the spare width).
_TYPICAL_WIDEST = (None, None, "Technical interview", "Next round", "Overdue by 10 days",
                   "Copied 26 Nov, not marked sent")  # fmt: skip


class HomePage(QWidget):
    """The to-do list of follow-ups, with a welcome for a first-time user."""

    open_requested = Signal(int)
    new_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = FollowUpListModel(context, self)

        title = emphasised(QLabel("Follow-ups"), 1.6)
        self.summary_label = as_hint(QLabel())
        new_button = roomy(emphasised(QPushButton("New debrief")))
        new_button.setToolTip("Record a new interview (Ctrl+N)")
        new_button.clicked.connect(self.new_requested)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(new_button)

        self.welcome: SignatureForm | None = None
        if not context.settings.welcome_done:
            from followup_desktop.ui.settings_dialog import SignatureForm  # first run only

            self.welcome = SignatureForm(context.settings, welcome=True)
            self.welcome.finished.connect(self._welcome_done)

        self.table = QTableView()
        self.table.setAccessibleName("Follow-ups, most urgent first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(32)
        header_view = self.table.horizontalHeader()
        header_view.setHighlightSections(False)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Widths from the widest typical text, not from the rows: sizing to contents asks the
        # model for every row and role, which is most of Home's start-up cost.
        metrics = self.table.fontMetrics()
        for column, widest in enumerate(_TYPICAL_WIDEST):
            if widest:
                header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header_view.resizeSection(column, metrics.horizontalAdvance(widest) + 28)
            else:
                header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._activated)

        empty = QLabel(
            "<h2>No debriefs yet</h2>"
            "<p>Just finished an interview? Write down what you saw while it is fresh.</p>"
            "<p>Press <b>Ctrl+N</b> or <b>New debrief</b> to start. Follow-up Desk turns your "
            "notes into a personal message to the candidate and tells you who is waiting.</p>"
        )
        empty.setContentsMargins(40, 40, 40, 40)
        empty.setWordWrap(True)
        empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(empty)
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addWidget(self.summary_label)
        if self.welcome is not None:
            layout.addWidget(self.welcome)
        layout.addWidget(self.stack, 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.reload()
        has_rows = self.model.rowCount() > 0
        self.stack.setCurrentIndex(1 if has_rows else 0)
        today = self._context.today()
        shown = [self.model.summary(row) for row in range(self.model.rowCount())]
        more = "+" if self.model.canFetchMore(QModelIndex()) else ""  # not all rows loaded yet
        late = sum(1 for item in shown if item.days_overdue(today))
        overdue = f"{late}{more if late == len(shown) else ''}"  # overdue rows come first
        waiting = f"{sum(1 for item in shown if item.state.is_open)}{more}"
        if not has_rows:
            self.summary_label.setText("")
        elif late:
            self.summary_label.setText(
                f"{overdue} overdue, {waiting} waiting for a follow-up. Overdue ones come first."
            )
        else:
            self.summary_label.setText(
                f"{waiting} waiting for a follow-up, the most urgent first. "
                "Press Enter to open one."
            )
        if has_rows:
            self.table.selectRow(0)

    def focus_list(self) -> None:
        (self.table if self.model.rowCount() else self).setFocus()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(int(self.model.data(index, ID_ROLE)))

    @Slot()
    def _welcome_done(self) -> None:
        if self.welcome is None:
            return
        self._context.update_settings(self.welcome.settings())
        self.welcome.hide()
        self.welcome.deleteLater()
        self.welcome = None
        self.focus_list()
