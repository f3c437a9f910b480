"""The Insights figures on fixed data, worked out by hand: periods, medians, business days,
on-time replies, late decisions, open follow-ups, outcomes by stage, the coach's counts,
the sentences (up, down, the same, nothing to compare with; singular, plural, zero), and
the CSV files.

Times are local (``at``), so each interview's local date is the one written here whatever
the machine's time zone. TODAY is Wednesday 11 March 2026; "this quarter" is 1 January to
11 March, "last quarter" October to December 2025. Deadlines: 2 business days, Monday to
Friday, no holidays (the default settings).
"""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from followup_desktop.domain.choices import MessageStatus, Outcome, Rating
from followup_desktop.domain.model import (
    Candidate,
    Competency,
    Debrief,
    Decision,
    Interview,
    Message,
)
from followup_desktop.domain.timeline import Timeline
from followup_desktop.insights import Period, compute, empty_text, sections
from followup_desktop.insights.coaching import count_findings, notes_key
from followup_desktop.insights.export import (
    FIGURES_HEADER,
    ROWS_HEADER,
    safe_cell,
    write_debrief_rows,
    write_figures,
)
from followup_desktop.insights.figures import Insights, Measures, Value, WorkingDays, median
from followup_desktop.insights.periods import Span, Step, buckets, spans, step_for
from followup_desktop.insights.wording import change, duration, percent, plural
from followup_desktop.storage.repository import Repository

NOW = datetime(2026, 3, 11, 15, 0, tzinfo=UTC)
TODAY = date(2026, 3, 11)
TIMELINE = Timeline()


def at(day: date, hour: float) -> datetime:
    """A local, aware time on ``day``."""
    return (datetime(day.year, day.month, day.day) + timedelta(hours=hour)).astimezone()


def debrief(
    day: date,
    *,
    started: float,
    completed: float | None = None,
    outcome: Outcome = Outcome.UNDECIDED,
    stage: str = "Technical interview",
    feedback: bool = False,
    growth: str = "",
    interview_hour: float = 10,
) -> Debrief:
    """A debrief interviewed at ``interview_hour`` on ``day``, started ``started`` hours and
    completed ``completed`` hours after it."""
    interview = at(day, interview_hour)
    return Debrief(
        started_at=interview + timedelta(hours=started),
        candidate=Candidate(f"Candidate {day} {interview_hour}"),
        interview=Interview(role="Engineer", stage=stage, at=interview),
        growth_areas=growth,
        decision=Decision(outcome=outcome, share_feedback=feedback),
        completed_at=None if completed is None else interview + timedelta(hours=completed),
    )


def sent(day: date, hour: float, outcome: Outcome, *, copied_only: bool = False) -> Message:
    moment = at(day, hour)
    return Message(
        debrief_id=0,
        template_id=outcome.value,
        subject="Hello",
        body="Hi",
        created_at=moment - timedelta(minutes=10),
        status=MessageStatus.COPIED if copied_only else MessageStatus.SENT,
        copied_at=moment,
        sent_at=None if copied_only else moment + timedelta(minutes=5),
        outcome=outcome,
    )


MAR = 3


