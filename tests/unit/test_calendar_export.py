"""Calendar export: valid iCalendar, stable UIDs, a SEQUENCE that grows, text escaped."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar, Event

from followup_desktop.calendar_export import (
    PRODID,
    CalendarItem,
    calendar_bytes,
    save_calendar,
    sequence,
)

NOW = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
DATA_ID = "3f2a9c1e-data.followup-desk"
CHANGED = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
ANA = CalendarItem(
    debrief_id=12,
    candidate="Ana Lima",
    role="Backend Engineer",
    stage="Technical interview",
    due=date(2026, 11, 26),
    changed_at=CHANGED,
)


def events(data: bytes) -> list[Event]:
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == PRODID
    return list(calendar.walk("VEVENT"))


def test_one_all_day_event_per_follow_up_with_a_morning_reminder() -> None:
    data = calendar_bytes([ANA], now=NOW, data_id=DATA_ID)
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    (event,) = events(data)
    assert str(event["SUMMARY"]) == "Follow up: Ana Lima — Backend Engineer (Technical interview)"
    assert str(event["DESCRIPTION"]).startswith("Send the follow-up")
    assert event.decoded("DTSTART") == date(2026, 11, 26)
    assert event.decoded("DTEND") == date(2026, 11, 27)
    assert event.decoded("DTSTAMP") == NOW
    assert event["UID"] == f"followup-12@{DATA_ID}"
    assert event["STATUS"] == "CONFIRMED"
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(hours=9)  # 09:00 on the due date


def test_a_pending_decision_asks_for_a_status_update() -> None:
    waiting = CalendarItem(1, "Ana Lima", "", "", date(2026, 11, 26), waiting=True)
    (event,) = events(calendar_bytes([waiting], now=NOW, data_id=DATA_ID))
    assert str(event["DESCRIPTION"]).startswith("Send a status update")
    assert str(event["SUMMARY"]) == "Follow up: Ana Lima"


def test_uids_are_stable_across_exports_and_distinct_per_debrief() -> None:
    bob = CalendarItem(13, "Bob", "QA", "", date(2026, 11, 27))
    first = [e["UID"] for e in events(calendar_bytes([ANA, bob], now=NOW, data_id=DATA_ID))]
    later = NOW + timedelta(days=2)
    second = [e["UID"] for e in events(calendar_bytes([bob, ANA], now=later, data_id=DATA_ID))]
    assert sorted(first) == sorted(second)
    assert len(set(first)) == 2
    other_folder = events(calendar_bytes([ANA], now=NOW, data_id="another-folder"))
    assert other_folder[0]["UID"] not in first


def test_the_same_state_exports_the_same_sequence() -> None:
    one = events(calendar_bytes([ANA], now=NOW, data_id=DATA_ID))[0]
    two = events(calendar_bytes([ANA], now=NOW + timedelta(hours=5), data_id=DATA_ID))[0]
    assert one["SEQUENCE"] == two["SEQUENCE"]


def test_a_sent_follow_up_is_cancelled_with_a_higher_sequence() -> None:
    (opened,) = events(calendar_bytes([ANA], now=NOW, data_id=DATA_ID))
    sent = CalendarItem(
        12,
        "Ana Lima",
        "Backend Engineer",
        "Technical interview",
        ANA.due,
        open=False,
        changed_at=datetime(2026, 11, 25, 9, 12, tzinfo=UTC),
    )
    (closed,) = events(calendar_bytes([sent], now=NOW, data_id=DATA_ID))
    assert closed["UID"] == opened["UID"]
    assert closed["STATUS"] == "CANCELLED"
    assert closed["SEQUENCE"] > opened["SEQUENCE"]
    assert not closed.walk("VALARM")
    # Sent within the same minute as the last change: still newer than the open version.
    same_minute = CalendarItem(12, "Ana", "", "", ANA.due, open=False, changed_at=CHANGED)
    assert sequence(same_minute) > sequence(ANA)


def test_sequence_grows_with_every_minute_and_starts_at_zero() -> None:
    later = CalendarItem(12, "Ana", "", "", ANA.due, changed_at=CHANGED + timedelta(minutes=1))
    assert sequence(later) > sequence(ANA)
    assert sequence(CalendarItem(1, "", "", "", ANA.due)) == 0
    assert sequence(ANA) < 2**31  # an iCalendar INTEGER


@pytest.mark.parametrize(
    "name",
    [
        "Lima, Ana",
        "Ana; Bob",
        "Ana\nLima",
        "Ana \\ Lima",
        "Ana 🎉 Lima",
        "مرحبا Ana",
        "e\u0301milie",
        "x" * 200,  # folded over several lines
    ],
)
def test_names_are_escaped_and_read_back(name: str) -> None:
    item = CalendarItem(5, name, "Role, with; punctuation", "", date(2026, 11, 26))
    data = calendar_bytes([item], now=NOW, data_id=DATA_ID)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded (octets)
    (event,) = events(data)
    assert str(event["SUMMARY"]) == item.title
    assert f"Follow up: {name.strip()} — Role, with; punctuation" == item.title
    if "," in name:
        assert b"Lima\\, Ana" in data.replace(b"\r\n ", b"")


def test_no_name_still_says_who() -> None:
    item = CalendarItem(5, "  ", "", "", date(2026, 11, 26))
    (event,) = events(calendar_bytes([item], now=NOW, data_id=DATA_ID))
    assert str(event["SUMMARY"]) == "Follow up: a candidate (no name yet)"


def test_no_items_is_a_valid_calendar_without_events() -> None:
    data = calendar_bytes([], now=NOW, data_id=DATA_ID)
    assert events(data) == []
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")


def test_save_calendar_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "follow-ups.ics"
    save_calendar(path, [ANA], now=NOW, data_id=DATA_ID)
    assert len(events(path.read_bytes())) == 1

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match=r"follow-ups\.ics"):
        save_calendar(path, [], now=NOW, data_id=DATA_ID)
    monkeypatch.undo()
    assert len(events(path.read_bytes())) == 1  # the old file, whole
    assert os.listdir(tmp_path) == ["follow-ups.ics"]
