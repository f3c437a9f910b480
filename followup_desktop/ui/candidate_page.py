"""One candidate across interviews: every debrief and every message sent, and merging a
duplicate (the same person entered twice, for example with another email address)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.context import AppContext
from followup_desktop.domain import Outcome
from followup_desktop.storage import StorageError
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.widgets import ROW_HEIGHT, STYLE, as_hint, busy, date_text, labelled

ID_ROLE = Qt.ItemDataRole.UserRole
COLUMN_ROOM = 24  # pixels between one column's longest text and the next column


class CandidatePage(QWidget):
    """The candidate's history; Enter on an interview opens its debrief."""

    open_requested = Signal(int)  # a debrief id
    home_requested = Signal()

    def __init__(
        self,
        context: AppContext,
        dialogs: DialogService,
        candidate_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        self.context = context
        self.dialogs = dialogs
        self.candidate_id = candidate_id

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.contact = as_hint(QLabel())
        self.contact.setTextFormat(Qt.TextFormat.PlainText)
        back = QPushButton("Back to follow-ups")
        back.setToolTip("Ctrl+W")
        back.clicked.connect(self.home_requested)
        self.export_button = QPushButton("E&xport their data…")
        self.export_button.setToolTip(
            "Everything held about this person, as a JSON file (for an access request)"
        )
        self.export_button.clicked.connect(self.export_data)
        self.delete_button = QPushButton("De&lete candidate…")
        self.delete_button.setToolTip("Remove this person and every interview and message")
        self.delete_button.clicked.connect(self.delete_candidate)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.delete_button)
        top.addWidget(back)

        self.interviews = labelled(QTreeWidget(), "Interviews")
        self.interviews.setRootIsDecorated(False)
        self.interviews.setHeaderLabels(["Interview", "Role", "Stage", "Decision", "Follow-up"])
        self.interviews.setUniformRowHeights(True)
        self.interviews.setAlternatingRowColors(True)
        self.interviews.setStyleSheet(f"QTreeView::item {{ height: {ROW_HEIGHT}px; }}")
        self.interviews.itemActivated.connect(
            lambda item, _column: self.open_requested.emit(int(item.data(0, ID_ROLE)))
        )
        self.messages = labelled(QListWidget(), "Messages")
        self.messages.currentItemChanged.connect(self._message_chosen)
        self.message_body = labelled(QPlainTextEdit(), "Message text")
        self.message_body.setReadOnly(True)

        self.duplicates_label = QLabel()
        self.duplicates_label.setObjectName("notice")
        self.duplicates_label.setWordWrap(True)
        self.duplicates = labelled(QListWidget(), "Possible duplicates")
        self.duplicates.setMaximumHeight(96)
        self.merge_button = QPushButton("&Merge into this candidate…")
        self.merge_button.clicked.connect(self.merge)

        messages_box = QWidget()
        messages_layout = QVBoxLayout(messages_box)
        messages_layout.setContentsMargins(0, 0, 0, 0)
        self.no_messages = as_hint(
            QLabel("No message sent or copied yet: they appear here once one goes out.")
        )
        messages_layout.addWidget(_heading("Messages sent or copied", self.messages))
        messages_layout.addWidget(self.no_messages)
        messages_layout.addWidget(self.messages, 1)
        messages_layout.addWidget(self.message_body, 2)
        messages_layout.addStretch(0)
        interviews_box = QWidget()
        interviews_layout = QVBoxLayout(interviews_box)
        interviews_layout.setContentsMargins(0, 0, 0, 0)
        interviews_layout.addWidget(_heading("&Interviews — Enter opens one", self.interviews))
        interviews_layout.addWidget(self.interviews, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(interviews_box)
        splitter.addWidget(messages_box)

        self.duplicates_box = QWidget()
        duplicates_layout = QVBoxLayout(self.duplicates_box)
        duplicates_layout.setContentsMargins(0, 0, 0, 0)
        duplicates_layout.addWidget(self.duplicates_label)
        row = QHBoxLayout()
        row.addWidget(self.duplicates, 1)
        row.addWidget(self.merge_button, 0, Qt.AlignmentFlag.AlignTop)
        duplicates_layout.addLayout(row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.contact)
        layout.addWidget(self.duplicates_box)
        layout.addWidget(splitter, 1)
        self.load()

    def load(self) -> None:
        """Read the candidate again (after a merge or an edit elsewhere)."""
        record = self.context.repository.candidate(self.candidate_id)
        today = self.context.today()
        name = record.name or "(no name yet)"
        preferred = f" ({record.preferred_name})" if record.preferred_name else ""
        self.title.setText(name + preferred)
        interviews = len(record.debriefs)
        self.contact.setText(
            f"{record.email or 'No email address'} · {interviews} interview"
            f"{'s' * (interviews != 1)} · {len(record.messages)} message"
            f"{'s' * (len(record.messages) != 1)}"
        )
        self.interviews.clear()
        for summary in record.debriefs:
            at = summary.interview_at
            held = date_text(at, weekday=True) if at else "—"
            decision = (
                "Not decided"
                if summary.outcome is Outcome.UNDECIDED
                else summary.outcome.short_label
            )
            row = QTreeWidgetItem(
                [held, summary.role, summary.stage, decision, summary.due_text(today)]
            )
            row.setData(0, ID_ROLE, summary.id)
            self.interviews.addTopLevelItem(row)
        for column in range(self.interviews.columnCount()):
            self.interviews.resizeColumnToContents(column)
            width = self.interviews.columnWidth(column) + COLUMN_ROOM
            self.interviews.setColumnWidth(column, width)
        first = self.interviews.topLevelItem(0)
        if first is not None:
            self.interviews.setCurrentItem(first)

        self.messages.clear()
        for debrief_id, message in record.messages:
            when = message.sent_at or message.copied_at or message.created_at
            status = "sent" if message.sent_at else "copied"
            item = QListWidgetItem(f"{date_text(when)} · {status} · {message.subject}")
            item.setData(ID_ROLE, message.body)
            item.setData(ID_ROLE + 1, debrief_id)
            self.messages.addItem(item)
        has_messages = self.messages.count() > 0
        self.messages.setVisible(has_messages)
        self.message_body.setVisible(has_messages)
        self.no_messages.setVisible(not has_messages)
        if has_messages:
            self.messages.setCurrentRow(0)
        self._load_duplicates()

    def _load_duplicates(self) -> None:
        self.duplicates.clear()
        for first, second in self.context.repository.duplicate_candidates(of=self.candidate_id):
            other = second if first.id == self.candidate_id else first
            count = len(other.debriefs)
            item = QListWidgetItem(
                f"{other.name} · {other.email or 'no email'} · {count} interview"
                f"{'s' * (count != 1)}"
            )
            item.setData(ID_ROLE, other.id)
            self.duplicates.addItem(item)
        found = self.duplicates.count()
        self.duplicates_label.setText(
            f"{found} other candidate{'s have' if found != 1 else ' has'} the same name. If "
            "they are the same person, merge them: their interviews and messages move here."
        )
        self.duplicates_box.setVisible(bool(found))
        if found:
            self.duplicates.setCurrentRow(0)

    @Slot(QListWidgetItem, QListWidgetItem)
    def _message_chosen(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.message_body.setPlainText(str(item.data(ID_ROLE)))

    @Slot()
    def merge(self) -> None:
        item = self.duplicates.currentItem()
        if item is None:
            return
        if not self.dialogs.confirm(
            "Merge candidates?",
            f"“{item.text()}” becomes part of this candidate: every interview and message moves "
            "here, and the other entry is removed. Nothing else changes.",
            action="Merge",
        ):
            return
        try:
            self.context.repository.merge_candidates(self.candidate_id, int(item.data(ID_ROLE)))
        except (StorageError, ValueError) as exc:
            self.dialogs.error("Not merged", str(exc))
            return
        self.load()

    @Slot()
    def export_data(self) -> None:
        """Write everything held about this person to a JSON file they can be given."""
        name = self.title.text() or "candidate"
        path = self.dialogs.save_file(
            "Export the candidate's data", "JSON files (*.json)", f"{name}.json"
        )
        if path is None:
            return
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
        try:
            self.context.repository.write_candidate_export(path, self.candidate_id)
        except (OSError, StorageError) as exc:
            self.dialogs.error("Not exported", f"Could not write {path}: {exc}")
            return
        self.dialogs.inform(
            "Exported",
            f"Everything held about {name} is in {path}, private notes included: hand it "
            "over only to them.",
        )

    @Slot()
    def delete_candidate(self) -> None:
        """Remove the person, every debrief and message, for good (after asking)."""
        record = self.context.repository.candidate(self.candidate_id)
        count = len(record.debriefs)
        if not self.dialogs.confirm(
            f"Delete {record.name or 'this candidate'}?",
            f"Their {count} interview{'s' * (count != 1)}, every message and your notes are "
            "removed from this computer for good, and wiped from the database file. Backups "
            "made before now still hold them until they rotate out.",
            action="Delete for good",
        ):
            return
        try:
            with busy():
                self.context.repository.delete_candidate(self.candidate_id)
        except StorageError as exc:
            self.dialogs.error("Not deleted", str(exc))
            return
        self.home_requested.emit()

    def focus_first(self) -> None:
        self.interviews.setFocus()


def _heading(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setBuddy(buddy)
    return label
