"""Home: who is waiting for a follow-up, the most urgent first, and a search over everything."""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.context import AppContext
from followup_desktop.domain import Outcome
from followup_desktop.domain.followups import DebriefSummary, FollowUpState
from followup_desktop.ui.widgets import ROW_HEIGHT, as_hint, date_text, emphasised, labelled, roomy

if TYPE_CHECKING:
    from followup_desktop.storage import SearchHit, Show
    from followup_desktop.ui.settings_dialog import SignatureForm

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 50  # rows read at a time (a screenful or two); more as the list scrolls
SEARCH_DELAY_MS = 120  # search once typing pauses this long
ID_ROLE = Qt.ItemDataRole.UserRole + 1

# Colour always comes with words ("Overdue by 2 days"); it only makes them easier to spot.
_OVERDUE = QColor("#b3261e")
_DUE_TODAY = QColor("#a04100")
_WAITING = QColor("#0b57d0")
_DONE = QColor("#5f6368")


class _TableModel(QAbstractTableModel):
    """A flat table with fixed, named columns."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None


class _PagedModel(_TableModel):
    """A table that fetches its rows a page at a time as the view scrolls (for lists whose
    length is not known up front, like search results)."""

    page_size = PAGE_SIZE

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._rows: list[Any] = []
        self._exhausted = False

    def _page(self, offset: int) -> list[Any]:
        raise NotImplementedError

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self._fetch(0)
        self.endResetModel()

    def _fetch(self, offset: int) -> list[Any]:
        rows = self._page(offset)
        self._exhausted = len(rows) < self.page_size
        return rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index) -> None:
        if parent.isValid() or self._exhausted:
            return
        more = self._fetch(len(self._rows))
        if more:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()


class _Row(NamedTuple):
    """One row of Home's list as the view shows it, worked out once per row."""

    item: DebriefSummary
    texts: tuple[str, ...]
    colours: tuple[QColor | None, ...]  # the view takes a colour for a brush
    bold_timing: bool  # the follow-up is due today or overdue


class _Page:
    """A page of Home's list: the summaries as read, and each row as shown, worked out when the
    view first asks for it (a page is longer than the screen)."""

    __slots__ = ("items", "shown")

    def __init__(self, items: list[DebriefSummary]) -> None:
        self.items = items
        self.shown: list[_Row | None] = [None] * len(items)


