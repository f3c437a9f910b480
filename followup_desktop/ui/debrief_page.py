"""New debrief: Interview -> Impressions -> Decision -> Follow-up, keyboard first.

Each step reads the controller's debrief when shown and sends every edit to the controller;
the controller saves (debounced) and re-renders. No SQL or Jinja here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QDate,
    QDateTime,
    QMimeData,
    QStandardPaths,
    Qt,
    QTime,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from followup_desktop.compose.render import text_to_html
from followup_desktop.domain import Debrief, InterviewFormat, MessageStatus, Outcome, Rating, Step
from followup_desktop.ui.coach_view import CoachedField, FindingsPanel, Reviewer
from followup_desktop.ui.controller import DebriefController, respond_by_text
from followup_desktop.ui.dialogs import DialogService
from followup_desktop.ui.forms import form_layout, plain_text_edit
from followup_desktop.ui.widgets import STYLE, labelled

if TYPE_CHECKING:
    from followup_desktop.coach import Finding

STAGES = ("Phone screen", "Technical interview", "Take-home review", "On-site", "Final round")
Edit = Callable[[Debrief], Debrief]


def _to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _heading(text: str, hint: str) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 8)
    title = QLabel(text)
    title.setObjectName("stepTitle")
    sub = QLabel(hint)
    sub.setObjectName("hint")
    sub.setWordWrap(True)
    layout.addWidget(title)
    layout.addWidget(sub)
    return box


class StepView(QWidget):
    """One step's form. ``load`` fills it from the controller without echoing edits back."""

    def __init__(self, controller: DebriefController, reviewer: Reviewer) -> None:
        super().__init__()
        self.controller = controller
        self.reviewer = reviewer
        self._loading = False
        self._detached = False
        self.findings = FindingsPanel()
        self.findings.setMaximumHeight(130)
        self.findings.hide()
        self.coached: list[CoachedField] = []

    def coach(self, edit: QPlainTextEdit, label: str, **options: Any) -> CoachedField:
        """Have the coach watch a text field of this step."""
        field = CoachedField(edit, label, self.reviewer, **options)
        self.coached.append(field)
        self.findings.watch(self.coached)
        return field

    def edit(self, change: Edit) -> None:
        if not self._loading:
            self.controller.edit(change)

    def load(self) -> None:
        if self._detached:
            return
        self._loading = True
        try:
            self._fill(self.controller.debrief)
        finally:
            self._loading = False

    def detach(self) -> None:
        """From now on, changes in the widgets are not the person's edits (see DebriefPage)."""
        self._detached = self._loading = True

    def _fill(self, debrief: Debrief) -> None:
        raise NotImplementedError

    def first_input(self) -> QWidget:
        raise NotImplementedError

    def bind_text(self, edit: QPlainTextEdit, apply: Callable[[str], Edit]) -> None:
        edit.textChanged.connect(lambda: self.edit(apply(edit.toPlainText())))

    @staticmethod
    def set_text(edit: QPlainTextEdit, text: str) -> None:
        if edit.toPlainText() != text:
            edit.setPlainText(text)


