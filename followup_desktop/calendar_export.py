"""Follow-ups as calendar events (iCalendar, RFC 5545) to import into any calendar. No Qt.

One all-day event per follow-up on the day it is due, with a reminder that morning. Importing
the file again updates the events instead of adding copies: each has a stable UID, and a
SEQUENCE that grows when the follow-up changes, so calendars take the newer version (a sent one
comes back cancelled).

The module knows nothing of storage: the caller maps its rows to ``CalendarItem``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from followup_desktop import __version__
from followup_desktop.files import write_atomic

PRODID = f"-//Follow-up Desk//Follow-up Desk {__version__}//EN"
REMINDER_AFTER_MIDNIGHT = timedelta(hours=9)  # the morning of the due date, 09:00 local
# SEQUENCE counts minutes from here (see ``sequence``); any fixed moment before the app's
# first release works, and it must never change.
_SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CalendarItem:
    """One follow-up to put in the calendar.

    ``changed_at``: when anything about it last changed (the debrief or its message, sending
    and un-sending included); it must move forward with every change, since calendars ignore
    an import whose SEQUENCE did not grow. ``waiting``: the decision is pending, so what is
    due is a status update rather than the follow-up itself. ``open``: False once it is sent.
    """

    debrief_id: int
    candidate: str
    role: str
    stage: str
    due: date
    open: bool = True
    changed_at: datetime | None = None
    waiting: bool = False

    @property
    def title(self) -> str:
        """The summary: "Follow up: Ana Lima — Backend Engineer (Technical interview)"."""
        text = f"Follow up: {self.candidate.strip() or 'a candidate (no name yet)'}"
        if self.role.strip():
            text += f" — {self.role.strip()}"
        if self.stage.strip():
            text += f" ({self.stage.strip()})"
        return text

    @property
    def what_is_due(self) -> str:
        if not self.open:
            return "Done: the follow-up was sent."
        if self.waiting:
            return (
                "Send a status update: the decision is still pending, so tell the candidate "
                "they are still being considered and when they will hear."
            )
        return "Send the follow-up: open Follow-up Desk, check the message, copy it and send it."


def uid(debrief_id: int, data_id: str) -> str:
    """The event's UID: the same for the same debrief in the same data folder, always."""
    return f"followup-{debrief_id}@{data_id}"


def sequence(item: CalendarItem) -> int:
    """A SEQUENCE derived from the item alone, so two exports of the same state agree and a
    later change always gives a larger number: twice the whole minutes from a fixed epoch to
    ``changed_at``, plus one once it is closed (so a follow-up sent within the same minute as
    its last change still outranks its open version). No change recorded: 0 (or 1, closed)."""
    minutes = 0
    if item.changed_at is not None:
        elapsed = item.changed_at.astimezone(UTC) - _SEQUENCE_EPOCH
        minutes = max(0, int(elapsed.total_seconds() // 60))
    return 2 * minutes + (0 if item.open else 1)


def calendar_bytes(items: Iterable[CalendarItem], *, now: datetime, data_id: str) -> bytes:
    """An iCalendar file with one VEVENT per item (none for no items: still a valid file).

    ``now`` becomes every event's DTSTAMP; ``data_id`` names the data folder or database
    the items come from, so UIDs never clash with another folder's (see ``uid``).
    """
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Follow-ups")
    stamp = now.astimezone(UTC)
    for item in items:
        event = Event()
        event.add("uid", uid(item.debrief_id, data_id))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence(item))
        event.add("summary", item.title)
        event.add("description", item.what_is_due)
        event.add("dtstart", item.due)  # a date: an all-day event
        event.add("dtend", item.due + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a reminder, not busy time
        event.add("status", "CONFIRMED" if item.open else "CANCELLED")
        if item.open:  # a sent follow-up needs no reminder
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", item.title)
            alarm.add("trigger", REMINDER_AFTER_MIDNIGHT)
            event.add_component(alarm)
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def save_calendar(
    path: Path, items: Iterable[CalendarItem], *, now: datetime, data_id: str
) -> None:
    """Write ``calendar_bytes(...)`` to ``path`` in one step; OSError naming the path."""
    write_atomic(path, calendar_bytes(items, now=now, data_id=data_id))
