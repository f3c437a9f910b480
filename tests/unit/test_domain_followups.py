"""Home's rows: how late a follow-up is, and the due date in words."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from followup_desktop.domain.followups import DebriefSummary, FollowUpState
from followup_desktop.domain.model import Outcome

TODAY = date(2026, 3, 4)  # a Wednesday


def summary(
    respond_by: date | None, state: FollowUpState = FollowUpState.TO_SEND
) -> DebriefSummary:
    return DebriefSummary(
        id=1,
        candidate_name="Ada Lovelace",
        role="Engineer",
        stage="Onsite",
        outcome=Outcome.ADVANCE,
        interview_at=None if respond_by is None else datetime(2026, 3, 1, tzinfo=UTC),
        respond_by=respond_by,
        state=state,
        state_changed_at=None,
    )


@pytest.mark.parametrize(
    ("respond_by", "text", "overdue"),
    [
        (date(2026, 3, 1), "Overdue by 3 days", 3),
        (date(2026, 3, 3), "Overdue by 1 day", 1),
        (date(2026, 3, 4), "Due today", 0),
        (date(2026, 3, 5), "Due tomorrow", 0),
        (date(2026, 3, 9), "Due Mon 09 Mar", 0),
        (date(2027, 1, 15), "Due Fri 15 Jan", 0),
        (None, "No interview date", 0),
    ],
)
@pytest.mark.parametrize(
    "state", [FollowUpState.IN_PROGRESS, FollowUpState.TO_SEND, FollowUpState.COPIED]
)
def test_open_follow_up(
    respond_by: date | None, text: str, overdue: int, state: FollowUpState
) -> None:
    row = summary(respond_by, state)
    assert row.due_text(TODAY) == text
    assert row.days_overdue(TODAY) == overdue


def test_sent_follow_up_is_never_overdue() -> None:
    row = summary(date(2026, 2, 1), FollowUpState.SENT)
    assert row.days_overdue(TODAY) == 0
    assert row.due_text(TODAY) == "Sun 01 Feb 2026"
    assert summary(None, FollowUpState.SENT).due_text(TODAY) == "No interview date"


def test_states() -> None:
    assert [s.is_open for s in FollowUpState] == [True, True, True, False]
    labels = [s.label for s in FollowUpState]
    assert all(labels) and len(set(labels)) == len(labels)