class FollowUpListModel(_TableModel):
    """Debrief summaries for one of Home's filters, the most urgent first.

    A window onto the list: it knows how many rows there are (one count) and reads a page
    only when the view shows one of its rows, keeping the pages last shown. Scrolling to the
    end of 100,000 debriefs reads the last page, never the ones in between, and memory stays
    at a few pages whatever the list's length. Each row's texts and colours are worked out
    once, when the view first shows it: it asks for each cell in several roles at every paint.
    """

    COLUMNS = ("Candidate", "Role", "Stage", "Decision", "Follow-up", "Message")
    KEPT_PAGES = 20
    _ROLES = frozenset(
        {
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            ID_ROLE,
        }
    )

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.show: Show = "open"
        self._today = context.today()
        self._count = 0
        self._pages: OrderedDict[int, _Page] = OrderedDict()
        self._bold = QFont()
        self._bold.setBold(True)

    def reload(self, count: int | None = None) -> None:
        """Read the list again; ``count``, when the caller just counted it, saves a query."""
        self.beginResetModel()
        self._today = self._context.today()
        self._pages.clear()
        if count is None:
            count = self._context.repository.count_summaries(show=self.show)
        self._count = count
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def _place(self, row: int) -> tuple[_Page, int] | None:
        """The row's page and place in it, reading the page if it is not kept (None outside
        the list, which may have shrunk since the count)."""
        if not 0 <= row < self._count:
            return None
        number, at = divmod(row, PAGE_SIZE)
        page = self._pages.get(number)
        if page is None:
            page = self._pages[number] = _Page(
                self._context.repository.list_summaries(
                    show=self.show, offset=number * PAGE_SIZE, limit=PAGE_SIZE
                )
            )
            if len(self._pages) > self.KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return (page, at) if at < len(page.items) else None

    def _row(self, row: int) -> _Row | None:
        place = self._place(row)
        if place is None:
            return None
        page, at = place
        shown = page.shown[at]
        if shown is None:
            shown = page.shown[at] = self._shown(page.items[at])
        return shown

    def summary(self, row: int) -> DebriefSummary | None:
        place = self._place(row)
        return place[0].items[place[1]] if place is not None else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self._ROLES:
            return None
        row = self._row(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == Qt.ItemDataRole.ForegroundRole:
            return row.colours[column]
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == 4 and row.bold_timing else None
        if role == Qt.ItemDataRole.ToolTipRole:
            due = row.item.respond_by
            return (
                f"Respond by {date_text(due, weekday=True, long=True)}"
                if column == 4 and due
                else None
            )
        return row.item.id  # ID_ROLE

    def _shown(self, item: DebriefSummary) -> _Row:
        today = self._today
        urgent = item.state.is_open and item.due_on is not None and item.due_on <= today
        colour: QColor | None = None
        if not item.archived and item.state.is_open:
            if item.days_overdue(today):
                colour = _OVERDUE
            elif urgent:
                colour = _DUE_TODAY
            elif item.state is FollowUpState.WAITING:
                colour = _WAITING
        done = _DONE if item.state is FollowUpState.SENT or item.archived else None
        colours = [done] * len(self.COLUMNS)
        if colour is not None:
            colours[4] = colour
            if colour is _OVERDUE:
                colours[0] = colour
        decision = "Not decided" if item.outcome is Outcome.UNDECIDED else item.outcome.short_label
        texts = (
            item.candidate_name or "(no name yet)",
            item.role,
            item.stage,
            decision,
            item.timing_text(today),
            ("Archived · " if item.archived else "") + item.state.label,
        )
        return _Row(item, texts, tuple(colours), urgent)


class SearchResultsModel(_PagedModel):
    """Debriefs whose words match the search, the best matches first, with where each
    follow-up stands."""

    COLUMNS = ("Candidate", "Role", "Interview", "Follow-up", "Found")
    page_size = 50  # a search's first page is what a person waits for

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.text = ""
        self._summaries: dict[int, DebriefSummary] = {}
        self._today = context.today()

    def reload(self) -> None:
        self._today = self._context.today()
        self._summaries = {}
        super().reload()

    def _page(self, offset: int) -> list[SearchHit]:
        repository = self._context.repository
        hits = repository.search(self.text, limit=self.page_size, offset=offset)
        self._summaries.update(repository.summaries([hit.debrief_id for hit in hits]))
        return hits

    def hit(self, row: int) -> SearchHit:
        item: SearchHit = self._rows[row]
        return item

    def summary(self, row: int) -> DebriefSummary | None:
        return self._summaries.get(self.hit(row).debrief_id)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item: SearchHit = self._rows[index.row()]
        summary = self._summaries.get(item.debrief_id)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.candidate_name or "(no name yet)"
            if column == 1:
                return " · ".join(part for part in (item.role, item.stage) if part)
            if column == 2:
                at = item.interview_at
                return date_text(at) if at else "—"
            if column == 3:
                return summary.timing_text(self._today) if summary else ""
            return " ".join(item.plain_snippet.split())
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return f"Found in {item.field_label}: {item.plain_snippet}"
        if role == Qt.ItemDataRole.ForegroundRole and (item.archived or summary is None):
            return _DONE
        if role == ID_ROLE:
            return item.debrief_id
        return None


# Per column, the text a column must fit without cutting (None: share the spare width).
_TYPICAL_WIDEST = (None, None, "Technical interview", "Not decided", "Update due Wed 30 Dec",
                   "Update sent, decision pending")  # fmt: skip
_FILTERS: tuple[tuple[Show, str, str], ...] = (
    ("open", "&Open", "Follow-ups still owed to a candidate, the most urgent first"),
    ("all", "A&ll", "Every debrief: open ones first, then sent ones"),
    ("sent", "S&ent", "Follow-ups that went out, newest first"),
    ("archived", "A&rchived", "Debriefs you archived"),
)


class HomePage(QWidget):
    """The to-do list of follow-ups, a search over everything, and a welcome at first start."""

    open_requested = Signal(int)
    new_requested = Signal()
    counts_changed = Signal(int)  # how many follow-ups are overdue

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.overdue = 0  # follow-ups past their date, counted at the last refresh
        self.model = FollowUpListModel(context, self)
        self.results = SearchResultsModel(context, self)

        title = emphasised(QLabel("Follow-ups"), 1.6)
        self.summary_label = as_hint(QLabel())
        new_button = roomy(emphasised(QPushButton("New debrief")))
        new_button.setToolTip("Record a new interview (Ctrl+N)")
        new_button.clicked.connect(self.new_requested)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(new_button)

        self.search = labelled(QLineEdit(), "Search")
        self.search.setPlaceholderText("Search names, roles, notes and messages  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            clear.setAccessibleName("Clear the search")
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.focus_list)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.focus_search)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self.search, context=Qt.ShortcutContext.WidgetShortcut
        ).activated.connect(self.search.clear)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)

        self.filters = QButtonGroup(self)
        filter_row = QHBoxLayout()
        filter_row.setSpacing(4)
        for show, text, tip in _FILTERS:
            button = labelled(QPushButton(text), f"Show {show}")
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setProperty("show", show)
            button.setChecked(show == "open")
            self.filters.addButton(button)
            filter_row.addWidget(button)
        self.filters.buttonClicked.connect(lambda _button: self.refresh())
        filter_row.addSpacing(12)
        filter_row.addWidget(self.search, 1)

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
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measured row by row
        rows.setDefaultSectionSize(ROW_HEIGHT)
        self._size_columns(_TYPICAL_WIDEST)
        self.table.activated.connect(self._activated)

        self.empty = QLabel()
        self.empty.setContentsMargins(40, 40, 40, 40)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(header)
        if self.welcome is not None:
            layout.addWidget(self.welcome)
        layout.addLayout(filter_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.stack, 1)
        self.refresh()

    def _size_columns(self, widest: tuple[str | None, ...]) -> None:
        """Widths from the widest typical text, not from the rows: sizing to contents asks the
        model for every row and role, which is most of Home's start-up cost."""
        header_view = self.table.horizontalHeader()
        header_view.setHighlightSections(False)
        header_view.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        for column, text in enumerate(widest):
            if text:
                header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                header_view.resizeSection(column, metrics.horizontalAdvance(text) + 28)
            else:
                header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    # -- what is shown -------------------------------------------------------------------------

    @property
    def showing(self) -> Show:
        checked = self.filters.checkedButton()
        value = checked.property("show") if checked is not None else "open"
        return "open" if value not in ("all", "sent", "archived") else value  # type: ignore[return-value]

    def set_show(self, show: Show) -> None:
        for button in self.filters.buttons():
            button.setChecked(button.property("show") == show)
        self.refresh()

    @property
    def searching(self) -> bool:
        return bool(self.search.text().strip())

    def refresh(self) -> None:
        """Read the list again (after an edit, a filter change or a new day)."""
        self._search_timer.stop()
        today = self._context.today()
        repository = self._context.repository
        overdue = self.overdue = repository.count_overdue(today)
        for button in self.filters.buttons():  # a search looks through every debrief
            button.setEnabled(not self.searching)
        if self.searching:
            self.results.text = self.search.text()
            self.results.reload()
            self._use(self.results, "Search results, best first")
            found = self.results.rowCount()
            more = "+" if self.results.canFetchMore(QModelIndex()) else ""
            self.summary_label.setText(
                f"{found}{more} debrief{'s' * (found != 1)} found. Enter opens one; Esc clears "
                "the search."
                if found
                else ""
            )
            self.empty.setText(
                "<h2>Nothing found</h2><p>No candidate, role, note or message has those words. "
                "Try fewer or shorter words; a word can be the start of one.</p>"
            )
        else:
            self.model.show = show = self.showing
            count = repository.count_summaries(show=show)
            self.model.reload(count)
            self._use(self.model, "Follow-ups, most urgent first")
            self.summary_label.setText(self._summary(show, count, overdue))
            self.empty.setText(self._empty_text())
        self.counts_changed.emit(overdue)

    def _use(self, model: QAbstractTableModel, name: str) -> None:
        if self.table.model() is not model:
            self.table.setModel(model)
            if model is self.results:
                self._size_columns(
                    ("Fatima Zahra Benali", "Backend Engineer · Technical interview",
                     "30 Dec 2026", "Update due Wed 30 Dec", None)
                )  # fmt: skip
            else:
                self._size_columns(_TYPICAL_WIDEST)
        self.table.setAccessibleName(name)
        has_rows = model.rowCount() > 0
        self.stack.setCurrentIndex(1 if has_rows else 0)
        if has_rows:
            self.table.selectRow(0)

    @staticmethod
    def _summary(show: Show, count: int, overdue: int) -> str:
        if show == "open":
            if not count:
                return ""
            waiting = f"{count} waiting for a follow-up"
            if overdue:
                return f"{overdue} overdue, {waiting}. Overdue ones come first."
            return f"{waiting}, the most urgent first. Press Enter to open one."
        noun = {"all": "debrief", "sent": "follow-up sent", "archived": "archived debrief"}[show]
        plural = noun.replace("debrief", "debriefs").replace("follow-up sent", "follow-ups sent")
        return f"{count} {noun if count == 1 else plural}." if count else ""

    def _empty_text(self) -> str:
        if not self._context.repository.count_debriefs():
            return (
                "<h2>No debriefs yet</h2>"
                "<p>Just finished an interview? Write down what you saw while it is fresh.</p>"
                "<p>Press <b>Ctrl+N</b> or <b>New debrief</b> to start. Follow-up Desk turns "
                "your notes into a personal message to the candidate and tells you who is "
                "waiting.</p>"
            )
        return {
            "open": "<h2>Nobody is waiting</h2><p>Every candidate has heard from you. "
            "Sent follow-ups are under <b>Sent</b>.</p>",
            "all": "<h2>No debriefs here</h2>",
            "sent": "<h2>Nothing sent yet</h2><p>A follow-up appears here once you mark it "
            "as sent.</p>",
            "archived": "<h2>Nothing archived</h2><p>Archive a debrief you no longer need "
            "on the list (Debrief ▸ Archive); it stays searchable.</p>",
        }[self.showing]

    def current_summary(self) -> DebriefSummary | None:
        """The debrief of the selected row (in the list or the search results), if any."""
        index = self.table.currentIndex()
        if not index.isValid() or self.stack.currentIndex() != 1:
            return None
        if self.table.model() is self.model:
            return self.model.summary(index.row())
        return self.results.summary(index.row())

    def focus_list(self) -> None:
        (self.table if self.stack.currentIndex() == 1 else self.search).setFocus()

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot(str)
    def _search_changed(self, _text: str) -> None:
        self._search_timer.start()

    @Slot()
    def _run_search(self) -> None:
        self.refresh()

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        value = self.table.model().data(index, ID_ROLE)
        if value is not None:
            self.open_requested.emit(int(value))

    @Slot()
    def _welcome_done(self) -> None:
        if self.welcome is None:
            return
        self._context.update_settings(self.welcome.settings())
        self.welcome.hide()
        self.welcome.deleteLater()
        self.welcome = None
        self.focus_list()
