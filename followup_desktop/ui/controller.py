"""The open debrief: edits in, saves and renders out. Widgets call it; it never touches them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from followup_desktop.compose import (
    Rendered,
    Template,
    TemplateProblem,
    build_context,
    explain,
    render_source,
)
from followup_desktop.compose.sending import (
    MailLink,
    check_address,
    eml_bytes,
    mail_link,
    scorecard_text,
)
from followup_desktop.context import AppContext
from followup_desktop.domain import (
    Competency,
    Debrief,
    Interview,
    Message,
    MessageStatus,
    Outcome,
    Step,
)
from followup_desktop.files import write_atomic
from followup_desktop.insights.coaching import NotesKey, count_findings, notes_key
from followup_desktop.storage import StorageError
from followup_desktop.ui.autosave import SaveScheduler
from followup_desktop.ui.widgets import date_text


def _storage_message(exc: Exception) -> str | None:
    return str(exc) if isinstance(exc, StorageError) else None


Counts = dict[str, int]
# Runs a job off the GUI thread, then hands its result to a callback on it (Reviewer.submit).
Submit = Callable[[Callable[[], Counts], Callable[[Counts], None]], None]


class DebriefController(QObject):
    """Holds one debrief and its current message; saves (debounced) and re-renders on change."""

    debrief_changed = Signal()
    message_changed = Signal()
    saved = Signal()
    save_failed = Signal(str)

    def __init__(
        self,
        context: AppContext,
        debrief: Debrief,
        messages: list[Message] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        context.catalog.reload()  # pick up templates changed outside the app (a team folder)
        self._debrief = debrief
        self._message = messages[-1] if messages else None
        self._message_dirty = False
        # The template the person chose (or the message was written with); None: the outcome's.
        self._chosen_id = self._message.template_id if self._message else None
        self._template = self._current_template()
        self._rendered: Rendered | None = None
        self._problem: str | None = None
        # The template's output when the message stopped following it (edited or copied).
        self._base: tuple[str, str] | None = None
        self._scheduler = SaveScheduler(self._save, _storage_message, parent=self)
        self._scheduler.saved.connect(self.saved)
        self._scheduler.failed.connect(self.save_failed)
        # The notes as the coach last counted them for Insights (None: not counted yet).
        self._counted: NotesKey | None = None
        if debrief.id is not None and context.repository.coach_counts(debrief.id) is not None:
            self._counted = notes_key(debrief)
        self._render()
        if not self._follows_template():
            self._base = self._rendered_pair()

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def new(cls, context: AppContext, parent: QObject | None = None) -> DebriefController:
        now = context.now()
        start = now.replace(second=0, microsecond=0)
        interview = Interview(at=start, interviewer=context.settings.interviewer_name)
        return cls(context, Debrief(started_at=now, interview=interview), parent=parent)

    @classmethod
    def open(
        cls, context: AppContext, debrief_id: int, parent: QObject | None = None
    ) -> DebriefController:
        repository = context.repository
        return cls(
            context,
            repository.get_debrief(debrief_id),
            repository.messages_for(debrief_id),
            parent=parent,
        )

    # -- the debrief ------------------------------------------------------------------------

    @property
    def debrief(self) -> Debrief:
        return self._debrief

    @property
    def context(self) -> AppContext:
        return self._context

    def edit(self, change: Callable[[Debrief], Debrief]) -> None:
        """Apply one edit; it is saved within a second and the message re-rendered."""
        updated = change(self._debrief)
        if updated == self._debrief:
            return
        self._debrief = updated
        self._scheduler.touch()
        self._render()
        self.debrief_changed.emit()

    def go_to(self, step: Step) -> None:
        """Move to a step, saving everything first; reaching Follow-up completes the debrief."""

        def change(debrief: Debrief) -> Debrief:
            if step is Step.FOLLOW_UP and debrief.completed_at is None:
                debrief = replace(debrief, completed_at=self._context.now())
            if step is Step.IMPRESSIONS and not debrief.competencies:
                names = self._context.settings.competencies_for(debrief.interview.role)
                debrief = replace(debrief, competencies=tuple(Competency(n) for n in names))
            return replace(debrief, step=step)

        self.edit(change)
        if step is Step.FOLLOW_UP and self._message is None and self._rendered is not None:
            self._adopt_render()
        self.flush()

    def add_competency(self, name: str = "") -> None:
        self.edit(lambda d: replace(d, competencies=(*d.competencies, Competency(name))))

    def remove_competency(self, index: int) -> None:
        items = self._debrief.competencies
        self.edit(lambda d: replace(d, competencies=items[:index] + items[index + 1 :]))

    def flush(self) -> bool:
        """Save everything now; False (and save_failed emitted) if the disk refused."""
        if self._message_dirty:
            self._scheduler.touch()
        return self._scheduler.flush()

    def _save(self) -> None:
        self._debrief = self._context.repository.save_debrief(self._debrief)
        if self._message is not None and self._message_dirty:
            assert self._debrief.id is not None
            message = replace(self._message, debrief_id=self._debrief.id)
            self._message = self._context.repository.save_message(message)
            self._message_dirty = False

    def count_findings(self, submit: Submit) -> None:
        """Have the coach count the findings in the notes as saved, off the GUI thread, and
        store the counts for the Insights page. Called after each save and when a debrief is
        opened; nothing to do when the notes are as last counted."""
        debrief = self._debrief
        if debrief.id is None or notes_key(debrief) == self._counted:
            return
        key = self._counted = notes_key(debrief)
        debrief_id = debrief.id

        def store(counts: Counts) -> None:  # back on the GUI thread
            if notes_key(self._debrief) != key:
                return  # typed on: the count after the next save replaces this one
            try:
                self._context.repository.save_coach_counts(debrief_id, counts)
            except StorageError:
                self._counted = None  # the next save tries again; saving reports the disk

        submit(lambda: count_findings(debrief), store)

    # -- the message ------------------------------------------------------------------------

    @property
    def message(self) -> Message | None:
        return self._message

    @property
    def template(self) -> Template:
        return self._template

    @property
    def templates(self) -> tuple[Template, ...]:
        """The templates to choose from: every usable one in the catalog."""
        return self._context.catalog.usable()

    @property
    def rendered(self) -> Rendered | None:
        """The template's output for the debrief as it is now (None when something is missing)."""
        return self._rendered

    @property
    def problem(self) -> str | None:
        """Why the template cannot be rendered yet, in words for the user."""
        return self._problem

    @property
    def is_stale(self) -> bool:
        """The message no longer follows the template (edited or copied) and the debrief has
        changed since, so the template would now say something else."""
        return (
            self._message is not None
            and self._message.status is not MessageStatus.SENT
            and not self._follows_template()
            and self._rendered is not None
            and self._base != self._rendered_pair()
        )

    def _follows_template(self) -> bool:
        """Only an unedited draft changes with the debrief: a copied message may already sit
        in an email, and an edited one holds the person's own words."""
        message = self._message
        return message is not None and message.status is MessageStatus.DRAFT and not message.edited

    def _rendered_pair(self) -> tuple[str, str] | None:
        rendered = self._rendered
        return None if rendered is None else (rendered.subject, rendered.text)

    def _current_template(self) -> Template:
        """The chosen template as the catalog holds it now (it may have been edited), else the
        outcome's: when none was chosen, or the chosen one is gone or has a problem. Once it
        is fixed or back, the chosen one is used again."""
        catalog = self._context.catalog
        chosen = self._chosen_id
        found = next((item for item in catalog.usable() if item.id == chosen), None)
        return found or catalog.for_outcome(self._debrief.decision.outcome)

    def _render(self) -> None:
        self._template = self._current_template()
        values = build_context(self._debrief, self._context.settings, today=self._context.today())
        try:
            template = self._template
            self._rendered = render_source(template.source, values, language=template.language)
            self._problem = None
        except TemplateProblem as problem:
            self._rendered, self._problem = None, explain(problem)
        if self._follows_template() and self._rendered is not None:
            self._adopt_render()
        self.message_changed.emit()

    def _adopt_render(self) -> None:
        """Make the template's output the message text (only when not edited by hand)."""
        rendered = self._rendered
        assert rendered is not None
        message = self._message
        if message is None or message.status is MessageStatus.SENT:
            message = Message(
                debrief_id=self._debrief.id or 0,
                template_id=self._template.id,
                subject=rendered.subject,
                body=rendered.text,
                created_at=self._context.now(),
                outcome=self._debrief.decision.outcome,
            )
        elif (message.subject, message.body, message.template_id) != (
            rendered.subject,
            rendered.text,
            self._template.id,
        ):
            message = replace(
                message,
                template_id=self._template.id,
                subject=rendered.subject,
                body=rendered.text,
                edited=False,
                status=MessageStatus.DRAFT,
            )
        else:
            return
        self._set_message(message)

    def _set_message(self, message: Message) -> None:
        self._message = message
        self._message_dirty = True
        self._scheduler.touch()
        self.message_changed.emit()

    def choose_template(self, template_id: str) -> None:
        """Switch template; the caller asks first when that would replace hand edits."""
        self._chosen_id = template_id
        if self._message is not None and self._message.status is not MessageStatus.SENT:
            self._set_message(replace(self._message, edited=False))
        self._render()
        if self._message is None and self._debrief.step is Step.FOLLOW_UP and self._rendered:
            self._adopt_render()

    def refresh_templates(self) -> None:
        """The templates changed: render again with the current text of the template."""
        self._render()

    def edit_message(self, subject: str, body: str) -> None:
        """The person typed in the message: keep their words and mark them as theirs."""
        message = self._message
        if message is None or (message.subject, message.body) == (subject, body):
            return
        if self._follows_template():
            self._base = self._rendered_pair()
        self._set_message(
            replace(message, subject=subject, body=body, edited=True, status=MessageStatus.DRAFT)
        )

    def use_template_text(self) -> None:
        """Replace the hand-edited message with the template's output (the caller confirmed)."""
        if self._message is not None and self._rendered is not None:
            self._set_message(replace(self._message, edited=False))
            self._adopt_render()

    def mark_copied(self) -> None:
        """The message left the app (clipboard, mail app or .eml): it stops following the
        template, since it may already sit in an email."""
        if self._message is not None and self._message.status is not MessageStatus.SENT:
            if self._follows_template():
                self._base = self._rendered_pair()
            self._set_message(
                replace(
                    self._message,
                    status=MessageStatus.COPIED,
                    copied_at=self._context.now(),
                    outcome=self._debrief.decision.outcome,
                )
            )
            self.flush()

    def mark_sent(self) -> None:
        if self._message is not None and self._message.status is not MessageStatus.SENT:
            if self._follows_template():  # the text it went out with, should it be un-sent
                self._base = self._rendered_pair()
            self._set_message(
                replace(
                    self._message,
                    status=MessageStatus.SENT,
                    sent_at=self._context.now(),
                    outcome=self._debrief.decision.outcome,
                )
            )
            self.flush()

    def undo_sent(self) -> None:
        """Marked as sent by mistake: back to copied (it did leave the app), sent_at cleared.
        A message never copied counts as copied when it was marked sent."""
        message = self._message
        if message is not None and message.status is MessageStatus.SENT:
            self._set_message(
                replace(
                    message,
                    status=MessageStatus.COPIED,
                    copied_at=message.copied_at or message.sent_at,
                    sent_at=None,
                )
            )
            self.flush()

    # -- handing the message over -----------------------------------------------------------

    def recipient_problem(self) -> str | None:
        """Why the message cannot be addressed to the candidate (for the person), or None."""
        try:
            check_address(self._debrief.candidate.email)
        except ValueError as exc:
            return str(exc)
        return None

    def mail_link(self) -> MailLink:
        """A mailto: link for the message as it is now (see compose.sending.mail_link).

        Raises NoRecipient or BadRecipient (a ValueError whose text is for the person)."""
        subject, body = self._subject_and_body()
        return mail_link(self._debrief.candidate.email, subject, body)

    def save_eml(self, path: Path) -> None:
        """Write the message as an unsent email to ``path``.

        Raises NoRecipient or BadRecipient, or OSError naming the path (nothing half-written).
        """
        from followup_desktop.compose.render import text_to_html

        subject, body = self._subject_and_body()
        settings = self._context.settings
        data = eml_bytes(
            to=self._debrief.candidate.email,
            to_name=self._debrief.candidate.name,
            from_=settings.interviewer_email,
            from_name=settings.interviewer_name,
            subject=subject,
            text=body,
            html=f"<!DOCTYPE html>\n<html><body>\n{text_to_html(body)}\n</body></html>\n",
            when=self._context.now(),
        )
        write_atomic(path, data)

    def eml_name(self) -> str:
        """A file name to suggest for the .eml: the candidate and the subject."""
        subject, _ = self._subject_and_body()
        name = " - ".join(p for p in (self._debrief.candidate.name.strip(), subject) if p)
        safe = "".join(c if c.isalnum() or c in " -_.,'()" else "_" for c in name).strip(" .")
        return f"{safe[:80].strip() or 'Follow-up'}.eml"

    def scorecard(self) -> str:
        """The debrief as plain text for the team's tracking system (no private notes)."""
        return scorecard_text(self._debrief)

    def _subject_and_body(self) -> tuple[str, str]:
        message = self._message
        if message is not None:
            return message.subject, message.body
        rendered = self._rendered
        return (rendered.subject, rendered.text) if rendered is not None else ("", "")

    def late_decision(self) -> tuple[date, date] | None:
        """When the decision is late — still undecided or on hold and the candidate was owed
        word by today — the date they were owed it and the date a status update sent today
        would promise; else None (also while the status update is the message in hand)."""
        debrief = self._debrief
        if debrief.id is None or self._template.outcome is Outcome.ON_HOLD:
            return None
        today = self._context.today()
        summary = self._context.repository.summary(debrief.id)
        if not summary.is_late_decision(today) or summary.due_on is None:
            return None
        return summary.due_on, self._context.settings.timeline.next_update(today)

    def status_update_id(self) -> str:
        """The template for a status update ("we are still deciding; you will hear by …")."""
        return self._context.catalog.for_outcome(Outcome.ON_HOLD).id

    def write_another(self, template_id: str) -> None:
        """After a message was sent: start a new one (a status update, a thank-you)."""
        self._chosen_id = template_id
        self._base = None
        self._render()
        if self._rendered is not None:
            self._adopt_render()


def respond_by_text(controller: DebriefController) -> str:
    """The respond-by date for the Decision step, in words: the date Home and the message
    use, counted with the working days and public holidays in Settings."""
    at = controller.debrief.interview.at
    timeline = controller.context.settings.timeline
    days = timeline.respond_within_days
    if at is None:
        return "Set the interview date to see when the candidate should hear from you."
    due = timeline.respond_by(at)
    today = controller.context.today()
    when = date_text(due, weekday=True, long=True)
    late = (today - due).days
    suffix = f" — {late} day{'s' if late != 1 else ''} ago" if late > 0 else ""
    plural = "s" if days != 1 else ""
    return f"Respond by {when} ({days} business day{plural} after the interview){suffix}."
