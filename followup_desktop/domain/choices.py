"""The fixed choices a debrief records: ratings, outcomes, interview formats, message states
and the debrief's steps, each with the words a person reads for it. Plain enums, apart from the
dataclasses of ``model``: Home's list needs these at start-up, and none of those."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Labelled(StrEnum):
    """A stored value with the words a person reads for it (and a shorter form for tables)."""

    _value_: str
    label: str
    short_label: str

    # The defaults only let type checkers accept a lookup by value, such as ``Rating("yes")``.
    def __new__(cls, value: str, label: str = "", short_label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label or value
        member.short_label = short_label or member.label
        return member


class Rating(Labelled):
    """A competency rating on the 4-point scale, or "not assessed"."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    STRONG_NO = "strong_no", "Strong no"
    NO = "no", "No"
    YES = "yes", "Yes"
    STRONG_YES = "strong_yes", "Strong yes"


class Outcome(Labelled):
    """What the interviewer decided; ``UNDECIDED`` until they choose."""

    UNDECIDED = "undecided", "Not decided yet", "Undecided"
    ADVANCE = "advance", "Advance to the next round", "Next round"
    OFFER = "offer", "Offer / hiring approved", "Offer"
    REJECT = "reject", "Reject"
    MORE_INFO = "more_info", "Ask for more information or a further step", "More info"
    ON_HOLD = "on_hold", "On hold / status update", "On hold"


class InterviewFormat(Labelled):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    ONSITE = "onsite", "On site"
    OTHER = "other", "Other"


class MessageStatus(StrEnum):
    DRAFT = "draft"
    COPIED = "copied"
    SENT = "sent"


class Step(StrEnum):
    """The steps of a debrief, in order; a debrief remembers where it was left."""

    INTERVIEW = "interview"
    IMPRESSIONS = "impressions"
    DECISION = "decision"
    FOLLOW_UP = "follow_up"

    @property
    def position(self) -> int:
        return list(Step).index(self)

    @property
    def label(self) -> str:
        return self.value.replace("_", "-").capitalize()
