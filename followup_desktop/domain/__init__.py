"""Plain-Python domain: the debrief, its messages and the rules about them. No I/O, no Qt.

The choices (``Outcome``…) load with the package; the dataclasses of ``model`` load on first
use (PEP 562), as Home's list at start-up needs none of them and each costs time to build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_desktop.domain.choices import InterviewFormat, MessageStatus, Outcome, Rating, Step

if TYPE_CHECKING:
    from followup_desktop.domain.model import (
        Candidate,
        Competency,
        Debrief,
        Decision,
        Interview,
        Message,
        split_lines,
    )


def __getattr__(name: str) -> object:
    """The names of ``__all__`` not loaded yet: those of ``model``."""
    if name in __all__:
        from followup_desktop.domain import model

        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