class InterviewStep(StepView):
    def __init__(self, controller: DebriefController, reviewer: Reviewer) -> None:
        super().__init__(controller, reviewer)
        self.name = labelled(QLineEdit(), "Candidate name")
        self.name.setPlaceholderText("Full name")
        self.preferred = labelled(QLineEdit(), "Preferred name")
        self.preferred.setPlaceholderText("What they like to be called (optional)")
        self.email = labelled(QLineEdit(), "Candidate email")
        self.email.setPlaceholderText("name@example.com")
        self.role = labelled(QLineEdit(), "Role")
        self.role.setPlaceholderText("e.g. Backend Engineer")
        completer = QCompleter(controller.context.repository.roles(), self.role)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # Completed in place, no pop-up: a pop-up takes Tab and Ctrl+Enter while it shows.
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.role.setCompleter(completer)
        self.stage = labelled(QComboBox(), "Interview stage")
        self.stage.setEditable(True)
        self.stage.addItems(STAGES)
        self.stage.setCurrentIndex(-1)
        stage_edit = self.stage.lineEdit()
        assert stage_edit is not None
        stage_edit.setPlaceholderText("e.g. Technical interview")
        self.when = labelled(QDateTimeEdit(), "Interview date and time")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.format = labelled(QComboBox(), "Interview format")
        for item in InterviewFormat:
            self.format.addItem(item.label, item.value)

        self.name.textEdited.connect(lambda t: self.edit(lambda d: d.with_candidate(name=t)))
        self.preferred.textEdited.connect(
            lambda t: self.edit(lambda d: d.with_candidate(preferred_name=t))
        )
        self.email.textEdited.connect(
            lambda t: self.edit(lambda d: d.with_candidate(email=t.strip()))
        )
        self.role.textChanged.connect(lambda t: self.edit(lambda d: d.with_interview(role=t)))
        self.stage.currentTextChanged.connect(
            lambda t: self.edit(lambda d: d.with_interview(stage=t))
        )
        self.when.dateTimeChanged.connect(self._when_changed)
        self.format.currentIndexChanged.connect(
            lambda _i: self.edit(
                lambda d: d.with_interview(format=InterviewFormat(self.format.currentData()))
            )
        )

        form = form_layout(
            ("Candidate &name", self.name),
            ("&Preferred name", self.preferred),
            ("&Email", self.email),
            ("&Role", self.role),
            ("&Stage", self.stage),
            ("Date and &time", self.when),
            ("F&ormat", self.format),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Interview", "Who you met, for which role, and when."))
        layout.addLayout(form)
        layout.addStretch(1)

    @Slot(QDateTime)
    def _when_changed(self, value: QDateTime) -> None:
        at = cast(datetime, value.toPython()).astimezone()
        self.edit(lambda d: d.with_interview(at=at))

    def _fill(self, debrief: Debrief) -> None:
        candidate, interview = debrief.candidate, debrief.interview
        for edit, text in (
            (self.name, candidate.name),
            (self.preferred, candidate.preferred_name),
            (self.email, candidate.email),
            (self.role, interview.role),
        ):
            if edit.text() != text:
                edit.setText(text)
        self.stage.setCurrentText(interview.stage)
        if interview.at is not None:
            local = interview.at.astimezone()
            self.when.setDateTime(
                QDateTime(_to_qdate(local.date()), QTime(local.hour, local.minute))
            )
        self.format.setCurrentIndex(self.format.findData(interview.format.value))

    def first_input(self) -> QWidget:
        return self.name


def about_competency(debrief: Debrief, index: int) -> list[Finding]:
    """What the coach says of competency ``index`` as a whole (its rating and evidence)."""
    from followup_desktop.coach import review_debrief

    target = f"competencies[{index}].evidence"
    return [f for f in review_debrief(debrief) if f.target == target]


class CompetencyRow(QFrame):
    """One line of the scorecard: competency, rating, and the evidence behind it."""

    def __init__(self, step: ImpressionsStep, index: int) -> None:
        super().__init__()
        self.setObjectName("card")
        self.index = index
        self.name = labelled(QLineEdit(), f"Competency {index + 1}")
        self.name.setPlaceholderText("Competency")
        self.rating = labelled(QComboBox(), f"Rating for competency {index + 1}")
        for rating in Rating:
            self.rating.addItem(rating.label, rating.value)
        self.evidence = plain_text_edit(f"Evidence for competency {index + 1}", lines=2)
        self.evidence.setPlaceholderText(
            "What did they say or do? e.g. Sketched the queue design, then found the race "
            "condition in it when asked about retries."
        )
        self.remove = QToolButton()
        self.remove.setText("Remove")
        self.remove.setAccessibleName(f"Remove competency {index + 1}")
        self.remove.clicked.connect(lambda: step.controller.remove_competency(self.index))
        self.name.textEdited.connect(
            lambda t: step.edit(lambda d: d.with_competency(self.index, name=t))
        )
        self.rating.currentIndexChanged.connect(
            lambda _i: step.edit(
                lambda d: d.with_competency(self.index, rating=Rating(self.rating.currentData()))
            )
        )
        step.bind_text(self.evidence, lambda t: lambda d: d.with_competency(self.index, evidence=t))
        self.coached = CoachedField(
            self.evidence,
            f"Competency {index + 1}",
            step.reviewer,
            debrief=lambda: step.controller.debrief,
            about_field=lambda debrief: about_competency(debrief, index),
        )
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 8, 8, 8)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.rating, 0, 1)
        grid.addWidget(self.remove, 0, 2)
        grid.addWidget(self.evidence, 1, 0, 1, 3)
        grid.setColumnStretch(0, 1)


