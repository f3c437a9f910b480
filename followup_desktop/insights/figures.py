"""The interviewer's figures for one period, from the per-day sums storage reads. No Qt.

What each figure means (the README says it in the interviewer's words):

- notes started / finished: hours from the interview until the debrief was started, and
  until it was completed; the typical value is the median (half were sooner).
- reply days: business days from the interview until the first message to the candidate
  left the app (copied, opened in the mail app, saved as .eml, or marked sent; a status
  update counts: the candidate heard from you). The median, in the interviewer's working
  days and holidays (Settings).
- on time: the share of follow-ups that left the app on or before the respond-by date.
  Counted once due: a follow-up not yet sent counts (as late) only after its respond-by
  date; one archived without any message is left out (the word may have gone another way).
- open: follow-ups from the period still open today (not sent, not archived), how many are
  overdue and how old the oldest interview is.
- decided: the share of interviews with an outcome other than "not decided yet".
- coach: findings the coach counted in the notes, per debrief counted, by category.
  Debriefs not counted yet are left out ("not known"), never taken as zero.
- feedback: the share of rejections that share specific growth areas as feedback.
- late decisions: interviews whose respond-by date passed while the outcome was still
  pending (still undecided or on hold, or decided only after a status update); the share
  of those for which a status update was sent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from followup_desktop.domain.choices import Outcome
from followup_desktop.domain.timeline import Timeline
from followup_desktop.insights.periods import (
    Bucket,
    Period,
    Span,
    Step,
    buckets,
    spans,
    step_for,
)
from followup_desktop.storage.insights_rows import COACH_CATEGORIES, PENDING, FactSums

AGE_BANDS: tuple[tuple[str, int], ...] = (
    ("0-2", 2),
    ("3-7", 7),
    ("8-14", 14),
    ("15-30", 30),
    ("31+", 10**9),
)
MAX_STAGES = 6  # the busiest stages by name; the rest are drawn as "Other stages"
NO_STAGE = "No stage given"
OTHER_STAGES = "Other stages"


@dataclass(frozen=True)
class Value:
    """A figure over one span: ``value`` is None when nothing could be measured; ``count``
    says how many debriefs (or follow-ups) it is about, ``part`` how many of them met it
    (shares only)."""

    value: float | None
    count: int = 0
    part: int = 0


NOTHING = Value(None)


@dataclass(frozen=True)
class Measures:
    """Every figure over one span (or one step of a chart)."""

    debriefs: int = 0
    started: Value = NOTHING  # hours
    finished: Value = NOTHING  # hours
    reply_days: Value = NOTHING  # business days
    on_time: Value = NOTHING  # percent
    decided: Value = NOTHING  # percent
    feedback: Value = NOTHING  # percent of rejections
    updated: Value = NOTHING  # percent of late decisions
    coach: Mapping[str, Value] = field(default_factory=dict)  # findings per debrief counted
    coach_unknown: int = 0  # debriefs the coach has not counted


@dataclass(frozen=True)
class OpenFollowUps:
    count: int
    overdue: int
    oldest_days: int | None
    by_age: tuple[tuple[str, int, int], ...]  # (band, not overdue, overdue)


@dataclass(frozen=True)
class Insights:
    """Everything the Insights page shows for one period."""

    period: Period
    today: date
    span: Span
    previous: Span | None
    respond_within_days: int
    current: Measures
    before: Measures | None  # None: no previous span ("all")
    buckets: tuple[Bucket, ...]
    steps: tuple[Measures, ...]  # one per bucket
    open: OpenFollowUps
    stages: tuple[tuple[str, tuple[tuple[Outcome, int], ...]], ...]  # busiest first

    @property
    def empty(self) -> bool:
        return self.current.debriefs == 0


_SPARE = timedelta(days=366)


class WorkingDays:
    """Business days between two dates in the interviewer's calendar, by a running count of
    working days, made once per stretch of dates and kept: a lookup per pair of dates."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._first: date | None = None
        self._running: list[int] = []

    def _cover(self, first: date, last: date) -> None:
        if (
            self._first is not None
            and self._first <= first
            and last < self._first + timedelta(days=len(self._running))
        ):
            return
        # A year to spare at each end: the dates asked for next are near these, and the
        # stretch is counted again only when they fall outside it.
        start, end = first - _SPARE, last + _SPARE
        if self._first is not None:  # keep what is covered: one stretch, grown at the ends
            start = min(start, self._first)
            end = max(end, self._first + timedelta(days=len(self._running) - 1))
        running, total, day = [], 0, start
        while day <= end:
            total += self.timeline.is_working_day(day)
            running.append(total)
            day += timedelta(days=1)
        self._first, self._running = start, running

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
        if end <= start:
            return 0
        self._cover(start, end)
        assert self._first is not None
        return self._running[(end - self._first).days] - self._running[(start - self._first).days]


