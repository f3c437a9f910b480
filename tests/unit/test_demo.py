"""Demo data: varied, current, renders cleanly, populates a real database, carries the coach's
counts of its notes, and tells a story on the Insights page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.compose import build_context, builtin_templates, render_source
from followup_desktop.demo import (
    demo_debriefs,
    demo_items,
    demo_settings,
    populate,
    sample_debrief,
)
from followup_desktop.domain.choices import MessageStatus, Outcome, Rating, Step
from followup_desktop.domain.followups import FollowUpState
from followup_desktop.insights import Period, compute
from followup_desktop.insights.coaching import count_findings
from followup_desktop.storage.database import DB_FILENAME, open_database
from followup_desktop.storage.repository import Repository

NOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
A_WEEK = [NOW + timedelta(days=n) for n in range(7)]


def test_demo_settings_sign_as_a_named_person() -> None:
    config = demo_settings()
    assert config.interviewer_name.strip() and config.company.strip()
    assert config.interviewer_title and config.interviewer_email and config.signature
    assert "team" not in config.interviewer_name.lower()
    assert config.welcome_done


@pytest.mark.parametrize("now", A_WEEK, ids=lambda moment: moment.strftime("%a"))
def test_demo_debriefs_are_varied_and_current(now: datetime) -> None:
    items = demo_debriefs(now)
    assert len(items) == 69  # 9 written by hand, 60 earlier ones from the history pools
    assert demo_debriefs(now) == items  # the same every time (a fixed seed)
    debriefs = [debrief for debrief, _ in items]
    oldest = min(debrief.interview.at for debrief in debriefs if debrief.interview.at)
    assert (now - oldest).days >= 180  # several months
    assert {debrief.decision.outcome for debrief in debriefs} == set(Outcome)
    assert len({debrief.interview.role for debrief in debriefs}) >= 5
    assert len({debrief.candidate.name for debrief in debriefs}) == len(debriefs)
    assert any(debrief.step is not Step.FOLLOW_UP for debrief in debriefs)
    statuses = {message.status for _, messages in items for message in messages}
    assert statuses == set(MessageStatus)
    for debrief, messages in items:
        assert debrief.id is None
        assert debrief.interview.at is not None
        assert debrief.interview.at <= now
        assert debrief.interview.at.weekday() < 5
        assert debrief.started_at <= now
        assert debrief.completed_at is None or debrief.completed_at <= now
        assert debrief.competencies
        for item in debrief.competencies:
            assert (item.rating is Rating.NOT_ASSESSED) == (not item.evidence)
        for message in messages:
            assert message.debrief_id == 0 and message.id is None
            assert message.created_at <= now
            assert (message.sent_at is not None) == (message.status is MessageStatus.SENT)
            assert message.subject and message.body.startswith("Hi ")
            assert debrief.private_notes not in message.body


def test_sample_debrief_fills_everything() -> None:
    debrief = sample_debrief(NOW)
    context = build_context(debrief, demo_settings(), today=NOW.date())
    assert "signature" in context
    for name in ("next_steps", "next_step_date", "offer_start_date", "offer_manager", "stage"):
        assert name in context
    assert context["strengths"] and context["growth_areas"]
    assert debrief.private_notes and debrief.key_takeaways
    for template in builtin_templates():
        outcome = template.outcome or Outcome.UNDECIDED
        fitted = sample_debrief(NOW, outcome)
        assert fitted.decision.outcome is outcome
        render_source(template.source, build_context(fitted, demo_settings(), today=NOW.date()))


@pytest.mark.parametrize("now", A_WEEK, ids=lambda moment: moment.strftime("%a"))
def test_populate_writes_everything(tmp_path: Path, now: datetime) -> None:
    conn = open_database(tmp_path / DB_FILENAME)
    repo = Repository(conn, tmp_path / DB_FILENAME, clock=lambda: now)
    try:
        count = populate(repo, now)
        assert count == len(demo_debriefs(now)) == repo.count_debriefs()
        assert repo.load_settings() == demo_settings()
        assert repo.load_settings().welcome_done
        summaries = repo.list_summaries(show="all", limit=500)
        archived = repo.list_summaries(show="archived", limit=500)
        assert len(summaries) + len(archived) == count
        # Never decided, put away: archived, so Home stays a short to-do list.
        assert archived and all(item.outcome in (Outcome.UNDECIDED, Outcome.ON_HOLD)
                                for item in archived)  # fmt: skip
        assert sum(item.is_open for item in summaries) == 5
        today: date = now.astimezone().date()
        overdue = [item for item in summaries if item.days_overdue(today) > 0]
        assert [item.candidate_name for item in overdue] == ["Dmitri Volkov"]
        states = {item.state for item in summaries}
        assert states == set(FollowUpState)
        everyone = [*summaries, *archived]
        messages = [message for item in everyone for message in repo.messages_for(item.id)]
        assert len(messages) == sum(len(found) for _, found in demo_debriefs(now))
    finally:
        repo.close()


def test_the_coach_counts_in_the_demo_are_the_coachs() -> None:
    """The counts the demo stores (so that filling it never waits on the coach) are what the
    coach finds in each debrief's notes."""
    for item in demo_items(NOW):
        assert dict(item.coach) == count_findings(item.debrief), item.debrief.candidate.name


@pytest.mark.parametrize("now", A_WEEK[:2], ids=lambda moment: moment.strftime("%a"))
def test_the_demo_tells_a_story_on_the_insights_page(tmp_path: Path, now: datetime) -> None:
    conn = open_database(tmp_path / DB_FILENAME)
    repo = Repository(conn, tmp_path / DB_FILENAME, clock=lambda: now)
    try:
        populate(repo, now)
        today = now.astimezone().date()
        everything = compute(repo, Period.ALL, today, repo.timeline)
        months = [step for step in everything.steps if step.debriefs]
        first, last = months[0], months[-1]
        assert len(months) >= 6
        assert everything.current.coach_unknown == 0  # every demo debrief counted
        # Getting faster: notes, and the first word to the candidate.
        assert first.started.value and last.started.value
        assert first.started.value > 5 * last.started.value
        assert first.reply_days.value and last.reply_days.value is not None
        assert first.reply_days.value > last.reply_days.value
        assert first.on_time.value is not None and last.on_time.value is not None
        assert first.on_time.value < 50 < last.on_time.value
        # Vague wording going down; biased remarks early only.
        assert first.coach["vague"].value and last.coach["vague"].value is not None
        assert first.coach["vague"].value > last.coach["vague"].value
        assert (first.coach["bias"].value or 0) > (last.coach["bias"].value or 0)
        # Every outcome, some late follow-ups, late decisions with an update.
        assert {outcome for _, counts in everything.stages for outcome, n in counts if n} == set(
            Outcome
        )
        assert everything.current.on_time.part < everything.current.on_time.count
        assert everything.current.updated.count >= 3
        # The last 30 days compare with the 30 before.
        recent = compute(repo, Period.LAST_30_DAYS, today, repo.timeline)
        assert recent.before is not None and recent.before.debriefs > 0
        assert recent.current.started.value is not None and recent.before.started.value
        assert recent.current.started.value < recent.before.started.value
    finally:
        repo.close()