def fill(repo: Repository) -> dict[str, int]:
    """Five debriefs this quarter and one last quarter (see each line), with coach counts."""
    ids = repo.import_debriefs(
        [
            # A, Mon 2 Mar: notes after 1.5 h, done after 3 h; rejected with feedback; copied
            # Tue 3 (1 business day; respond-by Wed 4: on time).
            (
                debrief(
                    date(2026, MAR, 2),
                    started=1.5,
                    completed=3,
                    outcome=Outcome.REJECT,
                    feedback=True,
                    growth="Depth on indexing",
                ),
                [sent(date(2026, MAR, 3), 9, Outcome.REJECT)],
            ),
            # B, Tue 3 Mar: 0.5 h, 2 h; rejected without feedback; sent Fri 6 (3 business
            # days; respond-by Thu 5: late).
            (
                debrief(
                    date(2026, MAR, 3),
                    started=0.5,
                    completed=2,
                    outcome=Outcome.REJECT,
                    stage="Phone screen",
                ),
                [sent(date(2026, MAR, 6), 10, Outcome.REJECT)],
            ),
            # C, Wed 4 Mar: started at once, never finished, undecided, nothing sent:
            # respond-by Fri 6 has passed (late reply, late decision without an update).
            (debrief(date(2026, MAR, 4), started=0), []),
            # D, Thu 5 Mar: 2 h, 4 h; undecided; a status update Mon 9 (2 business days;
            # respond-by Mon 9: on time; still undecided after it: a late decision, updated).
            (
                debrief(date(2026, MAR, 5), started=2, completed=4),
                [sent(date(2026, MAR, 9), 10, Outcome.UNDECIDED)],
            ),
            # E, Mon 9 Mar: 1 h, 1.5 h; advance; nothing sent yet, respond-by Wed 11 = today:
            # not due yet.
            (debrief(date(2026, MAR, 9), started=1, completed=1.5, outcome=Outcome.ADVANCE), []),
            # P, Mon 1 Dec 2025 (last quarter): 4 h, 6 h; rejected with feedback; sent Fri 5
            # (4 business days; respond-by Wed 3: late).
            (
                debrief(
                    date(2025, 12, 1),
                    started=4,
                    completed=6,
                    outcome=Outcome.REJECT,
                    feedback=True,
                    growth="Testing",
                ),
                [sent(date(2025, 12, 5), 10, Outcome.REJECT)],
            ),
        ]
    )
    named = dict(zip("ABCDEP", ids, strict=True))
    repo.save_coach_counts(named["A"], {"vague": 2, "bias": 1})
    repo.save_coach_counts(named["B"], {})
    repo.save_coach_counts(named["D"], {"vague": 1, "evidence": 1})
    repo.save_coach_counts(named["P"], {"vague": 3})
    return named


@pytest.fixture
def filled(repo: Repository) -> Repository:
    fill(repo)
    return repo


def quarter(repo: Repository) -> Insights:
    return compute(repo, Period.QUARTER, TODAY, TIMELINE)


# -- the figures --------------------------------------------------------------------------


def test_the_quarter_worked_out_by_hand(filled: Repository) -> None:
    found = quarter(filled)
    now, before = found.current, found.before
    assert found.span == Span(date(2026, 1, 1), date(2026, 3, 12), "this quarter")
    assert found.previous == Span(date(2025, 10, 1), date(2026, 1, 1), "last quarter")
    assert now.debriefs == 5
    # Started after 1.5, 0.5, 0, 2, 1 hours: the middle one is 1. Finished (A, B, D, E)
    # after 3, 2, 4, 1.5: between 2 and 3.
    assert now.started == Value(1.0, 5)
    assert now.finished == Value(2.5, 4)
    # First word after 1 (A), 3 (B) and 2 (D) business days.
    assert now.reply_days == Value(2.0, 3)
    # Due: A, B, D (sent) and C (owed since Fri 6); E is not due until today. On time: A, D.
    assert now.on_time == Value(50.0, 4, 2)
    assert now.decided == Value(60.0, 5, 3)  # A, B, E; C and D undecided
    assert now.feedback == Value(50.0, 2, 1)  # A of A and B
    assert now.updated == Value(50.0, 2, 1)  # late: C (no update) and D (updated)
    # Coach: A, B, D counted (2+0+1 vague, 1 bias, 1 evidence); C and E not yet.
    assert now.coach["vague"] == Value(1.0, 3, 3)
    assert now.coach["bias"].value == pytest.approx(1 / 3)
    assert now.coach["evidence"].value == pytest.approx(1 / 3)
    assert now.coach["other"] == Value(0.0, 3, 0)
    assert now.coach_unknown == 2

    assert before is not None
    assert (before.debriefs, before.started, before.finished) == (1, Value(4.0, 1), Value(6.0, 1))
    assert before.reply_days == Value(4.0, 1)
    assert before.on_time == Value(0.0, 1, 0)
    assert before.feedback == Value(100.0, 1, 1)
    assert before.updated == Value(None, 0, 0)  # no late decision: nothing to compare
    assert before.coach["vague"] == Value(3.0, 1, 3)

    # Open today: C (overdue since Fri 6), D (next update due Thu 12), E (due today).
    assert (found.open.count, found.open.overdue, found.open.oldest_days) == (3, 1, 7)
    assert found.open.by_age[:2] == (("0-2", 1, 0), ("3-7", 1, 1))
    # Outcomes by stage: the busiest stage first.
    assert [stage for stage, _ in found.stages] == ["Technical interview", "Phone screen"]
    technical = dict(found.stages[0][1])
    assert technical[Outcome.REJECT] == 1
    assert technical[Outcome.UNDECIDED] == 2
    assert technical[Outcome.ADVANCE] == 1


