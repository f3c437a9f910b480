"""Business-day deadlines: weekends, holidays (country and region), year ends, custom working
weeks; the one-off ``respond_by`` and the settings' ``Timeline`` count alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_desktop.domain.timeline import Timeline, respond_by


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


# -- Timeline: the settings' deadlines, one holiday calendar kept between calls -------------


def test_timeline_defaults() -> None:
    timeline = Timeline()
    assert timeline.respond_within_days == 2
    assert timeline.update_every_days == 3
    assert timeline.working_days == frozenset({0, 1, 2, 3, 4})
    assert timeline.country is None and timeline.subdivision is None
    assert timeline.respond_by(at(2026, 3, 6)) == date(2026, 3, 10)  # Fri + 2 = Tue


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (date(2026, 3, 2), 0, date(2026, 3, 2)),  # zero: the day itself
        (date(2026, 3, 2), 3, date(2026, 3, 5)),  # Mon + 3 = Thu
        (date(2026, 3, 6), 1, date(2026, 3, 9)),  # Fri + 1 = Mon
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # Sat + 1 = Mon (the start never counts)
        (date(2026, 3, 6), 3, date(2026, 3, 11)),  # Fri + 3 = Wed
        (date(2026, 12, 31), 1, date(2027, 1, 1)),  # no holidays: New Year's Day counts
        (date(2026, 12, 31), 2, date(2027, 1, 4)),  # ... then the weekend is skipped
    ],
)
def test_business_days_after(start: date, count: int, due: date) -> None:
    assert Timeline().business_days_after(start, count) == due


def test_weekend_and_holiday_in_germany() -> None:
    germany = Timeline(country="DE")
    assert germany.country == "DE"
    assert germany.business_days_after(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Easter
    assert germany.business_days_after(date(2026, 10, 2), 1) == date(2026, 10, 5)  # Oct 3: Sat
    assert germany.respond_by(at(2026, 12, 23)) == date(2026, 12, 28)  # 24, then 25/26 off


def test_year_end_dec_31_to_jan_2() -> None:
    # Wednesday 31 December 2025; 1 January is a public holiday in Germany.
    assert Timeline(country="DE").business_days_after(date(2025, 12, 31), 1) == date(2026, 1, 2)
    assert Timeline().business_days_after(date(2025, 12, 31), 1) == date(2026, 1, 1)
    us = Timeline(country="US", respond_within_days=1)
    assert us.respond_by(at(2026, 12, 31)) == date(2027, 1, 4)  # Thu; Fri 1 Jan off


def test_subdivision_changes_the_holidays() -> None:
    friday = date(2026, 11, 27)  # Monday 30 November is St Andrew's Day in Scotland only
    assert Timeline(country="GB", subdivision="ENG").business_days_after(friday, 1) == date(
        2026, 11, 30
    )
    assert Timeline(country="GB", subdivision="SCT").business_days_after(friday, 1) == date(
        2026, 12, 1
    )
    # Boxing Day on a Saturday: England observes it on Monday 28 December 2026.
    assert Timeline(country="GB", subdivision="ENG").business_days_after(
        date(2026, 12, 24), 1
    ) == date(2026, 12, 29)


def test_us_independence_day_with_the_timeline() -> None:
    us = Timeline(country="US", respond_within_days=1)
    assert us.respond_by(at(2024, 7, 3)) == date(2024, 7, 5)


def test_sunday_to_thursday_week() -> None:
    week = Timeline(working_days=frozenset({6, 0, 1, 2, 3}))
    thursday = date(2026, 3, 5)
    assert week.business_days_after(thursday, 1) == date(2026, 3, 8)  # Sunday
    assert week.business_days_after(thursday, 2) == date(2026, 3, 9)
    assert not week.is_working_day(date(2026, 3, 6))  # Friday
    assert week.is_working_day(date(2026, 3, 8))


@pytest.mark.parametrize(
    "bad",
    [
        {"respond_within_days": -1},
        {"update_every_days": -2},
        {"working_days": frozenset()},
        {"working_days": frozenset({7})},
        {"working_days": frozenset({-1, 2})},
        {"country": "XX"},
        {"country": "US", "subdivision": "ZZ"},
        {"subdivision": "ENG"},  # a region needs its country
    ],
)
def test_timeline_refuses_bad_values(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Timeline(**bad)  # type: ignore[arg-type]


def test_timeline_equality_ignores_its_holiday_cache() -> None:
    first, second = Timeline(country="DE"), Timeline(country="DE")
    first.respond_by(at(2026, 5, 13))  # fills the cache for 2026
    assert first == second
    assert hash(first) == hash(second)
    assert Timeline(country=" ", subdivision="") == Timeline()  # blanks mean none
    assert Timeline(working_days=[0, 1, 2, 3, 4]) == Timeline()  # type: ignore[arg-type]


@given(
    day=st.dates(min_value=date(2018, 1, 1), max_value=date(2032, 12, 31)),
    count=st.integers(min_value=0, max_value=25),
    country=st.sampled_from([None, "US", "DE", "GB"]),
    week=st.sampled_from([frozenset({0, 1, 2, 3, 4}), frozenset({6, 0, 1, 2, 3}), frozenset({0})]),
)
def test_timeline_counts_as_respond_by_does(
    day: date, count: int, country: str | None, week: frozenset[int]
) -> None:
    """No twin: the timeline and the one-off function give the same date for any input."""
    timeline = Timeline(respond_within_days=count, working_days=week, country=country)
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    expected = respond_by(moment, count, country=country, working_days=week)
    assert timeline.respond_by(moment) == expected
    assert timeline.business_days_after(day, count) == expected
    if count:
        assert expected > day
        assert timeline.is_working_day(expected)
