"""Where each follow-up stands, and when the candidate is owed the next word. No I/O.

The rules (``follow_up`` implements them; the repository stores the result with each debrief):

- A message sent while the debrief's outcome was UNDECIDED or ON_HOLD is a status *update*;
  any other sent message is *final* for the outcome it was sent under (``Message.outcome``).
- States: SENT when a final message was sent under the current, decided outcome (closed);
  else COPIED when the latest message was copied but not marked sent; else WAITING when the
  outcome is still undecided or on hold and an update was sent; else IN_PROGRESS when the
  debrief is not completed and has no message; else TO_SEND.
- Due date: none when SENT, none without an interview date. WAITING: the last update's date
  plus ``update_every_days`` business days. Otherwise the respond-by date, or the date the
  last update promised when that is later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from followup_desktop.domain.choices import Labelled, MessageStatus, Outcome
from followup_desktop.domain.timeline import Timeline

UPDATE_OUTCOMES = frozenset({Outcome.UNDECIDED, Outcome.ON_HOLD})


class FollowUpState(Labelled):
    IN_PROGRESS = "in_progress", "Debrief in progress"  # still being written
    TO_SEND = "to_send", "Ready to send"  # ready, but nothing sent for the current outcome
    COPIED = "copied", "Copied, not marked sent"
    WAITING = "waiting", "Update sent, decision pending"  # the next update is due later
    SENT = "sent", "Sent"

    @property
    def is_open(self) -> bool:
        return self is not FollowUpState.SENT


class MessageFacts(Protocol):
    """What the follow-up rules read of a message (``Message`` has all of it)."""

    @property
    def status(self) -> MessageStatus: ...
    @property
    def outcome(self) -> Outcome | None: ...
    @property
    def created_at(self) -> datetime | None: ...
    @property
    def copied_at(self) -> datetime | None: ...
    @property
    def sent_at(self) -> datetime | None: ...


@dataclass(frozen=True, slots=True)
class MessageEvent:
    """A message reduced to what the rules need (the repository builds these from rows)."""

    status: MessageStatus
    outcome: Outcome | None = None
    created_at: datetime | None = None
    copied_at: datetime | None = None
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The follow-up state of one debrief, as stored with it."""

    state: FollowUpState
    state_changed_at: datetime | None
    due_on: date | None
    last_sent_at: datetime | None  # the latest message sent, of any kind


def _sent_moment(message: MessageFacts) -> datetime | None:
    """When a sent message went out (its copy or creation time if that was not recorded)."""
    return message.sent_at or message.copied_at or message.created_at


def _later(first: datetime | None, second: datetime | None) -> datetime | None:
    if first is None:
        return second
    return first if second is None or first >= second else second


def follow_up(
    *,
    outcome: Outcome,
    interview_at: datetime | None,
    completed_at: datetime | None,
    messages: Sequence[MessageFacts],
    timeline: Timeline,
) -> FollowUp:
    """The state and due date of a debrief with these messages (oldest first).

    Dates are the local dates of the datetimes given (pass aware local times, as the
    repository does). A message without ``outcome`` counts as written for ``outcome``.
    """
    decided = outcome not in UPDATE_OUTCOMES
    final_sent = update_sent = False
    last_final = last_update = last_sent = None
    for message in messages:
        if message.status is not MessageStatus.SENT:
            continue
        moment = _sent_moment(message)
        last_sent = _later(last_sent, moment)
        sent_under = outcome if message.outcome is None else message.outcome
        if sent_under in UPDATE_OUTCOMES:
            update_sent = True
            last_update = _later(last_update, moment)
        elif decided and sent_under is outcome:
            final_sent = True
            last_final = _later(last_final, moment)
    latest = messages[-1] if messages else None
    changed: datetime | None
    if final_sent:
        state, changed = FollowUpState.SENT, last_final
    elif latest is not None and latest.status is MessageStatus.COPIED:
        state, changed = FollowUpState.COPIED, latest.copied_at
    elif not decided and update_sent:
        state, changed = FollowUpState.WAITING, last_update
    elif completed_at is None and not messages:
        state, changed = FollowUpState.IN_PROGRESS, None
    else:
        state, changed = FollowUpState.TO_SEND, completed_at
    return FollowUp(
        state=state,
        state_changed_at=changed,
        due_on=_due_on(state, interview_at, last_update, timeline),
        last_sent_at=last_sent,
    )