class ImpressionsStep(StepView):
    def __init__(self, controller: DebriefController, reviewer: Reviewer) -> None:
        super().__init__(controller, reviewer)
        self.rows: list[CompetencyRow] = []
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        self.add_button = QPushButton("Add competency")
        self.add_button.clicked.connect(self._add)
        self.takeaways = plain_text_edit("Key takeaways")
        self.strengths = plain_text_edit("Strengths to share with the candidate")
        self.strengths.setPlaceholderText(
            "One per line, in words you would say to them, e.g. Your walkthrough of the "
            "billing migration was clear and honest about what went wrong."
        )
        self.growth = plain_text_edit("Growth areas to share with the candidate")
        self.growth.setPlaceholderText(
            "One per line, tied to the role, e.g. More depth on testing strategy for "
            "concurrent code."
        )
        self.private = plain_text_edit("Private notes")
        self.private.setPlaceholderText("Only for you. Never used in a message.")
        self.bind_text(self.takeaways, lambda t: lambda d: replace(d, key_takeaways=t))
        self.bind_text(self.strengths, lambda t: lambda d: replace(d, strengths=t))
        self.bind_text(self.growth, lambda t: lambda d: replace(d, growth_areas=t))
        self.bind_text(self.private, lambda t: lambda d: replace(d, private_notes=t))

        score_header = QLabel("<b>Scorecard</b> — rate what you saw, and write the evidence.")
        form = form_layout(
            ("Key &takeaways", self.takeaways),
            ("&Strengths\n(for the candidate)", self.strengths),
            ("&Growth areas\n(for the candidate)", self.growth),
            ("Private &notes", self.private),
        )
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _heading(
                "Impressions",
                "Evidence, not verdicts: what did the candidate say or do? Strengths and growth "
                "areas may reach the candidate; private notes never do.",
            )
        )
        layout.addWidget(self.findings)
        layout.addWidget(score_header)
        layout.addLayout(self.rows_box)
        layout.addLayout(add_row)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        self._notes = [
            self.coach(self.takeaways, "Key takeaways"),
            self.coach(self.strengths, "Strengths"),
            self.coach(self.growth, "Growth areas"),
            self.coach(self.private, "Private notes"),
        ]
        controller.debrief_changed.connect(self._sync_rows)

    @Slot()
    def _add(self) -> None:
        self.controller.add_competency()
        self.rows[-1].name.setFocus()

    @Slot()
    def _sync_rows(self) -> None:
        if len(self.rows) != len(self.controller.debrief.competencies):
            focus_row = min(self._focused_row(), len(self.controller.debrief.competencies) - 1)
            self.load()
            if self.rows and focus_row >= 0:
                self.rows[focus_row].name.setFocus()
        for row, item in zip(self.rows, self.controller.debrief.competencies, strict=True):
            row.coached.label = item.name or f"Competency {row.index + 1}"
            row.coached.schedule()  # a new rating changes what the evidence must show

    def _focused_row(self) -> int:
        for row in self.rows:
            if row.isAncestorOf(QGuiApplication.focusObject()):  # type: ignore[arg-type]
                return row.index
        return len(self.rows)

    def _fill(self, debrief: Debrief) -> None:
        if len(self.rows) != len(debrief.competencies):
            for row in self.rows:
                row.setParent(None)
                row.deleteLater()
            self.rows = [CompetencyRow(self, i) for i in range(len(debrief.competencies))]
            for row in self.rows:
                self.rows_box.addWidget(row)
            self._chain_tab_order()
            self.coached = [*self._notes, *(row.coached for row in self.rows)]
            self.findings.watch(self.coached)
        for row, item in zip(self.rows, debrief.competencies, strict=True):
            if row.name.text() != item.name:
                row.name.setText(item.name)
            row.rating.setCurrentIndex(row.rating.findData(item.rating.value))
            self.set_text(row.evidence, item.evidence)
            label = item.name or f"competency {row.index + 1}"
            row.rating.setAccessibleName(f"Rating for {label}")
            row.evidence.setAccessibleName(f"Evidence for {label}")
            row.coached.label = item.name or f"Competency {row.index + 1}"  # in the findings
        self.set_text(self.takeaways, debrief.key_takeaways)
        self.set_text(self.strengths, debrief.strengths)
        self.set_text(self.growth, debrief.growth_areas)
        self.set_text(self.private, debrief.private_notes)

    def _chain_tab_order(self) -> None:
        chain: list[QWidget] = []
        for row in self.rows:
            chain += [row.name, row.rating, row.evidence, row.remove]
        chain += [self.add_button, self.takeaways, self.strengths, self.growth, self.private]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def first_input(self) -> QWidget:
        return self.rows[0].evidence if self.rows else self.add_button


