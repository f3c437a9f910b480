"""The periods the Insights page offers, the one each is compared with, and the steps of
its charts (weeks, months or quarters). Dates are local dates; a span is [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from followup_desktop.domain.choices import Labelled

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_BY_MONTH_CHART_MAX = 18  # "all" longer than this is drawn by quarter


class Period(Labelled):
    """A period to look at, with its name in the period list. Quarter and year are the
    calendar ones, to date, each compared with the whole previous one ("this quarter, up
    from 64% last quarter")."""

    LAST_30_DAYS = "30d", "Last 30 days"
    QUARTER = "quarter", "This quarter"
    YEAR = "year", "This year"
    ALL = "all", "All time"


class Step(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


@dataclass(frozen=True)
class Span:
    """Interviews from ``start`` up to, not including, ``end``; ``name`` is how a sentence
    says it ("this quarter", "last quarter"; "" for all time)."""

    start: date
    end: date
    name: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    @property
    def last(self) -> date:
        return self.end - timedelta(days=1)


@dataclass(frozen=True)
class Bucket:
    """One step of a chart: a week (from its Monday), a month or a quarter, cut to the span."""

    start: date
    end: date
    label: str


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def spans(period: Period, today: date, first_day: date | None = None) -> tuple[Span, Span | None]:
    """The span of ``period`` up to and including ``today``, and the previous span of the same
    kind to compare with (None for "all"). ``first_day``: the earliest interview on record,
    where "all" starts (today when there is none)."""
    end = today + timedelta(days=1)
    if period is Period.LAST_30_DAYS:
        start = today - timedelta(days=29)
        before = start - timedelta(days=30)
        return Span(start, end, "in the last 30 days"), Span(before, start, "in the 30 days before")
    if period is Period.QUARTER:
        start = _quarter_start(today)
        return Span(start, end, "this quarter"), Span(_add_months(start, -3), start, "last quarter")
    if period is Period.YEAR:
        start = date(today.year, 1, 1)
        return Span(start, end, "this year"), Span(date(today.year - 1, 1, 1), start, "last year")
    first = min(first_day or today, today)
    return Span(first, end, ""), None


def step_for(period: Period, span: Span) -> Step:
    if period in (Period.LAST_30_DAYS, Period.QUARTER):
        return Step.WEEK
    if period is Period.YEAR:
        return Step.MONTH
    months = (span.last.year - span.start.year) * 12 + span.last.month - span.start.month + 1
    return Step.MONTH if months <= MONTHS_BY_MONTH_CHART_MAX else Step.QUARTER


def buckets(span: Span, step: Step) -> list[Bucket]:
    """The chart's steps over ``span``, oldest first; the first and last are cut to it."""
    result = []
    several_years = span.start.year != span.last.year
    if step is Step.WEEK:
        cursor = span.start - timedelta(days=span.start.weekday())
    elif step is Step.MONTH:
        cursor = span.start.replace(day=1)
    else:
        cursor = _quarter_start(span.start)
    while cursor < span.end:
        if step is Step.WEEK:
            following = cursor + timedelta(days=7)
            label = f"{cursor.day} {MONTHS[cursor.month - 1]}"
        elif step is Step.MONTH:
            following = _add_months(cursor, 1)
            label = MONTHS[cursor.month - 1] + (f" {cursor.year}" if several_years else "")
        else:
            following = _add_months(cursor, 3)
            label = f"Q{(cursor.month - 1) // 3 + 1} {cursor.year}"
        result.append(Bucket(max(cursor, span.start), min(following, span.end), label))
        cursor = following
    return result
