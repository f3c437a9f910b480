"""Follow-up rules: each state, each due-date rule, and Home's row in words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.domain.choices import MessageStatus, Outcome
from followup_desktop.domain.followups import (
    UPDATE_OUTCOMES,
    DebriefSummary,
    FollowUp,
    FollowUpState,
    MessageEvent,
    follow_up,
    next_update_date,
)
from followup_desktop.domain.model import Message
from followup_desktop.domain.timeline import Timeline

TIMELINE = Timeline()  # 2 business days to respond, an update every 3, Monday to Friday
TUESDAY = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # the interview
COMPLETED = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def on(day: int, month: int = 12, hour: int = 11) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def sent(when: datetime, outcome: Outcome | None) -> MessageEvent:
    return MessageEvent(MessageStatus.SENT, outcome, when, when, when)


def copied(when: datetime, outcome: Outcome | None = None) -> MessageEvent:
    return MessageEvent(MessageStatus.COPIED, outcome, when, when, None)


def draft(when: datetime, outcome: Outcome | None = None) -> MessageEvent:
    return MessageEvent(MessageStatus.DRAFT, outcome, when, None, None)


def state_of(
    outcome: Outcome,
    messages: list[MessageEvent],
    *,
    completed: datetime | None = COMPLETED,
    interview: datetime | None = TUESDAY,
    timeline: Timeline = TIMELINE,
) -> FollowUp:
    return follow_up(
        outcome=outcome,
        interview_at=interview,
        completed_at=completed,
        messages=messages,
        timeline=timeline,
    )


# -- states -------------------------------------------------------------------------------


def test_in_progress_while_being_written_without_a_message() -> None:
    result = state_of(Outcome.UNDECIDED, [], completed=None)
    assert result.state is FollowUpState.IN_PROGRESS
    assert result.state_changed_at is None
    assert result.due_on == date(2026, 12, 3)  # Tue + 2
    assert result.last_sent_at is None


def test_to_send_once_completed_or_drafted() -> None:
    completed = state_of(Outcome.REJECT, [])
    assert completed.state is FollowUpState.TO_SEND
    assert completed.state_changed_at == on(1, hour=12)
    drafted = state_of(Outcome.REJECT, [draft(on(2))], completed=None)
    assert drafted.state is FollowUpState.TO_SEND
    assert drafted.state_changed_at is None


def test_copied_when_the_latest_message_was_copied() -> None:
    result = state_of(Outcome.ADVANCE, [draft(on(1)), copied(on(2, hour=9))])
    assert result.state is FollowUpState.COPIED
    assert result.state_changed_at == on(2, hour=9)
    assert result.due_on == date(2026, 12, 3)  # copied still counts as open


def test_an_older_copy_does_not_count_once_a_new_draft_follows() -> None:
    result = state_of(Outcome.ADVANCE, [copied(on(1)), draft(on(2))])
    assert result.state is FollowUpState.TO_SEND


@pytest.mark.parametrize("outcome", sorted(UPDATE_OUTCOMES))
def test_waiting_after_an_update_while_undecided_or_on_hold(outcome: Outcome) -> None:
    result = state_of(outcome, [sent(on(2), outcome)])
    assert result.state is FollowUpState.WAITING
    assert result.state_changed_at == on(2)
    assert result.due_on == date(2026, 12, 7)  # Wed 2 + 3 business days = Mon 7
    assert result.last_sent_at == on(2)


def test_an_update_under_undecided_still_counts_once_on_hold() -> None:
    result = state_of(Outcome.ON_HOLD, [sent(on(2), Outcome.UNDECIDED)])
    assert result.state is FollowUpState.WAITING


def test_the_last_update_sets_the_next_date() -> None:
    result = state_of(Outcome.UNDECIDED, [sent(on(2), None), sent(on(8), None)])
    assert result.state_changed_at == on(8)
    assert result.due_on == date(2026, 12, 11)  # Tue 8 + 3 = Fri 11


def test_sent_when_a_final_message_went_out_for_the_current_outcome() -> None:
    result = state_of(Outcome.REJECT, [sent(on(2), Outcome.REJECT)])
    assert result.state is FollowUpState.SENT
    assert result.state_changed_at == on(2)
    assert result.due_on is None


def test_sent_stays_closed_when_a_later_note_is_drafted_or_copied() -> None:
    for later in (draft(on(9)), copied(on(9))):
        result = state_of(Outcome.OFFER, [sent(on(2), Outcome.OFFER), later])
        assert result.state is FollowUpState.SENT


def test_a_final_message_for_another_outcome_does_not_close_it() -> None:
    """Sent "advance", then the decision became "reject": the rejection is still owed."""
    result = state_of(Outcome.REJECT, [sent(on(2), Outcome.ADVANCE)])
    assert result.state is FollowUpState.TO_SEND
    assert result.due_on == date(2026, 12, 3)
    assert result.last_sent_at == on(2)


def test_updates_never_close_a_decided_debrief() -> None:
    result = state_of(Outcome.REJECT, [sent(on(2), Outcome.UNDECIDED)])
    assert result.state is FollowUpState.TO_SEND
    # The update promised word by Mon 7; respond-by (Thu 3) is earlier: the later one counts.
    assert result.due_on == date(2026, 12, 7)


def test_an_early_update_does_not_move_the_respond_by_date_earlier() -> None:
    result = state_of(
        Outcome.REJECT,
        [sent(on(1, hour=11), Outcome.UNDECIDED)],
        timeline=Timeline(respond_within_days=10, update_every_days=1),
    )
    assert result.due_on == date(2026, 12, 15)  # respond-by, later than Wed 2


def test_a_message_without_outcome_counts_for_the_current_one() -> None:
    assert state_of(Outcome.REJECT, [sent(on(2), None)]).state is FollowUpState.SENT
    assert state_of(Outcome.ON_HOLD, [sent(on(2), None)]).state is FollowUpState.WAITING
    message = Message(1, "reject", "s", "b", on(2), status=MessageStatus.SENT, sent_at=on(2))
    assert state_of(Outcome.REJECT, [message]).state is FollowUpState.SENT  # type: ignore[list-item]


def test_copied_update_while_waiting_is_copied() -> None:
    result = state_of(Outcome.UNDECIDED, [sent(on(2), None), copied(on(4))])
    assert result.state is FollowUpState.COPIED
    assert result.due_on == date(2026, 12, 7)  # the promise of the update sent on the 2nd


def test_no_interview_date_no_due_date() -> None:
    for outcome, messages in [
        (Outcome.ADVANCE, []),
        (Outcome.UNDECIDED, [sent(on(2), None)]),
        (Outcome.ADVANCE, [copied(on(2))]),
    ]:
        assert state_of(outcome, messages, interview=None).due_on is None


def test_due_dates_skip_the_timelines_holidays() -> None:
    christmas = Timeline(country="GB", subdivision="ENG")
    result = state_of(Outcome.ADVANCE, [], interview=on(24), timeline=christmas)
    assert result.due_on == date(2026, 12, 30)  # 25, 26 (Sat), 27 (Sun), 28 (observed) off
    waiting = state_of(Outcome.UNDECIDED, [sent(on(23), None)], timeline=christmas)
    assert waiting.due_on == date(2026, 12, 30)  # Wed 23 + 3 business days: 24, 29, 30


def test_next_update_date() -> None:
    assert next_update_date(date(2026, 12, 4), TIMELINE) == date(2026, 12, 9)  # Fri + 3 = Wed
    assert next_update_date(date(2026, 12, 4), Timeline(update_every_days=1)) == date(2026, 12, 7)


# -- properties ---------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
events = st.builds(
    MessageEvent,
    status=st.sampled_from(MessageStatus),
    outcome=st.none() | st.sampled_from(Outcome),
    created_at=moments,
    copied_at=st.none() | moments,
    sent_at=st.none() | moments,
)


@given(
    outcome=st.sampled_from(Outcome),
    messages=st.lists(events, max_size=6),
    interview=st.none() | moments,
    completed=st.none() | moments,
)
def test_rules_hold_for_any_history(
    outcome: Outcome,
    messages: list[MessageEvent],
    interview: datetime | None,
    completed: datetime | None,
) -> None:
    result = state_of(outcome, messages, interview=interview, completed=completed)
    decided = outcome not in UPDATE_OUTCOMES
    if result.state is FollowUpState.SENT:
        assert decided
        assert result.due_on is None
    elif interview is None:
        assert result.due_on is None
    else:
        assert result.due_on is not None
        if result.state is not FollowUpState.WAITING:
            assert result.due_on >= TIMELINE.respond_by(interview)
    if result.state is FollowUpState.WAITING:
        assert not decided
    if result.state is FollowUpState.IN_PROGRESS:
        assert completed is None and not messages
    if result.state is FollowUpState.COPIED:
        assert messages[-1].status is MessageStatus.COPIED
    assert (result.last_sent_at is None) == all(
        m.status is not MessageStatus.SENT for m in messages
    )


# -- Home's row in words ------------------------------------------------------------------

TODAY = date(2026, 12, 1)  # a Tuesday


def summary(
    due_on: date | None,
    state: FollowUpState = FollowUpState.TO_SEND,
    *,
    outcome: Outcome = Outcome.ADVANCE,
    changed: datetime | None = None,
    last_sent: datetime | None = None,
    archived: bool = False,
) -> DebriefSummary:
    return DebriefSummary(
        id=1,
        candidate_name="Ada Lovelace",
        role="Engineer",
        stage="Onsite",
        outcome=outcome,
        interview_at=None if due_on is None else datetime(2026, 11, 26, tzinfo=UTC),
        respond_by=due_on,
        state=state,
        state_changed_at=changed,
        due_on=due_on,
        candidate_id=7,
        email="ada@example.org",
        archived=archived,
        last_sent_at=last_sent,
    )


@pytest.mark.parametrize(
    ("due_on", "text", "overdue"),
    [
        (date(2026, 11, 28), "Overdue by 3 days", 3),
        (date(2026, 11, 30), "Overdue by 1 day", 1),
        (date(2026, 12, 1), "Due today", 0),
        (date(2026, 12, 2), "Due tomorrow", 0),
        (date(2026, 12, 7), "Due Mon 7 Dec", 0),
        (date(2027, 1, 15), "Due Fri 15 Jan", 0),
        (None, "No interview date", 0),
    ],
)
@pytest.mark.parametrize("state", [FollowUpState.IN_PROGRESS, FollowUpState.TO_SEND])
def test_open_follow_up_in_words(
    due_on: date | None, text: str, overdue: int, state: FollowUpState
) -> None:
    row = summary(due_on, state)
    assert row.due_text(TODAY) == text
    assert row.days_overdue(TODAY) == overdue
    assert not row.is_late_decision(TODAY)  # decided: no status update to offer


def test_waiting_in_words() -> None:
    waiting = FollowUpState.WAITING
    later = summary(date(2026, 12, 4), waiting, outcome=Outcome.UNDECIDED, changed=on(27, 11))
    assert later.due_text(TODAY) == "Undecided — update due Fri 4 Dec"
    assert later.days_overdue(TODAY) == 0
    assert not later.is_late_decision(TODAY)
    on_hold = summary(date(2026, 12, 2), waiting, outcome=Outcome.ON_HOLD)
    assert on_hold.due_text(TODAY) == "On hold — update due tomorrow"
    assert summary(TODAY, waiting, outcome=Outcome.ON_HOLD).due_text(TODAY) == (
        "On hold — update due today"
    )
    late = summary(date(2026, 11, 29), waiting, outcome=Outcome.UNDECIDED)
    assert late.due_text(TODAY) == "Update overdue by 2 days"
    assert late.days_overdue(TODAY) == 2
    assert late.is_late_decision(TODAY)
    undated = summary(None, waiting, outcome=Outcome.UNDECIDED, changed=on(27, 11))
    assert undated.due_text(TODAY) == "Undecided — update sent Fri 27 Nov"


def test_copied_in_words() -> None:
    copied_row = summary(date(2026, 12, 3), FollowUpState.COPIED, changed=on(1))
    assert copied_row.due_text(TODAY) == "Copied Tue 1 Dec, not marked sent"
    assert copied_row.days_overdue(TODAY) == 0
    late = summary(date(2026, 11, 29), FollowUpState.COPIED, changed=on(27, 11))
    assert late.due_text(TODAY) == "Copied, overdue by 2 days"
    assert late.days_overdue(TODAY) == 2
    assert summary(None, FollowUpState.COPIED).due_text(TODAY) == "Copied, not marked sent"


def test_sent_is_never_overdue() -> None:
    row = summary(None, FollowUpState.SENT, changed=on(1), last_sent=on(1))
    assert row.due_text(TODAY) == "Sent Tue 1 Dec"
    assert row.days_overdue(TODAY) == 0
    assert not row.is_late_decision(TODAY)
    assert summary(None, FollowUpState.SENT).due_text(TODAY) == "Sent"


def test_archived_is_off_the_list() -> None:
    row = summary(date(2026, 11, 20), FollowUpState.TO_SEND, archived=True)
    assert row.days_overdue(TODAY) == 0
    assert not row.is_open
    assert row.due_text(TODAY) == "Archived, was due Fri 20 Nov"
    assert summary(None, archived=True).due_text(TODAY) == "Archived, not sent"
    waiting = summary(date(2026, 11, 20), FollowUpState.WAITING, outcome=Outcome.ON_HOLD,
                      archived=True)  # fmt: skip
    assert not waiting.is_late_decision(TODAY)


def test_late_decision_offers_an_update() -> None:
    undecided = summary(TODAY, FollowUpState.TO_SEND, outcome=Outcome.UNDECIDED)
    assert undecided.is_late_decision(TODAY)  # due today, nothing decided
    assert not undecided.is_late_decision(TODAY - timedelta(days=1))
    assert not summary(None, outcome=Outcome.UNDECIDED).is_late_decision(TODAY)


def test_states() -> None:
    assert [s.is_open for s in FollowUpState] == [True, True, True, True, False]
    labels = [s.label for s in FollowUpState]
    assert all(labels) and len(set(labels)) == len(labels)


def test_every_state_has_words_that_are_not_a_colour() -> None:
    for state in FollowUpState:
        for due in (date(2026, 11, 20), TODAY, date(2026, 12, 20), None):
            assert summary(due, state, outcome=Outcome.ON_HOLD).due_text(TODAY).strip()