def median(counts: Mapping[float, int]) -> float | None:
    """The median of values given with how often each occurs (None for none)."""
    total = sum(counts.values())
    if total <= 0:
        return None
    ordered = sorted(item for item in counts.items() if item[1] > 0)
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in ordered:
        if low is None and seen + count > low_rank:
            low = value
        if seen + count > high_rank:
            high = value
            break
        seen += count
    assert low is not None and high is not None
    return (low + high) / 2


def _share(part: int, count: int) -> Value:
    return Value(100.0 * part / count if count else None, count, part)


class _Tally:
    """Sums for one chart step (or one whole span), filled row by row."""

    def __init__(self) -> None:
        self.debriefs = self.decided = self.rejected = self.feedback = 0
        self.started: Counter[float] = Counter()
        self.finished: Counter[float] = Counter()
        self.reply: Counter[float] = Counter()
        self.due = self.on_time = 0
        self.late = self.late_updated = 0
        self.counted = 0
        self.coach = [0.0] * len(COACH_CATEGORIES)

    @classmethod
    def merged(cls, parts: Iterable[_Tally]) -> _Tally:
        total = cls()
        for part in parts:
            for name in _COUNTS:
                setattr(total, name, getattr(total, name) + getattr(part, name))
            total.started.update(part.started)
            total.finished.update(part.finished)
            total.reply.update(part.reply)
            total.coach = [a + b for a, b in zip(total.coach, part.coach, strict=True)]
        return total

    def measures(self) -> Measures:
        def hours(counts: Counter[float]) -> Value:
            middle = median(counts)
            return Value(None if middle is None else middle / 10, counts.total())

        return Measures(
            debriefs=self.debriefs,
            started=hours(self.started),
            finished=hours(self.finished),
            reply_days=Value(median(self.reply), self.reply.total()),
            on_time=_share(self.on_time, self.due),
            decided=_share(self.decided, self.debriefs),
            feedback=_share(self.feedback, self.rejected),
            updated=_share(self.late_updated, self.late),
            coach={
                name: Value(
                    found / self.counted if self.counted else None, self.counted, int(found)
                )
                for name, found in zip(COACH_CATEGORIES, self.coach, strict=True)
            },
            coach_unknown=self.debriefs - self.counted,
        )


_COUNTS = (
    "debriefs", "decided", "rejected", "feedback", "due", "on_time", "late", "late_updated",
    "counted",
)  # fmt: skip
_UNDECIDED, _REJECT = Outcome.UNDECIDED.value, Outcome.REJECT.value


def _fill(
    sums: FactSums,
    tally_for: Mapping[str, _Tally],
    today: date,
    timeline: Timeline,
    days: WorkingDays,
) -> None:
    """Add every row of ``sums`` to the tally of its interview day (or month)."""
    respond_by: dict[str, date] = {}

    def due(day: str) -> date:
        found = respond_by.get(day)
        if found is None:
            found = timeline.business_days_after(
                date.fromisoformat(day), timeline.respond_within_days
            )
            respond_by[day] = found
        return found

    for day, outcome, feedback, count, counted, *coach in sums.decisions:
        tally = tally_for[day]
        tally.debriefs += count
        if outcome != _UNDECIDED:
            tally.decided += count
        if outcome == _REJECT:
            tally.rejected += count
            if feedback:
                tally.feedback += count
        if counted:
            tally.counted += counted
            tally.coach = [a + b for a, b in zip(tally.coach, coach, strict=True)]
    for day, tenths, count in sums.started:
        tally_for[day].started[tenths] += count
    for day, tenths, count in sums.completed:
        tally_for[day].finished[tenths] += count
    for day, word_on, count in sums.words:
        tally = tally_for[day]
        deadline = due(day)
        if word_on is None:
            if deadline < today:  # owed and not sent: late
                tally.due += count
            continue
        word = date.fromisoformat(word_on)
        tally.reply[days.between(date.fromisoformat(day), word)] += count
        tally.due += count
        if word <= deadline:
            tally.on_time += count
    for day, final_on, still, updated, count in sums.pending:
        deadline = due(day)
        if deadline >= today and final_on is None:
            continue  # not owed yet
        decided_late = final_on is not None and date.fromisoformat(final_on) > deadline
        if (still and final_on is None) or (updated and (decided_late or final_on is None)):
            tally = tally_for[day]
            tally.late += count
            if updated:
                tally.late_updated += count