def test_the_quarter_in_words(filled: Repository) -> None:
    said = {section.key: section.sentences for section in sections(quarter(filled))}
    assert said["notes"] == (
        "You typically started your notes 1 hour after the interview this quarter, down from "
        "4 hours last quarter.",
        "You typically finished them 2.5 hours after the interview, down from 6 hours last "
        "quarter.",
    )
    assert said["replies"] == (
        "You sent 50% of follow-ups within 2 business days this quarter (2 of 4), up from 0% "
        "last quarter.",
        "Candidates typically heard from you 2 business days after the interview, down from 4 "
        "business days last quarter.",
    )
    assert said["open"] == (
        "3 follow-ups from this quarter are still open, 1 of them overdue; the oldest "
        "interview was 7 days ago.",
    )
    assert said["decisions"] == (
        "You reached a decision on 60% of your interviews this quarter (3 of 5), down from "
        "100% last quarter.",
    )
    assert said["coach"] == (
        "The coach found 1 vague phrase per debrief in your notes this quarter, down from 3 "
        "last quarter.",
        "It found 0.3 biased or risky phrases per debrief, up from none last quarter.",
        "It found 0.3 ratings with too little evidence per debrief, up from none last quarter.",
        "2 debriefs are not counted yet: the coach counts them while you leave the app alone.",
    )
    assert said["follow_through"] == (
        "You shared specific feedback with 50% of the candidates you turned down this quarter "
        "(1 of 2), down from 100% last quarter.",
        # Last quarter had no late decision: no comparison.
        "When a decision ran late, you sent a status update 50% of the time this quarter (1 of 2).",
    )


def test_the_chart_steps_are_weeks_with_their_own_figures(filled: Repository) -> None:
    found = quarter(filled)
    labels = [bucket.label for bucket in found.buckets]
    assert labels[0] == "29 Dec" and labels[-1] == "9 Mar" and len(labels) == 11
    assert found.buckets[0].start == date(2026, 1, 1)  # cut to the quarter
    week_of_2 = found.steps[labels.index("2 Mar")]
    week_of_9 = found.steps[labels.index("9 Mar")]
    assert (week_of_2.debriefs, week_of_9.debriefs) == (4, 1)
    assert week_of_2.started.value == 1.0  # 1.5, 0.5, 0, 2
    assert week_of_9.started.value == 1.0 and week_of_9.on_time.count == 0
    assert all(step.debriefs == 0 for step in found.steps[:-2])
    charts = {section.key: section.chart for section in sections(found)}
    started = charts["notes"].series[0]
    assert started.values[-2:] == (1.0, 1.0) and started.values[0] is None
    assert charts["open"].categories[0] == "0-2"
    assert charts["decisions"].categories == ("Technical interview", "Phone screen")
    assert [series.key for series in charts["coach"].series] == ["vague", "bias", "evidence"]


