"""The debrief model: greeting names, free-text lists, immutable edits, labels."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest

from followup_desktop.domain.choices import InterviewFormat, Outcome, Rating, Step
from followup_desktop.domain.model import Candidate, Competency, Debrief, split_lines

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "preferred", "greeting"),
    [
        ("Margaret Hamilton", "", "Margaret"),
        ("Margaret Hamilton", "Maggie", "Maggie"),
        ("Margaret Hamilton", "  Maggie  ", "Maggie"),
        ("Margaret Hamilton", "   ", "Margaret"),
        ("  Ada   Lovelace ", "", "Ada"),
        ("Prince", "", "Prince"),
        ("", "", ""),
        ("   ", "", ""),
        ("محمد علي", "", "محمد"),
        ("José\u0301 Ñúñez", "", "José\u0301"),
    ],
)
def test_greeting_name(name: str, preferred: str, greeting: str) -> None:
    assert Candidate(name, preferred).greeting_name == greeting


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("", []),
        ("   \n\n  ", []),
        ("one", ["one"]),
        ("- one\n* two\n• three\n", ["one", "two", "three"]),
        ("  -   spaced out  \r\n\r\n--double", ["spaced out", "double"]),
        ("first\nsecond\n", ["first", "second"]),
        ("- 🙂 emoji\n- مرحبا", ["🙂 emoji", "مرحبا"]),
        ("-\n*\n•", []),
        ("a - b * c", ["a - b * c"]),
    ],
)
def test_split_lines(text: str, lines: list[str]) -> None:
    assert split_lines(text) == lines


def test_edits_return_new_objects() -> None:
    debrief = Debrief(
        started_at=NOW,
        competencies=(Competency("Communication"), Competency("Depth")),
    )
    renamed = debrief.with_candidate(name="Grace Hopper", preferred_name="Grace")
    assert renamed.candidate == Candidate("Grace Hopper", "Grace")
    assert debrief.candidate == Candidate()

    moved = debrief.with_interview(role="Engineer", format=InterviewFormat.ONSITE)
    assert (moved.interview.role, moved.interview.format) == ("Engineer", InterviewFormat.ONSITE)
    assert debrief.interview.role == ""

    decided = debrief.with_decision(outcome=Outcome.OFFER, offer_start_date=date(2026, 4, 1))
    assert decided.decision.outcome is Outcome.OFFER
    assert debrief.decision.outcome is Outcome.UNDECIDED

    rated = debrief.with_competency(1, rating=Rating.STRONG_YES, evidence="Designed a cache")
    assert rated.competencies[1] == Competency("Depth", Rating.STRONG_YES, "Designed a cache")
    assert rated.competencies[0] == debrief.competencies[0]
    assert debrief.competencies[1] == Competency("Depth")

    with pytest.raises(dataclasses.FrozenInstanceError):
        debrief.key_takeaways = "no"  # type: ignore[misc]
    with pytest.raises(IndexError):
        debrief.with_competency(5, rating=Rating.YES)


def test_defaults() -> None:
    debrief = Debrief(started_at=NOW)
    assert debrief.id is None
    assert debrief.step is Step.INTERVIEW
    assert debrief.decision.outcome is Outcome.UNDECIDED
    assert not debrief.decision.share_feedback
    assert debrief.completed_at is None
    assert Competency("X").rating is Rating.NOT_ASSESSED


@pytest.mark.parametrize("enum", [Rating, Outcome, InterviewFormat])
def test_every_member_has_a_label(
    enum: type[Rating] | type[Outcome] | type[InterviewFormat],
) -> None:
    labels = [member.label for member in enum]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


def test_steps_in_order() -> None:
    assert [step.position for step in Step] == [0, 1, 2, 3]
    assert [step.label for step in Step] == ["Interview", "Impressions", "Decision", "Follow-up"]


def test_enum_values_are_stable() -> None:
    """These strings are stored in the database: renaming one breaks existing files."""
    assert [r.value for r in Rating] == ["not_assessed", "strong_no", "no", "yes", "strong_yes"]
    assert [o.value for o in Outcome] == [
        "undecided", "advance", "offer", "reject", "more_info", "on_hold",
    ]  # fmt: skip
    assert [f.value for f in InterviewFormat] == ["video", "phone", "onsite", "other"]
    assert [s.value for s in Step] == ["interview", "impressions", "decision", "follow_up"]
