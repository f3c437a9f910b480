"""The template editor: the interviewer's own templates, checked and previewed as they type.

A window of its own, so a debrief can stay open beside it: saving a template re-renders the
open debrief's message. Built-in and team templates are read-only here; "Customise" makes the
interviewer's own copy, which replaces the original until "Restore" sets it aside again.
Every change is saved by itself (debounced, written atomically by the catalog).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFontDatabase,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTextBrowser,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from followup_desktop import APP_NAME
from followup_desktop.compose import (
    VARIABLES,
    Catalog,
    Origin,
    PackError,
    Template,
    TemplateHeaderError,
    TemplateProblem,
    apply_import,
    build_context,
    check_source,
    check_template,
    explain,
    export_pack,
    find_unknown_names,
    parse_header,
    read_pack,
    render_source,
)
from followup_desktop.compose.context import AUTOMATIC, SETTINGS
from followup_desktop.compose.filters import DEFAULT_LANGUAGE, FILTERS
from followup_desktop.context import AppContext
from followup_desktop.domain import Debrief, Outcome
from followup_desktop.storage import NotFound, StorageError
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.widgets import STYLE, as_hint, emphasised, labelled

SAVE_DELAY_MS = 500
RETRY_DELAY_MS = 3000
CHECK_DELAY_MS = 150
RECENT_DEBRIEFS = 30
ID_ROLE = Qt.ItemDataRole.UserRole
PACK_FILTER = "Template packs (*.zip)"

# What a click on a variable inserts, by the kind of value it holds.
_SNIPPET_BY_KIND = {
    "text": "{{{{ {name} }}}}",
    "date": "{{{{ {name}|long_date }}}}",
    "list": "{{% for item in {name} %}}\n- {{{{ item }}}}\n{{% endfor %}}\n",
    "yes/no": "{{% if {name} %}}\n\n{{% endif %}}\n",
}
_FILTER_HINTS = {
    "long_date": "a full date: Tuesday, 1 December 2026",
    "short_date": "day and month: 1 December",
    "join_and": "a list as words: a, b and c",
    "sentence": "free text as a sentence: capital first, full stop last",
}
# Link target -> the text a click on it inserts.
_SNIPPETS = {
    **{name: _SNIPPET_BY_KIND[v.kind].format(name=name) for name, v in VARIABLES.items()},
    **{f"filter-{name}": f"|{name}" for name in FILTERS},
}


def _variables_html() -> str:
    """Every variable, grouped by where its value is filled in, then the filters: each a link."""
    headings = {SETTINGS: "From your Settings", AUTOMATIC: "Filled in for you"}
    groups: dict[str, list[str]] = {}
    for name, variable in VARIABLES.items():
        place = variable.where_to_fill
        groups.setdefault(headings.get(place, f"From the {place}"), []).append(
            f'<p><a href="{name}"><code>{name}</code></a> — {html.escape(variable.description)}</p>'
        )
    groups["Filters (after a value: {{ interview_date|long_date }})"] = [
        f'<p><a href="filter-{name}"><code>|{name}</code></a> — {_FILTER_HINTS.get(name, "")}</p>'
        for name in FILTERS
    ]
    return "".join(
        f"<h4>{html.escape(place)}</h4>{''.join(items)}" for place, items in groups.items()
    )


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the template being edited, with its line when known."""

    text: str
    line: int | None = None

    def __str__(self) -> str:
        return self.text if self.line is None else f"Line {self.line}: {self.text}"


def _group_title(outcome: Outcome | None) -> str:
    return "Any time" if outcome is None else outcome.short_label


def _origin_text(template: Template) -> str:
    """Where a template comes from, for the list: nothing for a plain built-in."""
    if template.origin is Origin.BUILTIN:
        return ""
    if template.replaces is not None:
        return "customised"
    return template.origin.label.lower()


