"""One person across interviews: the candidate record and how two entries are matched. No I/O."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from followup_desktop.domain.followups import DebriefSummary

if TYPE_CHECKING:
    from followup_desktop.domain.model import Message


def name_key(name: str) -> str:
    """A name as duplicates are found by: compatibility-normalised, case-folded, spaces
    collapsed ("  JOSÉ  garcía" and "José García" share a key). "" for no name."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def email_key(email: str) -> str:
    """An email address as candidates are matched by: trimmed, ASCII letters lowered (what
    SQLite's ``lower()`` does, so the database's unique index agrees)."""
    return email.strip().translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class CandidateInfo:
    """A candidate with their interviews (newest first), without their messages."""

    id: int
    name: str
    preferred_name: str
    email: str
    debriefs: tuple[DebriefSummary, ...]


@dataclass(frozen=True)
class CandidateRecord(CandidateInfo):
    """A candidate's whole history: interviews (newest first) and every message sent or
    copied, newest first, each with the id of its debrief."""

    messages: tuple[tuple[int, Message], ...] = ()


@dataclass(frozen=True)
class ExpiredCandidate(CandidateInfo):
    """A candidate past the retention period (``Repository.due_for_purge``): who, their
    interviews (newest first) and when they were last active."""

    last_activity: datetime | None = None