class DecisionStep(StepView):
    SHARE_ROW, REAPPLY_ROW, MANAGER_ROW, START_ROW = 3, 4, 5, 6  # rows of the form, in order

    def __init__(self, controller: DebriefController, reviewer: Reviewer) -> None:
        super().__init__(controller, reviewer)
        self.outcomes = QButtonGroup(self)
        outcome_box = QVBoxLayout()
        for outcome in Outcome:
            button = labelled(QRadioButton(outcome.label), f"Outcome: {outcome.label}")
            self.outcomes.addButton(button)
            button.setProperty("outcome", outcome.value)
            outcome_box.addWidget(button)
        self.outcomes.buttonToggled.connect(self._outcome_toggled)
        self.next_steps = plain_text_edit("Next steps")
        self.next_steps.setPlaceholderText(
            "Who does what, how long, which format, what to bring, the link. e.g. A 60-minute "
            "system design call with Dana Okafor on Zoom; the invite follows from our recruiter."
        )
        self.has_date = labelled(QCheckBox("Set a da&te"), "Next step has a date")
        self.next_date = labelled(QDateEdit(), "Next step date")
        self.next_date.setCalendarPopup(True)
        self.next_date.setDisplayFormat("ddd d MMM yyyy")
        self.share_feedback = labelled(
            QCheckBox("Share constructive feedback (the growth areas) in the message"),
            "Share feedback",
        )
        self.invite_reapply = labelled(
            QCheckBox("Invite them to apply again (only if you mean it)"), "Invite to apply again"
        )
        self.offer_manager = labelled(QLineEdit(), "Hiring manager")
        self.has_start = labelled(QCheckBox("Set a st&art date"), "Offer has a start date")
        self.start_date = labelled(QDateEdit(), "Start date")
        self.start_date.setCalendarPopup(True)
        self.start_date.setDisplayFormat("ddd d MMM yyyy")
        self.respond_by = QLabel()
        self.respond_by.setObjectName("notice")
        self.respond_by.setWordWrap(True)

        self.bind_text(self.next_steps, lambda t: lambda d: d.with_decision(next_steps=t))
        self.coach(self.next_steps, "Next steps")
        self.has_date.toggled.connect(self._dates_changed)
        self.next_date.dateChanged.connect(self._dates_changed)
        self.has_start.toggled.connect(self._dates_changed)
        self.start_date.dateChanged.connect(self._dates_changed)
        self.share_feedback.toggled.connect(
            lambda on: self.edit(lambda d: d.with_decision(share_feedback=on))
        )
        self.invite_reapply.toggled.connect(
            lambda on: self.edit(lambda d: d.with_decision(invite_reapply=on))
        )
        self.offer_manager.textEdited.connect(
            lambda t: self.edit(lambda d: d.with_decision(offer_manager=t))
        )
        controller.debrief_changed.connect(self._show_relevant)

        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.next_date, 1)
        start_row = QHBoxLayout()
        start_row.addWidget(self.has_start)
        start_row.addWidget(self.start_date, 1)
        self.form = form_layout(
            ("Outcome", outcome_box),
            ("Ne&xt steps", self.next_steps),
            ("Next step date", date_row),
            ("", self.share_feedback),
            ("", self.invite_reapply),
            ("Hiring &manager", self.offer_manager),
            ("Start date", start_row),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Decision", "What happens next, and by when."))
        layout.addWidget(self.findings)
        layout.addWidget(self.respond_by)
        layout.addLayout(self.form)
        layout.addStretch(1)

    @Slot()
    def _outcome_toggled(self) -> None:
        button = self.outcomes.checkedButton()
        if button is not None:
            outcome = Outcome(button.property("outcome"))
            self.edit(lambda d: d.with_decision(outcome=outcome))

    @Slot()
    def _dates_changed(self) -> None:
        self.next_date.setEnabled(self.has_date.isChecked())
        self.start_date.setEnabled(self.has_start.isChecked())
        next_date = self.next_date.date().toPython() if self.has_date.isChecked() else None
        start = self.start_date.date().toPython() if self.has_start.isChecked() else None
        self.edit(lambda d: d.with_decision(next_step_date=next_date, offer_start_date=start))

    @Slot()
    def _show_relevant(self) -> None:
        outcome = self.controller.debrief.decision.outcome
        for row, visible in (
            (self.SHARE_ROW, outcome is Outcome.REJECT),
            (self.REAPPLY_ROW, outcome is Outcome.REJECT),
            (self.MANAGER_ROW, outcome is Outcome.OFFER),
            (self.START_ROW, outcome is Outcome.OFFER),
        ):
            self.form.setRowVisible(row, visible)
        self.respond_by.setText(respond_by_text(self.controller))

    def _fill(self, debrief: Debrief) -> None:
        decision = debrief.decision
        for button in self.outcomes.buttons():
            button.setChecked(button.property("outcome") == decision.outcome.value)
        self.set_text(self.next_steps, decision.next_steps)
        today = self.controller.context.today()
        self.has_date.setChecked(decision.next_step_date is not None)
        self.next_date.setDate(_to_qdate(decision.next_step_date or today))
        self.has_start.setChecked(decision.offer_start_date is not None)
        self.start_date.setDate(_to_qdate(decision.offer_start_date or today))
        self.next_date.setEnabled(self.has_date.isChecked())
        self.start_date.setEnabled(self.has_start.isChecked())
        self.share_feedback.setChecked(decision.share_feedback)
        self.invite_reapply.setChecked(decision.invite_reapply)
        self.offer_manager.setText(decision.offer_manager)
        self._show_relevant()

    def first_input(self) -> QWidget:
        checked = self.outcomes.checkedButton()
        return checked if checked is not None else self.outcomes.buttons()[0]


class FollowUpStep(StepView):
    """The message: template, subject and body (editable), then the ways to hand it over:
    Copy, Open in mail app, Save as .eml (under More), and Mark as sent / Undo sent."""

    copied = Signal()

    def __init__(
        self, controller: DebriefController, reviewer: Reviewer, dialogs: DialogService
    ) -> None:
        super().__init__(controller, reviewer)
        self._dialogs = dialogs
        # What the status line says of a copied message, when it left by another way than the
        # clipboard (the mail app, a file). Only until the message is copied, sent or changed.
        self._handed_over: str | None = None
        self.template = labelled(QComboBox(), "Template")
        self.fill_templates()
        self.template.activated.connect(self._template_chosen)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.stale = QLabel()
        self.stale.setObjectName("notice")
        self.stale.setWordWrap(True)
        self.use_template = labelled(
            QPushButton("Use the updated template text…"), "Use the updated template text"
        )
        self.use_template.clicked.connect(self._use_template)
        self.subject = labelled(QLineEdit(), "Subject")
        self.body = labelled(QPlainTextEdit(), "Message")
        self.body.setTabChangesFocus(True)
        self.body.setMinimumHeight(260)
        self.subject.textEdited.connect(self._typed)
        self.body.textChanged.connect(self._typed)
        self.words = QLabel()
        self.words.setObjectName("hint")
        self.problem_count = QLabel()
        self.problem_count.setObjectName("problemCount")
        self.problem_count.setAccessibleName("Problems the coach found in the message")
        self.message_coach = self.coach(
            self.body,
            "Message",
            audience="candidate",
            debrief=lambda: controller.debrief,
            reading_ease_min=lambda: controller.context.settings.reading_ease_min,
        )
        self.findings.changed.connect(self._count_problems)

        self.copy_button = self._button(
            "Copy message", "Copy subject and message for your email (Ctrl+Shift+C)", self.copy
        )
        self.copy_button.setObjectName("primary")
        self.mail_button = self._button(
            "Open in mail app",
            "Start an email to the candidate in your mail app, with this subject and message "
            "(Ctrl+Shift+M)",
            self.open_in_mail_app,
        )
        self.sent_button = self._button(
            "Mark as sent", "Record that the message went out", self._mark_sent
        )
        self.undo_sent_button = self._button(
            "Undo sent", "Not sent after all: back to copied", self._undo_sent
        )
        self.another_button = self._button(
            "Write another message…",
            "Start a status update or a thank-you for the same candidate",
            self._write_another,
        )
        self.eml_action = QAction("Save as .eml…", self)
        self.eml_action.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.eml_action.setToolTip("Save the message as an email file to open in your mail app")
        self.eml_action.triggered.connect(self.save_as_eml)
        self.scorecard_action = QAction("Copy scorecard", self)
        self.scorecard_action.setToolTip(
            "Copy ratings, evidence and the decision as plain text for your team's tracking "
            "system (not your private notes)"
        )
        self.scorecard_action.triggered.connect(self.copy_scorecard)
        self.more_menu = QMenu(self)
        self.more_menu.setAccessibleName("More ways to send")
        for action in (self.eml_action, self.scorecard_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.more_menu.addAction(action)
            self.addAction(action)  # its shortcut works while the menu is closed
        self.more_button = self._button("More", "Save as .eml, copy the scorecard", None)
        self.more_button.setAccessibleName("More: save as .eml, copy scorecard")
        self.more_button.setMenu(self.more_menu)

        self.status = QLabel()
        self.status.setObjectName("ok")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Message status")
        self.note = QLabel()
        self.note.setObjectName("notice")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setAccessibleName("About sending")
        self.note.hide()
        for keys, slot in (("Ctrl+Shift+C", self.copy), ("Ctrl+Shift+M", self.open_in_mail_app)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

        self.late = QLabel()
        self.late.setObjectName("notice")
        self.late.setWordWrap(True)
        self.late_button = self._button(
            "Write a status &update",
            "Start a status update: you are still deciding, and when they will hear from you",
            self._write_status_update,
        )
        late_row = QHBoxLayout()
        late_row.setContentsMargins(0, 0, 0, 0)
        late_row.addWidget(self.late, 1)
        late_row.addWidget(self.late_button)
        self.late_box = QWidget()
        self.late_box.setLayout(late_row)
        stale_row = QHBoxLayout()
        stale_row.addWidget(self.stale, 1)
        stale_row.addWidget(self.use_template)
        self.stale_box = QWidget()
        self.stale_box.setLayout(stale_row)
        stale_row.setContentsMargins(0, 0, 0, 0)
        counts = QHBoxLayout()
        counts.addWidget(self.words)
        counts.addStretch(1)
        counts.addWidget(self.problem_count)
        buttons = QHBoxLayout()
        buttons.addWidget(self.more_button)
        buttons.addStretch(1)
        buttons.addWidget(self.another_button)
        buttons.addWidget(self.undo_sent_button)
        buttons.addWidget(self.sent_button)
        buttons.addWidget(self.mail_button)
        buttons.addWidget(self.copy_button)
        form = form_layout(("&Template", self.template), ("S&ubject", self.subject))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _heading(
                "Follow-up",
                "Read it as the candidate will. Edit anything; your edits are kept. Then copy it "
                "into your email, or open it in your mail app.",
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.findings)
        layout.addWidget(self.late_box)
        layout.addWidget(self.problem)
        layout.addWidget(self.stale_box)
        layout.addWidget(self.body, 1)
        layout.addLayout(counts)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        for before, after in pairwise(
            (
                self.body,
                self.copy_button,
                self.mail_button,
                self.sent_button,
                self.undo_sent_button,
                self.another_button,
                self.more_button,
            )
        ):
            QWidget.setTabOrder(before, after)
        controller.message_changed.connect(self.load)

    def _button(self, text: str, tip: str, slot: Callable[[], None] | None) -> QPushButton:
        button = labelled(QPushButton(text), text.rstrip("…"))
        button.setToolTip(tip)
        if slot is not None:
            button.clicked.connect(slot)
        return button

    def fill_templates(self) -> None:
        """Offer every usable template, as the catalog holds them now."""
        self.template.clear()
        for template in self.controller.templates:
            self.template.addItem(template.title, template.id)

    def _fill(self, debrief: Debrief) -> None:
        controller = self.controller
        message = controller.message
        self.template.setCurrentIndex(self.template.findData(controller.template.id))
        if message is not None:
            if self.subject.text() != message.subject:
                self.subject.setText(message.subject)
            self.set_text(self.body, message.body)
        elif controller.rendered is not None:
            self.subject.setText(controller.rendered.subject)
            self.set_text(self.body, controller.rendered.text)
        problem = controller.problem
        show_problem = problem is not None and (message is None or not message.edited)
        self.problem.setVisible(show_problem)
        self.problem.setText(f"Not ready yet: {problem}" if problem else "")
        self.stale_box.setVisible(controller.is_stale)
        if controller.is_stale and message is not None:
            how = "edited this message by hand" if message.edited else "copied this message"
            self.stale.setText(
                f"You {how}, and the debrief has changed since. Your text is kept; replace it "
                "with the updated template text only if you want to."
            )
        self._offer_status_update(debrief)
        sent = message is not None and message.status is MessageStatus.SENT
        ready = message is not None and not show_problem
        self.copy_button.setEnabled(ready)
        # A sent message is not sent again: "Write another message…" is for what comes next.
        for widget in (self.mail_button, self.eml_action):
            widget.setEnabled(ready and not sent)
        self.mail_button.setVisible(not sent)
        self.sent_button.setEnabled(ready and not sent)
        self.sent_button.setVisible(not sent)
        self.undo_sent_button.setVisible(sent)
        self.another_button.setVisible(sent)
        self.subject.setReadOnly(sent)
        self.body.setReadOnly(sent)
        self.template.setEnabled(not sent)
        words = len(self.body.toPlainText().split())
        self.words.setText(f"{words} words")
        copied = message is not None and message.status is MessageStatus.COPIED
        if not copied:
            self._handed_over = None
        self.status.setVisible(message is not None and message.status is not MessageStatus.DRAFT)
        if copied and self._handed_over is not None:
            self.status.setText(self._handed_over)
        elif message is not None and message.status is MessageStatus.COPIED and message.copied_at:
            self.status.setText(
                f"✓ Copied to the clipboard at {message.copied_at:%H:%M}. Paste it into your "
                "email, then mark it as sent."
            )
        elif message is not None and message.status is MessageStatus.SENT and message.sent_at:
            self.status.setText(f"✓ Sent on {message.sent_at:%A %d %B at %H:%M}.")

    def _offer_status_update(self, debrief: Debrief) -> None:
        """A late decision: say so, and offer the status update with its dates filled in."""
        late = self.controller.late_decision()
        self.late_box.setVisible(late is not None)
        if late is not None:
            owed, promise = late
            name = debrief.candidate.greeting_name or "The candidate"
            self.late.setText(
                f"No decision yet, and {name} was due to hear from you by {owed:%A %d %B}. "
                f"Send a status update: it says you are still deciding and promises word by "
                f"{promise:%A %d %B}."
            )

    @Slot()
    def _write_status_update(self) -> None:
        template_id = self.controller.status_update_id()
        message = self.controller.message
        if message is not None and message.status is MessageStatus.SENT:
            self._say("")
            self.controller.write_another(template_id)
            return
        index = self.template.findData(template_id)
        self.template.setCurrentIndex(index)
        self._template_chosen(index)

    def _say(self, text: str) -> None:
        """Explain something about sending on the step itself (no dialog to dismiss)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # leaving the step, not minimising the window
            self._say("")  # an explanation is about that moment; it does not follow the person
        super().hideEvent(event)

    @Slot()
    def _count_problems(self) -> None:
        count = self.message_coach.problems()
        self.problem_count.setText(f"{count} problem{'s' if count != 1 else ''}" if count else "")

    @Slot()
    def _typed(self) -> None:
        if not self._loading:
            self.controller.edit_message(self.subject.text(), self.body.toPlainText())

    @Slot(int)
    def _template_chosen(self, index: int) -> None:
        template_id = str(self.template.itemData(index))
        message = self.controller.message
        if template_id == self.controller.template.id:
            return
        if (
            message is not None
            and message.edited
            and not self._dialogs.confirm(
                "Switch template?",
                "You edited this message by hand. Switching the template replaces your text with "
                "the new template's.",
                action="Replace my text",
            )
        ):
            self.load()
            return
        self.controller.choose_template(template_id)

    @Slot()
    def _use_template(self) -> None:
        if self._dialogs.confirm(
            "Use the template text?",
            "This replaces your hand-edited message with the template's text for the debrief "
            "as it is now.",
            action="Replace my text",
        ):
            self.controller.use_template_text()

    def _body_to_clipboard(self, *, with_subject: bool) -> None:
        """The message on the clipboard as plain text and HTML (email programs paste either)."""
        subject, body = self.subject.text(), self.body.toPlainText()
        mime = QMimeData()
        mime.setText(f"Subject: {subject}\n\n{body}" if with_subject else body)
        mime.setHtml(text_to_html(body))
        QGuiApplication.clipboard().setMimeData(mime)

    @Slot()
    def copy(self) -> None:
        """Put the subject and message on the clipboard as plain text and HTML."""
        if not self.copy_button.isEnabled():
            return
        self._say("")
        self._body_to_clipboard(with_subject=True)
        self._handed_over = None
        self.controller.mark_copied()
        self.copied.emit()

    @Slot()
    def open_in_mail_app(self) -> None:
        """Start the email in the person's mail program through a mailto: link. A message too
        long for a link goes by the clipboard: the link carries the subject only."""
        if not self.mail_button.isEnabled():
            return
        self._say("")
        try:
            link = self.controller.mail_link()
        except ValueError as exc:  # no address, or not one address: the text says which
            self._say(str(exc))
            return
        if not link.body_included:
            self._body_to_clipboard(with_subject=False)
        if not QDesktopServices.openUrl(QUrl.fromEncoded(link.url.encode("ascii"))):
            self._say(
                "No mail app opened the message. Copy it instead, or choose a default mail app "
                "in your system settings."
            )
            return
        self._hand_over(
            "Opened in your mail app at {time}. Send it from there, then mark it as sent."
        )
        if not link.body_included:
            self._say(
                "The message is too long for a mail link, so your mail app opened with the "
                "subject only. The message is on the clipboard: paste it into the email."
            )

    @Slot()
    def save_as_eml(self) -> None:
        """Save the message as an unsent email file (.eml) to open in a mail program."""
        if not self.eml_action.isEnabled():
            return
        self._say("")
        problem = self.controller.recipient_problem()
        if problem is not None:
            self._say(problem)
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / self.controller.eml_name())
        path = self._dialogs.save_file("Save as .eml", "Email message (*.eml)", suggested)
        if path is None:
            return
        if not path.suffix:
            path = path.with_name(f"{path.name}.eml")
        try:
            self.controller.save_eml(path)
        except ValueError as exc:
            self._say(str(exc))
            return
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._dialogs.error(
                "Could not save the message",
                f"The message was not saved to {path}: {reason}.\n\nNothing was written there. "
                "Choose another folder, or copy the message instead.",
            )
            return
        self._hand_over(
            f"Saved as {path.name} at {{time}}. Open the file in your mail app to send it, then "
            "mark it as sent."
        )

    def _hand_over(self, text: str) -> None:
        """The message left the app another way than Copy: record it as copied, and say how."""
        self._handed_over = "✓ " + text.format(time=f"{self.controller.context.now():%H:%M}")
        self.controller.mark_copied()
        self.load()

    @Slot()
    def copy_scorecard(self) -> None:
        """The debrief as plain text for the team's applicant tracking system."""
        QGuiApplication.clipboard().setText(self.controller.scorecard())
        self._say(
            "Scorecard copied as plain text: ratings, evidence and the decision, to paste into "
            "your team's tracking system. It is for your team, not the candidate; your private "
            "notes are not in it."
        )

    @Slot()
    def _mark_sent(self) -> None:
        self._say("")
        self.controller.mark_sent()
        self.undo_sent_button.setFocus()

    @Slot()
    def _undo_sent(self) -> None:
        self._say("")
        self._handed_over = "Not marked as sent any more. Mark it as sent once it has gone out."
        self.controller.undo_sent()
        self.sent_button.setFocus()

    @Slot()
    def _write_another(self) -> None:
        self._say("")
        index = self.template.currentIndex()
        self.template.setEnabled(True)
        self.controller.write_another(str(self.template.itemData(index)))

    def first_input(self) -> QWidget:
        return self.body if self.copy_button.isEnabled() else self.template


class MessagePreview(QFrame):
    """The message as it would read now, beside the steps that feed it."""

    def __init__(self, controller: DebriefController) -> None:
        super().__init__()
        self.controller = controller
        self.setObjectName("card")
        title = QLabel("<b>Message preview</b>")
        self.template = QLabel()
        self.template.setObjectName("hint")
        self.subject = QLabel()
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        self.subject.setStyleSheet("font-weight: 600;")
        self.subject.setWordWrap(True)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        self.body.setAccessibleName("Message preview")
        self.body.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.body.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.template)
        layout.addWidget(self.subject)
        layout.addWidget(self.body, 1)
        controller.message_changed.connect(self.refresh)
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if not self.isVisible():
            return
        controller = self.controller
        self.template.setText(controller.template.title)
        message, rendered = controller.message, controller.rendered
        if message is not None and message.edited:
            subject, body = message.subject, message.body
        elif rendered is not None:
            subject, body = rendered.subject, rendered.text
        else:
            subject, body = "", f"Not ready yet: {controller.problem}"
        self.subject.setText(subject)
        if self.body.toPlainText() != body:
            self.body.setPlainText(body)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()


class DebriefPage(QWidget):
    """The four steps of one debrief, with a step list, a live preview and navigation."""

    home_requested = Signal()

    def __init__(
        self,
        controller: DebriefController,
        dialogs: DialogService,
        reviewer: Reviewer,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)
        controller.setParent(self)  # it lives and dies with the page, timers and all
        self.controller = controller
        self.interview = InterviewStep(controller, reviewer)
        self.impressions = ImpressionsStep(controller, reviewer)
        self.decision = DecisionStep(controller, reviewer)
        self.follow_up = FollowUpStep(controller, reviewer, dialogs)
        self.steps: tuple[StepView, ...] = (
            self.interview,
            self.impressions,
            self.decision,
            self.follow_up,
        )

        self.step_list = QListWidget()
        self.step_list.setObjectName("steps")
        self.step_list.setAccessibleName("Steps")
        self.step_list.setFixedWidth(190)
        self.step_list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # Alt+1..4 from the keyboard
        for step in Step:
            self.step_list.addItem(f"{step.position + 1}.  {step.label}")
            jump = QShortcut(QKeySequence(f"Alt+{step.position + 1}"), self)
            jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            jump.activated.connect(lambda index=step.position: self.go_to_index(index))
        self.step_list.currentRowChanged.connect(self._row_chosen)

        self.stack = QStackedWidget()
        for view in self.steps:
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            holder = QWidget()
            holder_layout = QHBoxLayout(holder)
            holder_layout.setContentsMargins(24, 16, 24, 16)
            view.setMaximumWidth(820)
            holder_layout.addWidget(view)
            scroll.setWidget(holder)
            self.stack.addWidget(scroll)
        self.preview = MessagePreview(controller)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(True)

        self.home_button = QPushButton("← Home")
        self.home_button.setToolTip("Back to the follow-up list (Ctrl+W); everything is saved")
        self.home_button.clicked.connect(self.home_requested)
        self.save_label = QLabel()
        self.save_label.setObjectName("hint")
        self.save_label.setAccessibleName("Save status")
        self.back_button = QPushButton("Back")
        self.back_button.clicked.connect(lambda: self.go_to_index(self._index() - 1))
        self.next_button = QPushButton()
        self.next_button.setObjectName("primary")
        self.next_button.clicked.connect(self.advance)
        nav = QHBoxLayout()
        nav.setContentsMargins(16, 8, 16, 12)
        nav.addWidget(self.home_button)
        nav.addWidget(self.save_label, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)

        body = QHBoxLayout()
        body.setContentsMargins(12, 12, 0, 0)
        body.addWidget(self.step_list)
        body.addWidget(self.splitter, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(body, 1)
        layout.addLayout(nav)

        for position, step_view in enumerate(self.steps):
            step_view.findings.changed.connect(
                lambda count, position=position: self._show_count(position, count)
            )
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.advance)
        controller.saved.connect(lambda: self._set_save_state("All changes saved", error=False))
        # The coach's counts of the notes, for Insights: after each save, and now for a
        # debrief saved before they were kept.
        controller.saved.connect(lambda: controller.count_findings(reviewer.submit))
        controller.count_findings(reviewer.submit)
        controller.save_failed.connect(lambda text: self._set_save_state(text, error=True))
        self.go_to_index(controller.debrief.step.position)

    def _index(self) -> int:
        return self.stack.currentIndex()

    def _show_count(self, position: int, count: int) -> None:
        """The step list says how many things the coach found on each step."""
        step = list(Step)[position]
        suffix = f"   ({count})" if count else ""
        item = self.step_list.item(position)
        item.setText(f"{position + 1}.  {step.label}{suffix}")
        item.setToolTip(f"The coach found {count} thing(s) to look at" if count else "")

    def _set_save_state(self, text: str, *, error: bool) -> None:
        self.save_label.setObjectName("saveError" if error else "hint")
        self.save_label.style().unpolish(self.save_label)
        self.save_label.style().polish(self.save_label)
        self.save_label.setWordWrap(error)
        self.save_label.setText(("Not saved yet: " + text) if error else text)

    @Slot(int)
    def _row_chosen(self, row: int) -> None:
        if row >= 0 and row != self._index():
            self.go_to_index(row)

    @Slot()
    def advance(self) -> None:
        """Ctrl+Enter: the next step; on the last step, copy the message."""
        if self._index() == len(self.steps) - 1:
            self.follow_up.copy()
        else:
            self.go_to_index(self._index() + 1)

    def go_to_index(self, index: int) -> None:
        index = max(0, min(index, len(self.steps) - 1))
        step = list(Step)[index]
        self.controller.go_to(step)
        view = self.steps[index]
        view.load()
        self.stack.setCurrentIndex(index)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(False)
        self.preview.setVisible(step in (Step.IMPRESSIONS, Step.DECISION))
        self.back_button.setEnabled(index > 0)
        last = index == len(self.steps) - 1
        self.next_button.setVisible(not last)
        if not last:
            self.next_button.setText(f"Next: {list(Step)[index + 1].label}  (Ctrl+Enter)")
        self.focus_step()

    def focus_step(self) -> None:
        """Put the keyboard in the current step's first field."""
        self.steps[self._index()].first_input().setFocus(Qt.FocusReason.OtherFocusReason)

    def detach(self) -> None:
        """Stop passing edits to the controller: the page is about to be destroyed, and tearing
        down its text fields (their underlines first) reports text changes that no person
        made. Those must never reach the debrief."""
        for view in self.steps:
            view.detach()

    def templates_changed(self) -> None:
        """Templates were added, changed or removed (the template editor): offer the current
        ones, and render the message again with the current text of its template."""
        self.follow_up.fill_templates()
        self.controller.refresh_templates()

    def current_step(self) -> Step:
        return list(Step)[self._index()]