class TemplateEditor(QWidget):
    """Templates grouped by outcome; the selected one's text, its problems and a live preview."""

    templates_changed = Signal()

    def __init__(
        self,
        context: AppContext,
        dialogs: DialogService,
        open_debrief: Callable[[], Debrief | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"Templates — {APP_NAME}")
        self.setStyleSheet(STYLE)
        self.resize(1240, 780)
        self.context = context
        self.dialogs = dialogs
        self._open_debrief = open_debrief
        self._current: Template | None = None
        self._debriefs: dict[int, Debrief] = {}
        self._items: dict[str, QTreeWidgetItem] = {}  # the list's rows, by template id

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.refresh_checks)

        splitter = QSplitter()
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_editor())
        splitter.addWidget(self._build_preview())
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([300, 540, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)

        for keys, slot in (
            (QKeySequence.StandardKey.New, self.new_template),
            (QKeySequence("Ctrl+D"), self.duplicate),
            (QKeySequence("F2"), self.rename),
            (QKeySequence.StandardKey.Save, self.save_now),
            (QKeySequence("Ctrl+W"), self.close),
        ):
            QShortcut(keys, self).activated.connect(slot)

        self.fill_list()
        self.fill_preview_choices()
        self.tree.setFocus()  # the keyboard starts in the list: arrows choose a template

    @property
    def catalog(self) -> Catalog:
        return self.context.catalog

    # -- building --------------------------------------------------------------------------

    def _build_list(self) -> QWidget:
        self.tree = labelled(QTreeWidget(), "Templates")
        self.tree.setColumnCount(2)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(12)
        self.tree.currentItemChanged.connect(self._selection_changed)
        self.new_button = QPushButton("&New…")
        self.new_button.clicked.connect(self.new_template)
        self.duplicate_button = QPushButton("D&uplicate")
        self.duplicate_button.clicked.connect(self.duplicate)
        self.import_button = QPushButton("&Import pack…")
        self.import_button.clicked.connect(self.import_pack)
        self.export_button = QPushButton("E&xport pack…")
        self.export_button.clicked.connect(self.export_pack)
        self.folder_notice = as_hint(QLabel())
        self.folder_notice.setWordWrap(True)
        self.folder_notice.hide()

        rows = QVBoxLayout()
        for buttons in (
            (self.new_button, self.duplicate_button),
            (self.import_button, self.export_button),
        ):
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            rows.addLayout(row)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 6, 0)
        title = QLabel("Templates")
        title.setObjectName("stepTitle")
        layout.addWidget(title)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.folder_notice)
        layout.addLayout(rows)
        return box

    def _build_editor(self) -> QWidget:
        self.title = QLabel()
        self.title.setObjectName("stepTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.about = as_hint(QLabel())
        self.about.setWordWrap(True)
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        self.rename_button = QPushButton("&Rename…")
        self.rename_button.clicked.connect(self.rename)
        self.delete_button = QPushButton("De&lete…")
        self.delete_button.clicked.connect(self.delete)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.rename_button)
        title_row.addWidget(self.delete_button)

        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.customise_button = QPushButton("&Customise")
        self.customise_button.setObjectName("primary")
        self.customise_button.clicked.connect(self.customise)
        self.restore_button = QPushButton("Re&store original…")
        self.restore_button.clicked.connect(self.restore)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.customise_button)
        notice_row.addWidget(self.restore_button)

        self.editor = labelled(QPlainTextEdit(), "Template text")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._edited)
        from followup_desktop.ui.jinja_highlighter import JinjaHighlighter

        self.highlighter = JinjaHighlighter(self.editor.document())

        self.problems = labelled(QLabel(), "Problems")
        self.problems.setObjectName("problem")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.checked = QLabel("No problems: the template is ready to use.")
        self.checked.setObjectName("ok")
        self.save_label = as_hint(QLabel())

        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(8)
        layout.addLayout(title_row)
        layout.addWidget(self.about)
        layout.addLayout(notice_row)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.checked)
        layout.addWidget(self.save_label)
        return box

    def _build_preview(self) -> QWidget:
        self.preview_on = labelled(QComboBox(), "Preview with")
        self.preview_on.currentIndexChanged.connect(lambda _index: self.refresh_checks())
        self.preview_subject = QLabel()
        self.preview_subject.setTextFormat(Qt.TextFormat.PlainText)
        self.preview_subject.setWordWrap(True)
        emphasised(self.preview_subject)
        self.preview_subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = labelled(QPlainTextEdit(), "Preview")
        self.preview.setReadOnly(True)
        self.preview.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.variables = labelled(QTextBrowser(), "Variables and filters: a click inserts one")
        self.variables.setOpenLinks(False)
        self.variables.setHtml(_variables_html())
        self.variables.anchorClicked.connect(self.insert_snippet)

        preview_box = QWidget()
        layout = QVBoxLayout(preview_box)
        layout.setContentsMargins(6, 0, 0, 0)
        heading = QLabel("Preview")
        heading.setObjectName("stepTitle")
        with_label = QLabel("&With:")
        with_label.setBuddy(self.preview_on)
        row = QHBoxLayout()
        row.addWidget(with_label)
        row.addWidget(self.preview_on, 1)
        layout.addWidget(heading)
        layout.addLayout(row)
        layout.addWidget(self.preview_subject)
        layout.addWidget(self.preview, 1)
        variables_title = QLabel("&Variables and filters — a click inserts one")
        variables_title.setBuddy(self.variables)
        emphasised(variables_title)
        layout.addWidget(variables_title)
        layout.addWidget(self.variables, 1)
        return preview_box

    # -- the list --------------------------------------------------------------------------

    def fill_list(self, select: str | None = None) -> None:
        """Rebuild the list from the catalog, grouped by outcome; keep or set the selection."""
        self.catalog.reload()
        wanted = select or (self._current.id if self._current else None)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        with QSignalBlocker(self.tree):
            self.tree.clear()
            self._items.clear()
            groups: dict[Outcome | None, QTreeWidgetItem] = {}
            chosen: QTreeWidgetItem | None = None
            for template in self.catalog.templates():
                group = groups.get(template.outcome)
                if group is None:
                    group = QTreeWidgetItem(self.tree, [_group_title(template.outcome)])
                    group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable
                    emphasised_font = group.font(0)
                    emphasised_font.setBold(True)
                    group.setFont(0, emphasised_font)
                    groups[template.outcome] = group
                item = QTreeWidgetItem(group, [template.title, _origin_text(template)])
                item.setData(0, ID_ROLE, template.id)
                self._items[template.id] = item
                item.setForeground(1, QColor("#5f6368"))
                item.setToolTip(0, template.description)
                if template.problem:
                    item.setIcon(0, warning)
                    item.setToolTip(0, template.problem)
                if chosen is None or template.id == wanted:
                    chosen = item
            self.tree.expandAll()
            if chosen is not None:
                self.tree.setCurrentItem(chosen)
        problems = self.catalog.folder_problems()
        self.folder_notice.setText("\n".join(problems))
        self.folder_notice.setVisible(bool(problems))
        self._show(self._template_of(chosen))

    def _template_of(self, item: QTreeWidgetItem | None) -> Template | None:
        template_id = item.data(0, ID_ROLE) if item is not None else None
        return self.catalog.find(str(template_id)) if template_id else None

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _selection_changed(self, item: QTreeWidgetItem | None, old: QTreeWidgetItem | None) -> None:
        if item is not None and item.parent() is None and old is not None:
            # The arrow keys reached a heading: go on to the next template the same way.
            rows = self.tree.visualItemRect
            going_down = rows(old).top() < rows(item).top()
            beyond = self.tree.itemBelow(item) if going_down else self.tree.itemAbove(item)
            self.tree.setCurrentItem(beyond if beyond is not None else old)
            return
        template = self._template_of(item)
        if template is None or (self._current and template.id == self._current.id):
            return
        if not self.save_now():
            self._select(self._current.id if self._current else None)
            return
        self._show(template)

    def _select(self, template_id: str | None) -> None:
        item = self._items.get(template_id or "")
        if item is not None:
            with QSignalBlocker(self.tree):
                self.tree.setCurrentItem(item)

    def _show(self, template: Template | None) -> None:
        """Put ``template`` in the editor (without saving it back) and say what it is."""
        self._current = template
        self._save_timer.stop()
        source = template.source if template else ""
        if self.editor.toPlainText() != source:  # unchanged text keeps the cursor and undo
            with QSignalBlocker(self.editor):
                self.editor.setPlainText(source)
        self.editor.setReadOnly(template is None or not template.editable)
        self.title.setText(template.title if template else "No template")
        self.about.setText(template.description if template else "")
        self._show_notice(template)
        self.rename_button.setEnabled(bool(template and template.editable))
        self.delete_button.setEnabled(bool(template and template.origin is Origin.MINE))
        self.duplicate_button.setEnabled(template is not None and not template.problem)
        self.save_label.setText("")
        self.refresh_checks()

    def _show_notice(self, template: Template | None) -> None:
        notice, customise, restore = "", False, False
        if template is None:
            pass
        elif not template.editable and template.origin is Origin.MINE:
            notice = f"This file cannot be edited here: {template.problem}"
        elif template.origin is Origin.BUILTIN:
            notice = (
                "A built-in template: read-only. Customise it to make your own version, which "
                "is used instead until you restore the original."
            )
            customise = True
        elif template.origin is Origin.TEAM:
            notice = (
                "Your team's template (from the team folder): read-only here. Customise it to "
                "make your own version."
            )
            customise = True
        elif template.replaces is not None:
            notice = f"Your version, used instead of the {template.replaces.label.lower()} one."
            restore = True
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.customise_button.setVisible(customise)
        self.restore_button.setVisible(restore)

    # -- editing and saving -------------------------------------------------------------------

    @Slot()
    def _edited(self) -> None:
        if self._current is None or not self._current.editable:
            return
        self.save_label.setText("Saving…")
        self._save_timer.start()
        self._check_timer.start()

    @Slot()
    def save_now(self) -> bool:
        """Write the edited text to the template's file now; False if the disk refused."""
        self._save_timer.stop()
        template = self._current
        if template is None or not template.editable:
            return True
        source = self.editor.toPlainText()
        if source == template.source:
            return True
        try:
            saved = self.catalog.save(template.id, source)
        except (OSError, ValueError) as exc:
            self.save_label.setText(
                f"Not saved: {exc}. Your text is still here; saving is tried again shortly."
            )
            self._save_timer.start(RETRY_DELAY_MS)
            return False
        self._current = saved
        self.save_label.setText("Saved.")
        if (saved.title, saved.outcome, saved.problem) != (
            template.title,
            template.outcome,
            template.problem,
        ):
            self.fill_list(saved.id)
        self.templates_changed.emit()
        return True

    @Slot(QUrl)
    def insert_snippet(self, link: QUrl) -> None:
        """Insert a variable's or filter's snippet at the cursor of an editable template."""
        snippet = _SNIPPETS.get(link.path())
        if snippet is None or self.editor.isReadOnly():
            return
        cursor = self.editor.textCursor()
        cursor.insertText(snippet)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    # -- checking and previewing ----------------------------------------------------------------

    def fill_preview_choices(self) -> None:
        """Sample data, the open debrief (if any) and the most recent debriefs."""
        with QSignalBlocker(self.preview_on):
            self.preview_on.clear()
            self.preview_on.addItem("Sample candidate (fits the template's outcome)", None)
            if self._open_debrief() is not None:
                self.preview_on.addItem("The debrief you have open", -1)
                self.preview_on.setCurrentIndex(1)
            try:
                recent = self.context.repository.list_summaries(
                    show="all",
                    limit=RECENT_DEBRIEFS,
                )
            except StorageError:
                recent = []
            for summary in recent:
                name = summary.candidate_name or "(no name yet)"
                role = f" — {summary.role}" if summary.role else ""
                self.preview_on.addItem(f"{name}{role}", summary.id)
        self.refresh_checks()

    def _preview_debrief(self, template: Template | None) -> Debrief | None:
        choice = self.preview_on.currentData()
        if choice == -1:
            return self._open_debrief()
        if isinstance(choice, int):
            if choice not in self._debriefs:
                try:
                    self._debriefs[choice] = self.context.repository.get_debrief(choice)
                except (StorageError, NotFound):
                    return None
            return self._debriefs[choice]
        from followup_desktop.demo import sample_debrief

        outcome = template.outcome if template is not None else None
        return sample_debrief(self.context.now(), outcome)

    @Slot()
    def refresh_checks(self) -> None:
        """Check the text in the editor and render it on the chosen debrief."""
        self._check_timer.stop()
        template = self._current
        source = self.editor.toPlainText()
        problems: list[Problem] = []
        note = ""
        subject, body = "", ""
        if template is not None and template.editable is False and template.problem:
            problems.append(Problem(template.problem))
        elif template is not None:
            origin = f"{template.id}.j2"
            problems, language = self._problems(source, origin)
            debrief = self._preview_debrief(template)
            if debrief is None:
                note = "That debrief could not be read; choose another one."
            elif not any(problem.line is not None for problem in problems):
                values = build_context(debrief, self.context.settings, today=self.context.today())
                try:
                    rendered = render_source(source, values, language=language)
                except TemplateProblem as problem:
                    if problem.missing in VARIABLES:
                        note = f"Not ready for this debrief: {explain(problem)}"
                    else:
                        problems.append(Problem(problem.message, problem.line))
                else:
                    subject, body = rendered.subject, rendered.text
            if not (subject or body or note):
                note = "The preview comes back when the problems under the text are fixed."
        self._show_problems(problems)
        self.preview_subject.setText(subject)
        self.preview_subject.setVisible(bool(subject))
        self.preview.setPlainText(body or note)

    @staticmethod
    def _problems(source: str, origin: str) -> tuple[list[Problem], str]:
        """Everything wrong with ``source`` that does not depend on the debrief, and the
        template's language (the default when the header cannot be read)."""
        problems: list[Problem] = []
        language = DEFAULT_LANGUAGE
        try:
            language = parse_header(source, origin).language
        except TemplateHeaderError as exc:
            problems.append(Problem(str(exc)))
        syntax = check_source(source)
        if syntax is not None:
            problems.append(Problem(syntax.message, syntax.line))
            return problems, language
        for name, line in find_unknown_names(source):
            problems.append(
                Problem(f"unknown name '{name}': not one of the variables on the right", line)
            )
        if not problems:
            try:
                check_template(source, origin)
            except TemplateProblem as exc:
                problems.append(Problem(exc.message, exc.line))
            except TemplateHeaderError as exc:
                problems.append(Problem(str(exc)))
        return problems, language

    def _show_problems(self, problems: list[Problem]) -> None:
        self.problems.setText("\n".join(str(problem) for problem in problems))
        self.problems.setVisible(bool(problems))
        self.checked.setVisible(not problems and self._current is not None)
        selections = []
        for problem in problems:
            if problem.line is None:
                continue
            block = self.editor.document().findBlockByNumber(problem.line - 1)  # not wrapped
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor("#fdecea"))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    # -- actions -------------------------------------------------------------------------------

    def _run(self, title: str, action: Callable[[], Template | None]) -> None:
        """Save, run a catalog action, and show its result; a failure is said, never lost."""
        if not self.save_now():
            self.dialogs.error(title, self.save_label.text())
            return
        try:
            result = action()
        except (OSError, ValueError) as exc:
            self.dialogs.error(title, str(exc))
            return
        self.fill_list(result.id if result is not None else None)
        self.templates_changed.emit()

    @Slot()
    def new_template(self) -> None:
        title = self.dialogs.ask_text("New template", "Title of the new template:")
        if title is None or not title.strip():
            return
        outcome = self._current.outcome if self._current else None
        self._run("New template", lambda: self.catalog.create(title.strip(), outcome))
        self.editor.setFocus()

    @Slot()
    def duplicate(self) -> None:
        if self._current is not None:
            template_id = self._current.id
            self._run("Duplicate", lambda: self.catalog.duplicate(template_id))

    @Slot()
    def customise(self) -> None:
        if self._current is not None:
            template_id = self._current.id
            self._run("Customise", lambda: self.catalog.customise(template_id))
            self.editor.setFocus()

    @Slot()
    def rename(self) -> None:
        template = self._current
        if template is None or not template.editable:
            return
        title = self.dialogs.ask_text("Rename template", "New title:", template.title)
        if title is None or not title.strip() or title.strip() == template.title:
            return
        self._run("Rename", lambda: self.catalog.rename(template.id, title.strip()))

    @Slot()
    def delete(self) -> None:
        template = self._current
        if template is None or template.origin is not Origin.MINE:
            return
        if not self.dialogs.confirm(
            f"Delete “{template.title}”?",
            "The template is moved to the “deleted” folder inside your templates folder, so "
            "you can bring it back by moving the file out again.",
            action="Delete",
        ):
            return

        def remove() -> Template | None:
            self.catalog.delete(template.id)
            return self.catalog.find(template.id)  # the original it replaced, if any

        self._run("Delete", remove)

    @Slot()
    def restore(self) -> None:
        template = self._current
        if template is None or template.replaces is None:
            return
        if not self.dialogs.confirm(
            "Restore the original?",
            f"Your version of “{template.title}” is moved to the “deleted” folder inside your "
            f"templates folder, and the {template.replaces.label.lower()} template is used "
            "again.",
            action="Restore original",
        ):
            return
        self._run("Restore", lambda: self.catalog.restore(template.id))

    @Slot()
    def export_pack(self) -> None:
        if not self.save_now():
            self.dialogs.error("Export", self.save_label.text())
            return
        yours = [t for t in self.catalog.templates() if t.origin is Origin.MINE and t.editable]
        chosen = yours
        current = self._current
        if current is not None and current.origin is not Origin.MINE:
            chosen = [current]
        elif current is not None and len(yours) > 1:
            answer = self.dialogs.choose(
                "Export templates",
                "Which templates should the pack hold?",
                [f"All {len(yours)} of yours", f"Only “{current.title}”"],
            )
            if answer is None:
                return
            chosen = yours if answer.startswith("All") else [current]
        if not chosen:
            self.dialogs.error("Export", "There is no template to export yet.")
            return
        path = self.dialogs.save_file("Export templates", PACK_FILTER, "templates.zip")
        if path is None:
            return
        if path.suffix.lower() != ".zip":
            path = path.with_name(path.name + ".zip")
        try:
            count = export_pack(chosen, path)
        except (OSError, PackError) as exc:
            self.dialogs.error("Export", f"The pack could not be written: {exc}")
            return
        self.save_label.setText(f"Exported {count} template{'s' * (count != 1)} to {path}.")

    @Slot()
    def import_pack(self) -> None:
        if not self.save_now():
            self.dialogs.error("Import", self.save_label.text())
            return
        path = self.dialogs.open_file("Import templates", PACK_FILTER)
        if path is None:
            return
        try:
            plan = read_pack(path, self.catalog)
        except PackError as exc:
            self.dialogs.error("Import", f"Nothing was imported. {exc}")
            return
        on_conflict: Literal["replace", "keep_both"] = "replace"
        if plan.conflicts:
            names = ", ".join(f"“{entry.title}”" for entry in plan.conflicts[:5])
            more = len(plan.conflicts) - 5
            answer = self.dialogs.choose(
                "Some templates already exist",
                f"The pack holds {len(plan.entries)} templates; {len(plan.conflicts)} have the "
                f"same name as one you already have: {names}{f' and {more} more' * (more > 0)}."
                " Replace them (your versions are kept in the “deleted” folder), or keep both?",
                ["Keep both", "Replace"],
            )
            if answer is None:
                return
            on_conflict = "keep_both" if answer == "Keep both" else "replace"
        try:
            imported = apply_import(plan, self.catalog, on_conflict=on_conflict)
        except (OSError, PackError) as exc:
            self.dialogs.error("Import", f"The import stopped: {exc}")
            self.fill_list()
            return
        self.fill_list(imported[0].id if imported else None)
        self.templates_changed.emit()
        count = len(imported)
        self.save_label.setText(f"Imported {count} template{'s' * (count != 1)} from {path}.")

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.save_now() or self.dialogs.confirm(
            "Close without saving?",
            self.save_label.text() + " If you close now, your latest edits are lost.",
            action="Close anyway",
        ):
            event.accept()
        else:
            event.ignore()
