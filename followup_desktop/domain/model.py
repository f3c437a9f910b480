"""The debrief and the messages it leads to: frozen dataclasses, no I/O, no Qt. The fixed
choices they record (outcome, rating, step…) are in ``choices``.

Edits produce new objects (``dataclasses.replace``), so a saved snapshot can never be
changed behind the repository's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from followup_desktop.domain.choices import InterviewFormat, MessageStatus, Outcome, Rating, Step


@dataclass(frozen=True)
class Candidate:
    """The person interviewed, as the interviewer knows them."""

    name: str = ""
    preferred_name: str = ""
    email: str = ""

    @property
    def greeting_name(self) -> str:
        """The name to greet them by: their preferred name, else their first name."""
        if self.preferred_name.strip():
            return self.preferred_name.strip()
        parts = self.name.split()
        return parts[0] if parts else ""


@dataclass(frozen=True)
class Interview:
    """What the interview was: role, stage, when, how, and with whom."""

    role: str = ""
    stage: str = ""
    at: datetime | None = None
    format: InterviewFormat = InterviewFormat.VIDEO
    interviewer: str = ""


@dataclass(frozen=True)
class Competency:
    """One line of the scorecard: what was assessed, the rating and its evidence."""

    name: str
    rating: Rating = Rating.NOT_ASSESSED
    evidence: str = ""


@dataclass(frozen=True)
class Decision:
    """What comes next for the candidate, and what the message to them needs for it."""

    outcome: Outcome = Outcome.UNDECIDED
    next_steps: str = ""
    next_step_date: date | None = None
    share_feedback: bool = False
    invite_reapply: bool = False
    offer_start_date: date | None = None
    offer_manager: str = ""


@dataclass(frozen=True)
class Debrief:
    """Everything the interviewer recorded about one interview."""

    started_at: datetime
    id: int | None = None
    candidate: Candidate = field(default_factory=Candidate)
    interview: Interview = field(default_factory=Interview)
    competencies: tuple[Competency, ...] = ()
    key_takeaways: str = ""
    strengths: str = ""
    growth_areas: str = ""
    private_notes: str = ""
    decision: Decision = field(default_factory=Decision)
    step: Step = Step.INTERVIEW
    completed_at: datetime | None = None

    def with_candidate(self, **changes: str) -> Debrief:
        return replace(self, candidate=replace(self.candidate, **changes))

    def with_interview(self, **changes: object) -> Debrief:
        return replace(self, interview=replace(self.interview, **changes))  # type: ignore[arg-type]

    def with_decision(self, **changes: object) -> Debrief:
        return replace(self, decision=replace(self.decision, **changes))  # type: ignore[arg-type]

    def with_competency(self, index: int, **changes: object) -> Debrief:
        items = list(self.competencies)
        items[index] = replace(items[index], **changes)  # type: ignore[arg-type]
        return replace(self, competencies=tuple(items))


@dataclass(frozen=True)
class Message:
    """One message to the candidate: a follow-up, a status update, a thank-you."""

    debrief_id: int
    template_id: str
    subject: str
    body: str
    created_at: datetime
    id: int | None = None
    edited: bool = False
    status: MessageStatus = MessageStatus.DRAFT
    copied_at: datetime | None = None
    sent_at: datetime | None = None
    # The outcome the message was written for, set when it is created or sent: a message sent
    # while the outcome was UNDECIDED or ON_HOLD is a status update, any other is the final
    # word for that outcome. None: not known (the repository stores the debrief's outcome).
    outcome: Outcome | None = None


def split_lines(text: str) -> list[str]:
    """The non-empty lines of a free-text list, without bullet marks."""
    items = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-*•").strip()
        if line:
            items.append(line)
    return items
