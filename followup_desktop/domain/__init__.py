"""Plain-Python domain: the debrief, its messages and the rules about them. No I/O, no Qt."""

from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    InterviewFormat,
    Message,
    MessageStatus,
    Outcome,
    Rating,
    Step,
    split_lines,
)

__all__ = [
    "Candidate",
    "Competency",
    "Debrief",
    "Decision",
    "Interview",
    "InterviewFormat",
    "Message",
    "MessageStatus",
    "Outcome",
    "Rating",
    "Step",
    "split_lines",
]
