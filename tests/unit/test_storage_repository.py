"""Repository: every field survives a round trip; Home's order and states; settings."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.domain.choices import InterviewFormat, MessageStatus, Outcome, Rating, Step
from followup_desktop.domain.followups import FollowUpState
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    Message,
)
from followup_desktop.domain.timeline import respond_by
from followup_desktop.settings import Settings
from followup_desktop.storage.repository import NotFound, Repository

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
ROUND_TRIP = settings(
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- strategies ---------------------------------------------------------------------------

# Pieces a fuzzer rarely finds on its own: emoji (with ZWJ and skin tone), right-to-left
# scripts and marks, combining accents, line breaks of every kind, quotes and SQL-ish text.
PIECES = (
    "🙂", "👩🏽‍💻", "🇫🇷", "مرحبا بك في المقابلة", "שלום, תודה רבה", "\u200f", "\u202e",
    "e\u0301", "n\u0303", "a\u0308\u0323", "\r\n", "\n", "\t", "\u2028", "'; DROP TABLE x; --",
    '"quoted"', "{{ name }}", "Zoë", "İstanbul", "ß", "ﬁ", "\ufeff", " ",
)  # fmt: skip
any_text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=120)
texts = st.one_of(
    any_text,
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), any_text), max_size=6).map("".join),
)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware = st.datetimes(
    min_value=datetime(1970, 1, 2),
    max_value=datetime(2200, 12, 31),
    timezones=st.one_of(st.just(UTC), offsets),
)
maybe_aware = st.none() | aware
maybe_date = st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))

candidates = st.builds(Candidate, name=texts, preferred_name=texts, email=texts)
interviews = st.builds(
    Interview,
    role=texts,
    stage=texts,
    at=maybe_aware,
    format=st.sampled_from(InterviewFormat),
    interviewer=texts,
)
competencies = st.builds(Competency, name=texts, rating=st.sampled_from(Rating), evidence=texts)
decisions = st.builds(
    Decision,
    outcome=st.sampled_from(Outcome),
    next_steps=texts,
    next_step_date=maybe_date,
    share_feedback=st.booleans(),
    invite_reapply=st.booleans(),
    offer_start_date=maybe_date,
    offer_manager=texts,
)
debriefs = st.builds(
    Debrief,
    started_at=aware,
    id=st.none(),
    candidate=candidates,
    interview=interviews,
    competencies=st.lists(competencies, max_size=6).map(tuple),
    key_takeaways=texts,
    strengths=texts,
    growth_areas=texts,
    private_notes=texts,
    decision=decisions,
    step=st.sampled_from(Step),
    completed_at=maybe_aware,
)


def message_for(debrief_id: int) -> st.SearchStrategy[Message]:
    return st.builds(
        Message,
        debrief_id=st.just(debrief_id),
        template_id=texts,
        subject=texts,
        body=texts,
        created_at=aware,
        id=st.none(),
        edited=st.booleans(),
        status=st.sampled_from(MessageStatus),
        copied_at=maybe_aware,
        sent_at=maybe_aware,
        outcome=st.none() | st.sampled_from(Outcome),
    )


def field_names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_strategies_cover_every_field() -> None:
    """A new field must be added to the round-trip strategies (and the repository)."""
    assert field_names(Candidate) == {"name", "preferred_name", "email"}
    assert field_names(Interview) == {"role", "stage", "at", "format", "interviewer"}
    assert field_names(Competency) == {"name", "rating", "evidence"}
    assert field_names(Decision) == {
        "outcome", "next_steps", "next_step_date", "share_feedback", "invite_reapply",
        "offer_start_date", "offer_manager",
    }  # fmt: skip
    assert field_names(Debrief) == {
        "started_at", "id", "candidate", "interview", "competencies", "key_takeaways",
        "strengths", "growth_areas", "private_notes", "decision", "step", "completed_at",
    }  # fmt: skip
    assert field_names(Message) == {
        "debrief_id", "template_id", "subject", "body", "created_at", "id", "edited",
        "status", "copied_at", "sent_at", "outcome",
    }  # fmt: skip


# -- round trips --------------------------------------------------------------------------


@ROUND_TRIP
@given(debrief=debriefs)
def test_debrief_round_trip(repo: Repository, debrief: Debrief) -> None:
    saved = repo.save_debrief(debrief)
    assert saved.id is not None
    assert dataclasses.replace(saved, id=None) == debrief
    loaded = repo.get_debrief(saved.id)
    assert loaded == saved
    for name in ("started_at", "completed_at"):
        value = getattr(loaded, name)
        assert value is None or value.tzinfo is not None


@ROUND_TRIP
@given(first=debriefs, second=debriefs)
def test_debrief_update_round_trip(repo: Repository, first: Debrief, second: Debrief) -> None:
    saved = repo.save_debrief(first)
    changed = dataclasses.replace(second, id=saved.id)
    assert repo.save_debrief(changed) == changed
    assert repo.get_debrief(saved.id or 0) == changed


@ROUND_TRIP
@given(data=st.data())
def test_message_round_trip(repo: Repository, data: st.DataObject) -> None:
    owner = repo.save_debrief(Debrief(started_at=NOW))
    assert owner.id is not None
    message = data.draw(message_for(owner.id))
    saved = repo.save_message(message)
    assert saved.id is not None
    # A message without an outcome is stored with its debrief's (undecided here).
    expected = dataclasses.replace(message, outcome=message.outcome or Outcome.UNDECIDED)
    assert dataclasses.replace(saved, id=None) == expected
    assert repo.messages_for(owner.id) == [saved]

    update = dataclasses.replace(data.draw(message_for(owner.id)), id=saved.id)
    kept = saved.outcome if saved.status is MessageStatus.SENT else Outcome.UNDECIDED
    stored = dataclasses.replace(update, outcome=update.outcome or kept)
    assert repo.save_message(update) == stored
    assert repo.messages_for(owner.id) == [stored]


def test_a_sent_message_keeps_the_outcome_it_was_sent_under(repo: Repository) -> None:
    owner = repo.save_debrief(Debrief(started_at=NOW, decision=Decision(Outcome.ON_HOLD)))
    assert owner.id is not None
    update = repo.save_message(
        Message(owner.id, "on_hold", "s", "b", NOW, status=MessageStatus.SENT, sent_at=NOW)
    )
    assert update.outcome is Outcome.ON_HOLD
    repo.save_debrief(owner.with_decision(outcome=Outcome.REJECT))
    again = repo.save_message(dataclasses.replace(update, outcome=None, subject="s2"))
    assert again.outcome is Outcome.ON_HOLD
    draft = repo.save_message(Message(owner.id, "reject", "s", "b", NOW))
    assert draft.outcome is Outcome.REJECT


def test_a_message_for_a_missing_debrief(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.save_message(Message(4242, "t", "s", "b", NOW))


def test_one_megabyte_texts_round_trip(repo: Repository) -> None:
    unit = "évidence 🙂 مرحبا שלום e\u0301 "
    big = unit * (1_048_576 // len(unit) + 1)
    assert len(big) > 1_048_576
    debrief = Debrief(
        started_at=NOW,
        candidate=Candidate("Łukasz Żółć", "Łukasz", "l@example.org"),
        competencies=(Competency("Communication", Rating.STRONG_YES, big),),
        key_takeaways=big,
        strengths=big[::-1],
        growth_areas=big,
        private_notes=big + "end",
    )
    saved = repo.save_debrief(debrief)
    assert saved.id is not None
    loaded = repo.get_debrief(saved.id)
    assert loaded.private_notes == big + "end"
    assert loaded == saved
    message = repo.save_message(
        Message(debrief_id=saved.id, template_id="reject", subject="Re: ✉️", body=big,
                created_at=NOW)
    )  # fmt: skip
    assert repo.messages_for(saved.id) == [message]


def test_messages_are_kept_in_order(repo: Repository) -> None:
    owner = repo.save_debrief(Debrief(started_at=NOW))
    assert owner.id is not None
    ids = [
        repo.save_message(
            Message(owner.id, kind, f"Subject {kind}", "Body", NOW + timedelta(days=n))
        ).id
        for n, kind in enumerate(("follow_up", "status_update", "thank_you"))
    ]
    assert [m.id for m in repo.messages_for(owner.id)] == ids
    assert [m.template_id for m in repo.messages_for(owner.id)] == [
        "follow_up", "status_update", "thank_you",
    ]  # fmt: skip


def test_missing_rows(repo: Repository) -> None:
    with pytest.raises(NotFound):
        repo.get_debrief(12345)
    with pytest.raises(NotFound):
        repo.save_debrief(Debrief(started_at=NOW, id=12345))
    owner = repo.save_debrief(Debrief(started_at=NOW))
    assert owner.id is not None
    with pytest.raises(NotFound):
        repo.save_message(Message(owner.id, "t", "s", "b", NOW, id=999))


def test_delete_removes_scorecard_and_messages(repo: Repository) -> None:
    saved = repo.save_debrief(
        Debrief(started_at=NOW, competencies=(Competency("Communication"), Competency("Depth")))
    )
    assert saved.id is not None
    repo.save_message(Message(saved.id, "t", "s", "b", NOW))
    repo.delete_debrief(saved.id)
    assert repo.count_debriefs() == 0
    assert repo.messages_for(saved.id) == []
    with pytest.raises(NotFound):
        repo.get_debrief(saved.id)


def test_add_debriefs_in_one_go(repo: Repository) -> None:
    batch = [
        Debrief(started_at=NOW, candidate=Candidate(f"Person {n}"),
                competencies=(Competency("Communication", Rating.YES, f"said {n}"),))
        for n in range(25)
    ]  # fmt: skip
    assert repo.add_debriefs(batch) == 25
    assert repo.count_debriefs() == 25
    assert repo.get_debrief(25).competencies == (
        Competency("Communication", Rating.YES, "said 24"),
    )


def test_roles_most_recent_first(repo: Repository) -> None:
    for days, role in enumerate(("Designer", "Engineer", "Designer", "")):
        repo.save_debrief(
            Debrief(started_at=NOW + timedelta(days=days), interview=Interview(role=role))
        )
    assert repo.roles() == ["Designer", "Engineer"]


# -- settings -----------------------------------------------------------------------------

settings_strategy = st.builds(
    Settings,
    interviewer_name=texts,
    interviewer_title=texts,
    interviewer_email=texts,
    signature=texts,
    company=texts,
    respond_within_days=st.integers(min_value=0, max_value=60),
    reading_ease_min=st.floats(min_value=0, max_value=100),
    competencies_by_role=st.dictionaries(texts, st.lists(texts, max_size=6).map(tuple)),
    welcome_done=st.booleans(),
    team_templates_dir=texts,
    update_every_days=st.integers(min_value=0, max_value=60),
    working_days=st.sets(st.integers(min_value=0, max_value=6), min_size=1).map(
        lambda days: tuple(sorted(days))
    ),
    holiday_country=st.sampled_from(["", "US", "GB", "DE", "XX"]) | texts,
    holiday_subdivision=st.sampled_from(["", "ENG", "CA", "ZZ"]) | texts,
    keep_recent_days=st.integers(min_value=0, max_value=400),
    keep_daily=st.integers(min_value=0, max_value=400),
    keep_weekly=st.integers(min_value=0, max_value=400),
    retention_days=st.integers(min_value=0, max_value=3650),
)


def test_settings_strategy_covers_every_field() -> None:
    assert field_names(Settings) == {
        "interviewer_name", "interviewer_title", "interviewer_email", "signature", "company",
        "respond_within_days", "reading_ease_min", "competencies_by_role", "welcome_done",
        "team_templates_dir", "update_every_days", "working_days", "holiday_country",
        "holiday_subdivision", "keep_recent_days", "keep_daily", "keep_weekly", "retention_days",
    }  # fmt: skip


@ROUND_TRIP
@given(chosen=settings_strategy)
def test_settings_round_trip(repo: Repository, chosen: Settings) -> None:
    repo.save_settings(chosen)
    assert repo.load_settings() == chosen


def test_settings_default_when_missing_or_unreadable(repo: Repository) -> None:
    assert repo.load_settings() == Settings()
    repo.set_preference("settings", "{not json")
    assert repo.load_settings() == Settings()


def test_settings_ignore_unknown_keys(repo: Repository) -> None:
    repo.set_preference("settings", '{"company": "Acme", "from_the_future": 1}')
    assert repo.load_settings() == Settings(company="Acme")


def test_preferences(repo: Repository) -> None:
    assert repo.get_preference("window") is None
    repo.set_preference("window", "one")
    repo.set_preference("window", "two ✓")
    assert repo.get_preference("window") == "two ✓"


# -- Home, the old call (before filters): everything not archived, open ones first -------


def at(day: int) -> datetime:
    return datetime(2026, 1, day, 12, 0, tzinfo=UTC)


def add(
    repo: Repository,
    name: str,
    interview_day: int | None,
    *,
    completed: bool = False,
    messages: tuple[tuple[MessageStatus, int], ...] = (),
) -> int:
    saved = repo.save_debrief(
        Debrief(
            started_at=at(1),
            candidate=Candidate(name),
            interview=Interview(role="Engineer", stage="Onsite",
                                at=None if interview_day is None else at(interview_day)),
            decision=Decision(outcome=Outcome.ADVANCE),
            completed_at=at(20) if completed else None,
        )
    )  # fmt: skip
    assert saved.id is not None
    for status, day in messages:
        repo.save_message(
            Message(
                saved.id, "advance", "s", "b", at(day), status=status,
                copied_at=at(day) if status is not MessageStatus.DRAFT else None,
                sent_at=at(day) if status is MessageStatus.SENT else None,
            )
        )  # fmt: skip
    return saved.id


@pytest.fixture
def home(repo: Repository) -> Repository:
    add(repo, "In progress", 10)
    add(repo, "Completed", 5, completed=True)
    add(repo, "Copied", 8, completed=True, messages=((MessageStatus.COPIED, 9),))
    add(repo, "Undated", None)
    add(repo, "Sent early", 1, completed=True, messages=((MessageStatus.SENT, 3),))
    add(repo, "Sent late", 2, completed=True, messages=((MessageStatus.SENT, 6),))
    add(repo, "Draft", 3, messages=((MessageStatus.DRAFT, 4),))
    add(repo, "Undated too", None, completed=True)
    add(
        repo, "Sent then new draft", 4, completed=True,
        messages=((MessageStatus.SENT, 5), (MessageStatus.DRAFT, 12)),
    )  # fmt: skip
    return repo


def test_old_call_lists_open_then_sent(home: Repository) -> None:
    rows = home.list_summaries(show="all")
    names = [row.candidate_name for row in rows]
    assert names[:4] == ["Draft", "Completed", "Copied", "In progress"]  # by due date
    assert names[4:6] == ["Undated", "Undated too"]  # undated after the dated open ones
    # Closed, newest sent first ("Sent then new draft": its final message went out).
    assert names[6:] == ["Sent late", "Sent then new draft", "Sent early"]
    assert rows == home.list_summaries(show="all")


def test_home_pages_join_up(home: Repository) -> None:
    whole = home.list_summaries(show="all")
    pages = [home.list_summaries(show="all", offset=n, limit=4) for n in (0, 4, 8)]
    assert [row for page in pages for row in page] == whole
    assert home.list_summaries(show="all", offset=100) == []


def test_home_states_and_dates(home: Repository) -> None:
    rows = {row.candidate_name: row for row in home.list_summaries(show="all")}
    expected = {
        "In progress": (FollowUpState.IN_PROGRESS, None),
        "Undated": (FollowUpState.IN_PROGRESS, None),
        "Completed": (FollowUpState.TO_SEND, at(20)),
        "Undated too": (FollowUpState.TO_SEND, at(20)),
        "Draft": (FollowUpState.TO_SEND, None),
        "Sent then new draft": (FollowUpState.SENT, at(5)),
        "Copied": (FollowUpState.COPIED, at(9)),
        "Sent early": (FollowUpState.SENT, at(3)),
        "Sent late": (FollowUpState.SENT, at(6)),
    }
    assert {name: (row.state, row.state_changed_at) for name, row in rows.items()} == expected
    for row in rows.values():
        if row.interview_at is None:
            assert row.respond_by is None
            assert row.due_on is None
        else:
            assert row.respond_by == respond_by(row.interview_at, 2)
            assert row.due_on == (None if row.state is FollowUpState.SENT else row.respond_by)
        assert row.role == "Engineer"
        assert row.stage == "Onsite"
        assert row.outcome is Outcome.ADVANCE
        assert row.candidate_id > 0
    assert rows["Completed"].respond_by == date(2026, 1, 7)  # Mon 5 Jan + 2 business days


def test_home_on_an_empty_database(repo: Repository) -> None:
    assert repo.list_summaries(show="all") == []
    assert repo.list_summaries() == []
    assert repo.count_debriefs() == 0
