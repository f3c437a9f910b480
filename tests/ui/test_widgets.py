"""The small helpers every page shares."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from followup_desktop.ui.widgets import date_text


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "4 Nov 2026"),
        ({"year": False}, "4 Nov"),
        ({"weekday": True}, "Wed 4 Nov 2026"),
        ({"weekday": True, "long": True}, "Wednesday 4 November 2026"),
        ({"long": True}, "4 November 2026"),
    ],
)
def test_dates_read_without_a_leading_zero(options: dict[str, bool], expected: str) -> None:
    assert date_text(date(2026, 11, 4), **options) == expected
    assert date_text(datetime(2026, 11, 4, 9, 5), **options) == expected  # a moment's day