def test_all_time_has_no_comparison_and_steps_by_month(filled: Repository) -> None:
    found = compute(filled, Period.ALL, TODAY, TIMELINE)
    assert found.previous is None and found.before is None
    assert found.span.start == date(2025, 12, 1)
    assert [bucket.label for bucket in found.buckets] == ["Dec 2025", "Jan 2026", "Feb 2026",
                                                          "Mar 2026"]  # fmt: skip
    assert found.current.debriefs == 6
    assert found.current.started.value == 1.25  # 0, 0.5, 1, 1.5, 2, 4
    said = {section.key: section.sentences for section in sections(found)}
    # 1.25 is written with one decimal, rounded half to even
    assert said["notes"][0] == "You typically started your notes 1.2 hours after the interview."
    assert said["replies"][0] == "You sent 40% of follow-ups within 2 business days (2 of 5)."


def test_an_empty_database(repo: Repository) -> None:
    for period in Period:
        found = compute(repo, period, TODAY, TIMELINE)
        assert found.empty and found.current.debriefs == 0
        assert found.current.started.value is None and found.open.count == 0
        text = empty_text(found)
        assert "once you have written a debrief" in text and "Ctrl+N" in text
    said = {s.key: s.sentences for s in sections(compute(repo, Period.QUARTER, TODAY, TIMELINE))}
    assert said["notes"] == () and said["decisions"] == ()
    assert said["replies"][0] == "No follow-up was due yet this quarter."
    assert said["open"] == ("Every follow-up from this quarter is sent or archived: nobody is "
                            "waiting on you.",)  # fmt: skip
    assert said["follow_through"] == (
        "You did not turn anyone down this quarter.",
        "No decision ran past its respond-by date this quarter.",
    )


def test_an_empty_period_with_earlier_debriefs(filled: Repository) -> None:
    found = compute(filled, Period.QUARTER, date(2026, 7, 2), TIMELINE)  # Q3: nothing yet
    assert found.empty
    text = empty_text(found, earlier=True)
    assert text.startswith("No debriefs this quarter yet. Choose All time to see your earlier")


def test_a_single_debrief_without_a_decision(repo: Repository) -> None:
    repo.import_debriefs([(debrief(date(2026, MAR, 10), started=0.25), [])])
    found = quarter(repo)
    assert found.current.debriefs == 1
    assert found.current.started == Value(0.3, 1)  # 15 minutes, kept in tenths of an hour
    assert found.current.finished == Value(None, 0)
    assert found.current.decided == Value(0.0, 1, 0)
    assert found.before is not None and found.before.debriefs == 0
    said = {s.key: s.sentences for s in sections(found)}
    assert said["notes"][1] == "None of them is finished yet."
    assert said["decisions"] == ("Your one interview this quarter has no decision yet.",)
    # Respond-by is Thu 12: not due, nothing late.
    assert said["replies"] == (
        "No follow-up was due yet this quarter.",
        "No message to a candidate has left the app yet this quarter.",
    )
    assert said["open"] == ("1 follow-up from this quarter is still open: the interview was "
                            "yesterday.",)  # fmt: skip
    assert said["coach"][0].startswith("The coach has not counted the findings in your notes")


def test_a_rejection_with_and_without_feedback(repo: Repository) -> None:
    def rejected(day: int, growth: str) -> None:
        repo.import_debriefs(
            [(debrief(date(2026, MAR, day), started=1, completed=2, outcome=Outcome.REJECT,
                      feedback=True, growth=growth), [])]
        )  # fmt: skip

    rejected(2, "   ")
    said = dict((s.key, s.sentences) for s in sections(quarter(repo)))
    # Feedback ticked but no growth areas written: nothing specific to share.
    assert said["follow_through"][0] == (
        "You turned one candidate down this quarter, without specific feedback."
    )
    rejected(3, "System design at scale")
    found = quarter(repo)
    assert found.current.feedback == Value(50.0, 2, 1)