def _open(sums: FactSums, today: date) -> OpenFollowUps:
    bands = [[0, 0] for _ in AGE_BANDS]
    count = overdue = 0
    oldest: int | None = None
    for day, late, found in sums.open:
        age = max(0, (today - date.fromisoformat(day)).days)
        oldest = age if oldest is None else max(oldest, age)
        band = next(index for index, (_, most) in enumerate(AGE_BANDS) if age <= most)
        bands[band][1 if late else 0] += found
        count += found
        overdue += found if late else 0
    return OpenFollowUps(
        count=count,
        overdue=overdue,
        oldest_days=oldest,
        by_age=tuple(
            (label, bands[index][0], bands[index][1]) for index, (label, _) in enumerate(AGE_BANDS)
        ),
    )


def _stages(
    rows: Iterable[tuple[str, str, int]],
) -> tuple[tuple[str, tuple[tuple[Outcome, int], ...]], ...]:
    by_stage: dict[str, Counter[Outcome]] = defaultdict(Counter)
    for stage, outcome, count in rows:
        name = " ".join(stage.split()) or NO_STAGE
        by_stage[name][Outcome(outcome)] += count
    ordered = sorted(by_stage.items(), key=lambda item: (-item[1].total(), item[0].casefold()))
    if len(ordered) > MAX_STAGES:
        rest: Counter[Outcome] = Counter()
        for _, counts in ordered[MAX_STAGES - 1 :]:
            rest.update(counts)
        ordered = [*ordered[: MAX_STAGES - 1], (OTHER_STAGES, rest)]
    return tuple(
        (name, tuple((outcome, counts[outcome]) for outcome in Outcome)) for name, counts in ordered
    )


class Source(Protocol):
    """Where the sums come from: ``Repository`` has these two methods."""

    def insight_sums(
        self, start: date, end: date, today: date, *, monthly: bool = False
    ) -> FactSums: ...

    def first_interview_day(self) -> date | None: ...


def _days_of(span: Span, steps: Sequence[Bucket], tallies: Sequence[_Tally]) -> dict[str, _Tally]:
    """The tally of each day of ``span`` (by ISO date) and of each month that starts in a
    step ("YYYY-MM", for sums read by month: only when every month lies in one step)."""
    found: dict[str, _Tally] = {}
    for bucket, tally in zip(steps, tallies, strict=True):
        day = bucket.start
        while day < bucket.end:
            found[day.isoformat()] = tally
            found.setdefault(day.isoformat()[:7], tally)
            day += timedelta(days=1)
    return found


def _measure(
    source: Source,
    span: Span,
    steps: Sequence[Bucket],
    today: date,
    timeline: Timeline,
    days: WorkingDays,
    *,
    monthly: bool,
) -> tuple[list[_Tally], FactSums]:
    tallies = [_Tally() for _ in steps]
    sums = source.insight_sums(span.start, span.end, today, monthly=monthly)
    _fill(sums, _days_of(span, steps, tallies), today, timeline, days)
    return tallies, sums


def compute(
    source: Source,
    period: Period,
    today: date,
    timeline: Timeline,
    days: WorkingDays | None = None,
) -> Insights:
    """Every figure of ``period`` (up to ``today``) and of the period before it, with
    ``timeline``'s business days and respond-by dates. ``days`` may be kept between calls
    with the same timeline (it remembers the calendar)."""
    days = days if days is not None and days.timeline == timeline else WorkingDays(timeline)
    first_day = source.first_interview_day() if period is Period.ALL else None
    span, previous = spans(period, today, first_day)
    step = step_for(period, span)
    steps = buckets(span, step)
    # Hours are read per month where each month lies in one step (month and quarter steps,
    # and the previous period, a single step): the same medians from far fewer rows.
    tallies, sums = _measure(
        source, span, steps, today, timeline, days, monthly=step is not Step.WEEK
    )
    before: Measures | None = None
    if previous is not None:
        whole = [Bucket(previous.start, previous.end, "")]
        earlier, _ = _measure(source, previous, whole, today, timeline, days, monthly=True)
        before = earlier[0].measures()
    return Insights(
        period=period,
        today=today,
        span=span,
        previous=previous,
        respond_within_days=timeline.respond_within_days,
        current=_Tally.merged(tallies).measures(),
        before=before,
        buckets=tuple(steps),
        steps=tuple(tally.measures() for tally in tallies),
        open=_open(sums, today),
        stages=_stages(sums.stages),
    )


__all__ = [
    "AGE_BANDS",
    "PENDING",
    "Insights",
    "Measures",
    "OpenFollowUps",
    "Source",
    "Value",
    "WorkingDays",
    "compute",
    "median",
]
