"""Business-day deadlines: when a candidate should hear back, and when the next update is due.

One counting rule for every deadline: the start day never counts; each following working day
that is not a public holiday counts one. ``respond_by`` (one-off) and ``Timeline`` (the
interviewer's settings, with its holiday calendar kept between calls) both count with
``_add_business_days``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

DEFAULT_WORKING_DAYS = frozenset({0, 1, 2, 3, 4})


class _Holidays(Protocol):
    def __contains__(self, day: object) -> bool: ...

    def __iter__(self) -> Iterator[date]: ...


@functools.cache
def _known_countries() -> frozenset[str]:
    import holidays  # lazy: only needed when a country is set

    return frozenset(holidays.list_supported_countries())


def _holiday_calendar(country: str, subdivision: str | None, years: range) -> _Holidays:
    import holidays  # lazy: only needed when a country is set

    unknown = ValueError(f"unknown country or subdivision: {country!r} {subdivision!r}")
    # Checked against the list first: country_holidays() looks the code up as an attribute
    # of the package, so a name like "HolidayBase" or "__name__" would not fail as unknown.
    if country not in _known_countries():
        raise unknown
    try:
        return holidays.country_holidays(country, subdiv=subdivision, years=years)
    except NotImplementedError as exc:
        raise unknown from exc


def _check_working_days(working_days: Collection[int]) -> None:
    if not working_days:
        raise ValueError("at least one working day is needed")


def _add_business_days(
    start: date, count: int, working_days: Collection[int], closed: Callable[[date], bool]
) -> date:
    """``count`` working days after ``start``; ``start`` itself never counts."""
    day, left = start, count
    while left:
        day += timedelta(days=1)
        if day.weekday() in working_days and not closed(day):
            left -= 1
    return day


def _never(_day: date) -> bool:
    return False


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
    _check_working_days(working_days)
    start = interview_at.date()
    if business_days == 0:
        return start
    # Enough years to cover any count: a week has at least one working day.
    last_year = (start + timedelta(days=7 * business_days + 14)).year
    calendar = (
        _holiday_calendar(country, subdivision, range(start.year, last_year + 1))
        if country
        else None
    )
    closed = _never if calendar is None else calendar.__contains__
    return _add_business_days(start, business_days, working_days, closed)


@dataclass(frozen=True)
class Timeline:
    """The interviewer's deadlines: reply within ``respond_within_days`` business days of an
    interview, and send a status update every ``update_every_days`` business days while the
    decision is pending. Working days are weekday numbers (Monday 0 ... Sunday 6); ``country``
    and ``subdivision`` name a public-holiday calendar of the ``holidays`` package.

    Invalid values raise ValueError, an unknown country or subdivision included (checked
    here, once, so a deadline computed later never fails). Holidays are read one year at a
    time and kept with the timeline, so computing thousands of deadlines stays fast.
    """

    respond_within_days: int = 2
    update_every_days: int = 3
    working_days: frozenset[int] = DEFAULT_WORKING_DAYS
    country: str | None = None
    subdivision: str | None = None
    _closed: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    # Dates already counted: a few thousand interviews share a few hundred days.
    _counted: dict[tuple[date, int], date] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        for name in ("respond_within_days", "update_every_days"):
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                raise ValueError(f"{name} must be a whole number, 0 or more, not {value!r}")
        days = frozenset(self.working_days)
        if not days <= frozenset(range(7)):
            raise ValueError(f"working days are numbers 0 (Monday) to 6, not {sorted(days)}")
        _check_working_days(days)
        object.__setattr__(self, "working_days", days)
        country = (self.country or "").strip() or None
        subdivision = (self.subdivision or "").strip() or None
        if subdivision and not country:
            raise ValueError(f"a subdivision ({subdivision!r}) needs a country")
        object.__setattr__(self, "country", country)
        object.__setattr__(self, "subdivision", subdivision)
        if country:
            _holiday_calendar(country, subdivision, range(2000, 2001))  # ValueError if unknown

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.working_days and not self._is_holiday(day)

    def _is_holiday(self, day: date) -> bool:
        if self.country is None:
            return False
        closed = self._closed.get(day.year)
        if closed is None:
            one_year = range(day.year, day.year + 1)
            closed = frozenset(_holiday_calendar(self.country, self.subdivision, one_year))
            self._closed[day.year] = closed
        return day in closed

    def business_days_after(self, day: date, count: int) -> date:
        """The date ``count`` business days after ``day`` (which never counts itself)."""
        if count < 0:
            raise ValueError(f"count must be 0 or more, not {count}")
        key = (day, count)
        found = self._counted.get(key)
        if found is None:
            found = _add_business_days(day, count, self.working_days, self._is_holiday)
            if len(self._counted) < 100_000:
                self._counted[key] = found
        return found

    def respond_by(self, interview_at: datetime) -> date:
        """When the candidate should hear back: ``respond_within_days`` business days after
        the interview's local date (as ``timeline.respond_by`` counts)."""
        return self.business_days_after(interview_at.date(), self.respond_within_days)

    def next_update(self, day: date) -> date:
        """The date a status update sent on ``day`` promises the next one."""
        return self.business_days_after(day, self.update_every_days)