def test_a_late_decision_decided_after_a_status_update(repo: Repository) -> None:
    """Interviewed Mon 2 Mar (respond-by Wed 4), a status update Wed 4, then an offer sent
    Mon 9: a late decision with an update; the reply itself was on time (the update)."""
    repo.import_debriefs(
        [
            (
                debrief(date(2026, MAR, 2), started=1, completed=2, outcome=Outcome.OFFER),
                [
                    sent(date(2026, MAR, 4), 9, Outcome.UNDECIDED),
                    sent(date(2026, MAR, 9), 9, Outcome.OFFER, copied_only=True),
                ],
            ),
            # Decided and sent on time after an early thank-you: not late.
            (
                debrief(
                    date(2026, MAR, 2),
                    started=1,
                    completed=2,
                    outcome=Outcome.ADVANCE,
                    interview_hour=14,
                ),
                [
                    sent(date(2026, MAR, 2), 16, Outcome.UNDECIDED),
                    sent(date(2026, MAR, 3), 9, Outcome.ADVANCE),
                ],
            ),
        ]
    )
    found = quarter(repo)
    assert found.current.updated == Value(100.0, 1, 1)
    assert found.current.on_time == Value(100.0, 2, 2)
    assert found.current.reply_days == Value(1.0, 2)  # 2 (Wed 4) and 0 (the same day)
    said = dict((s.key, s.sentences) for s in sections(found))
    assert said["follow_through"][1] == (
        "One decision ran late this quarter, and you sent the candidate a status update."
    )


def test_archived_without_a_message_is_not_counted_late(repo: Repository) -> None:
    [kept] = repo.import_debriefs([(debrief(date(2026, MAR, 2), started=1), [])])
    assert quarter(repo).current.on_time == Value(0.0, 1, 0)
    repo.set_archived(kept, True)
    found = quarter(repo)
    assert found.current.on_time == Value(None, 0, 0)
    assert found.current.updated == Value(None, 0, 0)  # archived while undecided: put away
    assert found.open.count == 0


def test_open_follow_ups_by_age(repo: Repository) -> None:
    repo.import_debriefs(
        [(debrief(TODAY - timedelta(days=days), started=1), []) for days in (0, 3, 10, 20, 40)]
    )
    found = compute(repo, Period.YEAR, TODAY, TIMELINE)
    assert found.open.count == 5 and found.open.oldest_days == 40
    ages = [(label, waiting + late) for label, waiting, late in found.open.by_age]
    assert ages == [("0-2", 1), ("3-7", 1), ("8-14", 1), ("15-30", 1), ("31+", 1)]
    assert found.open.overdue == 4  # all but today's


def test_settings_deadlines_and_working_days_count(repo: Repository) -> None:
    """With three days to respond and Monday to Thursday as working days, B (Tue 3, sent
    Fri 6) took 2 business days (Wed, Thu) and was on time (respond-by Mon 9)."""
    fill(repo)
    timeline = Timeline(respond_within_days=3, working_days=frozenset({0, 1, 2, 3}))
    found = compute(repo, Period.QUARTER, TODAY, timeline)
    assert found.current.on_time.part == 3  # A, B and D
    said = dict((s.key, s.sentences) for s in sections(found))
    assert "within 3 business days" in said["replies"][0]


def test_stages_beyond_six_are_grouped(repo: Repository) -> None:
    stages = ["Screen", "Tech", "Design", "Onsite", "Final", "Culture", "Extra", ""]
    repo.import_debriefs(
        [
            (debrief(date(2026, MAR, 2), started=1, stage=stage, interview_hour=8 + index), [])
            for index, stage in enumerate(stages)
        ]
    )
    names = [stage for stage, _ in quarter(repo).stages]
    assert len(names) == 6 and names[-1] == "Other stages"
    assert "No stage given" in names


# -- pieces ---------------------------------------------------------------------------------


def test_median() -> None:
    assert median({}) is None
    assert median({5: 1}) == 5
    assert median({1: 1, 3: 1}) == 2
    assert median({1: 2, 10: 1}) == 1
    assert median({1: 1, 2: 1, 10: 2}) == 6


