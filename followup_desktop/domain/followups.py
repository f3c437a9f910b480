"""Where each follow-up stands: the rows Home lists, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from followup_desktop.domain.model import Labelled, Outcome


class FollowUpState(Labelled):
    IN_PROGRESS = "in_progress", "Debrief in progress"  # still being written
    TO_SEND = "to_send", "Ready to send"  # ready, but it has not left the app
    COPIED = "copied", "Copied, not marked sent"
    SENT = "sent", "Sent"

    @property
    def is_open(self) -> bool:
        return self is not FollowUpState.SENT


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

    def days_overdue(self, today: date) -> int:
        """How many days past the respond-by date an open follow-up is (0 if not late)."""
        if not self.state.is_open or self.respond_by is None:
            return 0
        return max(0, (today - self.respond_by).days)

    def due_text(self, today: date) -> str:
        """The respond-by date in words a busy person reads at a glance."""
        if self.respond_by is None:
            return "No interview date"
        if not self.state.is_open:
            return self.respond_by.strftime("%a %d %b %Y")
        delta = (self.respond_by - today).days
        if delta < 0:
            return f"Overdue by {-delta} day{'s' if delta != -1 else ''}"
        if delta == 0:
            return "Due today"
        if delta == 1:
            return "Due tomorrow"
        return f"Due {self.respond_by.strftime('%a %d %b')}"
