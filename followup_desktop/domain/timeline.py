"""Business-day deadlines: when a candidate should hear back."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta
from typing import Protocol

DEFAULT_WORKING_DAYS = frozenset({0, 1, 2, 3, 4})


class _Holidays(Protocol):
    def __contains__(self, day: object) -> bool: ...


def _holiday_calendar(country: str, subdivision: str | None, years: range) -> _Holidays:
    import holidays  # lazy: only needed when a country is set

    try:
        return holidays.country_holidays(country, subdiv=subdivision, years=years)
    except NotImplementedError as exc:
        raise ValueError(f"unknown country or subdivision: {country!r} {subdivision!r}") from exc


def respond_by(
    interview_at: datetime,
    business_days: int,
    *,
    country: str | None = None,
    subdivision: str | None = None,
    working_days: Collection[int] = DEFAULT_WORKING_DAYS,
) -> date:
    """The date ``business_days`` working days after the interview's local date.

    The interview day never counts; the first working day after it is day 1, also for an
    interview held on a weekend or holiday. ``business_days=0`` is the interview date.
    """
    if business_days < 0:
        raise ValueError(f"business_days must be 0 or more, not {business_days}")
    if not working_days:
        raise ValueError("at least one working day is needed")
    start = interview_at.date()
    if business_days == 0:
        return start
    # Enough years to cover any count: a week has at least one working day.
    last_year = (start + timedelta(days=7 * business_days + 14)).year
    closed = (
        _holiday_calendar(country, subdivision, range(start.year, last_year + 1))
        if country
        else None
    )
    day, left = start, business_days
    while left:
        day += timedelta(days=1)
        if day.weekday() in working_days and (closed is None or day not in closed):
            left -= 1
    return day