def test_working_days_between_dates() -> None:
    days = WorkingDays(Timeline())
    friday, monday = date(2026, 3, 6), date(2026, 3, 9)
    assert days.between(friday, monday) == 1
    assert days.between(monday, monday) == 0
    assert days.between(monday, friday) == 0
    assert days.between(date(2026, 2, 27), date(2026, 3, 13)) == 10
    assert days.between(date(2025, 1, 1), date(2025, 1, 8)) == 5  # grown backwards
    short = WorkingDays(Timeline(working_days=frozenset({0, 1, 2, 3})))
    assert short.between(date(2026, 3, 5), monday) == 1  # Thu -> Mon: Friday is off


def test_working_days_are_counted_once_for_a_run_of_dates() -> None:
    """Dates asked for in order, a few days apart, over three years: the calendar is
    counted a handful of times, not once per date (that made All time take seconds)."""

    class Counting(Timeline):
        asked = 0

        def is_working_day(self, day: date) -> bool:
            Counting.asked += 1
            return super().is_working_day(day)

    days = WorkingDays(Counting())
    start = date(2023, 1, 2)
    for offset in range(0, 3 * 365, 3):
        days.between(start + timedelta(days=offset), start + timedelta(days=offset + 4))
    assert Counting.asked < 10 * 365


def test_periods_and_their_previous_ones() -> None:
    wednesday = date(2026, 3, 11)
    now, before = spans(Period.LAST_30_DAYS, wednesday)
    assert (now.start, now.end) == (date(2026, 2, 10), date(2026, 3, 12))
    assert before is not None and (before.start, before.end) == (date(2026, 1, 11), now.start)
    now, before = spans(Period.YEAR, wednesday)
    assert (now.start, before and before.start) == (date(2026, 1, 1), date(2025, 1, 1))
    now, before = spans(Period.ALL, wednesday, date(2021, 5, 3))
    assert before is None and now.start == date(2021, 5, 3)
    assert step_for(Period.ALL, now) is Step.QUARTER
    assert buckets(now, Step.QUARTER)[0].label == "Q2 2021"
    assert step_for(Period.YEAR, now) is Step.MONTH
    _, before = spans(Period.QUARTER, date(2026, 1, 1))
    assert before == Span(date(2025, 10, 1), date(2026, 1, 1), "last quarter")


def insights_with(current: Measures, before: Measures | None) -> Insights:
    now, previous = spans(Period.QUARTER, TODAY)
    from followup_desktop.insights.figures import OpenFollowUps

    return Insights(
        period=Period.QUARTER,
        today=TODAY,
        span=now,
        previous=previous if before is not None else None,
        respond_within_days=2,
        current=current,
        before=before,
        buckets=(),
        steps=(),
        open=OpenFollowUps(0, 0, None, ()),
        stages=(),
    )


@pytest.mark.parametrize(
    ("now", "then", "said"),
    [
        (82.0, 64.0, ", up from 64% last quarter"),
        (64.0, 82.0, ", down from 82% last quarter"),
        (64.2, 63.9, ", the same as last quarter"),  # the same as it is written
        (64.0, None, ""),  # nothing measured last quarter
    ],
)
def test_change_words(now: float, then: float | None, said: str) -> None:
    current = Measures(debriefs=1, on_time=Value(now, 5, 4))
    before = Measures(debriefs=1, on_time=Value(then, 5 if then is not None else 0, 3))
    assert change(insights_with(current, before), lambda m: m.on_time, percent) == said
    assert change(insights_with(current, None), lambda m: m.on_time, percent) == ""


def test_numbers_in_words() -> None:
    assert [duration(h) for h in (0, 0.1, 0.5, 1, 1.5, 12.4, 47, 60)] == [
        "a few minutes", "6 minutes", "30 minutes", "1 hour", "1.5 hours", "12 hours",
        "47 hours", "2.5 days",
    ]  # fmt: skip
    assert plural(1, "day") == "1 day" and plural(0, "day") == "0 days"
    assert plural(0.96, "day") == "1 day" and plural(1200, "debrief") == "1,200 debriefs"


