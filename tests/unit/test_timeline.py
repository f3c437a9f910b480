"""Business-day deadlines: weekends, holidays, custom working weeks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from followup_desktop.domain.timeline import respond_by


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# 2026-03-02 is a Monday.
@pytest.mark.parametrize(
    ("interview", "days", "due"),
    [
        (at(2026, 3, 2), 1, date(2026, 3, 3)),  # Mon + 1 = Tue
        (at(2026, 3, 2), 2, date(2026, 3, 4)),
        (at(2026, 3, 2), 5, date(2026, 3, 9)),  # a whole week later
        (at(2026, 3, 2), 10, date(2026, 3, 16)),
        (at(2026, 3, 6), 1, date(2026, 3, 9)),  # Fri + 1 = Mon
        (at(2026, 3, 6), 2, date(2026, 3, 10)),
        (at(2026, 3, 5), 2, date(2026, 3, 9)),  # Thu + 2 = Mon
        (at(2026, 3, 7), 1, date(2026, 3, 9)),  # Sat + 1 = Mon
        (at(2026, 3, 8), 1, date(2026, 3, 9)),  # Sun + 1 = Mon
        (at(2026, 3, 8), 2, date(2026, 3, 10)),
        (at(2026, 12, 31), 1, date(2027, 1, 1)),  # across a year (no country: no holidays)
    ],
)
def test_business_days(interview: datetime, days: int, due: date) -> None:
    assert respond_by(interview, days) == due


@pytest.mark.parametrize("day", [2, 6, 7, 8])
def test_zero_days_is_the_interview_date(day: int) -> None:
    assert respond_by(at(2026, 3, day), 0) == date(2026, 3, day)


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="0 or more"):
        respond_by(at(2026, 3, 2), -1)


def test_no_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="working day"):
        respond_by(at(2026, 3, 2), 1, working_days=())


def test_unknown_country_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown country"):
        respond_by(at(2026, 3, 2), 1, country="XX")


def test_unknown_subdivision_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown country"):
        respond_by(at(2026, 3, 2), 1, country="US", subdivision="ZZ")


def test_us_holiday_is_skipped() -> None:
    interview = at(2024, 7, 3)  # Wednesday before Independence Day
    assert respond_by(interview, 1) == date(2024, 7, 4)
    assert respond_by(interview, 1, country="US") == date(2024, 7, 5)
    assert respond_by(interview, 2, country="US") == date(2024, 7, 8)


def test_gb_christmas_is_skipped() -> None:
    interview = at(2024, 12, 24)  # Tuesday; 25 and 26 are bank holidays
    assert respond_by(interview, 1, country="GB") == date(2024, 12, 27)
    assert respond_by(interview, 2, country="GB") == date(2024, 12, 30)


def test_holiday_across_the_new_year() -> None:
    interview = at(2026, 12, 31)  # Thursday; 1 January is a holiday in the US
    assert respond_by(interview, 1, country="US") == date(2027, 1, 4)


def test_interview_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert respond_by(at(2024, 12, 25), 1, country="GB") == date(2024, 12, 27)


def test_custom_working_week() -> None:
    sunday_to_thursday = {6, 0, 1, 2, 3}
    thursday = at(2026, 3, 5)
    assert respond_by(thursday, 1, working_days=sunday_to_thursday) == date(2026, 3, 8)
    assert respond_by(thursday, 2, working_days=sunday_to_thursday) == date(2026, 3, 9)
    every_day = range(7)
    assert respond_by(thursday, 3, working_days=every_day) == date(2026, 3, 8)
    only_mondays = {0}
    assert respond_by(thursday, 2, working_days=only_mondays) == date(2026, 3, 16)


def test_the_interview_local_date_counts() -> None:
    late_evening = datetime(2026, 3, 6, 23, 30, tzinfo=timezone(timedelta(hours=-8)))
    assert respond_by(late_evening, 1) == date(2026, 3, 9)  # Friday there, not Saturday UTC


def test_many_business_days_with_holidays() -> None:
    due = respond_by(at(2026, 1, 5), 250, country="US")
    assert date(2026, 12, 1) < due < date(2027, 2, 1)