def _due_on(
    state: FollowUpState,
    interview_at: datetime | None,
    last_update: datetime | None,
    timeline: Timeline,
) -> date | None:
    if state is FollowUpState.SENT or interview_at is None:
        return None
    promised = None if last_update is None else timeline.next_update(last_update.date())
    if state is FollowUpState.WAITING:
        return promised
    respond = timeline.respond_by(interview_at)
    return respond if promised is None else max(respond, promised)


def next_update_date(today: date, timeline: Timeline) -> date:
    """The date a status update sent today promises the next word: today plus
    ``update_every_days`` business days."""
    return timeline.next_update(today)


def _day(value: date) -> str:
    """``Tue 1 Dec``: weekday, day without a leading zero, month."""
    return f"{value:%a} {value.day} {value:%b}"


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


def _when(due: date, today: date, what: str) -> str:
    """``what`` ("" or "update ") with when it is due: "update overdue by 2 days", "due
    today", "due tomorrow", "due Tue 1 Dec"."""
    delta = (due - today).days
    if delta < 0:
        return f"{what}overdue by {_days(-delta)}"
    if delta == 0:
        return f"{what}due today"
    if delta == 1:
        return f"{what}due tomorrow"
    return f"{what}due {_day(due)}"


@dataclass(frozen=True)
class DebriefSummary:
    """One row of Home: enough to sort and show, none of the long texts."""

    id: int
    candidate_name: str
    role: str
    stage: str
    outcome: Outcome
    interview_at: datetime | None
    respond_by: date | None
    state: FollowUpState
    state_changed_at: datetime | None
    due_on: date | None = field(default=None, kw_only=True)
    candidate_id: int = field(default=0, kw_only=True)  # 0: not saved yet
    email: str = field(default="", kw_only=True)
    archived: bool = field(default=False, kw_only=True)
    last_sent_at: datetime | None = field(default=None, kw_only=True)

    @property
    def is_open(self) -> bool:
        """On the to-do list: not closed, not archived."""
        return self.state.is_open and not self.archived

    def days_overdue(self, today: date) -> int:
        """How many days past its due date an open follow-up is (0 if not late)."""
        if not self.is_open or self.due_on is None:
            return 0
        return max(0, (today - self.due_on).days)

    def is_late_decision(self, today: date) -> bool:
        """Still undecided or on hold and the candidate is owed word today or earlier: the
        app offers a status update."""
        return (
            self.is_open
            and self.outcome in UPDATE_OUTCOMES
            and self.due_on is not None
            and self.due_on <= today
        )

    def due_text(self, today: date) -> str:
        """Where the follow-up stands, in words (never a colour alone)."""
        due = self.due_on
        late = 0 if due is None else (today - due).days
        overdue = late > 0 and self.state is not FollowUpState.COPIED
        if self.archived or self.state is FollowUpState.SENT or overdue:
            return self.timing_text(today)
        if self.state is FollowUpState.WAITING:
            label = self.outcome.short_label if self.outcome in UPDATE_OUTCOMES else "Undecided"
            timing = self.timing_text(today)
            return f"{label} — {timing[0].lower()}{timing[1:]}"
        if self.state is FollowUpState.COPIED:
            if late > 0:
                return f"Copied, overdue by {_days(late)}"
            when = self.state_changed_at
            return (
                "Copied, not marked sent"
                if when is None
                else f"Copied {_day(when.date())}, not marked sent"
            )
        return self.timing_text(today)

    def timing_text(self, today: date) -> str:
        """When the next word is due (or when it went out), without the message's state, for
        a list that shows the state beside it: "Overdue by 2 days", "Update due Fri 4 Dec"."""
        if self.state is FollowUpState.SENT:
            sent = self.last_sent_at or self.state_changed_at
            return "Sent" if sent is None else f"Sent {_day(sent.date())}"
        if self.archived:
            if self.due_on is None:
                return "Archived, not sent"
            return f"Archived, was due {_day(self.due_on)}"
        waiting = self.state is FollowUpState.WAITING
        if self.due_on is None:
            if not waiting:
                return "No interview date"
            sent = self.state_changed_at
            return "Update sent" + ("" if sent is None else f" {_day(sent.date())}")
        text = _when(self.due_on, today, "update " if waiting else "")
        return text[0].upper() + text[1:]