def test_sentences_for_one_follow_up() -> None:
    current = Measures(debriefs=1, on_time=Value(100.0, 1, 1), reply_days=Value(0.0, 1))
    said = sections(insights_with(current, Measures()))[1].sentences
    assert said == (
        "You sent your one follow-up within 2 business days this quarter.",
        "Candidates typically heard from you on the day of the interview.",
    )
    current = replace(current, on_time=Value(0.0, 1, 0))
    said = sections(insights_with(current, Measures(on_time=Value(50.0, 2, 1))))[1].sentences
    assert said[0] == (
        "Your one follow-up this quarter was not sent within 2 business days, down from 50% "
        "last quarter."
    )


# -- storage: the facts the triggers keep -------------------------------------------------


def test_facts_follow_every_write(repo: Repository) -> None:
    [first] = repo.import_debriefs([(debrief(date(2026, MAR, 2), started=1), [])])
    assert quarter(repo).current.reply_days.count == 0
    message = repo.save_message(
        replace(sent(date(2026, MAR, 3), 9, Outcome.UNDECIDED), debrief_id=first)
    )
    assert quarter(repo).current.reply_days == Value(1.0, 1)
    repo.save_message(replace(message, status=MessageStatus.DRAFT, copied_at=None, sent_at=None))
    assert quarter(repo).current.reply_days.count == 0
    saved = repo.get_debrief(first)
    repo.save_debrief(saved.with_decision(outcome=Outcome.ADVANCE))
    assert quarter(repo).current.decided == Value(100.0, 1, 1)
    repo.delete_debrief(first)
    assert quarter(repo).empty
    assert repo.coach_counts(first) is None


def test_coach_counts_are_unknown_until_saved(repo: Repository) -> None:
    [first] = repo.import_debriefs([(debrief(date(2026, MAR, 2), started=1), [])])
    assert repo.coach_counts(first) is None
    assert repo.save_coach_counts(first, {"vague": 2, "tone": 1})
    assert repo.coach_counts(first) == {"vague": 2, "bias": 0, "evidence": 0, "other": 1}
    assert not repo.save_coach_counts(first + 1, {"vague": 1})  # no such debrief
    # Saving the debrief again keeps the counts (the app counts again after each save).
    repo.save_debrief(repo.get_debrief(first).with_interview(stage="Final"))
    assert repo.coach_counts(first) == {"vague": 2, "bias": 0, "evidence": 0, "other": 1}


def test_uncounted_debriefs_come_newest_first_from_their_own_index(repo: Repository) -> None:
    ids = repo.import_debriefs(
        [(debrief(date(2026, MAR, day), started=1), []) for day in (2, 3, 4)]
    )
    assert repo.uncounted_debriefs(10) == sorted(ids, reverse=True)
    assert repo.uncounted_debriefs(2) == sorted(ids, reverse=True)[:2]
    repo.save_coach_counts(ids[-1], {})  # counted, and nothing found: no longer uncounted
    assert repo.uncounted_debriefs(10) == sorted(ids[:-1], reverse=True)
    plan = " ".join(
        row[3]
        for row in repo.connection.execute(
            "EXPLAIN QUERY PLAN SELECT debrief_id FROM debrief_facts INDEXED BY"
            " debrief_facts_uncounted WHERE coach_counted_at IS NULL ORDER BY debrief_id DESC"
        )
    )
    assert "debrief_facts_uncounted" in plan and "TEMP B-TREE" not in plan


def test_every_insight_query_reads_its_own_index(repo: Repository) -> None:
    from followup_desktop.storage.insights_rows import MONTHLY, QUERIES, _params

    params = _params(date(2026, 1, 1), date(2026, 3, 12), TODAY)
    for name, (index, query) in {**QUERIES, **{f"{k} monthly": v for k, v in MONTHLY.items()}
                                 }.items():  # fmt: skip
        plan = " ".join(row[3] for row in repo.connection.execute(f"EXPLAIN QUERY PLAN {query}",
                                                                   params))  # fmt: skip
        assert f"INDEX {index}" in plan, (name, plan)
        assert "COVERING" in plan, (name, plan)


# -- the coach's counts -------------------------------------------------------------------


