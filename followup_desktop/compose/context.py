"""What a template can use: the variables built from a debrief and the settings.

Design: a scalar with no value (an empty name, no date) is *left out* of the context, so a
template that uses it without ``{% if name is defined %}`` fails with a problem naming it,
instead of printing "Hi ,". Lists and yes/no values are always present.
Private notes, key takeaways and ratings are never put in the context: they must not reach
the candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from followup_desktop.domain.choices import Outcome
from followup_desktop.domain.model import Debrief, split_lines
from followup_desktop.settings import Settings

INTERVIEW_STEP = "Interview step"
IMPRESSIONS_STEP = "Impressions step"
DECISION_STEP = "Decision step"
SETTINGS = "Settings"
AUTOMATIC = "Automatic"


@dataclass(frozen=True)
class Variable:
    """One name a template can use: what it holds and where the user fills it in."""

    name: str
    description: str
    where_to_fill: str
    kind: str = "text"  # text, date, list, yes/no
    always: bool = False  # True: always in the context (lists, yes/no, computed values)


def _variables(*items: Variable) -> dict[str, Variable]:
    return {item.name: item for item in items}


VARIABLES: dict[str, Variable] = _variables(
    Variable("candidate_name", "the candidate's full name", INTERVIEW_STEP),
    Variable(
        "candidate_first_name",
        "the candidate's preferred name, or else their first name",
        INTERVIEW_STEP,
    ),
    Variable("candidate_email", "the candidate's email address", INTERVIEW_STEP),
    Variable("role", "the role they interviewed for", INTERVIEW_STEP),
    Variable("stage", "the interview stage (for example: Technical interview)", INTERVIEW_STEP),
    Variable("interview_date", "the date of the interview", INTERVIEW_STEP, "date"),
    Variable(
        "interview_format",
        "how the interview was held (for example: Video call)",
        INTERVIEW_STEP,
        always=True,
    ),
    Variable("company", "your company's name", SETTINGS),
    Variable("interviewer_name", "your name, to sign the message", SETTINGS),
    Variable("interviewer_title", "your job title", SETTINGS),
    Variable("interviewer_email", "your email address, as a direct contact", SETTINGS),
    Variable(
        "signature",
        "extra signature lines (phone, pronouns, links); lines that repeat your name, title,"
        " company or email are left out because the templates print those",
        SETTINGS,
    ),
    Variable(
        "strengths",
        "the candidate-facing strengths, one per line",
        IMPRESSIONS_STEP,
        "list",
        always=True,
    ),
    Variable(
        "growth_areas",
        "the candidate-facing growth areas, one per line",
        IMPRESSIONS_STEP,
        "list",
        always=True,
    ),
    Variable(
        "outcome",
        "the decision: " + ", ".join(item.value for item in Outcome),
        DECISION_STEP,
        always=True,
    ),
    Variable("next_steps", "what happens next, in your words", DECISION_STEP),
    Variable(
        "next_step_date",
        "the date of the next step (for an offer: the date you need their answer by)",
        DECISION_STEP,
        "date",
    ),
    Variable(
        "respond_by",
        "the date the candidate should hear back by: the interview date plus your response"
        " timeline in business days",
        INTERVIEW_STEP,
        "date",
    ),
    Variable(
        "hear_back_by",
        "the date by which you promise the candidate your next word: the next-step date if"
        " still ahead, else the respond-by date if still ahead, else (a late decision) your"
        " status-update cadence counted from today, or (once decided) your response timeline",
        AUTOMATIC,
        "date",
        always=True,
    ),
    Variable(
        "share_feedback",
        "whether to share the growth areas as feedback",
        DECISION_STEP,
        "yes/no",
        always=True,
    ),
    Variable(
        "invite_reapply",
        "whether you truly welcome a future application",
        DECISION_STEP,
        "yes/no",
        always=True,
    ),
    Variable("offer_start_date", "the proposed start date of an offer", DECISION_STEP, "date"),
    Variable("offer_manager", "the manager named in an offer", DECISION_STEP),
    Variable("today", "today's date", AUTOMATIC, "date", always=True),
)

_SEPARATORS = re.compile("\\s*(?:[,|·•/\u2013\u2014]|\\s-\\s|\\bat\\b)\\s*", re.IGNORECASE)


def _extra_signature(settings: Settings, interviewer_name: str) -> str:
    """The signature lines that add something to the name, title, company and email."""
    known = {
        value.strip().casefold()
        for value in (
            interviewer_name,
            settings.interviewer_title,
            settings.company,
            settings.interviewer_email,
        )
        if value.strip()
    }
    kept = []
    for raw in settings.signature.splitlines():
        line = raw.rstrip()
        if line.strip() in {"--", "-- ", "—"}:
            continue
        parts = [part for part in _SEPARATORS.split(line.strip().casefold()) if part]
        if parts and all(part in known for part in parts):
            continue
        kept.append(line)
    return "\n".join(kept).strip("\n")


def build_context(debrief: Debrief, settings: Settings, *, today: date) -> dict[str, Any]:
    """The variables for ``debrief``; see :data:`VARIABLES` for what each name holds."""
    candidate, interview, decision = debrief.candidate, debrief.interview, debrief.decision
    interviewer_name = settings.interviewer_name.strip() or interview.interviewer.strip()
    interview_date = interview.at.date() if interview.at is not None else None
    timeline = settings.timeline
    respond_by = timeline.respond_by(interview.at) if interview.at is not None else None
    if decision.next_step_date is not None and decision.next_step_date >= today:
        hear_back_by = decision.next_step_date
    elif respond_by is not None and respond_by >= today:
        hear_back_by = respond_by
    elif decision.outcome in (Outcome.UNDECIDED, Outcome.ON_HOLD):
        hear_back_by = timeline.next_update(today)  # a status update promises the next one
    else:
        hear_back_by = timeline.business_days_after(today, max(1, timeline.respond_within_days))

    values: dict[str, Any] = {
        "candidate_name": " ".join(candidate.name.split()),
        "candidate_first_name": candidate.greeting_name,
        "candidate_email": candidate.email.strip(),
        "role": interview.role.strip(),
        "stage": interview.stage.strip(),
        "interview_date": interview_date,
        "interview_format": interview.format.label,
        "company": settings.company.strip(),
        "interviewer_name": interviewer_name,
        "interviewer_title": settings.interviewer_title.strip(),
        "interviewer_email": settings.interviewer_email.strip(),
        "signature": _extra_signature(settings, interviewer_name),
        "strengths": split_lines(debrief.strengths),
        "growth_areas": split_lines(debrief.growth_areas),
        "outcome": decision.outcome.value,
        "next_steps": decision.next_steps.strip(),
        "next_step_date": decision.next_step_date,
        "respond_by": respond_by,
        "hear_back_by": hear_back_by,
        "share_feedback": decision.share_feedback,
        "invite_reapply": decision.invite_reapply,
        "offer_start_date": decision.offer_start_date,
        "offer_manager": decision.offer_manager.strip(),
        "today": today,
    }
    return {
        name: value
        for name, value in values.items()
        if VARIABLES[name].always or value not in (None, "")
    }


def possible_keys() -> frozenset[str]:
    """Every name :func:`build_context` can produce (for tests and the editor)."""
    return frozenset(VARIABLES)