def test_count_findings_counts_the_notes_by_category() -> None:
    notes = Debrief(
        started_at=NOW,
        key_takeaways="Not a culture fit. Seemed smart.",
        competencies=(Competency("Design", Rating.STRONG_YES, ""),),
        private_notes="She is too old for this team.",
    )
    counts = count_findings(notes)
    assert counts.get("vague", 0) >= 2
    assert counts.get("bias", 0) >= 1
    assert counts.get("evidence", 0) >= 1
    assert count_findings(Debrief(started_at=NOW)) == {}
    assert notes_key(notes) != notes_key(replace(notes, private_notes=""))
    assert notes_key(notes) == notes_key(replace(notes, step=notes.step, id=4))


# -- export ---------------------------------------------------------------------------------


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def test_figures_csv(filled: Repository, tmp_path: Path) -> None:
    path = tmp_path / "figures.csv"
    count = write_figures(path, quarter(filled))
    rows = read_csv(path)
    assert rows[0] == list(FIGURES_HEADER) and len(rows) == count + 1
    by_figure = {(row[0], row[3]): row for row in rows[1:]}
    on_time = by_figure["on_time", "this quarter"]
    assert on_time[4:12] == ["2026-01-01", "2026-03-11", "50", "4", "0", "2025-10-01",
                             "2025-12-31", "1"]  # fmt: skip
    assert by_figure["notes_finished", "this quarter"][6] == "2.5"
    assert by_figure["notes_started", "2 Mar"][6] == "1"
    assert by_figure["open", "today"][6] == "3"
    assert by_figure["coach_not_counted", "this quarter"][6] == "2"
    stages = [row for row in rows if row[0] == "outcome_by_stage"]
    assert ["Phone screen: Reject", "1"] in [[row[1], row[6]] for row in stages]


def test_debrief_rows_csv_has_no_names_and_no_formulas(repo: Repository, tmp_path: Path) -> None:
    fill(repo)
    repo.import_debriefs(
        [(debrief(date(2026, MAR, 10), started=1, stage='=HYPERLINK("http://x")'), [])]
    )
    found = quarter(repo)
    path = tmp_path / "rows.csv"
    assert write_debrief_rows(path, repo, found, TIMELINE) == 6
    text = path.read_text(encoding="utf-8")
    assert "Candidate" not in text and "indexing" not in text  # no names, no notes
    rows = read_csv(path)
    assert rows[0] == list(ROWS_HEADER)
    first = dict(zip(ROWS_HEADER, rows[1], strict=True))
    assert first == {
        "interview date": "2026-03-02", "stage": "Technical interview", "outcome": "Reject",
        "hours to notes started": "1.5", "hours to notes finished": "3",
        "first message on": "2026-03-03", "business days to first message": "1",
        "respond-by date": "2026-03-04", "sent by respond-by date": "yes",
        "status updates sent": "0", "specific feedback shared": "yes", "open": "no",
        "overdue": "no", "archived": "no", "coach: vague phrases": "2",
        "coach: biased or risky phrases": "1", "coach: ratings with too little evidence": "0",
        "coach: other findings": "0",
    }  # fmt: skip
    by_date = {row[0]: dict(zip(ROWS_HEADER, row, strict=True)) for row in rows[1:]}
    assert by_date["2026-03-04"]["sent by respond-by date"] == "no"
    assert by_date["2026-03-04"]["overdue"] == "yes"
    assert by_date["2026-03-04"]["coach: vague phrases"] == ""  # not counted: unknown
    assert by_date["2026-03-09"]["sent by respond-by date"] == "not due yet"
    assert by_date["2026-03-10"]["stage"] == '\'=HYPERLINK("http://x")'


def test_safe_cell() -> None:
    assert [safe_cell(v) for v in ("=1+1", "+44 20", "-x", "@SUM", "Onsite", 3, "\tx")] == [
        "'=1+1", "'+44 20", "'-x", "'@SUM", "Onsite", 3, "'\tx",
    ]  # fmt: skip
